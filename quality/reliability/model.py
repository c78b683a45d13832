"""The reliability classifier at run time: its input type, its feature steps, and its drivers.

The estimator's input is a list of ``ScoredText``: an article's detector + stylometry
features and its word tokens, both taken from the one parse the scorer already made, so
scoring pays for nothing twice. Inside: scaled article features and word 1–2-gram TF-IDF
over those same tokens, a logistic regression, and one sigmoid calibration
(``ensemble=False``): one feature transform per batch. How it is trained lives in
:mod:`quality_lab.reliability_training`, which imports this module, never the reverse.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin, TransformerMixin, clone

from quality.assets.tfidf import tfidf_rows
from quality.reliability.features import vector

LABELS = ("reliable", "mixed", "unreliable")
# Defects whose flags may count as evidence against an article's source (never for it).
DEFECTS = ("ai_boilerplate", "missing_spaces", "filler", "page_chrome", "caption_mismatch")


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


def lower_text(item: ScoredText) -> str:
    """TF-IDF preprocessor: the article text lower-cased, so the vectoriser's own tokeniser sees
    exactly what the plain TF-IDF baseline sees (the model *is* that baseline plus evidence)."""
    return item.text.lower()


def evidence_weights(flags: np.ndarray, y: np.ndarray, strata: np.ndarray) -> np.ndarray:
    """Per defect, the log Mantel-Haenszel odds ratio of being flagged in unreliable vs reliable
    articles *of the same data set*, floored at 0.

    Stratifying by data set keeps the weight from learning which corpus flags more (glued text is
    common in one LLM corpus and rare in the others); the floor means a defect can lower
    P(reliable) but never raise it. Strata with a zero cell get 0.5 added to every cell; a set in
    which a defect is flagged on every article or on none adds nothing."""
    num, den = np.zeros(flags.shape[1]), np.zeros(flags.shape[1])
    for stratum in np.unique(strata):
        rows = strata == stratum
        bad, good = flags[rows & (y == "unreliable")], flags[rows & (y == "reliable")]
        if not len(bad) or not len(good):
            continue
        a, c = bad.sum(axis=0), good.sum(axis=0)
        b, d = len(bad) - a, len(good) - c
        varies = (a + c > 0) & (b + d > 0)  # a defect flagged on all or none of a set says nothing there
        pad = 0.5 * ((a == 0) | (b == 0) | (c == 0) | (d == 0))
        a, b, c, d = a + pad, b + pad, c + pad, d + pad
        n = a + b + c + d
        num += np.where(varies, a * d / n, 0.0)
        den += np.where(varies, b * c / n, 0.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where((num > 0) & (den > 0), num / np.where(den > 0, den, 1), 1.0)
    return np.maximum(0.0, np.log(ratio))


class DefectEvidence(ClassifierMixin, BaseEstimator):
    """A text classifier whose P(reliable) each flagged defect lowers by its learned weight.

    The text model (word 1-2-gram TF-IDF + balanced logistic regression, the baseline) ranks
    outlets by how they write; the defects rarely fire in labelled corpora, so they enter as
    evidence with a weight counted from data (``evidence_weights``) instead of a coefficient
    fitted next to 50,000 n-grams, and with a sign that cannot point towards reliable."""

    reads_style = False  # the scorer need not compute stylometry for this model

    def __init__(self, text_model=None, defects: tuple[str, ...] = DEFECTS, flag_at: float = 0.5):
        self.text_model = text_model
        self.defects = defects
        self.flag_at = flag_at

    def fit(self, X, y, strata=None, groups=None):
        """``strata``: each article's data set, for the defect weights. ``groups``: its outlet;
        when given, a sigmoid that maps P(reliable) to a calibrated score is fitted on inner
        outlet-grouped out-of-fold predictions (``calibrated``)."""
        y = np.asarray(y)
        self.text_model_ = clone(self.text_model).fit(X, y)
        self.classes_ = self.text_model_.classes_
        strata = np.zeros(len(y)) if strata is None else np.asarray(strata)
        self.penalties_ = evidence_weights(self.flags(X), y, strata)
        self.calibration_ = None if groups is None else self._fit_calibration(X, y, strata, np.asarray(groups))
        return self

    def _fit_calibration(self, X, y, strata, groups, folds: int = 3) -> tuple[float, float]:
        from scipy.optimize import minimize
        from sklearn.model_selection import GroupKFold

        inner = np.zeros(len(y))
        col = reliable_column(self.classes_)
        for train, test in GroupKFold(n_splits=folds).split(np.zeros(len(y)), y, groups):
            part = clone(self).fit([X[i] for i in train], y[train], strata[train])
            inner[test] = part.predict_proba([X[i] for i in test])[:, col]
        z, target = logit(inner), (y == "reliable").astype(float)

        def loss(w):
            s = w[0] * z + w[1]
            return np.mean(np.logaddexp(0, s) - target * s)

        a, b = minimize(loss, np.asarray([1.0, 0.0]), method="L-BFGS-B", bounds=[(1e-3, None), (None, None)]).x
        return float(a), float(b)

    def calibrated(self, p_reliable: np.ndarray) -> np.ndarray:
        """P(reliable) as a calibrated score: a monotone sigmoid (so it ranks exactly as P does),
        fitted on outlet-grouped out-of-fold predictions; identity when none was fitted."""
        if getattr(self, "calibration_", None) is None:
            return np.asarray(p_reliable, dtype=float)
        a, b = self.calibration_
        return sigmoid(a * logit(np.asarray(p_reliable, dtype=float)) + b)

    def flags(self, X) -> np.ndarray:
        """Articles x defects, 1 where the defect's score reaches ``flag_at``."""
        return np.asarray(
            [[x.features.get(f"{d}.score", 0.0) >= self.flag_at for d in self.defects] for x in X], dtype=float
        ).reshape(len(X), len(self.defects))

    def predict_proba(self, X) -> np.ndarray:
        return self.explained(X, top=0)[0]

    def _lowered(self, proba: np.ndarray, penalty: np.ndarray) -> np.ndarray:
        """Subtract ``penalty`` from the log-odds of reliable."""
        col = reliable_column(self.classes_)
        return with_reliable(proba, col, sigmoid(logit(proba[:, col]) - penalty))

    def explained(self, X, top: int = 5) -> tuple[np.ndarray, list[list[tuple[str, float, float]]]]:
        """Class probabilities and, per article, the n-grams and flagged defects that moved
        P(reliable) most, as (name, value, log-odds contribution), from one TF-IDF pass; a
        defect's contribution is never positive. ``top=0`` skips the drivers."""
        tfidf, model = self.text_model_.named_steps["tfidf"], self.text_model_.named_steps["model"]
        rows = tfidf_rows(tfidf, X).tocsr()
        flags = self.flags(X)
        proba = self._lowered(model.predict_proba(rows), flags @ self.penalties_)
        if not top:
            return proba, [[] for _ in range(len(X))]
        if getattr(self, "_terms", None) is None:
            self._terms = tfidf.get_feature_names_out()
        coef = model.coef_[reliable_column(model.classes_)]
        out = []
        for k in range(len(X)):
            start, end = rows.indptr[k], rows.indptr[k + 1]
            cols, values = rows.indices[start:end], rows.data[start:end]
            pushes_all = coef[cols] * values
            best = np.argsort(-np.abs(pushes_all), kind="stable")[:top]  # only the top n-grams become tuples
            pushes = [(f"ngram:{self._terms[cols[i]]}", float(values[i]), float(pushes_all[i])) for i in best]
            pushes += [
                (f"{d}.flagged", 1.0, -float(w))
                for d, f, w in zip(self.defects, flags[k], self.penalties_, strict=True)
                if f and w > 0
            ]
            out.append(sorted(pushes, key=lambda t: -abs(t[2]))[:top])
        return proba, out


def logit(p: np.ndarray) -> np.ndarray:
    p = np.clip(p, 1e-9, 1 - 1e-9)
    return np.log(p / (1 - p))


def sigmoid(z: np.ndarray) -> np.ndarray:
    return 1 / (1 + np.exp(-z))


def with_reliable(proba: np.ndarray, col: int, p_reliable: np.ndarray) -> np.ndarray:
    """``proba`` with the reliable column set to ``p_reliable``; the other classes share the rest
    in their old proportions."""
    p = np.clip(proba[:, col], 1e-9, 1 - 1e-9)
    out = proba * ((1 - p_reliable) / (1 - p))[:, None]
    out[:, col] = p_reliable
    return out


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
    for calibrated in getattr(estimator, "calibrated_classifiers_", []):
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
    if hasattr(estimator, "explained"):
        return estimator.explained(items, top)[1]
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
