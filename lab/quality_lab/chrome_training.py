"""Train and evaluate the chrome-line model on real pages, grouped by site.

Labelled lines come from pages whose article body is known (``../shared/datasets``):

- ``scrapinghub_extraction``: 181 news pages with the gold ``articleBody``;
- ``readability_testpages``: 130 pages with the gold ``expected.html``.

Each page gives two kinds of lines, both labelled by the gold body (a line is article text when
it occurs in the gold body, whitespace collapsed; chrome otherwise):

- its *visible* lines: jusText's paragraph segmentation of the whole page, which is what a
  naive HTML-to-text step feeds a pipeline;
- its *extracted* lines: trafilatura's output, which is what a careful pipeline feeds, where the
  chrome left is the hard kind.

Folds are grouped by site (the page URL's domain), so no site is in both train and test: the
model is measured on sites it has never seen, as users will run it.
"""

from __future__ import annotations

import gzip
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from quality.detectors.chrome_lines import LineContext, LineFeatures, contexts

FOLDS = 5
MAX_ARTICLE_FLAGGED = 0.01  # the cut-off is set so at most 1% of article lines are flagged


def squash(text: str) -> str:
    return " ".join(text.split())


@dataclass
class Page:
    """One page: its site, its HTML, its gold article text (whitespace collapsed)."""

    site: str
    dataset: str
    html: bytes
    gold: str
    titles: tuple[str, ...] = ()  # the page's headline(s) and standfirst: article text the gold bodies leave out
    url: str | None = None


@dataclass
class Lines:
    """A page's lines as one source presents them, labelled: 1 chrome, 0 article."""

    page: int
    view: str  # "visible" or "extracted"
    lines: list[str]
    labels: list[int]
    justext_chrome: list[int] | None = None  # jusText's own call, for the visible view


def _site(url: str) -> str:
    from quality.core.domains import normalise_domain

    return normalise_domain(url) or url


def scrapinghub(root: Path) -> Iterator[Page]:
    base = root / "scrapinghub_extraction"
    gold = json.loads((base / "ground-truth.json").read_text(encoding="utf-8"))
    for key, page in sorted(gold.items()):
        path = base / "html" / f"{key}.html.gz"
        if path.is_file() and page.get("articleBody"):
            html = gzip.decompress(path.read_bytes())
            gold_body = squash(page["articleBody"])
            yield Page(_site(page.get("url", key)), "scrapinghub", html, gold_body, headlines(html), page.get("url"))


def readability(root: Path) -> Iterator[Page]:
    import lxml.html

    for folder in sorted((root / "readability_testpages" / "pages").iterdir()):
        source, expected = folder / "source.html.gz", folder / "expected.html.gz"
        if not (source.is_file() and expected.is_file()):
            continue
        meta = folder / "expected-metadata.json"
        url = json.loads(meta.read_text(encoding="utf-8")).get("url", "") if meta.is_file() else ""
        gold = lxml.html.fromstring(gzip.decompress(expected.read_bytes())).text_content()
        html = gzip.decompress(source.read_bytes())
        site = _site(url) if url else folder.name
        yield Page(site, "readability", html, squash(gold), headlines(html), url or None)


_TITLE_SEPARATOR = re.compile(r"\s+(?:[|–—:-]|::)\s+")


def headlines(html: bytes) -> tuple[str, ...]:
    """The story's own title and standfirst as the page states them: og:title, twitter:title,
    every h1, <title> with and without its site-name part, and the page's description (the
    dek under the headline). Gold bodies omit both; without this the model learns that a
    story's title and summary lines are chrome."""
    from quality.io.pages import parse_page

    tree = parse_page(html)
    if tree is None:
        return ()
    found = tree.xpath('//meta[@property="og:title" or @name="twitter:title"]/@content')
    found += [node.text_content() for node in tree.iter("h1", "title")]
    summaries = tree.xpath(
        '//meta[@name="description" or @property="og:description" or @name="twitter:description"]/@content'
    )
    out = list(map(squash, summaries))
    for title in map(squash, found):
        out.append(title)
        out.extend(_TITLE_SEPARATOR.split(title))
    return tuple(sorted({t for t in out if len(t.split()) >= 3}))


def load_pages(root: Path) -> list[Page]:
    return [*scrapinghub(root), *readability(root)]


