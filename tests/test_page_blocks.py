"""Pages read as blocks: boundaries kept, tables told apart, chrome found by the page's structure."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

pytest.importorskip("lxml", reason="page blocks need the html extra: pip install '.[html]'")

from quality.io.block_model import contexts, shipped  # noqa: E402
from quality.io.page_blocks import match_blocks, page_blocks, table_kind  # noqa: E402
from quality.io.pages import parse_page  # noqa: E402

PAGE = (Path(__file__).parent / "cases" / "page_election.html").read_text(encoding="utf-8")


def blocks(html: str):
    return page_blocks(parse_page(html))


def test_blocks_keep_their_boundaries_and_skip_scripts():
    got = blocks(
        "<html><body><div>Results came late.<p>Then the count began again.</p>"
        "Officials<script>var x='hidden';</script> waited<br>until dawn.</div></body></html>"
    )
    assert [b.text for b in got] == [
        "Results came late.",
        "Then the count began again.",
        "Officials waited",
        "until dawn.",
    ]


def test_link_text_and_containers_are_kept():
    (menu, para) = blocks(
        '<html><body><nav class="site-mainNav"><a href="/">Home</a> <a href="/world">World</a></nav>'
        "<p>The <a href='/x'>council</a> met on Monday.</p></body></html>"
    )
    assert menu.link_chars == len("HomeWorld") and "nav" in menu.path
    assert {"own:site", "own:main", "own:nav"} <= set(menu.tokens)
    assert para.link_chars == len("council") and para.tag == "p"


DATA_TABLE = (
    "<table><caption>Turnout by region</caption><tr><th>Region</th><th>Turnout</th></tr>"
    "<tr><td>Bangui</td><td>61.2%</td></tr><tr><td>Ouham</td><td>48.0%</td></tr></table>"
)
LAYOUT_TABLE = (
    '<table><tr><td><div class="menu"><a href="/news">News</a></div></td>'
    "<td><p>Story text sits in a cell of a table that lays out the page.</p></td></tr></table>"
)


def test_a_data_table_is_told_from_a_layout_table():
    data, layout = parse_page(f"<html><body>{DATA_TABLE}</body></html>"), parse_page(LAYOUT_TABLE)
    assert table_kind(next(data.iter("table"))) == "data"
    assert table_kind(next(layout.iter("table"))) == "layout"
    assert {b.table for b in blocks(f"<html><body>{DATA_TABLE}{LAYOUT_TABLE}</body></html>")} == {"data", "layout"}


def test_data_table_rows_are_never_chrome_and_a_layout_menu_is():
    """A results table is the article's content; the same short, numeric cells in a layout
    table full of links to other sections are the page's furniture."""
    menu = "".join(f'<td><a href="/{w.lower()}">{w}</a></td>' for w in ("News", "Sport", "Weather", "Business"))
    html = PAGE.replace("<main>", f"<table><tr>{menu}</tr></table><main>")
    page = blocks(html)
    p = shipped().proba(page)
    by_text = {b.text: (b, float(x)) for b, x in zip(page, p, strict=True)}
    assert all(x == 0.0 for b, x in by_text.values() if b.table == "data")
    assert by_text["Bangui"][1] == 0.0 and by_text["Sport"][1] > shipped().threshold
    article = [x for b, x in by_text.values() if b.text.startswith("Opposition candidate")]
    assert article and max(article) < 0.5


def test_extracted_lines_find_the_block_they_came_from():
    page = blocks(PAGE)
    para = next(b.text for b in page if len(b.text.split()) > 12)
    lines = [para, "- " + page[0].text, para[: len(para) // 2] + " and a tail the page never had", "Zz"]
    got = match_blocks(lines, page)
    assert got[0] == page.index(next(b for b in page if b.text == para))
    assert got[1] == 0 and got[3] is None


def test_the_model_says_what_drove_a_chrome_call():
    page = blocks(PAGE)
    p = shipped().proba(page)
    worst = int(p.argmax())
    assert p[worst] > shipped().threshold
    assert shipped().drivers(contexts(page)[worst])  # named features, not hash buckets


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("<>/ab pdivtrl=\"'&;#x0\n")), max_size=300))
def test_any_markup_gives_blocks_without_whitespace_runs(markup):
    root = parse_page(f"<html><body>{markup}</body></html>")
    if root is None:
        return
    for b in page_blocks(root):
        assert b.text and b.text == " ".join(b.text.split())
        assert 0 <= b.link_chars <= len(b.text)


BODY = (
    "<p>President Faustin-Archange Touadéra won a second term with 53.9% of the vote, the national "
    "electoral authority said on Monday.</p><p>Opposition candidate Anicet-Georges Dologuélé, who came "
    "second with 21.7%, said the count was flawed and called for a rerun.</p>"
)


def test_text_after_a_closing_tag_is_its_own_block_not_glue_or_lost(scorer):
    """``</p>Turnout ...``: trafilatura keeps that text as the tail of the paragraph; it is one
    block of its own, never joined to the sentence before it, never dropped."""
    from quality.io.pages import document_from_html

    html = (
        f"<html><body><article>{BODY}<p>The court has until Jan 19 to confirm the results.</p>"
        f"Turnout nationwide was 37.3%, the authority said on Monday in Bangui.{BODY}</article></body></html>"
    )
    doc = document_from_html(html, "tail.html")
    assert "results.\n\nTurnout nationwide" in doc.text
    assert scorer.score(doc).detectors["missing_spaces"].findings == []


