"""The filter run: inputs streamed through the gate into whole-line outputs, with counts.

Constant memory, bounded batches, optionally across worker processes that each load the
model once; output order is input order. Each batch's lines are written, then the checkpoint
saved, as one step a signal cannot split. A worker that dies fails the run loudly, never
losing records. :class:`GateSettings` is what a worker needs to build its own gate.
"""

from __future__ import annotations

import contextlib
import os
import signal
import threading
import time
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from typing import IO, Any

from quality.core.document import Item
from quality.core.policy import DEFAULT, Policy
from quality.io.sinks import Checkpoint, LineSink, SignalGuard
from quality.pipeline.gate import KEPT, REJECTED, Filter, Routed
from quality.pipeline.scorer import BATCH, batched


@dataclass(frozen=True)
class GateSettings:
    """Everything that builds a :class:`Filter`, picklable for worker processes."""

    policy: Policy = DEFAULT
    reliability: bool | str = True
    annotate: bool = False
    clean: bool = False
    text_field: str = "text"
    min_quality: float | None = None  # overrides of the policy's gate rules, as Filter takes them
    drop_verdicts: tuple[str, ...] | None = None

    def build(self) -> Filter:
        return Filter(
            policy=self.policy,
            reliability=self.reliability,
            annotate=self.annotate,
            clean=self.clean,
            text_field=self.text_field,
            min_quality=self.min_quality,
            drop_verdicts=self.drop_verdicts,
        )


@dataclass
class Summary:
    """Counts for the run: in, kept, rejected, errors, and why (per detector and error kind)."""

    read: int = 0
    kept: int = 0
    rejected: int = 0
    errors: int = 0
    skipped: int = 0
    written: int = 0  # records whose lines are completely written: what a rerun resumes after
    half_written: bool = False  # a failed batch left lines in an output that could not be cut back
    seconds: float = 0.0
    rejected_by: Counter = field(default_factory=Counter)
    errors_by: Counter = field(default_factory=Counter)
    not_articles: dict[str, int] = field(default_factory=dict)  # passed over by the readers (WARC images)

    def add(self, routed: Routed) -> None:
        self.read += 1
        if routed.kind == KEPT:
            self.kept += 1
        elif routed.kind == REJECTED:
            self.rejected += 1
            self.rejected_by.update(routed.reasons)
        else:
            self.errors += 1
            self.errors_by.update(routed.reasons)

    def line(self) -> str:
        rate = self.read / self.seconds if self.seconds else 0.0
        skipped = f", {self.skipped} skipped" if self.skipped else ""
        passed = sum(self.not_articles.values())
        passed_over = f", {passed} not articles" if passed else ""
        return (
            f"{self.read} in{skipped}, {self.kept} kept, {self.rejected} rejected, {self.errors} errors{passed_over}"
            f" ({rate:.1f} docs/s)"
        )

    def input_lost(self) -> str | None:
        """Why the run did not see its whole input, or ``None``: part of a file could not be
        read (damaged, truncated, missing), or every record was an error."""
        from quality.io.readers import LOSS_KINDS

        lost = {k: n for k, n in self.errors_by.items() if k in LOSS_KINDS}
        if lost:
            kinds = ", ".join(f"{k} {n}" for k, n in sorted(lost.items()))
            return f"input not read whole ({kinds}); the errors above say what was lost"
        if self.read and self.errors == self.read:
            return f"every one of the {self.read} records was an error; nothing was kept or judged"
        return None

    def details(self) -> list[str]:
        """One line per non-empty breakdown: ``rejected: verdict_drop 95, filler 20``."""
        out = []
        for label, counts in (("rejected", self.rejected_by), ("errors", self.errors_by)):
            if counts:
                out.append(f"{label}: " + ", ".join(f"{k} {n}" for k, n in counts.most_common()))
        return out

    def to_dict(self) -> dict[str, Any]:
        return {
            "read": self.read,
            "skipped": self.skipped,
            "kept": self.kept,
            "rejected": self.rejected,
            "errors": self.errors,
            "written": self.written,
            "seconds": round(self.seconds, 3),
            "docs_per_second": round(self.read / self.seconds, 2) if self.seconds else 0.0,
            "rejected_by": dict(self.rejected_by.most_common()),
            "errors_by": dict(self.errors_by.most_common()),
            "not_articles": dict(self.not_articles),
        }

    def checkpoint(self, input_path: str, keep: LineSink, reject: LineSink | None) -> Checkpoint:
        return Checkpoint(
            input=input_path,
            records=self.skipped + self.written,
            kept=self.kept,
            rejected=self.rejected,
            errors=self.errors,
            keep_bytes=keep.size,
            reject_bytes=reject.size if reject else 0,
            rejected_by=dict(self.rejected_by),
            errors_by=dict(self.errors_by),
        )

    @classmethod
    def resumed(cls, cp: Checkpoint) -> Summary:
        """Counts carried over from a checkpoint, so the final summary covers the whole input."""
        return cls(
            kept=cp.kept,
            rejected=cp.rejected,
            errors=cp.errors,
            read=cp.kept + cp.rejected + cp.errors,
            written=cp.kept + cp.rejected + cp.errors,
            rejected_by=Counter(cp.rejected_by),
            errors_by=Counter(cp.errors_by),
        )


# ---- streaming, one process or many ------------------------------------------------------------

_WORKER_FILTER: Filter | None = None


def _init_worker(settings: GateSettings) -> None:
    """Each worker loads the model once, leaves SIGINT to the parent (which stops the run
    cleanly), dies quietly on the parent's SIGTERM (not with the parent's handler, inherited
    by fork), and exits by itself if the parent dies without telling it (SIGKILL)."""
    global _WORKER_FILTER
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    parent = os.getppid()
    threading.Thread(target=_exit_with_parent, args=(parent,), daemon=True).start()
    _WORKER_FILTER = settings.build()


