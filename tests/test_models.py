"""Every shipped model loads the one way, and only as shipped: the package holds the sha256 of
each model file and card, so a model swapped together with its card, a card whose threshold
was edited, or a damaged file is refused with one line, never used or silently skipped."""

from __future__ import annotations

import json
import shutil

import pytest
from click.testing import CliRunner

from quality.assets import models, persist
from quality.assets.manifest import SHIPPED
from quality.assets.resources import model_file


@pytest.mark.parametrize("name", sorted(SHIPPED))
def test_every_shipped_model_loads_with_its_card(name):
    loaded = models.load(name)
    assert loaded.card["sha256"] == persist.sha256(loaded.path) == SHIPPED[name]["model"]
    assert hasattr(loaded.estimator, "transform") or hasattr(loaded.estimator, "predict_proba")


@pytest.fixture
def shipped_copy(tmp_path, monkeypatch):
    """The shipped models folder copied, and the package pointed at the copy, so a test can
    tamper with files without touching the installation."""
    folder = tmp_path / "models"
    shutil.copytree(model_file("reliability.skops").parent, folder, ignore=shutil.ignore_patterns("caption_*"))
    monkeypatch.setattr(models, "model_file", lambda name: folder / name)
    return folder


def test_a_model_swapped_together_with_its_card_is_refused(shipped_copy):
    other = shipped_copy / "news_tfidf.skops"  # a genuine skops file, with a card that vouches for it
    shutil.copy(other, shipped_copy / "chrome_lines.skops")
    card = json.loads((shipped_copy / "chrome_lines.card.json").read_text())
    card["sha256"] = persist.sha256(other)
    (shipped_copy / "chrome_lines.card.json").write_text(json.dumps(card))
    with pytest.raises(persist.ModelFileError, match="not the chrome_lines model this package shipped"):
        models.load("chrome_lines")


def test_an_edited_threshold_in_a_card_is_refused(shipped_copy):
    card = json.loads((shipped_copy / "chrome_lines.card.json").read_text())
    card["threshold"] = 0.0
    (shipped_copy / "chrome_lines.card.json").write_text(json.dumps(card, indent=2) + "\n")
    with pytest.raises(persist.ModelFileError, match="chrome_lines card this package shipped"):
        models.load("chrome_lines")


def test_a_tampered_chrome_model_stops_the_run_instead_of_being_skipped(shipped_copy):
    from quality.detectors import chrome_lines
    from quality.pipeline.scorer import Scorer

    data = bytearray((shipped_copy / "chrome_lines.skops").read_bytes())
    data[len(data) // 2] ^= 0xFF
    (shipped_copy / "chrome_lines.skops").write_bytes(bytes(data))
    chrome_lines.shipped.cache_clear()
    try:
        with pytest.raises(persist.ModelFileError, match="sha256 differs"):
            Scorer(reliability=False)
        from quality.cli import main

        res = CliRunner().invoke(main, ["score", "-", "--no-reliability"], input="Some text.")
        assert res.exit_code == 3 and "chrome_lines" in res.output
    finally:
        chrome_lines.shipped.cache_clear()


def test_a_users_own_model_is_checked_against_its_own_card(tmp_path):
    path = tmp_path / "mine.skops"
    shutil.copy(model_file("news_tfidf.skops"), path)
    with pytest.raises(persist.ModelFileError, match="no model card"):
        models.load(path=path)
    models.card_path(path).write_text(json.dumps({"sha256": persist.sha256(path)}))
    assert models.load(path=path).estimator is not None
