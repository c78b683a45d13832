"""`quality filter` under what a crawl brings: hostile records, damaged archives, full disks,
SIGTERM and SIGKILL. Every case checks the same promise: in = kept + rejected + errors, in
order, the good records around the bad one unchanged, and no partial line in any output."""

from __future__ import annotations

import gzip
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quality.cli import main
from quality.io.readers import read_jsonl
from quality.io.records import from_record
from quality.io.sinks import LineSink
from quality.pipeline.gate import Filter
from quality.pipeline.run import Summary, run

GOOD = [
    "Reuters reported that the Bank of England raised rates to 5.25 percent on Thursday, its 14th rise in a row.",
    "The council approved a budget of $12 million on Monday, Mayor Ana Ortiz said, after a 7-2 vote.",
    "Flooding closed 40 schools in Valencia on Tuesday, the regional government said in a statement.",
]
# name -> (line bytes, expected error kind, or None when the record is scored)
HOSTILE: dict[str, tuple[bytes, str | None]] = {
    "huge_int": (b'{"id": "huge_int", "text": ' + b"9" * 5000 + b"}", "unreadable_json"),
    "deep": (b'{"id": "deep", "text": ' + b"[" * 100_000 + b"]" * 100_000 + b"}", "unreadable_json"),
    "malformed": (b'{"id": "malformed", "text": "half a rec', "malformed_json"),
    "not_object": (b"[1, 2, 3]", "not_object"),
    "no_text": (b'{"id": "no_text", "title": "t"}', "no_text"),
    "int_text": (b'{"id": "int_text", "text": 5}', "text_not_string"),
    "empty": (b'{"id": "empty", "text": ""}', "empty_text"),
    "blank": (b'{"id": "blank", "text": "  \\n\\t "}', "empty_text"),
    "too_large": (json.dumps({"id": "too_large", "text": "word " * 60_000}).encode(), "too_large"),
    "surrogate": (b'{"id": "surrogate", "text": "A lone \\ud800 surrogate; the vote was on Monday, 4 May."}', None),
    "bad_utf8": (b'{"id": "bad_utf8", "text": "Caf\xe9 owners in Paris said on Monday that 30 shops closed."}', None),
}
MAX_BYTES = "250000"  # makes "too_large" over the limit while every other record fits


def good_line(i: int) -> bytes:
    return json.dumps({"id": f"good{i}", "text": GOOD[i % len(GOOD)], "url": "https://example.org/a"}).encode()


def read_lines(path: Path) -> list[dict]:
    """Every line of an output, strictly: UTF-8, newline-terminated, one JSON object each."""
    if not path.exists():
        return []
    data = path.read_bytes()
    assert not data or data.endswith(b"\n"), f"{path.name} ends in a partial line"
    return [json.loads(line) for line in data.decode("utf-8").split("\n")[:-1]]  # JSON Lines: only \n ends one


def filter_cli(tmp_path: Path, lines: list[bytes], *args: str, name: str = "in.jsonl"):
    src = tmp_path / name
    src.write_bytes(b"".join(line + b"\n" for line in lines)) if not name.endswith(".gz") else None
    keep, reject, stats = tmp_path / "keep.jsonl", tmp_path / "reject.jsonl", tmp_path / "stats.json"
    argv = ["filter", str(src), "--keep", str(keep), "--reject", str(reject), "--stats", str(stats), "--no-reliability"]
    res = CliRunner().invoke(main, [*argv, *args])
    return res, read_lines(keep), read_lines(reject), json.loads(stats.read_text()) if stats.exists() else None


def name_of(record: dict, order: list[str]) -> str:
    """A written record's name in ``order``: its id, or, for a record whose JSON could not be
    read, the input line its error names (``in.jsonl:7``)."""
    rid = record["id"]
    return order[int(rid.rsplit(":", 1)[1]) - 1] if rid.startswith("/") else rid


def in_input_order(records: list[dict], order: list[str]) -> bool:
    position = {rid: i for i, rid in enumerate(order)}
    seen = [position[name_of(r, order)] for r in records]
    return seen == sorted(seen)


