"""The one interface every detector shares, and the registry that lists them.

A detector is a small class: thresholds are constructor parameters with defaults (a config
file can set them, see :mod:`quality.core.policy`), and its only required method, ``detect``,
reads the parsed :class:`~quality.core.article.Article` and returns a
:class:`~quality.core.report.DetectorResult`. ``label`` and ``colour`` are how reports and the
HTML view name and paint it, so nothing else needs editing when a detector is added: one
file with ``@register`` and its import in ``detectors/__init__``. How much a detector weighs
in the verdict is policy, not the detector's business.
"""

from __future__ import annotations

import math
from abc import ABC, abstractmethod
from typing import ClassVar

from quality.core.article import Article
from quality.core.report import DetectorResult, Finding

REGISTRY: dict[str, type[Detector]] = {}


class Detector(ABC):
    """Base class: ``name`` is the report key, ``label`` a short human name, ``colour`` its highlight."""

    name: ClassVar[str]
    label: ClassVar[str]
    weight: ClassVar[float]
    colour: ClassVar[str] = "#dddddd"

    @abstractmethod
    def detect(self, article: Article) -> DetectorResult:
        """Findings and a score in [0, 1] for one article; never raises on odd text.
        Must run in time linear in the article's length (see benchmarks/adversarial.py)."""


def register(cls: type[Detector]) -> type[Detector]:
    """Class decorator that makes a detector part of every ``Scorer``, in import order.
    Refuses a detector without a name, a label or a default weight in [0, 1]."""
    for attr in ("name", "label"):
        if not isinstance(getattr(cls, attr, None), str):
            raise TypeError(f"{cls.__name__}: a detector needs a {attr!r} string")
    weight = getattr(cls, "weight", None)
    if not isinstance(weight, int | float) or isinstance(weight, bool) or not 0.0 <= weight <= 1.0:
        raise TypeError(f"{cls.__name__}: a detector needs a default 'weight' in [0, 1], got {weight!r}")
    REGISTRY[cls.name] = cls
    return cls


def default_weights() -> dict[str, float]:
    """Every registered detector's own weight, in report order."""
    return {name: float(cls.weight) for name, cls in REGISTRY.items()}


def finding(article: Article, kind: str, start: int, end: int, detail: str = "") -> Finding:
    """A finding whose ``text`` is, by construction, ``article.text[start:end]``."""
    return Finding(kind=kind, start=start, end=end, text=article.text[start:end], detail=detail)


def saturate(value: float, scale: float) -> float:
    """Map a non-negative amount to [0, 1): ``scale`` is where the score reaches about 0.63."""
    if value <= 0 or scale <= 0:
        return 0.0
    return round(1.0 - math.exp(-value / scale), 4)
