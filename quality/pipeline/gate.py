"""The gate's decision: a report -> keep, or reject with reasons; every input routed exactly once.

``Filter`` works on plain texts, records and Documents in any Python pipeline; the rules
(which verdicts reject, a minimum quality) are the policy's, and the constructor may override
them. :mod:`quality.pipeline.run` streams inputs through it with workers, sinks and a checkpoint.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from quality.core.document import Document, InputError, Item
from quality.core.policy import DEFAULT, Policy
from quality.core.report import Report
from quality.core.report import json_line as dumps
from quality.io.records import coerce, from_record
from quality.pipeline.clean import apply_edits, plan_edits
from quality.pipeline.scorer import BATCH, Scorer, batched

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

    ``drop_verdicts``: verdicts that reject (default: the policy's ``reject_verdicts``,
    ``("drop",)``; add ``"review"`` to be stricter). ``min_quality``: also reject below this
    quality (default: the policy's ``min_quality``, none). ``annotate``: add the compact
    report to kept records under ``"quality"``. ``clean``: write kept records cleaned (the
    policy's ``clean_remove``/``clean_repair``), with their ``edits``; ``text_field`` is where
    a record's text is.
    """

    def __init__(
        self,
        *,
        min_quality: float | None = None,
        drop_verdicts: Iterable[str] | None = None,
        reliability: bool | str = True,
        policy: Policy = DEFAULT,
        annotate: bool = False,
        clean: bool = False,
        text_field: str = "text",
        scorer: Scorer | None = None,
    ):
        self.clean = clean
        self.text_field = text_field
        self.annotate = annotate
        # The compact report carries no drivers, so the filter does not compute them.
        self.scorer = scorer or Scorer(policy, reliability=reliability, explain=False)
        self.policy = self.scorer.policy
        self.min_quality = self.policy.min_quality if min_quality is None else min_quality
        self.drop_verdicts = frozenset(self.policy.reject_verdicts if drop_verdicts is None else drop_verdicts)

    def reasons(self, report: Report) -> list[str]:
        """Why a report is rejected; empty means keep."""
        return [text for _, text in self.why(report)]

    def why(self, report: Report) -> list[tuple[str, str]]:
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

    def __call__(self, records: Iterable[Mapping | Document | str]) -> Iterator[Mapping | Document | str]:
        """The kept inputs, as given (records annotated if asked); for pipelines that only want
        the good ones. Takes what ``Scorer.score_many`` takes: records (text in ``text_field``),
        Documents or strings. An input without usable text is not kept; each is logged as a
        warning on the ``quality`` logger (``route_many`` returns every input with its reason)."""
        seen = 0
        for chunk in batched(records, BATCH):
            docs = [self._item(r, f"record {seen + i + 1}") for i, r in enumerate(chunk)]
            seen += len(chunk)
            for record, report in zip(chunk, self.scorer.score_many(docs), strict=True):
                if report.error:
                    log.warning("not kept: %s", report.error)
                elif not self.reasons(report):
                    annotated = self.annotate and isinstance(record, Mapping)
                    yield {**record, ANNOTATION_FIELD: compact(report)} if annotated else record

    def _item(self, value: Mapping | Document | str, where: str) -> Item:
        if isinstance(value, Mapping):
            value = from_record(value, where, text_field=self.text_field)
        return coerce(value, where, self.scorer.policy.time_budget)

    def route(self, item: Item) -> Routed:
        """One parsed input -> its output line and stream."""
        return self.route_many([item])[0]

    def route_many(self, items: list[Item]) -> list[Routed]:
        """A batch of parsed inputs -> output lines, in order (documents scored as one batch).
        Web pages are extracted here, so a filter's workers share that work too."""
        items = [coerce(i, i.id, self.scorer.policy.time_budget) for i in items]
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
        why = self.why(report)
        if why and self.clean:  # judged again on what cleaning leaves: the junk it removes is gone
            kept = self._kept_after_cleaning(record, doc, report)
            if kept is not None:
                return kept
        if why:
            rejection = {"reasons": [text for _, text in why], **compact(report), "findings": self._evidence(report)}
            out = {**record, REJECTION_FIELD: rejection}
            return Routed(REJECTED, dumps(out), tuple(key for key, _ in why))
        out = {**record, ANNOTATION_FIELD: compact(report)} if self.annotate else record
        if self.clean:
            out = self._cleaned(out, doc, report)[0]
        return Routed(KEPT, dumps(out))

    def _kept_after_cleaning(self, record: dict[str, Any], doc: Document, report: Report) -> Routed | None:
        """The cleaned record, kept, when its cleaned text passes the gate; else ``None``."""
        out, cleaned_text = self._cleaned(record, doc, report)
        if cleaned_text == doc.text:
            return None
        again = self.scorer.score_many([Document(cleaned_text, doc.id, doc.source, doc.title)])[0]
        if again.error or self.why(again):
            return None
        if self.annotate:
            out = {**out, ANNOTATION_FIELD: compact(again)}
        return Routed(KEPT, dumps(out))

    def _cleaned(self, record: dict[str, Any], doc: Document, report: Report) -> tuple[dict[str, Any], str]:
        edits = plan_edits(doc.text, report, self.policy.clean_remove, self.policy.clean_repair)
        field = self.text_field if doc.record is not None else "text"
        text = apply_edits(doc.text, edits)
        return {**record, field: text, EDITS_FIELD: [e.to_dict() for e in edits]}, text

    def _evidence(self, report: Report, limit: int = 20) -> list[dict[str, Any]]:
        """The findings of the detectors that flag, so a rejected record says what rejected it."""
        out = []
        for name, result in report.detectors.items():
            if self.policy.flags(result.score):
                out += [
                    {"detector": name, "kind": f.kind, "start": f.start, "end": f.end, "text": f.text[:200]}
                    for f in result.findings
                ]
        return out[:limit]


def _error(item: InputError) -> Routed:
    body: dict[str, Any] = {"id": item.id, "error": item.message, "error_kind": item.kind}
    if item.record is not None:
        body["record"] = item.record
    elif item.raw is not None:
        body["raw"] = item.raw[:1000]
    return Routed(ERROR, dumps(body), (item.kind,))
