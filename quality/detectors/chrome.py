"""Page chrome: what a scraper kept from the page around the article.

"Exit mobile version", "Similar Posts", share buttons, copyright footers, "3 min read",
author-bio lines that do not belong in a news story, rows of dots, and bylines or headings
printed twice. Each is a line-level pattern; the finding spans the whole line.
"""

from __future__ import annotations

import re
import unicodedata

from quality.article import Article
from quality.detectors.base import Detector, finding, register, saturate
from quality.report import DetectorResult, Finding

_BUTTONS = "tweet|print|email|whatsapp|facebook|twitter|linkedin|pinterest|reddit|copy link|more"
_SEPARATORS = re.compile(r"[\s|/·•,]+")
# (kind, pattern matched against one line with its runs of spaces made one space, detail)
LINE_PATTERNS: list[tuple[str, re.Pattern[str], str]] = [
    (
        "mobile_switch",
        re.compile(r"^(?:exit|view) (?:mobile|desktop|full) (?:version|site)$", re.I),
        "mobile-site link",
    ),
    (
        "related_links",
        re.compile(
            r"^(?:similar|similiar|related|recommended|more|popular|trending|latest|you may also like|read next)"
            r"(?: (?:posts?|articles?|stories|news|reads|videos|from \w+))?:?$",
            re.I,
        ),
        "related-links block heading",
    ),
    (
        "share_buttons",
        # Matched on the line with separators turned into single spaces (see chrome_lines), so
        # each button name is followed by exactly one space: no way to split the line twice.
        re.compile(
            rf"^(?:share(?: this(?: article| story| post| page)?| on (?:facebook|twitter|x|linkedin|whatsapp))?"
            rf"|{_BUTTONS})(?: (?:{_BUTTONS}))*:?$",
            re.I,
        ),
        "share buttons",
    ),
    ("copyright", re.compile(r"(?:^copyright\b|©|\(c\)\s*\d{4}|all rights reserved)", re.I), "copyright footer"),
    ("read_time", re.compile(r"\b\d{1,3}\s*(?:min|mins|minute|minutes)\.?\s+read\b", re.I), "reading-time label"),
    (
        "call_to_action",
        re.compile(
            r"^(?:subscribe|sign up|join our newsletter|click here|read more|continue reading|advertisement"
            r"|skip to (?:main )?content|follow us|download (?:our|the) app|log ?in|register)\b.{0,60}$",
            re.I,
        ),
        "call to action",
    ),
    ("dots", re.compile(r"^(?:[.·•…*_\-=~]\s*){3,}$"), "row of dots or rules"),
    (
        "author_bio",
        re.compile(
            r"^(?:[A-Z][\w.'-]+ ){0,3}(?:is |was )?[Aa]n? (?:[\w-]+ ){0,4}"
            r"(?:journalist|writer|reporter|editor|author|blogger|contributor|correspondent|enthusiast)\b"
            r".{0,160}$"
        ),
        "author bio line",
    ),
]
_MIN_DUPLICATE_WORDS = 2
_SPACES = re.compile(r"\s+")
_LONG_LINE = 2000


def _normalise(line: str) -> str:
    """Case, accents, curly quotes and spacing folded, so near-copies compare equal."""
    line = unicodedata.normalize("NFKC", line).casefold().replace("’", "'").replace("‘", "'")
    if len(line) > _LONG_LINE:  # one string out, no list of a million words: allocation stays linear
        return _SPACES.sub(" ", line).strip()
    return " ".join(line.split())


def duplicate_lines(article: Article) -> list[Finding]:
    """Later copies of an earlier line (bylines and headings printed twice)."""
    seen: dict[str, int] = {}
    out = []
    for line in article.content_lines:
        key = _normalise(line.text)
        if key.count(" ") + 1 < _MIN_DUPLICATE_WORDS:
            continue
        if key in seen:
            out.append(
                finding(article, "duplicate_line", line.start, line.end, f"repeats the line at offset {seen[key]}")
            )
        else:
            seen[key] = line.start
    return out


def chrome_lines(article: Article) -> list[Finding]:
    out = []
    for line in article.content_lines:
        words = line.text.split(maxsplit=41)
        if len(words) > 40:
            continue  # chrome is short; long lines are prose
        text = " ".join(words)
        buttons = _SEPARATORS.sub(" ", text).strip()
        for kind, pattern, detail in LINE_PATTERNS:
            if pattern.search(buttons if kind == "share_buttons" else text):
                out.append(finding(article, kind, line.start, line.end, detail))
                break
    return out


@register
class PageChrome(Detector):
    """Scraping leftovers; ``scale`` is the number of chrome lines where the score is ~0.63."""

    name = "page_chrome"
    label = "page chrome"
    colour = "#d9c2f0"

    def __init__(self, scale: float = 3.0):
        self.scale = scale

    def detect(self, article: Article) -> DetectorResult:
        found = chrome_lines(article)
        flagged = {f.start for f in found}
        found += [f for f in duplicate_lines(article) if f.start not in flagged]
        found.sort(key=lambda f: (f.start, f.end))
        kinds: dict[str, float] = {}
        for f in found:
            kinds[f.kind] = kinds.get(f.kind, 0.0) + 1.0
        features = {"lines": float(len(found)), "duplicate_lines": kinds.get("duplicate_line", 0.0)}
        return DetectorResult(saturate(len(found), self.scale), found, features)
