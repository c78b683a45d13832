"""The one document type every entry point hands the scorer: CLI, ``Filter``, Dask, datatrove, API.

A ``Document`` is text plus what we know about where it came from (id, url/source, title)
and, when it came from HTML, its structure as spans of the text (headings, captions, lists,
tables, links to the site's other pages). :func:`text_problem` is the one rule for a missing,
non-string or empty text; :mod:`quality.io.records` turns records and strings into Documents with it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class StructureSpan:
    """A piece of page structure kept from HTML: ``kind`` is heading, caption, list, table, link
    or chrome.

    A ``link`` span is a block that is wholly the text of a link to another page of the same site
    (a related story's headline, a teaser); ``target`` is that page's URL. A ``chrome`` span is a
    block the page-block model calls chrome; ``target`` says why."""

    kind: str
    start: int
    end: int
    target: str | None = None


@dataclass
class Document:
    """One article to score; ``warnings`` carry decoding trouble into its report."""

    text: str
    id: str = ""
    source: str | None = None
    title: str | None = None
    structure: tuple[StructureSpan, ...] = ()
    warnings: list[str] = field(default_factory=list)
    record: dict[str, Any] | None = None


@dataclass
class InputError:
    """An input that could not become a Document; ``message`` is one line naming file or record,
    ``kind`` a stable short name for counting (``malformed_json``, ``empty_text``, ...)."""

    id: str
    message: str
    source: str | None = None
    record: dict[str, Any] | None = None
    raw: str | None = None
    kind: str = "unreadable"


Item = Document | InputError


def text_problem(text: Any, field_name: str = "text") -> tuple[str, str] | None:
    """``(kind, why)`` when ``text`` cannot be scored, or ``None``. The one rule for every
    input path: missing, not a string, or empty / whitespace-only."""
    if text is None:
        return "no_text", f"no {field_name!r} field"
    if not isinstance(text, str):
        return "text_not_string", f"{field_name!r} is {type(text).__name__}, not a string"
    if not text.strip():
        return "empty_text", f"{field_name!r} is empty"
    return None
