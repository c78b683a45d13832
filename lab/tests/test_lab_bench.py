"""The benchmark's own parts: gold anchors, span matching, the corruption set, the quick run."""

from __future__ import annotations

import re

import pytest

from quality_lab import bench
from tests.conftest import ROOT, require_shared

BENCH = ROOT / "benchmarks"


def _corrupt_module():
    from quality_lab import corrupt

    return corrupt


def test_every_gold_anchor_is_found_and_kinds_are_detectors():
    docs = bench.load_gold(BENCH)
    assert len([d for d in docs if d.source == "seeds"]) == 5
    kinds = {k for d in docs for k, _, _ in d.gold}
    assert kinds <= {"missing_spaces", "caption_mismatch", "ai_boilerplate", "page_chrome", "filler"}
    for d in docs:
        for _, start, end in d.gold:
            assert 0 <= start < end <= len(d.text)
    seed3 = next(d for d in docs if d.id.startswith("003"))
    assert sum(k == "missing_spaces" for k, _, _ in seed3.gold) == 19


def test_missing_anchor_is_an_error():
    with pytest.raises(ValueError, match="not found"):
        bench.anchor_spans("some text", [{"kind": "filler", "text": "absent"}])
    assert bench.anchor_spans("a b a", [{"kind": "x", "text": "a", "occurrence": 2}]) == [("x", 4, 5)]


def test_span_metrics_count_overlaps(scorer):
    text = "The vote was on Monday.It passed easily, officials said."
    doc = bench.SpanDoc("t", text, [("missing_spaces", 17, 26), ("missing_spaces", 0, 3)], "cases")
    m = bench.span_metrics([doc], [scorer.score(text)], ["missing_spaces"])["missing_spaces"]
    assert (m["precision"], m["recall"], m["findings"], m["gold"]) == (1.0, 0.5, 1, 2)


def test_corruption_is_deterministic_and_gold_points_at_the_defects():
    corrupt = _corrupt_module()
    clean = [
        (
            f"a{i}",
            f"Officials in town {i} said the budget passed. Critics objected strongly, however.\n\n"
            f"The mayor spoke later. Residents gathered outside the hall in number {i}.\n\nMore followed.",
        )
        for i in range(120)
    ]
    first, second = corrupt.build(clean, 40), corrupt.build(clean, 40)
    assert [(c.text, c.defects) for c in first] == [(c.text, c.defects) for c in second]
    for c in first:
        for d in c.defects:
            span = c.text[d["start"] : d["end"]]
            if d["kind"] == "missing_spaces":
                assert re.search(r"[a-z][.,][A-Za-z]", span), span
            else:
                assert span.strip() == span and "\n" not in span and span


def test_quick_bench_runs_on_the_shared_data():
    data = require_shared()
    result = bench.run(BENCH, data, quick=True, progress=False, scorer=None)
    assert result["spans"]["seeds+cases"]["detectors"]["missing_spaces"]["recall"] == 1.0
    assert set(result["articles"]) == {"perezrosas2018", "xsum_llm", "turing_game"}
    assert result["speed"]["spans:corruption"]["docs"] == 100
    assert "peak RSS" in bench.format_report(result)
    pages = result["real_pages"]  # the test extra installs trafilatura and lxml
    assert pages["chrome"]["article_lines"] > 4000
    assert pages["captions"]["counts"]["its own article"][1] > 50
    assert "real pages (181 ScrapingHub news pages" in bench.format_report(result)
