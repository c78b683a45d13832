"""A datatrove filter step: ``QualityFilter`` drops what ``quality`` rejects, with the reason.

    from datatrove.pipeline.readers import JsonlReader
    from quality.integrations.datatrove import QualityFilter
    pipeline = [JsonlReader("crawl/"), QualityFilter(min_quality=0.5), JsonlWriter("kept/")]

Needs ``pip install 'quality[bench]'`` (datatrove). Documents are scored in batches of
``quality.scorer.BATCH`` (datatrove's ``filter_batch``), one model call each. The compact
report is stored in ``doc.metadata["quality"]`` so later steps (and the exclusion writer) see it.
"""

from __future__ import annotations

from datatrove.pipeline.filters.base_filter import BaseFilter

from quality.document import Document
from quality.filter import Filter, compact
from quality.scorer import BATCH


class QualityFilter(BaseFilter):
    name = "📰 quality"

    def __init__(self, exclusion_writer=None, batch_size: int = BATCH, **filter_kwargs):
        super().__init__(exclusion_writer, batch_size=batch_size)
        self.filter_kwargs = filter_kwargs
        self._filter: Filter | None = None

    @property
    def gate(self) -> Filter:
        if self._filter is None:  # built in the worker, not pickled with the pipeline
            self._filter = Filter(**self.filter_kwargs)
        return self._filter

    def filter(self, doc) -> bool | tuple[bool, str]:
        return self.filter_batch([doc])[0]

    def filter_batch(self, batch) -> list[bool | tuple[bool, str]]:
        docs = [Document(d.text or "", str(d.id), d.metadata.get("url") or d.metadata.get("source")) for d in batch]
        out: list[bool | tuple[bool, str]] = []
        for doc, report in zip(batch, self.gate.scorer.score_many(docs), strict=True):
            doc.metadata["quality"] = compact(report)
            reasons = self.gate.reasons(report)
            out.append((False, "; ".join(reasons)) if reasons else True)
        return out
