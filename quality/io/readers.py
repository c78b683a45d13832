"""Reading articles: one input grammar for every command.

``read_inputs(paths, options)`` reads text files, directories, JSON Lines (``.jsonl``,
``.gz``, ``.zst``), Parquet, HTML pages and WARC crawls, and ``-`` for standard input, each
by its file name (or ``options.input_format``). Every input yields exactly one item per
article, a :class:`Document` or an :class:`InputError`, so a batch never loses a record and
one bad file never stops the rest; what is not an article (a WARC image response) is counted
in :class:`ReadStats`, never silently dropped.
"""

from __future__ import annotations

import gzip
import io
import json
import sys
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from quality.core.document import Document, InputError, Item
from quality.io.extras import missing_extra
from quality.io.pages import PendingPage
from quality.io.records import from_record

DEFAULT_MAX_BYTES = 10_000_000
INPUT_FORMATS = ("auto", "txt", "jsonl", "parquet", "html", "warc")
JSONL_SUFFIXES = (".jsonl", ".ndjson", ".jsonl.gz", ".ndjson.gz", ".jsonl.zst", ".ndjson.zst", ".json.gz", ".json.zst")
# Error kinds that mean part of an input file was never read: the run did not see everything.
LOSS_KINDS = frozenset(
    {"truncated_archive", "damaged_archive", "read_failed", "no_such_file", "missing_extra", "unknown_format"}
)


@dataclass(frozen=True)
class ReadOptions:
    """How inputs are read, the same for every command. ``input_format`` ``auto`` goes by the
    file name; standard input is JSON Lines when its first byte is ``{``, else one text."""

    source: str | None = None
    text_field: str = "text"
    id_field: str = "id"
    max_bytes: int = DEFAULT_MAX_BYTES
    input_format: str = "auto"


@dataclass
class ReadStats:
    """What the readers passed over that is not an article (counted, never an error)."""

    skipped_by: dict[str, int] = field(default_factory=dict)

    def skip(self, kind: str) -> None:
        self.skipped_by[kind] = self.skipped_by.get(kind, 0) + 1

    @property
    def skipped(self) -> int:
        return sum(self.skipped_by.values())


def format_of(name: str) -> str:
    """The input format a file name says: jsonl, parquet, html, warc, else txt."""
    from quality.io.pages import is_html_path, is_warc_path

    lower = name.lower()
    if lower.endswith(JSONL_SUFFIXES):
        return "jsonl"
    if lower.endswith(".parquet"):
        return "parquet"
    if is_warc_path(lower):
        return "warc"
    if is_html_path(lower):
        return "html"
    return "txt"


def read_inputs(
    paths: list[str], options: ReadOptions = ReadOptions(), stats: ReadStats | None = None
) -> Iterator[Item | PendingPage]:
    """Every article of every input, in order: the one reader behind score, clean, report,
    source and filter. Directories are searched recursively for files of a known format. Web
    pages come as :class:`~quality.io.pages.PendingPage` s: extraction is left to the scorer
    (``resolve`` or ``coerce`` turns one into a Document within a time budget)."""
    stats = stats if stats is not None else ReadStats()
    for raw in paths:
        if raw == "-":
            yield from _read_stdin(options)
            continue
        path = Path(raw)
        if path.is_dir():
            files = sorted(p for p in path.rglob("*") if p.is_file() and readable_name(p.name))
            if not files:
                message = f"{raw}: directory has no .txt, .jsonl, .parquet, .html or .warc files"
                yield InputError(raw, message, options.source, kind="no_such_file")
            for p in files:
                yield from _read_one(str(p), options, stats)
        elif not path.exists():
            yield InputError(raw, f"{raw}: no such file", options.source, kind="no_such_file")
        else:
            yield from _read_one(raw, options, stats)


def _read_one(name: str, options: ReadOptions, stats: ReadStats) -> Iterator[Item]:
    fmt = format_of(name) if options.input_format == "auto" else options.input_format
    if fmt == "jsonl":
        yield from read_jsonl(
            name, text_field=options.text_field, id_field=options.id_field, max_bytes=options.max_bytes
        )
    elif fmt == "parquet":
        yield from read_parquet(
            name, text_field=options.text_field, id_field=options.id_field, max_bytes=options.max_bytes
        )
    else:
        yield from _read_any(Path(name), options.source, options.max_bytes, fmt, stats)


