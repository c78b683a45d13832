"""Mining the phrase inventory: which n-grams separate machine- from human-written news.

Produces ranked candidates (smoothed log-odds of document frequency); a person reviews them
into ``quality/data/ai_phrases.txt``. Run with ``quality build phrases``.
"""

from __future__ import annotations

import numpy as np


def phrase_log_odds(
    texts: list[str], machine: list[bool], min_df: int = 10, top: int = 300
) -> list[tuple[str, int, int, float]]:
    """``(phrase, machine_docs, human_docs, log_odds)`` for the most machine-leaning 2-4-grams."""
    from sklearn.feature_extraction.text import CountVectorizer

    y = np.asarray(machine, dtype=bool)
    cv = CountVectorizer(ngram_range=(2, 4), min_df=min_df, binary=True, token_pattern=r"(?u)\b[a-z']+\b")
    X = cv.fit_transform(texts)
    m = np.asarray(X[y].sum(0)).ravel()
    h = np.asarray(X[~y].sum(0)).ravel()
    log_odds = np.log((m + 1) / (y.sum() + 2)) - np.log((h + 1) / ((~y).sum() + 2))
    vocab = cv.get_feature_names_out()
    order = np.argsort(-log_odds)[:top]
    return [(str(vocab[i]), int(m[i]), int(h[i]), round(float(log_odds[i]), 3)) for i in order]
