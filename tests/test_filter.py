"""`quality filter` and `quality.Filter`: accounting, order, bad input, dead workers, Dask."""

from __future__ import annotations

import gzip
import json

import pytest
from click.testing import CliRunner

from quality.cli import main
from quality.io.readers import read_jsonl
from quality.pipeline.gate import Filter
from quality.pipeline.run import GateSettings, routed_stream
from tests.conftest import SEEDS, seed

GOOD = "Reuters reported that the Bank of England raised rates to 5.25 percent on Thursday, its 14th rise in a row."
GLUED = "The council approved the budget on Monday.It includes 12 new schools.The vote was close,but it passed."


@pytest.fixture(scope="module")
def gate():
    return Filter(reliability=False)


def records() -> list[dict]:
    out = [{"id": p.name, "text": p.read_text(encoding="utf-8"), "url": "https://example.org/a"} for p in SEEDS]
    return out + [{"id": "good", "text": GOOD}, {"id": "glued", "text": GLUED}]


def write_jsonl(path, lines: list[bytes]) -> None:
    path.write_bytes(b"".join(line + b"\n" for line in lines))


def run_filter(tmp_path, lines: list[bytes], *args: str, out_name: str = ""):
    src = tmp_path / "in.jsonl"
    write_jsonl(src, lines)
    keep, rej = tmp_path / f"keep{out_name}.jsonl", tmp_path / f"rej{out_name}.jsonl"
    res = CliRunner().invoke(
        main, ["filter", str(src), "--keep", str(keep), "--reject", str(rej), "--no-reliability", *args]
    )
    read = lambda p: [json.loads(x) for x in p.read_text(encoding="utf-8").splitlines()] if p.exists() else []  # noqa: E731
    return res, read(keep), read(rej)


def test_filter_keeps_good_rejects_junk_with_reasons(gate):
    assert gate.keep(seed("002"))
    assert not gate.keep(seed("003"))
    report = gate.scorer.score(seed("003"))
    reasons = gate.reasons(report)
    assert reasons[0].startswith("verdict drop")
    assert any(r.startswith("ai_boilerplate") for r in reasons)
    kept = list(gate(records()))
    ids = {r["id"] for r in kept}
    assert {"002_7db81d85c9bd8556.txt", "good"} <= ids
    assert not ids & {"003_826d4c05cf4bb9c3.txt", "001_934b9ec8db7bdcc7.txt"}
    assert all("quality" not in r for r in kept)  # unchanged unless annotate


def test_every_record_accounted_for_in_order(tmp_path):
    recs = records()
    lines = [json.dumps(r).encode() for r in recs]
    bad = [b'{"id": "trunc", "text": "Half a rec', b'{"id": "num", "text": 5}', b'{"id": "none"}', b"[1, 2]"]
    mixed = lines[:3] + bad + lines[3:]
    res, kept, rej = run_filter(tmp_path, mixed, "--annotate")
    assert res.exit_code == 0, res.output
    assert len(kept) + len(rej) == len(mixed)
    errors = [r for r in rej if "error" in r]
    assert len(errors) == 4
    assert "malformed JSON" in errors[0]["error"] and errors[0]["raw"].startswith('{"id": "trunc"')
    assert "'text' is int" in errors[1]["error"]
    assert "no 'text' field" in errors[2]["error"]
    assert "expected a JSON object" in errors[3]["error"]
    ids_in = [r["id"] for r in recs]
    ids_out = [r["id"] for r in kept] + [r["id"] for r in rej if "error" not in r]
    assert sorted(ids_out) == sorted(ids_in)
    assert [r["id"] for r in kept] == [i for i in ids_in if i in {k["id"] for k in kept}]  # order preserved
    assert all(r["quality"]["verdict"] in ("keep", "review") for r in kept)
    rejected = [r for r in rej if "quality_rejection" in r]
    assert "003_826d4c05cf4bb9c3.txt" in {r["id"] for r in rejected}
    assert all(r["quality_rejection"]["reasons"] for r in rejected)
    assert "4 errors" in res.output


def test_strict_fails_on_record_errors(tmp_path):
    res, kept, rej = run_filter(tmp_path, [json.dumps({"id": "a", "text": GOOD}).encode(), b"{oops"], "--strict")
    assert res.exit_code == 1
    assert len(kept) == 1 and len(rej) == 1


def test_bad_bytes_empty_file_and_huge_record(tmp_path):
    huge = json.dumps({"id": "huge", "text": "word " * 21_000_000}).encode()  # ~105 MB
    lines = [
        b'{"id": "latin", "text": "caf\xe9 au lait is served daily in Paris, the owner said on Monday."}',
        json.dumps({"id": "nul", "text": GOOD + "\x00"}).encode(),
        huge,
        json.dumps({"id": "after", "text": GOOD}).encode(),
    ]
    res, kept, rej = run_filter(tmp_path, lines)
    assert res.exit_code == 0, res.output
    assert len(kept) + len(rej) == 4
    errors = {r["id"]: r["error"] for r in rej if "error" in r}
    assert any("over the 10,000,000-byte limit" in e for e in errors.values())
    assert [r["id"] for r in kept][-1] == "after"  # the record after the huge one still comes out
    empty = tmp_path / "empty.jsonl"
    empty.write_bytes(b"")
    res = CliRunner().invoke(main, ["filter", str(empty), "--no-reliability"])
    assert res.exit_code == 0 and "0 in, 0 kept" in res.output


