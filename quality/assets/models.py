"""One way to load every shipped model: ``<name>.skops`` beside ``<name>.card.json``.

The card describes the model (data, measures, its cut-off) and holds the model file's sha256.
For the models this package ships, both files are also checked against sha256s the package
itself holds (:mod:`quality.assets.manifest`), so a model swapped together with its card, or a
card whose threshold was edited, is refused, never silently used or skipped. A model a user
points at (``--model``) is checked against its own card only.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from quality.assets import persist
from quality.assets.manifest import SHIPPED
from quality.assets.persist import ModelFileError
from quality.assets.resources import model_file


@dataclass
class LoadedModel:
    """A fitted estimator, its card, and where it came from."""

    estimator: Any
    card: dict[str, Any]
    path: Path


def card_path(model_path: Path) -> Path:
    return model_path.with_name(model_path.name.removesuffix(".skops") + ".card.json")


def read_card(model_path: Path) -> dict[str, Any]:
    """The model's card; a missing or unreadable card, or one without a sha256, is refused."""
    path = card_path(model_path)
    if not path.is_file():
        raise ModelFileError(f"{model_path}: no model card at {path}; refusing an unvouched model")
    try:
        card = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ModelFileError(f"{path}: not a readable model card ({exc})") from None
    if not isinstance(card, dict) or not isinstance(card.get("sha256"), str):
        raise ModelFileError(f"{path}: the card has no sha256; refusing an unvouched model")
    return card


def load(name: str | None = None, *, path: str | Path | None = None) -> LoadedModel:
    """The shipped model ``name`` (checked against the package's own hashes), or the model at
    ``path`` (checked against its card)."""
    if (name is None) == (path is None):
        raise ValueError("give a shipped model's name or a path")
    model_path = Path(path) if path is not None else model_file(f"{name}.skops")
    if name is not None:
        _check_shipped(name, model_path)
    card = read_card(model_path)
    estimator = persist.load(model_path, expected_sha256=card["sha256"])
    return LoadedModel(estimator, card, model_path)


def _check_shipped(name: str, model_path: Path) -> None:
    expected = SHIPPED.get(name)
    if expected is None:
        raise ModelFileError(f"{name}: not a model this package ships")
    for kind, path in (("model", model_path), ("card", card_path(model_path))):
        if not path.is_file():
            raise ModelFileError(f"{path}: the shipped {name} {kind} is missing; reinstall quality")
        if persist.sha256(path) != expected[kind]:
            raise ModelFileError(
                f"{path}: not the {name} {kind} this package shipped (sha256 differs); refusing to load it "
                "(reinstall quality, or load your own model with --model)"
            )


class CutoffModel:
    """A shipped binary classifier with the cut-off its card names (``name``: the model's file
    stem). Subclasses turn their inputs into rows; :meth:`positive` is P(class 1) per row."""

    name = ""

    def __init__(self, estimator: Any, threshold: float):
        self.estimator = estimator
        self.threshold = threshold

    @classmethod
    def load(cls):
        loaded = load(cls.name)
        return cls(loaded.estimator, float(loaded.card["threshold"]))

    def positive(self, rows: list) -> Any:
        import numpy as np

        if not rows:
            return np.zeros(0)
        return self.estimator.predict_proba(rows)[:, list(self.estimator.classes_).index(1)]


def manifest_entry(model_path: Path) -> dict[str, str]:
    """The hashes to record in :mod:`quality.assets.manifest` after (re)training a model."""
    return {"model": persist.sha256(model_path), "card": persist.sha256(card_path(model_path))}
