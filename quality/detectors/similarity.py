"""How alike two texts are in meaning, for captions: news TF-IDF (default) or static embeddings.

Both give a cosine and map it onto [0, 1] between ``low`` (unrelated) and ``high`` (clearly
about the same thing); the two bounds are measured on the caption benchmark, because cosines
of different backends live on different scales.

- ``tfidf``: word TF-IDF with IDF learned on news (``models/news_tfidf.skops``); no extra
  dependency, microseconds per caption.
- ``embeddings``: a static (model2vec) distillation of all-MiniLM-L6-v2, shipped as
  ``models/caption_embeddings/``; needs ``pip install ".[embeddings]"`` (model2vec, no torch).
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np


class TfidfSimilarity:
    name = "tfidf"
    low, high = 0.0, 0.12

    def cosine(self, a: str, b: str) -> float:
        return self.cosines([a], b)[0]

    def cosines(self, texts: list[str], body: str) -> list[float]:
        """Cosine of each text with one body, the body vectorised once (rows are L2-normalised)."""
        from quality.assets import news_tfidf

        vectors = news_tfidf.load().transform([body, *texts])
        return [float(v) for v in (vectors[1:] @ vectors[0].T).toarray().ravel()]

    def scaled(self, cosine: float) -> float:
        return float(np.clip((cosine - self.low) / (self.high - self.low), 0.0, 1.0))


class EmbeddingSimilarity(TfidfSimilarity):
    name = "embeddings"
    low, high = 0.45, 0.65  # other-topic and matched medians on a calibration caption set (README)

    def cosines(self, texts: list[str], body: str) -> list[float]:
        vectors = _static_model().encode([body, *texts])
        norms = np.maximum(np.linalg.norm(vectors, axis=1), 1e-9)
        return [float(c) for c in (vectors[1:] @ vectors[0]) / (norms[1:] * norms[0])]


@lru_cache(maxsize=1)
def _static_model():
    try:
        from model2vec import StaticModel
    except ImportError as exc:
        raise ImportError("the embeddings backend needs: pip install '.[embeddings]'") from exc
    from quality.assets.resources import model_file

    return StaticModel.from_pretrained(str(model_file("caption_embeddings")))


BACKENDS = {"tfidf": TfidfSimilarity, "embeddings": EmbeddingSimilarity}


def backend(name: str = "tfidf") -> TfidfSimilarity:
    try:
        return BACKENDS[name]()
    except KeyError:
        raise ValueError(f"unknown similarity backend {name!r}; choose {', '.join(BACKENDS)}") from None