@pytest.mark.parametrize("workers", ["1", "2"])
def test_each_hostile_record_is_one_named_error_and_the_rest_goes_on(tmp_path, workers):
    lines, order = [], []
    for i, (name, (line, _)) in enumerate(HOSTILE.items()):
        lines += [good_line(i), line]
        order += [f"good{i}", name]
    res, kept, rejected, stats = filter_cli(tmp_path, lines, "--workers", workers, "--max-bytes", MAX_BYTES)
    assert res.exit_code == 0, res.output
    assert "Traceback" not in res.output
    assert len(kept) + len(rejected) == len(lines) == stats["read"]
    assert stats["kept"] + stats["rejected"] + stats["errors"] == stats["read"]

    errors = [r for r in rejected if "error" in r]
    # records whose JSON cannot be read have no id: they are named by line number
    kinds = {name_of(e, order): e["error_kind"] for e in errors}
    expected = {name: kind for name, (_, kind) in HOSTILE.items() if kind}
    assert kinds == expected
    assert stats["errors_by"] == {k: list(expected.values()).count(k) for k in set(expected.values())}
    assert all(e["error"].startswith(str(tmp_path / "in.jsonl")) or e["id"] in e["error"] for e in errors)

    by_id = {r["id"]: r for r in kept + rejected if "id" in r and "error" not in r}
    for i in range(len(HOSTILE)):  # the good records around each bad one, unchanged
        original = json.loads(good_line(i))
        out = dict(by_id[f"good{i}"])
        out.pop("quality_rejection", None)
        assert out == original
    assert by_id["surrogate"]["text"] == json.loads(HOSTILE["surrogate"][0])["text"]
    assert any("not valid UTF-8" in w for w in by_id["bad_utf8"]["quality_warnings"])
    assert in_input_order([r for r in kept], order) and in_input_order(rejected, order)


