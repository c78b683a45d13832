"""A pre-ingest gate: every record comes out exactly once, kept, rejected with reasons, or as an error.

``Filter`` is the decision (a report -> keep or reject, with reasons) and works on plain texts
and records in any Python pipeline. ``run`` streams JSONL through it with constant memory,
in bounded batches, optionally across worker processes that each load the model once;
output order is input order. A worker that dies fails the run loudly, never losing records.
"""

from __future__ import annotations

import contextlib
import logging
import os
import signal
import threading
import time
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from typing import IO, Any

from quality.clean import apply_edits, plan_edits
from quality.document import Document, InputError, Item, from_record
from quality.outputs import Checkpoint, LineSink, SignalGuard
from quality.policy import DEFAULT, Policy
from quality.report import Report
from quality.report import json_line as dumps
from quality.scorer import BATCH, Scorer, batched

KEPT, REJECTED, ERROR = "kept", "rejected", "error"
REJECTION_FIELD = "quality_rejection"
ANNOTATION_FIELD = "quality"
WARNINGS_FIELD = "quality_warnings"
EDITS_FIELD = "edits"

log = logging.getLogger("quality")


def compact(report: Report) -> dict[str, Any]:
    """The few numbers a pipeline keeps next to a record."""
    out: dict[str, Any] = {
        "quality": report.quality,
        "verdict": report.verdict,
        "scores": {name: round(r.score, 4) for name, r in report.detectors.items()},
    }
    if report.reliability:
        out["reliability"] = {"label": report.reliability.label, "score": report.reliability.score}
    return out


@dataclass
class Routed:
    """Where one input went, the JSON line to write there, and the short reasons it was
    rejected or failed (detector names, ``verdict_drop``, error kinds) for the summary."""

    kind: str  # kept | rejected | error
    line: str
    reasons: tuple[str, ...] = ()


class Filter:
    """Keep or reject articles by verdict and quality.

    ``drop_verdicts``: verdicts that reject (``("drop",)`` by default; add ``"review"`` to be
    stricter). ``min_quality``: also reject below this quality. ``annotate``: add the compact
    report to kept records under ``"quality"``. ``clean``: write kept records cleaned (the
    policy's ``clean_remove``/``clean_repair``), with their ``edits``; ``text_field`` is where
    a record's text is.
    """

    def __init__(
        self,
        *,
        min_quality: float | None = None,
        drop_verdicts: Iterable[str] = ("drop",),
        reliability: bool | str = True,
        policy: Policy = DEFAULT,
        annotate: bool = False,
        clean: bool = False,
        text_field: str = "text",
        scorer: Scorer | None = None,
    ):
        self.min_quality = min_quality
        self.clean = clean
        self.text_field = text_field
        self.drop_verdicts = frozenset(drop_verdicts)
        self.annotate = annotate
        # The compact report carries no drivers, so the filter does not compute them.
        self.scorer = scorer or Scorer(policy, reliability=reliability, explain=False)
        self.policy = self.scorer.policy

    def reasons(self, report: Report) -> list[str]:
        """Why a report is rejected; empty means keep."""
        return [text for _, text in self._why(report)]

    def _why(self, report: Report) -> list[tuple[str, str]]:
        """``(key, sentence)`` per reason: the key is what the run's summary counts."""
        if report.error:
            return [(report.error_kind or "unreadable", report.error)]
        out = []
        if report.verdict in self.drop_verdicts:
            out.append((f"verdict_{report.verdict}", f"verdict {report.verdict} (quality {report.quality:.2f})"))
        if self.min_quality is not None and report.quality < self.min_quality:
            out.append(("min_quality", f"quality {report.quality:.2f} < {self.min_quality:.2f}"))
        if out:
            out += [
                (name, f"{name} {r.score:.2f}") for name, r in report.detectors.items() if self.policy.flags(r.score)
            ]
            if report.reliability and report.reliability.label == "unreliable":
                out.append(("source_unreliable", f"source unreliable ({report.reliability.decided_by})"))
        return out

    def keep(self, text: str, *, source: str | None = None) -> bool:
        return not self.reasons(self.scorer.score(text, source=source))

    def __call__(self, records: Iterable[dict], text_field: str = "text") -> Iterator[dict]:
        """The kept records (annotated if asked); for pipelines that only want the good ones.
        A record without usable text is not kept; each such record is logged as a warning on
        the ``quality`` logger (``route_many`` returns every record with its reason)."""
        seen = 0
        for chunk in batched(records, BATCH):
            docs = [from_record(r, f"record {seen + i + 1}", text_field=text_field) for i, r in enumerate(chunk)]
            seen += len(chunk)
            for record, report in zip(chunk, self.scorer.score_many(docs), strict=True):
                if report.error:
                    log.warning("not kept: %s", report.error)
                elif not self.reasons(report):
                    yield {**record, ANNOTATION_FIELD: compact(report)} if self.annotate else record

    def route(self, item: Item) -> Routed:
        """One parsed input -> its output line and stream."""
        return self.route_many([item])[0]

    def route_many(self, items: list[Item]) -> list[Routed]:
        """A batch of parsed inputs -> output lines, in order (documents scored as one batch)."""
        docs = [i for i in items if isinstance(i, Document)]
        reports = iter(self.scorer.score_many(docs))
        return [_error(i) if isinstance(i, InputError) else self._routed(i, next(reports)) for i in items]

    def _routed(self, doc: Document, report: Report) -> Routed:
        record = doc.record if doc.record is not None else {"id": doc.id, "text": doc.text}
        if doc.warnings:  # replaced invalid bytes and the like: say so on the record itself
            record = {**record, WARNINGS_FIELD: list(doc.warnings)}
        if report.error:
            body = {"id": doc.id, "error": report.error, "error_kind": report.error_kind, "record": record}
            return Routed(ERROR, dumps(body), (report.error_kind or "unreadable",))
        why = self._why(report)
        if why:
            out = {**record, REJECTION_FIELD: {"reasons": [text for _, text in why], **compact(report)}}
            return Routed(REJECTED, dumps(out), tuple(key for key, _ in why))
        out = {**record, ANNOTATION_FIELD: compact(report)} if self.annotate else record
        if self.clean:
            out = self._cleaned(out, doc, report)
        return Routed(KEPT, dumps(out))

    def _cleaned(self, record: dict[str, Any], doc: Document, report: Report) -> dict[str, Any]:
        edits = plan_edits(doc.text, report, self.policy.clean_remove, self.policy.clean_repair)
        field = self.text_field if doc.record is not None else "text"
        return {**record, field: apply_edits(doc.text, edits), EDITS_FIELD: [e.to_dict() for e in edits]}


