"""Throughput and memory: score N documents through the Python API and through `quality filter`.

Documents are the seeds plus corpus articles (when ../shared is present), replicated to N.
Prints docs/s, MB/s and peak RSS per run so growth with input size is visible. For the CLI it
also times a one-record run (process start, imports, model load: ``startup_s``) and prints the
rate after it (``steady_docs_per_s``), which is what a long run sees. Timings are printed,
never asserted.

    python benchmarks/throughput.py --docs 2000 --workers 1 2     # with datatrove's stack beside it
    python benchmarks/throughput.py --docs 100000 --workers 2 --skip-api
    python benchmarks/throughput.py --docs 500 --parts                 # where the time goes, per stage
"""

from __future__ import annotations

import argparse
import itertools
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def corpus(n: int) -> list[dict]:
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]
    try:
        from quality_lab.datasets import allsides, default_root

        texts += [a.text for a in itertools.islice(allsides(default_root()), 2000)]
    except OSError:
        pass  # no ../shared: seeds only
    return [{"id": str(i), "text": t} for i, t in zip(range(n), itertools.cycle(texts), strict=False)]


def api_run(records: list[dict], batch: int) -> dict:
    from quality import Scorer

    scorer = Scorer()
    scorer.score("Warm-up text, so lazy model loading is not timed.")
    start = time.perf_counter()
    if batch == 1:
        for r in records:
            scorer.score(r["text"])
    else:
        for i in range(0, len(records), batch):
            scorer.score_many(records[i : i + batch])
    name = "Scorer.score, one by one" if batch == 1 else f"Scorer.score_many, batches of {batch}"
    return _stats(f"python API, {name}", records, time.perf_counter() - start, _self_rss())


def parts_run(records: list[dict]) -> None:
    """Milliseconds per document for each stage (parse, each detector, the reliability model one at a
    time and in batches of 64), on already-parsed articles, with the cyclic collector frozen so the
    stored articles do not make collections slower than they are in a stream."""
    import gc

    from quality import Scorer
    from quality.core.article import parse

    scorer = Scorer()
    scorer.score("Warm-up text, so lazy model loading is not timed.")
    articles = [parse(r["text"]) for r in records]
    gc.collect()
    gc.freeze()

    def ms(work) -> float:
        start = time.perf_counter()
        work()
        return round(1e3 * (time.perf_counter() - start) / len(records), 3)

    stages = {"parse": ms(lambda: [parse(r["text"]) for r in records])}
    results: list[dict] = [{} for _ in articles]
    pairs = list(zip(articles, results, strict=True))
    for d in scorer.detectors:
        stages[d.name] = ms(lambda d=d: [res.__setitem__(d.name, d.detect(a)) for a, res in pairs])
    if scorer.rater:
        stages["reliability, one at a time"] = ms(lambda: [scorer.rater.rate_many([p]) for p in pairs])
        stages["reliability, batches of 64"] = ms(
            lambda: [scorer.rater.rate_many(pairs[i : i + 64]) for i in range(0, len(pairs), 64)]
        )
    gc.unfreeze()
    print(json.dumps({"run": f"ms per document by stage, {len(records)} documents", **stages}))  # noqa: T201


def datatrove_run(records: list[dict]) -> dict | None:
    """datatrove's Gopher quality + Gopher repetition + C4 + FineWeb filters, one after the
    other on every document (no early exit), in this process: the speed anchor."""
    from quality_lab.bench import datatrove_filters

    filters = datatrove_filters()
    if filters is None:
        return None
    for check in filters.values():
        check("Warm-up text. It has two sentences.")
    start = time.perf_counter()
    for r in records:
        for check in filters.values():
            check(r["text"])
    return _stats("datatrove, 4 heuristic filters", records, time.perf_counter() - start, _self_rss())


def cli_run(path: Path, records: list[dict], workers: int) -> dict:
    """`quality filter` in a subprocess; peak RSS is polled from /proc for it and its workers.

    (``RUSAGE_CHILDREN`` would be wrong here: a forked child counts the parent's pages until it
    execs, so it reports this script's size, not the filter's.)"""
    cmd = [sys.executable, "-c", "from quality.cli import main; main()", "filter", str(path), "--keep", "/dev/null"]
    start = time.perf_counter()
    proc = subprocess.Popen([*cmd, "--workers", str(workers)], stderr=subprocess.PIPE, text=True)
    peak = 0.0
    while proc.poll() is None:
        peak = max(peak, _tree_rss_mb(proc.pid))
        time.sleep(0.2)
    seconds = time.perf_counter() - start
    stderr = proc.stderr.read() if proc.stderr else ""
    if proc.returncode:
        sys.exit(f"quality filter failed: {stderr.strip()}")
    return _stats(f"CLI filter, --workers {workers}", records, seconds, peak) | {"summary": stderr.strip()}


def _tree_rss_mb(pid: int) -> float:
    """The largest current RSS among a process and its children (Linux /proc)."""
    pids = [pid]
    try:
        pids += [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return 0.0
    sizes = []
    for p in pids:
        try:
            status = Path(f"/proc/{p}/status").read_text()
        except OSError:
            continue
        sizes += [int(line.split()[1]) / 1024 for line in status.splitlines() if line.startswith("VmRSS:")]
    return max(sizes, default=0.0)


def _self_rss() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _stats(name: str, records: list[dict], seconds: float, rss_mb: float) -> dict:
    mb = sum(len(r["text"].encode("utf-8")) for r in records) / 1e6
    return {
        "run": name,
        "docs": len(records),
        "seconds": round(seconds, 1),
        "docs_per_s": round(len(records) / seconds, 1),
        "mb_per_s": round(mb / seconds, 3),
        "peak_rss_mb": round(rss_mb, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, nargs="+", default=[10_000])
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--skip-api", action="store_true")
    parser.add_argument("--parts", action="store_true", help="Only the per-stage milliseconds per document.")
    args = parser.parse_args()
    if args.parts:
        parts_run(corpus(args.docs[0]))
        return
    for n in args.docs:
        records = corpus(n)
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "in.jsonl"
            path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
            anchor = datatrove_run(records[: min(len(records), 2000)])
            runs = [] if args.skip_api else [api_run(records, 1), api_run(records, 64)]
            one_record = Path(tmp) / "one.jsonl"
            one_record.write_text(json.dumps(records[0]) + "\n", encoding="utf-8")
            for w in args.workers:
                run = cli_run(path, records, w)
                startup = cli_run(one_record, records[:1], w)["seconds"]  # start, load the model, one record
                run["startup_s"] = startup
                run["steady_docs_per_s"] = round((len(records) - 1) / max(run["seconds"] - startup, 1e-9), 1)
                runs.append(run)
        for r in [anchor, *runs] if anchor else runs:
            if anchor and r is not anchor:
                r["x_datatrove"] = round(r["docs_per_s"] / anchor["docs_per_s"], 2)
            print(json.dumps(r))  # noqa: T201
        one = next((r for r in runs if r["run"] == "CLI filter, --workers 1"), None)
        for r in runs:
            if one and r["run"].startswith("CLI filter") and r is not one:
                w = int(r["run"].rsplit(" ", 1)[1])
                print(
                    f"scaling: {r['run']} = {r['docs_per_s'] / one['docs_per_s']:.2f}x one worker overall, "
                    f"{r['steady_docs_per_s'] / one['steady_docs_per_s']:.2f}x after start-up (ideal {w})"
                )


if __name__ == "__main__":
    main()
