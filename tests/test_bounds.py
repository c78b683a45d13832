"""Bounds that hold before the work: a compressed page is never decompressed past --max-bytes,
and a damaged or truncated one is a named error, not a traceback or a shortened page."""

from __future__ import annotations

import gzip
import random

from quality.core.document import InputError
from quality.io.pages import read_html_file


def test_a_gzip_bomb_page_is_refused_without_expanding_it(tmp_path):
    bomb = tmp_path / "bomb.html.gz"
    with gzip.open(bomb, "wb") as fh:
        for _ in range(64):
            fh.write(b"\0" * (1 << 20))  # 64 MB of zeros in a few dozen KB
    item = read_html_file(bomb, None, max_bytes=1_000_000)
    assert isinstance(item, InputError) and item.kind == "too_large"


def test_a_truncated_or_damaged_page_archive_is_a_named_error(tmp_path):
    words = " ".join(random.Random(0).choice(["council", "vote", "budget", "Monday", "said"]) for _ in range(20000))
    data = gzip.compress(f"<html><body><p>{words}</p></body></html>".encode())
    cut = tmp_path / "cut.html.gz"
    cut.write_bytes(data[: len(data) // 2])
    item = read_html_file(cut, None, max_bytes=10_000_000)
    assert isinstance(item, InputError) and item.kind == "truncated_archive" and "cut.html.gz" in item.message
    bad = bytearray(data)
    bad[len(bad) // 2] ^= 0xFF
    damaged = tmp_path / "bad.html.gz"
    damaged.write_bytes(bytes(bad))
    item = read_html_file(damaged, None, max_bytes=10_000_000)
    assert isinstance(item, InputError) and item.kind == "damaged_archive"  # never an altered page
