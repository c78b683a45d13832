"""The reliability classifier at run time: its input type, its feature steps, and its drivers.

The estimator's input is a list of ``ScoredText``: an article's detector + stylometry
features and its word tokens, both taken from the one parse the scorer already made, so
scoring pays for nothing twice. Inside: scaled article features and word 1–2-gram TF-IDF
over those same tokens, a logistic regression, and one sigmoid calibration
(``ensemble=False``): one feature transform per batch. How it is trained lives in
:mod:`quality.reliability.training`, which imports this module, never the reverse.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import numpy as np
from sklearn.base import BaseEstimator, TransformerMixin

from quality.reliability.features import vector

LABELS = ("reliable", "mixed", "unreliable")


@dataclass
class ScoredText:
    """An article as the model sees it: its features (from scoring it) and its lower-case words."""

    text: str
    features: dict[str, float]
    tokens: list[str] = field(default_factory=list)


def ngrams(item: ScoredText) -> list[str]:
    """Words of two or more characters and their bigrams: the TF-IDF analyzer (no re-tokenising)."""
    words = [w for w in item.tokens if len(w) > 1]
    return words + [f"{a} {b}" for a, b in zip(words, words[1:], strict=False)]


class ArticleFeatures(TransformerMixin, BaseEstimator):
    """Articles -> the feature matrix in a fixed order (``names``, set by training)."""

    def __init__(self, names: tuple[str, ...] = ()):
        self.names = names

    def fit(self, X, y=None):
        self.feature_names_ = tuple(self.names)
        return self

    def transform(self, X) -> np.ndarray:
        return np.asarray([vector(s.features, self.feature_names_) for s in X], dtype=float)

    def get_feature_names_out(self, input_features=None):
        return np.asarray(self.feature_names_, dtype=object)


def reliable_column(classes) -> int:
    return list(classes).index("reliable")


@dataclass
class LinearFold:
    """A fitted pipeline's features step, column names and reliable-class coefficients."""

    features: object
    names: list[str]
    coef: np.ndarray


def linear_folds(estimator) -> list[LinearFold] | None:
    """What linear drivers need, computed once per loaded model (names are 30k strings)."""
    folds = []
    for calibrated in estimator.calibrated_classifiers_:
        pipe = calibrated.estimator
        model = pipe.named_steps["model"]
        if not hasattr(model, "coef_"):
            return None
        names = _feature_names_out(pipe.named_steps["features"])
        folds.append(LinearFold(pipe.named_steps["features"], names, model.coef_[reliable_column(model.classes_)]))
    return folds


def drivers(estimator, items: list[ScoredText], top: int = 5, folds: list[LinearFold] | None = None):
    """Per item, the features that pushed P(reliable) most, as (name, value, contribution).

    Linear models: coefficient x transformed value (log-odds); n-grams appear as
    ``ngram:<term>``. Boosting: change in P(reliable) when the feature is reset to its
    training mean. Pass ``folds`` from ``linear_folds`` to reuse them."""
    folds = folds if folds is not None else linear_folds(estimator)
    if folds is None:
        return [_occlusion(estimator, item, top) for item in items]
    totals: list[dict[str, float]] = [defaultdict(float) for _ in items]
    for fold in folds:
        matrix = fold.features.transform(items)
        rows = matrix.tocsr() if hasattr(matrix, "tocsr") else _dense_rows(np.asarray(matrix))
        for k in range(len(items)):
            row = rows[k]
            idx, values = (row.indices, row.data) if hasattr(row, "indices") else row
            for i, v in zip(idx, values, strict=True):
                totals[k][fold.names[i]] += fold.coef[i] * v / len(folds)
    out = []
    for item, total in zip(items, totals, strict=True):
        ranked = sorted(total.items(), key=lambda kv: -abs(kv[1]))[:top]
        out.append([(name, float(item.features.get(name, 1.0)), float(c)) for name, c in ranked])
    return out


def _dense_rows(matrix: np.ndarray) -> list[tuple[np.ndarray, np.ndarray]]:
    return [(np.flatnonzero(r), r[np.flatnonzero(r)]) for r in matrix]


def _feature_names_out(features) -> list[str]:
    """Column names of the features step: article features, then ``ngram:<term>`` for the hybrid."""
    if hasattr(features, "transformer_list"):
        return [n for _, branch in features.transformer_list for n in _feature_names_out(branch)]
    steps = dict(features.steps)
    if "tfidf" in steps:
        return ["ngram:" + t for t in steps["tfidf"].get_feature_names_out()]
    return list(steps["features"].feature_names_)


def _occlusion(estimator, item: ScoredText, top: int):
    means: dict[str, float] = getattr(estimator, "feature_means_", {})
    probes = [item] + [ScoredText(item.text, item.features | {n: m}, item.tokens) for n, m in means.items()]
    col = reliable_column(estimator.classes_)
    p = estimator.predict_proba(probes)[:, col]
    deltas = dict(zip(means, p[0] - p[1:], strict=True))
    ranked = sorted(deltas.items(), key=lambda kv: -abs(kv[1]))[:top]
    return [(n, float(item.features.get(n, 0.0)), float(c)) for n, c in ranked]
