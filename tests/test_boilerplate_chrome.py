from quality.article import parse
from quality.detectors.boilerplate import AIBoilerplate
from quality.detectors.chrome import PageChrome
from tests.conftest import seed

CLEAN_WITH_SUBHEADS = """City council approves $4.2m budget for bus lanes

The council voted 7-2 on Tuesday to fund 12 km of bus lanes, Mayor Ana Ruiz said.

What comes next

Construction starts on March 3 on Elm Street, the transit agency said in a statement.

A long road to the contract

- 2019: first proposal rejected by 5 votes to 4
- 2022: revised plan costs $3.1m
- 2024: state grant of $900,000 approved

"We waited five years," said rider Tom Hale, 64.
"""

TEMPLATE = """Understanding the Dynamics of Urban Transit

This article delves into the evolving landscape of urban transport. It is crucial to consider many factors.

Key Takeaways

  • Efficiency: Improving services can enhance outcomes for communities.
  • Sustainability: Green initiatives can foster long-term resilience.

Focus Areas Description
Planning Aligning strategies with community needs.
Funding Securing resources for growth.

To Wrap it Up

In conclusion, the future remains bright. Observers will be keenly watching how this evolves.
"""


def test_clean_article_with_subheads_and_fact_list_is_not_boilerplate():
    result = AIBoilerplate().detect(parse(CLEAN_WITH_SUBHEADS))
    assert result.findings == [] and result.score == 0.0
    assert PageChrome().detect(parse(CLEAN_WITH_SUBHEADS)).findings == []


def test_template_article_is_flagged_by_section():
    result = AIBoilerplate().detect(parse(TEMPLATE))
    kinds = {f.kind for f in result.findings}
    assert kinds == {"template_heading", "generic_bullets", "flattened_table", "stock_phrase"}
    headings = [f.text for f in result.findings if f.kind == "template_heading"]
    assert headings == ["Understanding the Dynamics of Urban Transit", "Key Takeaways", "To Wrap it Up"]
    (bullets,) = [f for f in result.findings if f.kind == "generic_bullets"]
    assert bullets.text.startswith("  • Efficiency") and bullets.text.endswith("resilience.")
    assert result.score > 0.8


def test_seed_003_scores_highest_and_shows_every_template_part():
    d = AIBoilerplate()
    scores = {p: d.detect(parse(seed(p))).score for p in ("000", "001", "002", "003", "004")}
    assert max(scores, key=scores.get) == "003"
    assert scores["002"] == 0.0 and scores["000"] == 0.0
    found = d.detect(parse(seed("003"))).findings
    texts = " | ".join(f.text for f in found)
    for needle in [
        "delves into",
        "Understanding the Security Landscape",
        "Focus Areas Description",
        "Initiative Description",
        "To Wrap it Up",
        "• Joint Military Exercises",
    ]:
        assert needle in texts, needle
    one = d.detect(parse(seed("001"))).findings
    assert any(f.text.startswith("In conclusion,") for f in one)


def test_seed_page_chrome():
    d = PageChrome()
    f003 = d.detect(parse(seed("003"))).findings
    assert {f.kind: f.text for f in f003} == {
        "dots": ". . . . . .",
        "duplicate_line": "Putin’s Strategic Dialogue with Central African Republic Leadership",
        "author_bio": "A lifestyle journalist who explores the latest trends.",
        "mobile_switch": "Exit mobile version",
    }
    f001 = {f.kind: f.text for f in d.detect(parse(seed("001"))).findings}
    assert f001["related_links"] == "Similiar Posts"
    assert f001["copyright"] == "Copyright © 2024 Starfolk. All rights reserved."
    assert "3 min read" in f001["read_time"]
    assert f001["duplicate_line"].startswith("Russia Strengthens Ties")
    assert d.detect(parse(seed("002"))).findings == []


def test_chrome_line_patterns_and_non_chrome():
    text = "Share this article\nSubscribe to our newsletter\n© 2023 Daily Planet\nThe copyright case went to court.\n"
    kinds = [f.kind for f in PageChrome().detect(parse(text)).findings]
    assert kinds == ["share_buttons", "call_to_action", "copyright"]