def test_damaged_gzip_keeps_no_altered_record(tmp_path):
    originals = [good_line(i) for i in range(3000)]
    data = bytearray(gzip.compress(b"".join(line + b"\n" for line in originals)))
    for k in range(3):  # a few bytes flipped mid-file: may still decode to valid JSON
        data[len(data) // 2 + 7 * k] ^= 0x55
    src = tmp_path / "in.jsonl.gz"
    src.write_bytes(bytes(data))
    res, kept, rejected, stats = filter_cli(tmp_path, [], name="in.jsonl.gz")
    assert res.exit_code == 1 and "input not read whole (damaged_archive" in res.output  # a pipeline must know
    assert kept == []  # nothing decoded from a damaged archive is trusted
    assert stats["errors_by"] == {"damaged_archive": stats["read"]} and stats["read"] == len(rejected) > 0
    assert "CRC check failed" in rejected[0]["error"]


def test_truncated_gzip_keeps_the_records_before_the_cut(tmp_path):
    originals = [good_line(i) for i in range(3000)]
    data = gzip.compress(b"".join(line + b"\n" for line in originals))
    (tmp_path / "in.jsonl.gz").write_bytes(data[: len(data) // 2])
    res, kept, rejected, stats = filter_cli(tmp_path, [], name="in.jsonl.gz")
    assert res.exit_code == 1 and "input not read whole (truncated_archive 1)" in res.output
    (cut,) = [r for r in rejected if r.get("error_kind") == "truncated_archive"]
    assert "the rest of the file after line" in cut["error"]  # says what was lost
    scored = [r for r in kept + rejected if "error" not in r]
    scored.sort(key=lambda r: int(r["id"][4:]))
    assert len(scored) > 100
    for r in scored:
        r.pop("quality_rejection", None)
    assert scored == [json.loads(line) for line in originals[: len(scored)]]  # a prefix, unchanged
    assert stats["errors_by"] == {"truncated_archive": 1}


def cli(*args: str, **kwargs) -> subprocess.Popen:
    """The installed entry point in a subprocess, as a pipeline runs it."""
    code = "from quality.cli import run; run()"
    return subprocess.Popen([sys.executable, "-c", code, *args], stderr=subprocess.PIPE, **kwargs)


def test_full_disk_is_one_line_and_exit_4(tmp_path):
    if not os.path.exists("/dev/full"):
        pytest.skip("needs /dev/full (Linux)")
    src = tmp_path / "in.jsonl"
    src.write_bytes(b"".join(good_line(i) + b"\n" for i in range(5)))
    proc = cli("filter", str(src), "--no-reliability", "--keep", "/dev/full")
    _, err = proc.communicate(timeout=120)
    lines = err.decode().strip().splitlines()
    assert proc.returncode == 4
    assert any(line.startswith("error: cannot write output") for line in lines)
    assert "Traceback" not in err.decode()


def children(pid: int) -> list[int]:
    """Live child processes of ``pid`` (Linux /proc)."""
    out = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            out.append(int(stat.parent.name))
    return out


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def wait_for(condition, timeout: float = 90.0) -> None:
    end = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < end, "timed out"
        time.sleep(0.1)


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="needs /proc (Linux) to see the workers")
@pytest.mark.parametrize("workers", ["1", "2"])
def test_sigterm_stops_workers_and_leaves_whole_lines_to_resume_from(tmp_path, workers):
    lines = [good_line(i) for i in range(400)]
    lines[350] = b"{broken"  # after the cut, so both runs name it by the same file
    keep, reject = tmp_path / "keep.jsonl", tmp_path / "reject.jsonl"
    proc = cli(
        "filter", "-", "--keep", str(keep), "--reject", str(reject), "--no-reliability", "-w", workers,
        stdin=subprocess.PIPE,
    )  # fmt: skip
    assert proc.stdin is not None
    proc.stdin.write(b"".join(line + b"\n" for line in lines[:300]))  # the rest never comes: a stalled feed
    proc.stdin.flush()
    wait_for(lambda: keep.exists() and len(keep.read_bytes().splitlines()) >= 64)
    workers_seen = children(proc.pid)
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=60)
    message = err.decode()
    assert proc.returncode == 128 + signal.SIGTERM, message
    assert "Traceback" not in message
    assert not [pid for pid in workers_seen if alive(pid)]
    done = int(message.split("--skip ")[1].split()[0])
    assert len(read_lines(keep)) + len(read_lines(reject)) == done >= 64

    # Resume from the printed count with the whole input: the outputs equal an uninterrupted run.
    full = tmp_path / "in.jsonl"
    full.write_bytes(b"".join(line + b"\n" for line in lines))
    args = ["--keep", str(keep), "--reject", str(reject), "--no-reliability", "--skip", str(done)]
    assert CliRunner().invoke(main, ["filter", str(full), *args]).exit_code == 0
    whole_keep, whole_reject = tmp_path / "k.jsonl", tmp_path / "r.jsonl"
    argv = ["filter", str(full), "--keep", str(whole_keep), "--reject", str(whole_reject), "--no-reliability"]
    assert CliRunner().invoke(main, argv).exit_code == 0
    assert keep.read_bytes() == whole_keep.read_bytes()
    assert reject.read_bytes() == whole_reject.read_bytes()


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="needs /proc (Linux) to see the workers")
def test_sigkill_then_checkpoint_resume_gives_the_uninterrupted_output(tmp_path):
    lines = [good_line(i) for i in range(300)]
    payload = b"".join(line + b"\n" for line in lines)
    keep, reject, ckpt = tmp_path / "keep.jsonl", tmp_path / "reject.jsonl", tmp_path / "run.ckpt"
    args = ["filter", "-", "--keep", str(keep), "--reject", str(reject), "--no-reliability", "-w", "2"]
    proc = cli(*args, "--checkpoint", str(ckpt), stdin=subprocess.PIPE)
    assert proc.stdin is not None
    proc.stdin.write(b"".join(line + b"\n" for line in lines[:290]))  # 4 batches in flight, then a stall
    proc.stdin.flush()
    wait_for(lambda: ckpt.exists() and json.loads(ckpt.read_text())["records"] >= 64)
    workers_seen = children(proc.pid)
    proc.kill()  # SIGKILL: no handler runs
    proc.wait(timeout=30)
    wait_for(lambda: not [pid for pid in workers_seen if alive(pid)], timeout=30)  # orphans exit by themselves
    for path in (keep, reject):
        data = path.read_bytes() if path.exists() else b""
        assert not data or data.endswith(b"\n"), f"{path.name} ends in a partial line"

    resumed = subprocess.run(
        [sys.executable, "-c", "from quality.cli import run; run()", *args, "--checkpoint", str(ckpt)],
        input=payload,
        capture_output=True,
        timeout=300,
    )
    assert resumed.returncode == 0, resumed.stderr.decode()
    assert json.loads(ckpt.read_text())["complete"] is True
    whole = Filter(reliability=False)
    expected = [r.line for r in whole.route_many(list(read_jsonl(str(_write(tmp_path / "in.jsonl", payload)))))]
    got = [json.dumps(r) for r in read_lines(keep) + read_lines(reject)]
    expected = [json.dumps(json.loads(line)) for line in expected]
    assert sorted(got) == sorted(expected) and len(got) == len(lines)


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


@pytest.fixture(scope="module")
def shared_filter():
    return Filter(reliability=False)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=200),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.sampled_from(["id", "text", "url", "x"]), inner),
    max_leaves=12,
)
jsonl_lines = st.one_of(
    st.binary(max_size=300).map(lambda b: b.replace(b"\n", b" ").replace(b"\r", b" ")),
    json_values.map(lambda v: json.dumps(v).encode()),
    st.text(min_size=1, max_size=400).map(lambda t: json.dumps({"id": "t", "text": t}).encode()),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(jsonl_lines, max_size=12))
