"""Page chrome: what a scraper kept from the page around the article.

"Exit mobile version", "Similar Posts", share buttons, copyright footers, "3 min read",
author-bio lines that do not belong in a news story, rows of dots, and bylines or headings
printed twice. Each is a line-level pattern; the finding spans the whole line.

Patterns name what someone has seen; the learned line model (:mod:`quality.detectors.chrome_lines`,
trained on real pages grouped by site) decides which repeated sentences are chrome: a recipe
step or an interview question printed twice is not; a title or byline printed twice is. With
``flag_lines`` it also flags lines it calls chrome at a cut-off that flags 1% of real article
lines (off by default: see the README's measurements).
"""

from __future__ import annotations

import re
import unicodedata

from quality.core.article import Article, Span
from quality.core.report import DetectorResult, Finding
from quality.detectors.base import Detector, finding, register, saturate
from quality.detectors.phrases import Guarded

_BUTTONS = "tweet|print|email|whatsapp|facebook|twitter|linkedin|pinterest|reddit|copy link|more"
_SEPARATORS = re.compile(r"[\s|/·•,]+")
_SOCIAL = "twitter|x|instagram|facebook|threads|bluesky|linkedin|youtube|tiktok"  # "follow ... on <network>"
_LEGAL = (
    r"(?:terms (?:and|&) conditions|terms of (?:use|service)|privacy(?: policy| notice| statement)?"
    r"|cookie (?:policy|settings|preferences)|accessibility(?: statement)?|site ?map|contact us|about us"
    r"|advertise(?: with us)?)"
)


