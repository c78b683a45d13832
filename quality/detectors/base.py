"""The one interface every detector shares, and the registry that lists them.

A detector is a small class: thresholds are constructor parameters with defaults, and its
only required method, ``detect``, reads the parsed :class:`~quality.article.Article` and
returns a :class:`~quality.report.DetectorResult`. Adding a detector is adding one file
that defines such a class with ``@register`` and importing it in ``detectors/__init__``.
"""

from __future__ import annotations

import math
from abc import ABC, abstractmethod
from typing import ClassVar

from quality.article import Article
from quality.report import DetectorResult, Finding

REGISTRY: dict[str, type[Detector]] = {}


class Detector(ABC):
    """Base class: ``name`` is the report key, ``weight`` its share in the overall junk score."""

    name: ClassVar[str]
    weight: ClassVar[float] = 1.0

    @abstractmethod
    def detect(self, article: Article) -> DetectorResult:
        """Findings and a score in [0, 1] for one article; never raises on odd text."""


def register(cls: type[Detector]) -> type[Detector]:
    """Class decorator that makes a detector part of every ``Scorer``."""
    REGISTRY[cls.name] = cls
    return cls


def finding(article: Article, kind: str, start: int, end: int, detail: str = "") -> Finding:
    """A finding whose ``text`` is, by construction, ``article.text[start:end]``."""
    return Finding(kind=kind, start=start, end=end, text=article.text[start:end], detail=detail)


def saturate(value: float, scale: float) -> float:
    """Map a non-negative amount to [0, 1): ``scale`` is where the score reaches about 0.63."""
    if value <= 0 or scale <= 0:
        return 0.0
    return round(1.0 - math.exp(-value / scale), 4)
