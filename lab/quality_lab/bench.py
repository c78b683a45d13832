"""``quality bench``: accuracy on labelled samples and speed, beside the field's heuristic filters.

Three kinds of evidence, each scored the way it is labelled:
- spans (seeds' hand-written gold, hand-made cases, a seeded corruption set): a finding is
  right when it overlaps a gold span of its detector; precision over findings, recall over gold;
- articles (held-out good-vs-junk sets never used in training): ROC-AUC of each score, and
  precision/recall of the verdict, with junk as the positive class;
- speed: documents and MB per second and the process's peak RSS while scoring.
The datatrove filters (Gopher, C4, FineWeb) run on the same articles when the ``bench`` extra
is installed, so the comparison is like for like.
"""

from __future__ import annotations

import importlib.util
import itertools
import json
import random
import resource
import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from quality.core.policy import DEFAULT, Policy
from quality.core.report import Report
from quality.pipeline.scorer import Scorer
from quality_lab.datasets import HELDOUT_LOADERS, LabelledArticle, allsides

Gold = tuple[str, int, int]  # detector name, start, end


@dataclass
class SpanDoc:
    id: str
    text: str
    gold: list[Gold]
    source: str  # seeds | cases | corruption


# ---- labelled samples -------------------------------------------------------------------------


def anchor_spans(text: str, defects: Iterable[dict]) -> list[Gold]:
    """Gold written by hand as ``{"kind", "text", "occurrence"?}`` (or explicit start/end) -> spans."""
    spans = []
    for d in defects:
        if "start" in d:
            spans.append((d["kind"], d["start"], d["end"]))
            continue
        at = -1
        for _ in range(d.get("occurrence", 1)):
            at = text.find(d["text"], at + 1)
            if at < 0:
                raise ValueError(f"gold anchor not found: {d['text']!r} (occurrence {d.get('occurrence', 1)})")
        spans.append((d["kind"], at, at + len(d["text"])))
    return spans


def load_gold(bench_dir: Path) -> list[SpanDoc]:
    """The seeds' gold files and the hand-written cases."""
    docs = []
    for path in sorted((bench_dir / "gold").glob("*.json")):
        g = json.loads(path.read_text(encoding="utf-8"))
        text = (bench_dir.parent / g["text_file"]).read_text(encoding="utf-8")
        docs.append(SpanDoc(path.stem, text, anchor_spans(text, g["defects"]), "seeds"))
    with (bench_dir / "cases" / "cases.jsonl").open(encoding="utf-8") as fh:
        for line in fh:
            c = json.loads(line)
            docs.append(SpanDoc(c["id"], c["text"], anchor_spans(c["text"], c["defects"]), "cases"))
    return docs


def _lab(name: str):
    """A lab module imported on use (the page benchmarks need the html extra)."""
    return importlib.import_module(f"quality_lab.{name}")


def clean_articles(data: Path, n: int) -> list[tuple[str, str]]:
    """The first ``n`` AllSides articles from outlets rated reliable, as ``(id, text)``."""
    clean = []
    for i, a in enumerate(allsides(data)):
        if a.label == "reliable":
            clean.append((f"{a.group}:{i}", a.text))
        if len(clean) >= n:
            break
    return clean


def load_corruption(bench_dir: Path, data: Path, n: int) -> list[SpanDoc]:
    """Corrupted clean AllSides articles (outlets rated reliable), built by ``benchmarks/corrupt.py``."""
    corrupt = _lab("corrupt")
    return [
        SpanDoc(c.id, c.text, [(d["kind"], d["start"], d["end"]) for d in c.defects], "corruption")
        for c in corrupt.build(clean_articles(data, max(4 * n, 400)), n)
    ]