def test_glue_the_page_really_has_is_still_found(scorer):
    from quality.io.pages import document_from_html

    glued = "<p>Voting was calm in the region.This was not so in Ouham.</p>"
    html = f"<html><body><article>{BODY}{glued}</article></body></html>"
    report = scorer.score(document_from_html(html, "glue.html"))
    assert [f.text for f in report.detectors["missing_spaces"].findings] == ["region.This"]


def test_extraction_glue_the_page_does_not_have_is_undone():
    """When extraction joins two of the page's blocks ("results.Turnout"), the space comes back;
    the same string inside one block of the page stays as it is."""
    from quality.io.pages import _page_facts

    facts = _page_facts(parse_page("<div><p>Confirm the results.</p><p>Turnout was 37%.</p><p>a.Net</p></div>"), [])
    assert facts.unglue("Confirm the results.Turnout was 37%.") == "Confirm the results. Turnout was 37%."
    assert facts.unglue("Try a.Net today") == "Try a.Net today"


@pytest.fixture(scope="module")
def scorer():
    from quality.pipeline.scorer import Scorer

    return Scorer(reliability=False)


def test_a_credit_only_caption_is_counted_unchecked_and_never_a_mismatch(scorer):
    from quality.io.pages import document_from_html

    credit = '<figure><img src="/img/x.jpg" alt="x"><figcaption>Photo: Reuters/File</figcaption></figure>'
    html = PAGE.replace("<p>Opposition candidate", credit + "<p>Opposition candidate")
    report = scorer.score(document_from_html(html, "credit.html"))
    captions = report.detectors["caption_mismatch"]
    assert captions.findings == []
    assert captions.features["captions"] - captions.features["unchecked"] == 1.0  # the Bangui caption is checked


def test_a_caption_the_extraction_leaves_out_is_named_in_the_report():
    """Every caption the page shows is checked or named: one that never reaches the text
    becomes a warning on the article."""
    from quality.io.pages import _page_facts, _unchecked_captions

    page = _page_facts(parse_page(PAGE), [])
    assert _unchecked_captions("Only the story text, no caption.", page) == [
        "1 caption(s) on the page are not in the extracted text and were not checked, "
        "e.g. 'Election officials count ballots at a polling station in Bangui on Sunday.'"
    ]
    assert _unchecked_captions("Election officials count ballots at a polling station in Bangui on Sunday.", page) == []


def test_a_paragraph_that_opens_with_the_pages_caption_is_split_into_caption_and_story():
    """Extraction can join a photo's caption to the story's first sentence; the page says which
    words are the caption, and they become a caption line of their own (checked as one)."""
    from quality.io.pages import document_from_html

    caption = "Election officials count ballots at a polling station in Bangui on Sunday."
    html = PAGE.replace(
        "<p>Opposition candidate",
        f'<p><span class="image-caption">{caption}</span> Opposition candidate',
    )
    doc = document_from_html(html, "joined.html")
    captions = [doc.text[s.start : s.end] for s in doc.structure if s.kind == "caption"]
    assert caption in captions
    assert "\n\nOpposition candidate Anicet-Georges Dologuélé" in doc.text


QUEUE = "Voters queue outside a polling station in Bangui early on Sunday morning."


def test_a_photo_caption_the_extraction_drops_is_put_back_where_the_page_shows_it(scorer):
    """trafilatura drops a figure inside an ``<aside>``; the page shows it inside the story,
    so its caption is put back before the paragraph that follows it, and checked."""
    from quality.io.pages import document_from_html

    figure = f'<aside><figure><img src="/img/q.jpg"><figcaption>{QUEUE}</figcaption></figure></aside>'
    doc = document_from_html(PAGE.replace("<p>Opposition candidate", figure + "<p>Opposition candidate"), "a.html")
    captions = [doc.text[s.start : s.end] for s in doc.structure if s.kind == "caption"]
    assert QUEUE in captions
    assert f"{QUEUE}\n\nOpposition candidate" in doc.text
    report = scorer.score(doc)
    assert report.detectors["caption_mismatch"].features["captions"] == 2.0
    assert report.detectors["caption_mismatch"].findings == [] and report.warnings == []


def test_a_teasers_caption_is_not_put_back_but_named():
    """A figure whose image links to another story is that story's teaser: it stays out of the
    text, and the report says a caption on the page was not checked."""
    from quality.io.pages import document_from_html

    teaser = (
        '<aside><figure><a href="https://example.com/2021/01/09/turnout-falls"><img src="/img/t.jpg"></a>'
        f"<figcaption>{QUEUE}</figcaption></figure></aside>"
    )
    doc = document_from_html(PAGE.replace("<p>Opposition candidate", teaser + "<p>Opposition candidate"), "t.html")
    assert QUEUE not in doc.text
    assert any("not in the extracted text" in w for w in doc.warnings)
