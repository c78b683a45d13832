"""datatrove steps: ``QualityFilter`` drops what ``quality`` rejects, with the reason;
``QualityCleaner`` (a formatter) keeps documents and removes their junk, recording the edits.

    from datatrove.pipeline.readers import JsonlReader
    from quality.integrations.datatrove import QualityCleaner, QualityFilter
    pipeline = [JsonlReader("crawl/"), QualityFilter(min_quality=0.5), QualityCleaner(), JsonlWriter("kept/")]

Needs ``pip install 'quality[bench]'`` (datatrove). Documents are scored in batches of
``quality.pipeline.scorer.BATCH`` (datatrove's ``filter_batch``), one model call each. The compact
report is stored in ``doc.metadata["quality"]`` so later steps (and the exclusion writer) see it.
"""

from __future__ import annotations

from datatrove.pipeline.filters.base_filter import BaseFilter
from datatrove.pipeline.formatters.base import BaseFormatter

from quality.core.document import Document
from quality.pipeline.clean import Cleaner
from quality.pipeline.gate import Filter, compact
from quality.pipeline.scorer import BATCH, batched


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
            why = self.gate.why(report)
            if why:  # datatrove counts drops by this key: a stable name, the sentences go in metadata
                doc.metadata["quality_rejection"] = [text for _, text in why]
            out.append((False, why[0][0]) if why else True)
        return out


class QualityCleaner(BaseFormatter):
    """Replaces ``doc.text`` with the cleaned text and stores the edits (input offsets) in
    ``doc.metadata["quality_edits"]``; documents are cleaned a batch at a time.
    ``cleaner_kwargs`` go to :class:`quality.pipeline.clean.Cleaner` (``remove``, ``repair``, ``policy``)."""

    name = "📰 quality clean"

    def __init__(self, batch_size: int = BATCH, **cleaner_kwargs):
        super().__init__()
        self.batch_size = batch_size
        self.cleaner_kwargs = {"reliability": False, **cleaner_kwargs}
        self._cleaner: Cleaner | None = None

    @property
    def cleaner(self) -> Cleaner:
        if self._cleaner is None:  # built in the worker, not pickled with the pipeline
            self._cleaner = Cleaner(**self.cleaner_kwargs)
        return self._cleaner

    def format(self, text: str) -> str:
        return self.cleaner.clean(text).text

    def run(self, data, rank: int = 0, world_size: int = 1):
        for chunk in batched(data, self.batch_size):
            with self.track_time(unit="batch"):
                docs = [Document(d.text or "", str(d.id), d.metadata.get("url")) for d in chunk]
                results = self.cleaner.clean_many(docs)
            for doc, cleaned in zip(chunk, results, strict=True):
                self.stat_update("total")
                if cleaned.report is None or not cleaned.report.error:
                    doc.text = cleaned.text
                    doc.metadata["quality_edits"] = [e.to_dict() for e in cleaned.edits]
                yield doc