def _read_stdin(options: ReadOptions) -> Iterator[Item]:
    fmt = options.input_format
    stream = sys.stdin.buffer
    if fmt == "auto":
        buffered = stream if isinstance(stream, io.BufferedReader) else io.BufferedReader(stream)  # type: ignore[arg-type]
        head = buffered.peek(64)[:64].lstrip()
        fmt = "jsonl" if head.startswith(b"{") else "txt"
        stream = buffered
    if fmt == "jsonl":
        yield from _jsonl_lines(stream, "<stdin>", options.text_field, options.id_field, options.max_bytes)
    elif fmt == "txt":
        yield _read_stream(stream, "<stdin>", options.source, options.max_bytes)
    else:
        yield InputError("<stdin>", f"<stdin>: --input-format {fmt} needs a file, not standard input",
                         kind="unknown_format")  # fmt: skip


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


def readable_name(name: str) -> bool:
    return name.lower().endswith(".txt") or format_of(name) != "txt"


def _read_any(
    path: Path, source: str | None, max_bytes: int, fmt: str | None = None, stats: ReadStats | None = None
) -> Iterator[Item]:
    """A text file is one article; an HTML page one article (extracted); a WARC file one per page."""
    from quality.io.pages import is_html_path, is_warc_path, read_html_file, read_warc

    name = str(path)
    fmt = fmt or ("warc" if is_warc_path(name) else "html" if is_html_path(name) else "txt")
    if fmt == "warc" and path.is_file():
        yield from read_warc(name, max_bytes, stats)
    elif fmt == "html" and path.is_file():
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
            import zstandard  # noqa: F401
        except ImportError as exc:
            raise OSError(f"reading .zst {missing_extra(exc, 'zstd')}") from exc
        return io.BufferedReader(_ZstdFrames(open(path, "rb")))  # type: ignore[return-value]
    return open(path, "rb")


class _ZstdFrames(io.RawIOBase):
    """A ``.zst`` file's decompressed bytes, frame after frame. Unlike zstandard's stream reader,
    which ends quietly where a file was cut, a file that ends inside a frame raises ``EOFError``
    after the last whole bytes, as a truncated ``.gz`` does."""

    def __init__(self, raw: BinaryIO):
        import zstandard

        self.raw = raw
        self.dctx = zstandard.ZstdDecompressor()
        self.dobj = self.dctx.decompressobj()
        self.pending = b""
        self.started = False

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        while not self.pending:
            chunk = self.raw.read(1 << 16)
            if not chunk:
                if self.started and not self.dobj.eof:
                    raise EOFError("compressed file ended before the end of its last frame")
                return 0
            self.started = True
            self.pending = self._decompress(chunk)
        n = min(len(buffer), len(self.pending))
        buffer[:n] = self.pending[:n]
        self.pending = self.pending[n:]
        return n

    def _decompress(self, chunk: bytes) -> bytes:
        out = self.dobj.decompress(chunk)
        while self.dobj.eof and self.dobj.unused_data:  # the next frame starts in this chunk
            rest = self.dobj.unused_data
            self.dobj = self.dctx.decompressobj()
            out += self.dobj.decompress(rest)
        if self.dobj.eof:
            self.dobj = self.dctx.decompressobj()
            self.started = False  # between frames: the end of the file is a clean end
        return out

    def close(self) -> None:
        self.raw.close()
        super().close()


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
    return from_record(record, where, text_field=text_field, id_field=id_field, warnings=warnings)


def read_jsonl(
    path: str, *, text_field: str = "text", id_field: str = "id", max_bytes: int = DEFAULT_MAX_BYTES
) -> Iterator[Item]:
    """Records of a JSON Lines file (``-`` = stdin; ``.gz``/``.zst`` decompressed).

    A ``.gz`` file is checked end to end first (deflate data and CRC): damage inside an archive
    can decode to altered text that is still valid JSON, so every record of a damaged archive
    is an error, never a kept record. A truncated archive is not altered: its records up to the
    cut are read as usual and the rest of the file is one error."""
    name = "<stdin>" if path == "-" else path
    damage = gzip_damage(path) if path.endswith(".gz") else zst_damage(path) if path.endswith(".zst") else None
    try:
        fh = open_binary(path)
    except OSError as exc:
        yield InputError(name, f"{name}: cannot open ({getattr(exc, 'strerror', None) or exc})", kind="read_failed")
        return
    try:
        yield from _jsonl_lines(fh, name, text_field, id_field, max_bytes, damage)
    finally:
        if fh is not sys.stdin.buffer:
            fh.close()


