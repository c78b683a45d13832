"""The command line: formats, outputs, exit codes and every bad input."""

import json

import pytest
from click.testing import CliRunner

from quality.cli import main
from tests.conftest import ROOT, SEEDS


@pytest.fixture
def run():
    runner = CliRunner()

    def invoke(*args, input=None):
        return runner.invoke(main, list(args), input=input, catch_exceptions=False)

    return invoke


def test_help_teaches_with_examples(run):
    assert "quality score seeds/*.txt" in run("--help").output
    out = run("score", "--help").output
    assert "--format" in out and "-o, --output" in out and "Examples" in out


def test_jsonl_one_object_per_seed(run):
    res = run("score", *map(str, SEEDS), "--format", "jsonl")
    assert res.exit_code == 0
    rows = [json.loads(line) for line in res.output.splitlines()]
    assert [r["id"] for r in rows] == [str(p) for p in SEEDS]


def test_json_array_and_output_file(run, tmp_path):
    out = tmp_path / "r.json"
    res = run("score", str(ROOT / "seeds"), "--format", "json", "-o", str(out))
    assert res.exit_code == 0
    rows = json.loads(out.read_text())
    assert len(rows) == 5 and all(r["verdict"] in ("keep", "review", "drop") for r in rows)


def test_table_shows_findings_text(run):
    res = run("score", str(SEEDS[3]), "--format", "table")
    assert "region.This" in res.output and "missing_spaces" in res.output


def test_stdin_and_jsonl_records(run, tmp_path):
    res = run("score", "-", "--format", "jsonl", input="Stdin text here.It is glued.")
    assert json.loads(res.output)["detectors"]["missing_spaces"]["features"]["count"] == 1
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"id": "a", "text": "Fine text.", "url": "https://www.reuters.com/x"}) + "\n")
    row = json.loads(run("score", "--jsonl", str(src), "--format", "jsonl").output)
    assert row["id"] == "a" and row["source"] == "https://www.reuters.com/x"


def test_bad_inputs_each_named_batch_goes_on(run, tmp_path):
    (tmp_path / "empty.txt").write_text("")
    (tmp_path / "latin1.txt").write_bytes("Caf\xe9 owners said prices rose.".encode("latin-1"))
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02PNG\x00" * 10)
    (tmp_path / "nodir").mkdir()
    big = tmp_path / "big.txt"
    big.write_bytes(b"word " * 2_100_000)
    bad = tmp_path / "bad.jsonl"
    bad.write_text(
        '{"id": "ok", "text": "Good."}\n{"id": "trunc", "text": "Go\n[1,2]\n{"id": "n", "text": 5}\n{"id": "m"}\n'
    )
    res = CliRunner().invoke(
        main,
        [
            "score",
            str(tmp_path / "missing.txt"),
            str(tmp_path / "empty.txt"),
            str(tmp_path / "latin1.txt"),
            str(tmp_path / "binary.txt"),
            str(tmp_path / "nodir"),
            str(big),
            "--max-bytes",
            "10000000",
            "--jsonl",
            str(bad),
            "--format",
            "jsonl",
        ],
    )
    assert res.exit_code == 1
    rows = [json.loads(line) for line in res.stdout.splitlines()]
    errors = {r["id"]: r["error"] for r in rows if r["error"]}
    assert len(rows) == 11  # every input accounted for
    assert "no such file" in errors[str(tmp_path / "missing.txt")]
    assert "empty" in errors[str(tmp_path / "empty.txt")]
    assert "binary" in errors[str(tmp_path / "binary.txt")]
    assert "directory has no .txt, .jsonl, .parquet, .html or .warc files" in errors[str(tmp_path / "nodir")]
    assert "limit" in errors[str(big)]
    assert "malformed JSON" in errors[f"{bad}:2"] and f"{bad}:2" in errors[f"{bad}:2"]
    assert "expected a JSON object" in errors[f"{bad}:3"]
    assert "not a string" in errors["n"] and "no 'text' field" in errors["m"]
    latin = next(r for r in rows if r["id"].endswith("latin1.txt"))
    assert latin["error"] is None and "not valid UTF-8" in latin["warnings"][0]
    assert "Traceback" not in res.stderr
    assert all(len(line.splitlines()) == 1 for line in res.stderr.splitlines())


def test_usage_error_exit_code(run):
    res = CliRunner().invoke(main, ["score"])
    assert res.exit_code == 2 and "give PATHS" in res.output
