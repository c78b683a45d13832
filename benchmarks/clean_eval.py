"""How well ``quality clean`` gives back the article, beside datatrove's C4 line filter and jusText.

Two measures, both on text no detector was tuned on:

1. The corruption set (``benchmarks/corrupt.py``): clean AllSides articles from outlets rated
   reliable, with spaces removed at sentence and clause boundaries, an unrelated photo caption
   inserted and page chrome appended. For each method: the share of articles whose output
   equals the clean article exactly (trailing whitespace aside: the corruption normalises the
   end of the text), the share equal once whitespace runs are collapsed (fair to methods that
   rejoin lines), and the character edit distance left to the clean article (whitespace
   collapsed), as a mean and as a share of the distance the corruption made.
2. Real page lines: trafilatura's output of the 181 ScrapingHub news pages, split into lines;
   a line is article text when it occurs in the page's gold body, chrome otherwise. For each
   method: the share of chrome lines removed and of article lines lost.

Plus the speed of scoring and of cleaning on the same texts (docs/s, one core).

    pip install ".[bench]"
    python benchmarks/clean_eval.py --data ../shared/datasets --n 500
"""

from __future__ import annotations

import argparse
import ast
import json
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import corrupt  # noqa: E402  (benchmarks/corrupt.py, beside this file)


def squash(text: str) -> str:
    return " ".join(text.split())


# ---- the methods: text in, cleaned text out ----------------------------------------------------


def quality_method() -> tuple[Callable[[list[str]], list[str]], object]:
    from quality.pipeline.clean import Cleaner

    cleaner = Cleaner(reliability=False)
    return (lambda texts: [c.text for c in cleaner.clean_many(texts)]), cleaner


def c4_method() -> Callable[[list[str]], list[str]]:
    """datatrove's C4 filter as a line cleaner: its kept lines, or nothing when it drops the page."""
    from datatrove.data import Document
    from datatrove.pipeline.filters import C4QualityFilter

    c4 = C4QualityFilter()

    def run(texts: list[str]) -> list[str]:
        out = []
        for i, text in enumerate(texts):
            doc = Document(text=text, id=str(i))
            kept = c4.filter(doc)
            out.append(doc.text if kept is True else "")
        return out

    return run


def justext_method() -> Callable[[list[str]], list[str]]:
    """jusText on the text's lines as paragraphs (it reads HTML; plain text becomes <p> per line)."""
    import html

    import justext

    stoplist = justext.get_stoplist("English")

    def run(texts: list[str]) -> list[str]:
        out = []
        for text in texts:
            page = (
                "<html><body>" + "".join(f"<p>{html.escape(line)}</p>" for line in text.splitlines()) + "</body></html>"
            )
            paragraphs = justext.justext(page.encode("utf-8"), stoplist)
            out.append("\n\n".join(p.text for p in paragraphs if not p.is_boilerplate))
        return out

    return run


# ---- 1. the corruption set ---------------------------------------------------------------------


def corruption_table(data: Path, n: int, methods: dict[str, Callable[[list[str]], list[str]]], cleaner) -> list[str]:
    from rapidfuzz.distance import Levenshtein

    from quality_lab.bench import clean_articles

    articles = clean_articles(data, max(4 * n, 400))
    originals = dict(articles)
    docs = corrupt.build(articles, n)
    clean = [originals[d.id] for d in docs]
    damaged = [d.text for d in docs]
    damage = [Levenshtein.distance(squash(a), squash(b)) for a, b in zip(clean, damaged, strict=True)]
    lines = [
        f"corruption set: {len(docs)} AllSides articles (reliable outlets), "
        f"mean damage {statistics.mean(damage):.1f} characters (whitespace collapsed)",
        f"{'method':<30} {'exact':>7} {'exact, ws':>10} {'edit dist left':>15} {'of damage':>10}",
    ]
    for name, method in {"no cleaning": lambda texts: texts, **methods}.items():
        out = method(damaged)
        exact = sum(o.rstrip() == c.rstrip() for o, c in zip(out, clean, strict=True)) / len(docs)
        exact_ws = sum(squash(o) == squash(c) for o, c in zip(out, clean, strict=True)) / len(docs)
        left = [Levenshtein.distance(squash(o), squash(c)) for o, c in zip(out, clean, strict=True)]
        share = sum(left) / max(1, sum(damage))
        lines.append(f"{name:<30} {exact:>7.1%} {exact_ws:>10.1%} {statistics.mean(left):>15.1f} {share:>10.1%}")
    return lines + injected_lines(docs, cleaner)


