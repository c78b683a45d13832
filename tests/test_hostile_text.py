"""Hostile text never stalls a pipeline: linear time, a time budget, and property tests.

Timing tests compare ratios, never absolute limits: each input is timed at 1x and 4x the size
in the same test; a linear detector takes about 4x as long, a quadratic one about 16x.
Set QUALITY_LONG_FUZZ=1 for thousands of hypothesis examples instead of a few hundred.
"""

from __future__ import annotations

import os
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from benchmarks.adversarial import GENERATORS
from quality.core.article import parse
from quality.core.policy import Policy
from quality.core.report import DetectorResult
from quality.detectors import REGISTRY, Detector, register
from quality.detectors.base import saturate
from quality.pipeline.gate import Filter
from quality.pipeline.scorer import Scorer

LONG = os.environ.get("QUALITY_LONG_FUZZ") == "1"
EXAMPLES = 3000 if LONG else 150


@pytest.fixture(scope="module")
def detectors():
    return {d.name: d for d in Scorer(reliability=False).detectors}


def _best(fn, repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return max(best, 1e-4)


# (generator, the part of the scorer it used to make super-linear)
CASES = [
    ("comma_run", "missing_spaces"),
    ("glued_words", "missing_spaces"),
    ("share_spaces", "page_chrome"),
    ("share_lines", "page_chrome"),
    ("caption_lines", "caption_mismatch"),
    ("stock_phrases", "filler"),
    ("repeated_sentence", "filler"),
    ("open_quote", "filler"),
    ("initials_spaced", "parse"),
    ("bullets", "ai_boilerplate"),
    ("short_lines", "ai_boilerplate"),
    ("template_sections", "ai_boilerplate"),
]


@pytest.mark.parametrize("generator, part", CASES)
def test_time_grows_linearly(detectors, generator, part):
    run = parse if part == "parse" else (lambda t: detectors[part].detect(parse(t)))
    small, large = (GENERATORS[generator](n) for n in (20_000, 80_000))
    ratio = _best(lambda: run(large)) / _best(lambda: run(small))
    assert ratio < 9, f"{generator} through {part}: 4x the input took {ratio:.1f}x the time (quadratic is ~16x)"


def test_share_button_line_is_not_exponential(detectors):
    """One ordinary line of share buttons used to take a minute; each word doubled it."""
    words = "Share Facebook Twitter LinkedIn Pinterest Reddit WhatsApp Email Print More".split()
    short = " ".join(words * 2) + " x"
    long = " ".join(words * 8) + " x"  # 4x the words: exponential would be astronomically slower
    chrome = detectors["page_chrome"]
    ratio = _best(lambda: chrome.detect(parse(long))) / _best(lambda: chrome.detect(parse(short)))
    assert ratio < 9
    assert chrome.detect(parse("Share Facebook | Twitter / Email · More")).findings[0].kind == "share_buttons"


def test_domain_lookup_on_a_huge_url_is_linear():
    from quality.reliability.ratings import lookup

    small, large = ("https://" + "a." * n + "example.com/x" for n in (20_000, 80_000))
    assert _best(lambda: lookup(large)) / _best(lambda: lookup(small)) < 9


@pytest.mark.parametrize("ending", ["\r\n", "\r"])
def test_line_endings_do_not_switch_detectors_off(ending):
    from tests.conftest import seed

    text = seed("003")
    scorer = Scorer(reliability=False)
    unix = scorer.score(text)
    other = scorer.score(text.replace("\n", ending))
    for name in unix.detectors:
        assert [f.kind for f in other.detectors[name].findings] == [f.kind for f in unix.detectors[name].findings]
    assert other.verdict == unix.verdict


# ---- the time budget: a safety net, tested with a deliberately slow detector ---------------------


class _Slow(Detector):
    name = "slow_for_test"
    label = "slow"
    weight = 0.5

    def detect(self, article) -> DetectorResult:
        if "SLOW" in article.text:
            time.sleep(0.3)
        return DetectorResult(saturate(0, 1), [], {})


@pytest.fixture
def slow_detector():
    register(_Slow)
    yield
    del REGISTRY[_Slow.name]


def test_budget_turns_a_slow_document_into_an_error_and_the_batch_goes_on(slow_detector):
    scorer = Scorer(Policy(time_budget=0.1), reliability=False)
    texts = ["A good article about the council.", "SLOW article.", "Another fine article."]
    reports = scorer.score_many(texts)
    assert [r.error is None for r in reports] == [True, False, True]
    assert "time budget" in reports[1].error and reports[1].verdict == "error"


@pytest.mark.parametrize("workers", [1, 2])
def test_budget_holds_in_the_filter_with_workers(slow_detector, tmp_path, workers):
    import io
    import json

    from quality.core.document import Document
    from quality.pipeline import run
    from quality.pipeline.run import GateSettings

    docs = [Document(f"Article {i}. " + ("SLOW" if i == 3 else "Fine."), str(i)) for i in range(6)]
    keep, reject = io.StringIO(), io.StringIO()
    settings = GateSettings(reliability=False, policy=Policy(time_budget=0.1))
    summary = run.run(docs, keep, reject, settings, workers=workers)
    assert (summary.read, summary.kept, summary.errors) == (6, 5, 1)
    (error,) = [json.loads(line) for line in reject.getvalue().splitlines()]
    assert error["id"] == "3" and "time budget" in error["error"]
    assert [json.loads(line)["id"] for line in keep.getvalue().splitlines()] == ["0", "1", "2", "4", "5"]


# ---- property tests: any article-shaped text ---------------------------------------------------

_word = st.text(alphabet=st.characters(codec="utf-8", categories=("L", "N")), min_size=1, max_size=12)
_punct = st.sampled_from([".", ",", ";", ":", "!", "?", "”", "“", '"', "’", "(", ")", "-", "•"])
_piece = st.one_of(
    _word,
    _punct,
    st.sampled_from([" ", "  ", "\n", "\r\n", "\r", "\n\n", "\t", "\u200b", "\u0301", "\ufeff"]),
    st.sampled_from(
        [
            "Looking Ahead",
            "• Focus: stability",
            "Key Takeaways",
            "(Image: aljazeera.com)",
            "Photo: AP",
            "Share Facebook Twitter",
            "Copyright © 2024",
            "region.This",
            "Africa,where",
            "U.S.",
            "J.R.R.",
            "14.66",
            "ndtv.com",
            "In conclusion, it is important to note",
            "“an unclosed quote",
            "Mr. Smith said",
        ]
    ),
)
article_text = st.lists(_piece, min_size=0, max_size=80).map("".join)


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=article_text)
def test_every_detector_on_any_text(detectors, text):
    article = parse(text)
    for detector in detectors.values():
        result = detector.detect(article)
        assert 0.0 <= result.score <= 1.0
        for f in result.findings:
            assert 0 <= f.start <= f.end <= len(text)
            assert text[f.start : f.end] == f.text


@pytest.fixture(scope="module")
def full_scorer():
    return Scorer()


@settings(
    max_examples=max(20, EXAMPLES // 5), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(texts=st.lists(article_text, min_size=1, max_size=6), size=st.integers(1, 4))
def test_score_equals_score_many_whatever_the_batch(full_scorer, texts, size):
    one_by_one = [full_scorer.score(t, id=str(i)).to_dict() for i, t in enumerate(texts)]
    records = [{"text": t, "id": str(i)} for i, t in enumerate(texts)]
    batched = [r.to_dict() for r in full_scorer.score_stream(records, batch=size)]
    assert batched == one_by_one
    for r in one_by_one:
        assert (r["error"] is None) == bool(texts[int(r["id"])].strip())


def test_filter_drops_no_record_and_raises_on_none():
    gate = Filter(reliability=False)
    records = [{"text": "Fine text about the council."}, {"id": 2}, {"text": 7}, {"text": "   "}, {"text": "Ok."}]
    kept = list(gate(records))
    assert [r.get("text") for r in kept] == ["Fine text about the council.", "Ok."]