def _error(item: InputError) -> Routed:
    body: dict[str, Any] = {"id": item.id, "error": item.message, "error_kind": item.kind}
    if item.record is not None:
        body["record"] = item.record
    elif item.raw is not None:
        body["raw"] = item.raw[:1000]
    return Routed(ERROR, dumps(body), (item.kind,))


@dataclass
class Summary:
    """Counts for the run: in, kept, rejected, errors, and why (per detector and error kind)."""

    read: int = 0
    kept: int = 0
    rejected: int = 0
    errors: int = 0
    skipped: int = 0
    written: int = 0  # records whose lines are completely written: what a rerun resumes after
    seconds: float = 0.0
    rejected_by: Counter = field(default_factory=Counter)
    errors_by: Counter = field(default_factory=Counter)

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
        return (
            f"{self.read} in{skipped}, {self.kept} kept, {self.rejected} rejected, {self.errors} errors"
            f" ({rate:.1f} docs/s)"
        )

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


def _init_worker(kwargs: dict) -> None:
    """Each worker loads the model once, leaves SIGINT to the parent (which stops the run
    cleanly), dies quietly on the parent's SIGTERM (not with the parent's handler, inherited
    by fork), and exits by itself if the parent dies without telling it (SIGKILL)."""
    global _WORKER_FILTER
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    parent = os.getppid()
    threading.Thread(target=_exit_with_parent, args=(parent,), daemon=True).start()
    _WORKER_FILTER = Filter(**kwargs)


def _exit_with_parent(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(1.0)
    os._exit(1)


def _route_batch(items: list[Item]) -> list[Routed]:
    assert _WORKER_FILTER is not None
    return _WORKER_FILTER.route_many(items)


def routed_batches(
    items: Iterable[Item], filter_kwargs: dict, workers: int = 1, batch: int = BATCH
) -> Iterator[list[Routed]]:
    """Routed outputs a batch at a time, in input order. With workers, at most ``2 x workers``
    batches are in flight, so memory stays flat however long the input is; if the consumer
    stops early (a signal, a failed write), the workers are terminated, not waited for."""
    if workers <= 1:
        f = Filter(**filter_kwargs)
        for chunk in batched(items, batch):
            yield f.route_many(chunk)
        return
    pool = ProcessPoolExecutor(max_workers=workers, initializer=_init_worker, initargs=(filter_kwargs,))
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


def routed_stream(items: Iterable[Item], filter_kwargs: dict, workers: int = 1, batch: int = BATCH) -> Iterator[Routed]:
    """Routed outputs one at a time, in input order (see :func:`routed_batches`)."""
    for chunk in routed_batches(items, filter_kwargs, workers, batch):
        yield from chunk


def run(
    items: Iterable[Item],
    keep: LineSink | IO[str],
    reject: LineSink | IO[str] | None,
    filter_kwargs: dict,
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
        for chunk in routed_batches(items, filter_kwargs, workers):
            with writing():
                for routed in chunk:
                    summary.add(routed)
                    if routed.kind == KEPT:
                        keep_sink.add(routed.line)
                    elif reject_sink is not None:
                        reject_sink.add(routed.line)
                if reject_sink is not None:
                    reject_sink.flush()
                keep_sink.flush()
                summary.written = summary.read
                if checkpoint:
                    summary.checkpoint(checkpoint[1], keep_sink, reject_sink).save(checkpoint[0])
            if progress:
                progress(len(chunk))
    finally:
        summary.seconds = time.perf_counter() - start
    return summary