def visible_lines(html: bytes) -> tuple[list[str], list[int]]:
    """jusText's paragraphs of the whole page and, per paragraph, whether jusText calls it chrome."""
    import justext

    paragraphs = justext.justext(html, justext.get_stoplist("English"))
    kept = [(squash(p.text), int(p.class_type != "good")) for p in paragraphs if p.text.strip()]
    return [t for t, _ in kept], [c for _, c in kept]


def extracted_lines(html: bytes) -> list[str]:
    import trafilatura

    text = trafilatura.extract(html, include_comments=False, include_tables=True, favor_precision=False) or ""
    return [squash(line) for line in text.splitlines() if line.strip()]


_MARKERS = re.compile(r"^[-•*]\s+|[|│]")
_QUOTES = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'", "\u00a0": " "})
SHINGLE = 5
_WHOLE_WORDS = 4


def _norm(text: str) -> str:
    return squash(_MARKERS.sub(" ", text).translate(_QUOTES)).casefold()


def _shingles(words: list[str]) -> set[tuple[str, ...]]:
    return {tuple(words[i : i + SHINGLE]) for i in range(len(words) - SHINGLE + 1)}


def label(lines: list[str], gold: str, titles: tuple[str, ...] = ()) -> list[int]:
    """1 (chrome) unless the line is the page's headline or in the gold body: verbatim once list
    and table markers, quotes and case are folded (as whole words for a line of under four
    words), or, for a line the extractor joined or split differently, with at least half its
    five-word runs in the gold body."""
    gold = _norm(gold)
    gold_shingles = _shingles(gold.split())
    headline = {_norm(t) for t in titles}
    out = []
    padded = f" {gold} "
    for line in lines:
        text = _norm(line)
        # a short line counts as in the gold only as whole words ("8" is in any body, "8 ways" is not)
        found = text in gold if len(text.split()) >= _WHOLE_WORDS else f" {text} " in padded
        if not text or found or text in headline:
            out.append(0)
            continue
        own = _shingles(text.split())
        out.append(int(not own or len(own & gold_shingles) < 0.5 * len(own)))
    return out


def build(pages: list[Page]) -> list[Lines]:
    """Both views of every page, labelled by its gold body."""
    out = []
    for i, page in enumerate(pages):
        visible, justext_calls = visible_lines(page.html)
        if visible:
            out.append(Lines(i, "visible", visible, label(visible, page.gold, page.titles), justext_calls))
        extracted = extracted_lines(page.html)
        if extracted:
            out.append(Lines(i, "extracted", extracted, label(extracted, page.gold, page.titles)))
    return out


def rows(docs: list[Lines]) -> tuple[list[LineContext], np.ndarray, np.ndarray, np.ndarray]:
    """Flattened line contexts, labels, page index and view of every line."""
    X, y, page, view = [], [], [], []
    for d in docs:
        X.extend(contexts(d.lines))
        y.extend(d.labels)
        page.extend([d.page] * len(d.lines))
        view.extend([d.view] * len(d.lines))
    return X, np.asarray(y), np.asarray(page), np.asarray(view)


# Strong regularisation and the classes' own frequencies: on site-grouped folds C = 0.1 without
# class weights beat C = 1 with balanced weights (visible-line chrome F1 0.927 vs 0.912), so a
# page's lines are judged by what generalises across sites, not by one site's words.
DEFAULT_C = 0.1


def make_model(C: float = DEFAULT_C):
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import Pipeline
    from sklearn.preprocessing import MaxAbsScaler

    return Pipeline(
        [
            ("features", LineFeatures()),
            ("scale", MaxAbsScaler()),
            ("model", LogisticRegression(C=C, max_iter=3000)),
        ]
    )


def cutoff(p_article_lines: np.ndarray, share: float = MAX_ARTICLE_FLAGGED) -> float:
    """The P(chrome) above which at most ``share`` of these article lines lie."""
    return float(np.quantile(p_article_lines, 1.0 - share)) if len(p_article_lines) else 0.5


def out_of_fold(X, y, sites: np.ndarray, C: float = DEFAULT_C) -> tuple[np.ndarray, np.ndarray]:
    """Site-grouped out-of-fold P(chrome), and per line the cut-off its fold's training set chose
    (from inner out-of-fold scores of article lines, so the cut-off is honest too)."""
    from sklearn.model_selection import GroupKFold

    p = np.zeros(len(y))
    cut = np.zeros(len(y))
    for train, test in GroupKFold(n_splits=FOLDS).split(X, y, sites):
        inner = np.zeros(len(train))
        for itr, ite in GroupKFold(n_splits=3).split(train, y[train], sites[train]):
            m = make_model(C).fit([X[i] for i in train[itr]], y[train[itr]])
            inner[ite] = m.predict_proba([X[i] for i in train[ite]])[:, 1]
        model = make_model(C).fit([X[i] for i in train], y[train])
        p[test] = model.predict_proba([X[i] for i in test])[:, 1]
        cut[test] = cutoff(inner[y[train] == 0])
    return p, cut


