"""Text-model candidates for source reliability, each measured the honest way beside the baseline.

Issue #17 asks for a text model at least as good as the plain word TF-IDF + logistic baseline on
every honest measure. This script measures the obvious routes on the same outlet-grouped folds
as ``reliability_honest.py`` (at most 80 articles per outlet), so a reader can see which help:

- ``baseline``: word 1-2-gram TF-IDF (min_df 3, 50k terms) + balanced logistic regression, C=1;
- ``C=0.3`` / ``C=3``: the same, regularisation tuned;
- ``outlet-weighted``: every outlet weighs the same in training (weights 1 / its articles);
- ``spread>=3`` / ``spread>=5``: only terms used by at least 3 (5) training outlets, so the
  vocabulary cannot hold one outlet's fingerprints (bylines, site names, boilerplate);
- ``char 3-5``, ``word+char``: character n-grams (within word boundaries), alone and added;
- ``normalised``: the baseline on the text without what its outlet stamps on every article
  (datelines, agency tags, bylines, links, page-chrome lines, newsletter plugs);
  ``evidence+normalised``: the shipped model with that text part;
- ``first300``: the baseline reading only each article's first 300 words, so length (long
  reliable features, short fringe posts) cannot be learned and short unseen news is in range;
- ``baseline+defects``: the baseline's probabilities recalibrated by a logistic fit on
  inner out-of-fold scores, with the five defect scores as penalties constrained to lower
  P(reliable) (weights >= 0), so a defect can never push an article towards reliable;
- ``evidence``: the shipped model (the baseline, P(reliable) lowered by flagged defects with
  weights counted within each data set); ``evidence+sigmoid``: the same with P(reliable)
  recalibrated by a sigmoid fitted on inner outlet-grouped out-of-fold scores; ``evidence@0.8``:
  a defect counts as flagged only from a score of 0.8 (a few glued words in a long reliable
  article no longer count; a page of them still does).

Columns: within AllSides article ROC-AUC and outlet Spearman with Lin et al. pc1 (outlets with
>= 20 articles), pooled grouped-CV ROC-AUC, macro-F1 (argmax of the model's probabilities) and ECE
of P(reliable), leave-one-data-set-out ROC-AUC per held-out set, and P(reliable) of the five seeds
(fitted on everything).

    python benchmarks/reliability_candidates.py --data ../shared/datasets            # all (about 45 min)
    python benchmarks/reliability_candidates.py --data ../shared/datasets baseline spread>=3
"""

from __future__ import annotations

import argparse
import re
import time
from pathlib import Path

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin, TransformerMixin, clone

from quality.reliability.model import logit
from quality_lab.reliability_training import roc_auc_reliable

ROOT = Path(__file__).resolve().parents[1]
LODO = ("allsides", "fakenewscorpus", "fakenewsnet2017", "horne2017", "llm_news")
DEFECTS = ("ai_boilerplate", "missing_spaces", "filler", "page_chrome", "caption_mismatch")


_DATELINE = re.compile(r"^[A-Z][A-Z .,'’-]{2,40}(?:,[^\n(—–-]{0,30})?\s*(?:\([^)\n]{1,40}\))?\s*[—–-]+\s*", re.M)
_AGENCY = re.compile(r"\((?:AP|Reuters|AFP|UPI|CNN|Bloomberg|The Hill)\)")
_BYLINE = re.compile(r"^\s*(?:By|BY|Written by|Posted by)\s+[^\n]{1,80}$", re.M)
_PLUG = re.compile(r"\b(?:sign up|subscribe|newsletter|inbox|follow us)\b", re.I)
_ADDRESS = re.compile(r"https?://\S+|www\.\S+|\S+@\S+\.\w+|@\w+")


def without_outlet_marks(text: str) -> str:
    """The text without what its outlet stamps on every article rather than writes: datelines
    ("WASHINGTON (Reuters) -"), agency tags, bylines, links and handles, page-chrome lines (the
    ``page_chrome`` patterns: share rows, copyright, stamps) and short newsletter plugs."""
    from quality.detectors.chrome import LINE_PATTERNS

    kept = []
    for line in _BYLINE.sub("", text).split("\n"):
        short = " ".join(line.split())
        if short and len(short.split()) <= 40 and any(p.search(short) for _, p, _ in LINE_PATTERNS):
            continue
        if short and len(short.split()) <= 25 and _PLUG.search(short):
            continue
        kept.append(line)
    text = _DATELINE.sub("", "\n".join(kept))
    return _ADDRESS.sub(" ", _AGENCY.sub(" ", text))