# (kind, pattern matched against one line with its runs of spaces made one space, detail)
LINE_PATTERNS: list[tuple[str, re.Pattern[str] | Guarded, str]] = [
    (
        "mobile_switch",
        re.compile(r"^(?:exit|view) (?:mobile|desktop|full) (?:version|site)$", re.I),
        "mobile-site link",
    ),
    (
        "related_links",
        re.compile(
            r"^(?:similar|similiar|related|recommended|more|popular|trending|latest|you may also like|read next)"
            r"(?: (?:posts?|articles?|stories|news|reads|videos|from \w+))?[:.…]*$"
            r"|^(?:most (?:read|popular|viewed)(?: (?:in|on) [\w .]{1,30})?|don'?t miss|explore further|see more|tags"
            r"|popular on [\w.]{2,30}|more from [\w .]{2,30}|recommended for you|trending now|also read|watch next):?$",
            re.I,
        ),
        "related-links block heading",
    ),
    (
        "related_links",
        # "Related: <headline>", "More: <headline>", "<headline> [INSIGHT]": one related story's link
        re.compile(
            r"^\[?(?:related(?: posts?| stories| articles?)?|see also|read also|read more|more|also|see more"
            r"|don'?t miss|watch|listen)\s*:\s*\S.{2,150}$",
            re.I,
        ),
        "related-story link",
    ),
    (
        "related_links",
        Guarded(
            ("]",),
            re.compile(
                r"\[(?:insight|reaction|news|video|pictures|pics|photos|live|poll|latest|revealed)\]\s*\|?$", re.I
            ),
        ),
        "related-story link",
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
    (
        "copyright",
        Guarded(
            ("copyright", "©", "(c)", "rights reserved", "commercial use"),
            re.compile(
                r"(?:^copyright\b|©|\(c\)\s*\d{4}|all rights reserved|for your personal,? non-?commercial use)", re.I
            ),
        ),
        "copyright footer",
    ),
    (
        "timestamp",
        # "Updated at 5:10 p.m. ET", "Published 18 November 2019", "2019-11-19T08:57:45+01:00"
        re.compile(
            r"^(?:- )?(?:updated|published|posted|last updated|first published)(?: on| at)?:? "
            r"(?:\d|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|mon|tue|wed|thu|fri|sat|sun).{0,50}$"
            r"|^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2})?(?:[+-]\d{2}:?\d{2}|Z)?$",
            re.I,
        ),
        "date or update stamp",
    ),
    (
        "page_tools",
        # the article's own tool bar as a line: "Print this article", "Email this story", "Font size", "A A A"
        re.compile(
            r"^(?:(?:print|e-?mail|save|bookmark|listen to|download)(?: this)? (?:article|story|page|post)"
            r"|font size|text size|(?:a[+-]? ?){2,3}|print page|printer[- ]friendly(?: version)?"
            r"|reprints?(?: (?:&|and) permissions)?)$",
            re.I,
        ),
        "article tool label",
    ),
    (
        "legal_links",
        # the site's footer links, one per line or a run of them: "Terms and Conditions | Privacy Policy"
        re.compile(
            rf"^{_LEGAL}(?:\s*[|·•]\s*{_LEGAL})*$",
            re.I,
        ),
        "site footer link",
    ),
    ("source_line", re.compile(r"^source ?: ?\S.{0,60}$", re.I), "source label"),
    (
        "affiliate_disclosure",
        Guarded(
            ("commission", "share of"),
            re.compile(r"\b(?:may|might|could) (?:get|earn|receive) (?:a share of|a (?:small )?commission)", re.I),
        ),
        "affiliate disclosure",
    ),
    (
        "read_time",
        Guarded(("read",), re.compile(r"\b\d{1,3}\s*(?:min|mins|minute|minutes)\.?\s+read\b", re.I)),
        "reading-time label",
    ),
    (
        "call_to_action",
        re.compile(
            r"^(?:subscribe|sign up|join our newsletter|click here|read more|continue reading|advertisement"
            r"|skip to (?:main )?content|follow us|download (?:our|the) app|log ?in|register|order reprints"
            r"|print article|tell us what you think|get the [\w ]{1,40} app|filed under\s*:)\b.{0,100}$"
            r"|^have a tip\?.{0,200}$|^comments?$"
            r"|^(?:like this (?:story|article)\?|if you (?:enjoyed|liked) this (?:article|story|post)\b)"
            # form messages a scraper keeps from a newsletter box
            r"|^(?:thanks|thank you) for (?:signing up|subscribing|registering)\b",
            re.I,
        ),
        "call to action",
    ),
    (
        "call_to_action",
        # "For more on the debt ceiling, click here.", "Can't see the video? Click here."
        Guarded(
            ("click", "error processing", "try again later"),
            re.compile(
                r"\bclick(?:ing)? here\b|\berror processing your subscription\b|\bplease try again later\W*$", re.I
            ),
        ),
        "call to action",
    ),
    (
        "credit_line",
        # "(Reporting by Will Dunham; Editing by Tom Brown)", "Elana Schor contributed to this report.",
        # "Write to Ken Thomas at ken.thomas@wsj.com", "Follow Todd Spangler on Twitter: @tsspangler".
        # "Reporting by" must name a person ("Reporting by The New York Times found ..." is prose).
        re.compile(
            r"^\(?(?:additional )?reporting by (?-i:[A-Z])[\w.'’-]+ (?-i:[A-Z])[\w.'’-]+"
            r"(?: (?:in|and|from) |[;,)]|\.?$)"
            r"|^(?:write to|e-?mail|contact|reach) (?:[\w.'’-]+ ){1,4}(?:on twitter )?at (?:\S+@\S+|https?://)"
            r"|^\S+@\S+\.[a-z]{2,}$"
            rf"|^follow (?:@\w+|(?:[\w.'’&-]+ ){{1,6}}on (?:{_SOCIAL})\b"
            r"|(?:[\w.'’&-]+ ){1,8}at https?://)",
            re.I,
        ),
        "reporting credit or contact line",
    ),
    (
        "credit_line",
        Guarded(
            ("editing by", "contributed", "reached at"),
            re.compile(
                r";\s*editing by (?-i:[A-Z])"
                r"|\bcontributed (?:reporting|to this (?:report|story|article))(?: from [\w ,.'’-]{1,60})?\.?\)?$"
                r"|\b(?:may|can) be reached at \S+@\S+",
                re.I,
            ),
        ),
        "reporting credit or contact line",
    ),
    (
        "newsletter",
        # "Get the Monitor Stories you care about delivered to your inbox.", "Sign up for our newsletter"
        Guarded(
            ("inbox", "newsletter"),
            re.compile(
                r"\byour inbox\b|\b(?:subscribe|sign up)\b[^.]{0,40}\bnewsletters?\b"
                r"|^get (?:our|the|their) [\w' ]{0,40}newsletter",
                re.I,
            ),
        ),
        "newsletter sign-up",
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
    (
        "author_bio",
        # the tail of a contributor's bio: "... Follow her on Twitter @KObradovich." An imperative
        # that opens a sentence: "Fans who follow her on Instagram saw the post" is a story.
        Guarded(
            ("follow",),
            re.compile(
                r"(?:^|[.!?]\s+)(?:you can )?follow (?:him|her|them|me)"
                rf"(?:(?: on)? (?:{_SOCIAL})\b| @\w)",
                re.I,
            ),
        ),
        "author bio line",
    ),
]
_MIN_DUPLICATE_WORDS = 2
_SPACES = re.compile(r"\s+")
_LONG_LINE = 2000
_LEARNED_MAX_CHARS = 300  # the learned model flags short lines only: prose paragraphs are never chrome


def _normalise(line: str) -> str:
    """Case, accents, curly quotes and spacing folded, so near-copies compare equal."""
    line = unicodedata.normalize("NFKC", line).casefold().replace("’", "'").replace("‘", "'")
    if len(line) > _LONG_LINE:  # one string out, no list of a million words: allocation stays linear
        return _SPACES.sub(" ", line).strip()
    return " ".join(line.split())


_LIST_OR_ROW = re.compile(r"^\s*(?:[-*•–—]\s|\d{1,3}[.)]\s)|[|│]")


def duplicate_lines(article: Article) -> list[Finding]:
    """The second copy of a line printed exactly twice (a byline or heading the scraper doubled).

    A line printed three times or more is the page's own structure (the labels of a meal plan,
    a table's header row, an interview's refrain), and a repeated list item or table row is
    content: on trafilatura's output of real news pages, those were 154 of the 159 repeated
    lines flagged as chrome that were article text (benchmarks/page_chrome_lines.py)."""
    seen: dict[str, int] = {}
    copies: dict[str, list[Span]] = {}
    for line in article.content_lines:
        key = _normalise(line.text)
        if key.count(" ") + 1 < _MIN_DUPLICATE_WORDS:
            continue
        if key not in seen:
            seen[key] = line.start
        elif not _LIST_OR_ROW.search(line.text):  # checked only for the few repeated lines
            copies.setdefault(key, []).append(line)
    return [
        finding(article, "duplicate_line", lines[0].start, lines[0].end, f"repeats the line at offset {seen[key]}")
        for key, lines in copies.items()
        if len(lines) == 1
    ]


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


def site_links(article: Article, flagged: set[int]) -> list[Finding]:
    """Lines the page's HTML shows are wholly a link to another page of the same site: the
    headlines of a related-stories list, which plain text cannot tell from a short paragraph."""
    links = {s.start: s.target for s in article.structure if s.kind == "link"}
    if not links:
        return []
    return [
        finding(article, "related_links", line.start, line.end, f"links to the site's page {links[line.start]}")
        for line in article.content_lines
        if line.start in links and line.start not in flagged
    ]


def page_blocks(article: Article, flagged: set[int]) -> list[Finding]:
    """Lines of a web page that the page-block model, reading the page's structure, calls
    chrome (:mod:`quality.io.block_model`); the span says what drove it."""
    chrome = {s.start: s.target or "" for s in article.structure if s.kind == "chrome"}
    if not chrome:
        return []
    return [
        finding(article, "page_block", line.start, line.end, chrome[line.start])
        for line in article.content_lines
        if line.start in chrome and line.start not in flagged
    ]


def _ends_sentence(line: str) -> bool:
    return line.rstrip()[-1:] in ".!?…:;\"”’'"


def _learned_model():
    """The shipped line model (imported on first use: it needs scikit-learn, ``import quality`` does not)."""
    from quality.detectors.chrome_lines import shipped

    return shipped()


@register
class PageChrome(Detector):
    """Scraping leftovers; ``scale`` is the number of chrome lines where the score is ~0.63."""

    name = "page_chrome"
    weight = 0.4  # default share of quality one full-strength finding removes (policy can change it)
    label = "page chrome"
    colour = "#d9c2f0"

    def __init__(self, scale: float = 3.0, learned: bool = True, duplicate_at: float = 0.5, flag_lines: bool = False):
        self.scale = scale
        self.learned = learned
        self.duplicate_at = duplicate_at
        # Off by default: at its cut-off (1% of article lines) it adds 3 chrome lines and 3
        # article lines on trafilatura's output of real pages (benchmarks/page_chrome_lines.py).
        self.flag_lines = flag_lines

    def detect(self, article: Article) -> DetectorResult:
        found = chrome_lines(article)
        found += site_links(article, {f.start for f in found})
        found += page_blocks(article, {f.start for f in found})
        flagged = {f.start for f in found}
        model = _learned_model() if self.learned else None
        lines = article.content_lines
        if model is not None and self.flag_lines and lines:
            for line, x in zip(lines, model.proba([line.text for line in lines]), strict=True):
                if x >= model.threshold and line.start not in flagged and len(line.text) < _LEARNED_MAX_CHARS:
                    found.append(
                        finding(article, "chrome_line", line.start, line.end, f"learned chrome line, P={x:.2f}")
                    )
                    flagged.add(line.start)
        found += self._chrome_duplicates(
            article, [f for f in duplicate_lines(article) if f.start not in flagged], model
        )
        found.sort(key=lambda f: (f.start, f.end))
        kinds: dict[str, float] = {}
        for f in found:
            kinds[f.kind] = kinds.get(f.kind, 0.0) + 1.0
        features = {"lines": float(len(found)), "duplicate_lines": kinds.get("duplicate_line", 0.0)}
        return DetectorResult(saturate(len(found), self.scale), found, features)

    def _chrome_duplicates(self, article: Article, dupes: list[Finding], model) -> list[Finding]:
        """A repeated title, byline or label (no closing punctuation) is a copy the scraper made; a
        repeated sentence (recipe step, interview question) only when the model calls it chrome.
        The model runs only for documents with a repeated sentence, which are few."""
        sentences = [f for f in dupes if _ends_sentence(f.text)]
        if model is None or not sentences:
            return dupes
        index = {line.start: i for i, line in enumerate(article.content_lines)}
        p = model.proba([line.text for line in article.content_lines], only=[index[f.start] for f in sentences])
        chrome = {f.start for f, x in zip(sentences, p, strict=True) if x >= self.duplicate_at}
        return [f for f in dupes if not _ends_sentence(f.text) or f.start in chrome]
