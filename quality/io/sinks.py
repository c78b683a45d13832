"""Output that is safe to read after a failure: whole lines only, a checkpoint to resume from,
and signals that stop a run between batches rather than in the middle of a write.

A pipeline reads ``--keep`` and ``--reject`` while or after ``quality filter`` runs; a killed
run must leave files a JSON Lines reader accepts and a count it can resume from.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
import signal
import stat
import sys
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import BinaryIO, TextIO


class LineSink:
    """Complete lines, written a batch at a time with one ``os.write`` per flush, so a kill
    leaves whole lines. If a write fails (a full disk), a regular file is cut back to its
    last complete line before the error is raised."""

    def __init__(self, fh: BinaryIO | TextIO, *, owned: bool = False):
        self.fh = fh
        self.owned = owned
        self.pending: list[bytes] = []
        fh.flush()  # anything written through the file object before us goes first
        try:
            self.fd: int | None = fh.fileno()
            self.regular = stat.S_ISREG(os.fstat(self.fd).st_mode)
        except (AttributeError, OSError, ValueError):  # an in-memory stream (tests, notebooks)
            self.fd, self.regular = None, False
        self.size = os.lseek(self.fd, 0, os.SEEK_CUR) if self.regular and self.fd is not None else 0

    @classmethod
    def open(cls, path: str, *, resume_at: int | None = None, append: bool = False) -> LineSink:
        """``-`` is stdout. ``resume_at``: cut an existing file back to this many bytes (what a
        checkpoint says was complete) and go on from there; ``append``: add to the end."""
        if path == "-":
            return cls(sys.stdout.buffer)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT, 0o644)  # nothing is cut before the lock is held
        _lock(fd, path)
        if resume_at is not None:
            os.ftruncate(fd, resume_at)
            os.lseek(fd, resume_at, os.SEEK_SET)
        elif append:
            os.lseek(fd, 0, os.SEEK_END)
        else:
            os.ftruncate(fd, 0)
        return cls(os.fdopen(fd, "wb"), owned=True)

    def add(self, line: str) -> None:
        self.pending.append(line.encode("utf-8") + b"\n")

    def flush(self) -> None:
        data = b"".join(self.pending)
        self.pending.clear()
        if not data:
            return
        if self.fd is None:
            self.fh.write(data.decode("utf-8") if isinstance(self.fh, io.TextIOBase) else data)  # type: ignore[arg-type]
            self.fh.flush()
        else:
            self._write_all(memoryview(data))
        self.size += len(data)

    def cut_back(self, size: int) -> bool:
        """Undo what was written since the output was ``size`` bytes long (the other output of
        the batch failed); False when this output cannot be cut (a pipe, a terminal)."""
        if size == self.size:
            return True
        if not self.regular or self.fd is None:
            return False
        os.ftruncate(self.fd, size)
        os.lseek(self.fd, size, os.SEEK_SET)
        self.size = size
        return True

    def _write_all(self, view: memoryview) -> None:
        assert self.fd is not None
        written = 0
        try:
            while written < len(view):
                written += os.write(self.fd, view[written:])
        except OSError:
            if self.regular and written:
                os.ftruncate(self.fd, self.size)
                os.lseek(self.fd, self.size, os.SEEK_SET)
            raise

    def close(self) -> None:
        with contextlib.suppress(OSError):
            self.flush()
        if self.owned:
            self.fh.close()


@dataclass
class Checkpoint:
    """What a run has written completely: records read, and each output's size in bytes.
    Saved atomically after every batch, so after any failure it describes whole lines."""

    input: str
    records: int = 0
    kept: int = 0
    rejected: int = 0
    errors: int = 0
    keep_bytes: int = 0
    reject_bytes: int = 0
    rejected_by: dict[str, int] = field(default_factory=dict)
    errors_by: dict[str, int] = field(default_factory=dict)
    complete: bool = False

    @classmethod
    def load(cls, path: str) -> Checkpoint | None:
        """The saved checkpoint, ``None`` if there is none; ``ValueError`` if it is unreadable."""
        try:
            data = json.loads(Path(path).read_text(encoding="utf-8"))
            return cls(**data)
        except FileNotFoundError:
            return None
        except (OSError, TypeError, ValueError) as exc:
            raise ValueError(f"{path}: not a quality checkpoint ({exc})") from None

    def save(self, path: str) -> None:
        tmp = f"{path}.tmp"
        Path(tmp).write_text(json.dumps(asdict(self)), encoding="utf-8")
        os.replace(tmp, path)


class OutputLocked(OSError):
    """Another run is writing this output file."""


def _lock(fd: int, path: str) -> None:
    """Hold an exclusive lock on an output file for the run: two runs writing the same --keep
    would interleave and lose lines. A second run fails at once instead of waiting."""
    try:
        import fcntl
    except ImportError:  # not on POSIX: no lock
        return
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)
        raise OutputLocked(f"{path} is being written by another run") from None


def input_identity(paths: list[str]) -> str:
    """What a checkpoint is bound to: each input's path, size, modification time and a hash of its
    first 64 KB (a directory: of its files' names, sizes and times), so a regenerated or edited
    input is never resumed at a record count that belonged to the old one."""
    import hashlib

    parts = []
    for raw in paths:
        path = Path(raw)
        if raw == "-" or not path.exists():
            parts.append(raw)
            continue
        if path.is_dir():
            listing = sorted((str(p.relative_to(path)), p.stat().st_size, p.stat().st_mtime_ns)
                             for p in path.rglob("*") if p.is_file())  # fmt: skip
            digest = hashlib.sha256(repr(listing).encode()).hexdigest()[:16]
            parts.append(f"{raw} (directory {digest})")
            continue
        st = path.stat()
        with path.open("rb") as fh:
            head = hashlib.sha256(fh.read(65536)).hexdigest()[:16]
        parts.append(f"{raw} ({st.st_size} bytes, mtime {st.st_mtime_ns}, head {head})")
    return "; ".join(parts)


class Stopped(BaseException):
    """SIGTERM or SIGINT arrived: the run stops after its last complete batch. A
    ``BaseException``, like ``KeyboardInterrupt``, so no ``except Exception`` (the scorer's
    per-document guard) can swallow it."""

    def __init__(self, signum: int):
        super().__init__(signal.Signals(signum).name)
        self.signum = signum


class SignalGuard:
    """Turns SIGTERM and SIGINT into :class:`Stopped`, raised at once while scoring but held
    back while a batch is being written (``with guard.writing():``), so both outputs and the
    checkpoint always end on the same record."""

    def __init__(self) -> None:
        self._deferring = False
        self._pending: int | None = None
        self._previous: dict[int, object] = {}

    def _handle(self, signum: int, frame: object) -> None:
        if self._deferring:
            self._pending = signum
        else:
            raise Stopped(signum)

    @contextlib.contextmanager
    def installed(self) -> Iterator[SignalGuard]:
        for sig in (signal.SIGTERM, signal.SIGINT):
            self._previous[sig] = signal.signal(sig, self._handle)
        try:
            yield self
        finally:
            for sig, handler in self._previous.items():
                signal.signal(sig, handler)  # type: ignore[arg-type]

    @contextlib.contextmanager
    def writing(self) -> Iterator[None]:
        self._deferring = True
        try:
            yield
        finally:
            self._deferring = False
            if self._pending is not None:
                raise Stopped(self._pending)


class CleanSink:
    """Where ``quality clean`` writes: one text to stdout or a file, several texts into a
    directory (same file names), or JSON Lines (the record with its cleaned text, ``edits`` and
    the cleaned text's ``report``) to stdout or a file."""

    def __init__(self, fmt: str, output: str | None, several: bool, text_field: str = "text"):
        self.fmt, self.output, self.text_field = fmt, output, text_field
        target = Path(output) if output and output != "-" else None
        wants_dir = fmt == "text" and target is not None and (several or target.is_dir())
        if fmt == "text" and several and target is None:
            raise ValueError("several text inputs: give -o DIRECTORY, or --format jsonl")
        if wants_dir and not target.is_dir() and (target.exists() or target.suffix):
            raise ValueError(f"{output} is a file name: several texts need -o DIRECTORY")
        self.directory = target if wants_dir else None
        self.out: TextIO | None = None
        self.used: set[str] = set()
        self.renamed: list[tuple[str, str]] = []  # (input id, file written) where names collided

    def __enter__(self) -> CleanSink:
        if self.directory is not None:
            self.directory.mkdir(parents=True, exist_ok=True)
        elif self.output in (None, "-"):
            self.out = sys.stdout
        else:
            self.out = open(self.output, "w", encoding="utf-8")  # noqa: SIM115  (closed in __exit__)
        return self

    def __exit__(self, *exc) -> None:
        if self.out is not None and self.out is not sys.stdout:
            self.out.close()
        elif self.out is sys.stdout:
            self.out.flush()

    def write(self, item, cleaned) -> None:
        from quality.core.document import Document
        from quality.core.report import json_line

        if self.fmt == "jsonl":
            assert self.out is not None
            self.out.write(json_line(clean_record(item, cleaned, self.text_field)) + "\n")
        elif not isinstance(item, Document) or (cleaned.report and cleaned.report.error):
            return  # named on stderr; a text output has no place for it
        elif self.directory is not None:
            # a WARC record's id (a URL) is not a file name: keep only safe characters
            name = self._unique(re.sub(r"[^\w.-]+", "_", Path(item.id).name).strip("_") or "article.txt")
            if name != Path(item.id).name:
                self.renamed.append((item.id, name))
            (self.directory / name).write_text(cleaned.text, encoding="utf-8")
        else:
            assert self.out is not None
            self.out.write(cleaned.text)

    def _unique(self, name: str) -> str:
        """A file name no earlier input of this run took: ``a.txt``, then ``a-2.txt``, ... (two
        inputs named ``a.txt`` in different folders must not overwrite each other)."""
        stem, dot, suffix = name.partition(".")
        candidate, n = name, 1
        while candidate in self.used:
            n += 1
            candidate = f"{stem}-{n}{dot}{suffix}"
        self.used.add(candidate)
        return candidate


def clean_record(item, cleaned, text_field: str) -> dict:
    """One JSON Lines record of ``quality clean``: the input record with its text cleaned."""
    from quality.core.document import Document

    report = cleaned.report
    if not isinstance(item, Document) or (report and report.error and not cleaned.edits):
        body = {"id": item.id, "error": report.error if report else item.message}
        return body | ({"record": item.record} if item.record is not None else {})
    record = dict(item.record) if item.record is not None else {"id": item.id}
    record[text_field if item.record is not None else "text"] = cleaned.text
    record["edits"] = [e.to_dict() for e in cleaned.edits]
    record["report"] = report.to_dict() if report else None
    return record
