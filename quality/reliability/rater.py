"""The shipped reliability model at scoring time: text score, drivers, domain rating, decision."""

from __future__ import annotations

import json
import warnings
from collections.abc import Mapping
from pathlib import Path

from quality import persist
from quality.article import Article
from quality.reliability.features import article_features
from quality.reliability.model import ScoredText, drivers, reliable_column
from quality.reliability.ratings import DomainRating, lookup
from quality.report import DetectorResult, Driver, Reliability

MODEL_FILE = "reliability.skops"
CARD_FILE = "reliability.card.json"
# What a published domain rating says, as a probability that the source is reliable.
RATING_PRIOR = {"reliable": 0.9, "mixed": 0.5, "unreliable": 0.1}


def card_path(model_path: Path) -> Path:
    return model_path.with_name(model_path.name.replace(".skops", "") + ".card.json")


class Rater:
    """Rates an article's source from its text (the trained model) and its domain (published ratings)."""

    def __init__(self, estimator, card: Mapping):
        self.estimator = estimator
        self.card = dict(card)
        self.reliable_col = reliable_column(estimator.classes_)

    @classmethod
    def load(cls, path: str | Path | None = None) -> Rater:
        """Load a model and its card; refuse a file whose sha256 differs from the card's."""
        from quality.resources import model_file

        model_path = Path(path) if path else model_file(MODEL_FILE)
        card_file = card_path(model_path)
        if not card_file.is_file():
            raise persist.ModelFileError(f"{model_path}: no model card at {card_file}; refusing an unvouched model")
        card = json.loads(card_file.read_text(encoding="utf-8"))
        estimator = persist.load(model_path, expected_sha256=card.get("sha256"))
        _check_versions(card, model_path)
        return cls(estimator, card)

    def rate(self, article: Article, results: Mapping[str, DetectorResult]) -> Reliability:
        item = ScoredText(article.text, article_features(article, results))
        proba = self.estimator.predict_proba([item])[0]
        text_score = float(proba[self.reliable_col])
        text_label = str(self.estimator.classes_[int(proba.argmax())])
        pushes = [Driver(name, round(value, 4), round(push, 4)) for name, value, push in drivers(self.estimator, item)]
        rating = lookup(article.source)
        label, score, decided_by = decide(text_label, text_score, rating)
        return Reliability(
            label=label,
            score=round(score, 4),
            text_score=round(text_score, 4),
            drivers=pushes,
            domain_rating=rating.to_dict() if rating else None,
            decided_by=decided_by,
        )


def decide(text_label: str, text_score: float, rating: DomainRating | None) -> tuple[str, float, str]:
    """Combine text and domain evidence. A published rating of the outlet outweighs one article's
    style: it sets the label, and the score averages the rating's prior with the text score."""
    if rating is None:
        return text_label, text_score, "text"
    score = (RATING_PRIOR[rating.label] + text_score) / 2
    return rating.label, score, ("text+domain" if rating.label == text_label else "domain")


def _check_versions(card: Mapping, path: Path) -> None:
    import sklearn

    trained = card.get("versions", {}).get("scikit-learn")
    if trained and trained.split(".")[:2] != sklearn.__version__.split(".")[:2]:
        warnings.warn(
            f"{path}: trained with scikit-learn {trained}, running {sklearn.__version__}; "
            "predictions may differ (retrain with `quality train`)",
            stacklevel=3,
        )
