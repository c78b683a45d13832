"""The reliability classifier: a scikit-learn Pipeline over article features, and how it is trained.

``ArticleFeatures`` turns texts into the feature matrix (detectors + stylometry), so the shipped
``Pipeline`` is a normal estimator: ``fit(texts, labels)`` / ``predict_proba(texts)``. At
scoring time the scorer has already run the detectors, so it feeds the precomputed vector to
``pipeline[1:]`` and pays nothing twice.
"""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Sequence

import numpy as np
from sklearn.base import BaseEstimator, TransformerMixin

from quality.reliability.features import STYLE_FEATURES, article_features, vector

LABELS = ("reliable", "mixed", "unreliable")
CANDIDATES = ("logistic", "boosting")


def feature_names() -> tuple[str, ...]:
    """Stylometry, then every registered detector's score and features, in a fixed order."""
    from quality.article import parse
    from quality.scorer import Scorer

    probe = Scorer(reliability=False)
    results = {d.name: d.detect(parse("Probe text.")) for d in probe.detectors}
    detector = [name for name in article_features(parse("Probe text."), results) if name not in STYLE_FEATURES]
    return STYLE_FEATURES + tuple(detector)


def _features_of(items: Sequence[tuple[str, str | None]], names: tuple[str, ...]) -> list[list[float]]:
    from quality.article import parse
    from quality.scorer import Scorer

    scorer = Scorer(reliability=False)
    rows = []
    for text, title in items:
        article = parse(text, title=title)
        results = {d.name: d.detect(article) for d in scorer.detectors}
        rows.append(vector(article_features(article, results), names))
    return rows


class ArticleFeatures(TransformerMixin, BaseEstimator):
    """Texts (or ``(text, title)`` pairs) -> the feature matrix, in ``names`` order.

    Stateless: ``fit`` only records the feature names, so it is safe in cross-validation.
    ``n_jobs`` spreads the (pure-Python) detectors over processes.
    """

    def __init__(self, n_jobs: int = 1):
        self.n_jobs = n_jobs

    def fit(self, X, y=None):
        self.feature_names_ = feature_names()
        return self

    def transform(self, X) -> np.ndarray:
        items = [(x, None) if isinstance(x, str) else (x[0], x[1]) for x in X]
        names = getattr(self, "feature_names_", None) or feature_names()
        if self.n_jobs == 1 or len(items) < 200:
            return np.asarray(_features_of(items, names), dtype=float)
        from joblib import Parallel, delayed

        chunks = [items[i : i + 500] for i in range(0, len(items), 500)]
        parts = Parallel(n_jobs=self.n_jobs)(delayed(_features_of)(c, names) for c in chunks)
        return np.asarray([row for part in parts for row in part], dtype=float)

    def get_feature_names_out(self, input_features=None):
        return np.asarray(self.feature_names_, dtype=object)


def make_classifier(kind: str):
    """Scaling + classifier + probability calibration, as one estimator over the feature matrix."""
    from sklearn.calibration import CalibratedClassifierCV
    from sklearn.ensemble import HistGradientBoostingClassifier
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    if kind == "logistic":
        base = make_pipeline(StandardScaler(), LogisticRegression(C=0.3, class_weight="balanced", max_iter=3000))
    elif kind == "boosting":
        base = HistGradientBoostingClassifier(
            learning_rate=0.05, max_iter=300, max_leaf_nodes=15, l2_regularization=1.0, class_weight="balanced"
        )
    else:
        raise ValueError(f"unknown classifier {kind!r}; choose one of {', '.join(CANDIDATES)}")
    return CalibratedClassifierCV(base, method="sigmoid", cv=3)


def make_pipeline(kind: str = "logistic", n_jobs: int = 1):
    """The full estimator: ``fit(texts, labels)``, ``predict_proba(texts)``."""
    from sklearn.pipeline import Pipeline

    return Pipeline([("features", ArticleFeatures(n_jobs=n_jobs)), ("classifier", make_classifier(kind))])


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


def linear_drivers(classifier, row: np.ndarray, names: Sequence[str], top: int = 5) -> list[tuple[str, float, float]]:
    """Per-feature pushes towards "reliable": coefficient x standardised value, averaged over the
    calibration folds. Exact for the logistic model; for boosting we fall back to occlusion."""
    contributions = np.zeros(len(names))
    col = reliable_column(classifier.classes_)
    fitted = [c.estimator for c in classifier.calibrated_classifiers_]
    for pipe in fitted:
        if not hasattr(pipe, "named_steps"):
            return occlusion_drivers(classifier, row, names, top)
        scaler, lr = pipe.named_steps["standardscaler"], pipe.named_steps["logisticregression"]
        z = (row - scaler.mean_) / scaler.scale_
        contributions += lr.coef_[col] * z
    contributions /= len(fitted)
    return _top(contributions, row, names, top)


def occlusion_drivers(classifier, row: np.ndarray, names: Sequence[str], top: int = 5):
    """Change in P(reliable) when each feature is reset to the training mean (one batched predict)."""
    means = getattr(classifier, "feature_means_", np.zeros(len(names)))
    probes = np.repeat(row[None, :], len(names) + 1, axis=0)
    probes[np.arange(1, len(names) + 1), np.arange(len(names))] = means
    p = classifier.predict_proba(probes)[:, reliable_column(classifier.classes_)]
    return _top(p[0] - p[1:], row, names, top)


def _top(contributions: np.ndarray, row: np.ndarray, names: Sequence[str], top: int):
    order = np.argsort(-np.abs(contributions))[:top]
    return [(names[i], float(row[i]), float(contributions[i])) for i in order]
