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


def json_line(obj: Any, indent: int | None = None) -> str:
    """JSON for any record a reader can produce, never a failure: lone surrogates (valid JSON,
    invalid UTF-8) as ``\\u`` escapes, NaN and infinities as ``null`` (JSON has neither),
    dates, times, decimals and bytes (Parquet columns) as strings."""
    try:
        line = json.dumps(obj, ensure_ascii=False, allow_nan=False, default=_plain, indent=indent)
    except ValueError:  # a NaN or an infinity somewhere
        obj = _finite(obj)
        line = json.dumps(obj, ensure_ascii=False, default=_plain, indent=indent)
    return json.dumps(obj, default=_plain, indent=indent, allow_nan=False) if _SURROGATE.search(line) else line


def _plain(value: Any) -> Any:
    """A JSON-ready stand-in for a value json cannot write."""
    import base64
    import datetime
    import decimal

    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, bytes | bytearray | memoryview):
        return base64.b64encode(bytes(value)).decode("ascii")
    if isinstance(value, set | frozenset | tuple):
        return list(value)
    return str(value)


def _finite(value: Any) -> Any:
    import math

    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_finite(v) for v in value]
    return value


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
