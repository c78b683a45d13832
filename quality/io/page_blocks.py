"""A web page cut into its text blocks, each with what the page says about it.

Text alone cannot tell a menu from a short paragraph, or a related headline from a subhead; the
page can. Every run of text between two block-level elements (``p``, ``li``, ``td``, ``div``,
headings...) is one :class:`Block`, and it keeps how much of it is link text, its tag and the
tags around it, the class and id words of its containers ("share-bar", "footer"), and whether it
sits in a layout table or a data table. :mod:`quality.io.block_model` reads them.

Blocks keep their boundaries: two blocks are never joined into one string, so glue
("region.This") in a block is glue the page itself has.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

BLOCK_TAGS = frozenset(
    "address article aside blockquote body caption center dd details dialog div dl dt fieldset figcaption "
    "figure footer form h1 h2 h3 h4 h5 h6 header hr li main menu nav ol p pre section summary table tbody "
    "td tfoot th thead tr ul br".split()
)
SKIP_TAGS = frozenset(
    "script style noscript template svg head iframe object embed canvas select option textarea button "
    "input math video audio map title meta link".split()
)
_WAYBACK = re.compile(r"^(?:wm-ipp|wmtb|wm-)")  # the Wayback Machine's toolbar, on archived pages
_TOKEN_SPLIT = re.compile(r"[^a-z]+")
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")


@dataclass(frozen=True)
class Block:
    """One run of text between block-level elements, with what the page says about it."""

    text: str
    tag: str  # the innermost block-level element holding the text
    path: tuple[str, ...]  # tags from the root to that element
    tokens: tuple[str, ...]  # class and id words of that element ("own:...") and its containers
    link_chars: int
    table: str  # "", "layout" or "data": the kind of the nearest table around the block


def page_blocks(root: Any) -> list[Block]:
    """The page's text blocks in reading order (``root``: an lxml HTML element tree)."""
    from lxml import etree

    blocks: list[Block] = []
    parts: list[str] = []
    link_chars = 0
    stack: list[Any] = []  # open block-level elements
    in_link = 0
    tables: dict[int, str] = {}
    skipped: set[Any] = set()

    def flush() -> None:
        nonlocal link_chars
        text = " ".join("".join(parts).split())
        if text:
            owner = stack[-1] if stack else root
            blocks.append(_block(text, owner, min(link_chars, len(text)), tables))
        parts.clear()
        link_chars = 0

    walker = etree.iterwalk(root, events=("start", "end"))
    for event, el in walker:
        tag = el.tag if isinstance(el.tag, str) else ""
        if event == "start":
            if not tag or tag in SKIP_TAGS or _WAYBACK.match(el.get("id") or ""):
                walker.skip_subtree()
                skipped.add(el)
                continue
            if tag in BLOCK_TAGS:
                flush()
                stack.append(el)
            elif tag == "a":
                in_link += 1
            if el.text:
                parts.append(el.text)
                link_chars += len(el.text.strip()) if in_link else 0
        else:
            if el in skipped:
                skipped.discard(el)
            else:
                if tag in BLOCK_TAGS:
                    flush()
                    if stack and stack[-1] is el:
                        stack.pop()
                    parts.append(" ")
                elif tag == "a":
                    in_link -= 1
                elif tag == "img" and not in_link:
                    parts.append(" ")
            if el.tail:
                parts.append(el.tail)
                link_chars += len(el.tail.strip()) if in_link else 0
    flush()
    return blocks


def _block(text: str, owner: Any, link_chars: int, tables: dict[int, str]) -> Block:
    chain = [owner, *owner.iterancestors()]
    path = tuple(reversed([e.tag for e in chain if isinstance(e.tag, str)]))
    tokens = [f"own:{t}" for t in _class_words(owner)]
    for up in chain[1:6]:
        tokens.extend(_class_words(up))
    table = next((e for e in chain if e.tag == "table"), None)
    kind = ""
    if table is not None:
        kind = tables.get(id(table)) or tables.setdefault(id(table), table_kind(table))
    return Block(text, owner.tag, path, tuple(dict.fromkeys(tokens)), link_chars, kind)


def _class_words(el: Any) -> list[str]:
    """The words of an element's class and id ("postShareBar" -> post, share, bar)."""
    raw = f"{el.get('class') or ''} {el.get('id') or ''}"[:200]
    return [w for w in _TOKEN_SPLIT.split(_CAMEL.sub(" ", raw).lower()) if 2 <= len(w) <= 20][:12]


def table_kind(table: Any) -> str:
    """ "data" for a table that presents data (a header row or caption, no nested tables, cells
    without paragraphs or divs), "layout" for one that arranges a page."""
    nested = any(True for _ in table.iterdescendants("table"))
    blocks_inside = any(True for _ in table.iterdescendants("div", "p", "ul", "ol", "form", "h1", "h2", "h3"))
    header = any(True for _ in table.iterdescendants("th", "thead", "caption"))
    return "data" if header and not nested and not blocks_inside else "layout"


_RUN = 4  # words: an extracted line and a page block are the same text when they share these runs


def _key(text: str) -> str:
    return " ".join(text.removeprefix("- ").split()).casefold()


class BlockIndex:
    """Finds the page block an extracted line came from: the block with the same text, else the
    block holding at least half the line's four-word runs. When the same text occurs in several
    blocks (a headline in the story and in a teaser), the first is the one; a short line with
    no block of the same text is not found."""

    def __init__(self, blocks: Sequence[Block]):
        self.exact: dict[str, int] = {}
        self.runs: dict[tuple[str, ...], int] = {}
        for i, b in enumerate(blocks):
            key = _key(b.text)
            self.exact.setdefault(key, i)
            words = key.split()
            for j in range(len(words) - _RUN + 1):
                self.runs.setdefault(tuple(words[j : j + _RUN]), i)

    def find(self, line: str) -> int | None:
        key = _key(line)
        if key in self.exact:
            return self.exact[key]
        words = key.split()
        hits = Counter(self.runs.get(tuple(words[j : j + _RUN])) for j in range(len(words) - _RUN + 1))
        hits.pop(None, None)
        best = hits.most_common(1)
        total = max(1, len(words) - _RUN + 1)
        return best[0][0] if best and best[0][1] * 2 >= total else None


def match_blocks(lines: Sequence[str], blocks: Sequence[Block]) -> list[int | None]:
    """For each extracted line, the index of the page block it came from, or None (:class:`BlockIndex`)."""
    index = BlockIndex(blocks)
    return [index.find(line) for line in lines]
