import pytest

from quality.core.article import parse
from quality.detectors.spacing import MissingSpaces, find_glue
from tests.conftest import seed


def glued(text: str) -> list[str]:
    return [text[s:e] for _, s, e in find_glue(text)]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Violence spread in the region.This led to talks.", ["region.This"]),
        ("It was unstable.As a result, talks stalled.", ["unstable.As"]),
        ("After the meeting,the ministers left.", ["meeting,the"]),
        ("Shortages of food,healthcare,and education.", ["food,healthcare", "healthcare,and"]),
        ("Moreover,fostering ties helps.", ["Moreover,fostering"]),
        ("Prices rose;the bank acted.", ["rose;the"]),
        ("The rule is simple:Nobody leaves.", ["simple:Nobody"]),
        ("Can they win?Nobody knows.", ["win?Nobody"]),
        ("Stop it!Then go.", ["it!Then"]),
        ('He said "enough."The crowd cheered.', ['enough."The']),
        ("The vote ended in 2024.The count began.", ["2024.The"]),
        ("It happened in the region.the next day it rained.", ["region.the"]),
        ("Peace is near,”he said.", ["near,”he"]),
    ],
)
def test_glued_boundaries_are_found(text, expected):
    assert glued(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Read more at ndtv.com and aljazeera.com today.",
        "The plan is at https://www.stlouis-mo.gov/budget/index.cfm?id=2,3 online.",
        "See stlouis-mo.gov/budget for the numbers.",
        "Write to press.office@example.org,Attn Desk.",
        "He won 14.66 percent, or 1,800 votes, of 12,345.",
        "U.S. and U.K. officials met; e.g. the p.m. session.",
        "J.R.R. Tolkien wrote it. Mr. Smith and St. Louis agreed.",
        "Open report_final.PDF or config.Yaml, then run os.path.Join(a,b).",
        "Version 3.11.7 was released at 6:30 on Jan. 5.",
        "Call obj.method() then x=foo,bar in code.",
        "Wait... Then it happened.",
        "Amazon.com and Booking.Com sell rooms.",
    ],
)
def test_legitimate_punctuation_is_not_flagged(text):
    assert glued(text) == []


def test_seed_003_has_its_19_glued_boundaries_and_others_none():
    detector = MissingSpaces()
    for prefix, expected in [("000", 0), ("001", 0), ("002", 0), ("003", 19), ("004", 0)]:
        result = detector.detect(parse(seed(prefix)))
        assert result.features["count"] == expected, prefix
    result = detector.detect(parse(seed("003")))
    texts = [f.text for f in result.findings]
    assert "region.This" in texts and "Africa,where" not in texts and "Africa.With" in texts
    assert result.score > 0.8


def test_score_grows_with_rate():
    d = MissingSpaces()
    clean = "The minister spoke at length about the budget. " * 40
    one = clean + "It ended.Then rain."
    many = clean + "It ended.Then rain. " * 10
    scores = [d.detect(parse(t)).score for t in (clean, one, many)]
    assert scores[0] == 0.0 < scores[1] < scores[2] <= 1.0
