"""Building the shipped domain-ratings table from ``../shared/datasets/media_ratings``.

The sets whose licence allows redistribution (Apache-2.0 each; docs/measurements.md cites them),
in order of precedence (the first set that rates a domain decides its label; every other set's
verdict is kept in ``also``):

1. ``idiap_consensus``: consensus of MBFC, NewsGuard and Wikipedia's perennial sources;
2. ``hanley2024``: Hanley & Durumeric (2024) reliable and unreliable domain lists;
3. ``idiap_mbfc``: MBFC factual-reporting ratings (idiap's ``mbfc.csv``);
4. ``opensources``: OpenSources tags (via FakeNewsCorpus);
5. ``idiap_graph``: graph-based reliability scores (Burdisso et al. 2024) for every domain no human
   rating covers, shipped as a continuous P(reliable): the graph score mapped through a logistic
   fit on the domains that have both a graph score and a consensus label (reliable or unreliable).
   The policy's cut-offs turn it into a label at run time.
"""

from __future__ import annotations

import csv
import json
import math
from collections.abc import Iterator
from pathlib import Path

from quality.core.domains import normalise_domain
from quality.reliability.ratings import DomainRating

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
SETS = ("idiap_consensus", "hanley2024", "idiap_mbfc", "opensources", "idiap_graph")  # precedence


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


def graph_scores(root: Path) -> dict[str, float]:
    scores = json.loads((root / "idiap" / "reliability_scores.json").read_text(encoding="utf-8"))
    return {d: float(v["p+fp-average"]) for d, v in scores.items() if v.get("p+fp-average") is not None}


def graph_calibration(root: Path) -> tuple[float, float]:
    """``(a, b)`` with P(reliable) = sigmoid(a·score + b), fitted on the domains that have a graph
    score and a consensus label of reliable or unreliable (mixed left out)."""
    from sklearn.linear_model import LogisticRegression

    labels = {normalise_domain(d): label for d, label, _ in _consensus(root) if label != "mixed"}
    pairs = [(s, labels[normalise_domain(d)] == "reliable") for d, s in graph_scores(root).items()
             if normalise_domain(d) in labels]  # fmt: skip
    model = LogisticRegression(C=100.0).fit([[s] for s, _ in pairs], [y for _, y in pairs])
    return float(model.coef_[0][0]), float(model.intercept_[0])


def _graph(root: Path) -> Iterator[tuple[str, str, str]]:
    a, b = graph_calibration(root)
    for domain, score in graph_scores(root).items():
        p = 1.0 / (1.0 + math.exp(-(a * score + b)))
        label = "reliable" if p >= 0.5 else "unreliable"
        yield domain, label, f"{score:.2f}|{p:.4f}"


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
    """The disagreement rule: the highest-precedence set decides; the rest are listed. A graph
    score decides only where no human rating exists, and then as a continuous P(reliable)."""
    ordered = [name for name in SETS if name in by_set]
    first = ordered[0]
    label, value = by_set[first]
    shown = {name: by_set[name][1].split("|")[0] for name in ordered}
    also = "|".join(f"{name}:{shown[name]}={by_set[name][0]}" for name in ordered[1:])
    p_reliable = value.split("|")[1] if first == "idiap_graph" and "|" in value else ""
    return DomainRating(domain, label, f"{first}:{shown[first]}", first, also, p_reliable)


def write_table(rows: list[DomainRating], path: Path) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["domain", "label", "rating", "source", "also", "p_reliable"])
        writer.writerows([r.domain, r.label, r.rating, r.source, r.also, r.p_reliable] for r in rows)


def coverage_report(root: Path, table: dict[str, DomainRating]) -> list[str]:
    """What the table covers and how well it agrees with a rating set it was not built from:
    the share of real page URLs (ScrapingHub, trafilatura's evaluation pages) and labelled
    articles (AllSides, FakeNewsNet) whose domain gets a rating, and, on the domains Lin et al.
    (2023) rate (their pc1 is not used here), the Spearman correlation of P(reliable) with pc1
    and the accuracy of the label against pc1's (>= 0.7 reliable, < 0.4 unreliable)."""
    from scipy.stats import spearmanr

    from quality.core.policy import DEFAULT
    from quality.reliability.ratings import lookup
    from quality_lab.datasets import RELIABILITY_LOADERS, load_pc1, pc1_label

    lines = ["coverage (articles or pages whose domain gets a rating):"]
    urls = {
        "scrapinghub page URLs": [g["url"] for g in json.loads(
            (root / "scrapinghub_extraction" / "ground-truth.json").read_text(encoding="utf-8")).values()],
        "trafilatura evaluation page URLs": list(json.loads(
            (root / "trafilatura_eval" / "evaldata.json").read_text(encoding="utf-8"))),
    }  # fmt: skip
    for name in ("allsides", "fakenewsnet2017"):
        urls[f"{name} articles"] = [a.domain for a in RELIABILITY_LOADERS[name](root) if a.domain]
    for name, values in urls.items():
        hits = sum(lookup(u, table) is not None for u in values)
        lines.append(f"  {name:<34} {hits / max(len(values), 1):6.1%} of {len(values):,}")
    pc1 = load_pc1(root)
    pairs = []
    for domain, quality in pc1.items():
        hit = lookup(domain, table)
        if hit is not None:
            pairs.append((hit, quality))
    for name, subset in (
        ("every rated domain", pairs),
        ("graph-decided domains", [p for p in pairs if p[0].p_reliable]),
    ):
        if not subset:
            continue
        p = [r.probability(DEFAULT.rating_prior) for r, _ in subset]
        rho = spearmanr(p, [q for _, q in subset]).statistic
        decided = [(DEFAULT.label(x), pc1_label(q)) for x, (_, q) in zip(p, subset, strict=True)]
        sure = [(a, b) for a, b in decided if a != "mixed" and b != "mixed"]
        accuracy = sum(a == b for a, b in sure) / max(len(sure), 1)
        lines.append(
            f"  against Lin et al. pc1, {name}: {len(subset):,} domains, Spearman {rho:.3f}, "
            f"label accuracy {accuracy:.1%} on {len(sure):,} with a reliable/unreliable label on both sides"
        )
    return lines
