"""The scorer: parse once, run every detector, rate the source, combine into a verdict.

Reads top to bottom: text -> :func:`~quality.article.parse` -> each detector -> reliability
model -> :class:`~quality.report.Report`. A ``Scorer`` loads everything once, so build one
and reuse it for many texts.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from quality.article import parse
from quality.detectors import REGISTRY, Detector
from quality.report import DetectorResult, Report


@dataclass(frozen=True)
class Thresholds:
    """Verdict cut-offs on ``quality`` (higher is better): keep >= keep, drop < drop."""

    keep: float = 0.65
    drop: float = 0.35

    def verdict(self, quality: float) -> str:
        if quality >= self.keep:
            return "keep"
        return "drop" if quality < self.drop else "review"


def combine(results: dict[str, DetectorResult], weights: dict[str, float]) -> float:
    """Overall junk in [0, 1]: each defect independently removes its weighted share.

    ``1 - prod(1 - w * score)`` lets one strong defect dominate while several weak ones add
    up, and never leaves [0, 1].
    """
    clean = 1.0
    for name, result in results.items():
        clean *= 1.0 - weights.get(name, 1.0) * result.score
    return 1.0 - clean


class Scorer:
    """Scores articles; reusable and cheap per call once built.

    ``detectors``: names to run (default: every registered detector).
    ``reliability``: ``True`` for the shipped model, ``False`` for none, or a model path.
    """

    def __init__(
        self,
        detectors: Iterable[str] | None = None,
        *,
        reliability: bool | str = True,
        thresholds: Thresholds = Thresholds(),
    ):
        names = list(detectors) if detectors is not None else list(REGISTRY)
        unknown = sorted(set(names) - set(REGISTRY))
        if unknown:
            raise ValueError(f"unknown detector(s): {', '.join(unknown)}; known: {', '.join(REGISTRY)}")
        self.detectors: list[Detector] = [REGISTRY[n]() for n in names]
        self.thresholds = thresholds
        self.rater = _load_rater(reliability)

    def score(
        self,
        text: str,
        *,
        id: str = "",
        source: str | None = None,
        title: str | None = None,
        warnings: Iterable[str] = (),
    ) -> Report:
        """One article's report; an internal failure becomes ``Report.error``, never a raise."""
        try:
            return self._score(text, id=id, source=source, title=title, warnings=list(warnings))
        except Exception as exc:  # a bug on one odd text must not stop a batch
            return Report.failed(id, f"internal error while scoring: {type(exc).__name__}: {exc}", source)

    def _score(self, text, *, id, source, title, warnings) -> Report:
        article = parse(text, id=id, source=source, title=title)
        results = {d.name: d.detect(article) for d in self.detectors}
        quality = 1.0 - combine(results, {d.name: d.weight for d in self.detectors})
        reliability = self.rater.rate(article, results) if self.rater else None
        if reliability is not None:
            # A text from a source rated unreliable loses up to a quarter of its quality.
            quality *= 0.75 + 0.25 * reliability.score
        quality = round(min(1.0, max(0.0, quality)), 4)
        return Report(
            id=id,
            quality=quality,
            verdict=self.thresholds.verdict(quality),
            detectors=results,
            reliability=reliability,
            source=source,
            warnings=warnings,
        )


def _load_rater(reliability: bool | str):
    if reliability is False:
        return None
    from quality.reliability.rater import Rater

    return Rater.load(None if reliability is True else reliability)


_DEFAULT: Scorer | None = None


def score(text: str, *, source: str | None = None, id: str = "", title: str | None = None) -> Report:
    """Score one text with a shared default :class:`Scorer` (built on first use)."""
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = Scorer()
    return _DEFAULT.score(text, id=id, source=source, title=title)
