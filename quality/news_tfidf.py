"""A TF-IDF vectorizer whose IDF was learned on news (AllSides articles), shipped in ``models/``.

Rare-in-news words weigh more, so "Javelin" counts for more than "president" when we ask
whether two texts talk about the same thing. Rebuild with ``quality build tfidf``.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

FILE = "news_tfidf.skops"
# The shipped file's sha256: a changed file is refused. `quality build tfidf` prints the new one.
SHA256 = "aebdf9d3d3c818010f21254c02cc1b87f9a5d70f722315e00f6ac37d5417de71"


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
    from quality.persist import compact_vectorizer

    return compact_vectorizer(make_vectorizer().fit(texts))


@lru_cache(maxsize=1)
def load():
    """The shipped vectorizer, loaded once per process."""
    from quality import persist
    from quality.resources import model_file

    return persist.load(model_file(FILE), expected_sha256=SHA256)


@lru_cache(maxsize=1)
def idf() -> dict[str, float]:
    """Word -> IDF on news (stop words already out): how specific a word is. Detectors that
    weigh words (restatement, caption vocabulary, topic words of headings) share this one table."""
    vectorizer = load()
    return {term: float(vectorizer.idf_[i]) for term, i in vectorizer.vocabulary_.items()}
