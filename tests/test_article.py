from hypothesis import given
from hypothesis import strategies as st

from quality.core.article import parse
from tests.conftest import SEEDS


def test_lines_paragraphs_sentences_have_exact_offsets():
    text = "Title here\n\nFirst sentence. Second one!\nLine two of para.\r\n\n\nLast para? Yes."
    a = parse(text)
    for span in [*a.lines, *a.paragraphs, *a.sentences, *a.words]:
        assert text[span.start : span.end] == span.text
    assert [p.text for p in a.paragraphs] == [
        "Title here",
        "First sentence. Second one!\nLine two of para.",
        "Last para? Yes.",
    ]
    assert [s.text for s in a.sentences] == [
        "Title here",
        "First sentence.",
        "Second one!",
        "Line two of para.",
        "Last para?",
        "Yes.",
    ]


def test_abbreviations_do_not_end_sentences():
    a = parse("Mr. Smith met U.S. officials in St. Petersburg at 6 p.m. on Monday. Then he left.")
    assert [s.text for s in a.sentences] == [
        "Mr. Smith met U.S. officials in St. Petersburg at 6 p.m. on Monday.",
        "Then he left.",
    ]


def test_seed_parse_round_trips():
    for path in SEEDS:
        text = path.read_text(encoding="utf-8")
        a = parse(text)
        assert "".join(text[ln.start : ln.end] + "\n" for ln in a.lines)[:-1] == text.replace("\r", "")
        assert a.n_words > 300


@given(st.text())
def test_any_text_parses_with_spans_inside(text):
    a = parse(text)
    for span in [*a.lines, *a.paragraphs, *a.sentences, *a.words]:
        assert 0 <= span.start <= span.end <= len(text)
        assert text[span.start : span.end] == span.text
