"""Outlet ratings: the aggregation rule and `quality source`."""

from __future__ import annotations

import json

from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

import quality
from quality.cli import main
from quality.core.policy import DEFAULT
from quality.pipeline.source import beta_rating
from tests.conftest import SEEDS, seed


def test_one_junk_in_fifty_says_less_than_ten():
    one = beta_rating([0.9] * 49 + [0.05])[0]
    ten = beta_rating([0.9] * 40 + [0.05] * 10)[0]
    assert one > ten
    assert DEFAULT.label(one) == "reliable"


def test_interval_narrows_with_more_articles():
    widths = [hi - lo for _, (lo, hi) in (beta_rating([0.8] * n) for n in (1, 3, 10, 30))]
    assert widths == sorted(widths, reverse=True)
    assert widths[0] > 0.4 and widths[-1] < 0.25


@given(st.lists(st.floats(0, 1), max_size=60))
def test_rating_is_a_probability_with_a_sane_interval(ps):
    score, (lo, hi) = beta_rating(ps)
    assert 0 <= lo <= score <= hi <= 1


def test_rate_source_api_on_seeds(scorer):
    rating = quality.rate_source([seed("001"), seed("003")], domain="https://www.unknown-farm.example/x", scorer=scorer)
    assert rating.domain == "unknown-farm.example" and rating.articles == 2
    assert rating.uncertain and rating.published is None and rating.agrees is None
    assert rating.defect_shares["template sections"] == 1.0
    assert rating.worst[0]["id"] == "1"  # seed 003 is the worst


def test_cli_groups_by_domain_and_reports_published_rating(tmp_path):
    rows = [
        {"id": p.name, "text": p.read_text(encoding="utf-8"), "url": "https://www.reuters.com/a"} for p in SEEDS[:2]
    ]
    rows.append({"id": "x", "text": seed("003"), "url": "https://m.farm.example/b"})
    src = tmp_path / "in.jsonl"
    src.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    res = CliRunner().invoke(main, ["source", "--jsonl", str(src), "--format", "jsonl"])
    assert res.exit_code == 0, res.output
    out = {r["domain"]: r for r in map(json.loads, res.stdout.splitlines())}
    assert set(out) == {"reuters.com", "farm.example"}
    assert out["reuters.com"]["articles"] == 2 and out["reuters.com"]["published"]["label"] == "reliable"
    assert out["farm.example"]["published"] is None
    res = CliRunner().invoke(main, ["source", str(SEEDS[0])])
    assert res.exit_code == 2 and "--domain" in res.output
