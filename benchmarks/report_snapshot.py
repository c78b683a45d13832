"""Every report on a fixed sample, as JSON lines: the check that a refactor changed nothing.

    python benchmarks/report_snapshot.py -o /tmp/before.jsonl
    ... change the code ...
    python benchmarks/report_snapshot.py -o /tmp/after.jsonl && cmp /tmp/before.jsonl /tmp/after.jsonl

The sample: the seeds, the HTML test pages, and the first N AllSides articles with text
(scored with their URL, so the domain rating is exercised too).
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import os
from pathlib import Path

import quality

ROOT = Path(__file__).resolve().parent.parent


def sample(data: Path, n: int) -> list[dict]:
    docs = [{"id": p.name, "text": p.read_text(encoding="utf-8")} for p in sorted((ROOT / "seeds").glob("*.txt"))]
    path = data / "allsides_articles" / "articles.jsonl.gz"
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            if len(docs) >= n + 5:
                break
            r = json.loads(line)
            if r.get("content_original", "").strip():
                docs.append({"id": f"allsides:{len(docs)}", "text": r["content_original"], "url": r.get("url")})
    return docs


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=Path(os.environ.get("QUALITY_DATA", ROOT.parent / "shared/datasets")))
    ap.add_argument("-n", type=int, default=1500, help="AllSides articles (default 1500)")
    ap.add_argument("-o", "--output", type=Path, required=True)
    args = ap.parse_args()
    scorer = quality.Scorer()
    docs = sample(args.data, args.n)
    docs += [
        {"id": p.name, "html": p.read_text(encoding="utf-8")} for p in sorted((ROOT / "tests/cases").glob("*.html"))
    ]
    lines = [json.dumps(r.to_dict(), sort_keys=True) for r in scorer.score_many(docs)]
    args.output.write_text("\n".join(lines) + "\n", encoding="utf-8")
    digest = hashlib.sha256("\n".join(lines).encode()).hexdigest()[:16]
    print(f"{len(lines)} reports, sha256 {digest}, -> {args.output}")


if __name__ == "__main__":
    main()
