"""Machine-written sections without a list: template headings by their shape, data tables left
alone, filler only where a reader would call it padding. Hand-written cases in tests/cases/."""

from __future__ import annotations

import gzip
import itertools
import json
from pathlib import Path

import pytest

from quality.core.article import parse
from quality.detectors.boilerplate import AIBoilerplate, heading_matcher
from quality.detectors.filler import Filler
from tests.conftest import ROOT, require_lab, require_shared, seed

CASES = Path(__file__).parent / "cases"


def case(name: str) -> str:
    return (CASES / name).read_text(encoding="utf-8")


def headings(text: str) -> list[str]:
    result = AIBoilerplate().detect(parse(text))
    return [f.text for f in result.findings if f.kind == "template_heading"]


@pytest.mark.parametrize(
    "name, expected",
    [
        (
            "template_solar.txt",
            ["Overview", "What You Need to Know", "Benefits and Drawbacks", "Expert Perspectives", "The Bottom Line"],
        ),
        (
            "template_remote_work.txt",
            ["Introduction", "Why It Matters", "Challenges Ahead", "Frequently Asked Questions", "Final Word"],
        ),
    ],
)
def test_template_headings_no_list_names_are_found(name, expected):
    assert not any(heading_matcher().match(h) for h in expected)  # the list knows none of them
    assert headings(case(name)) == expected


def test_subheads_of_a_reported_feature_are_left_alone():
    text = case("clean_feature_subheads.txt")
    assert "What comes next" in text and headings(text) == []
    assert AIBoilerplate().detect(parse(text)).score == 0.0


def test_the_same_headings_over_reporting_are_not_a_template():
    """Swap the solar template's generic sections for reported ones: the headings stay, the flags go."""
    reported = (
        "Overview\nInstallations rose 31% in 2023 to 6,800 homes, the Solar Energy Industries Association "
        "said on Tuesday.\n\nThe Bottom Line\nA 6 kW system costs about $18,000 before the 30% federal "
        "credit, according to Lawrence Berkeley National Laboratory.\n"
    )
    assert headings(reported) == []


def test_a_results_table_with_numbers_is_data_not_a_flattened_table():
    result = AIBoilerplate().detect(parse(case("clean_results_table.txt")))
    assert result.findings == [] and result.score == 0.0
    template = "Initiative Description\nDiplomatic Channels Enhancing communication\nJoint Exercises Building trust\n"
    assert [f.kind for f in AIBoilerplate().detect(parse(template)).findings] == ["flattened_table"]


def test_seeds_keep_their_template_findings():
    kinds = [f.kind for f in AIBoilerplate().detect(parse(seed("003"))).findings]
    # six headings, and the template's "Key components of ... include:" lead-in (a heading with a colon)
    assert kinds.count("template_heading") == 7 and kinds.count("flattened_table") == 4
    for prefix in ("001", "003", "004"):
        assert Filler().detect(parse(seed(prefix))).findings, prefix
    for prefix in ("000", "002"):
        assert Filler().detect(parse(seed(prefix))).findings == [], prefix


def test_one_vague_sentence_in_a_long_report_is_not_padding():
    facts = " ".join(
        f"On {day}, the council in Leeds approved {n} new homes, officials said."
        for n, day in enumerate(["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"] * 3, start=12)
    )
    vague = "It will be important to monitor the situation as the broader landscape continues to evolve."
    assert Filler(min_share=0.0).detect(parse(facts + " " + vague)).findings  # the sentence is vague...
    assert Filler().detect(parse(facts + " " + vague)).findings == []  # ...but 1 in 19 is not padding


def test_real_subheads_of_news_pages_are_rarely_template_headings():
    root = require_shared()
    pytest.importorskip("lxml", reason="the news pages are HTML: pip install '.[bench]' (lxml)")
    require_lab()
    from quality_lab.datasets import news_subhead_pages

    total = flagged = 0
    for text, heads in news_subhead_pages(root):
        found = {" ".join(h.split()) for h in headings(text)}
        total += len(heads)
        flagged += sum(h in found for h in heads)
    assert total > 600
    assert flagged / total <= 0.02


def test_filler_flags_at_most_5_percent_of_human_allsides_articles():
    root = require_shared()
    with gzip.open(root / "allsides_articles" / "articles.jsonl.gz", "rt", encoding="utf-8") as fh:
        texts = [t for t in (json.loads(line).get("content_original") for line in itertools.islice(fh, 600)) if t]
    detector = Filler()
    share = sum(bool(detector.detect(parse(t)).findings) for t in texts) / len(texts)
    assert share <= 0.05


def test_every_heading_shape_is_read_as_a_heading():
    from quality.detectors.boilerplate import heading_text

    shapes = {
        "Key Moments:": "Key Moments",
        "FAQ:": "FAQ",
        "1. Alleged Interference": "Alleged Interference",
        "📋 Detailed Analysis": "Detailed Analysis",
        "What Happens Next?": "What Happens Next",
        "The Bigger Picture": "The Bigger Picture",
    }
    for line, words in shapes.items():
        assert heading_text(line) == words
    for not_a_heading in ("He said it was over.", "• Label: a list item", "the lower-case line", ""):
        assert heading_text(not_a_heading) is None


def test_a_template_in_decorated_headings_with_unfilled_slots_is_flagged_in_full():
    from quality.core.article import parse
    from quality.detectors.boilerplate import AIBoilerplate

    text = (ROOT / "tests" / "cases" / "template_shapes.txt").read_text(encoding="utf-8")
    result = AIBoilerplate().detect(parse(text))
    headings = {f.text for f in result.findings if f.kind == "template_heading"}
    assert {"📋 Detailed Analysis", "Key Moments:", "1. Alleged Interference", "What Happens Next?"} <= headings
    assert {"The Bigger Picture", "The Bottom Line"} <= headings
    assert [f.text for f in result.findings if f.kind == "placeholder"] == ["[Company Name]", "[Insert phone number]"]
    assert result.score > 0.9


def test_quoted_editorial_insertions_and_repeated_reporting_openings_are_not_template_marks():
    from quality.core.article import parse
    from quality.detectors.boilerplate import placeholders, repeated_openings

    quote = parse('"[President Obama] has made his choice," she said, adding that [the Senate] would vote.')
    assert placeholders(quote) == []
    verbs = ("backed", "doubted", "praised")
    said = "\n\n".join(
        f"Kushner said he {v} the plan on Monday, according to two aides who spoke to reporters." for v in verbs
    )
    assert repeated_openings(parse(said)) == []  # "Kushner said he" has a name: reporting, not a slot
    slots = "\n\n".join(
        f"Another key factor to consider is {w}, which plays an important role in shaping the overall experience "
        "for everyone involved in the process."
        for w in ("cost", "quality", "support")
    )
    found = repeated_openings(parse(slots))
    assert len(found) == 2 and found[0].text == "Another key factor to"
