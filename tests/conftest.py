"""Shared fixtures: the seeds, and the switch that makes ../shared tests fail instead of skip."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
SHARED = ROOT.parent / "shared" / "datasets"


def seed(prefix: str) -> str:
    """Text of the seed whose file name starts with ``prefix`` ('000' .. '004')."""
    (path,) = [p for p in SEEDS if p.name.startswith(prefix)]
    return path.read_text(encoding="utf-8")


def require_shared() -> Path:
    """The datasets folder, or a skip with the reason (a failure when QUALITY_REQUIRE_SHARED=1)."""
    root = Path(os.environ.get("QUALITY_DATA", SHARED))
    if not root.is_dir():
        reason = f"needs the labelled datasets at {root} (absent on this machine)"
        if os.environ.get("QUALITY_REQUIRE_SHARED") == "1":
            pytest.fail(reason + "; QUALITY_REQUIRE_SHARED=1 makes this a failure")
        pytest.skip(reason)
    return root


def require_lab():
    """The lab package (training, data-set loaders), or a skip with the reason; a failure when
    QUALITY_REQUIRE_SHARED=1, as CI installs the lab and must run these tests."""
    try:
        import quality_lab
    except ImportError:
        reason = "needs the lab (pip install -e lab), which is not installed"
        if os.environ.get("QUALITY_REQUIRE_SHARED") == "1":
            pytest.fail(reason + "; QUALITY_REQUIRE_SHARED=1 makes this a failure")
        pytest.skip(reason)
    return quality_lab


@pytest.fixture(scope="session")
def scorer():
    from quality import Scorer

    return Scorer()


@pytest.fixture(scope="session")
def seed_reports(scorer):
    return {p.name[:3]: scorer.score(p.read_text(encoding="utf-8"), id=p.name) for p in SEEDS}
