"""Outlet-level rating on held-out outlets: Spearman with Lin et al. pc1 and 3-label accuracy vs k.

Article probabilities are out-of-fold (5 folds grouped by outlet, so an outlet is never in
the model that rates it); each AllSides outlet with at least 30 articles in the training
corpus is rated from k of its articles (k = 1, 3, 10, 30; 5 seeded draws each) with the
Beta rule of ``quality.pipeline.source``.

    python benchmarks/source_eval.py                    # the shipped model's kind (evidence)
    python benchmarks/source_eval.py --kind logistic    # a faster check
"""

from __future__ import annotations

import argparse
import random

import numpy as np


def main() -> None:
    from scipy.stats import spearmanr
    from sklearn.model_selection import GroupKFold

    from quality.core.policy import DEFAULT
    from quality.pipeline.source import beta_rating
    from quality_lab import reliability_training as training
    from quality_lab.datasets import default_root, load_pc1, pc1_label
    from quality_lab.reliability_training import make_classifier

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kind", default="evidence", choices=training.KINDS)
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()

    root = default_root()
    corpus = training.load_corpus(root, cap=80)
    X = training.features(corpus, n_jobs=args.jobs)
    # Out-of-fold P(reliable), as the report's score: through the model's own calibration when it has one.
    y, groups, strata = corpus.labels, corpus.groups, corpus.datasets
    p_rel = np.zeros(len(y))
    for train, test in GroupKFold(n_splits=training.FOLDS).split(X, y, groups):
        part = [X[i] for i in train]
        model = training.fit_with_strata(
            make_classifier(args.kind, groups[train]), part, y[train], strata[train], groups[train]
        )
        p = model.predict_proba([X[i] for i in test])[:, list(model.classes_).index("reliable")]
        p_rel[test] = model.calibrated(p) if hasattr(model, "calibrated") else p
    pc1 = load_pc1(root)
    by_outlet: dict[str, list[float]] = {}
    for a, p in zip(corpus.articles, p_rel, strict=True):
        if a.dataset == "allsides" and a.domain in pc1:
            by_outlet.setdefault(a.domain, []).append(float(p))
    outlets = sorted(d for d, ps in by_outlet.items() if len(ps) >= 30)
    print(f"{len(outlets)} AllSides outlets with >= 30 articles; model {args.kind}, out-of-fold")  # noqa: T201
    print(f"{'k':>3} {'spearman':>9} {'accuracy':>9} {'mean 90% width':>15}")  # noqa: T201
    for k in (1, 3, 10, 30):
        rhos, accs, widths = [], [], []
        for seed in range(5):
            rng = random.Random(seed)
            scores, truth, labels = [], [], []
            for d in outlets:
                score, (lo, hi) = beta_rating(rng.sample(by_outlet[d], k))
                scores.append(score)
                truth.append(pc1[d])
                labels.append(DEFAULT.label(score) == pc1_label(pc1[d]))
                widths.append(hi - lo)
            rhos.append(spearmanr(scores, truth).statistic)
            accs.append(np.mean(labels))
        print(f"{k:>3} {np.mean(rhos):>9.3f} {np.mean(accs):>9.3f} {np.mean(widths):>15.3f}")  # noqa: T201


if __name__ == "__main__":
    main()
