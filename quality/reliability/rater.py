"""The shipped reliability model at scoring time: text score, drivers, domain rating, decision."""

from __future__ import annotations

import warnings
from collections.abc import Mapping, Sequence
from pathlib import Path

from quality.assets import persist
from quality.core.article import Article
from quality.core.policy import DEFAULT, Policy
from quality.core.report import DetectorResult, Driver, Reliability
from quality.reliability.features import article_features, detector_features
from quality.reliability.model import ScoredText, drivers, linear_folds, reliable_column
from quality.reliability.ratings import DomainRating, lookup

NAME = "reliability"
MODEL_FILE = "reliability.skops"


def scored_text(article: Article, results: Mapping[str, DetectorResult], style: bool = True) -> ScoredText:
    """What the model reads of a scored article: features and tokens from the one parse.
    ``style=False`` skips the stylometry counts and the word list, for models that read only
    the text and the detectors (the evidence model tokenises the text itself)."""
    if not style:
        return ScoredText(article.text, detector_features(results))
    return ScoredText(article.text, article_features(article, results), article.lower_tokens)


class Rater:
    """Rates an article's source from its text (the trained model) and its domain (published ratings)."""

    def __init__(self, estimator, card: Mapping, policy: Policy = DEFAULT):
        self.estimator = estimator
        self.card = dict(card)
        self.policy = policy
        self.reliable_col = reliable_column(estimator.classes_)
        self.folds = linear_folds(estimator)
        self.style = getattr(estimator, "reads_style", True)
        self.min_words = (self.card.get("training_words") or {}).get("p10")
        if hasattr(estimator, "flag_at"):  # the defect evidence counts a defect where the policy says it flags
            estimator.flag_at = policy.flag_at

    @classmethod
    def load(cls, path: str | Path | None = None, policy: Policy = DEFAULT) -> Rater:
        """The shipped model (checked against the package's own hashes) or the model at ``path``
        (checked against its card); refuse anything else."""
        from quality.assets import models

        loaded = models.load(NAME) if path is None else models.load(path=path)
        estimator, card, model_path = loaded.estimator, loaded.card, loaded.path
        if not (hasattr(estimator, "predict_proba") and "reliable" in list(getattr(estimator, "classes_", []))):
            raise persist.ModelFileError(f"{model_path}: not a reliability classifier (no reliable class)")
        _check_versions(card, model_path)
        return cls(estimator, card, policy)

    def warnings(self, article: Article, rating: Reliability) -> list[str]:
        """What the reader should know about this rating. When the text decided it (no published
        rating did) and the article is shorter than 90% of the model's training articles: there
        the model has seen few texts, mostly unreliable ones, and calls most short news unreliable
        (README, "Source reliability")."""
        if not self.min_words or rating.decided_by != "text":
            return []
        words = len(article.text.split())
        if words >= self.min_words:
            return []
        return [
            f"reliability: {words} words, shorter than 90% of the model's training articles "
            f"({self.min_words}+ words); its label is weak on short texts"
        ]

    def rate(self, article: Article, results: Mapping[str, DetectorResult]) -> Reliability:
        return self.rate_many([(article, results)])[0]

    def rate_many(
        self, scored: Sequence[tuple[Article, Mapping[str, DetectorResult]]], explain: bool = True
    ) -> list[Reliability]:
        """Rate a batch with one model call: scikit-learn's per-call overhead dwarfs one article.
        ``explain=False`` skips the drivers (a fifth of the cost) for pipelines that drop them."""
        items = [scored_text(a, r, self.style) for a, r in scored]
        with _trusted_inputs():
            if hasattr(self.estimator, "explained"):  # probabilities and drivers from one feature pass
                proba, pushes = self.estimator.explained(items, top=5 if explain else 0)
            else:
                proba = self.estimator.predict_proba(items)
                pushes = drivers(self.estimator, items, folds=self.folds) if explain else [[] for _ in items]
        calibrated = getattr(self.estimator, "calibrated", lambda p: p)(proba[:, self.reliable_col])
        out = []
        for (article, _), score_p, push in zip(scored, calibrated, pushes, strict=True):
            text_score = float(score_p)
            rating = lookup(article.source)
            label, score, decided_by = decide(text_score, rating, self.policy)
            out.append(
                Reliability(
                    label=label,
                    score=round(score, 4),
                    text_score=round(text_score, 4),
                    drivers=[Driver(n, round(v, 4), round(c, 4)) for n, v, c in push],
                    domain_rating=rating.to_dict() if rating else None,
                    decided_by=decided_by,
                )
            )
        return out


def decide(text_score: float, rating: DomainRating | None, policy: Policy = DEFAULT) -> tuple[str, float, str]:
    """The policy's one rule (:meth:`Policy.reliability`): a published rating of the outlet
    decides; without one, the text is evidence that can only count against the source."""
    return policy.reliability(text_score, rating.probability(policy.rating_prior) if rating else None)


def _check_versions(card: Mapping, path: Path) -> None:
    import sklearn

    trained = card.get("versions", {}).get("scikit-learn")
    if trained and trained.split(".")[:2] != sklearn.__version__.split(".")[:2]:
        warnings.warn(
            f"{path}: trained with scikit-learn {trained}, running {sklearn.__version__}; "
            "predictions may differ (retrain with `quality train`)",
            stacklevel=3,
        )


def _trusted_inputs():
    """scikit-learn re-checks every input for NaN/inf and every parameter on each call, a fixed
    cost that is a third of the model's time on one article; our matrices come from the fitted
    vectorizer, so the checks are skipped for these calls only."""
    import sklearn

    return sklearn.config_context(assume_finite=True, skip_parameter_validation=True)
