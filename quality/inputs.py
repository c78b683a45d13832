"""Reading articles: text files, directories, stdin and JSON Lines, one item per input.

Every input yields exactly one item, a :class:`Document` or an :class:`InputError`, so a
batch never loses a record and one bad file never stops the rest.
"""

from __future__ import annotations

import gzip
import io
import json
import sys
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from quality.document import Document, InputError, Item, from_record

DEFAULT_MAX_BYTES = 10_000_000


def decode(data: bytes, name: str) -> tuple[str, list[str]]:
    """UTF-8 (a BOM is dropped); invalid bytes become U+FFFD with a warning, never a failure."""
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError as exc:
        text = data.decode("utf-8-sig", errors="replace")
        return text, [f"{name}: not valid UTF-8 (first bad byte at {exc.start}); decoded with replacement"]


def document_from_bytes(data: bytes, name: str, source: str | None = None) -> Item:
    """Validate and decode one file's bytes."""
    if not data.strip():
        return InputError(name, f"{name}: empty input", source, kind="empty_text")
    if b"\x00" in data[:8192]:
        return InputError(name, f"{name}: looks binary (contains NUL bytes); expected text", source, kind="binary")
    text, warnings = decode(data, name)
    return Document(text, name, source, warnings=warnings)


def read_paths(paths: list[str], *, source: str | None = None, max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Item]:
    """Files, directories (``*.txt``, ``*.html``, ``*.warc(.gz)`` found recursively) and ``-`` for stdin.
    HTML pages go through trafilatura, WARC files give one item per HTTP response."""
    for raw in paths:
        if raw == "-":
            yield _read_stream(sys.stdin.buffer, "<stdin>", source, max_bytes)
            continue
        path = Path(raw)
        if path.is_dir():
            files = sorted(p for p in path.rglob("*") if p.is_file() and _readable_name(p.name))
            if not files:
                yield InputError(
                    raw, f"{raw}: directory has no .txt, .html or .warc files", source, kind="no_such_file"
                )
            for p in files:
                yield from _read_any(p, source, max_bytes)
        else:
            yield from _read_any(path, source, max_bytes)


def _readable_name(name: str) -> bool:
    from quality.pages import is_html_path, is_warc_path

    return name.endswith(".txt") or is_html_path(name) or is_warc_path(name)


def _read_any(path: Path, source: str | None, max_bytes: int) -> Iterator[Item]:
    """A text file is one article; an HTML page one article (extracted); a WARC file one per response."""
    from quality.pages import is_html_path, is_warc_path, read_html_file, read_warc

    name = str(path)
    if is_warc_path(name) and path.is_file():
        yield from read_warc(name, max_bytes)
    elif is_html_path(name) and path.is_file():
        try:
            yield read_html_file(path, source, max_bytes)
        except OSError as exc:
            yield InputError(name, f"{name}: cannot read ({exc.strerror or exc})", source, kind="read_failed")
    else:
        yield _read_file(path, source, max_bytes)


def _read_file(path: Path, source: str | None, max_bytes: int) -> Item:
    name = str(path)
    try:
        size = path.stat().st_size
        if size > max_bytes:
            return InputError(
                name,
                f"{name}: {size:,} bytes is over the {max_bytes:,}-byte limit (--max-bytes)",
                source,
                kind="too_large",
            )
        with path.open("rb") as fh:
            return _read_stream(fh, name, source, max_bytes)
    except FileNotFoundError:
        return InputError(name, f"{name}: no such file", source, kind="no_such_file")
    except IsADirectoryError:
        return InputError(name, f"{name}: is a directory", source, kind="no_such_file")
    except OSError as exc:
        return InputError(name, f"{name}: cannot read ({exc.strerror or exc})", source, kind="read_failed")


def _read_stream(fh: BinaryIO, name: str, source: str | None, max_bytes: int) -> Item:
    data = fh.read(max_bytes + 1)
    if len(data) > max_bytes:
        return InputError(name, f"{name}: over the {max_bytes:,}-byte limit (--max-bytes)", source, kind="too_large")
    return document_from_bytes(data, name, source)


def open_binary(path: str) -> BinaryIO:
    """Open a path (or ``-``) for reading bytes; ``.gz`` and ``.zst`` are decompressed."""
    if path == "-":
        return sys.stdin.buffer
    if path.endswith(".gz"):
        return gzip.open(path, "rb")  # type: ignore[return-value]
    if path.endswith(".zst"):
        try:
            import zstandard
        except ImportError as exc:
            raise OSError("reading .zst needs the 'zstandard' package (pip install zstandard)") from exc
        return zstandard.ZstdDecompressor().stream_reader(open(path, "rb"))  # type: ignore[return-value]
    return open(path, "rb")


def iter_lines(fh: BinaryIO, max_bytes: int) -> Iterator[tuple[int, bytes | None]]:
    """``(line_number, bytes)``; an over-long line gives ``None`` and is skipped, not loaded."""
    buffered = io.BufferedReader(fh) if not isinstance(fh, io.BufferedReader) else fh  # type: ignore[arg-type]
    lineno = 0
    while True:
        line = buffered.readline(max_bytes + 1)
        if not line:
            return
        lineno += 1
        if len(line) > max_bytes and not line.endswith(b"\n"):
            while line and not line.endswith(b"\n"):  # drain the rest of the record
                line = buffered.readline(1 << 20)
            yield lineno, None
            continue
        yield lineno, line


