"""The report schema as dataclasses: what one article's scoring returns.

The JSON form (``Report.to_dict``) is the stable contract documented in README and in
``quality/core/schema/report.schema.json``; pipelines group by ``kind`` and detector names.
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, field
from typing import Any

VERDICTS = ("keep", "review", "drop")
SCHEMA_VERSION = "1.0"


_SURROGATE = re.compile("[\ud800-\udfff]")


def json_line(obj: Any) -> str:
    """One JSON line, UTF-8 safe: text with lone surrogates (valid JSON, invalid UTF-8) is
    written with ``\\u`` escapes instead of failing the output file."""
    line = json.dumps(obj, ensure_ascii=False)
    return json.dumps(obj) if _SURROGATE.search(line) else line


@dataclass(frozen=True)
class Finding:
    """One defect: ``text == article_text[start:end]``; ``kind`` is a stable short string."""

    kind: str
    start: int
    end: int
    text: str
    detail: str = ""


@dataclass
class DetectorResult:
    """A detector's answer: ``score`` in [0, 1] (higher = more of the defect)."""

    score: float
    findings: list[Finding] = field(default_factory=list)
    features: dict[str, float] = field(default_factory=dict)


@dataclass
class Driver:
    """One feature's push on the reliability score (positive = towards reliable)."""

    feature: str
    value: float
    contribution: float


@dataclass
class Reliability:
    """Source-reliability rating: text model, published domain rating, and the decision."""

    label: str
    score: float
    text_score: float
    drivers: list[Driver] = field(default_factory=list)
    domain_rating: dict[str, Any] | None = None
    decided_by: str = "text"


@dataclass
class Report:
    """Everything ``quality`` says about one article."""

    id: str
    quality: float | None
    verdict: str
    detectors: dict[str, DetectorResult] = field(default_factory=dict)
    reliability: Reliability | None = None
    source: str | None = None
    warnings: list[str] = field(default_factory=list)
    error: str | None = None
    error_kind: str | None = None

    @classmethod
    def failed(cls, id: str, error: str, source: str | None = None, kind: str = "unreadable") -> Report:
        """A report for an input that could not be scored: it still appears in the output.
        ``kind`` names the error for counting (``malformed_json``, ``time_budget``, ...)."""
        return cls(id=id, quality=None, verdict="error", source=source, error=error, error_kind=kind)

    def findings(self) -> list[tuple[str, Finding]]:
        """All findings as ``(detector, finding)``, in text order."""
        pairs = [(name, f) for name, r in self.detectors.items() for f in r.findings]
        return sorted(pairs, key=lambda p: (p[1].start, p[1].end))

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema_version": SCHEMA_VERSION,
            "id": self.id,
            "source": self.source,
            "quality": self.quality,
            "verdict": self.verdict,
            "detectors": {name: asdict(r) for name, r in self.detectors.items()},
            "reliability": asdict(self.reliability) if self.reliability else None,
            "warnings": list(self.warnings),
            "error": self.error,
            "error_kind": self.error_kind,
        }