def caption_benchmark(bench_dir: Path, data: Path, n: int, progress: bool) -> dict:
    """Each similarity backend on the caption set: ROC-AUC, P/R/F1 at the detector's threshold,
    the best-F1 threshold on this set, flag rate per pair kind, and captions per second."""
    from quality.detectors.captions import CaptionMismatch
    from quality.detectors.similarity import BACKENDS

    pairs = _lab("caption_set").build([t for _, t in clean_articles(data, 6 * n)], n)
    truth = np.asarray([p.mismatched for p in pairs])
    out: dict = {"pairs": len(pairs)}
    for name in BACKENDS:
        try:
            detector = CaptionMismatch(similarity=name)
            detector.relatedness(pairs[0].caption, pairs[0].body)
        except ImportError as exc:
            out[name] = str(exc)
            continue
        start = time.perf_counter()
        rel = [detector.relatedness(p.caption, p.body)[0] for p in pairs]
        per_second = len(pairs) / (time.perf_counter() - start)
        rel = np.asarray(rel)
        flagged = rel < detector.threshold
        m = binary_metrics(truth, flagged, 1 - rel)
        best = max(np.unique(rel), key=lambda t: binary_metrics(truth, rel < t)["f1"] if (rel < t).any() else 0)
        m["threshold"] = detector.threshold
        m["best_f1_threshold"] = float(best)
        m["best_f1"] = binary_metrics(truth, rel < best)["f1"]
        kinds = sorted({p.kind for p in pairs})
        m["flag_rate_by_kind"] = {kind: float(flagged[[p.kind == kind for p in pairs]].mean()) for kind in kinds}
        m["flag_rate_by_kind_at_best_f1"] = {
            kind: float((rel < best)[[p.kind == kind for p in pairs]].mean()) for kind in kinds
        }
        m["captions_per_second"] = round(per_second, 1)
        out[name] = m
    return out


def real_pages(bench_dir: Path, data: Path) -> dict | str:
    """Real news pages (ScrapingHub): page chrome on trafilatura's output of them, and their own
    captions judged against their article and others (``benchmarks/page_chrome_lines.py`` and
    ``page_captions.py``, which print the full tables). Needs trafilatura (the html extra)."""
    try:
        import lxml  # noqa: F401
        import trafilatura  # noqa: F401
    except ImportError:
        return "trafilatura or lxml not installed: pip install '.[html,bench]'"
    if not (data / "scrapinghub_extraction").is_dir():
        return f"no scrapinghub_extraction in {data}"
    return {
        "chrome": _lab("page_chrome_lines").measure(data),
        "captions": _lab("page_captions").measure(data),
    }


