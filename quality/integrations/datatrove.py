"""A datatrove filter step: ``QualityFilter`` drops what ``quality`` rejects, with the reason.

    from datatrove.pipeline.readers import JsonlReader
    from quality.integrations.datatrove import QualityFilter
    pipeline = [JsonlReader("crawl/"), QualityFilter(min_quality=0.5), JsonlWriter("kept/")]

Needs ``pip install 'quality[bench]'`` (datatrove). The compact report is stored in
``doc.metadata["quality"]`` so later steps (and the exclusion writer) can see it.
"""

from __future__ import annotations

from datatrove.pipeline.filters.base_filter import BaseFilter

from quality.filter import Filter, compact


class QualityFilter(BaseFilter):
    name = "📰 quality"

    def __init__(self, exclusion_writer=None, **filter_kwargs):
        super().__init__(exclusion_writer)
        self.filter_kwargs = filter_kwargs
        self._filter: Filter | None = None

    def filter(self, doc) -> bool | tuple[bool, str]:
        if self._filter is None:  # built in the worker, not pickled with the pipeline
            self._filter = Filter(**self.filter_kwargs)
        report = self._filter.scorer.score(doc.text, id=str(doc.id), source=doc.metadata.get("url"))
        doc.metadata["quality"] = compact(report)
        reasons = self._filter.reasons(report)
        return (False, "; ".join(reasons)) if reasons else True
