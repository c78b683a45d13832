"""The reliability text model measured so that data-set identity cannot inflate it.

For the shipped candidate (``hybrid``) and the plain word TF-IDF + logistic baseline, on the
same outlet-grouped folds (at most 80 articles per outlet, as training uses):

1. within AllSides only, grouped by outlet: article ROC-AUC of P(reliable), reliable vs unreliable;
2. outlet level: out-of-fold mean P(reliable) per AllSides outlet with >= 20 articles, Spearman
   correlation with Lin et al. (2023) ``pc1``;
3. leave one data set out: train on the other sets, test on the held-out one (where it has both
   reliable and unreliable articles);
4. pooled outlet-grouped CV over all sets, beside the AUC that a classifier told only *which
   data set* an article came from reaches, so a reader sees how much of the pooled figure is
   that shortcut.

    python benchmarks/reliability_honest.py --data ../shared/datasets -j 2
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np


def auc(y: np.ndarray, p_reliable: np.ndarray) -> float:
    from sklearn.metrics import roc_auc_score

    mask = np.isin(y, ["reliable", "unreliable"])
    yb = (y[mask] == "reliable").astype(int)
    return float(roc_auc_score(yb, p_reliable[mask])) if len(set(yb)) == 2 else float("nan")


def main() -> None:
    from scipy.stats import spearmanr

    from quality.datasets import RELIABILITY_LOADERS, load_pc1
    from quality.reliability import training as T

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=Path(__file__).resolve().parents[2] / "shared" / "datasets")
    ap.add_argument("-j", "--jobs", type=int, default=1)
    args = ap.parse_args()

    corpus = T.load_corpus(args.data)
    X = T.features(corpus, n_jobs=args.jobs)
    texts = [a.text for a in corpus.articles]
    y, groups, datasets = corpus.labels, corpus.groups, corpus.datasets
    names = tuple(X[0].features)
    models = {
        "hybrid (shipped kind)": (lambda g: T.make_classifier("hybrid", g, names), X),
        "baseline TF-IDF + LR": (lambda g: T.tfidf_baseline(), texts),
    }

    def p_rel(factory, data, idx) -> np.ndarray:
        proba, classes = T.out_of_fold(factory, T._take(data, idx), y[idx], groups[idx])
        return proba[:, classes.index("reliable")]

    print(f"$ python benchmarks/reliability_honest.py   ({len(y)} articles, {len(set(groups))} outlets)")
    allsides = np.flatnonzero(datasets == "allsides")
    pc1 = load_pc1(args.data)
    outlets = np.asarray([a.domain for a in corpus.articles])
    print("\n1-2. within AllSides, folds grouped by outlet")
    for name, (factory, data) in models.items():
        p = p_rel(factory, data, allsides)
        per_outlet = {}
        for o in set(outlets[allsides]):
            m = outlets[allsides] == o
            if m.sum() >= 20 and o in pc1:
                per_outlet[o] = (p[m].mean(), pc1[o])
        rho = spearmanr([a for a, _ in per_outlet.values()], [b for _, b in per_outlet.values()]).statistic
        print(f"  {name:<24} article ROC-AUC {auc(y[allsides], p):.3f}   outlet Spearman with pc1 {rho:.3f} "
              f"({len(per_outlet)} outlets)")  # fmt: skip

    print("\n3. leave one data set out (train on the others)")
    for held in RELIABILITY_LOADERS:
        test = datasets == held
        if len(set(y[test]) & {"reliable", "unreliable"}) < 2:
            print(f"  {held:<16} skipped: one class only")
            continue
        cells = []
        for name, (factory, data) in models.items():
            train = np.flatnonzero(~test)
            model = factory(groups[train]).fit(T._take(data, train), y[train])
            proba = model.predict_proba(T._take(data, np.flatnonzero(test)))
            cells.append(f"{name.split()[0]} {auc(y[test], proba[:, list(model.classes_).index('reliable')]):.3f}")
        print(f"  {held:<16} ROC-AUC  " + "   ".join(cells))

    print("\n4. pooled outlet-grouped CV, and what data-set identity alone reaches")
    for name, (factory, data) in models.items():
        print(f"  {name:<24} ROC-AUC {auc(y, p_rel(factory, data, np.arange(len(y)))):.3f}")
    identity = np.zeros(len(y))
    from sklearn.model_selection import GroupKFold

    for train, test in GroupKFold(n_splits=T.FOLDS).split(texts, y, groups):
        rates = {d: (y[train][datasets[train] == d] == "reliable").mean() for d in set(datasets[train])}
        identity[test] = [rates.get(d, 0.5) for d in datasets[test]]
    print(f"  {'data-set identity only':<24} ROC-AUC {auc(y, identity):.3f}")


if __name__ == "__main__":
    main()
