"""The learned page-block model: P(chrome) for each text block of a page, and what drove it.

:class:`BlockFeatures` turns each :class:`~quality.io.page_blocks.Block`, read with its
neighbours and its place on the page, into numbers (link density, text shape, position) and
hashed names (tag, parent tag, landmarks around it, class and id words, table kind, the words of
a short block); a logistic regression trained on pages from many sites (``quality
train-blocks``, :mod:`quality_lab.block_training`) turns them into P(chrome). The shipped model
carries its cut-off in its card.
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
from quality.detectors.chrome_lines import DENSE, TERMINAL, line_shape
from quality.io.page_blocks import Block

NAME = "page_blocks"
HASH_FEATURES = 2**18
LANDMARKS = ("nav", "header", "footer", "aside", "form", "li", "table", "a", "figure", "article", "main")
SHAPE = DENSE[:16]  # the text's shape, as the chrome-line model reads a line (line_shape)
_LOG_WORDS, _ENDS_TERMINAL = SHAPE.index("log_words"), SHAPE.index("ends_terminal")
_WORD = re.compile(r"[^\W\d_]+")


@dataclass(frozen=True)
class BlockContext:
    """One block as the model reads it: the block, its neighbours, where it sits on the page,
    and how often its text occurs on the page."""

    block: Block
    prev: Block | None
    next: Block | None
    index: int
    total: int
    repeats: int
    before_words: int  # words in the blocks above it
    page_words: int
    prose_near: float  # share of prose blocks (long, punctuated, few links) among the 3 on each side
    main_gap: int  # blocks between it and the first (or last) prose block; 0 inside the prose run
    in_main: bool  # inside the element that holds most of the page's prose


_NEAR = 3


def _prose(block: Block) -> bool:
    return len(block.text.split()) >= 20 and block.text[-1:] in TERMINAL and _link_density(block) < 0.3


def contexts(blocks: Sequence[Block]) -> list[BlockContext]:
    """Every block of one page with its context."""
    counts = Counter(b.text for b in blocks)
    total_words = sum(len(b.text.split()) for b in blocks)
    prose = [_prose(b) for b in blocks]
    where = [i for i, x in enumerate(prose) if x]
    first, last = (where[0], where[-1]) if where else (0, -1)
    holders = Counter(b.path[:-1] for b, x in zip(blocks, prose, strict=True) if x)
    main = holders.most_common(1)[0][0] if holders else None
    out, seen = [], 0
    n = len(blocks)
    for i, b in enumerate(blocks):
        window = prose[max(0, i - _NEAR) : i] + prose[i + 1 : i + 1 + _NEAR]
        gap = first - i if i < first else (i - last if i > last else 0)
        out.append(
            BlockContext(
                b, blocks[i - 1] if i else None, blocks[i + 1] if i + 1 < n else None, i, n, counts[b.text],
                seen, total_words, sum(window) / max(1, len(window)), gap if where else n,
                main is not None and b.path[: len(main)] == main,
            )
        )  # fmt: skip
        seen += len(b.text.split())
    return out


def _link_density(block: Block | None) -> float:
    return block.link_chars / max(1, len(block.text)) if block else 1.0


def features(ctx: BlockContext) -> dict[str, float]:
    """The block's features as a name -> value mapping (hashed by :class:`BlockFeatures`)."""
    b = ctx.block
    out = dict(zip(SHAPE, line_shape(b.text), strict=True))
    for side, other in (("prev", ctx.prev), ("next", ctx.next)):
        shape = line_shape(other.text) if other else (0.0,) * len(SHAPE)
        out[f"{side}_log_words"] = shape[_LOG_WORDS]
        out[f"{side}_terminal"] = shape[_ENDS_TERMINAL]
        out[f"{side}_links"] = _link_density(other)
        out[f"{side}_same_tag"] = float(other is not None and other.tag == b.tag)
    links = _link_density(b)
    out["links"] = links
    out["all_link"] = float(links > 0.9)
    out["position"] = ctx.before_words / max(1, ctx.page_words)
    out["index"] = ctx.index / max(1, ctx.total - 1)
    out["log_repeats"] = math.log(max(1, ctx.repeats))
    out["text_density"] = len(b.text.split()) / max(1.0, math.ceil(len(b.text) / 80))
    out["depth"] = min(len(b.path), 40) / 40
    out["prose_near"] = ctx.prose_near
    out["log_main_gap"] = math.log1p(ctx.main_gap)
    out["in_main"] = float(ctx.in_main)
    out["outside_main_links"] = float(not ctx.in_main) * links
    out[f"tag={b.tag}"] = 1.0
    out[f"parent={b.path[-2] if len(b.path) > 1 else ''}"] = 1.0
    for landmark in LANDMARKS:
        if landmark in b.path[:-1]:
            out[f"in={landmark}"] = 1.0
    if b.table:
        out[f"table={b.table}"] = 1.0
    for token in b.tokens:
        out[f"cls={token}"] = 1.0
    words = _WORD.findall(b.text.casefold())
    if len(words) <= 6:
        for w in words:
            out[f"short={w}"] = 1.0
    if words:
        out[f"first={words[0]}"] = 1.0
    return out


class BlockFeatures(TransformerMixin, BaseEstimator):
    """``BlockContext`` rows -> hashed feature vectors (a stateless transform)."""

    def fit(self, X, y=None):
        return self

    def transform(self, X):
        from sklearn.feature_extraction import FeatureHasher

        return FeatureHasher(n_features=HASH_FEATURES, alternate_sign=False).transform(features(c) for c in X)


class BlockModel(CutoffModel):
    """The shipped block classifier and its cut-off, loaded once per process."""

    name = NAME

    def proba(self, blocks: Sequence[Block], ctx: list[BlockContext] | None = None) -> np.ndarray:
        """P(chrome) for each block of one page, read in the page's context (``ctx``: the
        blocks' :func:`contexts`, when the caller has them already). Blocks of a data table are
        never chrome: a table of results or prices is the article's content."""
        p = self.positive(ctx if ctx is not None else contexts(blocks))
        p[[b.table == "data" for b in blocks]] = 0.0
        return p

    def drivers(self, ctx: BlockContext, k: int = 3) -> list[str]:
        """The ``k`` named features that pushed this block furthest towards chrome."""
        from sklearn.utils import murmurhash3_32

        steps = self.estimator.named_steps
        coef = steps["model"].coef_[0] * (1 if list(steps["model"].classes_).index(1) else -1)
        scale = steps["scale"].max_abs_
        pushes = []
        for name, value in features(ctx).items():
            i = abs(murmurhash3_32(name, seed=0)) % HASH_FEATURES
            if value and scale[i]:
                pushes.append((coef[i] * value / scale[i], name))
        return [name for push, name in sorted(pushes, reverse=True)[:k] if push > 0]


@cache
def shipped() -> BlockModel:
    """The shipped model, loaded once per process; a missing or altered file is an error."""
    return BlockModel.load()
