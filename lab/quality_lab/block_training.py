"""Training and measuring the page-block classifier (:mod:`quality.io.page_blocks`) on many sites.

Pages come with gold article text, not block labels: a block is article text when its words are
in the gold (see :func:`block_labels`), chrome otherwise. Page sets:

- ``pages_blocks`` news sets: ``big9_chaos`` (9 news sites over 12 years and ~250 others),
  ``fundus`` (59 publishers, 2023-2026), ``cleanportaleval`` (4 news sites, many pages each) and
  ``newspaper`` (silver gold, pages with at least 50 gold words). ``cleaneval`` and ``canola``
  are left out: their gold keeps comments and forum posts, or drops lists and headlines, which
  news-article gold does not.
- ``scrapinghub_extraction`` (181 news pages) and ``readability_testpages`` (130 pages).

Every figure is measured on pages from sources the model was not fitted on: folds grouped by
site within a run, and whole page sets held out across runs (:func:`held_out`).
"""

from __future__ import annotations

import gzip
import json
import re
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from quality.io.block_model import BlockContext, BlockFeatures, contexts
from quality.io.page_blocks import Block, page_blocks
from quality_lab.chrome_training import Page, _site, cutoff, headlines, readability, scrapinghub, squash

FOLDS = 5
NEWS_SETS = ("big9_chaos", "fundus", "cleanportaleval", "newspaper")
MIN_GOLD_WORDS = 50
DEFAULT_C = 0.3
MAX_ARTICLE_FLAGGED = 0.0025  # the cut-off flags at most this share of (out-of-fold) article lines
SHINGLE = 4


def pages_blocks(root: Path, sets: tuple[str, ...] = NEWS_SETS) -> Iterator[Page]:
    """The pages of the ``pages_blocks`` sets, with gold lines joined by newlines."""
    for name in sets:
        base = root / "pages_blocks" / name
        for line in (base / "manifest.jsonl").read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            if row.get("language") != "en" or (row.get("gold_words") or 0) < MIN_GOLD_WORDS:
                continue
            html = gzip.decompress((base / row["html"]).read_bytes())
            gold = (base / row["gold"]).read_text(encoding="utf-8")
            site = row.get("site") or row.get("publisher") or (_site(row["url"]) if row.get("url") else row["id"])
            titles = (*headlines(html), *([row["title"]] if row.get("title") else []))
            yield Page(f"{name}:{site}", name, html, gold, titles, row.get("url"))


def load(root: Path, sets: tuple[str, ...]) -> list[Page]:
    out: list[Page] = []
    for name in sets:
        if name == "scrapinghub":
            out.extend(scrapinghub(root))
        elif name == "readability":
            out.extend(readability(root))
        else:
            out.extend(pages_blocks(root, (name,)))
    return out


_QUOTES = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'", "\u00a0": " "})
_WORDS = re.compile(r"\w+")


def _words(text: str) -> list[str]:
    return _WORDS.findall(text.translate(_QUOTES).casefold())


def block_labels(texts: list[str], gold: str, titles: tuple[str, ...] = ()) -> list[int]:
    """1 (chrome) or 0 (article) per block. A block of four words or more is article text when
    half its four-word runs are in the gold; a shorter one when it is a whole gold line, the
    headline, or (three words) a run of the gold. One-word blocks that are not a gold line
    ("Share", "Home") are chrome even when the word occurs in the article."""
    gold_words = _words(gold)
    runs = {tuple(gold_words[i : i + SHINGLE]) for i in range(len(gold_words) - SHINGLE + 1)}
    lines = {" ".join(_words(line)) for line in gold.splitlines()} | {" ".join(_words(t)) for t in titles}
    lines.discard("")
    flat = f" {' '.join(gold_words)} "
    out = []
    for text in texts:
        words = _words(text)
        if not words:
            out.append(1)
        elif len(words) >= SHINGLE:
            own = [tuple(words[i : i + SHINGLE]) for i in range(len(words) - SHINGLE + 1)]
            out.append(int(sum(r in runs for r in own) < 0.5 * len(own)))
        else:
            key = " ".join(words)
            out.append(int(not (key in lines or (len(words) == 3 and f" {key} " in flat))))
    return out


