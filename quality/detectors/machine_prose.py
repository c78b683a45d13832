"""Machine-written prose, learned: a shipped text model scores the article and each run of paragraphs.

Heading lists catch the templates someone wrote down; generators and farms they were not written
from slip through. A word and character TF-IDF with a logistic regression, trained on every
human/machine set the project has (``quality train-machine-prose``; measured on held-out
generators and sites in docs/measurements.md), reads how the prose is written, whatever its
headings say. Its findings are the runs of paragraphs the model calls machine-written, each with
the terms that pushed it there; a document the model calls machine-written as a whole but whose
runs are each too short to tell gets one finding for the article.
"""

from __future__ import annotations

import math
from functools import cache, cached_property

import numpy as np

from quality.assets.tfidf import tfidf_rows
from quality.core.article import Article
from quality.core.report import DetectorResult, Finding
from quality.detectors.base import Detector, finding, register

NAME = "machine_prose"


class MachineProseModel:
    """The shipped model, its cut-off and the names of its features (for the drivers)."""

    def __init__(self, estimator, card: dict):
        self.estimator = estimator
        self.threshold = float(card["threshold"])
        self.max_chars = int(card.get("max_chars", 6000))
        clf = estimator.named_steps["clf"]
        sign = 1.0 if list(clf.classes_).index(1) == 1 else -1.0  # coef_ points to classes_[1]
        self.coef = sign * clf.coef_[0]
        self.intercept = sign * float(clf.intercept_[0])
        self.vectorizers = [vec for _, vec in estimator.named_steps["features"].transformer_list]

    @classmethod
    def load(cls) -> MachineProseModel:
        from quality.assets import models

        loaded = models.load(NAME)
        return cls(loaded.estimator, loaded.card)

    @cached_property
    def features(self) -> np.ndarray:
        """Feature names, built on the first finding (most articles never need them)."""
        return self.estimator.named_steps["features"].get_feature_names_out()

    def score(self, texts: list[str]) -> tuple[np.ndarray, object]:
        """P(machine) per text, and the feature rows (for the drivers), in one pass: the
        vectorizers, then the logistic function by hand (the same numbers as
        ``predict_proba``, without scikit-learn's per-call checks, a third of the cost on one text)."""
        import scipy.sparse as sp

        clipped = [t[: self.max_chars] for t in texts]
        X = sp.hstack([tfidf_rows(vec, clipped) for vec in self.vectorizers], format="csr")
        z = X @ self.coef + self.intercept
        return 1.0 / (1.0 + np.exp(-z)), X

    def drivers(self, X, row: int, top: int = 5) -> list[str]:
        """The terms that pushed one text most towards machine-written."""
        start, end = X.indptr[row], X.indptr[row + 1]
        idx, values = X.indices[start:end], X.data[start:end]
        pushes = values * self.coef[idx]
        order = np.argsort(-pushes)[:top]
        names = self.features
        return [names[idx[i]].split("__", 1)[-1].strip() for i in order if pushes[i] > 0]


@cache
def shipped() -> MachineProseModel:
    """The shipped model, once per process; a missing or altered file is an error, never skipped."""
    return MachineProseModel.load()


def runs(article: Article, min_words: int = 120) -> list[tuple[int, int]]:
    """Consecutive paragraphs grouped until each run holds ``min_words`` words (a short tail
    joins the run before it): pieces long enough for the model to read."""
    out: list[tuple[int, int]] = []
    start = end = None
    words = 0
    for p in article.paragraphs:
        if start is None:
            start = p.start
        end, words = p.end, words + len(p.text.split())
        if words >= min_words:
            out.append((start, end))
            start, words = None, 0
    if start is not None and end is not None:
        if out and words < min_words // 2:
            out[-1] = (out[-1][0], end)
        else:
            out.append((start, end))
    return out


@register
class MachineProse(Detector):
    """``min_words``: the shortest article the model judges, and the size of a run of paragraphs.
    Below the model's cut-off the score falls away fast (``p·exp(−(cut − p)/fade)``, a tenth of
    itself 0.05 below the cut), so human news is barely moved while the ordering that
    ``1 − quality`` reports is kept."""

    name = NAME
    label = "machine-written prose"
    weight = 0.4
    colour = "#f4c7a1"

    def __init__(self, min_words: int = 60, run_words: int = 120, threshold: float | None = None, fade: float = 0.02):
        self.min_words = min_words
        self.fade = fade
        self.run_words = run_words
        self.threshold = threshold
        self.model = shipped()  # loaded with the scorer: a refused file stops the run before it starts

    def detect(self, article: Article) -> DetectorResult:
        n_words = article.n_words
        if n_words < self.min_words:
            return DetectorResult(0.0, [], {"p_machine": 0.0, "runs": 0.0, "machine_runs": 0.0})
        model = self.model
        cut = model.threshold if self.threshold is None else self.threshold
        p, X = model.score([article.text])
        p_doc = float(p[0])
        findings: list[Finding] = []
        spans: list[tuple[int, int]] = []
        if p_doc >= cut:  # only then are the runs read: human news costs one model call
            spans = runs(article, self.run_words) if n_words >= 2 * self.run_words else []
            p_runs, X_runs = model.score([article.text[s:e] for s, e in spans]) if spans else ([], None)
            for i, (s, e) in enumerate(spans):
                if p_runs[i] >= cut:
                    terms = ", ".join(model.drivers(X_runs, i))
                    detail = f"P(machine) {p_runs[i]:.2f}; terms: {terms}"
                    findings.append(finding(article, "machine_prose", s, e, detail))
            if not findings:
                terms = ", ".join(model.drivers(X, 0))
                detail = f"the article as a whole: P(machine) {p_doc:.2f}; terms: {terms}"
                findings.append(finding(article, "machine_article", 0, len(article.text), detail))
        score = p_doc if p_doc >= cut else p_doc * math.exp(-(cut - p_doc) / self.fade)
        machine_runs = float(sum(f.kind == "machine_prose" for f in findings))
        features = {"p_machine": round(p_doc, 4), "runs": float(len(spans)), "machine_runs": machine_runs}
        return DetectorResult(round(min(1.0, score), 4), findings, features)
