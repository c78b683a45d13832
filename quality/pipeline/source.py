"""Rate an outlet from a sample of its articles.

The rule (documented in the README, tested): each article's calibrated P(reliable) is evidence
worth one article; with a uniform Beta(1, 1) prior the outlet's reliability is
Beta(1 + Σp, 1 + Σ(1 − p)). Its mean is the score and its 90% interval the uncertainty, so one
junk article in fifty moves the score less than ten in fifty, and three articles from an
unknown domain give a wide interval that says so. A published rating of the domain, when
known, is reported beside it, with whether the two agree.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from typing import Any

from quality.core.domains import normalise_domain, outlet
from quality.core.policy import DEFAULT, Policy
from quality.core.report import Report
from quality.detectors import REGISTRY
from quality.reliability.ratings import lookup

PRIOR = 1.0  # Beta(1, 1): no opinion before the first article
WIDE = 0.3  # an interval wider than this is flagged as uncertain


@dataclass
class OutletRating:
    domain: str
    articles: int
    label: str
    score: float
    decided_by: str  # domain (a published rating) | text (the articles' evidence)
    text_evidence: float  # posterior mean of the articles' text scores
    interval: tuple[float, float]
    uncertain: bool
    published: dict[str, Any] | None = None
    agrees: bool | None = None
    defect_shares: dict[str, float] = field(default_factory=dict)
    drivers: list[tuple[str, float]] = field(default_factory=list)
    worst: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def table_lines(self) -> list[str]:
        """The outlet as a few lines of text, for a terminal."""
        lo, hi = self.interval
        if self.published:
            said = {True: "the articles agree", False: "the articles disagree", None: "the articles say little"}
            pub = f"decided by the published rating {self.published['rating']} ({said[self.agrees]})"
        else:
            pub = "no published rating: decided by the articles' text"
        note = " — few articles, wide interval" if self.uncertain else ""
        lines = [
            f"{self.domain}: {self.label} {self.score:.2f}; text evidence {self.text_evidence:.2f} "
            f"[{lo:.2f}, {hi:.2f}] from {self.articles} articles{note}; {pub}",
            "  defects: " + ", ".join(f"{k} {v:.0%}" for k, v in self.defect_shares.items()),
            "  drivers: " + ", ".join(f"{k} {v:+.2f}" for k, v in self.drivers),
        ]
        lines += [f"  worst: {w['id']} quality {w['quality']:.2f} {'; '.join(w['findings'])}" for w in self.worst]
        return lines


def beta_rating(probabilities: list[float]) -> tuple[float, tuple[float, float]]:
    """Posterior mean and 90% interval of the outlet's reliability."""
    from scipy.stats import beta

    a = PRIOR + sum(probabilities)
    b = PRIOR + sum(1 - p for p in probabilities)
    return a / (a + b), (float(beta.ppf(0.05, a, b)), float(beta.ppf(0.95, a, b)))


def rate_reports(domain: str, reports: list[Report], policy: Policy = DEFAULT) -> OutletRating:
    """Aggregate scored articles of one outlet; labels and "has the defect" come from the policy."""
    ok = [r for r in reports if r.error is None and r.reliability is not None]
    evidence, interval = beta_rating([r.reliability.text_score for r in ok])
    published = lookup(domain)
    p_published = published.probability(policy.rating_prior) if published else None
    label, score, decided_by = policy.reliability(evidence, p_published)  # the articles' one rule
    shares = {
        REGISTRY[name].label: round(sum(policy.flags(r.detectors[name].score) for r in ok) / max(1, len(ok)), 3)
        for name in (ok[0].detectors if ok else ())
    }
    pushes: dict[str, float] = defaultdict(float)
    for r in ok:
        for d in r.reliability.drivers:
            pushes[d.feature] += d.contribution / len(ok)
    worst = sorted(ok, key=lambda r: r.quality)[:3]
    return OutletRating(
        domain=domain,
        articles=len(ok),
        label=label,
        score=round(score, 4),
        decided_by=decided_by,
        text_evidence=round(evidence, 4),
        interval=(round(interval[0], 4), round(interval[1], 4)),
        uncertain=interval[1] - interval[0] > WIDE,
        published=published.to_dict() if published else None,
        agrees=_agrees(policy.text_label(evidence), label) if published else None,
        defect_shares=shares,
        drivers=sorted(((k, round(v, 4)) for k, v in pushes.items()), key=lambda kv: -abs(kv[1]))[:5],
        worst=[_worst(r) for r in worst],
    )


def _agrees(text_label: str, published_label: str) -> bool | None:
    """Whether the articles' evidence agrees with the published rating; ``None`` when the text
    says nothing (``unknown``)."""
    if text_label == "unknown":
        return None
    return text_label == published_label


def _worst(report: Report) -> dict[str, Any]:
    findings = [f for res in report.detectors.values() for f in res.findings]
    return {"id": report.id, "quality": report.quality, "findings": [f"{f.kind}: {f.text[:80]}" for f in findings[:3]]}


def rate_source(texts: Iterable[str], *, domain: str, scorer=None) -> OutletRating:
    """The Python API: rate ``domain`` from some of its articles' texts."""
    from quality.pipeline.scorer import Scorer

    scorer = scorer or Scorer()
    reports = scorer.score_stream({"text": t, "source": domain, "id": str(i)} for i, t in enumerate(texts))
    return rate_reports(normalise_domain(domain), list(reports), scorer.policy)


def group_by_domain(items: Iterable[tuple[str | None, Report]]) -> dict[str, list[Report]]:
    groups: dict[str, list[Report]] = defaultdict(list)
    for source, report in items:
        groups[(outlet(source) or normalise_domain(source)) if source else "(unknown)"].append(report)
    return dict(groups)
