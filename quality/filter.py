"""A pre-ingest gate: every record comes out exactly once, kept, rejected with reasons, or as an error.

``Filter`` is the decision (a report -> keep or reject, with reasons) and works on plain texts
and records in any Python pipeline. ``run`` streams JSONL through it with constant memory,
in bounded batches, optionally across worker processes that each load the model once;
output order is input order. A worker that dies fails the run loudly, never losing records.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from typing import IO, Any

from quality.document import Document, InputError, Item, from_record
from quality.policy import DEFAULT, Policy
from quality.report import Report
from quality.report import json_line as dumps
from quality.scorer import BATCH, Scorer, batched

KEPT, REJECTED, ERROR = "kept", "rejected", "error"
REJECTION_FIELD = "quality_rejection"
ANNOTATION_FIELD = "quality"


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
    """Where one input went and the JSON line to write there."""

    kind: str  # kept | rejected | error
    line: str


class Filter:
    """Keep or reject articles by verdict and quality.

    ``drop_verdicts``: verdicts that reject (``("drop",)`` by default; add ``"review"`` to be
    stricter). ``min_quality``: also reject below this quality. ``annotate``: add the compact
    report to kept records under ``"quality"``.
    """

    def __init__(
        self,
        *,
        min_quality: float | None = None,
        drop_verdicts: Iterable[str] = ("drop",),
        reliability: bool | str = True,
        policy: Policy = DEFAULT,
        annotate: bool = False,
        scorer: Scorer | None = None,
    ):
        self.min_quality = min_quality
        self.drop_verdicts = frozenset(drop_verdicts)
        self.annotate = annotate
        # The compact report carries no drivers, so the filter does not compute them.
        self.scorer = scorer or Scorer(policy, reliability=reliability, explain=False)
        self.policy = self.scorer.policy

    def reasons(self, report: Report) -> list[str]:
        """Why a report is rejected; empty means keep."""
        if report.error:
            return [report.error]
        out = []
        if report.verdict in self.drop_verdicts:
            out.append(f"verdict {report.verdict} (quality {report.quality:.2f})")
        if self.min_quality is not None and report.quality < self.min_quality:
            out.append(f"quality {report.quality:.2f} < {self.min_quality:.2f}")
        if out:
            out += [f"{name} {r.score:.2f}" for name, r in report.detectors.items() if self.policy.flags(r.score)]
            if report.reliability and report.reliability.label == "unreliable":
                out.append(f"source unreliable ({report.reliability.decided_by})")
        return out

    def keep(self, text: str, *, source: str | None = None) -> bool:
        return not self.reasons(self.scorer.score(text, source=source))

    def __call__(self, records: Iterable[dict], text_field: str = "text") -> Iterator[dict]:
        """The kept records (annotated if asked); for pipelines that only want the good ones.
        A record without usable text is not kept (``route_many`` says why)."""
        for chunk in batched(records, BATCH):
            docs = [from_record(r, f"record {i + 1}", text_field=text_field) for i, r in enumerate(chunk)]
            for record, report in zip(chunk, self.scorer.score_many(docs), strict=True):
                if not self.reasons(report):
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
        if report.error:
            return Routed(ERROR, dumps({"id": doc.id, "error": report.error, "record": record}))
        why = self.reasons(report)
        if why:
            out = {**record, REJECTION_FIELD: {"reasons": why, **compact(report)}}
            return Routed(REJECTED, dumps(out))
        out = {**record, ANNOTATION_FIELD: compact(report)} if self.annotate else record
        return Routed(KEPT, dumps(out))


def _error(item: InputError) -> Routed:
    body: dict[str, Any] = {"id": item.id, "error": item.message}
    if item.record is not None:
        body["record"] = item.record
    elif item.raw is not None:
        body["raw"] = item.raw[:1000]
    return Routed(ERROR, dumps(body))


@dataclass
class Summary:
    read: int = 0
    kept: int = 0
    rejected: int = 0
    errors: int = 0
    seconds: float = 0.0

    def add(self, kind: str) -> None:
        self.read += 1
        if kind == KEPT:
            self.kept += 1
        elif kind == REJECTED:
            self.rejected += 1
        else:
            self.errors += 1

    def line(self) -> str:
        rate = self.read / self.seconds if self.seconds else 0.0
        return f"{self.read} in, {self.kept} kept, {self.rejected} rejected, {self.errors} errors ({rate:.1f} docs/s)"


# ---- streaming, one process or many ------------------------------------------------------------

_WORKER_FILTER: Filter | None = None


def _init_worker(kwargs: dict) -> None:
    global _WORKER_FILTER
    _WORKER_FILTER = Filter(**kwargs)


def _route_batch(items: list[Item]) -> list[Routed]:
    assert _WORKER_FILTER is not None
    return _WORKER_FILTER.route_many(items)


def routed_stream(items: Iterable[Item], filter_kwargs: dict, workers: int = 1, batch: int = BATCH) -> Iterator[Routed]:
    """Routed outputs in input order. With workers, at most ``2 x workers`` batches are in flight,
    so memory stays flat however long the input is."""
    if workers <= 1:
        f = Filter(**filter_kwargs)
        for chunk in batched(items, batch):
            yield from f.route_many(chunk)
        return
    with ProcessPoolExecutor(max_workers=workers, initializer=_init_worker, initargs=(filter_kwargs,)) as pool:
        pending = []
        for chunk in batched(items, batch):
            pending.append(pool.submit(_route_batch, chunk))
            if len(pending) >= 2 * workers:
                yield from pending.pop(0).result()
        for fut in pending:
            yield from fut.result()


def run(
    items: Iterable[Item],
    keep_out: IO[str],
    reject_out: IO[str] | None,
    filter_kwargs: dict,
    *,
    workers: int = 1,
) -> Summary:
    """Stream ``items`` to the kept and rejected outputs; errors go to the rejected output."""
    summary = Summary()
    start = time.perf_counter()
    for routed in routed_stream(items, filter_kwargs, workers):
        summary.add(routed.kind)
        if routed.kind == KEPT:
            keep_out.write(routed.line + "\n")
        elif reject_out is not None:
            reject_out.write(routed.line + "\n")
    summary.seconds = time.perf_counter() - start
    return summary
