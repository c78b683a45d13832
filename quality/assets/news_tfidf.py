"""A TF-IDF vectorizer whose IDF was learned on news (AllSides articles), shipped in ``models/``.

Rare-in-news words weigh more, so "Javelin" counts for more than "president" when we ask
whether two texts talk about the same thing. Rebuild with ``quality build tfidf``.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

FILE = "news_tfidf.skops"
# The shipped file's sha256: a changed file is refused. `quality build tfidf` prints the new one.
SHA256 = "9f4a18ae7b8d76eb497d419ae04dc1f0a847f406dd4f384af83d67c55f21ae2d"


def make_vectorizer():
    from sklearn.feature_extraction.text import TfidfVectorizer

    return TfidfVectorizer(
        lowercase=True,
        strip_accents="unicode",
        token_pattern=r"(?u)\b[^\W\d_]{2,}\b",
        stop_words="english",
        min_df=3,
        max_df=0.5,
        max_features=40_000,
        sublinear_tf=True,
    )


def fit(texts: Iterable[str]):
    return make_vectorizer().fit(texts)


@lru_cache(maxsize=1)
def load():
    """The shipped vectorizer, loaded once per process."""
    from quality.assets import persist
    from quality.assets.resources import model_file

    return persist.load(model_file(FILE), expected_sha256=SHA256)


@lru_cache(maxsize=1)
def idf() -> dict[str, float]:
    """Word -> IDF on news (stop words already out): how specific a word is. Detectors that
    weigh words (restatement, caption vocabulary, topic words of headings) share this one table."""
    vectorizer = load()
    return {term: float(vectorizer.idf_[i]) for term, i in vectorizer.vocabulary_.items()}