@dataclass
class LabelledPage:
    page: Page
    blocks: list[Block]
    labels: np.ndarray


def blocks_of(html: bytes) -> list[Block]:
    from quality.io.pages import parse_page

    root = parse_page(html)
    return page_blocks(root) if root is not None else []


def label_pages(pages: list[Page]) -> list[LabelledPage]:
    out = []
    for page in pages:
        blocks = blocks_of(page.html)
        if blocks:
            out.append(
                LabelledPage(page, blocks, np.asarray(block_labels([b.text for b in blocks], page.gold, page.titles)))
            )
        # a page the parser cannot read has no blocks to learn from
    return out


def rows(pages: list[LabelledPage]) -> tuple[list[BlockContext], np.ndarray, np.ndarray, np.ndarray]:
    """Block contexts, labels, sites and page index of every block."""
    X: list[BlockContext] = []
    y, site, index = [], [], []
    for i, lp in enumerate(pages):
        X.extend(contexts(lp.blocks))
        y.extend(lp.labels)
        site.extend([lp.page.site] * len(lp.blocks))
        index.extend([i] * len(lp.blocks))
    return X, np.asarray(y), np.asarray(site), np.asarray(index)


def make_model(C: float = DEFAULT_C):
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import Pipeline
    from sklearn.preprocessing import MaxAbsScaler

    return Pipeline(
        [("features", BlockFeatures()), ("scale", MaxAbsScaler()), ("model", LogisticRegression(C=C, max_iter=2000))]
    )


def out_of_fold(X: list, y: np.ndarray, groups: np.ndarray, C: float = DEFAULT_C) -> np.ndarray:
    """Site-grouped out-of-fold P(chrome) for every block."""
    from sklearn.model_selection import GroupKFold

    p = np.zeros(len(y))
    for train, test in GroupKFold(n_splits=FOLDS).split(X, y, groups):
        model = make_model(C).fit([X[i] for i in train], y[train])
        p[test] = model.predict_proba([X[i] for i in test])[:, 1]
    return p


# ---------------------------------------------------------------- measures


def prf(extracted: str, gold: str) -> tuple[float, float, float]:
    """Token precision, recall and F1 of extracted text against gold (bags of whitespace tokens,
    as the ScrapingHub article-extraction benchmark counts them)."""
    got, want = Counter(extracted.split()), Counter(gold.split())
    common = sum((got & want).values())
    p = common / max(sum(got.values()), 1)
    r = common / max(sum(want.values()), 1)
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def mean_prf(pairs: list[tuple[str, str]]) -> list[float]:
    scores = np.asarray([prf(e, g) for e, g in pairs]).reshape(-1, 3)
    return [round(float(v), 3) for v in scores.mean(axis=0)]


def blocks_text(blocks: list[Block], p: np.ndarray, cut: float) -> str:
    return "\n".join(b.text for b, q in zip(blocks, p, strict=True) if q < cut)


def anchors() -> dict[str, Callable[[bytes], str]]:
    """The field's extractors, each HTML -> main text (those installed)."""
    out: dict[str, Callable[[bytes], str]] = {}
    try:
        import trafilatura

        out["trafilatura"] = lambda h: trafilatura.extract(h, include_comments=False) or ""
        out["trafilatura (tables off)"] = lambda h: (
            trafilatura.extract(h, include_comments=False, include_tables=False) or ""
        )
    except ImportError:
        pass
    try:
        import lxml.html
        from readability import Document as Readable

        out["readability-lxml"] = lambda h: lxml.html.fromstring(Readable(h).summary()).text_content()
    except ImportError:
        pass
    try:
        import justext

        stop = justext.get_stoplist("English")
        out["jusText"] = lambda h: "\n".join(p.text for p in justext.justext(h, stop) if not p.is_boilerplate)
    except ImportError:
        pass
    try:
        from resiliparse.extract.html2text import extract_plain_text
        from resiliparse.parse.encoding import bytes_to_str, detect_encoding

        out["resiliparse"] = lambda h: extract_plain_text(bytes_to_str(h, detect_encoding(h)), main_content=True)
    except ImportError:
        pass
    return out


