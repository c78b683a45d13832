"""The page-block model on page sets it was neither fitted nor tuned on, beside the field's extractors.

Two runs, each holding whole page sets out (``quality_lab.block_training.held_out``):

- fitted and tuned on the news sets of ``pages_blocks`` (big9_chaos, fundus, cleanportaleval,
  newspaper), measured on the ScrapingHub pages and the readability test pages;
- the reverse: fitted on ScrapingHub and readability, measured on big9_chaos and fundus.

For each held-out set: chrome and article blocks of the whole page flagged at the cut-off (the
cut-off flags 0.5% of the training side's out-of-fold article lines of trafilatura's text);
the same for the lines of trafilatura's text, which is where ``quality score page.html`` uses
the model; extraction token precision / recall / F1 (mean per page) of the blocks the model
keeps at P < 0.5, of trafilatura's text before and after removing the flagged lines, and of
trafilatura, readability-lxml, jusText and resiliparse with pages per second.

    pip install -e ".[html]" -e "lab[anchors]" readability-lxml resiliparse
    python benchmarks/page_blocks_heldout.py --data ../shared/datasets [--json out.json]
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

RUNS = (
    (("big9_chaos", "fundus", "cleanportaleval", "newspaper"), ("scrapinghub", "readability")),
    (("scrapinghub", "readability"), ("big9_chaos", "fundus")),
)


def table(result: dict) -> list[str]:
    train, tuning = result["train"], result["tuning (site-grouped out-of-fold)"]["at_cutoff"]
    rows = [
        f"fitted on {', '.join(train['sets'])} ({train['pages']} pages); cut-off {result['cutoff']}",
        f"  tuning side (site-grouped out of fold, page blocks): {tuning}",
    ]
    for key, part in result.items():
        if not key.startswith("held out"):
            continue
        text = part["trafilatura's text at the cut-off"]
        rows.append(f"  {key} ({part['pages']} pages)")
        rows.append(f"    page blocks at the cut-off: {part['at_cutoff']}")
        rows.append(
            f"    trafilatura's text: {text['chrome_lines']} chrome of {text['lines']} lines; chrome flagged "
            f"{text['chrome_flagged']:.1%}, article lines flagged {text['article_flagged']:.2%}"
        )
        rows.append("    extraction P / R / F1, pages/s:")
        for name, prf in text["extraction (P, R, F1)"].items():
            rows.append(f"      {name:<32} {prf}")
        for name, got in part["extraction (P, R, F1) at 0.5"].items():
            rate = got["pages_per_s"] or got.get("parse_pages_per_s")
            rows.append(f"      {name:<32} {got['prf']}  {rate} pages/s")
    return rows


def main() -> None:
    from quality_lab.block_training import held_out

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=Path(__file__).resolve().parents[2] / "shared" / "datasets")
    ap.add_argument("--json", type=Path, help="Also write the full results here.")
    args = ap.parse_args()
    results = [held_out(args.data, train, test) for train, test in RUNS]
    for result in results:
        print("\n".join(table(result)))
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