def parse_record(
    line: bytes | None,
    where: str,
    *,
    text_field: str = "text",
    id_field: str = "id",
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Item | None:
    """One JSONL line to a Document or InputError; blank lines give ``None`` (skipped)."""
    if line is None:
        return InputError(where, f"{where}: record over the {max_bytes:,}-byte limit (--max-bytes)", kind="too_large")
    if not line.strip():
        return None
    raw_text, warnings = decode(line, where)
    try:
        record = json.loads(raw_text)
    except json.JSONDecodeError as exc:
        return InputError(
            where,
            f"{where}: malformed JSON ({exc.msg} at column {exc.colno})",
            raw=raw_text.rstrip("\n"),
            kind="malformed_json",
        )
    except (ValueError, RecursionError) as exc:  # a 5,000-digit integer, 100,000 nested arrays
        reason = "nested too deeply" if isinstance(exc, RecursionError) else str(exc).split(";")[0]
        message = f"{where}: unreadable JSON ({reason})"
        return InputError(where, message, raw=raw_text[:1000].rstrip("\n"), kind="unreadable_json")
    if not isinstance(record, dict):
        return InputError(
            where,
            f"{where}: expected a JSON object, got {type(record).__name__}",
            raw=raw_text.rstrip("\n"),
            kind="not_object",
        )
    return record_item(record, where, text_field=text_field, id_field=id_field, warnings=warnings)


def read_jsonl(
    path: str, *, text_field: str = "text", id_field: str = "id", max_bytes: int = DEFAULT_MAX_BYTES
) -> Iterator[Item]:
    """Records of a JSON Lines file (``-`` = stdin; ``.gz``/``.zst`` decompressed).

    A ``.gz`` file is checked end to end first (deflate data and CRC): damage inside an archive
    can decode to altered text that is still valid JSON, so every record of a damaged archive
    is an error, never a kept record. A truncated archive is not altered: its records up to the
    cut are read as usual and the rest of the file is one error."""
    name = "<stdin>" if path == "-" else path
    damage = gzip_damage(path) if path.endswith(".gz") else None
    try:
        fh = open_binary(path)
    except OSError as exc:
        yield InputError(name, f"{name}: cannot open ({getattr(exc, 'strerror', None) or exc})", kind="read_failed")
        return
    try:
        for lineno, line in iter_lines(fh, max_bytes):
            where = f"{name}:{lineno}"
            if damage:
                if line is None or line.strip():
                    yield _untrusted(where, name, damage, line)
                continue
            item = parse_record(line, where, text_field=text_field, id_field=id_field, max_bytes=max_bytes)
            if item is not None:
                yield item
    except (OSError, EOFError, zlib.error) as exc:  # a truncated or corrupt archive: the rest of this file
        kind = "truncated_archive" if isinstance(exc, EOFError) else "damaged_archive" if damage else "read_failed"
        message = f"{name}: read failed after the records above ({type(exc).__name__}: {exc})"
        yield InputError(name, message, kind=kind)
    finally:
        if fh is not sys.stdin.buffer:
            fh.close()


def gzip_damage(path: str) -> str | None:
    """Why a ``.gz`` file's bytes cannot be trusted (bad CRC, invalid deflate data), or ``None``.
    Truncation is not damage here: the reader reports where the file ends."""
    try:
        with gzip.open(path, "rb") as fh:
            while fh.read(1 << 20):
                pass
    except EOFError:
        return None
    except (gzip.BadGzipFile, zlib.error) as exc:
        return f"{type(exc).__name__}: {exc}"
    except OSError:  # unreadable: the reader names it
        return None
    return None


def _untrusted(where: str, name: str, damage: str, line: bytes | None) -> InputError:
    raw = None if line is None else line[:1000].decode("utf-8", errors="replace").rstrip("\n")
    message = f"{where}: not trusted, {name} is damaged ({damage}); its decoded text may be altered"
    return InputError(where, message, raw=raw, kind="damaged_archive")


def record_item(
    record: dict, where: str, *, text_field: str = "text", id_field: str = "id", warnings: list[str] | None = None
) -> Item:
    """A decoded record (JSONL line or Parquet row) to a Document, or an InputError naming it."""
    return from_record(record, where, text_field=text_field, id_field=id_field, warnings=warnings)


def read_parquet(
    path: str, *, text_field: str = "text", id_field: str = "id", batch_rows: int = 1024
) -> Iterator[Item]:
    """Rows of a Parquet file, streamed a batch at a time (needs ``pip install 'quality[parquet]'``)."""
    try:
        import pyarrow.parquet as pq
    except ImportError:
        yield InputError(
            path, f"{path}: reading Parquet needs pyarrow (pip install 'quality[parquet]')", kind="read_failed"
        )
        return
    try:
        reader = pq.ParquetFile(path)
        row = 0
        for batch in reader.iter_batches(batch_size=batch_rows):
            for record in batch.to_pylist():
                row += 1
                yield record_item(record, f"{path}:row {row}", text_field=text_field, id_field=id_field)
    except (OSError, ValueError) as exc:
        yield InputError(path, f"{path}: cannot read Parquet ({exc})", kind="read_failed")


def read_records(path: str, *, text_field: str = "text", id_field: str = "id", max_bytes: int = DEFAULT_MAX_BYTES):
    """JSONL (plain, .gz, .zst, ``-``) or Parquet, by file name."""
    if path.endswith(".parquet"):
        return read_parquet(path, text_field=text_field, id_field=id_field)
    return read_jsonl(path, text_field=text_field, id_field=id_field, max_bytes=max_bytes)
