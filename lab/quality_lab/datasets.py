"""Loaders for the labelled data in ``../shared/datasets`` (or a path the user gives).

One function per data set, registered by name, so a new set plugs in by adding a loader.
Data is read where it lies; nothing here copies it into the repository.

Two kinds of sets: *reliability* sets yield :class:`LabelledArticle` with an outlet label
(reliable / mixed / unreliable) and an outlet group for grouped cross-validation; *origin*
sets yield :class:`OriginText` (human- vs machine-written news) for the boilerplate and filler
detectors.
"""

from __future__ import annotations

import csv
import gzip
import json
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from quality.core.domains import normalise_domain
from quality_lab.ratings_table import OPENSOURCES_LABELS

csv.field_size_limit(1 << 30)

# How each set's labels map onto the three reliability labels (documented in README and, from the
# loaders' docstrings, in the model card: see ``label_mapping``).
ARTICLE_LABELS = {"real": "reliable", "fake": "unreliable", "satire": "unreliable"}
# Training labels from Lin et al. (2023) pc1 outlet quality: >= 0.7 reliable, < 0.4 unreliable, else mixed.
# A training definition, not a run-time decision: it lives here, not in the policy.
PC1_RELIABLE, PC1_UNRELIABLE = 0.7, 0.4


def pc1_label(pc1: float) -> str:
    """Lin et al. pc1 in [0, 1] -> label: >= 0.7 reliable, < 0.4 unreliable, else mixed."""
    if pc1 >= PC1_RELIABLE:
        return "reliable"
    return "unreliable" if pc1 < PC1_UNRELIABLE else "mixed"


@dataclass
class LabelledArticle:
    text: str
    label: str
    dataset: str
    group: str
    title: str | None = None
    domain: str | None = None


@dataclass
class OriginText:
    text: str
    machine: bool
    dataset: str
    group: str


def default_root() -> Path:
    """``$QUALITY_DATA``, else ``../shared/datasets`` beside the working directory or the repo."""
    env = os.environ.get("QUALITY_DATA")
    if env:
        return Path(env)
    for base in (Path.cwd(), Path(__file__).resolve().parents[1]):
        candidate = base.parent / "shared" / "datasets"
        if candidate.is_dir():
            return candidate
    return Path.cwd().parent / "shared" / "datasets"


RELIABILITY_LOADERS: dict[str, Callable[[Path], Iterator[LabelledArticle]]] = {}
# Held out from training: good-vs-junk articles that ``quality bench`` evaluates on.
HELDOUT_LOADERS: dict[str, Callable[[Path], Iterator[LabelledArticle]]] = {}
ORIGIN_LOADERS: dict[str, Callable[[Path], Iterator[OriginText]]] = {}


def reliability_loader(name: str):
    def wrap(fn):
        RELIABILITY_LOADERS[name] = fn
        return fn

    return wrap


def heldout_loader(name: str):
    def wrap(fn):
        HELDOUT_LOADERS[name] = fn
        return fn

    return wrap


def origin_loader(name: str):
    def wrap(fn):
        ORIGIN_LOADERS[name] = fn
        return fn

    return wrap


def load_pc1(root: Path) -> dict[str, float]:
    path = root / "media_ratings" / "lin2023" / "domain_pc1.csv"
    with path.open(encoding="utf-8") as fh:
        return {normalise_domain(r["domain"]): float(r["pc1"]) for r in csv.DictReader(fh)}


@reliability_loader("allsides")
def allsides(root: Path) -> Iterator[LabelledArticle]:
    """AllSides articles: outlet's Lin et al. (2023) pc1 >= 0.7 reliable, < 0.4 unreliable, else mixed
    (outlets without a pc1 are skipped)."""
    pc1 = load_pc1(root)
    with gzip.open(root / "allsides_articles" / "articles.jsonl.gz", "rt", encoding="utf-8") as fh:
        for line in fh:
            r = json.loads(line)
            domain = normalise_domain(r.get("source_url") or r.get("url") or "")
            if domain not in pc1 or not r.get("content_original"):
                continue
            yield LabelledArticle(
                r["content_original"], pc1_label(pc1[domain]), "allsides", domain, r.get("title"), domain
            )


