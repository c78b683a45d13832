"""The learned machine-prose detector on hand-written text and the seeds: machine-written
prose is found whatever its headings say, with spans and the terms that drove it; human
reporting, features with subheads and tables of data are left alone."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from quality.core.article import parse
from quality.detectors.machine_prose import MachineProse, runs
from quality.pipeline.scorer import Scorer
from tests.conftest import ROOT, seed

CASES = ROOT / "tests" / "cases"


def _case(name: str) -> str:
    return (CASES / name).read_text(encoding="utf-8")


def test_machine_written_prose_without_headings_or_lists_is_found_with_spans_and_terms():
    text = _case("machine_plain_prose.txt")
    result = MachineProse().detect(parse(text))
    assert result.score >= 0.9 and result.findings
    covered = sum(f.end - f.start for f in result.findings)
    assert covered > 0.9 * len(text.strip())  # machine-written from end to end
    for f in result.findings:
        assert f.text == text[f.start : f.end] and "terms:" in f.detail


def test_human_reporting_features_and_data_tables_are_not_machine_prose():
    for name in ("clean_feature_subheads.txt", "clean_results_table.txt"):
        result = MachineProse().detect(parse(_case(name)))
        assert result.findings == [] and result.score < 0.2, name
    wire = MachineProse().detect(parse(seed("002")))
    assert wire.findings == [] and wire.score < 0.1


def test_the_verdict_combines_the_evidence():
    scorer = Scorer(reliability=False)
    machine = [scorer.score(_case(n)) for n in ("machine_plain_prose.txt", "template_solar.txt", "template_shapes.txt")]
    assert all(r.verdict in ("review", "drop") for r in machine)  # machine-written end to end: at least review
    human = [scorer.score(_case(n)) for n in ("clean_feature_subheads.txt", "clean_results_table.txt")]
    assert all(r.verdict == "keep" for r in human)


def test_short_texts_are_not_judged():
    result = MachineProse().detect(parse("In today's rapidly evolving landscape, it is crucial to navigate."))
    assert result.score == 0.0 and result.findings == []


def test_the_seeds_keep_their_order_and_the_templates_are_machine_prose():
    scorer = Scorer()
    reports = {p: scorer.score(seed(p)) for p in ("000", "002", "003")}
    assert reports["002"].quality > reports["000"].quality > reports["003"].quality
    assert reports["003"].detectors["machine_prose"].findings


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(min_size=0, max_size=300), min_size=1, max_size=12))
def test_runs_are_ordered_disjoint_and_inside_the_text(paragraphs):
    text = "\n\n".join(paragraphs)
    spans = runs(parse(text), 20)
    assert all(0 <= s < e <= len(text) for s, e in spans)
    assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:], strict=False))


@settings(max_examples=80, deadline=None)
@given(st.lists(st.text(max_size=400), min_size=1, max_size=4))
def test_fast_tfidf_rows_equal_scikit_learns_for_the_prose_model(texts):
    from quality.assets.tfidf import tfidf_rows
    from quality.detectors.machine_prose import shipped

    for vectorizer in shipped().vectorizers:  # word 1-2-grams and char_wb 3-5-grams
        fast, slow = tfidf_rows(vectorizer, texts), vectorizer.transform(texts)
        assert (fast != slow).nnz == 0


def test_the_fast_path_gives_the_same_probabilities_as_the_estimator():
    import numpy as np

    from quality.detectors.machine_prose import shipped

    model = shipped()
    texts = [seed(p) for p in ("000", "001", "002", "003", "004")] + [_case("machine_plain_prose.txt")]
    p, _ = model.score(texts)
    assert np.allclose(p, model.estimator.predict_proba([t[: model.max_chars] for t in texts])[:, 1])