def normalised(text: str) -> str:
    return without_outlet_marks(text).lower()


def first_words(text: str, n: int = 300) -> str:
    return " ".join(text.split()[:n]).lower()


def normalised_item(item) -> str:
    return normalised(item.text)


def outlet_weights(groups: np.ndarray) -> np.ndarray:
    _, inverse, counts = np.unique(groups, return_inverse=True, return_counts=True)
    w = 1.0 / counts[inverse]
    return w * len(w) / w.sum()


class SpreadTfidf(TransformerMixin, BaseEstimator):
    """Word 1-2-gram TF-IDF over terms that at least ``min_outlets`` training outlets use."""

    def __init__(self, groups=None, min_outlets: int = 3, max_features: int = 50_000):
        self.groups = groups
        self.min_outlets = min_outlets
        self.max_features = max_features

    def fit(self, X, y=None):
        import scipy.sparse as sp
        from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer

        counts = CountVectorizer(min_df=3, binary=True, ngram_range=(1, 2))
        present = counts.fit_transform(X)
        _, inverse = np.unique(np.asarray(self.groups), return_inverse=True)
        by_outlet = sp.csr_matrix((np.ones(len(inverse)), (inverse, np.arange(len(inverse)))))
        spread = (by_outlet @ present > 0).sum(axis=0).A1
        keep = np.flatnonzero(spread >= self.min_outlets)
        keep = keep[np.argsort(-present[:, keep].sum(axis=0).A1)][: self.max_features]
        vocabulary = counts.get_feature_names_out()[keep]
        self.tfidf_ = TfidfVectorizer(vocabulary=vocabulary, sublinear_tf=True, ngram_range=(1, 2)).fit(X)
        return self

    def transform(self, X):
        return self.tfidf_.transform(X)


class OutletWeighted(ClassifierMixin, BaseEstimator):
    """Fit a pipeline whose last step takes ``sample_weight``, every outlet weighing the same."""

    def __init__(self, estimator=None, groups=None):
        self.estimator = estimator
        self.groups = groups

    def fit(self, X, y):
        last = self.estimator.steps[-1][0]
        self.fitted_ = clone(self.estimator).fit(X, y, **{f"{last}__sample_weight": outlet_weights(self.groups)})
        self.classes_ = self.fitted_.classes_
        return self

    def predict_proba(self, X):
        return self.fitted_.predict_proba(X)


class DefectPenalty(ClassifierMixin, BaseEstimator):
    """A text model's P(reliable) recalibrated with defect scores as penalties (weights >= 0).

    Input rows are ``(text, defect_scores)``. The recalibration is fitted on inner grouped
    out-of-fold text scores, so it learns how far a defect should lower an honest score."""

    def __init__(self, text_model=None, groups=None, inner_folds: int = 3):
        self.text_model = text_model
        self.groups = groups
        self.inner_folds = inner_folds

    def fit(self, X, y):
        from scipy.optimize import minimize
        from sklearn.model_selection import GroupKFold

        texts = np.asarray([t for t, _ in X], dtype=object)
        defects = np.asarray([d for _, d in X], dtype=float)
        y = np.asarray(y)
        inner = np.zeros(len(y))
        for tr, te in GroupKFold(self.inner_folds).split(texts, y, self.groups):
            model = clone(self.text_model).fit(texts[tr], y[tr])
            inner[te] = model.predict_proba(texts[te])[:, list(model.classes_).index("reliable")]
        z, target = logit(inner), (y == "reliable").astype(float)

        def loss(w):
            s = w[0] * z + w[1] - defects @ w[2:]
            return np.mean(np.logaddexp(0, s) - target * s) + 1e-3 * np.sum(w[2:] ** 2)

        k = defects.shape[1]
        bounds = [(None, None), (None, None)] + [(0, None)] * k
        self.weights_ = minimize(loss, np.r_[1.0, 0.0, np.zeros(k)], method="L-BFGS-B", bounds=bounds).x
        self.text_ = clone(self.text_model).fit(texts, y)
        self.classes_ = self.text_.classes_
        self.prior_ = np.asarray([(y == c).mean() for c in self.classes_])
        return self

    def predict_proba(self, X):
        proba = self.text_.predict_proba(np.asarray([t for t, _ in X], dtype=object))
        defects = np.asarray([d for _, d in X], dtype=float)
        col = list(self.classes_).index("reliable")
        w = self.weights_
        p = 1 / (1 + np.exp(-(w[0] * logit(proba[:, col]) + w[1] - defects @ w[2:])))
        rest = np.clip(1 - proba[:, col], 1e-9, None)
        out = proba * ((1 - p) / rest)[:, None]
        out[:, col] = p
        return out


