"""`quality clean`: the seeds come out without their junk, edits round-trip, nothing is invented."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from quality.cli import main
from quality.core.policy import Policy, PolicyError, with_settings
from quality.pipeline.clean import Cleaned, Cleaner, Edit, apply_edits, removal_span
from tests.conftest import SEEDS, seed


@pytest.fixture(scope="module")
def cleaner():
    return Cleaner(reliability=False)


def only_deletes_or_inserts_spaces(original: str, cleaned: Cleaned) -> bool:
    """Every edit deletes a span of the input or inserts whitespace; rebuilding from the edits
    gives the cleaned text; edits are sorted and never overlap."""
    last = 0
    for e in cleaned.edits:
        if e.start < last or e.end < e.start:
            return False
        if e.replacement and (e.start != e.end or e.replacement.strip()):
            return False
        last = e.end
    return apply_edits(original, cleaned.edits) == cleaned.text


def test_seed_003_loses_its_chrome_and_gets_its_19_spaces_back(cleaner):
    text = seed("003")
    out = cleaner.clean(text)
    repairs = [e for e in out.edits if e.replacement == " "]
    assert len(repairs) == 19
    assert "region. This" in out.text and "Africa, and" in out.text and "region.This" not in out.text
    for chrome in ("Exit mobile version", "A lifestyle journalist who explores the latest trends.", ". . . . . ."):
        assert chrome in text and chrome not in out.text
    title = "Strategic Dialogue with Central African Republic Leadership"
    assert text.count(title) == 2 and out.text.count(title) == 1  # the duplicated title collapsed
    assert out.report.detectors["missing_spaces"].findings == []
    assert out.report.detectors["page_chrome"].findings == []
    assert out.text.endswith("in the coming months.\n")
    assert only_deletes_or_inserts_spaces(text, out)


def test_seed_000_loses_the_javelin_caption_and_nothing_else(cleaner):
    text = seed("000")
    out = cleaner.clean(text)
    assert [e.reason for e in out.edits] == ["caption_mismatch.caption"]
    assert "Javelin" in text and "Javelin" not in out.text
    assert "economic footprint\n\nSince 2018, Russia" in out.text  # the lines around it join cleanly
    assert len(text) - len(out.text) == out.edits[0].end - out.edits[0].start


def test_clean_articles_are_left_alone(cleaner):
    text = seed("002")
    out = cleaner.clean(text)
    assert out.edits == [] and out.text == text


def test_offsets_on_the_cleaned_text_trace_back_to_the_input(cleaner):
    text = seed("003")
    out = cleaner.clean(text)
    for word in ("This high-level", "Faustin-Archange", "To Wrap it Up", "healthcare"):
        at = out.text.index(word)
        back = out.to_input(at)
        assert text[back : back + len(word)] == word
    inserted = next(e for e in out.edits if e.replacement == " ")
    cleaned_at = out.text.index("region. This") + len("region.")
    assert out.to_input(cleaned_at) == inserted.start  # the inserted space maps to where it went


def test_removal_spans_keep_paragraphs_apart():
    text = "First paragraph.\n\nShare this:\n\nSecond paragraph.\nAdvertisement\nThird line."
    share = text.index("Share this:")
    assert text[slice(*removal_span(text, share, share + 11))] == "Share this:\n\n"
    ad = text.index("Advertisement")
    assert text[slice(*removal_span(text, ad, ad + 13))] == "Advertisement\n"
    assert removal_span("Filler here. Fact.", 0, 12) == (0, 13)  # takes the space after it
    assert removal_span("Fact. Filler here.\nNext", 6, 18) == (5, 18)  # at a line end: the space before it


def test_policy_and_options_choose_what_is_removed(cleaner):
    text = seed("003")
    everything = Cleaner(scorer=cleaner.scorer, remove=("page_chrome", "ai_boilerplate")).clean(text)
    assert "To Wrap it Up" not in everything.text and len(everything.text) < len(cleaner.clean(text).text)
    nothing = Cleaner(scorer=cleaner.scorer, remove=(), repair=()).clean(text)
    assert nothing.edits == [] and nothing.text == text
    policy = with_settings(Policy(), ["clean_remove=[]", 'clean_repair=["missing_spaces"]'])
    only_spaces = Cleaner(scorer=cleaner.scorer, remove=policy.clean_remove, repair=policy.clean_repair)
    assert {e.replacement for e in only_spaces.clean(text).edits} == {" "}
    with pytest.raises(PolicyError, match="only missing_spaces"):
        Cleaner(scorer=cleaner.scorer, repair=("filler",))
    with pytest.raises(PolicyError, match="clean_remove"):
        Policy(clean_remove="page_chrome")


def test_cli_clean_text_directory_and_jsonl(tmp_path):
    res = CliRunner().invoke(main, ["clean", str(SEEDS[3]), "--no-reliability"])
    assert res.exit_code == 0 and "Exit mobile version" not in res.stdout and "region. This" in res.stdout
    res = CliRunner().invoke(main, ["clean", str(SEEDS[0].parent), "-o", str(tmp_path / "out"), "--no-reliability"])
    assert res.exit_code == 0, res.output
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [p.name for p in SEEDS]
    src = tmp_path / "in.jsonl"
    src.write_text(
        json.dumps({"id": "a", "body": seed("003"), "url": "https://example.org"}) + "\n" + '{"id": "b"}\n',
        encoding="utf-8",
    )
    res = CliRunner().invoke(main, ["clean", "--jsonl", str(src), "--text-field", "body", "--no-reliability"])
    assert res.exit_code == 1  # record b has no text: named, counted, still in the output
    first, second = [json.loads(line) for line in res.stdout.splitlines()]
    assert first["url"] == "https://example.org" and "Exit mobile version" not in first["body"]
    edits = [Edit(**e) for e in first["edits"]]
    assert apply_edits(seed("003"), edits) == first["body"]  # the edit list rebuilds the output
    assert first["report"]["detectors"]["page_chrome"]["findings"] == []
    assert second["id"] == "b" and "no 'body' field" in second["error"]
    res = CliRunner().invoke(main, ["clean", *map(str, SEEDS[:2]), "--no-reliability"])
    assert res.exit_code == 2 and "-o DIRECTORY" in res.output


def test_filter_clean_writes_kept_records_cleaned(tmp_path):
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"id": "000", "text": seed("000")}) + "\n", encoding="utf-8")
    keep = tmp_path / "keep.jsonl"
    muted = ["--set", "weights.machine_prose=0"]  # judged on its caption alone, which cleaning removes
    res = CliRunner().invoke(main, ["filter", str(src), "--keep", str(keep), "--clean", "--no-reliability", *muted])
    assert res.exit_code == 0, res.output
    (record,) = [json.loads(line) for line in keep.read_text(encoding="utf-8").splitlines()]
    assert "Javelin" not in record["text"] and record["edits"][0]["reason"] == "caption_mismatch.caption"


def test_python_api():
    import quality

    out = quality.clean("The vote was on Monday.It passed 7-2, the council said.")
    assert out.text == "The vote was on Monday. It passed 7-2, the council said."
    assert out.edits == [Edit(23, 23, " ", "missing_spaces.glued_sentence")]


article_text = st.lists(
    st.one_of(
        st.sampled_from(
            [
                "The council met on Monday.It voted 7-2.",
                "Share this:",
                "Exit mobile version",
                "Advertisement",
                "Soldiers load a missile onto a truck. (Image: aljazeera.com)",
                "Copyright © 2024 Example Media. All rights reserved.",
                "In conclusion, it is important to note the evolving landscape.",
                "",
                "  ",
                "Prices rose 3.2% in the U.S. in May,officials said.",
            ]
        ),
        st.text(max_size=80),
    ),
    max_size=14,
).map(lambda lines: "\n".join(lines))


@settings(max_examples=150, deadline=None)
@given(article_text, st.sampled_from(["\n", "\r\n", "\r"]))
def test_cleaning_never_invents_text(text, newline):
    cleaner = _shared()
    text = text.replace("\n", newline)
    out = cleaner.clean(text) if text.strip() else None
    if out is not None and not (out.report and out.report.error and not out.edits):
        assert only_deletes_or_inserts_spaces(text, out)


_CACHE: list[Cleaner] = []


def _shared() -> Cleaner:
    if not _CACHE:
        _CACHE.append(Cleaner(reliability=False, remove=("page_chrome", "caption_mismatch", "ai_boilerplate")))
    return _CACHE[0]


def test_cleaning_never_invents_text_on_real_articles():
    import gzip

    from tests.conftest import require_shared

    root = require_shared()
    texts = []
    with gzip.open(root / "allsides_articles" / "articles.jsonl.gz", "rt", encoding="utf-8") as fh:
        for line in fh:
            text = json.loads(line).get("content_original")
            if isinstance(text, str) and text.strip():
                texts.append(text)
            if len(texts) == 200:
                break
    for text, out in zip(texts, _shared().clean_many(texts), strict=True):
        assert only_deletes_or_inserts_spaces(text, out)


def test_dask_clean_bag_matches_the_cleaner():
    db = pytest.importorskip("dask.bag", reason="the dask extra is not installed")
    from quality.integrations.dask import clean_bag

    texts = [seed("000"), seed("002"), seed("003")]
    out = clean_bag(db.from_sequence(texts, npartitions=2)).compute(scheduler="sync")
    expected = Cleaner(reliability=False).clean_many(texts)
    assert [o["text"] for o in out] == [c.text for c in expected]
    assert [o["edits"] for o in out] == [[e.to_dict() for e in c.edits] for c in expected]


def test_clean_reads_html_pages(tmp_path):
    pytest.importorskip("trafilatura", reason="HTML input needs the html extra")
    from pathlib import Path

    page = (Path(__file__).parent / "cases" / "page_election.html").read_text(encoding="utf-8")
    glued = page.replace("said on Monday, after", "said on Monday,after")
    (tmp_path / "page.html").write_text(glued, encoding="utf-8")
    res = CliRunner().invoke(main, ["clean", str(tmp_path / "page.html"), "--no-reliability"])
    assert res.exit_code == 0, res.output
    assert "said on Monday, after" in res.stdout and "Copyright" not in res.stdout


def test_clean_into_a_directory_never_overwrites_one_input_with_another(tmp_path):
    for folder in ("a", "c"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "b.txt").write_text(seed("002") + f"\nFrom {folder}.", encoding="utf-8")
    out = tmp_path / "cleaned"
    res = CliRunner().invoke(
        main, ["clean", str(tmp_path / "a"), str(tmp_path / "c"), "-o", str(out), "--no-reliability"]
    )
    assert res.exit_code == 0, res.output
    written = sorted(p.name for p in out.iterdir())
    assert written == ["b-2.txt", "b.txt"] and "renamed" in res.output
    assert {p.read_text(encoding="utf-8").splitlines()[-1] for p in out.iterdir()} == {"From a.", "From c."}


def test_filter_clean_keeps_an_article_once_its_chrome_is_removed(tmp_path):
    lines = ["Exit mobile version", "Share this:", "Click to share on Facebook (Opens in new window)"]
    lines += ["Copyright © 2024 Example News. All rights reserved.", "Similar Posts", "Related Posts"]
    chrome = "\n".join(lines)
    text = f"{chrome}\n\n{seed('002')}\n\n{chrome}"
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"id": "page", "text": text}) + "\n", encoding="utf-8")
    strict = ["--drop-verdict", "review", "--no-reliability"]
    plain = CliRunner().invoke(main, ["filter", str(src), "--reject", str(tmp_path / "r.jsonl"), *strict])
    (rejected,) = [json.loads(x) for x in (tmp_path / "r.jsonl").read_text().splitlines()]
    assert plain.exit_code == 0 and plain.stdout == ""  # judged as it came: rejected for its chrome
    evidence = rejected["quality_rejection"]["findings"]
    assert evidence and {f["detector"] for f in evidence} == {"page_chrome"}  # and it says why
    res = CliRunner().invoke(main, ["filter", str(src), "--clean", *strict])
    (kept,) = [json.loads(x) for x in res.stdout.splitlines()]
    assert "Exit mobile version" not in kept["text"] and seed("002").strip()[:200] in kept["text"]
    assert kept["edits"] and all(e["reason"].startswith("page_chrome.") for e in kept["edits"])
