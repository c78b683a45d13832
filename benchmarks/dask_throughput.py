"""The filter on a Dask LocalCluster with 1 and 2 worker processes: docs/second.

    python benchmarks/dask_throughput.py --docs 2000

Times include each worker loading the model once (a few seconds).
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

from throughput import corpus


def main() -> None:
    import dask.bag as db
    from distributed import Client, LocalCluster

    from quality.integrations.dask import filter_bag

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=2000)
    args = parser.parse_args()
    records = corpus(args.docs)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "in.jsonl"
        path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
        for workers in (1, 2):
            with LocalCluster(n_workers=workers, threads_per_worker=1, dashboard_address=None) as cluster:
                with Client(cluster):
                    bag = db.read_text(str(path), blocksize=1_000_000)
                    start = time.perf_counter()
                    routed = filter_bag(bag).compute()
                    seconds = time.perf_counter() - start
            kept = sum(r["kind"] == "kept" for r in routed)
            print(
                json.dumps(
                    {
                        "workers": workers,
                        "docs": len(routed),
                        "kept": kept,
                        "seconds": round(seconds, 1),  # noqa: T201
                        "docs_per_s": round(len(routed) / seconds, 1),
                    }
                )
            )


if __name__ == "__main__":
    main()
