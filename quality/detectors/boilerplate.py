"""AI boilerplate: the sections a content-farm template writes, not the words a reporter does.

Works on lines and sections, not single words: template headings ("Understanding the ...",
"To Wrap it Up"), generic bullet lists (``• Label: description`` with no numbers), flattened
tables (runs of short unpunctuated lines), and sentences carrying stock phrases mined from
machine- vs human-written news (``quality/data/ai_phrases.txt``). Normal subheads and fact
lists with numbers are left alone: the mark of a template is genericity.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from functools import lru_cache

from quality.assets import news_tfidf
from quality.core.article import Article, Span
from quality.core.report import DetectorResult, Finding
from quality.detectors.base import Detector, finding, register, saturate
from quality.detectors.phrases import PhraseMatcher, data_lines, weighted_matcher

BULLET = re.compile(r"^\s*(?:[•·▪●◦■►✓*]|[-–—](?=\s))\s*")
_FINAL_PUNCT = re.compile(r"[.!?;:,\"”’)]\s*$")
_DIGIT = re.compile(r"\d")
_MAX_HEADING_WORDS = 12
_MAX_ROW_WORDS = 14
_MIN_TABLE_ROWS = 3
# The header row of a flattened two-column table: "Focus Areas Description", "Potential Outcome
# Impact on Stability", "Initiative Description".
_TABLE_HEADER = re.compile(
    r"\b(?:description|details|impact(?: on [\w ]+)?|outcomes?|status|role|purpose|benefits?|goals?"
    r"|objectives?|explanation|significance|effects?|results?)$",
    re.I,
)


def phrase_matcher() -> tuple[PhraseMatcher, dict[str, float]]:
    """The reviewed stock-phrase list as one trie-shaped pattern, and each phrase's weight."""
    return weighted_matcher("ai_phrases.txt")


@lru_cache(maxsize=1)
def heading_matcher() -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in data_lines("template_headings.txt")), re.I)


# A heading's decoration, not its words: "1. ", "IV) ", "📋 ", "## ", and a closing colon.
_HEADING_NUMBER = re.compile(r"^\s*(?:\d{1,2}|[IVX]{1,4}|[A-Z])[.)]\s+(?=\S)")
_HEADING_SYMBOLS = re.compile(r"^[^\w\s\"'“‘(\[]+\s*")
_HEADING_COLON = re.compile(r"\s*:\s*$")


def heading_text(line: str) -> str | None:
    """The words of a line shaped like a heading, whatever decorates it: numbering ("1. Alleged
    Interference"), a leading emoji or symbol ("📋 Detailed Analysis"), a closing colon ("Key
    Moments:") or question mark ("What Happens Next?"); ``None`` for a line that is not one."""
    text = line.strip()
    if BULLET.match(text):
        return None
    text = _HEADING_SYMBOLS.sub("", _HEADING_NUMBER.sub("", text)).strip()
    text = _HEADING_COLON.sub("", text)
    core = text[:-1].rstrip() if text.endswith("?") else text
    return core if core and is_heading(core) and core[:1].isupper() else None


def is_heading(line: str) -> bool:
    """A short line with letters and no final punctuation, not a bullet."""
    words = line.split()
    return 0 < len(words) <= _MAX_HEADING_WORDS and not _FINAL_PUNCT.search(line) and not BULLET.match(line)


def runs(article: Article, keep) -> list[list[Span]]:
    """Maximal runs of adjacent content lines (no blank line between) for which ``keep(line)`` holds.
    Adjacency is by line number, so ``\\n``, ``\\r\\n`` and ``\\r`` endings read the same."""
    found: list[list[Span]] = []
    current: list[Span] = []
    for line in article.content_lines:
        adjacent = current and article.line_index(line) == article.line_index(current[-1]) + 1
        if keep(line) and (not current or adjacent):
            current.append(line)
            continue
        if current:
            found.append(current)
        current = [line] if keep(line) else []
    if current:
        found.append(current)
    return found