def _jsonl_lines(
    fh: BinaryIO, name: str, text_field: str, id_field: str, max_bytes: int, damage: str | None = None
) -> Iterator[Item]:
    lineno = 0
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
    except (OSError, EOFError, zlib.error, _zstd_error()) as exc:  # a truncated or corrupt archive
        kind = "truncated_archive" if isinstance(exc, EOFError) else "damaged_archive" if damage else "read_failed"
        message = f"{name}: the rest of the file after line {lineno} could not be decoded ({type(exc).__name__}: {exc})"
        yield InputError(name, message, kind=kind)


def _zstd_error() -> type[Exception]:
    try:
        import zstandard

        return zstandard.ZstdError
    except ImportError:
        return OSError


def zst_damage(path: str) -> str | None:
    """Why a ``.zst`` file's bytes cannot be trusted (corrupt data, a failed frame checksum), or
    ``None``; checked end to end before any record is read, because damage can decode to altered
    text. Truncation is not damage here: the reader reports where the file ends."""
    try:
        import zstandard
    except ImportError:
        return None  # the reader names the missing extra
    try:
        with open(path, "rb") as fh:
            frames = _ZstdFrames(fh)
            buffer = bytearray(1 << 20)
            while frames.readinto(buffer):
                pass
    except zstandard.ZstdError as exc:
        return f"ZstdError: {exc}"
    except (EOFError, OSError):
        return None
    return None


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


def read_parquet(
    path: str, *, text_field: str = "text", id_field: str = "id", batch_rows: int = 1024,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Iterator[Item]:  # fmt: skip
    """Rows of a Parquet file, streamed (needs ``pip install 'quality[parquet]'``).

    A few kilobytes of Parquet can stand for gigabytes of text (one long value repeated through
    a dictionary, or compressed runs), so text columns are read as dictionaries, each row's size
    is counted before its values are decoded, and a row over ``max_bytes`` is a ``too_large``
    error without ever being built; rows are decoded one at a time."""
    try:
        import pyarrow.parquet as pq
    except ImportError as exc:
        yield InputError(path, f"{path}: reading Parquet {missing_extra(exc, 'parquet')}", kind="missing_extra")
        return
    try:
        schema = pq.read_schema(path)
        texts = [f.name for f in schema if _is_text(f.type)]
        reader = pq.ParquetFile(path, read_dictionary=texts)
        row = 0
        for batch in reader.iter_batches(batch_size=batch_rows):
            sizes = _row_sizes(batch, texts)
            for i in range(batch.num_rows):
                row += 1
                where = f"{path}:row {row}"
                if sizes[i] > max_bytes:
                    message = f"{where}: record over the {max_bytes:,}-byte limit (--max-bytes)"
                    yield InputError(where, message, kind="too_large")
                    continue
                (record,) = batch.slice(i, 1).to_pylist()
                yield from_record(record, where, text_field=text_field, id_field=id_field)
    except (OSError, ValueError) as exc:
        yield InputError(path, f"{path}: cannot read Parquet ({exc})", kind="read_failed")


def _is_text(kind) -> bool:
    import pyarrow as pa

    return (
        pa.types.is_string(kind)
        or pa.types.is_large_string(kind)
        or pa.types.is_binary(kind)
        or (pa.types.is_large_binary(kind))
    )


def _row_sizes(batch, texts: list[str]):
    """Bytes of text each row of a batch would decode to, counted on the dictionaries."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    sizes = np.zeros(batch.num_rows, dtype=np.int64)
    for name in texts:
        column = batch.column(name)
        if isinstance(column, pa.DictionaryArray):
            lengths = pc.binary_length(column.dictionary).to_numpy(zero_copy_only=False)
            indices = column.indices.to_numpy(zero_copy_only=False)
            valid = ~np.asarray(column.is_null().to_numpy(zero_copy_only=False), dtype=bool)
            sizes[valid] += lengths[indices[valid].astype(np.int64)]
        else:
            sizes += np.nan_to_num(pc.binary_length(column).to_numpy(zero_copy_only=False)).astype(np.int64)
    return sizes
