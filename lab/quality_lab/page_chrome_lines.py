"""Page chrome on what a pipeline feeds: trafilatura's output of real news pages, line by line.

The 181 ScrapingHub news pages are extracted with trafilatura and split into lines; a line is
article text when it is the page's headline or occurs in the gold article body
(``quality_lab.chrome_training.label``: verbatim once markers, quotes and case are folded, or with
half its five-word runs in the body), chrome otherwise. ``page_chrome`` reads each page's text
as one document, as it would in a pipeline, in two views of the same pages:

- *trafilatura's text*: its plain-text output, what a pipeline that extracted the text itself
  feeds (the issue's figure);
- *quality's HTML input*: ``quality score page.html``, trafilatura's output plus the structure
  ``quality.io.pages`` keeps from the page (captions, headings, lists, tables, links to the site's
  other pages), which the detectors read.

Printed: the share of chrome lines and of article lines flagged, with and without the learned
model's ``flag_lines``, and which kinds of finding made them. Then what the chrome lines left
unflagged in the text view are, sorted by simple rules into: the page's own title or standfirst
(its first two lines), captions of its own images (``quality.io.pages`` finds them in the HTML),
lines not in English, list items (mostly headlines of related stories), and the rest.

With ``--held-out``, ``page_chrome`` on quality's HTML input of two page sets nothing in it was
written from: the 130 readability test pages (lines labelled by their gold text as above) and
the 990 pages of trafilatura's evaluation set (a line is chrome when it holds one of the page's
``without`` snippets, article when it holds a ``with`` snippet; other lines are unlabelled).

    pip install ".[html]"
    python benchmarks/page_chrome_lines.py --data ../shared/datasets [--held-out]
"""

from __future__ import annotations

import argparse
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from quality.core.document import Document


@dataclass
class PageViews:
    """One page as trafilatura's text (its lines, 1 per chrome line, its image captions) and as
    quality's HTML input (the Document and one label per content line; None without text)."""

    lines: list[str]
    labels: list[int]
    captions: set[str]
    html: Document | None
    html_labels: list[int]


def page_views(data: Path) -> list[PageViews]:
    """Both views of every ScrapingHub page trafilatura finds text in."""
    from quality.core.article import parse
    from quality.io.pages import document_from_html
    from quality_lab.chrome_training import extracted_lines, label, scrapinghub, squash

    out = []
    for page in scrapinghub(data):
        lines = extracted_lines(page.html)
        if not lines:
            continue
        doc = document_from_html(page.html, "page", page.url)
        captions: set[str] = set()
        html_labels: list[int] = []
        if isinstance(doc, Document):
            captions = {squash(doc.text[s.start : s.end]) for s in doc.structure if s.kind == "caption"}
            html_labels = label([line.text for line in parse(doc).content_lines], page.gold, page.titles)
        html = doc if isinstance(doc, Document) else None
        out.append(PageViews(lines, label(lines, page.gold, page.titles), captions, html, html_labels))
    return out


_ENGLISH = frozenset("the a an of to in and is for on that with as at by from it was be are this".split())


def leftover_kind(line: str, index: int, captions: set[str]) -> str:
    """A rough name for an unflagged chrome line (see the module docstring)."""
    words = line.lower().split()
    if index <= 1:
        return "title or standfirst"
    if line in captions:
        return "own image caption"
    if len(words) >= 4 and not _ENGLISH.intersection(words) or sum(c.isascii() for c in line) < 0.8 * len(line):
        return "not English"
    if line.startswith(("- ", "• ", "* ")):
        return "list item"
    return "other"


def flagged_kinds(detector, document: Document | list[str]) -> list[str | None]:
    """Per content line (a list of lines is read as one plain-text document), the kind of the
    finding that covers it (None: not flagged)."""
    from quality.core.article import parse

    article = parse(document if isinstance(document, Document) else "\n".join(document))
    kinds = {f.start: f.kind for f in detector.detect(article).findings}
    return [kinds.get(line.start) for line in article.content_lines]


def _count(detector, views: list[tuple[Document | list[str], list[int]]]) -> dict:
    chrome, article = Counter(), Counter()
    for document, labels in views:
        for kind, is_chrome in zip(flagged_kinds(detector, document), labels, strict=True):
            if kind is not None:
                (chrome if is_chrome else article)[kind] += 1
    return {
        "chrome_lines": sum(sum(labels) for _, labels in views),
        "article_lines": sum(len(labels) - sum(labels) for _, labels in views),
        "on_chrome": dict(chrome.most_common()),
        "on_article": dict(article.most_common()),
    }


def measure(data: Path) -> dict:
    """Per view and detector setting, the line counts and the kinds flagged on chrome and on
    article lines; and what the default detector leaves of the chrome in trafilatura's text."""
    from quality.detectors.chrome import PageChrome

    pages = page_views(data)
    text = [(p.lines, p.labels) for p in pages]
    html = [(p.html, p.html_labels) for p in pages if p.html is not None]
    settings = {
        "page_chrome": _count(PageChrome(), text),
        "page_chrome, flag_lines": _count(PageChrome(flag_lines=True), text),
        "page_chrome, HTML input": _count(PageChrome(), html),
    }
    left = Counter()
    for p in pages:
        for i, (line, kind, is_chrome) in enumerate(
            zip(p.lines, flagged_kinds(PageChrome(), p.lines), p.labels, strict=True)
        ):
            if kind is None and is_chrome:
                left[leftover_kind(line, i, p.captions)] += 1
    return {
        "pages": len(pages),
        "chrome_lines": settings["page_chrome"]["chrome_lines"],
        "article_lines": settings["page_chrome"]["article_lines"],
        "settings": settings,
        "left": dict(left.most_common()),
        "left_html": dict(_left_by_structure(html).most_common()),
    }


