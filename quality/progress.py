"""A one-line progress counter on stderr, shown only when stderr is a terminal.

Long runs (millions of records) need a sign of life; logs and pipes must not fill with it.
"""

from __future__ import annotations

import sys
import time
from typing import TextIO


class Progress:
    """``update(n)`` as items finish; redraws at most every ``every`` seconds; ``close()``
    clears the line. Silent unless ``stream`` is a terminal (or ``enabled=True``)."""

    def __init__(self, label: str, *, stream: TextIO | None = None, enabled: bool | None = None, every: float = 0.5):
        self.label = label
        self.stream = stream or sys.stderr
        self.enabled = _is_terminal(self.stream) if enabled is None else enabled
        self.every = every
        self.count = 0
        self.start = time.perf_counter()
        self.shown = 0.0

    def update(self, n: int = 1) -> None:
        self.count += n
        now = time.perf_counter()
        if self.enabled and now - self.shown >= self.every:
            self.shown = now
            rate = self.count / max(now - self.start, 1e-9)
            self.stream.write(f"\r{self.label}: {self.count:,} records, {rate:,.1f}/s ")
            self.stream.flush()

    def close(self) -> None:
        if self.enabled and self.shown:
            self.stream.write("\r\033[K")
            self.stream.flush()
            self.shown = 0.0


def for_run(label: str, *, output_on_terminal: bool) -> Progress:
    """A counter on stderr when it is a terminal, unless the results themselves are being
    printed to that terminal (the counter would tear through them)."""
    return Progress(label, enabled=_is_terminal(sys.stderr) and not output_on_terminal)


def stdout_is_terminal() -> bool:
    return _is_terminal(sys.stdout)


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
