"""Caption mismatch on the seeds and on hand-written articles."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quality.detectors.captions import CaptionMismatch, is_caption
from tests.conftest import seed

STORY = (
    "Swiss voters back pension reform in Bern referendum\n\n"
    "Swiss voters on Sunday narrowly approved raising the women's retirement age to 65, the Federal "
    "Chancellery in Bern said, after a campaign led by interior minister Alain Berset.\n\n"
    "{middle}\n\n"
    "Turnout was 52 percent. Unions in Geneva and Zurich said they would fight the pension cuts.\n"
)
MATCHED = (
    "Interior minister Alain Berset speaks to reporters in Bern after the pension vote. "
    "(Photo: Keystone/Peter Klaunzer)"
)
UNRELATED = "A Tesla Cybertruck on display at the Detroit auto show in January. (Photo: Getty Images)"


@pytest.fixture(scope="module")
def detector():
    return CaptionMismatch()


def flagged(detector, text: str) -> list[str]:
    from quality.core.article import parse

    return [f.text for f in detector.detect(parse(text)).findings]


def test_seed_000_only_the_javelin_caption(detector):
    hits = flagged(detector, seed("000"))
    assert hits == ["Ukrainian troops load an FGM-148 Javelin onto a truck. (Image: aljazeera.com)"]
    for other in ("001", "002", "003", "004"):
        assert flagged(detector, seed(other)) == []


def test_caption_forms_are_recognised():
    assert is_caption(MATCHED)
    assert is_caption("Photo: Residents queue for water in Gaza City.")
    assert is_caption("Demonstrators march in Paris on Saturday. REUTERS/Gonzalo Fuentes")
    assert not is_caption("The minister said the vote was fair (and final).")
    assert not is_caption("Turnout was 52 percent.")


def test_matched_caption_with_credit_is_kept(detector):
    assert flagged(detector, STORY.format(middle=MATCHED)) == []


def test_unrelated_caption_is_flagged_and_counted(detector):
    from quality.core.article import parse

    result = detector.detect(parse(STORY.format(middle=UNRELATED)))
    assert [f.text for f in result.findings] == [UNRELATED]
    assert result.features["captions"] == 1 and result.features["mismatched"] == 1
    assert result.score > 0.5


def test_captions_at_start_and_end(detector):
    text = UNRELATED + "\n\n" + STORY.format(middle="The result was announced at 5 pm.") + "\n" + MATCHED + "\n"
    assert flagged(detector, text) == [UNRELATED]


def test_article_without_captions_scores_zero(detector):
    from quality.core.article import parse

    result = detector.detect(parse(STORY.format(middle="The result was announced at 5 pm.")))
    assert result.score == 0 and result.features["captions"] == 0


def test_unknown_backend_is_a_clear_error():
    with pytest.raises(ValueError, match="unknown similarity backend"):
        CaptionMismatch(similarity="magic")


def test_embeddings_backend_agrees_on_the_clear_cases():
    pytest.importorskip("model2vec", reason="the embeddings extra is not installed")
    from quality.core.article import parse

    detector = CaptionMismatch(similarity="embeddings")
    assert [f.text for f in detector.detect(parse(STORY.format(middle=UNRELATED))).findings] == [UNRELATED]
    assert detector.detect(parse(STORY.format(middle=MATCHED))).findings == []
    assert flagged(detector, seed("000")) == [
        "Ukrainian troops load an FGM-148 Javelin onto a truck. (Image: aljazeera.com)"
    ]


def test_name_matching_reads_possessives_and_acronyms_as_written():
    from quality.detectors.captions import body_acronyms_of, body_names_of, name_overlap

    body = "Lt. Col. Alexander Vindman testified on Tuesday. Give us the facts, the chairman said."
    names, acronyms = body_names_of(body), body_acronyms_of(body)
    assert name_overlap(["Vindman's"], names, acronyms) == 1.0
    assert name_overlap(["Smith's"], names, acronyms) == 0.0  # not matched through the "s"
    assert name_overlap(["US"], names, acronyms) == 0.0  # the pronoun "us" is not the country
    us_body = "The US Senate voted on Tuesday."
    assert name_overlap(["US"], body_names_of(us_body), body_acronyms_of(us_body)) == 1.0


AP_CAPTION = (
    "Karma Automotive designer Andreas Thurner unveils the Karman Vision concept at the Automobility LA Auto "
    "Show in Los Angeles, Tuesday, Nov. 19, 2019. Photo: Damian Dovarganes, AP / Copyright 2019 The "
    "Associated Press. All rights reserved."
)
PRESS_STORY = (
    "Council passes budget after all-night session\n\n"
    "Mayor Ruth Vega told the press on Monday that all council members had voted for the budget, "
    "a vision for the city she has defended since March.\n\n"
    "{middle}\n\n"
    "The budget adds 40 police officers, the press office said. All of it takes effect in July.\n"
)


@pytest.mark.parametrize(
    ("caption", "body"),
    [
        (AP_CAPTION, AP_CAPTION[: AP_CAPTION.index(" Photo:")]),
        (
            "The Islanders won 5-4. (AP Photo/Gene J. Puskar) Photo: Gene J. Puskar / Copyright 2019 The "
            "Associated Press. All rights reserved",
            "The Islanders won 5-4.",
        ),
        (
            "Scooter Braun at a private residence in Montecito, California. (Photo by Kevin Mazur/Getty Images "
            "for Ithaca Holdings)",
            "Scooter Braun at a private residence in Montecito, California.",
        ),
        ("A still from Alien (pictured) in 1979", "A still from Alien (pictured) in 1979"),
        ("Materials from the viral campaign. (onmeth.com)", "Materials from the viral campaign. (onmeth.com)"),
        # what a caption widget prints first, and credit-only captions (pages_blocks: big9_chaos, cleanportaleval)
        ("Enlarge / A screenshot showing BlackHole statistics.", "A screenshot showing BlackHole statistics."),
        ("Image copyright AFP/Getty Images Image caption Storm clouds gather in Ayr", "Storm clouds gather in Ayr"),
        ("Courtesy of UP w/ Chris Hayes", ""),
        ("Flirting with the law.Photo: Getty Images", "Flirting with the law."),
        (
            "Courtesy of the museum, the painting returned to Lyon in 1952.",
            "Courtesy of the museum, the painting returned to Lyon in 1952.",
        ),
    ],
)
def test_caption_body_peels_credit_blocks_off_the_end_only(caption, body):
    from quality.detectors.captions import caption_body

    assert caption_body(caption) == body


def test_a_wire_credit_does_not_tie_a_caption_to_any_story_that_says_press_or_all(detector):
    """The credit's "Associated Press. All rights reserved" and capitalised common words
    ("Vision") once matched "press", "all" and "vision" in the body, and the plain-text caption
    was not recognised by its "Photo: Name, AP / Copyright" credit: an unrelated car-show photo passed."""
    assert flagged(detector, PRESS_STORY.format(middle=AP_CAPTION)) == [AP_CAPTION]


def test_a_capitalised_name_matches_only_where_the_body_writes_it_as_a_name():
    from quality.detectors.captions import body_acronyms_of, body_names_of, name_overlap

    common = "The design of the new car was shown on Monday."
    named = "Visitors at Milan Design Week saw the new car on Monday."
    assert name_overlap(["Design"], body_names_of(common), body_acronyms_of(common)) == 0.0
    assert name_overlap(["Design"], body_names_of(named), body_acronyms_of(named)) == 1.0
    # a model number matches through its digits: "F-22" in the caption, "F-22" in the body
    jets = "The F-22 flew its first combat mission."
    assert name_overlap(["F-22"], body_names_of(jets), body_acronyms_of(jets)) == 1.0


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "Photo:",
                "(AP Photo/",
                ")",
                "(",
                "[",
                "]",
                " / ",
                "Copyright 2019",
                "All rights reserved.",
                "Getty Images",
                "Fans cheer.",
                " ",
                "by",
                "Reuters",
                "é",
                "\n",
            ]
        ),
        max_size=40,
    ).map("".join)
)
def test_caption_body_is_always_a_piece_of_the_caption(text):
    """Credits are only ever cut away: nothing is invented, reordered or lost from the middle."""
    from quality.detectors.captions import caption_body

    assert caption_body(text) in text
