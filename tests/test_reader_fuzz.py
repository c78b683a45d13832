"""Fuzzing the readers of every format, for a bounded time in the normal suite: whatever bytes a
file holds, reading it yields Documents and named errors only, never an exception, and scoring
what was read never raises. ``QUALITY_LONG_FUZZ=1`` runs many more examples."""

from __future__ import annotations

import gzip
import io
import json
import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quality.core.document import Document, InputError
from quality.io.pages import PendingPage, resolve
from quality.io.readers import ReadOptions, read_inputs

EXAMPLES = 2000 if os.environ.get("QUALITY_LONG_FUZZ") == "1" else 25
FUZZ = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
SMALL = ReadOptions(max_bytes=200_000)


def _read_all(path) -> list:
    read = list(read_inputs([str(path)], SMALL))
    assert all(isinstance(i, Document | InputError | PendingPage) for i in read)
    items = [resolve(i, budget=20.0) for i in read]  # pages are extracted where they are scored
    assert all(isinstance(i, Document | InputError) for i in items)
    assert all(i.message for i in items if isinstance(i, InputError))
    return items


def _score(scorer, items) -> None:
    reports = scorer.score_many(items)
    assert len(reports) == len(items)


def _jsonl_lines():
    record = st.dictionaries(
        st.sampled_from(["id", "text", "url", "html", "title", "x"]),
        st.none() | st.text(max_size=60) | st.integers() | st.floats() | st.lists(st.integers(), max_size=3),
        max_size=5,
    )
    line = st.one_of(record.map(json.dumps), st.text(max_size=80))
    return st.lists(line, max_size=8).map(lambda lines: "\n".join(lines).encode("utf-8", "surrogatepass"))


@pytest.mark.parametrize("suffix", [".txt", ".html", ".warc", ".parquet", ".jsonl"])
@FUZZ
@given(data=st.binary(max_size=3000))
def test_any_bytes_in_any_format(tmp_path, scorer, suffix, data):
    if suffix in (".html", ".warc"):
        pytest.importorskip("trafilatura", reason="pages need the html extra")
    path = tmp_path / f"in{suffix}"
    path.write_bytes(data)
    _score(scorer, [i for i in _read_all(path) if isinstance(i, Document)])


@pytest.mark.parametrize("suffix", [".jsonl", ".jsonl.gz", ".jsonl.zst"])
@FUZZ
@given(payload=_jsonl_lines(), cut=st.floats(0.0, 1.0), flip=st.integers(0, 10_000))
def test_records_damaged_or_cut_in_any_archive(tmp_path, scorer, suffix, payload, cut, flip):
    data = payload
    if suffix == ".jsonl.gz":
        data = gzip.compress(payload)
    elif suffix == ".jsonl.zst":
        zstandard = pytest.importorskip("zstandard", reason=".zst needs the zstd extra")
        data = zstandard.ZstdCompressor(write_checksum=True).compress(payload)
    data = bytearray(data[: max(1, int(len(data) * cut))] if cut < 0.95 else data)
    if flip % 3 == 0 and data:
        data[flip % len(data)] ^= 0x10
    path = tmp_path / f"in{suffix}"
    path.write_bytes(bytes(data))
    _score(scorer, [i for i in _read_all(path) if isinstance(i, Document)])


@FUZZ
@given(body=st.binary(max_size=2000), ctype=st.sampled_from(["text/html", "image/png", "", "text/html; charset=x"]))
def test_warc_records_with_any_payload(tmp_path, scorer, body, ctype):
    pytest.importorskip("warcio", reason="WARC needs the warc extra")
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=True)
    headers = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.1")
    writer.write_record(writer.create_warc_record("https://example.org/a", "response", payload=io.BytesIO(body),
                                                  http_headers=headers))  # fmt: skip
    path = tmp_path / "crawl.warc.gz"
    path.write_bytes(buf.getvalue())
    _score(scorer, [i for i in _read_all(path) if isinstance(i, Document)])
