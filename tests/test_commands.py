"""What a new user meets on the command line: one input grammar, exit codes that tell a
pipeline the truth, hints that name the fix, and the policy options on either side of the command."""

from __future__ import annotations

import gzip
import json
import subprocess
import sys

import pytest
from click.testing import CliRunner

from quality.cli import main
from tests.conftest import SEEDS, seed


def _jsonl(path, rows):
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def test_every_command_reads_the_same_inputs(tmp_path):
    rows = [{"id": p.name, "text": p.read_text(encoding="utf-8")} for p in SEEDS[:2]]
    src = _jsonl(tmp_path / "in.jsonl", rows)
    out = {"--keep": tmp_path / "k.jsonl", "--reject": tmp_path / "r.jsonl"}
    filter_cmd = ["filter", *(str(x) for kv in out.items() for x in kv)]
    for command in (["score", "--format", "jsonl"], ["clean", "--format", "jsonl"], filter_cmd):
        res = CliRunner().invoke(main, [*command, str(src), str(SEEDS[2]), "--no-reliability"])
        assert res.exit_code == 0, (command, res.output)
        if command[0] != "filter":
            assert len(res.stdout.splitlines()) == 3  # two records and a text file
    routed = [json.loads(x)["id"] for f in out.values() for x in f.read_text().splitlines()]
    assert sorted(routed) == sorted([p.name for p in SEEDS[:2]] + [str(SEEDS[2])])


def test_config_and_set_work_after_the_command(tmp_path):
    config = tmp_path / "q.toml"
    config.write_text("keep_at = 1.0\n")
    before = CliRunner().invoke(main, ["--config", str(config), "score", str(SEEDS[2]), "--format", "jsonl"])
    after = CliRunner().invoke(main, ["score", str(SEEDS[2]), "--format", "jsonl", "--config", str(config)])
    assert before.exit_code == after.exit_code == 0
    assert json.loads(before.stdout)["verdict"] == json.loads(after.stdout)["verdict"] != "keep"
    res = CliRunner().invoke(main, ["score", str(SEEDS[2]), "--set", "keep_at=1.5"])
    assert res.exit_code == 2 and "keep_at" in res.output


def test_filter_with_the_text_in_another_field_exits_1_and_names_the_option(tmp_path):
    src = _jsonl(tmp_path / "in.jsonl", [{"id": str(i), "body": seed("002")} for i in range(5)])
    res = CliRunner().invoke(main, ["filter", str(src), "--no-reliability"])
    assert res.exit_code == 1
    assert "every one of the 5 records was an error" in res.output and "--text-field" in res.output
    ok = CliRunner().invoke(main, ["filter", str(src), "--text-field", "body", "--no-reliability"])
    assert ok.exit_code == 0 and len(ok.stdout.splitlines()) == 5


def test_a_warc_file_read_as_jsonl_is_not_a_quiet_success(tmp_path):
    src = tmp_path / "crawl.warc"
    src.write_bytes(b"WARC/1.0\r\nWARC-Type: warcinfo\r\nContent-Length: 0\r\n\r\n\r\n\r\n")
    res = CliRunner().invoke(main, ["filter", str(src), "--input-format", "jsonl", "--no-reliability"])
    assert res.exit_code == 1 and "malformed_json" in res.output


def test_a_gz_damaged_in_the_middle_says_what_was_lost(tmp_path):
    lines = "".join(json.dumps({"id": str(i), "text": seed("002")}) + "\n" for i in range(200)).encode()
    data = gzip.compress(lines)
    (tmp_path / "in.jsonl.gz").write_bytes(data[: len(data) // 3])
    res = CliRunner().invoke(main, ["filter", str(tmp_path / "in.jsonl.gz"), "--no-reliability"])
    assert res.exit_code == 1 and "the rest of the file after line" in res.output
    assert "input not read whole" in res.output


def test_a_closed_pipe_is_exit_4_with_a_line_on_stderr(tmp_path):
    rows = [{"id": str(i), "text": seed("002")} for i in range(400)]
    src = _jsonl(tmp_path / "in.jsonl", rows)
    command = f'"{sys.executable}" -c "from quality.cli import run; run()" score {src} --no-reliability -f jsonl'
    out = subprocess.run(["bash", "-c", f"{command} | head -1 > /dev/null; exit ${{PIPESTATUS[0]}}"],
                         capture_output=True, text=True, timeout=300)  # fmt: skip
    assert out.returncode == 4 and "cannot write output" in out.stderr and "Traceback" not in out.stderr


def test_clean_of_several_texts_into_a_file_name_is_a_usage_error(tmp_path):
    res = CliRunner().invoke(main, ["clean", str(SEEDS[0].parent), "-o", str(tmp_path / "file.txt")])
    assert res.exit_code == 2 and "DIRECTORY" in res.output
    assert not (tmp_path / "file.txt").exists()


def test_score_help_names_every_input_format():
    res = CliRunner().invoke(main, ["score", "--help"])
    for word in (".txt", ".jsonl", ".parquet", ".html", ".warc", "--quiet", "--text-field"):
        assert word in res.output


def test_quiet_silences_per_input_errors(tmp_path):
    (tmp_path / "empty.txt").write_text("")
    loud = CliRunner().invoke(main, ["score", str(tmp_path / "empty.txt"), "--no-reliability"])
    quiet = CliRunner().invoke(main, ["score", str(tmp_path / "empty.txt"), "--no-reliability", "-q"])
    assert loud.exit_code == quiet.exit_code == 1
    assert "error:" in loud.stderr and "error:" not in quiet.stderr


def test_a_missing_extra_names_the_module_really_missing():
    from quality.io.extras import missing_extra

    try:
        import lxml.html.clean_module_that_is_absent  # noqa: F401
    except ImportError as exc:
        hint = missing_extra(exc, "html")
    assert "lxml.html.clean_module_that_is_absent" in hint and "pip install 'quality[html]'" in hint


def test_the_lab_commands_say_where_they_are_when_the_lab_is_absent(monkeypatch):
    from quality.cli import main as group

    monkeypatch.setattr(sys.modules["quality.cli.main"], "entry_points", lambda group: [])
    res = CliRunner().invoke(group, ["train"])
    assert res.exit_code == 2 and "pip install -e . -e lab" in res.output


@pytest.mark.parametrize("args", [["--data", "/nonexistent-datasets"]])
def test_train_without_data_is_a_usage_error(args, monkeypatch):
    from tests.conftest import require_lab

    require_lab()
    monkeypatch.setenv("QUALITY_DATA", "/nonexistent-datasets")
    res = CliRunner().invoke(main, ["train"])
    assert res.exit_code == 2 and "no datasets at /nonexistent-datasets" in res.output
