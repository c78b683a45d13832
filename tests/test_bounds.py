"""Bounds that hold before the work: a compressed page is never decompressed past --max-bytes,
and a damaged or truncated one is a named error, not a traceback or a shortened page."""

from __future__ import annotations

import gzip
import random

import pytest

from quality.core.document import Document, InputError
from quality.io.pages import read_html_file, resolve


def test_a_gzip_bomb_page_is_refused_without_expanding_it(tmp_path):
    bomb = tmp_path / "bomb.html.gz"
    with gzip.open(bomb, "wb") as fh:
        for _ in range(64):
            fh.write(b"\0" * (1 << 20))  # 64 MB of zeros in a few dozen KB
    item = resolve(read_html_file(bomb, None, max_bytes=1_000_000))
    assert isinstance(item, InputError) and item.kind == "too_large"


def test_a_truncated_or_damaged_page_archive_is_a_named_error(tmp_path):
    words = " ".join(random.Random(0).choice(["council", "vote", "budget", "Monday", "said"]) for _ in range(20000))
    data = gzip.compress(f"<html><body><p>{words}</p></body></html>".encode())
    cut = tmp_path / "cut.html.gz"
    cut.write_bytes(data[: len(data) // 2])
    item = resolve(read_html_file(cut, None, max_bytes=10_000_000))
    assert isinstance(item, InputError) and item.kind == "truncated_archive" and "cut.html.gz" in item.message
    bad = bytearray(data)
    bad[len(bad) // 2] ^= 0xFF
    damaged = tmp_path / "bad.html.gz"
    damaged.write_bytes(bytes(bad))
    item = resolve(read_html_file(damaged, None, max_bytes=10_000_000))
    assert isinstance(item, InputError) and item.kind == "damaged_archive"  # never an altered page


def _hang() -> None:
    while True:  # pure Python, as a runaway regular expression or extraction loop is
        pass


SEED_TEXT = (
    "The council voted 7-2 on Monday to close the Elm Street bridge for repairs, the mayor said. "
    "Work will start in March and cost $4.2 million, according to the city engineer's report."
)


def test_a_detector_that_runs_away_is_stopped_inside_the_budget(monkeypatch):
    """The budget is checked between detectors and also enforced inside one: a detector that
    never returns costs its own document a named error, not the run."""
    from quality.core.policy import Policy
    from quality.detectors.filler import Filler
    from quality.pipeline.scorer import Scorer

    scorer = Scorer(Policy(time_budget=0.3), reliability=False)
    original = Filler.detect
    monkeypatch.setattr(Filler, "detect", lambda self, a: _hang() if "HANG" in a.text else original(self, a))
    hung, fine = scorer.score_many([SEED_TEXT + " HANG", SEED_TEXT])
    assert hung.error_kind == "time_budget" and "at detector filler" in hung.error
    assert fine.error is None and fine.verdict in {"keep", "review"}


def test_a_reliability_model_that_hangs_on_one_text_costs_only_that_report():
    """A user's model with a hostile setting (a token pattern that backtracks forever) hangs on
    some texts: the batch call is stopped, each article is rated alone inside its own budget,
    and only the one that hangs becomes an error."""
    from quality.core.policy import Policy
    from quality.pipeline.scorer import Scorer

    class Hostile:
        def __init__(self, real):
            self.real = real

        def rate_many(self, scored, explain=True):
            if any("HANG" in article.text for article, _ in scored):
                _hang()
            return self.real.rate_many(scored, explain)

        def warnings(self, article, rating):
            return self.real.warnings(article, rating)

    scorer = Scorer(Policy(time_budget=0.3))
    scorer.rater = Hostile(scorer.rater)
    first, hung, last = scorer.score_many([SEED_TEXT, SEED_TEXT + " HANG", SEED_TEXT])
    assert hung.error_kind == "time_budget" and "reliability model" in hung.error
    assert first.reliability is not None and last.reliability is not None


def test_a_parquet_row_over_max_bytes_is_refused_before_it_is_built(tmp_path):
    """A few kilobytes of Parquet can stand for gigabytes of text (one long value repeated
    through the column's dictionary): each row is measured on the dictionary, and a row over
    --max-bytes is a named error; the rows around it are read as usual."""
    pa = pytest.importorskip("pyarrow", reason="Parquet needs the parquet extra: pip install '.[parquet]'")
    import pyarrow.parquet as pq

    from quality.io.readers import ReadOptions, read_inputs

    huge = "Officials counted ballots all night. " * 60_000  # 2.2 MB, stored once in the dictionary
    texts = [SEED_TEXT, *[huge] * 500, SEED_TEXT]
    path = tmp_path / "rows.parquet"
    pq.write_table(pa.table({"id": [f"r{i}" for i in range(len(texts))], "text": texts}), path, compression="zstd")
    assert path.stat().st_size < 200_000
    items = list(read_inputs([str(path)], ReadOptions(max_bytes=1_000_000)))
    assert len(items) == 502
    assert isinstance(items[0], Document) and isinstance(items[-1], Document)
    assert {i.kind for i in items[1:-1]} == {"too_large"} and "row 2" in items[1].message
