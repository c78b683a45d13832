"""Cleaning: keep the article, take out the junk, and record every edit.

A pipeline that finds page chrome, a mismatched caption or glued sentences in an otherwise
sound article wants the article without them. Every finding already has its exact span, so
the policy picks the detectors whose findings are *removed* (whole lines, or a sentence inside
a line) and those that are *repaired* (a space inserted at a glued boundary).

An edit only deletes a span of the input or inserts one space: cleaning never invents text.
Edits are kept in input offsets, so :func:`apply_edits` rebuilds the cleaned text from the
input and :meth:`Cleaned.to_input` traces any offset of the cleaned text back to the input.
"""

from __future__ import annotations

import dataclasses
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from quality.core.document import Document, Item
from quality.core.policy import DEFAULT, Policy, PolicyError
from quality.core.report import Report
from quality.detectors.spacing import glue_point
from quality.io.records import coerce
from quality.pipeline.scorer import Input, Scorer

REPAIRABLE = ("missing_spaces",)
_BREAK = "\n\r"
_SPACE = " \t"


@dataclass(frozen=True)
class Edit:
    """``text[start:end]`` of the input becomes ``replacement`` ("" for a removal, " " for a
    repair); ``reason`` is ``detector.finding_kind``."""

    start: int
    end: int
    replacement: str
    reason: str

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


@dataclass
class Cleaned:
    """The cleaned text, the edits that made it from the input, and the report of the cleaned
    text (or of the input, with ``error`` set, when it could not be scored)."""

    text: str
    edits: list[Edit] = field(default_factory=list)
    report: Report | None = None

    def to_input(self, offset: int) -> int:
        """The input offset of ``offset`` in the cleaned text (an inserted space maps to where
        it was inserted), so a finding on the cleaned text points into the input."""
        delta = 0
        for edit in self.edits:
            at = edit.start + delta  # where the edit sits in the cleaned text
            if offset < at:
                break
            if offset < at + len(edit.replacement):
                return edit.start
            delta += len(edit.replacement) - (edit.end - edit.start)
        return offset - delta

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "edits": [e.to_dict() for e in self.edits],
            "report": self.report.to_dict() if self.report else None,
        }


def apply_edits(text: str, edits: Sequence[Edit]) -> str:
    """The cleaned text: ``edits`` (sorted, non-overlapping, input offsets) applied to ``text``."""
    out, last = [], 0
    for edit in edits:
        out += [text[last : edit.start], edit.replacement]
        last = edit.end
    out.append(text[last:])
    return "".join(out)


def plan_edits(text: str, report: Report, remove: Iterable[str], repair: Iterable[str]) -> list[Edit]:
    """The edits for one scored text: removals of the ``remove`` detectors' findings (merged
    where they touch), then a space at each glued boundary of the ``repair`` detectors that is
    not inside a removal. Sorted by position, never overlapping."""
    remove, repair = set(remove), set(repair)
    spans = []
    for name, result in report.detectors.items():
        if name in remove:
            spans += [(*removal_span(text, f.start, f.end), f"{name}.{f.kind}") for f in result.findings]
    removals = _merged(spans)
    if removals and removals[-1].end == len(text):  # junk at the end: the text ends where the article does
        last = removals[-1]
        start = last.start
        floor = removals[-2].end if len(removals) > 1 else 0
        while start > floor and text[start - 1] in _SPACE + _BREAK:
            start -= 1
        removals[-1] = Edit(_past_break(text, start) if start > floor else start, last.end, "", last.reason)
    inserts: dict[int, Edit] = {}
    starts = [r.start for r in removals]
    for name in repair & set(report.detectors):
        for f in report.detectors[name].findings:
            at = glue_point(text, f.start, f.end)
            if at is not None and not _inside(removals, starts, at):
                inserts.setdefault(at, Edit(at, at, " ", f"{name}.{f.kind}"))
    return sorted([*removals, *inserts.values()], key=lambda e: (e.start, e.end))


def removal_span(text: str, start: int, end: int) -> tuple[int, int]:
    """What to delete for a finding at ``[start, end)``: a finding that fills its lines takes
    its line break too, and a whole paragraph takes the blank lines after it; a sentence inside
    a line takes the spaces that separated it."""
    n = len(text)
    if (start == 0 or text[start - 1] in _BREAK) and (end == n or text[end] in _BREAK):
        end = _past_break(text, end)
        if start == 0 or _blank_line_before(text, start):
            return start, _past_blank_lines(text, end)
        return start, end
    after = end
    while after < n and text[after] in _SPACE:
        after += 1
    if after < n and text[after] not in _BREAK:
        return start, after  # "Filler. Next" -> "Next"
    while start > 0 and text[start - 1] in _SPACE:
        start -= 1  # "Fact. Filler.\n" -> "Fact.\n"
    return start, after


