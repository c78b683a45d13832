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
import json
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from quality.core.domains import normalise_domain

FILE = "domain_ratings.csv"
# OpenSources tags -> the three labels (also how the FakeNewsCorpus articles are labelled).
OPENSOURCES_LABELS = {
    "reliable": "reliable",
    "fake": "unreliable",
    "conspiracy": "unreliable",
    "junksci": "unreliable",
    "hate": "unreliable",
    "satire": "unreliable",
    "unreliable": "unreliable",
    "bias": "mixed",
    "clickbait": "mixed",
    "political": "mixed",
    "rumor": "mixed",
}
MBFC_LABELS = {
    "very high": "reliable",
    "high": "reliable",
    "mostly factual": "reliable",
    "mixed": "mixed",
    "low": "unreliable",
    "very low": "unreliable",
}
CONSENSUS_LABELS = {"1": "reliable", "0": "mixed", "-1": "unreliable", "-2": "unreliable"}
GRAPH_RELIABLE_AT, GRAPH_UNRELIABLE_BELOW = 0.8, -0.4
SETS = ("idiap_consensus", "hanley2024", "idiap_mbfc", "opensources", "idiap_graph")  # precedence


@dataclass(frozen=True)
class DomainRating:
    domain: str
    label: str  # reliable | mixed | unreliable
    rating: str  # the deciding published value, e.g. "idiap_mbfc:low" or "opensources:conspiracy"
    source: str  # which set decided
    also: str = ""  # the other sets' verdicts, "set:value" joined by "|"

    def to_dict(self) -> dict:
        return {
            "domain": self.domain,
            "label": self.label,
            "rating": self.rating,
            "source": self.source,
            "also": [a for a in self.also.split("|") if a],
        }


def _consensus(root: Path) -> Iterator[tuple[str, str, str]]:
    with (root / "idiap" / "golden_truth_dataset.csv").open(encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            label = CONSENSUS_LABELS.get(r["reliability_label"].strip())
            if label:
                yield r["domain"], label, f"{r['reliability_label'].strip()} ({r.get('label_source') or 'consensus'})"


def _hanley(root: Path) -> Iterator[tuple[str, str, str]]:
    for name, label in (("reliable_domains.txt", "reliable"), ("unreliable_domains.txt", "unreliable")):
        for line in (root / "hanley2024" / name).read_text(encoding="utf-8").splitlines():
            if line.strip():
                yield line.strip(), label, label


def _mbfc(root: Path) -> Iterator[tuple[str, str, str]]:
    with (root / "idiap" / "mbfc.csv").open(encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            value = (r.get("factual_reporting") or "").strip().lower()
            if value in MBFC_LABELS:
                yield r["source"], MBFC_LABELS[value], value


def _opensources(root: Path) -> Iterator[tuple[str, str, str]]:
    with (root / "opensources_websites.csv").open(encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            value = r["type"].strip().lower()
            if value in OPENSOURCES_LABELS:
                yield r["url"], OPENSOURCES_LABELS[value], value


def _graph(root: Path) -> Iterator[tuple[str, str, str]]:
    scores = json.loads((root / "idiap" / "reliability_scores.json").read_text(encoding="utf-8"))
    for domain, values in scores.items():
        score = values.get("p+fp-average")
        if score is None:
            continue
        if score >= GRAPH_RELIABLE_AT or score < GRAPH_UNRELIABLE_BELOW:  # in between, the estimate says little
            yield domain, "reliable" if score >= GRAPH_RELIABLE_AT else "unreliable", f"{score:.2f}"


READERS = {"idiap_consensus": _consensus, "hanley2024": _hanley, "idiap_mbfc": _mbfc,
           "opensources": _opensources, "idiap_graph": _graph}  # fmt: skip


def build_table(media_ratings: Path) -> list[DomainRating]:
    """One row per domain: the first set (in ``SETS`` order) decides, the others are kept in ``also``."""
    verdicts: dict[str, dict[str, tuple[str, str]]] = {}
    for name in SETS:
        for raw, label, value in READERS[name](media_ratings):
            domain = normalise_domain(raw)
            if domain and name not in verdicts.setdefault(domain, {}):
                verdicts[domain][name] = (label, value)
    return [merge(domain, by_set) for domain, by_set in sorted(verdicts.items())]


def merge(domain: str, by_set: dict[str, tuple[str, str]]) -> DomainRating:
    """The disagreement rule: the highest-precedence set decides; the rest are listed."""
    ordered = [name for name in SETS if name in by_set]
    first = ordered[0]
    label, value = by_set[first]
    also = "|".join(f"{name}:{by_set[name][1]}={by_set[name][0]}" for name in ordered[1:])
    return DomainRating(domain, label, f"{first}:{value}", first, also)


def write_table(rows: list[DomainRating], path: Path) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["domain", "label", "rating", "source", "also"])
        writer.writerows([r.domain, r.label, r.rating, r.source, r.also] for r in rows)


@lru_cache(maxsize=4)
def load_table(path: str | None = None) -> dict[str, DomainRating]:
    from quality.assets.resources import data_file

    with Path(path or data_file(FILE)).open(encoding="utf-8") as fh:
        return {r["domain"]: DomainRating(**r) for r in csv.DictReader(fh)}


def lookup(source: str | None, table: dict[str, DomainRating] | None = None) -> DomainRating | None:
    """The rating of a URL or domain, trying parent domains (``news.example.com`` -> ``example.com``)."""
    if not source:
        return None
    table = load_table() if table is None else table
    domain = normalise_domain(source)
    if not domain:
        return None
    parts = domain.split(".")
    for i in range(len(parts) - 1):
        hit = table.get(".".join(parts[i:]))
        if hit:
            return hit
    return None