def injected_lines(docs: list, cleaner) -> list[str]:
    """Per injected defect kind, the share ``quality clean`` undid; and its edits outside the
    injected defects, which are mostly junk the "clean" source articles carry themselves
    (``ADVERTISEMENT``, NPR's "Enlarge this image toggle caption", glued sentences)."""
    from collections import Counter

    total, undone, outside = Counter(), Counter(), Counter()
    for doc, cleaned in zip(docs, cleaner.clean_many([d.text for d in docs]), strict=True):
        removed = [(e.start, e.end) for e in cleaned.edits if not e.replacement]
        inserted = {e.start for e in cleaned.edits if e.replacement}
        for d in doc.defects:
            total[d["kind"]] += 1
            if d["kind"] == "missing_spaces":
                undone[d["kind"]] += any(d["start"] < p < d["end"] for p in inserted)
            else:
                undone[d["kind"]] += any(s <= d["start"] and d["end"] <= e for s, e in removed)
        spans = [(d["start"], d["end"]) for d in doc.defects]
        outside["removals"] += sum(not any(a < e and s < b for a, b in spans) for s, e in removed)
        outside["spaces"] += sum(not any(a < p < b for a, b in spans) for p in inserted)
    undid = ", ".join(f"{k} {undone[k]}/{total[k]} ({undone[k] / total[k]:.0%})" for k in sorted(total))
    return [
        f"quality clean undid: {undid}",
        f"quality clean edits outside the injected defects: {outside['removals']} line removals, "
        f"{outside['spaces']} spaces inserted (junk already in the source articles: see README)",
    ]


# ---- 2. real page lines ------------------------------------------------------------------------


def page_lines(data: Path) -> list[tuple[str, list[bool]]]:
    """(trafilatura's text of a page, per line: is it in the gold body?) for the ScrapingHub pages."""
    root = data / "scrapinghub_extraction"
    gold = json.loads((root / "ground-truth.json").read_text(encoding="utf-8"))
    extracted = json.loads((root / "output" / "trafilatura.json").read_text(encoding="utf-8"))["output"]
    out = []
    for key, page in gold.items():
        raw = extracted.get(key)
        if raw is None:
            continue
        text = (ast.literal_eval(raw) if isinstance(raw, str) else raw).get("articleBody") or ""
        body = squash(page.get("articleBody") or "")
        lines = [line for line in text.splitlines() if line.strip()]
        if lines:
            out.append(("\n".join(lines), [squash(line) in body for line in lines]))
    return out


def page_table(data: Path, methods: dict[str, Callable[[list[str]], list[str]]]) -> list[str]:
    pages = page_lines(data)
    n_chrome = sum(not a for _, labels in pages for a in labels)
    n_article = sum(a for _, labels in pages for a in labels)
    lines = [
        f"real page lines: trafilatura's output of {len(pages)} ScrapingHub news pages, "
        f"{n_article} article lines, {n_chrome} chrome lines (not in the gold body)",
        f"{'method':<30} {'chrome removed':>15} {'article lost':>13}",
    ]
    texts = [t for t, _ in pages]
    for name, method in methods.items():
        removed_chrome = lost_article = 0
        for (text, labels), out in zip(pages, method(texts), strict=True):
            kept = {squash(line) for line in out.splitlines() if line.strip()}
            for line, is_article in zip(text.splitlines(), labels, strict=True):
                gone = squash(line) not in kept
                removed_chrome += gone and not is_article
                lost_article += gone and is_article
        lines.append(f"{name:<30} {removed_chrome / max(1, n_chrome):>15.1%} {lost_article / max(1, n_article):>13.1%}")
    return lines


# ---- 3. speed ----------------------------------------------------------------------------------


def speed_lines(data: Path, cleaner, n: int) -> list[str]:
    from quality_lab.bench import clean_articles

    texts = [t for _, t in clean_articles(data, n)]
    cleaner.scorer.score_many(texts[:8])  # warm-up
    start = time.perf_counter()
    for i in range(0, len(texts), 64):
        cleaner.scorer.score_many(texts[i : i + 64])
    scoring = len(texts) / (time.perf_counter() - start)
    start = time.perf_counter()
    for i in range(0, len(texts), 64):
        cleaner.clean_many(texts[i : i + 64])
    cleaning = len(texts) / (time.perf_counter() - start)
    return [
        f"speed on {len(texts)} AllSides articles, one core, no reliability model: "
        f"scoring {scoring:.1f} docs/s, cleaning (scoring, editing, rescoring what changed) {cleaning:.1f} docs/s"
    ]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=Path(__file__).resolve().parents[2] / "shared" / "datasets")
    ap.add_argument("--n", type=int, default=500, help="Corrupted articles.")
    args = ap.parse_args()
    quality_clean, cleaner = quality_method()
    methods = {
        "quality clean (default policy)": quality_clean,
        "datatrove C4 line filter": c4_method(),
        "jusText (lines as paragraphs)": justext_method(),
    }
    print(f"$ python benchmarks/clean_eval.py --data {args.data} --n {args.n}\n")
    for block in (
        corruption_table(args.data, args.n, methods, cleaner),
        page_table(args.data, methods),
        speed_lines(args.data, cleaner, args.n),
    ):
        print("\n".join(block) + "\n")


if __name__ == "__main__":
    main()