def _past_break(text: str, i: int) -> int:
    if text.startswith("\r\n", i):
        return i + 2
    return i + 1 if i < len(text) and text[i] in _BREAK else i


def _blank_line_before(text: str, start: int) -> bool:
    """Is the line before the one starting at ``start`` blank (or is there none)?"""
    i = start - 1  # the break ending the previous line
    if i > 0 and text[i] == "\n" and text[i - 1] == "\r":
        i -= 1
    while i > 0 and text[i - 1] in _SPACE:
        i -= 1
    return i == 0 or text[i - 1] in _BREAK


def _past_blank_lines(text: str, i: int) -> int:
    """``i`` moved past whole lines holding only spaces (each with its break)."""
    while True:
        j = i
        while j < len(text) and text[j] in _SPACE:
            j += 1
        if j < len(text) and text[j] in _BREAK:
            i = _past_break(text, j)
        else:
            return i


def _merged(spans: list[tuple[int, int, str]]) -> list[Edit]:
    out: list[Edit] = []
    for start, end, reason in sorted(spans):
        if out and start <= out[-1].end:
            last = out[-1]
            reasons = last.reason if reason in last.reason.split(",") else f"{last.reason},{reason}"
            out[-1] = Edit(last.start, max(last.end, end), "", reasons)
        else:
            out.append(Edit(start, end, "", reason))
    return out


def _inside(removals: list[Edit], starts: list[int], at: int) -> bool:
    """Is ``at`` inside one of the sorted, non-overlapping removals (``starts`` their starts)?
    A binary search: a page of a thousand chrome lines and glued words must not cost removals x repairs."""
    i = bisect_right(starts, at) - 1
    return i >= 0 and at < removals[i].end


class Cleaner:
    """Scores documents, edits out what the policy says, and scores the cleaned text.

    ``remove``: detectors whose findings are deleted (default: the policy's ``clean_remove``,
    page chrome and mismatched captions). ``repair``: detectors whose findings are repaired
    (default ``clean_repair``: missing spaces). Build once and reuse, like a ``Scorer``.
    """

    def __init__(
        self,
        policy: Policy = DEFAULT,
        *,
        remove: Iterable[str] | None = None,
        repair: Iterable[str] | None = None,
        scorer: Scorer | None = None,
        reliability: bool | str = True,
    ):
        self.scorer = scorer or Scorer(policy, reliability=reliability)
        self.policy = self.scorer.policy
        self.remove = tuple(self.policy.clean_remove if remove is None else remove)
        self.repair = tuple(self.policy.clean_repair if repair is None else repair)
        known = {d.name for d in self.scorer.detectors}
        unknown = sorted(set(self.remove) - known)
        if unknown:
            raise PolicyError(f"cannot remove {', '.join(unknown)}: not a detector here ({', '.join(sorted(known))})")
        unrepairable = sorted(set(self.repair) - set(REPAIRABLE))
        if unrepairable:
            raise PolicyError(f"cannot repair {', '.join(unrepairable)}: only {', '.join(REPAIRABLE)} can be repaired")

    def edits(self, text: str, report: Report) -> list[Edit]:
        return plan_edits(text, report, self.remove, self.repair) if not report.error else []

    def clean(self, text: str | Document) -> Cleaned:
        return self.clean_many([text])[0]

    def clean_many(self, docs: Iterable[Input]) -> list[Cleaned]:
        """One :class:`Cleaned` per input, in order. Only texts that changed are scored again."""
        budget = self.scorer.policy.time_budget
        items: list[Item] = [coerce(d, f"input {i + 1}", budget) for i, d in enumerate(docs)]
        reports = self.scorer.score_many(items)
        out: list[Cleaned] = []
        changed: list[tuple[int, Document]] = []
        for item, report in zip(items, reports, strict=True):
            if not isinstance(item, Document) or report.error:
                out.append(Cleaned(item.text if isinstance(item, Document) else "", [], report))
                continue
            edits = self.edits(item.text, report)
            cleaned = apply_edits(item.text, edits)
            out.append(Cleaned(cleaned, edits, report))
            if edits:
                changed.append((len(out) - 1, dataclasses.replace(item, text=cleaned, structure=())))
        if changed:
            for (i, _), report in zip(changed, self.scorer.score_many([d for _, d in changed]), strict=True):
                out[i].report = report
        return out


_DEFAULT: Cleaner | None = None


def clean(text: str) -> Cleaned:
    """Clean one text with a shared default :class:`Cleaner` (built on first use)."""
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = Cleaner()
    return _DEFAULT.clean(text)