def template_headings(article: Article) -> list[Finding]:
    matcher = heading_matcher()
    out = []
    for line in article.content_lines:
        text = heading_text(line.text)
        if text and not _DIGIT.search(text) and matcher.match(text):
            out.append(finding(article, "template_heading", line.start, line.end, "generic template heading"))
    return out


_WORDS = re.compile(r"[a-z]+")
# Words that carry no topic: a heading made only of these and generic words could head any article.
_HEADING_STOP = frozenset(
    "a an the and or of to in on for with from by at as about into over what you your we our us it its is are "
    "be why how who when where which this that these those need know here there more most all any can will".split()
)
_TOPIC_IDF = 5.0  # news IDF above which a word is specific enough to name a topic
_MAX_SECTION_LINES = 12
_GENERIC_SECTION = 2.0  # specifics (numbers, dates, names, quotes, sources) per 100 words, at most


def generic_headings(article: Article, known: set[int], other_evidence: bool = True) -> list[Finding]:
    """Template headings no list names, recognised by a template's shape rather than its words:
    a short heading with no number and no word that names this article's topic (a distinctive
    word repeated in the body), over a section without facts (few numbers, dates, names, quotes
    or sources per 100 words); at least two such sections, making up most of the article's
    headings, because a template is a series of them; and ``other_evidence`` of a template in
    the article (a listed heading, a generic list, a stock phrase). Real subheads name their
    story ("Range and charging" over an electric car's figures) or sit over reporting; a
    title line of more than three words is never judged."""
    lines = article.content_lines
    first = 0 if lines and len(lines[0].text.split()) <= 3 else 1  # a longer first line is the title
    candidates = [
        i for i, line in enumerate(lines[first:], first) if line.start not in known and _heading_like(line.text)
    ]
    if len(candidates) < 2 or not other_evidence:
        return []
    idf = news_tfidf.idf()
    specifics_per_100 = _section_specificity(article)
    heading_at = set(candidates)
    body_counts: dict[str, int] = {}
    for i, line in enumerate(lines):
        if i not in heading_at:
            for w in _WORDS.findall(line.text.lower()):
                body_counts[w] = body_counts.get(w, 0) + 1
    found = []
    for k, i in enumerate(candidates):
        words = [w for w in _WORDS.findall(lines[i].text.lower()) if w not in _HEADING_STOP]
        if any(body_counts.get(w, 0) >= 2 and idf.get(w, 99.0) >= _TOPIC_IDF for w in words):
            continue  # names the story's topic
        end = min(candidates[k + 1] if k + 1 < len(candidates) else len(lines), i + 1 + _MAX_SECTION_LINES)
        if end == i + 1:
            continue  # a heading over nothing is not a section
        if specifics_per_100(lines[i + 1].start, lines[end - 1].end) <= _GENERIC_SECTION:
            found.append(finding(article, "template_heading", lines[i].start, lines[i].end, "generic section heading"))
    headings = len(known) + sum(is_heading(line.text) for line in lines[first:] if line.start not in known)
    return found if len(found) >= 2 and len(found) + len(known) >= 0.5 * headings else []


def _heading_like(text: str) -> bool:
    core = heading_text(text)
    return core is not None and len(core.split()) <= 8 and not _DIGIT.search(core)


def _section_specificity(article: Article):
    """``(start, end) -> facts per 100 words`` of the sentences starting in that range, from one
    pass of the filler detector's fact counts over the article and prefix sums, so judging any
    number of sections stays linear. Bullet items ("• Label: description") are left out: they
    capitalise their labels, and the list rule judges them."""
    from quality.detectors.filler import features_of  # the filler detector's fact counts

    sentences = article.sentences
    starts = [s.start for s in sentences]
    feats = features_of(article.text, sentences, article.sentence_words, lower_text=article.lower_text)
    counted = [not BULLET.match(s.text) for s in sentences]
    facts, words, kept = [0], [0], [0]
    for f, ok in zip(feats, counted, strict=True):
        facts.append(facts[-1] + (f.specifics if ok else 0))
        words.append(words[-1] + (f.words if ok else 0))
        kept.append(kept[-1] + ok)

    def per_100(start: int, end: int) -> float:
        lo, hi = bisect_left(starts, start), bisect_left(starts, end)
        if kept[hi] == kept[lo]:
            return 0.0
        n = max(words[hi] - words[lo], 50)  # one "today" in a two-line section is not reporting
        return 100.0 * (facts[hi] - facts[lo]) / n

    return per_100