class Stratified(ClassifierMixin, BaseEstimator):
    """The shipped ``evidence`` model, its data sets read from the outlet groups ("dataset:domain");
    ``calibrate`` replaces P(reliable) by the model's own calibrated score (a sigmoid fitted on
    inner outlet-grouped out-of-fold predictions), the other classes rescaled."""

    def __init__(self, groups=None, calibrate: bool = False, flag_at: float = 0.5, normalise: bool = False):
        self.groups = groups
        self.calibrate = calibrate
        self.flag_at = flag_at
        self.normalise = normalise

    def fit(self, X, y):
        from quality_lab.reliability_training import make_classifier, tfidf_baseline

        groups = np.asarray(self.groups)
        strata = np.asarray([g.split(":", 1)[0] for g in groups])
        calibration_groups = groups if self.calibrate else None
        model = make_classifier("evidence").set_params(flag_at=self.flag_at)
        if self.normalise:
            model.set_params(text_model=tfidf_baseline(normalised_item))
        self.model_ = model.fit(X, np.asarray(y), strata=strata, groups=calibration_groups)
        self.classes_ = self.model_.classes_
        return self

    def predict_proba(self, X):
        from quality.reliability.model import reliable_column, with_reliable

        proba = self.model_.predict_proba(X)
        if not self.calibrate:
            return proba
        col = reliable_column(self.classes_)
        return with_reliable(proba, col, self.model_.calibrated(proba[:, col]))


