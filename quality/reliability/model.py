"""The reliability classifier: a scikit-learn estimator over articles, and how it is built.

The estimator's input is a list of articles: plain strings, ``(text, title)`` pairs, or
``ScoredText`` (text plus the features the scorer already computed, so scoring pays nothing
twice and cross-validation extracts features once). Inside: article features (detectors +
stylometry, scaled) and, for the ``hybrid`` model, word n-gram TF-IDF, then a classifier,
wrapped in sigmoid probability calibration. ``fit(items, labels)`` / ``predict_proba(items)``.
"""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from sklearn.base import BaseEstimator, TransformerMixin

from quality.reliability.features import STYLE_FEATURES, article_features, vector

LABELS = ("reliable", "mixed", "unreliable")
CANDIDATES = ("logistic", "boosting", "hybrid")


@dataclass
class ScoredText:
    """An article whose features are already known (from scoring it)."""

    text: str
    features: dict[str, float]


def feature_names() -> tuple[str, ...]:
    """Stylometry, then every registered detector's score and features, in a fixed order."""
    from quality.article import parse
    from quality.scorer import Scorer

    probe = parse("Probe text.")
    results = {d.name: d.detect(probe) for d in Scorer(reliability=False).detectors}
    return STYLE_FEATURES + tuple(n for n in article_features(probe, results) if n not in STYLE_FEATURES)


def score_texts(items: Sequence[tuple[str, str | None]]) -> list[ScoredText]:
    """Run the detectors once per article and keep text + features."""
    from quality.article import parse
    from quality.scorer import Scorer

    scorer = Scorer(reliability=False)
    out = []
    for text, title in items:
        article = parse(text, title=title)
        results = {d.name: d.detect(article) for d in scorer.detectors}
        out.append(ScoredText(text, article_features(article, results)))
    return out


def score_texts_parallel(items: Sequence[tuple[str, str | None]], n_jobs: int = 1) -> list[ScoredText]:
    if n_jobs == 1 or len(items) < 200:
        return score_texts(items)
    from joblib import Parallel, delayed

    chunks = [items[i : i + 500] for i in range(0, len(items), 500)]
    return [s for part in Parallel(n_jobs=n_jobs)(delayed(score_texts)(c) for c in chunks) for s in part]


def _as_scored(X) -> list[ScoredText]:
    pending = [
        (i, (x, None) if isinstance(x, str) else tuple(x)) for i, x in enumerate(X) if not isinstance(x, ScoredText)
    ]
    out = list(X)
    for (i, _), scored in zip(pending, score_texts([p for _, p in pending]), strict=True):
        out[i] = scored
    return out


def texts_of(X) -> list[str]:
    """The raw text of each item (for the n-gram branch)."""
    return [x if isinstance(x, str) else x.text if isinstance(x, ScoredText) else x[0] for x in X]


class ArticleFeatures(TransformerMixin, BaseEstimator):
    """Articles -> the feature matrix in a fixed order. Stateless apart from the names."""

    def fit(self, X, y=None):
        self.feature_names_ = feature_names()
        return self

    def transform(self, X) -> np.ndarray:
        return np.asarray([vector(s.features, self.feature_names_) for s in _as_scored(X)], dtype=float)

    def get_feature_names_out(self, input_features=None):
        return np.asarray(self.feature_names_, dtype=object)


def make_classifier(kind: str = "hybrid"):
    """Features -> classifier, calibrated (3-fold sigmoid); input is a list of articles."""
    from sklearn.calibration import CalibratedClassifierCV
    from sklearn.ensemble import HistGradientBoostingClassifier
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import FeatureUnion, Pipeline
    from sklearn.preprocessing import FunctionTransformer, StandardScaler

    article = Pipeline([("features", ArticleFeatures()), ("scale", StandardScaler())])
    if kind == "logistic":
        steps = [("features", article), ("model", LogisticRegression(C=0.3, class_weight="balanced", max_iter=3000))]
    elif kind == "boosting":
        model = HistGradientBoostingClassifier(
            learning_rate=0.05, max_iter=300, max_leaf_nodes=15, l2_regularization=1.0, class_weight="balanced"
        )
        steps = [("features", article), ("model", model)]
    elif kind == "hybrid":
        ngrams = Pipeline(
            [
                ("text", FunctionTransformer(texts_of)),
                ("tfidf", TfidfVectorizer(min_df=3, max_features=30_000, sublinear_tf=True, ngram_range=(1, 2))),
            ]
        )
        union = FeatureUnion([("article", article), ("ngrams", ngrams)])
        steps = [("features", union), ("model", LogisticRegression(C=1.0, class_weight="balanced", max_iter=3000))]
    else:
        raise ValueError(f"unknown classifier {kind!r}; choose one of {', '.join(CANDIDATES)}")
    return CalibratedClassifierCV(Pipeline(steps), method="sigmoid", cv=3)


def cap_per_group(groups: Sequence[str], cap: int, seed: int = 0) -> list[int]:
    """Indices keeping at most ``cap`` articles per outlet, so a few big outlets do not dominate."""
    by_group: dict[str, list[int]] = defaultdict(list)
    for i, g in enumerate(groups):
        by_group[g].append(i)
    rng = random.Random(seed)
    keep: list[int] = []
    for g in sorted(by_group):
        idx = by_group[g]
        keep.extend(sorted(rng.sample(idx, cap)) if len(idx) > cap else idx)
    return sorted(keep)


def reliable_column(classes) -> int:
    return list(classes).index("reliable")


@dataclass
class LinearFold:
    """One calibration fold's features step, column names and reliable-class coefficients."""

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

    Linear models: coefficient x transformed value (log-odds), averaged over the calibration
    folds; n-grams appear as ``ngram:<term>``. Boosting: change in P(reliable) when the
    feature is reset to its training mean. Pass ``folds`` from ``linear_folds`` to reuse them."""
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
    probes = [item] + [ScoredText(item.text, item.features | {n: m}) for n, m in means.items()]
    col = reliable_column(estimator.classes_)
    p = estimator.predict_proba(probes)[:, col]
    deltas = dict(zip(means, p[0] - p[1:], strict=True))
    ranked = sorted(deltas.items(), key=lambda kv: -abs(kv[1]))[:top]
    return [(n, float(item.features.get(n, 0.0)), float(c)) for n, c in ranked]
