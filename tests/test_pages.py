"""HTML and WARC input: the page's article with its structure, chrome left behind, every record counted."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

pytest.importorskip("trafilatura", reason="HTML input needs the html extra: pip install '.[html]'")

from quality.cli import main  # noqa: E402
from quality.io.pages import document_from_html, read_warc, resolve  # noqa: E402
from quality.io.readers import ReadStats  # noqa: E402
from quality.pipeline.scorer import Scorer  # noqa: E402

PAGE = (Path(__file__).parent / "cases" / "page_election.html").read_text(encoding="utf-8")
JAVELIN = "Ukrainian troops load an FGM-148 Javelin anti-tank missile onto a truck near Kharkiv."


@pytest.fixture(scope="module")
def scorer():
    return Scorer(reliability=False)


def test_page_becomes_article_text_with_structure():
    doc = document_from_html(PAGE, "page.html")
    assert doc.title.startswith("Touadéra wins second term")
    kinds = {}
    for s in doc.structure:
        kinds.setdefault(s.kind, []).append(doc.text[s.start : s.end])
    assert kinds["heading"] == [
        "Touadéra wins second term as Central African Republic counts votes",
        "Results by region",
        "What happens next",
    ]
    assert kinds["caption"] == ["Election officials count ballots at a polling station in Bangui on Sunday."]
    assert kinds["table"][1] == "Bangui | 61.2% | 58.1%"
    for chrome in ("Subscribe", "Most read", "Copyright ©", "Share this article"):
        assert chrome not in doc.text  # the page's navigation, sidebar and footer stay behind


def test_structure_reaches_the_detectors(scorer):
    report = scorer.score(document_from_html(PAGE, "page.html"))
    assert report.detectors["caption_mismatch"].features["captions"] == 1.0  # a figcaption with no credit is checked
    assert report.detectors["caption_mismatch"].findings == []  # and it belongs to the story
    assert report.detectors["ai_boilerplate"].findings == []  # a real table is not a flattened one
    swapped = PAGE.replace(
        "Election officials count ballots at a polling station in Bangui on Sunday.", JAVELIN
    ).replace('alt="Election officials count ballots in Bangui"', 'alt="Troops load a missile"')
    mismatched = scorer.score(document_from_html(swapped, "swapped.html"))
    assert [f.text for f in mismatched.detectors["caption_mismatch"].findings] == [JAVELIN]


def test_score_html_files_and_directories(tmp_path):
    (tmp_path / "a.html").write_text(PAGE, encoding="utf-8")
    (tmp_path / "empty.html").write_text("<html><body><nav>Home</nav></body></html>", encoding="utf-8")
    res = CliRunner().invoke(main, ["score", str(tmp_path), "--no-reliability", "--format", "jsonl"])
    reports = {Path(r["id"]).name: r for r in map(json.loads, res.stdout.splitlines())}
    assert res.exit_code == 1  # one page had no article: named, counted
    assert reports["a.html"]["verdict"] == "keep"
    assert reports["empty.html"]["error_kind"] == "no_article"


def test_jsonl_records_with_html_through_the_filter(tmp_path):
    src = tmp_path / "pages.jsonl"
    src.write_text(
        "\n".join(
            [
                json.dumps({"id": "p1", "url": "https://example.org/car", "html": PAGE}),
                json.dumps({"id": "p2", "html": "<html><body></body></html>"}),
                json.dumps(
                    {"id": "t1", "text": "The council met on Monday and approved 12 new schools, Mayor Ortiz said."}
                ),
            ]
        )
        + "\n",
        encoding="utf-8",
    )
    keep, reject = tmp_path / "keep.jsonl", tmp_path / "reject.jsonl"
    res = CliRunner().invoke(
        main, ["filter", str(src), "--keep", str(keep), "--reject", str(reject), "--no-reliability"]
    )
    assert res.exit_code == 0, res.output
    kept = [json.loads(x) for x in keep.read_text(encoding="utf-8").splitlines()]
    rejected = [json.loads(x) for x in reject.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in kept] == ["p1", "t1"] and kept[0]["html"] == PAGE  # the record is kept as it came
    assert [(r["id"], r["error_kind"]) for r in rejected] == [("p2", "no_article")]


def _warc(records: list[tuple[str, str, bytes]]) -> bytes:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=True)
    for uri, ctype, body in records:
        headers = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(uri, "response", payload=io.BytesIO(body), http_headers=headers))
    return buf.getvalue()


def test_warc_one_item_per_response_and_a_truncated_tail_is_one_error(tmp_path):
    pytest.importorskip("warcio", reason="WARC input needs the warc extra: pip install '.[warc]'")
    whole = _warc(
        [
            ("https://example.org/election", "text/html; charset=utf-8", PAGE.encode()),
            ("https://example.org/logo.png", "image/png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64),
            ("https://example.org/again", "text/html", PAGE.encode()),
        ]
    )
    path = tmp_path / "crawl.warc.gz"
    path.write_bytes(whole)
    stats = ReadStats()
    items = [resolve(i) for i in read_warc(str(path), 10_000_000, stats)]
    assert [getattr(i, "kind", "doc") for i in items] == ["doc", "doc"]  # the image is counted, not an error
    assert stats.skipped_by == {"not_html": 1}
    assert items[0].source == items[0].id == "https://example.org/election"  # the page URL names the record

    path.write_bytes(whole[: len(whole) - 200])  # the last record cut short
    out = CliRunner().invoke(main, ["score", str(path), "--no-reliability", "--format", "jsonl"])
    kinds = [json.loads(x).get("error_kind") for x in out.stdout.splitlines()]
    assert kinds == [None, "truncated_archive"]  # a cut page is an error, never a shortened article
    assert out.exit_code == 1 and "Traceback" not in out.output


def test_a_teaser_image_linking_to_another_story_is_not_a_caption():
    """Related-stories strips: an image inside a link to another page has that page's headline as
    its alt text; it is navigation, not a caption. An image linking to a larger copy of itself is."""
    teaser = (
        '<figure><a href="https://example.com/2021/01/03/five-things-about-lyon-bridge-tolls">'
        '<img src="/img/lyon.jpg" alt="Five things to know about the new bridge tolls in Lyon this winter">'
        "</a></figure>"
    )
    lightbox = (
        '<figure><a href="/img/queue-large.jpg"><img src="/img/queue.jpg" '
        'alt="Voters queue outside a polling station in Bangui early on Sunday"></a></figure>'
    )
    page = PAGE.replace("<p>Opposition candidate", teaser + lightbox + "<p>Opposition candidate")
    doc = document_from_html(page, "page.html")
    captions = [doc.text[s.start : s.end] for s in doc.structure if s.kind == "caption"]
    assert captions == [
        "Election officials count ballots at a polling station in Bangui on Sunday.",
        "Voters queue outside a polling station in Bangui early on Sunday",
    ]


RELATED = (
    "<p>Read our earlier coverage:</p><ul>"
    '<li><a href="https://www.example.com/2021/01/02/armed-groups-attack-polling-stations">'
    "Armed groups attack polling stations outside Bangui</a></li>"
    '<li><a href="/2020/12/27/voters-head-to-the-polls">Voters head to the polls in a tense election</a></li>'
    '<li><a href="https://www.un.org/peacekeeping/car">UN mission in the Central African Republic</a></li>'
    "</ul>"
)
HEADLINE = "Touadéra wins second term as Central African Republic counts votes"


def _with_related(page: str = PAGE) -> str:
    """The election page with a related-stories list and a headline that links to the page itself."""
    return page.replace("<h2>What happens next</h2>", RELATED + "<h2>What happens next</h2>").replace(
        f"<h1>{HEADLINE}</h1>", f'<h1><a href="https://example.com/2021/01/04/touadera-wins">{HEADLINE}</a></h1>'
    )


def test_links_to_the_sites_other_pages_are_structure_and_page_chrome(scorer):
    """A related-stories list is a list of headlines linking to the site's other pages: plain text
    cannot tell them from short paragraphs, the page's links can. A link to another site (the UN)
    and the headline linking to the page itself are not."""
    url = "https://example.com/2021/01/04/touadera-wins?ref=home"
    doc = document_from_html(_with_related(), "page.html", url)
    links = [(doc.text[s.start : s.end], s.target) for s in doc.structure if s.kind == "link"]
    assert links == [
        (
            "- Armed groups attack polling stations outside Bangui",
            "https://www.example.com/2021/01/02/armed-groups-attack-polling-stations",
        ),
        ("- Voters head to the polls in a tense election", "https://example.com/2020/12/27/voters-head-to-the-polls"),
    ]
    findings = scorer.score(doc).detectors["page_chrome"].findings
    assert [(f.kind, f.text) for f in findings] == [("related_links", text) for text, _ in links]
    assert findings[0].detail.endswith("armed-groups-attack-polling-stations")
    plain = scorer.score(doc.text).detectors["page_chrome"].findings
    assert plain == []  # the same text without the page: nothing says these lines are links


def test_without_the_pages_url_only_relative_links_are_the_sites_own():
    doc = document_from_html(_with_related(), "page.html")
    links = [doc.text[s.start : s.end] for s in doc.structure if s.kind == "link"]
    assert links == ["- Voters head to the polls in a tense election"]


def test_figcaptions_are_found_when_the_page_url_resolves_image_sources():
    """trafilatura resolves an image's relative src against the page URL it is given; the
    figcaption is still the one found (before, pages read with a URL fell back to the alt text)."""
    doc = document_from_html(PAGE, "page.html", "https://example.com/2021/01/04/touadera-wins")
    captions = [doc.text[s.start : s.end] for s in doc.structure if s.kind == "caption"]
    assert captions == ["Election officials count ballots at a polling station in Bangui on Sunday."]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(href=st.text(max_size=80), url=st.one_of(st.none(), st.text(max_size=60)), src=st.text(max_size=40))
@example(href="http://[ccpa-preferences]/", url="https://example.com/a", src="http://[::1")
@example(href="/b", url="http://[bad", src="/img/a.jpg")
def test_any_link_or_image_address_leaves_the_article_intact(href, url, src):
    """Hostile addresses ("http://[ccpa-preferences]/", control characters, bare schemes) are
    skipped, never an exception: the article text is the same as without them."""
    from xml.sax.saxutils import quoteattr

    related = f"<ul><li><a href={quoteattr(href)}>Armed groups attack polling stations outside Bangui</a></li></ul>"
    image = f"<figure><img src={quoteattr(src)} alt='x'><figcaption>Ballots in Bangui</figcaption></figure>"
    page = PAGE.replace("<h2>What happens next</h2>", related + image + "<h2>What happens next</h2>")
    doc = document_from_html(page, "page.html", url)
    assert "President Faustin-Archange Touadéra won a second term" in doc.text
    for span in doc.structure:
        assert 0 <= span.start < span.end <= len(doc.text)


def test_a_warc_record_without_content_length_never_hides_records_silently(tmp_path):
    pytest.importorskip("warcio", reason="WARC input needs the warc extra: pip install '.[warc]'")
    page = PAGE.encode()
    good = (
        b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: https://example.org/b\r\n"
        + f"Content-Length: {len(page) + 45}\r\n\r\n".encode()
        + b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n"
        + page
        + b"\r\n\r\n"
    )
    lost = (
        b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: https://example.org/a\r\n\r\n" + good[:80] + b"\r\n\r\n"
    )
    path = tmp_path / "crawl.warc"
    path.write_bytes(lost + good + good)
    out = CliRunner().invoke(main, ["score", str(path), "--no-reliability", "--format", "jsonl"])
    kinds = [json.loads(x).get("error_kind") for x in out.stdout.splitlines()]
    assert "damaged_archive" in kinds and out.exit_code == 1  # what could not be read is named
    whole = tmp_path / "whole.warc"
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with whole.open("wb") as fh:
        writer = WARCWriter(fh, gzip=False)
        for uri in ("https://example.org/1", "https://example.org/2"):
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
            writer.write_record(
                writer.create_warc_record(uri, "response", payload=io.BytesIO(page), http_headers=headers)
            )
    items = [resolve(i) for i in read_warc(str(whole), 10_000_000)]
    assert [type(i).__name__ for i in items] == ["Document", "Document"]  # a sound file raises nothing


def test_pages_are_read_pending_and_extracted_where_they_are_scored(tmp_path):
    """Reading a page only reads its bytes; extraction, the costly step, happens in the gate
    (a filter's worker process) or the scorer."""
    from quality.io.pages import PendingPage
    from quality.io.readers import read_inputs
    from quality.pipeline.gate import Filter

    (tmp_path / "a.html").write_text(PAGE, encoding="utf-8")
    (item,) = read_inputs([str(tmp_path / "a.html")])
    assert isinstance(item, PendingPage)
    (routed,) = Filter(reliability=False).route_many([item])
    assert routed.kind == "kept" and json.loads(routed.line)["id"].endswith("a.html")


def test_html_extraction_runs_inside_the_time_budget(tmp_path):
    """A page whose extraction outlasts the policy's time budget is that page's named error,
    and the run goes on to the next record."""
    paragraphs = "".join(
        f"<p>Paragraph {i}: officials in Bangui counted ballots from district {i} through the night.</p>"
        for i in range(20000)
    )
    big = PAGE.replace("<h2>What happens next</h2>", paragraphs + "<h2>What happens next</h2>")
    src = tmp_path / "pages.jsonl"
    src.write_text(
        "\n".join(json.dumps({"id": n, "html": h}) for n, h in (("big", big), ("small", PAGE))) + "\n",
        encoding="utf-8",
    )
    out = CliRunner().invoke(
        main, ["--set", "time_budget=0.5", "score", str(src), "--no-reliability", "--format", "jsonl"]
    )
    reports = [json.loads(x) for x in out.stdout.splitlines()]
    assert [r["id"] for r in reports] == ["big", "small"]
    assert reports[0]["error_kind"] == "time_budget" and "HTML extraction took over" in reports[0]["error"]
    assert reports[1].get("error") is None and reports[1]["verdict"] == "keep"


def test_a_filter_with_workers_extracts_html_records_and_accounts_for_each(tmp_path):
    src = tmp_path / "pages.jsonl"
    rows = [{"id": f"p{i}", "html": PAGE} for i in range(6)] + [{"id": "bad", "html": "<html></html>"}]
    src.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    keep, reject = tmp_path / "k.jsonl", tmp_path / "r.jsonl"
    out = CliRunner().invoke(
        main, ["filter", str(src), "--no-reliability", "--workers", "2", "--keep", str(keep), "--reject", str(reject)]
    )
    kept = [json.loads(x)["id"] for x in keep.read_text(encoding="utf-8").splitlines()]
    rejected = [json.loads(x) for x in reject.read_text(encoding="utf-8").splitlines()]
    assert kept == [f"p{i}" for i in range(6)]
    assert [r["id"] for r in rejected] == ["bad"], out.output


@pytest.mark.parametrize("off_by", [-10, 7])
def test_a_warc_record_whose_content_length_is_wrong_is_named_in_one_line(tmp_path, off_by):
    """A Content-Length that ends inside the record (or past it) cuts or pads that record's
    page: the record is an error naming it, not a scored article, and warcio's multi-line
    banner does not reach the terminal."""
    pytest.importorskip("warcio", reason="WARC input needs the warc extra: pip install '.[warc]'")
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=False)
    for uri in ("https://example.org/1", "https://example.org/2"):
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        payload = io.BytesIO(PAGE.encode("utf-8"))
        writer.write_record(writer.create_warc_record(uri, "response", payload=payload, http_headers=headers))
    data = buf.getvalue()
    at = data.index(b"Content-Length: ") + len(b"Content-Length: ")
    end = data.index(b"\r\n", at)
    path = tmp_path / "crawl.warc"
    path.write_bytes(data[:at] + str(int(data[at:end]) + off_by).encode() + data[end:])
    out = CliRunner().invoke(main, ["score", str(path), "--no-reliability", "--format", "jsonl"])
    reports = [json.loads(x) for x in out.stdout.splitlines()]
    assert reports[0]["id"] == "https://example.org/1" and reports[0]["error_kind"] == "damaged_archive"
    assert "record 1 " in reports[0]["error"]
    assert out.exit_code == 1 and all(re.match(r"error: |\d+ input\(s\) failed", x) for x in out.stderr.splitlines())
