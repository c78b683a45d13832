"""The scorer: parse once, run every detector, rate the source, combine into a verdict.

Reads top to bottom: text -> :func:`~quality.article.parse` -> each detector -> reliability
model -> :class:`~quality.report.Report`. A ``Scorer`` loads everything once, so build one
and reuse it for many texts.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
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
    ``explain``: compute the reliability drivers (``False`` is faster when nobody reads them).
    """

    def __init__(
        self,
        detectors: Iterable[str] | None = None,
        *,
        reliability: bool | str = True,
        thresholds: Thresholds = Thresholds(),
        explain: bool = True,
    ):
        names = list(detectors) if detectors is not None else list(REGISTRY)
        unknown = sorted(set(names) - set(REGISTRY))
        if unknown:
            raise ValueError(f"unknown detector(s): {', '.join(unknown)}; known: {', '.join(REGISTRY)}")
        self.detectors: list[Detector] = [REGISTRY[n]() for n in names]
        self.thresholds = thresholds
        self.rater = _load_rater(reliability)
        self.explain = explain

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

    def score_many(self, docs: Iterable[Mapping]) -> list[Report]:
        """Reports for a batch of ``{"text", "id"?, "source"?, "title"?, "warnings"?}``, in order.

        Same results as ``score`` one by one, but the reliability model is called once for the
        batch. If the batch fails, each article is scored alone so one bad text stays one error."""
        docs = list(docs)
        try:
            return self._score_batch(docs)
        except Exception:
            return [
                self.score(d["text"], **{k: d[k] for k in ("id", "source", "title", "warnings") if k in d})
                for d in docs
            ]

    def _score(self, text, *, id, source, title, warnings) -> Report:
        return self._score_batch([{"text": text, "id": id, "source": source, "title": title, "warnings": warnings}])[0]

    def _score_batch(self, docs: list[Mapping]) -> list[Report]:
        parsed = [parse(d["text"], id=d.get("id", ""), source=d.get("source"), title=d.get("title")) for d in docs]
        results = [{det.name: det.detect(a) for det in self.detectors} for a in parsed]
        ratings = (
            self.rater.rate_many(list(zip(parsed, results, strict=True)), self.explain) if self.rater and docs else []
        )
        weights = {d.name: d.weight for d in self.detectors}
        reports = []
        for i, (doc, res) in enumerate(zip(docs, results, strict=True)):
            quality = 1.0 - combine(res, weights)
            reliability = ratings[i] if ratings else None
            if reliability is not None:
                # A text from a source rated unreliable loses up to a quarter of its quality.
                quality *= 0.75 + 0.25 * reliability.score
            quality = round(min(1.0, max(0.0, quality)), 4)
            reports.append(
                Report(
                    id=doc.get("id", ""),
                    quality=quality,
                    verdict=self.thresholds.verdict(quality),
                    detectors=res,
                    reliability=reliability,
                    source=doc.get("source"),
                    warnings=list(doc.get("warnings", ())),
                )
            )
        return reports


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
