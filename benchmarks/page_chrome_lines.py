"""Page chrome on what a pipeline feeds: trafilatura's output of real news pages, line by line.

The 181 ScrapingHub news pages are extracted with trafilatura (as ``quality.pages`` does) and
split into lines; a line is article text when it is the page's headline or occurs in the gold
article body (``quality.chrome_training.label``: verbatim once markers, quotes and case are
folded, or with half its five-word runs in the body), chrome otherwise. ``page_chrome`` reads
each page's text as one document, as it would in a pipeline. Printed: the share of chrome lines
and of article lines it flags, with and without the learned model's ``flag_lines``, and which
kinds of finding made them. Then what the chrome lines left unflagged are, sorted by simple
rules into: the page's own title or standfirst (its first two lines), captions of its own images
(``quality.pages`` finds them in the HTML), lines not in English, list items (mostly headlines
of related stories), and the rest.

    pip install ".[html]"
    python benchmarks/page_chrome_lines.py --data ../shared/datasets
"""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path


def pages_as_lines(data: Path) -> list[tuple[list[str], list[int], set[str]]]:
    """(trafilatura's lines of a page, 1 per chrome line, the page's image captions) for every
    ScrapingHub page with text."""
    from quality.chrome_training import extracted_lines, label, scrapinghub, squash
    from quality.document import Document
    from quality.pages import document_from_html

    out = []
    for page in scrapinghub(data):
        lines = extracted_lines(page.html)
        if not lines:
            continue
        doc = document_from_html(page.html, "page")
        captions = set()
        if isinstance(doc, Document):
            captions = {squash(doc.text[s.start : s.end]) for s in doc.structure if s.kind == "caption"}
        out.append((lines, label(lines, page.gold, page.titles), captions))
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


def flagged_kinds(detector, lines: list[str]) -> list[str | None]:
    """Per line, the kind of the finding that covers it (None: not flagged)."""
    from quality.article import parse

    article = parse("\n".join(lines))
    kinds = {f.start: f.kind for f in detector.detect(article).findings}
    out, at = [], 0
    for line in lines:
        out.append(kinds.get(at))
        at += len(line) + 1
    return out


def measure(data: Path) -> dict:
    """Per detector setting, the kinds flagged on chrome and on article lines; the line counts;
    and what the default detector leaves of the chrome."""
    from quality.detectors.chrome import PageChrome

    pages = pages_as_lines(data)
    out: dict = {
        "pages": len(pages),
        "chrome_lines": sum(sum(labels) for _, labels, _ in pages),
        "article_lines": sum(len(labels) - sum(labels) for _, labels, _ in pages),
        "settings": {},
    }
    left = Counter()
    for name, detector in [("page_chrome", PageChrome()), ("page_chrome, flag_lines", PageChrome(flag_lines=True))]:
        chrome, article = Counter(), Counter()
        for lines, labels, captions in pages:
            for i, (line, kind, is_chrome) in enumerate(
                zip(lines, flagged_kinds(detector, lines), labels, strict=True)
            ):
                if kind is not None:
                    (chrome if is_chrome else article)[kind] += 1
                elif is_chrome and name == "page_chrome":
                    left[leftover_kind(line, i, captions)] += 1
        out["settings"][name] = {"on_chrome": dict(chrome.most_common()), "on_article": dict(article.most_common())}
    out["left"] = dict(left.most_common())
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=Path(__file__).resolve().parents[2] / "shared" / "datasets")
    args = ap.parse_args()
    m = measure(args.data)
    n_chrome, n_article = m["chrome_lines"], m["article_lines"]
    print(
        f"$ python benchmarks/page_chrome_lines.py   ({m['pages']} ScrapingHub pages through trafilatura: "
        f"{n_chrome} chrome lines, {n_article} article lines)"
    )
    for name, kinds in m["settings"].items():
        c, a = sum(kinds["on_chrome"].values()), sum(kinds["on_article"].values())
        print(
            f"  {name:<24} chrome lines flagged {c:>4}/{n_chrome} ({c / max(n_chrome, 1):.1%})   "
            f"article lines flagged {a:>4}/{n_article} ({a / max(n_article, 1):.2%})"
        )
        print(f"    on chrome:  {', '.join(f'{k} {v}' for k, v in kinds['on_chrome'].items())}")
        print(f"    on article: {', '.join(f'{k} {v}' for k, v in kinds['on_article'].items())}")
    print(f"  chrome lines page_chrome leaves: {', '.join(f'{k} {v}' for k, v in m['left'].items())}")


if __name__ == "__main__":
    main()
