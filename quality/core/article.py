"""The article parsed once: lines, paragraphs, sentences and words, all with offsets.

Every detector reads this one parse, so offsets mean the same thing everywhere: they index
the exact text the caller gave (after decoding), and ``text[start:end]`` is the evidence.
The parse is linear in the text: each regex scans once and never rescans what it passed,
and words are plain strings (one list per sentence), not an object per word.
"""

from __future__ import annotations

import re
from functools import cached_property
from typing import NamedTuple

from quality.core.document import Document, StructureSpan

_LINE_BREAK = re.compile(r"\r\n|\r|\n")
WORD = re.compile(r"\w+(?:['’]\w+)*")
# A sentence ends at . ! or ? (optionally followed by closing quotes or brackets) and
# whitespace; the next sentence starts with a capital, a digit or an opening quote. Every
# match starts at the punctuation, so no run of spaces or quotes is scanned twice.
_SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]{0,3}\s+(?=[\"“‘(\[]?[A-Z0-9])")
# Words that end in a period without ending the sentence ("Mr. Smith", "U.S. troops"); read
# on at most the 12 characters before the period.
_ABBREVIATION = re.compile(
    r"(?:\b(?:Mr|Mrs|Ms|Dr|Prof|Sr|Jr|St|Mt|Gen|Col|Lt|Sgt|Capt|Gov|Sen|Rep|Rev|Hon|Inc|Ltd|"
    r"Co|Corp|vs|etc|No|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|approx|e\.g|i\.e)"
    r"|\b[A-Z](?:\.[A-Z]){0,5})\.$"
)


class Span(NamedTuple):
    """A piece of the article: ``start``/``end`` are offsets into ``Article.text``."""

    start: int
    end: int
    text: str

    @property
    def is_blank(self) -> bool:
        return not self.text.strip()


class Paragraph(NamedTuple):
    """A run of non-blank lines; ``lines`` are the lines inside it."""

    start: int
    end: int
    text: str
    lines: tuple[Span, ...] = ()


class Article:
    """A document's text plus its one parse. Build with :func:`parse`; detectors only read it."""

    def __init__(self, doc: Document):
        self.doc = doc
        self.text = doc.text
        self.lines = split_lines(self.text)
        self.content_lines = [line for line in self.lines if line.text.strip()]
        self.paragraphs = group_paragraphs(self.text, self.lines)
        self.sentences = split_sentences(self.text, self.content_lines)
        # One tokenisation, per sentence; every word of the text is in exactly one sentence.
        self.sentence_words: list[list[str]] = [WORD.findall(s.text) for s in self.sentences]

    @property
    def id(self) -> str:
        return self.doc.id

    @property
    def source(self) -> str | None:
        return self.doc.source

    @property
    def title(self) -> str | None:
        return self.doc.title

    @property
    def structure(self) -> tuple[StructureSpan, ...]:
        return self.doc.structure

    @cached_property
    def tokens(self) -> list[str]:
        """Every word, in order, as a string."""
        return [w for words in self.sentence_words for w in words]

    @property
    def n_words(self) -> int:
        return sum(map(len, self.sentence_words))

    @cached_property
    def lower_text(self) -> str:
        """The text lower-cased once, for the phrase lists (see ``phrases.PhraseMatcher``)."""
        return self.text.lower()

    @cached_property
    def lower_sentence_words(self) -> list[list[str]]:
        """``sentence_words`` lower-cased, once per article for every detector that needs them."""
        return [lowered(words) for words in self.sentence_words]

    @cached_property
    def lower_tokens(self) -> list[str]:
        return [w for words in self.lower_sentence_words for w in words]

    @cached_property
    def words(self) -> list[Span]:
        """Words with offsets (built on demand; detectors use ``tokens``)."""
        return [Span(m.start(), m.end(), m.group()) for m in WORD.finditer(self.text)]

    def line_index(self, line: Span) -> int:
        """Position of a content line, to tell adjacent lines apart whatever the line ending."""
        return self._line_positions[line.start]

    @cached_property
    def _line_positions(self) -> dict[int, int]:
        return {line.start: i for i, line in enumerate(self.lines)}


def lowered(words: list[str]) -> list[str]:
    """``[w.lower() for w in words]`` in three C calls (words hold no spaces, and a space keeps
    lower-casing's one context rule, the Greek final sigma, inside each word)."""
    return " ".join(words).lower().split(" ") if words else []


def split_lines(text: str) -> list[Span]:
    """Lines without their line break; ``\\n``, ``\\r\\n`` and a lone ``\\r`` all end a line."""
    lines = []
    start = 0
    for m in _LINE_BREAK.finditer(text):
        lines.append(Span(start, m.start(), text[start : m.start()]))
        start = m.end()
    lines.append(Span(start, len(text), text[start:]))  # the last line (empty after a final break)
    return lines


def group_paragraphs(text: str, lines: list[Span]) -> list[Paragraph]:
    """Maximal runs of non-blank lines."""
    paragraphs: list[Paragraph] = []
    run: list[Span] = []
    for line in [*lines, Span(len(text), len(text), "")]:
        if not line.text.strip():
            if run:
                start, end = run[0].start, run[-1].end
                paragraphs.append(Paragraph(start, end, text[start:end], tuple(run)))
            run = []
        else:
            run.append(line)
    return paragraphs


def split_sentences(text: str, lines: list[Span]) -> list[Span]:
    """Sentences inside each line (a line break always ends a sentence).

    Regex-based on purpose: it runs on millions of articles, and the detectors need
    stable offsets more than linguistic perfection.
    """
    sentences = []
    for line in lines:
        start = line.start
        for m in _SENTENCE_END.finditer(text, line.start, line.end):
            cut = m.start() + 1  # just after the . ! or ?
            if text[m.start()] == "." and _ABBREVIATION.search(text, max(start, cut - 13), cut):
                continue
            close = cut
            while close < m.end() and not text[close].isspace():
                close += 1  # closing quotes and brackets stay with their sentence
            sentences.append(_trimmed(text, start, close))
            start = m.end()
        sentences.append(_trimmed(text, start, line.end))
    return [s for s in sentences if s.end > s.start]


def _trimmed(text: str, start: int, end: int) -> Span:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Span(start, end, text[start:end])


def parse(text: str | Document, *, id: str = "", source: str | None = None, title: str | None = None) -> Article:
    """Parse a text (or a :class:`Document`) once into lines, paragraphs, sentences and words."""
    doc = text if isinstance(text, Document) else Document(text, id, source, title)
    return Article(doc)
