"""Caption mismatch on the seeds and on hand-written articles."""

from __future__ import annotations

import pytest

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
    from quality.article import parse

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
    from quality.article import parse

    result = detector.detect(parse(STORY.format(middle=UNRELATED)))
    assert [f.text for f in result.findings] == [UNRELATED]
    assert result.features["captions"] == 1 and result.features["mismatched"] == 1
    assert result.score > 0.5


def test_captions_at_start_and_end(detector):
    text = UNRELATED + "\n\n" + STORY.format(middle="The result was announced at 5 pm.") + "\n" + MATCHED + "\n"
    assert flagged(detector, text) == [UNRELATED]


def test_article_without_captions_scores_zero(detector):
    from quality.article import parse

    result = detector.detect(parse(STORY.format(middle="The result was announced at 5 pm.")))
    assert result.score == 0 and result.features["captions"] == 0


def test_unknown_backend_is_a_clear_error():
    with pytest.raises(ValueError, match="unknown similarity backend"):
        CaptionMismatch(similarity="magic")


def test_embeddings_backend_agrees_on_the_clear_cases():
    pytest.importorskip("model2vec", reason="the embeddings extra is not installed")
    from quality.article import parse

    detector = CaptionMismatch(similarity="embeddings")
    assert [f.text for f in detector.detect(parse(STORY.format(middle=UNRELATED))).findings] == [UNRELATED]
    assert detector.detect(parse(STORY.format(middle=MATCHED))).findings == []
    assert flagged(detector, seed("000")) == [
        "Ukrainian troops load an FGM-148 Javelin onto a truck. (Image: aljazeera.com)"
    ]


def test_name_matching_reads_possessives_and_acronyms_as_written():
    from quality.detectors.captions import body_acronyms_of, body_words_of, name_overlap

    body = "Lt. Col. Alexander Vindman testified on Tuesday. Give us the facts, the chairman said."
    words, acronyms = body_words_of(body), body_acronyms_of(body)
    assert name_overlap(["Vindman's"], words, acronyms) == 1.0
    assert name_overlap(["Smith's"], words, acronyms) == 0.0  # not matched through the "s"
    assert name_overlap(["US"], words, acronyms) == 0.0  # the pronoun "us" is not the country
    us_body = "The US Senate voted on Tuesday."
    assert name_overlap(["US"], body_words_of(us_body), body_acronyms_of(us_body)) == 1.0