def load_heldout(data: Path, per_set: int | None, seed: int = 0) -> dict[str, list[LabelledArticle]]:
    """Each held-out set, optionally a seeded sample of ``per_set`` articles (half of each class)."""
    rng = random.Random(seed)
    out = {}
    for name, loader in HELDOUT_LOADERS.items():
        articles = list(loader(data))
        if per_set and len(articles) > per_set:
            good = [a for a in articles if a.label == "reliable"]
            junk = [a for a in articles if a.label != "reliable"]
            articles = rng.sample(good, min(len(good), per_set // 2)) + rng.sample(junk, min(len(junk), per_set // 2))
        out[name] = articles
    return out


# ---- scoring with speed -----------------------------------------------------------------------


@dataclass
class Timing:
    docs: int
    seconds: float
    megabytes: float

    def to_dict(self) -> dict:
        return {
            "docs": self.docs,
            "seconds": round(self.seconds, 3),
            "docs_per_second": round(self.docs / self.seconds, 1) if self.seconds else None,
            "mb_per_second": round(self.megabytes / self.seconds, 3) if self.seconds else None,
        }


def timed(fn: Callable[[list[str]], list], texts: list[str], label: str, progress: bool, batch: int = 64):
    """Apply ``fn`` to batches of texts with a progress bar; returns results and the timing."""
    import click

    start = time.perf_counter()
    chunks = [texts[i : i + batch] for i in range(0, len(texts), batch)]
    results: list = []
    with click.progressbar(chunks, label=label, file=sys.stderr if progress else _Null()) as bar:
        for chunk in bar:
            results += fn(chunk)
    seconds = time.perf_counter() - start
    return results, Timing(len(texts), seconds, sum(len(t.encode("utf-8")) for t in texts) / 1e6)


class _Null:
    def write(self, _):
        pass

    def flush(self):
        pass

    def isatty(self):
        return False


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# ---- metrics ----------------------------------------------------------------------------------


def prf(tp_pred: int, n_pred: int, tp_gold: int, n_gold: int) -> dict:
    p = tp_pred / n_pred if n_pred else float("nan")
    r = tp_gold / n_gold if n_gold else float("nan")
    f1 = 2 * p * r / (p + r) if n_pred and n_gold and (p + r) else float("nan")
    return {"precision": p, "recall": r, "f1": f1, "findings": n_pred, "gold": n_gold}


def span_metrics(docs: list[SpanDoc], reports: list[Report], detectors: list[str]) -> dict[str, dict]:
    """Per detector: precision over findings, recall over gold spans (any overlap counts)."""
    out = {}
    for name in detectors:
        tp_pred = n_pred = tp_gold = n_gold = 0
        for doc, report in zip(docs, reports, strict=True):
            result = report.detectors.get(name)
            found = [(f.start, f.end) for f in result.findings] if result else []
            gold = [(s, e) for k, s, e in doc.gold if k == name]
            n_pred += len(found)
            n_gold += len(gold)
            tp_pred += sum(any(_overlaps(f, g) for g in gold) for f in found)
            tp_gold += sum(any(_overlaps(f, g) for f in found) for g in gold)
        out[name] = prf(tp_pred, n_pred, tp_gold, n_gold)
    return out


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def binary_metrics(junk: np.ndarray, flagged: np.ndarray, score: np.ndarray | None = None) -> dict:
    """Junk is the positive class: precision/recall of ``flagged``, ROC-AUC of ``score``."""
    from sklearn.metrics import roc_auc_score

    tp = int((junk & flagged).sum())
    out = prf(tp, int(flagged.sum()), tp, int(junk.sum()))
    out["flag_rate"] = float(flagged.mean()) if len(flagged) else float("nan")
    if score is not None and len(set(junk.tolist())) == 2:
        out["roc_auc"] = float(roc_auc_score(junk, score))
    return out


def article_metrics(
    articles: list[LabelledArticle], reports: list[Report], detectors: list[str], policy: Policy = DEFAULT
) -> dict[str, dict]:
    """Each detector (flags at the policy's flag_at), the verdict (flag = not keep) and the reliability text score."""
    junk = np.asarray([a.label != "reliable" for a in articles])
    ok = [r.error is None for r in reports]
    junk, reports = junk[ok], [r for r, keep in zip(reports, ok, strict=True) if keep]
    out = {}
    for name in detectors:
        s = np.asarray([r.detectors[name].score for r in reports])
        out[name] = binary_metrics(junk, s >= policy.flag_at, s)
    quality = np.asarray([r.quality for r in reports])
    out["verdict"] = binary_metrics(junk, np.asarray([r.verdict != "keep" for r in reports]), 1 - quality)
    if reports and reports[0].reliability is not None:
        rel = np.asarray([r.reliability.text_score for r in reports])
        out["reliability"] = binary_metrics(
            junk, np.asarray([r.reliability.label != "reliable" for r in reports]), 1 - rel
        )
    return out


def filler_sentences(articles: list[LabelledArticle]) -> dict:
    """Sentence level: each judged sentence inherits its article's label (junk = +); the score is
    the filler rule's vagueness − specificity, flagged at the detector's margin. No restatement
    check here: that needs the whole article."""
    from quality.core.article import parse
    from quality.detectors.filler import Filler, sentence_features

    rule = Filler()
    junk, score = [], []
    for a in articles:
        for sentence in parse(a.text).sentences:
            if len(sentence.text.split()) >= rule.min_words:
                f = sentence_features(sentence.text)
                junk.append(a.label != "reliable")
                score.append(f.vagueness - f.specificity)
    junk_arr, score_arr = np.asarray(junk), np.asarray(score)
    return binary_metrics(junk_arr, score_arr >= rule.margin, score_arr) | {"sentences": len(score)}


def machine_sections(data: Path, scorer: Scorer, quick: bool) -> dict:
    """Template and filler measures on text no rule was written from: real h2/h3 subheads of the
    news page sets flagged as template headings; human AllSides articles with a filler finding;
    ROC-AUC of the ``ai_boilerplate`` score on each human-vs-machine news set."""
    from quality.core.article import parse
    from quality_lab.datasets import ORIGIN_LOADERS, news_subhead_pages

    detectors = {d.name: d for d in scorer.detectors}
    boilerplate, filler = detectors.get("ai_boilerplate"), detectors.get("filler")
    out: dict = {}
    if boilerplate is not None:
        try:
            total = flagged = 0
            for text, heads in news_subhead_pages(data):
                found = {" ".join(f.text.split()) for f in boilerplate.detect(parse(text)).findings}
                total += len(heads)
                flagged += sum(h in found for h in heads)
            out["subheads"] = {"subheads": total, "flagged": flagged, "rate": flagged / max(total, 1)}
        except ImportError:
            out["subheads"] = "lxml not installed: pip install '.[bench]'"
        cap = 200 if quick else 3000
        aucs = {}
        for name, loader in ORIGIN_LOADERS.items():
            texts = list(loader(data))
            random.Random(0).shuffle(texts)
            texts = texts[:cap]
            scores = np.asarray([boilerplate.detect(parse(t.text)).score for t in texts])
            aucs[name] = binary_metrics(np.asarray([t.machine for t in texts]), scores >= scorer.policy.flag_at, scores)
        out["ai_boilerplate"] = aucs
        out["verdict_by_boilerplate"] = boilerplate_verdicts(data, scorer, quick)
    if filler is not None:
        articles = [a.text for a in itertools.islice(allsides(data), 300 if quick else 2000)]
        hits = sum(bool(filler.detect(parse(t)).findings) for t in articles)
        out["allsides_filler"] = {"articles": len(articles), "with_finding": hits, "rate": hits / max(len(articles), 1)}
    return out


def boilerplate_verdicts(data: Path, scorer: Scorer, quick: bool) -> dict[str, dict]:
    """The share of human articles that get ``review`` or ``drop`` because of ``ai_boilerplate``:
    the verdict with the scorer's policy is not keep, and with the detector's weight at 0 it is."""
    import gzip

    n = 300 if quick else 2000
    news = [a.text for a in allsides(data)]
    random.Random(3).shuffle(news)
    with gzip.open(data / "structured_articles" / "human.jsonl.gz", "rt", encoding="utf-8") as fh:
        blogs = [json.loads(line)["text"] for line in fh][: n // 2 if quick else None]
    muted = Scorer(scorer.policy.replace(weights={**scorer.policy.weights, "ai_boilerplate": 0.0}), explain=False)
    out = {}
    for name, texts in (("AllSides news", news[:n]), ("structured_articles human blogs", blogs)):
        with_it, without = scorer.score_many(texts), muted.score_many(texts)
        caused = sum(
            a.verdict in ("review", "drop") and b.verdict == "keep" for a, b in zip(with_it, without, strict=True)
        )
        out[name] = {"articles": len(texts), "because_of_ai_boilerplate": caused, "rate": caused / max(len(texts), 1)}
    return out


# ---- the field's filters ----------------------------------------------------------------------


def datatrove_filters() -> dict[str, Callable[[str], bool]] | None:
    """``name -> (text -> rejected?)`` for the datatrove heuristic filters, or None when they
    cannot run here (``pip install -e "lab[anchors]"``: datatrove and the tokenizers it needs)."""
    try:
        from datatrove.data import Document
        from datatrove.pipeline.filters import (
            C4QualityFilter,
            FineWebQualityFilter,
            GopherQualityFilter,
            GopherRepetitionFilter,
        )

        GopherQualityFilter().filter(Document(text="A probe sentence for the tokenizer.", id="probe"))
    except ImportError:
        return None

    def rejecter(f):
        def rejected(text: str) -> bool:
            verdict = f.filter(Document(text=text, id="bench"))
            return not (verdict[0] if isinstance(verdict, tuple) else verdict)

        return rejected

    filters = {
        "gopher_quality": GopherQualityFilter(),
        "gopher_repetition": GopherRepetitionFilter(),
        "c4_quality": C4QualityFilter(),
        "fineweb_quality": FineWebQualityFilter(),
    }
    return {name: rejecter(f) for name, f in filters.items()}


# ---- the run ----------------------------------------------------------------------------------


def run(
    bench_dir: Path, data: Path | None, *, quick: bool, progress: bool = True, scorer: Scorer | None = None
) -> dict:
    scorer = scorer or Scorer()
    scorer.score("Warm-up text, so lazy model loading is not timed.")
    names = [d.name for d in scorer.detectors]
    result: dict = {"mode": "quick" if quick else "full", "spans": {}, "articles": {}, "speed": {}, "anchors": {}}
    span_sets = {"seeds+cases": load_gold(bench_dir)}
    have_data = data is not None and data.is_dir()
    if have_data:
        span_sets["corruption"] = load_corruption(bench_dir, data, 100 if quick else 1000)
    for set_name, docs in span_sets.items():
        reports, timing = timed(_scorer_fn(scorer), [d.text for d in docs], f"spans: {set_name}", progress)
        result["spans"][set_name] = {"docs": len(docs), "detectors": span_metrics(docs, reports, names)}
        result["speed"][f"spans:{set_name}"] = timing.to_dict()
    if have_data:
        result["captions"] = caption_benchmark(bench_dir, data, 60 if quick else 400, progress)
        result["real_pages"] = real_pages(bench_dir, data)
        result["machine_sections"] = machine_sections(data, scorer, quick)
        filters = datatrove_filters()
        for set_name, articles in load_heldout(data, 200 if quick else None).items():
            texts = [a.text for a in articles]
            reports, timing = timed(_scorer_fn(scorer), texts, f"articles: {set_name}", progress)
            metrics = article_metrics(articles, reports, names, scorer.policy)
            metrics["filler (sentences)"] = filler_sentences(articles)
            result["articles"][set_name] = {"docs": len(texts), "metrics": metrics}
            result["speed"][f"articles:{set_name}"] = timing.to_dict()
            if filters:
                result["anchors"][set_name] = _run_anchors(filters, articles, timing, progress)
        if filters is None:
            result["anchors"] = "datatrove not installed: pip install '.[bench]'"
    result["peak_rss_mb"] = round(peak_rss_mb(), 1)
    return result


def _scorer_fn(scorer: Scorer) -> Callable[[list[str]], list[Report]]:
    return lambda chunk: scorer.score_many(chunk)


def _run_anchors(filters, articles: list[LabelledArticle], ours: Timing, progress: bool) -> dict:
    junk = np.asarray([a.label != "reliable" for a in articles])
    texts = [a.text for a in articles]
    out = {}
    for name, rejected in filters.items():
        flags, timing = timed(lambda chunk, r=rejected: [r(t) for t in chunk], texts, f"  {name}", progress)
        speed = timing.to_dict()
        out[name] = binary_metrics(junk, np.asarray(flags)) | {
            "docs_per_second": speed["docs_per_second"],
            "quality_speed_ratio": round(ours.docs / ours.seconds / speed["docs_per_second"], 3),
        }
    return out


def format_report(result: dict) -> str:
    """The one table users read: spans, articles, anchors, speed."""
    lines = [f"quality bench ({result['mode']})", ""]
    lines.append(f"{'span-level':<28} {'detector':<17} {'P':>6} {'R':>6} {'F1':>6} {'found':>6} {'gold':>6}")
    for set_name, s in result["spans"].items():
        for det, m in s["detectors"].items():
            lines.append(
                f"{set_name + ' (' + str(s['docs']) + ' docs)':<28} {det:<17} {_f(m['precision'])} {_f(m['recall'])} "
                f"{_f(m['f1'])} {m['findings']:>6} {m['gold']:>6}"
            )
    if result["articles"]:
        lines += [
            "",
            f"{'article-level (junk = +)':<28} {'scorer':<24} {'P':>6} {'R':>6} {'F1':>6} {'AUC':>6} {'flag%':>6}",
        ]
        for set_name, s in result["articles"].items():
            rows = dict(s["metrics"])
            if isinstance(result["anchors"], dict):
                rows |= {f"[dt] {k}": v for k, v in result["anchors"].get(set_name, {}).items()}
            for det, m in rows.items():
                lines.append(
                    f"{set_name + ' (' + str(s['docs']) + ')':<28} {det:<24} {_f(m['precision'])} {_f(m['recall'])} "
                    f"{_f(m['f1'])} {_f(m.get('roc_auc', float('nan')))} {_f(100 * m['flag_rate'], 1)}"
                )
    if isinstance(result["anchors"], str):
        lines += ["", f"anchors: {result['anchors']}"]
    if result.get("captions"):
        caps = result["captions"]
        lines += [
            "",
            f"captions ({caps['pairs']} pairs)  backend  {'P':>6} {'R':>6} {'F1':>6} {'AUC':>6}  flag rate by kind",
        ]
        for name, m in caps.items():
            if name == "pairs":
                continue
            if isinstance(m, str):
                lines.append(f"{'':<21} {name:<8} not installed: {m}")
                continue
            kinds = ", ".join(f"{k} {v:.0%}" for k, v in m["flag_rate_by_kind"].items())
            at_best = " / ".join(f"{v:.0%}" for v in m["flag_rate_by_kind_at_best_f1"].values())
            lines.append(
                f"{'':<21} {name:<8} {_f(m['precision'])} {_f(m['recall'])} {_f(m['f1'])} {_f(m['roc_auc'])}  "
                f"{kinds}; best-F1 threshold {m['best_f1_threshold']:.2f} (F1 {m['best_f1']:.3f}, flags {at_best}); "
                f"{m['captions_per_second']:.0f}/s"
            )
    lines += _machine_section_lines(result.get("machine_sections"))
    lines += _real_page_lines(result.get("real_pages"))
    lines += ["", f"{'speed':<28} {'docs':>6} {'docs/s':>8} {'MB/s':>7}"]
    for name, t in result["speed"].items():
        lines.append(f"{name:<28} {t['docs']:>6} {t['docs_per_second'] or 0:>8.1f} {t['mb_per_second'] or 0:>7.3f}")
    if isinstance(result["anchors"], dict):
        for set_name, filters in result["anchors"].items():
            speeds = ", ".join(
                f"{k} {v['docs_per_second']:.0f}/s (x{v['quality_speed_ratio']})" for k, v in filters.items()
            )
            lines.append(f"  datatrove on {set_name}: {speeds}")
    lines.append(f"peak RSS {result['peak_rss_mb']} MB")
    return "\n".join(lines)


def _real_page_lines(pages: dict | str | None) -> list[str]:
    if not pages:
        return []
    if isinstance(pages, str):
        return ["", f"real pages: {pages}"]
    chrome, caps = pages["chrome"], pages["captions"]["counts"]
    kinds = chrome["settings"]["page_chrome"]
    c, a = sum(kinds["on_chrome"].values()), sum(kinds["on_article"].values())
    n_c, n_a = chrome["chrome_lines"], chrome["article_lines"]
    html = chrome["settings"]["page_chrome, HTML input"]
    hc, ha = sum(html["on_chrome"].values()), sum(html["on_article"].values())
    hn_c, hn_a = html["chrome_lines"], html["article_lines"]

    def share(name: str) -> str:
        flagged, total = caps.get(name, (0, 0))
        return f"{flagged}/{total} ({flagged / max(total, 1):.1%})"

    near = "the most similar other article"
    return [
        "",
        f"real pages ({chrome['pages']} ScrapingHub news pages; full tables: benchmarks/page_chrome_lines.py, "
        "page_captions.py)",
        f"  page_chrome on trafilatura's output: chrome lines flagged {c}/{n_c} ({c / max(n_c, 1):.1%}; goal >= 80%), "
        f"article lines {a}/{n_a} ({a / max(n_a, 1):.2%}; goal <= 1%)",
        f"  ... read from the HTML (trafilatura plus the page's structure): chrome lines flagged {hc}/{hn_c} "
        f"({hc / max(hn_c, 1):.1%}), article lines {ha}/{hn_a} ({ha / max(hn_a, 1):.2%})",
        f"  real captions flagged on their own article {share('its own article')} (goal <= 3%), "
        f"on every other article {share('every other article')} (goal >= 95%)",
        f"  ... on the most similar other article {share(near)} (goal >= 70%): "
        f"same story {share(near + ', same story')}, another story {share(near + ', another story')}",
    ]


def _machine_section_lines(ms: dict | None) -> list[str]:
    if not ms:
        return []
    lines = ["", "machine-written sections and filler (text no rule was written from)"]
    sub = ms.get("subheads")
    if isinstance(sub, dict):
        lines.append(
            f"  real h2/h3 subheads of news pages flagged as template headings: {sub['flagged']}/{sub['subheads']} "
            f"({sub['rate']:.1%}; goal <= 2%)"
        )
    elif sub:
        lines.append(f"  subheads: {sub}")
    fill = ms.get("allsides_filler")
    if fill:
        lines.append(
            f"  human AllSides articles with a filler finding: {fill['with_finding']}/{fill['articles']} "
            f"({fill['rate']:.1%}; goal <= 5%)"
        )
    for name, m in (ms.get("verdict_by_boilerplate") or {}).items():
        lines.append(
            f"  {name} at review or drop because of ai_boilerplate: {m['because_of_ai_boilerplate']}/{m['articles']} "
            f"({m['rate']:.1%}; goal <= 2%)"
        )
    for name, m in (ms.get("ai_boilerplate") or {}).items():
        lines.append(
            f"  ai_boilerplate on {name:<17} ROC-AUC {_f(m.get('roc_auc', float('nan')))}  "
            f"flags {100 * m['flag_rate']:.1f}%  precision {_f(m['precision'])}"
        )
    return lines


def _f(x: float, digits: int = 3) -> str:
    return f"{x:>6.{digits}f}" if x == x else f"{'-':>6}"
