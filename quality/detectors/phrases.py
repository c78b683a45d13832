"""Reviewed phrase lists, matched by one compiled pattern shaped like a trie.

A flat alternation of hundreds of phrases makes the regex engine try every phrase at every
position. Factoring the phrases by common prefix (``in (?:conclusion|summary)``) means each
position costs one branch per character, so a list is matched in one linear pass however
long it grows: the automaton the core issue asks for, built from the standard library.
Patterns that cannot be anchored (a phrase anywhere in a line) are ``Guarded``: searched only
where one of their keywords occurs.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from quality.assets.resources import data_file


def load_weighted(name: str) -> dict[str, float]:
    """``phrase<TAB>weight`` lines of a data file (weight defaults to 1; ``#`` comments)."""
    out = {}
    for line in data_file(name).read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            phrase, _, weight = line.partition("\t")
            out[phrase.strip().lower()] = float(weight or 1)
    return out


def data_lines(name: str) -> list[str]:
    """Non-blank, non-comment lines of a data file."""
    text = data_file(name).read_text(encoding="utf-8")
    return [line for line in text.splitlines() if line.strip() and not line.startswith("#")]


def _trie(phrases: list[str]) -> dict:
    root: dict = {}
    for phrase in phrases:
        node = root
        for ch in phrase:
            node = node.setdefault(ch, {})
        node[""] = {}  # end of a phrase
    return root


def _regex(node: dict) -> str:
    ends = "" in node
    branches = [re.escape(ch) + _regex(child) for ch, child in sorted(node.items()) if ch]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if ends:  # a phrase may end here or go on to a longer one (longest first: greedy ?)
        return "(?:" + body + ")?"
    return body


@dataclass(frozen=True)
class PhraseMatcher:
    """Whole-word, case-insensitive matching of a phrase list (longest match at each position).

    The regex engine folds case at every character it compares under ``re.I``, which doubles
    the cost; so the matcher runs a case-sensitive pattern of the lower-cased phrases over the
    lower-cased text, and falls back to ``re.I`` on the original text where lower-casing changes
    its length (a few Unicode letters do), so offsets always index the caller's text."""

    on_lower: re.Pattern[str]
    any_case: re.Pattern[str]

    def finditer(self, text: str, lower: str | None = None) -> Iterator[re.Match[str]]:
        """Matches in ``text``; ``lower`` is ``text.lower()`` when the caller already has it."""
        lower = text.lower() if lower is None else lower
        if len(lower) == len(text):
            return self.on_lower.finditer(lower)
        return self.any_case.finditer(text)


def trie_pattern(phrases: list[str]) -> PhraseMatcher:
    """A :class:`PhraseMatcher` for ``phrases``."""
    phrases = sorted({p.lower() for p in phrases if p})
    body = _regex(_trie(phrases)) if phrases else "(?!x)x"  # no phrases: matches nothing
    return PhraseMatcher(re.compile(r"\b" + body + r"\b"), re.compile(r"\b" + body + r"\b", re.I))


@lru_cache(maxsize=8)
def weighted_matcher(name: str) -> tuple[PhraseMatcher, dict[str, float]]:
    """A data file's phrases as one matcher, and each phrase's weight."""
    weights = load_weighted(name)
    return trie_pattern(list(weights)), weights


@dataclass(frozen=True)
class Guarded:
    """A pattern searched only in text that holds one of its keywords (lower case). A pattern not
    anchored at the start is tried at every position; a substring test first keeps the cost of
    the many lines without the keyword at one scan in C."""

    keywords: tuple[str, ...]
    pattern: re.Pattern[str]

    def search(self, text: str) -> re.Match[str] | None:
        low = text.lower()
        return self.pattern.search(text) if any(k in low for k in self.keywords) else None
