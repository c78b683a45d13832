"""The reliability text model measured so that data-set identity cannot inflate it.

For a model kind (default: the shipped ``evidence``) and the plain word TF-IDF + logistic
baseline, on the same outlet-grouped folds (at most 80 articles per outlet, as training uses):

1. within AllSides only, grouped by outlet: article ROC-AUC of P(reliable), reliable vs unreliable;
2. outlet level: out-of-fold mean P(reliable) per AllSides outlet with >= 20 articles, Spearman
   correlation with Lin et al. (2023) ``pc1``;
3. leave one data set out: train on the other sets, test on the held-out one (where it has both
   reliable and unreliable articles);
4. the AUC that a classifier told only *which data set* an article came from reaches, to read
   beside the pooled figures ``quality train`` prints.

``quality train`` computes the same (``training.honest_measures``) and writes it into the card.

    python benchmarks/reliability_honest.py --data ../shared/datasets -j 2 [--classifier hybrid]
"""

from __future__ import annotations

import argparse
from pathlib import Path


def main() -> None:
    from quality_lab import reliability_training as T
    from quality_lab.datasets import load_pc1

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=Path(__file__).resolve().parents[2] / "shared" / "datasets")
    ap.add_argument("--classifier", default="evidence", choices=T.KINDS)
    ap.add_argument("-j", "--jobs", type=int, default=1)
    args = ap.parse_args()

    corpus = T.load_corpus(args.data)
    X = T.features(corpus, n_jobs=args.jobs)
    print(f"$ python benchmarks/reliability_honest.py --classifier {args.classifier}   "
          f"({len(corpus.labels)} articles, {len(set(corpus.groups))} outlets)")  # fmt: skip
    print(T.format_honest(T.honest_measures(corpus, X, args.classifier, load_pc1(args.data))))


if __name__ == "__main__":
    main()
