"""Can a text model tell machine-written news prose from human, on a data set it never saw?

Leave one data set out over the human-vs-machine sets in ``../shared/datasets``
(``iu_human_ai_news``, ``llmfake``, ``xsum``, ``turing_game``, and since it arrived
``structured_articles``): train on the others, test on the one left out, report ROC-AUC and
the true-positive rate at 5% false positives (RAID's convention).
Three candidate representations, each a TF-IDF + balanced logistic regression:

- ``word``: word 1-2-grams (topic and style together);
- ``masked``: 1-3-grams over the text with every word outside the 400 most frequent replaced
  by ``_`` (numbers by ``N``): function words and punctuation, i.e. syntax without topic;
- ``char``: character 3-5-grams within words;
- ``lm``: ten numbers per text from a word bigram language model (absolute discounting with
  Kneser-Ney continuation counts) fitted on the human AllSides articles, none of which are in
  the four sets: mean, spread and quantiles of each word's log-probability, the share of words
  that are the model's most likely next word (GLTR's signal: machines pick likely words), the
  share of unseen words, sentence length and its variation, and length; scaled + logistic.

This is the measurement behind the decision not to ship a learned machine-prose model yet
(README, "Machine-written sections"). At most 3,000 texts per set, seeded.

    python benchmarks/machine_prose_lodo.py --data ../shared/datasets
"""

from __future__ import annotations

import argparse
import math
import re
from collections import Counter
from pathlib import Path

import numpy as np

_TOKEN = re.compile(r"[A-Za-z]+|[^\sA-Za-z0-9]|\d+")


def load(data: Path, cap: int, seed: int = 0) -> dict[str, list]:
    from quality_lab.machine_prose import load_sets

    return load_sets(data, cap, seed)


def vectorizer(kind: str, frequent: set[str]):
    from sklearn.feature_extraction.text import TfidfVectorizer

    def masked(text: str) -> str:
        return " ".join(
            t.lower() if t.lower() in frequent else ("N" if t[0].isdigit() else "_") for t in _TOKEN.findall(text)
        )

    if kind == "word":
        return TfidfVectorizer(ngram_range=(1, 2), min_df=3, sublinear_tf=True, max_features=200_000)
    if kind == "masked":
        return TfidfVectorizer(
            preprocessor=masked, token_pattern=r"\S+", ngram_range=(1, 3), min_df=3, sublinear_tf=True, lowercase=False
        )
    return TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), min_df=5, sublinear_tf=True, max_features=300_000)


class BigramLM:
    """Word bigram model of human news: P(next word | word), absolute discounting, continuation counts."""

    DISCOUNT = 0.75

    def __init__(self, texts) -> None:
        self.words, self.pairs = Counter(), Counter()
        for text in texts:
            tokens = ["<s>", *_LM_TOKEN.findall(text.lower())]
            self.words.update(tokens)
            self.pairs.update(zip(tokens, tokens[1:], strict=False))
        self.continuations = Counter(b for _, b in self.pairs)
        self.followers = Counter(a for a, _ in self.pairs)
        best: dict[str, tuple[str, int]] = {}
        for (a, b), n in self.pairs.items():
            if n > best.get(a, ("", 0))[1]:
                best[a] = (b, n)
        self.likeliest = {a: b for a, (b, _) in best.items()}

    def features(self, text: str) -> list[float]:
        tokens = ["<s>", *_LM_TOKEN.findall(text.lower())]
        logp, top, unseen = [], 0, 0
        for a, b in zip(tokens, tokens[1:], strict=False):
            backoff = self.continuations.get(b, 0.5) / len(self.pairs)
            seen_a = self.words.get(a, 0)
            p = backoff
            if seen_a and self.followers[a]:
                p = max(self.pairs.get((a, b), 0) - self.DISCOUNT, 0) / seen_a
                p += self.DISCOUNT * self.followers[a] / seen_a * backoff
            logp.append(math.log(p))
            top += self.likeliest.get(a) == b
            unseen += b not in self.words
        if len(logp) < 5:
            return [0.0] * 10
        lp = np.asarray(logp)
        lengths = np.asarray([len(x.split()) for x in re.split(r"(?<=[.!?])\s+", text) if x.strip()] or [0])
        return [
            lp.mean(), lp.std(), *np.percentile(lp, [10, 50, 90]), top / len(lp), unseen / len(lp),
            lengths.mean(), lengths.std() / max(1.0, lengths.mean()), math.log(len(lp)),
        ]  # fmt: skip


_LM_TOKEN = re.compile(r"[a-z]+|[0-9]+|[^\sa-z0-9]")


def tpr_at(y, scores, fpr: float = 0.05) -> float:
    from sklearn.metrics import roc_curve

    f, t, _ = roc_curve(y, scores)
    return float(np.interp(fpr, f, t))


def main() -> None:
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import roc_auc_score
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    from quality_lab.datasets import allsides

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=Path(__file__).resolve().parents[2] / "shared" / "datasets")
    ap.add_argument("--cap", type=int, default=3000, help="At most this many texts per data set.")
    args = ap.parse_args()
    sets = load(args.data, args.cap)
    counts = Counter(t.lower() for texts in sets.values() for x in texts for t in _TOKEN.findall(x.text))
    frequent = {w for w, _ in counts.most_common(400)}
    print(f"$ python benchmarks/machine_prose_lodo.py --cap {args.cap}")
    print(
        "held-out set: "
        + ", ".join(f"{n} ({len(v)} texts, {sum(t.machine for t in v)} machine)" for n, v in sets.items())
    )
    print(f"{'features':<8} " + " ".join(f"{n:>22}" for n in sets) + f" {'mean AUC':>9}")
    lm = BigramLM(a.text for a in allsides(args.data))
    for kind in ("word", "masked", "char", "lm"):
        cells, aucs = [], []
        for held in sets:
            train = [t for n, texts in sets.items() if n != held for t in texts]
            y = [t.machine for t in sets[held]]
            if kind == "lm":
                model = make_pipeline(StandardScaler(), LogisticRegression(max_iter=2000, class_weight="balanced"))
                model.fit([lm.features(t.text) for t in train], [t.machine for t in train])
                scores = model.predict_proba([lm.features(t.text) for t in sets[held]])[:, 1]
            else:
                model = make_pipeline(
                    vectorizer(kind, frequent), LogisticRegression(C=2, max_iter=2000, class_weight="balanced")
                )
                model.fit([t.text for t in train], [t.machine for t in train])
                scores = model.predict_proba([t.text for t in sets[held]])[:, 1]
            aucs.append(roc_auc_score(y, scores))
            cells.append(f"AUC {aucs[-1]:.3f} TPR@5% {tpr_at(y, scores):.2f}")
        print(f"{kind:<8} " + " ".join(f"{c:>22}" for c in cells) + f" {np.mean(aucs):>9.3f}")


if __name__ == "__main__":
    main()