def f1(pred: np.ndarray, y: np.ndarray) -> tuple[float, float, float]:
    """Chrome-line precision, recall, F1 (chrome is the positive class)."""
    tp = float(np.sum(pred & (y == 1)))
    precision = tp / max(1, pred.sum())
    recall = tp / max(1, (y == 1).sum())
    return precision, recall, 2 * precision * recall / max(1e-9, precision + recall)


def evaluate(pages: list[Page], docs: list[Lines], C: float = DEFAULT_C) -> tuple[dict, np.ndarray, np.ndarray]:
    """Site-grouped out-of-fold measures, on the ScrapingHub news pages, beside jusText and trafilatura."""
    X, y, page, view = rows(docs)
    sites = np.asarray([pages[i].site for i in page])
    p, cut = out_of_fold(X, y, sites, C)
    news = np.asarray([pages[i].dataset == "scrapinghub" for i in page])
    visible, extracted = news & (view == "visible"), news & (view == "extracted")
    justext = np.concatenate([d.justext_chrome for d in docs if d.view == "visible"]).astype(bool)
    # trafilatura's call on a visible line: chrome when the line is not in its output
    kept = {d.page: {squash(line) for line in d.lines} for d in docs if d.view == "extracted"}
    trafilatura = np.asarray([squash(x.text) not in kept.get(i, set()) for x, i in zip(X, page, strict=True)])
    vis_all = view == "visible"
    out = {
        "lines": {"visible": int(visible.sum()), "extracted": int(extracted.sum())},
        "visible_chrome_f1": {
            "model (P >= 0.5)": f1(p[visible] >= 0.5, y[visible]),
            "jusText": f1(justext[news[vis_all]], y[visible]),
            "trafilatura": f1(trafilatura[visible], y[visible]),
        },
        "extracted": {
            "chrome_flagged_at_cutoff": float(np.mean(p[extracted & (y == 1)] >= cut[extracted & (y == 1)])),
            "article_flagged_at_cutoff": float(np.mean(p[extracted & (y == 0)] >= cut[extracted & (y == 0)])),
            "chrome_flagged_at_0.5": float(np.mean(p[extracted & (y == 1)] >= 0.5)),
            "article_flagged_at_0.5": float(np.mean(p[extracted & (y == 0)] >= 0.5)),
        },
    }
    return out, p, y


def train(root: Path, C: float = DEFAULT_C) -> tuple[object, dict]:
    """The shipped model, fitted on every labelled line, and its card (measures from site-grouped CV).
    The cut-off is where at most 1% of the out-of-fold extracted article lines lie above it."""
    pages = load_pages(root)
    docs = build(pages)
    measures, p, y = evaluate(pages, docs, C)
    X, y, _, view = rows(docs)
    threshold = cutoff(p[(view == "extracted") & (y == 0)])
    model = make_model(C).fit(X, y)
    card = {
        "model": "chrome_lines",
        "classifier": "LineFeatures (shape, position, neighbours, hashed words) -> MaxAbsScaler -> "
        f"LogisticRegression(C={C})",
        "trained_on": {
            "pages": {
                "scrapinghub_extraction": sum(p.dataset == "scrapinghub" for p in pages),
                "readability_testpages": sum(p.dataset == "readability" for p in pages),
            },
            "lines": int(len(y)),
            "chrome_lines": int(y.sum()),
            "labels": "a line is article text when it is the page's headline (og:title, h1, <title> without the "
            "site name) or standfirst (its description meta) or occurs in its gold body (markers, quotes, case "
            "folded; or half its five-word runs in it); chrome otherwise",
        },
        "threshold": round(threshold, 4),
        "threshold_rule": "P(chrome) above which 1% of out-of-fold article lines of extracted text lie",
        "cross_validation": {"folds": FOLDS, "grouped_by": "site (page URL domain)", "results": measures},
        "command": "quality train-lines --data ../shared/datasets",
    }
    return model, card
