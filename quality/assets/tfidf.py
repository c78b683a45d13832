"""TF-IDF rows of fitted scikit-learn vectorizers, with the counting done in C.

scikit-learn counts terms in a Python loop of one dict lookup and update per token (and, for
character n-grams, one slice per n-gram). Counting with ``Counter`` (and caching each word's
character n-grams, since words repeat) gives the same counts in a fraction of the time; the idf
weighting and normalisation stay scikit-learn's own, so the matrix is the same (tests compare
them on the seeds and on hypothesis-generated text). A vectorizer configured any other way takes
scikit-learn's own path.
"""

from __future__ import annotations

from collections import Counter
from functools import lru_cache

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfVectorizer


def tfidf_rows(tfidf, docs):
    """``tfidf.transform(docs)``, the same matrix: word 1-2-grams and character n-grams within
    words (``char_wb``) counted by ``Counter``; any other configuration by scikit-learn."""
    if _plain_char_wb(tfidf):
        return _char_wb_rows(tfidf, docs)
    if not (
        type(tfidf) is TfidfVectorizer
        and tfidf.analyzer == "word"
        and not tfidf.binary
        and tfidf.ngram_range == (1, 2)
        and not tfidf.get_stop_words()
        and hasattr(tfidf, "_tfidf")
    ):
        return tfidf.transform(docs)
    decode, preprocess, tokenize = tfidf.decode, tfidf.build_preprocessor(), tfidf.build_tokenizer()

    def counts(doc: str) -> Counter:
        words = tokenize(preprocess(decode(doc)))
        counted = Counter(words)
        counted.update(map(" ".join, zip(words, words[1:], strict=False)))
        return counted

    return _weighted(tfidf, map(counts, docs))


def _weighted(tfidf, counts):
    """Per-document term counts -> scikit-learn's own idf weighting and normalisation."""
    vocabulary = tfidf.vocabulary_
    indices: list[int] = []
    values: list[int] = []
    indptr = [0]
    for counted in counts:
        for term, n in counted.items():
            j = vocabulary.get(term)
            if j is not None:
                indices.append(j)
                values.append(n)
        indptr.append(len(indices))
    matrix = sp.csr_matrix(
        (np.asarray(values, dtype=np.intc), np.asarray(indices, dtype=np.int32), np.asarray(indptr, dtype=np.int32)),
        shape=(len(indptr) - 1, len(vocabulary)),
        dtype=tfidf.dtype,
    )
    matrix.sort_indices()
    return tfidf._tfidf.transform(matrix, copy=False)


def _plain_char_wb(tfidf) -> bool:
    return (
        type(tfidf) is TfidfVectorizer
        and tfidf.analyzer == "char_wb"
        and not tfidf.binary
        and not tfidf.lowercase
        and tfidf.strip_accents is None
        and tfidf.preprocessor is None
        and tfidf.input == "content"
        and hasattr(tfidf, "_tfidf")
    )


@lru_cache(maxsize=200_000)
def _word_grams(word: str, low: int, high: int) -> tuple[str, ...]:
    """scikit-learn's ``char_wb`` n-grams of one word (padded with a space on each side)."""
    w = f" {word} "
    grams = []
    for n in range(low, high + 1):
        if len(w) <= n:  # the whole padded word is the one n-gram, and longer n add nothing
            grams.append(w[:n])
            break
        grams.extend(w[i : i + n] for i in range(len(w) - n + 1))
    return tuple(grams)


def _char_wb_rows(tfidf, docs):
    low, high = tfidf.ngram_range

    def counts(doc: str) -> Counter:
        counted: Counter = Counter()
        for word in doc.split():
            counted.update(_word_grams(word, low, high))
        return counted

    return _weighted(tfidf, map(counts, docs))
