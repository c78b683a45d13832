"""Real captions from real pages: are they judged to belong to their own article, and not to others?

The figure captions of the ScrapingHub news pages (``<figcaption>``, else image title/alt text
of five words or more, as ``quality.io.pages`` extracts them; teaser images that link to another
story are not captions) are judged by ``caption_mismatch`` against: their own article (should
pass), every other article in turn (should be flagged; all pairs, so one lucky or unlucky draw
cannot move the figure) and the most similar other article by news TF-IDF (hardest: often the
same topic). Reported: the share flagged in each case, at the detector's threshold.

The most similar other article is often the same story from another outlet, where the caption
belongs; ``labels/nearest_same_story.tsv`` says, pair by pair, which nearest articles report the
same story or subject (read by hand), and the last two rows split that case by it.

    pip install ".[html]"
    python benchmarks/page_captions.py --data ../shared/datasets
"""

from __future__ import annotations

import argparse
from pathlib import Path

LABELS = Path(__file__).resolve().parents[2] / "benchmarks" / "labels" / "nearest_same_story.tsv"


def same_story_labels(path: Path = LABELS) -> dict[tuple[str, str], bool]:
    """``(page key prefix, nearest page key prefix) -> same story?`` from the hand-read file."""
    rows = [r.split("\t") for r in path.read_text(encoding="utf-8").splitlines() if r and not r.startswith("#")]
    return {(page, nearest): same == "same" for page, nearest, same, *_ in rows[1:]}


def measure(data: Path, similarity: str = "tfidf") -> dict:
    """``{"counts": {judged against: [flagged, judged]}, "pages": n, "unjudged": n}``."""
    from quality.assets import news_tfidf
    from quality.core.document import Document
    from quality.detectors.captions import CaptionMismatch
    from quality.io.pages import document_from_html
    from quality_lab.datasets import scrapinghub_pages

    pages, keys = [], []
    for key, html, _ in scrapinghub_pages(data):
        doc = document_from_html(html, key)
        if not isinstance(doc, Document):
            continue
        spans = [(s.start, s.end) for s in doc.structure if s.kind == "caption"]
        found = [doc.text[a:b] for a, b in spans]
        body = "\n".join(line for line in doc.text.split("\n") if line and line not in set(found))
        pages.append((found, body))
        keys.append(key)
    detector = CaptionMismatch(similarity=similarity)
    unjudged = sum(not detector.judgeable(c) for found, _ in pages for c in found)
    pages = [([c for c in found if detector.judgeable(c)], body) for found, body in pages]
    bodies = [b for _, b in pages]
    vectors = news_tfidf.load().transform(bodies)
    similar = (vectors @ vectors.T).toarray()
    labels = same_story_labels()
    split = {True: f"{NEAR}, same story", False: f"{NEAR}, another story", None: f"{NEAR}, unlabelled"}
    counts = {name: [0, 0] for name in [OWN, EVERY, NEAR, *split.values()]}
    for i, (captions, body) in enumerate(pages):
        if not captions:
            continue
        others = [j for j in range(len(pages)) if j != i]
        nearest = max(others, key=lambda j: similar[i, j])
        same = labels.get((keys[i][:12], keys[nearest][:12]))
        targets = [(OWN, body), (NEAR, bodies[nearest]), (split[same], bodies[nearest])]
        for name, target in targets + [(EVERY, bodies[j]) for j in others]:
            judged = detector.relatedness_many(captions, target)
            counts[name][0] += sum(r < detector.threshold for r, _, _ in judged)
            counts[name][1] += len(judged)
    return {"counts": counts, "pages": sum(1 for c, _ in pages if c), "unjudged": unjudged}


OWN, EVERY, NEAR = "its own article", "every other article", "the most similar other article"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=Path(__file__).resolve().parents[2] / "shared" / "datasets")
    ap.add_argument("--similarity", default="tfidf", help="caption_mismatch's similarity backend (tfidf, embeddings).")
    args = ap.parse_args()
    m = measure(args.data, args.similarity)
    counts = m["counts"]
    print(
        f"$ python benchmarks/page_captions.py --similarity {args.similarity}   "
        f"({counts[OWN][1]} captions judged on {m['pages']} ScrapingHub pages; "
        f"{m['unjudged']} credit-only or unreadable captions not judged)"
    )
    for name, (flagged, total) in counts.items():
        if total or "unlabelled" not in name:
            print(f"  flagged against {name:<45} {flagged:>6}/{total:<6} ({flagged / max(total, 1):.1%})")


if __name__ == "__main__":
    main()
