"""Published domain ratings: what rating bodies say about an outlet, with their provenance.

A rating of the outlet is stronger evidence about its reliability than the style of one
article, so when an input names its domain we look it up and report it beside the text score.
The package ships one compact table (``quality/data/domain_ratings.csv``: domain, label, the
deciding rating, its set, and every other set's verdict) built from
``../shared/datasets/media_ratings`` by ``quality build ratings``, from the sets whose licence
allows redistribution (Apache-2.0 each; see the README for citations):

1. ``idiap_consensus``: consensus of MBFC, NewsGuard and Wikipedia's perennial sources
   (idiap/News-Media-Reliability ``golden_truth_dataset.csv``);
2. ``hanley2024``: Hanley & Durumeric (2024) reliable and unreliable domain lists;
3. ``idiap_mbfc``: MBFC factual-reporting ratings (idiap's ``mbfc.csv``);
4. ``opensources``: OpenSources tags (via FakeNewsCorpus);
5. ``idiap_graph``: graph-based reliability scores (Burdisso et al. 2024), for domains no
   human rating covers: >= 0.8 reliable, < -0.4 unreliable, nothing in between (on the
   consensus-labelled domains, 99.9% of those >= 0.8 are reliable and 77% of those < -0.4
   unreliable, the rest mixed).

Disagreements: the first set in this order that rates a domain decides its label (human
consensus before single lists, human ratings before the graph estimate); every other set's
verdict is kept in ``also``, so a report shows when sets disagree.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from quality.core.domains import normalise_domain, outlet

FILE = "domain_ratings.csv"


@dataclass(frozen=True)
class DomainRating:
    domain: str
    label: str  # reliable | mixed | unreliable
    rating: str  # the deciding published value, e.g. "idiap_mbfc:low" or "opensources:conspiracy"
    source: str  # which set decided
    also: str = ""  # the other sets' verdicts, "set:value" joined by "|"
    p_reliable: str = ""  # a continuous rating (the graph score) as P(reliable); "" for a label

    def to_dict(self) -> dict:
        out = {
            "domain": self.domain,
            "label": self.label,
            "rating": self.rating,
            "source": self.source,
            "also": [a for a in self.also.split("|") if a],
        }
        if self.p_reliable:
            out["p_reliable"] = float(self.p_reliable)
        return out

    def probability(self, prior: dict[str, float]) -> float:
        """What the rating says as P(reliable): its own value when continuous, else the
        policy's prior for its label."""
        return float(self.p_reliable) if self.p_reliable else float(prior[self.label])


@lru_cache(maxsize=4)
def load_table(path: str | None = None) -> dict[str, DomainRating]:
    from quality.assets.resources import data_file

    with Path(path or data_file(FILE)).open(encoding="utf-8") as fh:
        return {r["domain"]: DomainRating(**r) for r in csv.DictReader(fh)}


def lookup(source: str | None, table: dict[str, DomainRating] | None = None) -> DomainRating | None:
    """The rating of a URL or domain: the host, then its parents down to its outlet
    (``news.example.com`` -> ``example.com``), never above it: a platform user
    (``alice.blogspot.com``, ``medium.com/@alice``) is not rated as the platform."""
    if not source:
        return None
    table = load_table() if table is None else table
    domain = normalise_domain(source)
    if not domain:
        return None
    key = outlet(source)
    if "/" in key:  # a platform user's path: only a rating of that user counts
        return table.get(key)
    parts = domain.split(".")
    for i in range(len(parts) - 1):
        candidate = ".".join(parts[i:])
        hit = table.get(candidate)
        if hit:
            return hit
        if candidate == key:
            break
    return None