def test_random_bytes_and_json_are_all_accounted_for(shared_filter, lines):
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "in.jsonl"
        src.write_bytes(b"".join(line + b"\n" for line in lines))
        keep, reject = Path(tmp) / "keep", Path(tmp) / "reject"
        with open(keep, "wb") as k, open(reject, "wb") as r:
            summary = run(read_jsonl(str(src)), LineSink(k), LineSink(r), shared_filter)
        nonblank = sum(1 for line in lines if line.strip())
        assert summary.read == nonblank == summary.kept + summary.rejected + summary.errors
        assert len(read_lines(keep)) == summary.kept
        assert len(read_lines(reject)) == summary.rejected + summary.errors
        assert sum(summary.errors_by.values()) == summary.errors


def test_summary_counts_each_reason():
    from quality.pipeline.gate import ERROR, REJECTED, Routed

    s = Summary()

    s.add(Routed(REJECTED, "{}", ("verdict_drop", "filler")))
    s.add(Routed(ERROR, "{}", ("malformed_json",)))
    assert s.details() == ["rejected: verdict_drop 1, filler 1", "errors: malformed_json 1"]
    assert s.to_dict()["errors_by"] == {"malformed_json": 1}


def test_progress_counter_only_where_asked():
    import io

    from quality.io.progress import Progress, for_run

    shown, hidden = io.StringIO(), io.StringIO()
    bar = Progress("filtered", stream=shown, total=200, every=0.0)
    bar.update(64)
    bar.update(36)
    bar.close()
    assert "filtered:  50%" in shown.getvalue() and "100/200" in shown.getvalue()  # a total and time left
    quiet = for_run("filtered", output_on_terminal=False, quiet=True)  # --quiet: nothing at all
    assert quiet.bar is None
    not_a_terminal = for_run("filtered", output_on_terminal=False)  # pytest's stderr is not a terminal
    assert not_a_terminal.bar is None and hidden.getvalue() == ""


def test_a_checkpoint_never_resumes_a_changed_input(tmp_path):
    from quality.io.sinks import Checkpoint

    src = _write(tmp_path / "in.jsonl", b"".join(good_line(i) + b"\n" for i in range(20)))
    keep, ckpt = tmp_path / "k.jsonl", tmp_path / "run.ckpt"
    args = ["filter", str(src), "--keep", str(keep), "--checkpoint", str(ckpt), "--no-reliability"]
    first = CliRunner().invoke(main, args)
    assert first.exit_code == 0, first.output
    cp = Checkpoint.load(str(ckpt))
    cp.complete = False  # as if the run had been killed half way
    cp.save(str(ckpt))
    _write(src, b"".join(good_line(i + 100) + b"\n" for i in range(20)))  # regenerated, same path
    again = CliRunner().invoke(main, args)
    assert again.exit_code == 2 and "the input changed since this checkpoint" in again.output


def test_a_second_run_cannot_write_an_output_the_first_is_writing(tmp_path):
    from quality.io.sinks import LineSink, OutputLocked

    out = tmp_path / "kept.jsonl"
    first = LineSink.open(str(out))
    first.add('{"id": "1"}')
    first.flush()
    with pytest.raises(OutputLocked, match="being written by another run"):
        LineSink.open(str(out))
    assert out.read_text() == '{"id": "1"}\n'  # the second run cut nothing
    first.close()
    second = LineSink.open(str(out), append=True)  # free again once the first run is done
    second.add('{"id": "2"}')
    second.close()
    assert out.read_text().splitlines() == ['{"id": "1"}', '{"id": "2"}']


