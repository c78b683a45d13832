from hypothesis import given
from hypothesis import strategies as st

from quality.core.article import parse
from quality.detectors.filler import Filler, sentence_features
from tests.conftest import seed

VAGUE = [
    "The implications of Russia's increasing influence in Africa are far-reaching, with potential "
    "consequences for regional security, economic development, and global politics.",
    "As the situation continues to evolve, it will be important to stay informed.",
    "Experts note that the flow of security support in CAR is not only about numbers but also about training quality.",
    "Stakeholders agree that the broader landscape reflects a delicate balance of shifting priorities.",
]
SPECIFIC = [
    "Touadera arrived in Moscow on Wednesday morning; his visit will last until January 17.",
    '"We will continue developing our cooperation," Kremlin spokesman Dmitry Peskov told reporters.',
    "Bilateral trade grew from $0.9 million in 2016 to $6 million in 2021, customs data show.",
    "The council voted 7-2 to spend $4.2 million on 12 km of bus lanes, Mayor Ana Ruiz said.",
]


def flagged(text: str) -> list[str]:
    return [f.text for f in Filler().detect(parse(text)).findings]


def test_vague_sentences_are_filler_and_specific_ones_are_not():
    text = " ".join(SPECIFIC[:2] + VAGUE + SPECIFIC[2:])
    assert flagged(text) == VAGUE


def test_seed_ranking_and_quoted_findings():
    d = Filler()
    scores = {p: d.detect(parse(seed(p))).score for p in ("000", "001", "002", "003", "004")}
    top_two = sorted(scores, key=scores.get, reverse=True)[:2]
    assert set(top_two) == {"001", "004"}
    assert scores["002"] == min(scores.values())
    found_001 = " ".join(flagged(seed("001")))
    assert "far-reaching" in found_001 and "stay informed" in found_001
    assert any(f.startswith("Experts note that the flow") for f in flagged(seed("004")))
    assert flagged(seed("002")) == []  # TASS: dated, numbered sentences


def test_restatement_is_detected():
    text = (
        "Ties between the two nations are growing stronger every year in many ways. "
        "Ties between the two nations are growing stronger in many ways every year."
    )
    (f,) = Filler().detect(parse(text)).findings
    assert "restates sentence at offset 0" in f.detail


facts = st.sampled_from(
    [
        " in 2019",
        " on March 3",
        ", officials said",
        " by 42 percent",
        ' "as planned," she said',
        " to $5 million",
        " on Friday",
    ]
)


@given(st.sampled_from(VAGUE + SPECIFIC), facts)
def test_adding_a_fact_never_makes_a_sentence_more_filler(sentence, fact):
    base = sentence_features(sentence)
    richer = sentence_features(sentence.rstrip(".") + fact + ".")
    assert richer.vagueness - richer.specificity <= base.vagueness - base.specificity


@given(st.text(max_size=300))
def test_lowered_words_match_lowering_each_word(text):
    from quality.core.article import WORD, lowered

    words = WORD.findall(text)
    assert lowered(words) == [w.lower() for w in words]
