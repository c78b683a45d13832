"""Real captions from real pages: are they judged to belong to their own article, and not to others?

The figure captions of the ScrapingHub news pages (``<figcaption>``, else image title/alt text
of five words or more, as ``quality.pages`` extracts them) are judged by ``caption_mismatch``
against three bodies: their own article (should pass), a random other article (should be
flagged) and the most similar other article by news TF-IDF (hardest: often the same topic).
Reported: the share flagged in each case, at the detector's threshold.

    pip install ".[html]"
    python benchmarks/page_captions.py --data ../shared/datasets
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path


def main() -> None:
    from quality import news_tfidf
    from quality.datasets import scrapinghub_pages
    from quality.detectors.captions import CaptionMismatch
    from quality.document import Document
    from quality.pages import document_from_html

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=Path(__file__).resolve().parents[2] / "shared" / "datasets")
    args = ap.parse_args()
    pages = []
    for key, html, _ in scrapinghub_pages(args.data):
        doc = document_from_html(html, key)
        if not isinstance(doc, Document):
            continue
        spans = [(s.start, s.end) for s in doc.structure if s.kind == "caption"]
        found = [doc.text[a:b] for a, b in spans]
        body = "\n".join(line for line in doc.text.split("\n") if line and line not in set(found))
        pages.append((found, body))
    detector = CaptionMismatch()
    unjudged = sum(not detector.judgeable(c) for found, _ in pages for c in found)
    pages = [([c for c in found if detector.judgeable(c)], body) for found, body in pages]
    bodies = [b for _, b in pages]
    vectors = news_tfidf.load().transform(bodies)
    similar = (vectors @ vectors.T).toarray()
    rng = random.Random(7)
    counts = {"own article": [0, 0], "random other article": [0, 0], "most similar other article": [0, 0]}
    for i, (captions, body) in enumerate(pages):
        if not captions:
            continue
        others = [j for j in range(len(pages)) if j != i]
        nearest = max(others, key=lambda j: similar[i, j])
        for name, target in (
            ("own article", body),
            ("random other article", bodies[rng.choice(others)]),
            ("most similar other article", bodies[nearest]),
        ):
            judged = detector.relatedness_many(captions, target)
            counts[name][0] += sum(r < detector.threshold for r, _, _ in judged)
            counts[name][1] += len(judged)
    n_pages = sum(1 for c, _ in pages if c)
    print(
        f"$ python benchmarks/page_captions.py   ({counts['own article'][1]} captions judged on {n_pages} "
        f"ScrapingHub pages; {unjudged} credit-only or unreadable captions not judged)"
    )
    for name, (flagged, total) in counts.items():
        print(f"  flagged against the {name:<27} {flagged:>4}/{total:<4} ({flagged / max(total, 1):.1%})")


if __name__ == "__main__":
    main()
