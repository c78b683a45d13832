"""A TF-IDF vectorizer whose IDF was learned on news (AllSides articles), shipped in ``models/``.

Rare-in-news words weigh more, so "Javelin" counts for more than "president" when we ask
whether two texts talk about the same thing. Rebuild with ``quality build tfidf`` (the lab).
"""

from __future__ import annotations

from functools import lru_cache

NAME = "news_tfidf"


@lru_cache(maxsize=1)
def load():
    """The shipped vectorizer, loaded once per process (checked like every shipped model)."""
    from quality.assets import models

    return models.load(NAME).estimator


@lru_cache(maxsize=1)
def idf() -> dict[str, float]:
    """Word -> IDF on news (stop words already out): how specific a word is. Detectors that
    weigh words (restatement, caption vocabulary, topic words of headings) share this one table."""
    vectorizer = load()
    return {term: float(vectorizer.idf_[i]) for term, i in vectorizer.vocabulary_.items()}
