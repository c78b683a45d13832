"""The report contract: schema, offsets, bounds, on seeds and on arbitrary text."""

import json
from importlib.resources import files

import jsonschema
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quality import Scorer

SCHEMA = json.loads(files("quality.core").joinpath("schema/report.schema.json").read_text())


def check_report(report, text):
    d = report.to_dict()
    jsonschema.validate(d, SCHEMA)
    json.dumps(d)  # serialisable
    if not text.strip():  # empty and whitespace-only texts are one error everywhere
        assert d["verdict"] == "error" and "is empty" in d["error"]
        return
    assert d["error"] is None
    assert 0.0 <= d["quality"] <= 1.0
    for result in d["detectors"].values():
        assert 0.0 <= result["score"] <= 1.0
        for f in result["findings"]:
            assert 0 <= f["start"] <= f["end"] <= len(text)
            assert text[f["start"] : f["end"]] == f["text"]


def test_seed_reports_match_schema(seed_reports):
    from tests.conftest import SEEDS

    for path in SEEDS:
        check_report(seed_reports[path.name[:3]], path.read_text(encoding="utf-8"))


def test_seed_verdicts_rank_wire_story_above_template_article(seed_reports):
    assert seed_reports["002"].verdict == "keep"
    assert seed_reports["003"].quality < seed_reports["002"].quality
    assert seed_reports["000"].quality < seed_reports["002"].quality  # the Javelin caption


def test_failed_report_matches_schema():
    from quality.core.report import Report

    jsonschema.validate(Report.failed("x.txt", "x.txt: no such file").to_dict(), SCHEMA)


_scorer = None


def _shared_scorer():
    global _scorer
    if _scorer is None:
        _scorer = Scorer()
    return _scorer


adversarial = st.one_of(
    st.text(),
    st.text(alphabet=st.sampled_from(list('aZ.,;:!? \n\t"”’(Image: x.com)•-0123456789')), max_size=400),
    st.lists(
        st.sampled_from(
            [
                "region.This",
                "(Photo: AP)",
                "In conclusion,",
                "\n\n",
                "Exit mobile version",
                "U.S.",
                "14.66",
                "• Key: thing",
                "\u200b",
                "\ufffd",
                "\x00",
            ]
        ),
        max_size=40,
    ).map(" ".join),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(adversarial)
def test_scoring_any_text_never_raises_and_stays_in_bounds(text):
    check_report(_shared_scorer().score(text, id="prop"), text)


def test_score_many_equals_score_one_by_one(scorer, seed_reports):
    from tests.conftest import SEEDS

    docs = [{"text": p.read_text(encoding="utf-8"), "id": p.name} for p in SEEDS]
    batch = scorer.score_many(docs)
    assert [r.to_dict() for r in batch] == [seed_reports[p.name[:3]].to_dict() for p in SEEDS]
    assert scorer.score_many([]) == []


def test_the_shipped_schema_names_every_registered_detector():
    from quality.detectors.schema import report_schema

    assert SCHEMA == report_schema()
