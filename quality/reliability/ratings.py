"""Published domain ratings: MBFC factuality (Baly et al. 2018/2020) and OpenSources tags.

A rating of the outlet is stronger evidence about its reliability than the style of one
article, so when an input names its domain we look it up and report it beside the text score.
The package ships a compact table (``quality/data/domain_ratings.csv``: domain, label, the
rating it came from) built from ``../shared/datasets/media_ratings`` by ``quality build ratings``.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from quality.domains import normalise_domain

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
    "high": "reliable",
    "very high": "reliable",
    "mixed": "mixed",
    "low": "unreliable",
    "very low": "unreliable",
}
# Newest first: when two sources rate a domain, the first one wins.
MBFC_FILES = ("mbfc_acl2020.tsv", "mbfc_emnlp18.tsv")


@dataclass(frozen=True)
class DomainRating:
    domain: str
    label: str  # reliable | mixed | unreliable
    rating: str  # the published value, e.g. "mbfc:low" or "opensources:conspiracy"
    source: str  # which table it came from

    def to_dict(self) -> dict[str, str]:
        return {"domain": self.domain, "label": self.label, "rating": self.rating, "source": self.source}


def build_table(media_ratings: Path) -> list[DomainRating]:
    """Merge the published tables into one row per domain (MBFC before OpenSources)."""
    rows: dict[str, DomainRating] = {}
    for name in MBFC_FILES:
        with (media_ratings / name).open(encoding="utf-8") as fh:
            for r in csv.DictReader(fh, delimiter="\t"):
                domain = normalise_domain(r["source_url_normalized"] or r["source_url"])
                label = MBFC_LABELS.get(r["fact"].strip().lower())
                if domain and label and domain not in rows:
                    rows[domain] = DomainRating(domain, label, f"mbfc:{r['fact'].strip().lower()}", name)
    with (media_ratings / "opensources_websites.csv").open(encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            domain = normalise_domain(r["url"])
            label = OPENSOURCES_LABELS.get(r["type"].strip().lower())
            if domain and label and domain not in rows:
                rows[domain] = DomainRating(domain, label, f"opensources:{r['type'].strip().lower()}", "opensources")
    return sorted(rows.values(), key=lambda d: d.domain)


def write_table(rows: list[DomainRating], path: Path) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["domain", "label", "rating", "source"])
        writer.writerows([r.domain, r.label, r.rating, r.source] for r in rows)


@lru_cache(maxsize=4)
def load_table(path: str | None = None) -> dict[str, DomainRating]:
    from quality.resources import data_file

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
