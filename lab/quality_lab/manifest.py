"""Writing a trained model the one way the runtime loads it: ``<name>.skops``, its card with the
file's sha256, and both hashes recorded in ``quality/assets/manifest.py`` for shipped models."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from quality.assets import manifest, persist
from quality.assets.models import card_path, manifest_entry
from quality.assets.resources import model_file


def save_model(estimator: Any, card: dict[str, Any], name: str, output: str | Path | None = None) -> Path:
    """Save ``estimator`` and ``card`` (sha256 filled in); when it replaces a shipped model
    (no ``output``), record its hashes in the package's manifest."""
    out = Path(output) if output else model_file(f"{name}.skops")
    card = {**card, "sha256": persist.save(estimator, out)}
    card_path(out).write_text(json.dumps(card, indent=2) + "\n", encoding="utf-8")
    if output is None:
        record(name, out)
    return out


def record(name: str, model_path: Path) -> None:
    """Rewrite ``quality/assets/manifest.py`` with ``name``'s new hashes."""
    shipped = {**manifest.SHIPPED, name: manifest_entry(model_path)}
    path = Path(manifest.__file__)
    text = path.read_text(encoding="utf-8")
    head = text[: text.index("SHIPPED")]
    body = "".join(
        f'    "{n}": {{\n        "model": "{e["model"]}",\n        "card": "{e["card"]}",\n    }},\n'
        for n, e in shipped.items()
    )
    path.write_text(head + "SHIPPED: dict[str, dict[str, str]] = {\n" + body + "}\n", encoding="utf-8")
    assert re.search(rf'"{name}"', path.read_text(encoding="utf-8"))


def news_vectorizer():
    """The news TF-IDF vectorizer's definition (fitted by ``quality build tfidf``)."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    return TfidfVectorizer(
        lowercase=True,
        strip_accents="unicode",
        token_pattern=r"(?u)\b[^\W\d_]{2,}\b",
        stop_words="english",
        min_df=3,
        max_df=0.5,
        max_features=40_000,
        sublinear_tf=True,
    )