def _safe(fn: Callable[[bytes], str], html: bytes) -> str:
    try:
        return fn(html) or ""
    except Exception:  # an anchor failing on a page extracts nothing from it
        return ""


def extraction_rows(test: list[LabelledPage], p: np.ndarray, index: np.ndarray, cut: float,
                    with_anchors: bool = True) -> dict[str, dict]:  # fmt: skip
    """Extraction token P/R/F1 and pages/s on ``test`` for the block model and the anchors."""
    golds = [squash(lp.page.gold) for lp in test]
    ours = [blocks_text(lp.blocks, p[index == i], cut) for i, lp in enumerate(test)]
    start = time.perf_counter()
    for lp in test:
        blocks_of(lp.page.html)
    parse_rate = len(test) / (time.perf_counter() - start)
    out = {"quality blocks": {"prf": mean_prf(list(zip(ours, golds, strict=True))), "pages_per_s": None,
                              "parse_pages_per_s": round(parse_rate, 1)}}  # fmt: skip
    if with_anchors:
        for name, fn in anchors().items():
            start = time.perf_counter()
            texts = [squash(_safe(fn, lp.page.html)) for lp in test]
            rate = len(test) / (time.perf_counter() - start)
            out[name] = {"prf": mean_prf(list(zip(texts, golds, strict=True))), "pages_per_s": round(rate, 1)}
    return out


def chrome_at(p: np.ndarray, y: np.ndarray, cut: float) -> dict[str, float]:
    """Share of chrome blocks and of article blocks at or above the cut-off."""
    return {
        "chrome_flagged": round(float(np.mean(p[y == 1] >= cut)), 4) if (y == 1).any() else 0.0,
        "article_flagged": round(float(np.mean(p[y == 0] >= cut)), 4) if (y == 0).any() else 0.0,
    }


def extracted_scores(
    pages: list[LabelledPage], p: np.ndarray, index: np.ndarray
) -> tuple[list[list[str]], np.ndarray, np.ndarray]:
    """What a pipeline that extracts with trafilatura sees: its lines of each page, each scored
    through the page block it came from (0 when it matches none), and labelled by the gold (1:
    chrome, not in it). Returns the lines per page, their scores and their labels."""
    from quality.io.page_blocks import match_blocks
    from quality_lab.chrome_training import extracted_lines, label

    lines_per_page, scores, truth = [], [], []
    for i, lp in enumerate(pages):
        lines = extracted_lines(lp.page.html)
        q = p[index == i]
        scores.extend(0.0 if m is None else float(q[m]) for m in match_blocks(lines, lp.blocks))
        truth.extend(label(lines, lp.page.gold, lp.page.titles))
        lines_per_page.append(lines)
    return lines_per_page, np.asarray(scores), np.asarray(truth)


def in_extracted_text(test: list[LabelledPage], p: np.ndarray, index: np.ndarray, cut: float) -> dict:
    """Chrome and article lines of trafilatura's text flagged at the cut-off, and its extraction
    once the flagged lines are removed."""
    lines_per_page, scores, truth = extracted_scores(test, p, index)
    pairs, plain, at = [], [], 0
    for lp, lines in zip(test, lines_per_page, strict=True):
        calls = scores[at : at + len(lines)] >= cut
        at += len(lines)
        gold = squash(lp.page.gold)
        pairs.append((" ".join(t for t, c in zip(lines, calls, strict=True) if not c), gold))
        plain.append((" ".join(lines), gold))
    return {
        "lines": len(truth),
        "chrome_lines": int(truth.sum()),
        **chrome_at(scores, truth, cut),
        "extraction (P, R, F1)": {"trafilatura": mean_prf(plain), "trafilatura + block model": mean_prf(pairs)},
    }


