"""The learned chrome-line model: what one plain-text line carries, and the classifier that reads it.

Line patterns name the chrome someone has seen ("Exit mobile version"); real pages carry far
more ("Sign in to comment", "Photograph: Getty", menus, datelines, tag lists). What chrome lines
share in plain text is their shape: short, no closing punctuation, title case, separators,
links, repeated, far from the prose around them, and a small vocabulary. ``LineFeatures`` turns
each line, with its neighbours and position, into those numbers plus its hashed words; a
logistic regression trained on real pages (``quality train-lines``, see
:mod:`quality_lab.chrome_training`) turns them into P(chrome).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

import numpy as np
from sklearn.base import BaseEstimator, TransformerMixin

from quality.assets.models import CutoffModel

NAME = "chrome_lines"
HASH_FEATURES = 2**15
_WORDS = re.compile(r"[^\W\d_]+")
TERMINAL = frozenset(".!?…\"”’')")
_SEPARATORS = frozenset("|»›·•/>")
_STOPWORDS = frozenset(
    "the a an and or but of to in on at for with by from as is are was were be been has have had it its "
    "this that these those he she they we you i his her their our not no which who what when where said "
    "will would can could der die das und ist nicht mit von zu den le la les et des est".split()
)
DENSE = (
    "log_chars",
    "log_words",
    "one_word",
    "ends_terminal",
    "ends_colon",
    "starts_bullet",
    "upper_share",
    "digit_share",
    "punct_share",
    "title_share",
    "stopword_share",
    "has_link",
    "has_at",
    "separators",
    "has_copyright",
    "sentences",
    "position",
    "near_start",
    "near_end",
    "log_repeats",
    "prev_log_words",
    "next_log_words",
    "prev_terminal",
    "next_terminal",
    "window_log_words",
)


@dataclass(frozen=True)
class LineContext:
    """One line as the model sees it: its text, its neighbours' texts, where it sits, how often it occurs."""

    text: str
    prev: str
    next: str
    index: int
    total: int
    repeats: int


def contexts(lines: Sequence[str]) -> list[LineContext]:
    """Every line of a document (blank lines already removed) with its context."""
    keys = [" ".join(line.casefold().split()) for line in lines]
    counts = Counter(keys)
    n = len(lines)
    return [
        LineContext(line, lines[i - 1] if i else "", lines[i + 1] if i + 1 < n else "", i, n, counts[keys[i]])
        for i, line in enumerate(lines)
    ]


@cache
def line_shape(line: str) -> tuple[float, ...]:
    """Per-line numbers that do not depend on the neighbours, named by ``DENSE[:16]`` (cached:
    pages repeat lines). The page-block model reads the same shape of a block's text."""
    stripped = line.strip()
    words = stripped.split()
    n_words = max(1, len(words))
    n_chars = max(1, len(stripped))
    letters = sum(c.isalpha() for c in stripped) or 1
    lower_words = _WORDS.findall(stripped.casefold())
    return (
        math.log1p(len(stripped)),
        math.log1p(len(words)),
        float(len(words) <= 1),
        float(stripped[-1:] in TERMINAL),
        float(stripped.endswith(":")),
        float(stripped[:1] in "-•*·–"),
        sum(c.isupper() for c in stripped) / letters,
        sum(c.isdigit() for c in stripped) / n_chars,
        sum(not c.isalnum() and not c.isspace() for c in stripped) / n_chars,
        sum(w[:1].isupper() for w in words) / n_words,
        sum(w in _STOPWORDS for w in lower_words) / max(1, len(lower_words)),
        float("http" in stripped or "www." in stripped or ".com" in stripped),
        float("@" in stripped),
        float(sum(c in _SEPARATORS for c in stripped) >= 2),
        float("©" in stripped or "copyright" in stripped.casefold()),
        math.log1p(stripped.count(". ")),
    )


def dense_row(ctx: LineContext) -> list[float]:
    shape = line_shape(ctx.text)
    prev, nxt = line_shape(ctx.prev), line_shape(ctx.next)
    last = max(1, ctx.total - 1)
    return [
        *shape,
        ctx.index / last,
        float(ctx.index < 3),
        float(ctx.total - 1 - ctx.index < 3),
        math.log(max(1, ctx.repeats)),
        prev[1],
        nxt[1],
        prev[3],
        nxt[3],
        (prev[1] + shape[1] + nxt[1]) / 3,
    ]


def words(ctx: LineContext) -> list[str]:
    """The line's lower-case words (the hashed bag), plus its first word marked as first."""
    own = _WORDS.findall(ctx.text.casefold())[:40]
    return own + ["<first>" + w for w in own[:1]]


class LineFeatures(TransformerMixin, BaseEstimator):
    """``LineContext`` rows -> dense shape features, then hashed words (a stateless transform)."""

    def fit(self, X, y=None):
        return self

    def transform(self, X):
        import scipy.sparse as sp
        from sklearn.feature_extraction.text import HashingVectorizer

        dense = sp.csr_matrix(np.asarray([dense_row(c) for c in X], dtype=float).reshape(len(X), len(DENSE)))
        hashed = HashingVectorizer(
            analyzer=words, n_features=HASH_FEATURES, alternate_sign=False, norm=None, binary=True
        ).transform(X)
        return sp.hstack([dense, hashed], format="csr")

    def get_feature_names_out(self, input_features=None):
        return np.asarray([*DENSE, *(f"word#{i}" for i in range(HASH_FEATURES))], dtype=object)


class ChromeLineModel(CutoffModel):
    """The shipped line classifier and its cut-off, loaded once per process."""

    name = NAME

    def proba(self, lines: Sequence[str], only: Sequence[int] | None = None) -> np.ndarray:
        """P(chrome) per line (or for the lines at ``only``, read in the document's context),
        one model call for the document."""
        rows = contexts(lines)
        return self.positive(rows if only is None else [rows[i] for i in only])


@cache
def shipped() -> ChromeLineModel:
    """The shipped model, loaded once per process. A missing or altered file is an error
    (:class:`~quality.assets.persist.ModelFileError`), never silently skipped: without it the
    detector would quietly flag less."""
    return ChromeLineModel.load()