@pytest.mark.parametrize("checksum", [False, True])
def test_a_damaged_or_truncated_zst_keeps_no_altered_record_and_exits_1(tmp_path, checksum):
    zstandard = pytest.importorskip("zstandard", reason=".zst input needs the zstd extra: pip install '.[zstd]'")
    originals = [good_line(i) for i in range(400)]
    data = zstandard.ZstdCompressor(write_checksum=checksum, level=1).compress(b"".join(x + b"\n" for x in originals))
    flipped = bytearray(data)
    flipped[len(flipped) // 2] ^= 0x04
    cases = [("cut.jsonl.zst", data[: len(data) * 2 // 3])]
    if checksum:  # without a content checksum (zstd's tool writes one by default) a flip may go unseen
        cases.append(("flipped.jsonl.zst", bytes(flipped)))
    for name, payload in cases:
        src = _write(tmp_path / name, payload)
        keep = tmp_path / f"{name}.kept"
        res = CliRunner().invoke(main, ["filter", str(src), "--keep", str(keep), "--no-reliability"])
        assert res.exit_code == 1 and "input not read whole" in res.output, (name, res.output)
        kept = {line for line in keep.read_bytes().splitlines()}
        assert kept <= set(originals)  # whatever was kept is byte for byte an original record
    whole = _write(tmp_path / "whole.jsonl.zst", data)
    res = CliRunner().invoke(main, ["filter", str(whole), "--keep", str(tmp_path / "k"), "--no-reliability"])
    assert res.exit_code == 0 and "400 in" in res.output


def test_score_names_a_damaged_zst_in_one_line(tmp_path):
    zstandard = pytest.importorskip("zstandard", reason=".zst input needs the zstd extra: pip install '.[zstd]'")
    lines = b"".join(good_line(i) + b"\n" for i in range(50))
    data = bytearray(zstandard.ZstdCompressor(write_checksum=True).compress(lines))
    data[len(data) // 2] ^= 0x04
    src = _write(tmp_path / "in.jsonl.zst", bytes(data))
    res = CliRunner().invoke(main, ["score", str(src), "--no-reliability", "-f", "jsonl"])
    assert res.exit_code == 1 and "Traceback" not in res.output and "in.jsonl.zst" in res.output


def test_after_a_full_disk_the_skip_advice_writes_no_rejected_record_twice(tmp_path):
    """A batch goes to both outputs or to neither: when the kept lines of the second batch hit
    the end of the disk (here a file-size limit), that batch's rejected lines already written
    are cut back out, so rerunning with the printed ``--skip N`` leaves every rejected record
    in ``--reject`` exactly once."""
    resource = pytest.importorskip("resource", reason="needs POSIX file-size limits")
    import signal

    src = tmp_path / "in.jsonl"
    lines = [good_line(i) if i % 3 else json.dumps({"id": f"bad{i}", "text": ""}).encode() for i in range(150)]
    src.write_bytes(b"\n".join(lines) + b"\n")
    first_batch_kept = sum(len(x) + 1 for i, x in enumerate(lines[:64]) if i % 3)
    limit = first_batch_kept + 200  # room for the first batch's kept lines, not the second's

    def small_disk():
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails (EFBIG), as on a full disk
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    keep, reject = tmp_path / "keep.jsonl", tmp_path / "rej.jsonl"
    args = ["filter", str(src), "--no-reliability", "--keep", str(keep), "--reject", str(reject)]
    proc = cli(*args, preexec_fn=small_disk)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 4, err.decode()
    done = int(err.decode().split("--skip ")[1].split()[0])
    assert done == 64
    rerun = cli(*args, "--skip", str(done))
    _, err2 = rerun.communicate(timeout=120)
    assert rerun.returncode == 0, err2.decode()
    rejected = [json.loads(x)["id"] for x in reject.read_text(encoding="utf-8").splitlines()]
    assert sorted(rejected) == sorted(f"bad{i}" for i in range(0, 150, 3))
    assert len(keep.read_text(encoding="utf-8").splitlines()) == 100


def test_a_batch_goes_to_both_outputs_or_to_neither(tmp_path):
    """When the kept lines of a batch cannot be written, the rejected lines of that batch,
    already written, are cut back out: the outputs end at the same complete batch."""
    from quality.pipeline import run as filter_run
    from quality.pipeline.run import GateSettings

    class FullAfterFirstBatch(LineSink):
        flushes = 0

        def flush(self):
            if self.pending:
                FullAfterFirstBatch.flushes += 1
                if FullAfterFirstBatch.flushes > 1:
                    self.pending.clear()
                    raise OSError(28, "No space left on device")
            super().flush()

    records = [{"id": f"r{i}", "text": "" if i % 3 == 0 else GOOD[i % len(GOOD)]} for i in range(130)]
    keep = FullAfterFirstBatch.open(str(tmp_path / "keep.jsonl"))
    reject = LineSink.open(str(tmp_path / "rej.jsonl"))
    summary = filter_run.Summary()
    items = [from_record(r, r["id"]) for r in records]
    with pytest.raises(OSError):
        filter_run.run(items, keep, reject, GateSettings(reliability=False).build(), summary=summary)
    keep.close(), reject.close()
    rejected = [json.loads(x)["id"] for x in (tmp_path / "rej.jsonl").read_text(encoding="utf-8").splitlines()]
    assert summary.written == 64 and not summary.half_written
    assert rejected == [f"r{i}" for i in range(0, 64, 3)]  # the first batch's, none of the second's
