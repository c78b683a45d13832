"""Captions from the page: how many of the captions a page shows are checked, how many are named
unchecked, and how many genuine ones are flagged against their own article.

On page sets nothing in the caption code was written from (``pages_blocks``: big9_chaos, fundus,
newspaper, cleanportaleval): the visible captions of a page are its ``<figcaption>`` texts and the
texts of elements whose class says caption (``image-caption``, ``cutline``, ``wp-caption-text``),
five words or more. Each is counted as

- *checked*: in the extracted text, marked a caption, and judged by ``caption_mismatch``;
- *in the text, unchecked*: marked a caption but not judgeable (a credit alone, too few words);
- *named, left out*: not in the extracted text; the report's warning names it;
- *lost*: neither (should be 0).

and a checked caption flagged as unrelated to its own article is a false flag (the page's own
captions belong to it, except the rare wrong one, read by hand from the printed examples).

    pip install -e ".[html]" -e lab
    python benchmarks/page_caption_coverage.py --data ../shared/datasets
"""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path

SETS = ("big9_chaos", "fundus", "newspaper", "cleanportaleval")


def main() -> None:
    from quality.core.document import Document
    from quality.io.pages import _caption_elements, _squash, document_from_html, parse_page
    from quality.pipeline.scorer import Scorer
    from quality_lab.block_training import pages_blocks

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=Path(__file__).resolve().parents[2] / "shared" / "datasets")
    ap.add_argument("--show", type=int, default=5, help="Flagged captions to print per set.")
    args = ap.parse_args()
    scorer = Scorer(reliability=False, detectors=["caption_mismatch"])
    detector = scorer.detectors[0]
    for name in SETS:
        counts, flagged = Counter(), []
        for page in pages_blocks(args.data, (name,)):
            tree = parse_page(page.html)
            if tree is None:
                continue
            shown = {_squash(f.text_content()) for f in tree.iter("figcaption")} | _caption_elements(tree)
            shown = {c for c in shown if len(c.split()) >= 5}
            if not shown:
                continue
            doc = document_from_html(page.html, page.site, page.url)
            if not isinstance(doc, Document):
                counts["page not extracted"] += len(shown)
                continue
            report = scorer.score(doc)
            marked = {_squash(doc.text[s.start : s.end]) for s in doc.structure if s.kind == "caption"}
            named = " ".join(w for w in report.warnings if "caption(s) on the page" in w)
            mismatched = {_squash(f.text) for f in report.detectors["caption_mismatch"].findings}
            for caption in shown:
                if caption in marked:
                    if detector.judgeable(caption):
                        counts["checked"] += 1
                        if caption in mismatched:
                            flagged.append(caption)
                    else:
                        counts["in the text, unchecked"] += 1
                elif caption not in _squash(doc.text) and named:
                    counts["named, left out"] += 1
                elif caption in _squash(doc.text):
                    counts["in the text, not marked"] += 1
                else:
                    counts["lost"] += 1
        total = sum(counts.values())
        print(f"{name}: {total} visible captions")
        for kind, n in counts.most_common():
            print(f"  {kind:<26} {n:>5}  ({n / max(1, total):.1%})")
        checked = counts["checked"]
        share = len(flagged) / max(1, checked)
        print(f"  checked and flagged against their own article: {len(flagged)}/{checked} ({share:.1%})")
        for caption in flagged[:args.show]:
            print(f"    {caption[:110]!r}")


if __name__ == "__main__":
    main()
