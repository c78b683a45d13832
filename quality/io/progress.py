"""Progress on stderr for long runs: count, rate, and a total with time left when the input size is known.

tqdm draws it; it is shown only when stderr is a terminal and the results are not being
printed to that same terminal (logs and pipes must not fill with it, and a table must not be
torn through), and never with ``--quiet``.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TextIO

_COUNT_LINES_UP_TO = 256 * 1024 * 1024  # an uncompressed JSONL file this small is counted first


class Progress:
    """``update(n)`` as items finish; ``close()`` clears the line."""

    def __init__(
        self,
        label: str,
        *,
        total: int | None = None,
        enabled: bool = True,
        stream: TextIO | None = None,
        every: float = 0.5,
    ):
        self.bar = None
        if enabled:
            from tqdm import tqdm

            self.bar = tqdm(total=total, desc=label, unit=" docs", file=stream or sys.stderr, leave=False,
                            dynamic_ncols=True, mininterval=every, miniters=1)  # fmt: skip

    def update(self, n: int = 1) -> None:
        if self.bar is not None:
            self.bar.update(n)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
            self.bar = None


def for_run(label: str, *, output_on_terminal: bool, total: int | None = None, quiet: bool = False) -> Progress:
    """A progress line on stderr when it is a terminal, unless the results themselves are being
    printed to that terminal or ``quiet`` is set."""
    return Progress(label, total=total, enabled=not quiet and _is_terminal(sys.stderr) and not output_on_terminal)


def known_total(paths: list[str]) -> int | None:
    """How many articles the inputs hold, when that is cheap to know: text and HTML files count
    one each, a Parquet file its row count, an uncompressed JSONL file its lines; ``None`` when
    any input (stdin, a compressed or huge JSONL file, a WARC crawl) cannot be counted cheaply."""
    from quality.io.readers import format_of, readable_name

    total = 0
    for raw in paths:
        path = Path(raw)
        if raw == "-" or not path.exists():
            return None
        files = [p for p in path.rglob("*") if p.is_file() and readable_name(p.name)] if path.is_dir() else [path]
        for f in files:
            fmt = format_of(f.name)
            if fmt in ("txt", "html"):
                total += 1
            elif fmt == "parquet":
                try:
                    import pyarrow.parquet as pq

                    total += pq.ParquetFile(f).metadata.num_rows
                except Exception:
                    return None
            elif (
                fmt == "jsonl" and f.suffix.lower() in (".jsonl", ".ndjson") and f.stat().st_size <= _COUNT_LINES_UP_TO
            ):
                total += _count_lines(f)
            else:
                return None
    return total


def _count_lines(path: Path) -> int:
    count, last = 0, b"\n"
    with path.open("rb") as fh:
        while block := fh.read(1 << 20):
            count += block.count(b"\n")
            last = block[-1:]
    return count + (last != b"\n")


def stdout_is_terminal() -> bool:
    return _is_terminal(sys.stdout)


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