def test_gzip_input_and_stdin_pipe(tmp_path):
    src = tmp_path / "in.jsonl.gz"
    with gzip.open(src, "wb") as fh:
        fh.write((json.dumps({"id": "g", "text": GOOD}) + "\n").encode())
    res = CliRunner().invoke(main, ["filter", str(src), "--no-reliability"])
    assert res.exit_code == 0 and json.loads(res.stdout.splitlines()[0])["id"] == "g"
    res = CliRunner().invoke(
        main, ["filter", "-", "--no-reliability"], input=json.dumps({"id": "s", "text": GOOD}) + "\n"
    )
    assert json.loads(res.stdout.splitlines()[0])["id"] == "s"


def test_workers_give_the_same_output_in_order(tmp_path):
    lines = [json.dumps({**r, "id": f"{i}:{r['id']}"}).encode() for i, r in enumerate(records() * 6)]
    lines.insert(7, b"{broken")
    _, kept1, rej1 = run_filter(tmp_path, lines, out_name="1")
    _, kept2, rej2 = run_filter(tmp_path, lines, "--workers", "2", out_name="2")
    assert kept1 == kept2 and rej1 == rej2
    assert len(kept1) + len(rej1) == len(lines)


def _die_on_marker(items):
    import os

    if any(getattr(i, "id", "") == "die" for i in items):
        os._exit(9)
    from quality.pipeline import run

    return run._WORKER_FILTER.route_many(items)


def test_killed_worker_fails_loudly(tmp_path, monkeypatch):
    import quality.pipeline.run as run

    monkeypatch.setattr(run, "_route_batch", _die_on_marker)
    lines = [json.dumps({"id": str(i), "text": GOOD}).encode() for i in range(200)]
    lines[150] = json.dumps({"id": "die", "text": GOOD}).encode()
    src = tmp_path / "in.jsonl"
    write_jsonl(src, lines)
    with pytest.raises(Exception) as err:
        list(routed_stream(read_jsonl(str(src)), GateSettings(reliability=False), workers=2, batch=16))
    assert "BrokenProcessPool" in type(err.value).__name__ or "terminated" in str(err.value)
    res = CliRunner().invoke(
        main, ["filter", str(src), "--no-reliability", "--workers", "2", "--keep", str(tmp_path / "k")]
    )
    assert res.exit_code == 3
    assert "filter run failed" in res.output


def test_dask_local_cluster_matches_single_process(tmp_path):
    distributed = pytest.importorskip("distributed", reason="the dask extra is not installed")
    import dask.bag as db

    from quality.integrations.dask import filter_bag

    lines = [json.dumps({**r, "id": f"{i}:{r['id']}"}) for i, r in enumerate(records() * 300)]  # 2,100 records
    lines.insert(11, "{not json")
    src = tmp_path / "in.jsonl"
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")
    single = [(r.kind, r.line) for r in routed_stream(read_jsonl(str(src)), GateSettings(reliability=False))]
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        with distributed.Client(cluster):
            bag = db.read_text(str(src), blocksize=200_000)
            routed = filter_bag(bag, {"reliability": False}).compute()
    assert len(single) == len(routed) == len(lines)
    # identical records in identical order; an error names its place differently (file:line vs partition line)
    assert [(r["kind"], _unplaced(r["line"])) for r in routed] == [(k, _unplaced(line)) for k, line in single]
    assert sum(k == "error" for k, _ in single) == 1


def _unplaced(line: str) -> str:
    record = json.loads(line)
    if "error" in record:
        return record["error"].split(": ", 1)[1] + record.get("raw", "")
    return line


def test_dask_dataframe_adds_quality_columns():
    pd = pytest.importorskip("pandas", reason="the dask extra is not installed")
    dd = pytest.importorskip("dask.dataframe", reason="the dask extra is not installed")
    from quality.integrations.dask import score_dataframe

    frame = pd.DataFrame({"text": [seed("002"), seed("003"), None], "id": ["a", "b", "c"]})
    out = score_dataframe(dd.from_pandas(frame, npartitions=2), {"reliability": False}).compute()
    assert list(out["id"]) == ["a", "b", "c"]
    assert list(out["verdict"]) == ["keep", "drop", "error"]
    assert list(out["kept"]) == [True, False, False]
    assert out["quality"].iloc[0] > out["quality"].iloc[1]


def test_filter_call_reads_the_text_field_it_was_given():

    records = [{"id": "a", "body": GOOD}, {"id": "b", "body": "   "}]
    kept = list(Filter(text_field="body", reliability=False)(records))
    assert [r["id"] for r in kept] == ["a"]  # the empty body is not kept; the good one is


def test_filter_call_takes_what_score_many_takes():
    from quality.core.document import Document

    items = [GOOD, Document(GOOD, "doc"), {"text": GOOD}, ""]
    kept = list(Filter(reliability=False, annotate=True)(items))
    assert kept[0] == GOOD and isinstance(kept[1], Document) and "quality" in kept[2]
    assert len(kept) == 3  # the empty string is an error, logged, not kept


def test_an_empty_document_is_an_error_like_an_empty_string(scorer):
    from quality.core.document import Document

    for empty in (Document(""), Document("  \n "), ""):
        report = scorer.score(empty)
        assert report.verdict == "error" and report.error_kind == "empty_text"
