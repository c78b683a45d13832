"""Run the filter on a Dask bag or dataframe, partition by partition: laptop, cluster or Kubernetes.

Each partition builds one ``Filter`` (the model loads once per partition task, cached per
worker process) and routes its records exactly as ``quality filter`` does, so the output of a
cluster run equals the single-process output, record for record and in order.

    import dask.bag as db
    from quality.integrations.dask import filter_bag
    routed = filter_bag(db.read_text("crawl-*.jsonl"))     # local threads/processes
    # on a cluster: from dask.distributed import Client; Client("tcp://scheduler:8786") first
    routed.map(lambda r: r["line"]).to_textfiles("out/*.jsonl")
"""

from __future__ import annotations

import json

from quality.io.readers import parse_record
from quality.pipeline.clean import Cleaner
from quality.pipeline.gate import Filter
from quality.pipeline.scorer import BATCH, batched

_FILTERS: dict[str, Filter] = {}


def _filter(kwargs: dict) -> Filter:
    """One Filter per worker process and settings (the model loads once per process)."""
    key = repr(sorted(kwargs.items()))
    if key not in _FILTERS:
        _FILTERS[key] = Filter(**kwargs)
    return _FILTERS[key]


def route_partition(lines, filter_kwargs: dict | None = None, text_field: str = "text", id_field: str = "id"):
    """JSONL lines of one partition -> ``{"kind", "line"}`` dicts, one per non-blank line, in order."""
    f = _filter(filter_kwargs or {})
    items = []
    for i, line in enumerate(lines):
        raw = line.encode("utf-8") if isinstance(line, str) else line
        item = parse_record(raw, f"partition line {i + 1}", text_field=text_field, id_field=id_field)
        if item is not None:
            items.append(item)
    return [{"kind": r.kind, "line": r.line} for chunk in batched(items, BATCH) for r in f.route_many(chunk)]


def filter_bag(bag, filter_kwargs: dict | None = None, text_field: str = "text", id_field: str = "id"):
    """A bag of JSONL lines -> a bag of routed records (``kind`` kept/rejected/error, ``line``)."""
    return bag.map_partitions(route_partition, filter_kwargs, text_field, id_field)


def score_dataframe(df, filter_kwargs: dict | None = None, text_field: str = "text"):
    """A Dask dataframe with a text column -> the same with ``quality``, ``verdict`` and ``kept`` columns."""
    meta = df._meta.assign(quality=0.0, verdict="", kept=True)

    def score_part(part):
        f = _filter(filter_kwargs or {})
        records = [{"text": t} for t in part[text_field]]
        reports = [r for chunk in batched(records, BATCH) for r in f.scorer.score_many(chunk)]
        return part.assign(
            quality=[r.quality for r in reports],
            verdict=[r.verdict for r in reports],
            kept=[not f.reasons(r) for r in reports],
        )

    return df.map_partitions(score_part, meta=meta)


_CLEANERS: dict[str, Cleaner] = {}


def clean_partition(texts, cleaner_kwargs: dict | None = None) -> list[dict]:
    """Texts of one partition -> ``{"text", "edits"}`` (cleaned text, edits in input offsets)."""
    kwargs = {"reliability": False, **(cleaner_kwargs or {})}
    key = repr(sorted(kwargs.items()))
    if key not in _CLEANERS:
        _CLEANERS[key] = Cleaner(**kwargs)
    cleaner = _CLEANERS[key]
    out = []
    for chunk in batched(list(texts), BATCH):
        out += [{"text": c.text, "edits": [e.to_dict() for e in c.edits]} for c in cleaner.clean_many(chunk)]
    return out


def clean_bag(bag, cleaner_kwargs: dict | None = None):
    """A bag of texts -> a bag of ``{"text", "edits"}``, cleaned as ``quality clean`` does."""
    return bag.map_partitions(clean_partition, cleaner_kwargs)


def records(routed_bag, kind: str):
    """The JSON records of one stream (``kept``, ``rejected`` or ``error``) from a routed bag."""
    return routed_bag.filter(lambda r: r["kind"] == kind).map(lambda r: json.loads(r["line"]))