def _left_by_structure(views: list[tuple[Document, list[int]]]) -> Counter:
    """Unflagged chrome lines of the HTML input by the structure the page gives them (caption,
    list, heading, table, else paragraph): a caption the gold body leaves out counts as chrome
    here, though it is content that ``caption_mismatch`` checks."""
    from quality.core.article import parse
    from quality.detectors.chrome import PageChrome

    left = Counter()
    for doc, labels in views:
        article = parse(doc)
        kinds = {s.start: s.kind for s in doc.structure if s.kind != "link"}
        flagged = {f.start for f in PageChrome().detect(article).findings}
        for line, is_chrome in zip(article.content_lines, labels, strict=True):
            if is_chrome and line.start not in flagged:
                left[kinds.get(line.start, "paragraph")] += 1
    return left


def held_out_views(data: Path) -> dict[str, list[tuple[Document, list[int | None]]]]:
    """quality's HTML input of the readability test pages and trafilatura's evaluation pages,
    one label per content line (1 chrome, 0 article, None unlabelled)."""
    import gzip
    import json

    from quality.core.article import parse
    from quality.io.pages import document_from_html
    from quality_lab.chrome_training import label, readability, squash

    out: dict[str, list] = {"readability test pages": [], "trafilatura evaluation pages": []}
    for page in readability(data):
        doc = document_from_html(page.html, page.site, page.url)
        if isinstance(doc, Document):
            lines = [line.text for line in parse(doc).content_lines]
            out["readability test pages"].append((doc, label(lines, page.gold, page.titles)))
    base = data / "trafilatura_eval"
    for url, entry in json.loads((base / "evaldata.json").read_text(encoding="utf-8")).items():
        path = next((p for p in (base / "eval" / f"{entry['file']}.gz", base / "cache" / f"{entry['file']}.gz")
                     if p.is_file()), None)  # fmt: skip
        if path is None:
            continue
        doc = document_from_html(gzip.decompress(path.read_bytes()), url, url)
        if not isinstance(doc, Document):
            continue
        keep, drop = [squash(x) for x in entry.get("with", []) if x], [squash(x) for x in entry.get("without", []) if x]
        labels = []
        for line in parse(doc).content_lines:
            article, chrome = any(x in line.text for x in keep), any(x in line.text for x in drop)
            labels.append(None if article == chrome else int(chrome))
        out["trafilatura evaluation pages"].append((doc, labels))
    return out


def measure_held_out(data: Path) -> dict:
    """Per held-out page set, ``page_chrome`` on its HTML input: counts as in :func:`measure`."""
    from quality.detectors.chrome import PageChrome

    out = {}
    for name, views in held_out_views(data).items():
        chrome, article = Counter(), Counter()
        for doc, labels in views:
            for kind, is_chrome in zip(flagged_kinds(PageChrome(), doc), labels, strict=True):
                if kind is not None and is_chrome is not None:
                    (chrome if is_chrome else article)[kind] += 1
        out[name] = {
            "pages": len(views),
            "chrome_lines": sum(x == 1 for _, labels in views for x in labels),
            "article_lines": sum(x == 0 for _, labels in views for x in labels),
            "on_chrome": dict(chrome.most_common()),
            "on_article": dict(article.most_common()),
        }
    return out


def _print_counts(name: str, kinds: dict) -> None:
    c, a = sum(kinds["on_chrome"].values()), sum(kinds["on_article"].values())
    n_chrome, n_article = kinds["chrome_lines"], kinds["article_lines"]
    print(
        f"  {name:<24} chrome lines flagged {c:>4}/{n_chrome} ({c / max(n_chrome, 1):.1%})   "
        f"article lines flagged {a:>4}/{n_article} ({a / max(n_article, 1):.2%})"
    )
    print(f"    on chrome:  {', '.join(f'{k} {v}' for k, v in kinds['on_chrome'].items())}")
    print(f"    on article: {', '.join(f'{k} {v}' for k, v in kinds['on_article'].items())}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=Path(__file__).resolve().parents[2] / "shared" / "datasets")
    ap.add_argument("--held-out", action="store_true", help="also the readability and trafilatura evaluation pages")
    args = ap.parse_args()
    m = measure(args.data)
    print(f"$ python benchmarks/page_chrome_lines.py   ({m['pages']} ScrapingHub pages through trafilatura)")
    for name, kinds in m["settings"].items():
        lines = f"({kinds['chrome_lines']} chrome lines, {kinds['article_lines']} article lines)"
        if name.endswith("HTML input"):
            print(f"  quality's HTML input {lines}:")
        elif name == "page_chrome":
            print(f"  trafilatura's text {lines}:")
        _print_counts(name, kinds)
    left = ", ".join(f"{k} {v}" for k, v in m["left"].items())
    print(f"  chrome lines page_chrome leaves in trafilatura's text: {left}")
    left = ", ".join(f"{k} {v}" for k, v in m["left_html"].items())
    print(f"  ... in quality's HTML input, by the page's structure: {left}")
    if args.held_out:
        for name, kinds in measure_held_out(args.data).items():
            print(f"  held out: {name} ({kinds['pages']} pages), quality's HTML input:")
            _print_counts("page_chrome, HTML input", kinds)


if __name__ == "__main__":
    main()