@reliability_loader("fakenewscorpus")
def fakenewscorpus(root: Path) -> Iterator[LabelledArticle]:
    """FakeNewsCorpus sample: the domain's OpenSources type through OPENSOURCES_LABELS (reliable -> reliable;
    fake, conspiracy, junksci, hate, satire, unreliable -> unreliable; bias, clickbait, political, rumor -> mixed)."""
    with (root / "fakenewscorpus_sample" / "news_sample.csv").open(encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            label = OPENSOURCES_LABELS.get(r["type"])
            if label and r["content"].strip():
                domain = normalise_domain(r["domain"])
                yield LabelledArticle(r["content"], label, "fakenewscorpus", domain, r["title"], domain)


@reliability_loader("fakenewsnet2017")
def fakenewsnet2017(root: Path) -> Iterator[LabelledArticle]:
    """FakeNewsNet 2017: real -> reliable, fake -> unreliable; grouped by domain."""
    with (root / "fakenewsnet2017" / "articles.jsonl").open(encoding="utf-8") as fh:
        for line in fh:
            r = json.loads(line)
            if r.get("text", "").strip() and r["label"] in ARTICLE_LABELS:
                domain = normalise_domain(r.get("domain") or r.get("url") or "") or r["id"]
                yield LabelledArticle(
                    r["text"], ARTICLE_LABELS[r["label"]], "fakenewsnet2017", domain, r.get("title"), domain
                )


@reliability_loader("horne2017")
def horne2017(root: Path) -> Iterator[LabelledArticle]:
    """Horne & Adali 2017: Real -> reliable, Fake and Satire -> unreliable; no outlet per article,
    so each collection+label is one group."""
    base = root / "horne2017"
    for collection in ("buzzfeed", "random_political"):
        for label_dir in sorted((base / collection).iterdir()):
            if label_dir.name.lower() not in ARTICLE_LABELS or not label_dir.is_dir():
                continue
            for path in sorted(label_dir.glob("*.txt")):
                text = path.read_bytes().decode("cp1252", errors="replace")
                if text.strip():
                    group = f"horne2017/{collection}/{label_dir.name}"
                    yield LabelledArticle(text, ARTICLE_LABELS[label_dir.name.lower()], "horne2017", group)


@reliability_loader("llm_news")
def llm_news(root: Path) -> Iterator[LabelledArticle]:
    """Machine-written news as a content-farm proxy: LLMFake's synthetic misinformation and
    ChatGPT rewrites -> unreliable; the IU set's human articles (CNN, NYT, Reuters, ...) ->
    reliable. One group per collection, so cross-validation never splits a collection."""
    for t in llmfake(root):
        if t.machine:
            yield LabelledArticle(t.text, "unreliable", "llm_news", "llmfake/" + t.group.split("/")[0])
    for t in iu_human_ai_news(root):
        label, group = ("unreliable", "iu/chatgpt") if t.machine else ("reliable", "iu/human")
        yield LabelledArticle(t.text, label, "llm_news", group, t.group)


@origin_loader("iu_human_ai_news")
def iu_human_ai_news(root: Path) -> Iterator[OriginText]:
    for name, machine in (("news_human_generated.jsonl", False), ("news_chatgpt_generated.jsonl", True)):
        with (root / "iu_human_ai_news" / name).open(encoding="utf-8") as fh:
            for i, line in enumerate(fh):
                r = json.loads(line)
                if r.get("text"):
                    yield OriginText(r["text"], machine, "iu_human_ai_news", r.get("title_en") or str(i))


@origin_loader("llmfake")
def llmfake(root: Path) -> Iterator[OriginText]:
    """Human ``news_text`` (deduplicated) beside gpt-3.5 ``synthetic misinformation``."""
    seen: set[str] = set()
    for path in sorted((root / "llmfake").glob("*/*.csv")):
        with path.open(encoding="utf-8") as fh:
            for i, r in enumerate(csv.DictReader(fh)):
                group = f"{path.parent.name}/{r.get('news_id') or f'{path.stem}:{i}'}"
                human = (r.get("news_text") or "").strip()
                if human and human not in seen:
                    seen.add(human)
                    yield OriginText(human, False, "llmfake", group)
                synthetic = (r.get("synthetic_misinformation") or r.get("synthetic misinformation") or "").strip()
                if synthetic:
                    yield OriginText(synthetic, True, "llmfake", group)


@origin_loader("xsum")
def xsum(root: Path) -> Iterator[OriginText]:
    for path in sorted((root / "xsum_human_vs_llm").glob("*.raw_data.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        for i, (orig, sampled) in enumerate(zip(data["original"], data["sampled"], strict=False)):
            yield OriginText(orig, False, "xsum", f"{path.stem}:{i}")
            yield OriginText(sampled, True, "xsum", f"{path.stem}:{i}")


@origin_loader("turing_game")
def turing_game_origin(root: Path) -> Iterator[OriginText]:
    """Reuters articles (human) beside Megatron/ChatGPT text under the same headline (machine)."""
    for i, r in enumerate(json.loads((root / "turing_game" / "articles.json").read_text(encoding="utf-8"))):
        yield OriginText(r["real"], False, "turing_game", f"turing/{i}")
        yield OriginText(r["fake"], True, "turing_game", f"turing/{i}")


@origin_loader("structured_articles")
def structured_articles(root: Path) -> Iterator[OriginText]:
    """Machine-written blog/SEO posts with headings (13 auto-blog repositories, AlpacaEval) beside
    human project and government blog posts with subheads; grouped by source repository."""
    for name, machine in (("machine.jsonl.gz", True), ("human.jsonl.gz", False)):
        with gzip.open(root / "structured_articles" / name, "rt", encoding="utf-8") as fh:
            for line in fh:
                r = json.loads(line)
                if r.get("text", "").strip():
                    yield OriginText(r["text"], machine, "structured_articles", r["source_repo"])


def label_mapping() -> dict[str, str]:
    """Each training set's label mapping, as its loader documents it (one place for both)."""
    import inspect

    return {name: " ".join(inspect.getdoc(fn).split()) for name, fn in RELIABILITY_LOADERS.items()}


def load_reliability(root: Path | None = None, names: list[str] | None = None) -> list[LabelledArticle]:
    root = root or default_root()
    return [a for n in (names or RELIABILITY_LOADERS) for a in RELIABILITY_LOADERS[n](root)]


def load_origin(root: Path | None = None, names: list[str] | None = None) -> list[OriginText]:
    root = root or default_root()
    return [t for n in (names or ORIGIN_LOADERS) for t in ORIGIN_LOADERS[n](root)]


@heldout_loader("perezrosas2018")
def perezrosas2018(root: Path) -> Iterator[LabelledArticle]:
    """Pérez-Rosas et al. 2018: crowd-written fakes of real news (and celebrity gossip); legit -> reliable."""
    for collection in ("fakeNewsDataset", "celebrityDataset"):
        for label_dir, label in (("legit", "reliable"), ("fake", "unreliable")):
            for path in sorted((root / "perezrosas2018" / collection / label_dir).glob("*.txt")):
                text = path.read_bytes().decode("utf-8", errors="replace")
                if text.strip():
                    yield LabelledArticle(text, label, "perezrosas2018", collection)


@heldout_loader("xsum_llm")
def xsum_llm(root: Path) -> Iterator[LabelledArticle]:
    """BBC openings vs their LLM continuations: human -> reliable, machine -> unreliable."""
    for t in xsum(root):
        yield LabelledArticle(t.text, "unreliable" if t.machine else "reliable", "xsum_llm", t.group.split(":")[0])


@heldout_loader("turing_game")
def turing_game(root: Path) -> Iterator[LabelledArticle]:
    """Reuters articles vs Megatron/ChatGPT text under the same headline."""
    for r in json.loads((root / "turing_game" / "articles.json").read_text(encoding="utf-8")):
        yield LabelledArticle(r["real"], "reliable", "turing_game", "reuters", r.get("title"))
        yield LabelledArticle(r["fake"], "unreliable", "turing_game", str(r.get("generatedby")), r.get("title"))


def news_subhead_pages(root: Path) -> Iterator[tuple[str, list[str]]]:
    """``(article text, its real h2/h3 subheads)`` from the news page sets: ScrapingHub pages
    (gold body; subheads are the page's h2/h3 that are lines of it) and the readability test
    pages (the expected article's block elements as lines). Needs lxml (the bench extra)."""
    import lxml.html

    def norm(text: str) -> str:
        return " ".join(text.split())

    sh = root / "scrapinghub_extraction"
    gold = json.loads((sh / "ground-truth.json").read_text(encoding="utf-8"))
    for key, page in sorted(gold.items()):
        body = page.get("articleBody") or ""
        lines = {norm(line) for line in body.splitlines()}
        html = gzip.decompress((sh / "html" / f"{key}.html.gz").read_bytes())
        heads = [norm(h.text_content()) for h in lxml.html.fromstring(html).iter("h2", "h3")]
        heads = [h for h in heads if h and h in lines]
        if heads:
            yield body, heads
    for page in sorted((root / "readability_testpages" / "pages").glob("*/expected.html.gz")):
        try:
            doc = lxml.html.fromstring(gzip.decompress(page.read_bytes()))
        except (ValueError, OSError):  # an empty or unparsable expected page
            continue
        blocks = [norm(e.text_content()) for e in doc.iter("h1", "h2", "h3", "h4", "p", "li", "pre", "blockquote")]
        heads = [norm(h.text_content()) for h in doc.iter("h2", "h3")]
        heads = [h for h in heads if h]
        if heads:
            yield "\n\n".join(b for b in blocks if b), heads


def scrapinghub_pages(root: Path) -> list[tuple[str, bytes, dict]]:
    """``(key, raw HTML, gold record)`` for each ScrapingHub news page (gold: ``articleBody``, ``url``)."""
    sh = root / "scrapinghub_extraction"
    gold = json.loads((sh / "ground-truth.json").read_text(encoding="utf-8"))
    return [(k, gzip.decompress((sh / "html" / f"{k}.html.gz").read_bytes()), gold[k]) for k in sorted(gold)]
