"""Phrase lists: whole words, any case, offsets into the caller's text."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from quality.detectors.phrases import trie_pattern

MATCHER = trie_pattern(["in conclusion", "in summary", "it is important to note", "moving forward"])


def spans(matches) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in matches]


def test_whole_words_any_case_longest_first():
    text = "IN CONCLUSION, moving forwards. In Summary: it is important to note that Moving Forward"
    found = [text[s:e] for s, e in spans(MATCHER.finditer(text))]
    assert found == ["IN CONCLUSION", "In Summary", "it is important to note", "Moving Forward"]


def test_offsets_hold_where_lower_casing_changes_the_length():
    text = "İstanbul İzmir. In conclusion, the vote was close."  # "İ".lower() is two characters
    assert len(text.lower()) != len(text)
    ((start, end),) = spans(MATCHER.finditer(text))
    assert text[start:end] == "In conclusion"


@given(
    st.lists(
        st.sampled_from(["in", "In", "IN", "conclusion", "summary", "moving", "forward", "İ", "é", " ", ", ", "x"])
    )
)
def test_same_matches_as_a_case_insensitive_pattern_on_the_original(parts):
    text = "".join(parts)
    assert spans(MATCHER.finditer(text)) == spans(MATCHER.any_case.finditer(text))
    assert spans(MATCHER.finditer(text, text.lower())) == spans(MATCHER.any_case.finditer(text))
