"""The one document type every entry point hands the scorer: CLI, ``Filter``, Dask, datatrove, API.

A ``Document`` is text plus what we know about where it came from (id, url/source, title)
and, when it came from HTML, its structure as spans of the text (headings, captions, lists,
tables, links to the site's other pages). Records and plain strings become Documents in exactly
one place, :func:`from_record` and :func:`coerce`, so a missing, non-string or empty text is the same
named error everywhere.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class StructureSpan:
    """A piece of page structure kept from HTML: ``kind`` is heading, caption, list, table or link.

    A ``link`` span is a block that is wholly the text of a link to another page of the same site
    (a related story's headline, a teaser); ``target`` is that page's URL."""

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


def _string(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def from_record(
    record: Mapping[str, Any],
    where: str,
    *,
    text_field: str = "text",
    id_field: str = "id",
    warnings: list[str] | None = None,
) -> Item:
    """A decoded record (JSONL line, Parquet row, dataframe row) to a Document or a named error."""
    warnings = list(warnings or [])
    rid_value = record.get(id_field)
    plain_id = isinstance(rid_value, str | int | float) and not isinstance(rid_value, bool)
    rid = str(rid_value)[:200] if plain_id else where
    source = _string(record.get("url")) or _string(record.get("source"))
    record = dict(record)
    if record.get(text_field) is None and isinstance(record.get("html"), str):  # a crawled page, not yet text
        from quality.pages import document_from_html

        page = document_from_html(record["html"], rid, source)
        if isinstance(page, Document):
            page.record, page.warnings = record, warnings
        else:
            page.record = record
        return page
    problem = text_problem(record.get(text_field), text_field)
    if problem:
        return InputError(rid, f"{where}: {problem[1]}", source, record, kind=problem[0])
    text = record[text_field]
    if "\x00" in text:
        warnings.append(f"{where}: NUL characters in text")
    return Document(text, rid, source, _string(record.get("title")), (), warnings, record)


def coerce(value: Document | Mapping[str, Any] | str, where: str = "input") -> Item:
    """What the Python API accepts (a Document, a record mapping or a plain string) as an Item."""
    if isinstance(value, Document | InputError):
        return value
    if isinstance(value, str):
        problem = text_problem(value)
        return InputError(where, f"{where}: {problem[1]}", kind=problem[0]) if problem else Document(value)
    if isinstance(value, Mapping):
        return from_record(value, where)
    kind = type(value).__name__
    return InputError(where, f"{where}: expected a string, a mapping or a Document, got {kind}", kind="not_text")