# An unfilled template slot: "[Team Name]", "[Insert date here]", "[Your Company]".
# Editors' insertions in quotes ("[President Obama]") are not slots: a slot names a kind of thing.
_PLACEHOLDER = re.compile(
    r"\[(?:(?:Insert|Enter|Add|Your|Include)\b[^\]\n]{0,60}"
    r"|(?:[A-Z][a-z]+ ){0,2}"
    r"(?:Name|Names|Title|Date|Number|Company|City|Location|Link|URL|Product|Brand|Topic|Keyword|Here)"
    r")\]"
)
_OPENING_WORDS = 4
_MIN_PARAGRAPH_WORDS = 20
_MIN_REPEATS = 3


def placeholders(article: Article) -> list[Finding]:
    """Template slots nobody filled in: a bracketed "[Team Name]" or "[Insert ...]"."""
    return [
        finding(article, "placeholder", m.start(), m.end(), "unfilled template placeholder")
        for m in _PLACEHOLDER.finditer(article.text)
    ]


def repeated_openings(article: Article) -> list[Finding]:
    """Paragraphs that open with the same words three or more times ("Another key factor is",
    "Another key factor is", ...): a template filling its slots. Each repeat after the first is
    a finding. Only prose paragraphs count (twenty words or more, opening with plain words): captions,
    credits and data rows repeat their openings in human pages too."""
    seen: dict[tuple[str, ...], list[Span]] = {}
    for p in article.paragraphs:
        words = p.text.split()
        if len(words) < _MIN_PARAGRAPH_WORDS or BULLET.match(p.text):
            continue
        key = tuple(w.lower().strip(",.:;\"'“”") for w in words[:_OPENING_WORDS])
        if not all(w.isalpha() for w in key):
            continue
        seen.setdefault(key, []).append(Span(p.start, p.end, p.text))
    out = []
    for key, paragraphs in seen.items():
        if len(paragraphs) >= _MIN_REPEATS:
            opening = " ".join(key)
            for s in paragraphs[1:]:
                end = s.start + len(" ".join(s.text.split()[:_OPENING_WORDS]))
                detail = f'{len(paragraphs)} paragraphs open with "{opening}"'
                out.append(finding(article, "repeated_opening", s.start, min(end, s.end), detail))
    return out


_LABEL = re.compile(r"^\s*(?:[•·▪●◦■►✓*]|[-–—])?\s*(?:\*\*)?[A-Z][^:.!?]{0,50}(?:\*\*)?:\s+\S")


def generic_lists(article: Article) -> list[Finding]:
    """Bullet lists of the template's shape: two or more ``Label: description`` items, most of
    them labelled, none with a number. A plain list of items (steps, names, links) is how people
    write too; the labelled, fact-free list is how templates fill a section."""
    out = []
    for run in runs(article, lambda line: bool(BULLET.match(line.text))):
        text = article.text[run[0].start : run[-1].end]
        labelled = sum(bool(_LABEL.match(line.text)) for line in run)
        if len(run) >= 2 and not _DIGIT.search(text) and labelled >= max(2, 0.5 * len(run)):
            detail = f"generic bullet list of {len(run)} items (Label: description)"
            out.append(finding(article, "generic_bullets", run[0].start, run[-1].end, detail))
    return out


