"""HTML pages end to end: how much of the gold article the extraction keeps, and how fast.

On the 181 news pages of ``../shared/datasets/scrapinghub_extraction``: token-level precision,
recall and F1 of the extracted text against the gold ``articleBody`` (bags of whitespace tokens,
as the ScrapingHub article-extraction benchmark counts them), for ``quality``'s extraction
(trafilatura's XML output rebuilt with headings, captions, lists and tables) beside the stored
outputs of trafilatura's plain text, jusText and readability; then pages per second for
extraction alone and for extraction plus scoring.

    pip install ".[html]"
    python benchmarks/html_eval.py --data ../shared/datasets
"""

from __future__ import annotations

import argparse
import ast
import json
import time
from collections import Counter
from pathlib import Path


def prf(extracted: str, gold: str) -> tuple[float, float, float]:
    got, want = Counter(extracted.split()), Counter(gold.split())
    common = sum((got & want).values())
    p = common / max(sum(got.values()), 1)
    r = common / max(sum(want.values()), 1)
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def mean_prf(pairs: list[tuple[str, str]]) -> tuple[float, float, float]:
    scores = [prf(e, g) for e, g in pairs]
    return tuple(sum(s[i] for s in scores) / len(scores) for i in range(3))  # type: ignore[return-value]


def main() -> None:
    from quality.core.document import Document
    from quality.io.pages import document_from_html
    from quality.pipeline.scorer import Scorer
    from quality_lab.datasets import scrapinghub_pages

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=Path(__file__).resolve().parents[2] / "shared" / "datasets")
    args = ap.parse_args()
    root = args.data / "scrapinghub_extraction"
    loaded = scrapinghub_pages(args.data)
    gold = {k: g for k, _, g in loaded}
    pages = {k: html for k, html, _ in loaded}

    start = time.perf_counter()
    docs = {k: document_from_html(html, k, gold[k].get("url")) for k, html in pages.items()}
    extract_rate = len(pages) / (time.perf_counter() - start)
    ours = [(d.text if isinstance(d, Document) else "", gold[k]["articleBody"] or "") for k, d in docs.items()]
    rows = [("quality (trafilatura XML + structure)", mean_prf(ours))]
    for name in ("trafilatura", "justext", "readability"):
        stored = json.loads((root / "output" / f"{name}.json").read_text(encoding="utf-8"))["output"]
        pairs = []
        for k in gold:
            raw = stored.get(k)
            body = (ast.literal_eval(raw) if isinstance(raw, str) else raw or {}).get("articleBody") or ""
            pairs.append((body, gold[k]["articleBody"] or ""))
        rows.append((f"{name} (stored output)", mean_prf(pairs)))

    scorer = Scorer(reliability=False)
    start = time.perf_counter()
    found = [document_from_html(h, k, gold[k].get("url")) for k, h in pages.items()]
    reports = scorer.score_many(found)
    end_to_end = len(pages) / (time.perf_counter() - start)
    failed = sum(r.error is not None for r in reports)

    print(f"$ python benchmarks/html_eval.py   ({len(pages)} ScrapingHub news pages)")
    print(f"{'extraction':<40} {'P':>6} {'R':>6} {'F1':>6}")
    for name, (p, r, f1) in rows:
        print(f"{name:<40} {p:>6.3f} {r:>6.3f} {f1:>6.3f}")
    print(
        f"\nextraction alone: {extract_rate:.1f} pages/s; extraction + scoring (no reliability model): "
        f"{end_to_end:.1f} pages/s; {failed} page(s) with no article found"
    )


if __name__ == "__main__":
    main()
