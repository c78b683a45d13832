"""Records and plain strings to Documents, in exactly one place.

A JSONL line, a Parquet row, a dataframe row or a Python-API argument becomes a
:class:`~quality.core.document.Document` or a named :class:`~quality.core.document.InputError`
here, so a missing, non-string or empty text is the same error everywhere. A record with
``html`` and no text is a crawled page: it is read by :mod:`quality.io.pages`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from quality.core.document import Document, InputError, Item, text_problem
from quality.io.pages import PendingPage


def _string(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def from_record(
    record: Mapping[str, Any],
    where: str,
    *,
    text_field: str = "text",
    id_field: str = "id",
    warnings: list[str] | None = None,
) -> Item | PendingPage:
    """A decoded record (JSONL line, Parquet row, dataframe row) to a Document or a named error;
    a record with ``html`` and no text to a page, extracted where it is scored (:func:`coerce`)."""
    warnings = list(warnings or [])
    rid_value = record.get(id_field)
    plain_id = isinstance(rid_value, str | int | float) and not isinstance(rid_value, bool)
    rid = str(rid_value)[:200] if plain_id else where
    source = _string(record.get("url")) or _string(record.get("source"))
    record = dict(record)
    if record.get(text_field) is None and isinstance(record.get("html"), str):  # a crawled page, not yet text
        return PendingPage(record["html"], rid, source, record, warnings)
    problem = text_problem(record.get(text_field), text_field)
    if problem:
        return InputError(rid, f"{where}: {problem[1]}", source, record, kind=problem[0])
    text = record[text_field]
    if "\x00" in text:
        warnings.append(f"{where}: NUL characters in text")
    return Document(text, rid, source, _string(record.get("title")), (), warnings, record)


def coerce(value: Document | PendingPage | Mapping[str, Any] | str, where: str = "input", budget: float = 0.0) -> Item:
    """What the Python API accepts (a Document, a record mapping or a plain string) as an Item;
    a web page is extracted here, within ``budget`` seconds (0: no limit)."""
    if isinstance(value, Document | InputError):
        return value
    if isinstance(value, PendingPage):
        return value.load(budget)
    if isinstance(value, str):
        problem = text_problem(value)
        return InputError(where, f"{where}: {problem[1]}", kind=problem[0]) if problem else Document(value)
    if isinstance(value, Mapping):
        return coerce(from_record(value, where), where, budget)
    kind = type(value).__name__
    return InputError(where, f"{where}: expected a string, a mapping or a Document, got {kind}", kind="not_text")