def flattened_tables(article: Article) -> list[Finding]:
    """A two-column table whose cells lost their borders: a header row ("Initiative
    Description") over adjacent rows; unless most rows carry numbers, which makes it a table of
    data, or the page's HTML says it is a real table. A run of short unpunctuated lines without
    such a header is not enough: code, addresses and link lists look the same."""

    real_table = {s.start for s in article.structure if s.kind == "table"}  # rows of an HTML <table>

    def table_line(line: Span) -> bool:
        return (
            line.start not in real_table
            and not BULLET.match(line.text)
            and len(line.text.split()) <= 2 * _MAX_ROW_WORDS
        )

    out: list[Finding] = []
    for run in runs(article, table_line):
        i = 0
        while i < len(run):
            header = is_heading(run[i].text) and _TABLE_HEADER.search(run[i].text)
            j = i + 1
            if header:
                while j < len(run) and not (is_heading(run[j].text) and _TABLE_HEADER.search(run[j].text)):
                    j += 1
            rows = j - i
            if header and rows >= _MIN_TABLE_ROWS and not _data_rows(run[i:j]):
                out.append(
                    finding(
                        article, "flattened_table", run[i].start, run[j - 1].end, f"table flattened into {rows} lines"
                    )
                )
            i = max(j, i + 1)
    return out


def _data_rows(rows: list[Span]) -> bool:
    """A table whose rows carry numbers (results, prices, dates) holds data, not template prose."""
    return sum(bool(_DIGIT.search(r.text)) for r in rows[1:]) >= max(1, (len(rows) - 1) / 2)


def stock_phrase_sentences(article: Article) -> tuple[list[Finding], float]:
    """Sentences with stock phrases; returns findings and the summed phrase weight."""
    pattern, weights = phrase_matcher()
    starts = [s.start for s in article.sentences]
    hits: dict[int, list[str]] = {}
    for m in pattern.finditer(article.text, article.lower_text):
        i = bisect_right(starts, m.start()) - 1
        if i >= 0 and m.start() < article.sentences[i].end:
            hits.setdefault(i, []).append(m.group().lower())
    out, total = [], 0.0
    for i, phrases in sorted(hits.items()):
        s = article.sentences[i]
        total += max(weights.get(p, 1.0) for p in phrases)  # a sentence counts once
        out.append(
            finding(article, "stock_phrase", s.start, s.end, "stock phrase: " + ", ".join(f'"{p}"' for p in phrases))
        )
    return out, total


@register
class AIBoilerplate(Detector):
    """Template sections of machine-written filler, scored per 1,000 words.

    Each template heading, generic list and flattened table counts 1; a sentence with stock
    phrases counts its strongest phrase's reviewed weight.
    ``scale``: points per 1,000 words where the score reaches ~0.63.
    """

    name = "ai_boilerplate"
    weight = 0.8  # default share of quality one full-strength finding removes (policy can change it)
    label = "template sections"
    colour = "#ffe08a"

    def __init__(self, scale: float = 8.0):
        self.scale = scale

    def detect(self, article: Article) -> DetectorResult:
        headings = template_headings(article)
        lists = generic_lists(article)
        tables = flattened_tables(article)
        phrases, phrase_points = stock_phrase_sentences(article)
        slots = placeholders(article)
        repeats = repeated_openings(article)
        evidence = bool(headings or lists or phrases or slots or repeats)
        headings += generic_headings(article, {f.start for f in headings}, evidence)
        points = len(headings) + len(lists) + len(tables) + phrase_points + len(slots) + len(repeats)
        per_1k = 1000.0 * points / max(article.n_words, 200)
        findings = sorted([*headings, *lists, *tables, *phrases, *slots, *repeats], key=lambda f: (f.start, f.end))
        features = {
            "placeholders": float(len(slots)),
            "repeated_openings": float(len(repeats)),
            "template_headings": float(len(headings)),
            "generic_lists": float(len(lists)),
            "flattened_tables": float(len(tables)),
            "stock_phrases": round(phrase_points, 3),
            "points_per_1k_words": round(per_1k, 3),
        }
        return DetectorResult(saturate(per_1k, self.scale), findings, features)
