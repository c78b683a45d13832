"""Whatever a record holds, every output format writes it: lone surrogates, NaN, dates, decimals
and bytes from Parquet; terminal control characters from ids never reach the terminal raw."""

from __future__ import annotations

import datetime
import decimal
import json
import math

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from quality.cli import main
from quality.core.report import json_line
from quality.io.writers import printable
from tests.conftest import seed


def test_json_line_writes_what_json_cannot():
    record = {
        "when": datetime.datetime(2024, 5, 1, 12, 30),
        "day": datetime.date(2024, 5, 1),
        "price": decimal.Decimal("1.10"),
        "blob": b"\x00\xff",
        "score": float("nan"),
        "big": float("inf"),
        "nested": [{"x": float("-inf")}],
        "text": "lone \ud800 surrogate",
    }
    line = json_line(record)
    back = json.loads(line)
    assert back["when"] == "2024-05-01T12:30:00" and back["day"] == "2024-05-01" and back["price"] == "1.10"
    assert back["blob"] == "AP8=" and back["score"] is None and back["big"] is None and back["nested"] == [{"x": None}]
    assert back["text"] == "lone \ud800 surrogate"
    line.encode("utf-8")  # a valid UTF-8 line


@settings(max_examples=150, deadline=None)
@given(
    st.recursive(
        st.none() | st.booleans() | st.floats() | st.text() | st.integers() | st.binary(max_size=8),
        lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=5), inner, max_size=4),
        max_leaves=12,
    )
)
def test_json_line_never_fails_and_is_valid_utf8_json(value):
    line = json_line({"v": value})
    assert "\n" not in line
    json.loads(line)
    line.encode("utf-8")


def test_printable_escapes_terminal_control_and_keeps_text():
    assert printable("plain text, ünïcode") == "plain text, ünïcode"
    shown = printable("id\x1b]0;pwned\x07\x1b[2J")
    assert "\x1b" not in shown and "\x07" not in shown and "\\x1b" in shown


@pytest.mark.parametrize("fmt", ["json", "jsonl", "table"])
def test_a_lone_surrogate_is_written_in_every_format(tmp_path, fmt):
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"id": "s\ud800", "text": seed("002") + " \ud800"}) + "\n", encoding="utf-8")
    out = tmp_path / f"out.{fmt}"
    res = CliRunner().invoke(main, ["score", str(src), "--no-reliability", "-f", fmt, "-o", str(out)])
    assert res.exit_code == 0, res.output
    out.read_text(encoding="utf-8")


def test_report_and_clean_write_lone_surrogates(tmp_path):
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"id": "a", "text": seed("002") + " \ud800"}) + "\n", encoding="utf-8")
    page = tmp_path / "r.html"
    res = CliRunner().invoke(main, ["report", str(src), "--no-reliability", "-o", str(page)])
    assert res.exit_code == 0 and page.stat().st_size > 1000
    cleaned = CliRunner().invoke(main, ["clean", str(src), "--no-reliability", "-f", "jsonl"])
    assert cleaned.exit_code == 0


def test_parquet_columns_of_any_type_are_records_not_failures(tmp_path):
    pa = pytest.importorskip("pyarrow", reason="Parquet needs the parquet extra: pip install '.[parquet]'")
    import pyarrow.parquet as pq

    table = pa.table(
        {
            "id": ["a", "b"],
            "text": [seed("002"), seed("000")],
            "when": [datetime.datetime(2024, 1, 1), datetime.datetime(2024, 1, 2)],
            "day": [datetime.date(2024, 1, 1), None],
            "price": pa.array([decimal.Decimal("1.5"), decimal.Decimal("2.0")], type=pa.decimal128(5, 2)),
            "blob": [b"\x00", b"\x01"],
            "ratio": [math.nan, 1.0],
        }
    )
    src = tmp_path / "in.parquet"
    pq.write_table(table, src)
    keep, reject = tmp_path / "k.jsonl", tmp_path / "r.jsonl"
    res = CliRunner().invoke(
        main, ["filter", str(src), "--keep", str(keep), "--reject", str(reject), "--no-reliability"]
    )
    assert res.exit_code == 0, res.output
    rows = [json.loads(x) for f in (keep, reject) for x in f.read_text().splitlines()]
    assert len(rows) == 2 and {r.get("id", r.get("record", {}).get("id")) for r in rows} == {"a", "b"}


def test_an_unwritable_stats_file_is_exit_4(tmp_path):
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"id": "a", "text": seed("002")}) + "\n", encoding="utf-8")
    res = CliRunner().invoke(main, ["filter", str(src), "--no-reliability", "--stats", str(tmp_path / "no" / "s.json")])
    assert res.exit_code == 4 and "cannot write --stats" in res.output