def line_cutoff(pages: list[LabelledPage], p_oof: np.ndarray, index: np.ndarray) -> float:
    """The P(chrome) above which ``MAX_ARTICLE_FLAGGED`` of the out-of-fold article lines of
    trafilatura's text lie: the cut-off is set where the model is used."""
    _, scores, truth = extracted_scores(pages, p_oof, index)
    return cutoff(scores[truth == 0], MAX_ARTICLE_FLAGGED)


def held_out(root: Path, train_sets: tuple[str, ...], test_sets: tuple[str, ...], C: float = DEFAULT_C,
             with_anchors: bool = True) -> dict:  # fmt: skip
    """Fit on ``train_sets`` (cut-off from their site-grouped out-of-fold article blocks), then
    measure on ``test_sets``, which neither the fit nor the cut-off saw."""
    train = label_pages(load(root, train_sets))
    Xtr, ytr, gtr, itr = rows(train)
    p_oof = out_of_fold(Xtr, ytr, gtr, C)
    cut = line_cutoff(train, p_oof, itr)
    model = make_model(C).fit(Xtr, ytr)
    out: dict = {
        "train": {"sets": list(train_sets), "pages": len(train), "blocks": len(ytr)},
        "cutoff": round(cut, 4),
        "tuning (site-grouped out-of-fold)": {
            "at_cutoff": chrome_at(p_oof, ytr, cut),
            "at_0.5": chrome_at(p_oof, ytr, 0.5),
        },
    }
    for name in test_sets:
        test = label_pages(load(root, (name,)))
        Xte, yte, _, ite = rows(test)
        p = model.predict_proba(Xte)[:, 1]
        out[f"held out: {name}"] = {
            "pages": len(test),
            "blocks": len(yte),
            "at_cutoff": chrome_at(p, yte, cut),
            "at_0.5": chrome_at(p, yte, 0.5),
            "extraction (P, R, F1) at 0.5": extraction_rows(test, p, ite, 0.5, with_anchors),
            "trafilatura's text at the cut-off": in_extracted_text(test, p, ite, cut),
        }
    return out


def train(root: Path, sets: tuple[str, ...] = (*NEWS_SETS, "scrapinghub", "readability"),
          C: float = DEFAULT_C) -> tuple[object, dict]:  # fmt: skip
    """The shipped model, fitted on every block of ``sets``, and its card; the cut-off is
    :func:`line_cutoff` of site-grouped out-of-fold scores."""
    pages = label_pages(load(root, sets))
    X, y, groups, index = rows(pages)
    p = out_of_fold(X, y, groups, C)
    threshold = line_cutoff(pages, p, index)
    model = make_model(C).fit(X, y)
    per_set = {}
    datasets = np.asarray([pages[i].page.dataset for i in index])
    for name in sorted(set(datasets)):
        mask = datasets == name
        chosen = [lp for lp in pages if lp.page.dataset == name]
        per_set[name] = {
            "page blocks": chrome_at(p[mask], y[mask], threshold),
            "trafilatura's text": in_extracted_text(
                chosen, p[mask], np.unique(index[mask], return_inverse=True)[1], threshold
            ),
        }
    card = {
        "model": "page_blocks",
        "classifier": f"BlockFeatures (text shape, link density, tag path, class/id words, table kind, "
        f"position, neighbours; hashed) -> MaxAbsScaler -> LogisticRegression(C={C})",
        "trained_on": {
            "pages": dict(Counter(lp.page.dataset for lp in pages)),
            "blocks": int(len(y)),
            "chrome_blocks": int(y.sum()),
            "labels": "a block is article text when half its four-word runs are in the page's gold text, or, "
            "under four words, when it is a whole gold line or the headline; chrome otherwise",
        },
        "threshold": round(threshold, 4),
        "threshold_rule": f"P(chrome) above which {MAX_ARTICLE_FLAGGED:.1%} of the site-grouped out-of-fold article "
        "lines of trafilatura's text lie",
        "cross_validation": {"folds": FOLDS, "grouped_by": "site", "at_threshold": per_set},
        "held_out": "benchmarks/page_blocks_heldout.py (whole page sets held out)",
        "command": "quality train-blocks --data ../shared/datasets",
    }
    return model, card