def candidates() -> dict:
    """name -> (factory(groups) -> estimator, input kind: "text" or "text+defects")."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline, make_union

    def lr(c: float = 1.0):
        return LogisticRegression(C=c, class_weight="balanced", max_iter=3000)

    def word(preprocessor=None):
        return TfidfVectorizer(
            min_df=3, max_features=50_000, sublinear_tf=True, ngram_range=(1, 2), preprocessor=preprocessor
        )

    def char():
        return TfidfVectorizer(
            analyzer="char_wb", ngram_range=(3, 5), min_df=3, max_features=100_000, sublinear_tf=True
        )

    return {
        "baseline": (lambda g: make_pipeline(word(), lr()), "text"),
        "C=0.3": (lambda g: make_pipeline(word(), lr(0.3)), "text"),
        "C=3": (lambda g: make_pipeline(word(), lr(3.0)), "text"),
        "outlet-weighted": (lambda g: OutletWeighted(make_pipeline(word(), lr()), g), "text"),
        "spread>=3": (lambda g: make_pipeline(SpreadTfidf(g, 3), lr()), "text"),
        "spread>=5": (lambda g: make_pipeline(SpreadTfidf(g, 5), lr()), "text"),
        "char 3-5": (lambda g: make_pipeline(char(), lr()), "text"),
        "normalised": (lambda g: make_pipeline(word(preprocessor=normalised), lr()), "text"),
        "first300": (lambda g: make_pipeline(word(preprocessor=first_words), lr()), "text"),
        "word+char": (lambda g: make_pipeline(make_union(word(), char()), lr()), "text"),
        "baseline+defects": (lambda g: DefectPenalty(make_pipeline(word(), lr()), g), "text+defects"),
        "evidence": (lambda g: Stratified(g), "scored"),
        "evidence+sigmoid": (lambda g: Stratified(g, calibrate=True), "scored"),
        "evidence@0.8": (lambda g: Stratified(g, flag_at=0.8), "scored"),
        "evidence@0.9": (lambda g: Stratified(g, flag_at=0.9), "scored"),
        "evidence+normalised": (lambda g: Stratified(g, normalise=True), "scored"),
    }


def defect_inputs(texts, scored) -> list[tuple[str, list[float]]]:
    return [(t, [s.features[f"{d}.score"] for d in DEFECTS]) for t, s in zip(texts, scored, strict=True)]


def main() -> None:
    from scipy.stats import spearmanr
    from sklearn.metrics import f1_score
    from sklearn.model_selection import GroupKFold

    from quality_lab import reliability_training as T
    from quality_lab.bench import load_heldout
    from quality_lab.datasets import load_pc1

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("names", nargs="*", help="candidates to run (default: all)")
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "datasets")
    args = ap.parse_args()
    runs = candidates()
    names = args.names or list(runs)

    corpus = T.load_corpus(args.data)
    y, groups, datasets = corpus.labels, corpus.groups, corpus.datasets
    texts = np.asarray([a.text for a in corpus.articles], dtype=object)
    needs_defects = any(runs[n][1] in ("text+defects", "scored") for n in names)
    seeds = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]
    unseen = {  # legitimate news from sets no candidate trains on: how much of it is called reliable?
        name: [a.text for a in arts if a.label == "reliable"]
        for name, arts in load_heldout(args.data, None).items()
        if name in ("perezrosas2018", "xsum_llm")
    }
    if needs_defects:
        scored = T.score_texts([(a.text, a.title) for a in corpus.articles])
        seed_scored = T.score_texts([(s, None) for s in seeds])
        with_defects = np.empty(len(texts), dtype=object)
        with_defects[:] = defect_inputs(texts, scored)
        seed_inputs = defect_inputs(seeds, seed_scored)
        unseen_scored = {n: T.score_texts([(t, None) for t in v]) for n, v in unseen.items()}
        unseen_inputs = {n: defect_inputs(unseen[n], v) for n, v in unseen_scored.items()}
        scored_array = np.empty(len(texts), dtype=object)
        scored_array[:] = scored
    pc1 = load_pc1(args.data)
    outlets = np.asarray([a.domain for a in corpus.articles])
    allsides = np.flatnonzero(datasets == "allsides")

    def oof(factory, X, idx):
        p, labels = np.zeros(len(idx)), np.empty(len(idx), dtype=object)
        for tr, te in GroupKFold(n_splits=T.FOLDS).split(idx, y[idx], groups[idx]):
            model = factory(groups[idx][tr]).fit(X[idx][tr], y[idx][tr])
            proba = model.predict_proba(X[idx][te])
            classes = list(model.classes_)
            p[te] = proba[:, classes.index("reliable")]
            labels[te] = np.asarray(classes)[proba.argmax(axis=1)]
        return p, labels

    print(f"$ python benchmarks/reliability_candidates.py   ({len(y)} articles, {len(set(groups))} outlets)")
    print(
        f"{'candidate':<18} {'AS AUC':>7} {'AS rho':>7} {'pooled':>7} {'mF1':>6} {'ECE':>6}  "
        + " ".join(f"{h[:10]:>10}" for h in LODO)
        + f" {'LODO mean':>9}  seeds P(reliable) 000-004   unseen legit called reliable (Perez-Rosas, XSum)"
    )
    for name in names:
        start = time.perf_counter()
        factory, kind = runs[name]
        X = {"text+defects": with_defects, "scored": scored_array}[kind] if kind != "text" else texts
        p_as, _ = oof(factory, X, allsides)
        per_outlet = [
            (p_as[outlets[allsides] == o].mean(), pc1[o])
            for o in set(outlets[allsides])
            if (outlets[allsides] == o).sum() >= 20 and o in pc1
        ]
        rho = spearmanr([a for a, _ in per_outlet], [b for _, b in per_outlet]).statistic
        p_all, labels = oof(factory, X, np.arange(len(y)))
        lodo = []
        for held in LODO:
            test = datasets == held
            model = factory(groups[~test]).fit(X[~test], y[~test])
            lodo.append(
                roc_auc_reliable(y[test], model.predict_proba(X[test])[:, list(model.classes_).index("reliable")])
            )
        final = factory(groups).fit(X, y)
        seed_x = (
            {"text+defects": seed_inputs, "scored": seed_scored}[kind]
            if kind != "text"
            else np.asarray(seeds, dtype=object)
        )
        seed_p = final.predict_proba(seed_x)
        seed_p = seed_p[:, list(final.classes_).index("reliable")]
        called_reliable = []
        for n, legit in unseen.items():
            x = (
                {"text+defects": unseen_inputs, "scored": unseen_scored}[kind][n]
                if kind != "text"
                else np.asarray(legit, dtype=object)
            )
            called_reliable.append(
                np.mean(np.asarray(final.classes_)[final.predict_proba(x).argmax(axis=1)] == "reliable")
            )
        print(
            f"{name:<18} {roc_auc_reliable(y[allsides], p_as):>7.3f} {rho:>7.3f} {roc_auc_reliable(y, p_all):>7.3f} "
            f"{f1_score(y, labels, average='macro'):>6.3f} "
            f"{T.expected_calibration_error((y == 'reliable').astype(int), p_all):>6.3f}  "
            + " ".join(f"{v:>10.3f}" for v in lodo)
            + f" {np.nanmean(lodo):>9.3f}  "
            + " ".join(f"{v:.2f}" for v in seed_p)
            + "   "
            + " ".join(f"{v:.0%}" for v in called_reliable)
            + f"   ({time.perf_counter() - start:.0f} s)",
            flush=True,
        )


if __name__ == "__main__":
    main()
