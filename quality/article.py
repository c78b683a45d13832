"""The article parsed once: lines, paragraphs, sentences and words, all with offsets.

Every detector reads this one parse, so offsets mean the same thing everywhere: they index
the exact text the caller gave (after decoding), and ``text[start:end]`` is the evidence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property

_LINE = re.compile(r"[^\n]*")
_WORD = re.compile(r"\w+(?:['’]\w+)*")
# A sentence ends at . ! or ? (optionally followed by closing quotes or brackets) and
# whitespace; the next sentence starts with a capital, a digit or an opening quote.
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'”’)\]]*\s+(?=[\"“‘(\[]?[A-Z0-9])")
# Words that end in a period without ending the sentence ("Mr. Smith", "U.S. troops").
_ABBREVIATION = re.compile(
    r"(?:\b(?:Mr|Mrs|Ms|Dr|Prof|Sr|Jr|St|Mt|Gen|Col|Lt|Sgt|Capt|Gov|Sen|Rep|Rev|Hon|Inc|Ltd|"
    r"Co|Corp|vs|etc|No|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|approx|e\.g|i\.e)"
    r"|\b[A-Z](?:\.[A-Z])*)\.$"
)


@dataclass(frozen=True)
class Span:
    """A piece of the article: ``start``/``end`` are offsets into ``Article.text``."""

    start: int
    end: int
    text: str

    @property
    def is_blank(self) -> bool:
        return not self.text.strip()


@dataclass(frozen=True)
class Paragraph(Span):
    """A run of non-blank lines; ``lines`` are the lines inside it."""

    lines: tuple[Span, ...] = ()


@dataclass
class Article:
    """Text plus its one parse. Build with :func:`parse`; detectors only read it."""

    text: str
    id: str = ""
    source: str | None = None
    title: str | None = None
    lines: list[Span] = field(default_factory=list)
    paragraphs: list[Paragraph] = field(default_factory=list)
    sentences: list[Span] = field(default_factory=list)
    words: list[Span] = field(default_factory=list)

    @property
    def n_words(self) -> int:
        return len(self.words)

    @cached_property
    def content_lines(self) -> list[Span]:
        """Non-blank lines, the unit most line-level detectors walk."""
        return [line for line in self.lines if not line.is_blank]

    def words_in(self, start: int, end: int) -> list[Span]:
        """Words inside ``[start, end)``; a binary search keeps this cheap on long texts."""
        from bisect import bisect_left

        starts = self._word_starts
        return self.words[bisect_left(starts, start) : bisect_left(starts, end)]

    @cached_property
    def _word_starts(self) -> list[int]:
        return [w.start for w in self.words]


def split_lines(text: str) -> list[Span]:
    """Lines without their newline; a trailing ``\\r`` stays out of the span."""
    lines = []
    for m in _LINE.finditer(text):
        start, end = m.span()
        if start > 0 and start == end and text[start - 1] != "\n":
            continue  # finditer's empty match right after a non-empty line
        if end > start and text[end - 1] == "\r":
            end -= 1
        lines.append(Span(start, end, text[start:end]))
    return lines


def group_paragraphs(text: str, lines: list[Span]) -> list[Paragraph]:
    """Maximal runs of non-blank lines."""
    paragraphs: list[Paragraph] = []
    run: list[Span] = []
    for line in [*lines, Span(len(text), len(text), "")]:
        if line.is_blank:
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
        if line.is_blank:
            continue
        start = line.start
        for m in _SENTENCE_END.finditer(text, line.start, line.end):
            head = text[start : m.start()].rstrip("\"'”’)]")
            if _ABBREVIATION.search(head[-12:]):
                continue
            sentences.append(_trimmed(text, start, m.start()))
            start = m.end()
        sentences.append(_trimmed(text, start, line.end))
    return [s for s in sentences if s.end > s.start]


def _trimmed(text: str, start: int, end: int) -> Span:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Span(start, end, text[start:end])


def parse(text: str, *, id: str = "", source: str | None = None, title: str | None = None) -> Article:
    """Parse ``text`` once into lines, paragraphs, sentences and words."""
    lines = split_lines(text)
    return Article(
        text=text,
        id=id,
        source=source,
        title=title,
        lines=lines,
        paragraphs=group_paragraphs(text, lines),
        sentences=split_sentences(text, lines),
        words=[Span(m.start(), m.end(), m.group()) for m in _WORD.finditer(text)],
    )