def _exit_with_parent(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(1.0)
    os._exit(1)


def _route_batch(items: list[Item]) -> list[Routed]:
    assert _WORKER_FILTER is not None
    return _WORKER_FILTER.route_many(items)


def routed_batches(
    items: Iterable[Item], gate: Filter | GateSettings, workers: int = 1, batch: int = BATCH
) -> Iterator[list[Routed]]:
    """Routed outputs a batch at a time, in input order. With workers (``gate`` must then be
    settings, which each worker builds its own gate from), at most ``2 x workers`` batches are
    in flight, so memory stays flat however long the input is; if the consumer stops early (a
    signal, a failed write), the workers are terminated, not waited for."""
    if workers <= 1:
        f = gate if isinstance(gate, Filter) else gate.build()
        for chunk in batched(items, batch):
            yield f.route_many(chunk)
        return
    if isinstance(gate, Filter):
        raise TypeError("workers > 1 need GateSettings: a loaded Filter cannot be sent to worker processes")
    pool = ProcessPoolExecutor(max_workers=workers, initializer=_init_worker, initargs=(gate,))
    finished = False
    try:
        pending: deque = deque()
        for chunk in batched(items, batch):
            pending.append(pool.submit(_route_batch, chunk))
            if len(pending) >= 2 * workers:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
        finished = True
    finally:
        if finished:
            pool.shutdown()
        else:
            _terminate(pool)


def _terminate(pool: ProcessPoolExecutor) -> None:
    processes = list((getattr(pool, "_processes", None) or {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        process.terminate()
    for process in processes:
        process.join(timeout=5)


def routed_stream(
    items: Iterable[Item], gate: Filter | GateSettings, workers: int = 1, batch: int = BATCH
) -> Iterator[Routed]:
    """Routed outputs one at a time, in input order (see :func:`routed_batches`)."""
    for chunk in routed_batches(items, gate, workers, batch):
        yield from chunk


def run(
    items: Iterable[Item],
    keep: LineSink | IO[str],
    reject: LineSink | IO[str] | None,
    gate: Filter | GateSettings,
    *,
    workers: int = 1,
    summary: Summary | None = None,
    guard: SignalGuard | None = None,
    checkpoint: tuple[str, str] | None = None,
    progress: Callable[[int], None] | None = None,
) -> Summary:
    """Stream ``items`` to the kept and rejected outputs (errors go with the rejected), a batch
    at a time: each batch's lines are written to both outputs, then the checkpoint
    ``(path, input name)`` is saved, as one step a signal cannot split. ``summary.written``
    counts the records whose lines are complete, even when this raises."""
    summary = summary if summary is not None else Summary()
    keep_sink = keep if isinstance(keep, LineSink) else LineSink(keep)  # type: ignore[arg-type]
    reject_sink = reject if isinstance(reject, LineSink) or reject is None else LineSink(reject)  # type: ignore[arg-type]
    writing = guard.writing if guard else contextlib.nullcontext
    start = time.perf_counter() - summary.seconds
    try:
        for chunk in routed_batches(items, gate, workers):
            with writing():
                for routed in chunk:
                    summary.add(routed)
                    if routed.kind == KEPT:
                        keep_sink.add(routed.line)
                    elif reject_sink is not None:
                        reject_sink.add(routed.line)
                _flush_together(keep_sink, reject_sink, summary)
                summary.written = summary.read
                if checkpoint:
                    summary.checkpoint(checkpoint[1], keep_sink, reject_sink).save(checkpoint[0])
            if progress:
                progress(len(chunk))
    finally:
        summary.seconds = time.perf_counter() - start
    return summary


def _flush_together(keep: LineSink, reject: LineSink | None, summary: Summary) -> None:
    """Write one batch to both outputs, or to neither: when the kept lines cannot be written
    (a full disk), the rejected lines of the same batch are cut back out, so resuming at the
    last complete batch (``--skip N``) writes no record twice."""
    before = reject.size if reject is not None else 0
    if reject is not None:
        reject.flush()
    try:
        keep.flush()
    except OSError:
        if reject is not None and not reject.cut_back(before):
            summary.half_written = True
        raise


def resume_point(path: str | None, input_id: str, keep_path: str, reject_path: str | None, skip: int):
    """The checkpoint to resume from, or ``None`` for a fresh run; ``ValueError`` says why a
    checkpoint cannot be used with these outputs."""
    if not path:
        return None
    if keep_path == "-":
        raise ValueError("--checkpoint needs --keep FILE: standard output cannot be cut back on resume")
    if skip:
        raise ValueError("--checkpoint and --skip: the checkpoint already knows where to resume")
    cp = Checkpoint.load(path)
    if cp is None:
        return None
    if cp.input != input_id:
        if cp.input.split(" (")[0] == input_id.split(" (")[0]:
            raise ValueError(f"{path}: the input changed since this checkpoint ({cp.input} then, {input_id} now)")
        raise ValueError(f"{path} is the checkpoint of {cp.input}, not {input_id}")
    if cp.complete:
        raise ValueError(f"{path}: the run over {input_id} is already complete")
    if cp.reject_bytes and not reject_path:
        raise ValueError(f"{path}: the run wrote rejected records; pass the same --reject FILE")
    return cp


def resume_hint(summary: Summary, checkpoint_path: str | None) -> str:
    done = summary.skipped + summary.written
    if checkpoint_path:
        return f"{done} records written completely; rerun with the same --checkpoint to resume"
    hint = f"{done} records written completely; to resume, rerun with --skip {done}"
    if summary.half_written:
        hint += " (the rejected output already holds the next batch's rejected records: it could not be cut back)"
    return hint
