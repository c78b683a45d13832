"""A hard time limit for one step: a real-time alarm that interrupts the step when it runs out.

The scorer's budget is also checked between detectors, but a single step (trafilatura on a
9 MB page, a pathological regular expression, a user's model with a hostile setting) can run
far past it before any check comes. The alarm stops it inside. Signals reach only a process's
main thread and only on POSIX systems: elsewhere (threads of a Dask worker, Windows) the step
runs unbounded and the between-steps check is what holds.
"""

from __future__ import annotations

import contextlib
import signal
import threading
import time
from collections.abc import Iterator
from typing import Any


class OutOfTime(BaseException):
    """The alarm rang. A BaseException, so no ``except Exception`` inside the step swallows it."""


def available() -> bool:
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


@contextlib.contextmanager
def deadline(seconds: float) -> Iterator[None]:
    """Raise :class:`OutOfTime` inside the block after ``seconds`` (0: no limit). Inside an
    outer deadline, the sooner of the two rings, and the outer one goes on afterwards."""
    if not seconds or not available():
        yield
        return

    def ring(signum: int, frame: Any) -> None:
        raise OutOfTime

    outer_left = signal.getitimer(signal.ITIMER_REAL)[0]
    start = time.monotonic()
    previous = signal.signal(signal.SIGALRM, ring)
    signal.setitimer(signal.ITIMER_REAL, min(seconds, outer_left) if outer_left else seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        if outer_left:
            signal.setitimer(signal.ITIMER_REAL, max(outer_left - (time.monotonic() - start), 1e-6))
