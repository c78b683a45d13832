"""Hostile inputs, timed: every detector, the parse and the whole scorer must stay linear.

A pre-ingest filter sees whatever a crawl brings. Each generator below makes text of a given
size shaped to hit one weakness (runs of punctuation, share-button lines, unclosed quotes,
repeated sentences, initials, 100,000 bullets, ...). For each, the parse, each detector and
the whole scorer are timed at several sizes and the growth exponent is printed: the slope
of log(time) against log(size), 1.0 for linear, 2.0 for quadratic. Timings are printed,
never asserted (the tests compare ratios on small sizes instead).

    python benchmarks/adversarial.py                          # 100 KB, 400 KB, 1 MB, 2 MB
    python benchmarks/adversarial.py --sizes 20000 80000 --only comma_run
"""

from __future__ import annotations

import argparse
import math
import time
from collections.abc import Callable

from quality.pipeline.scorer import _collector_paused

WORDS = "the council said on Friday that new rules for the city budget will take effect in March".split()


def _fill(unit: str, size: int) -> str:
    return (unit * (size // max(1, len(unit)) + 1))[:size]


def _prose(size: int) -> str:
    sentence = "The council said on Friday that 12 new rules will take effect in March, officials said. "
    return _fill(sentence, size)


GENERATORS: dict[str, Callable[[int], str]] = {
    "comma_run": lambda n: _fill("a,", n),
    "glued_words": lambda n: _fill("word,other;thing.This", n),
    "share_line": lambda n: _fill("Share Facebook Twitter LinkedIn Email Print WhatsApp Reddit More ", n),
    "share_lines": lambda n: _fill("Share Facebook Twitter LinkedIn Pinterest Email Print WhatsApp More\n", n),
    "share_spaces": lambda n: "share" + " " * max(0, n - 10) + "word",
    "caption_lines": lambda n: _fill(
        "Soldiers load a missile onto a truck near the border. (Image: aljazeera.com)\n" + _prose(300) + "\n", n
    ),
    "credit_tails": lambda n: _fill(
        "Fans cheer in Madrid. (AP Photo/Ann Roe) Photo: Ann Roe, AP / Copyright 2019 The Associated Press. "
        "All rights reserved. (Photo by (Photo by [Photo: (AP\n",
        n,
    ),
    "stock_phrases": lambda n: _fill(
        "In conclusion, it is important to note that it will be important to monitor the evolving landscape. ", n
    ),
    "repeated_sentence": lambda n: _fill("Ties between the two nations are growing stronger every year. ", n),
    "open_quote": lambda n: "“" + _fill("words said “ without any closing mark ", n),
    "initials_spaced": lambda n: _fill("A. ", n),
    "initials_joined": lambda n: _fill("A.B.C.D.", n),
    "digits_dots": lambda n: _fill("1.2.3.4.5.", n),
    "single_line": lambda n: _prose(n).replace("\n", " "),
    "short_lines": lambda n: _fill("Menu item\n", n),
    "bullets": lambda n: _fill("• Item: a generic description\n", n),
    "urls_glued": lambda n: _fill("readhttps://example.com/a.b.c?x=1.Then", n),
    "mixed_scripts": lambda n: _fill("Москва.Київ 北京。東京 القاهرة.Paris ", n),
    "zero_width": lambda n: _fill("wo\u200brd\u0301 te\u200dxt.\u200bNext ", n),
    "crlf": lambda n: _fill("Key Takeaways\r\n• Focus: stability\r\n• Impact: growth\r\n", n),
    "lone_cr": lambda n: _fill("Looking Ahead\r• Focus: stability\r• Impact: growth\r", n),
    "no_spaces": lambda n: _fill("abcdefghij", n),
    "punctuation_run": lambda n: _fill("a.,;:!?", n),
    "template_sections": lambda n: _fill(
        "Overview\nIn conclusion, it is important to note the evolving landscape of things here.\n\n", n
    ),
    "chrome_and_glue": lambda n: _fill("Share this:\nThe vote was on Monday.It passed,the council said.\n", n),
    "chrome_stamps": lambda n: _fill("More: the vote on the budget [NEWS]|\nUpdated at 5:10 p.m. ET\nSOURCE: AP\n", n),
    "bracket_run": lambda n: _fill("[news] [", n),
    "credit_lines": lambda n: _fill(
        "(Reporting by Ann Roe; Editing by Bo Li)\nWrite to Ann Roe at a@b.com\nFollow Ann on Twitter\n"
        "Get the news delivered to your inbox\nReporting by Ann Roe Ann Roe Ann Roe ; ; ; editing by\n",
        n,
    ),
    "credit_run": lambda n: "Reporting by " + _fill("Ann Roe ", n) + " in\n",
}


def timed(fn: Callable[[object], object], setup: Callable[[], object], repeat: int = 1) -> float:
    """Best of ``repeat`` runs of ``fn(setup())``, timing only ``fn``, with the garbage collector
    paused as the scorer pauses it for a batch."""
    best = math.inf
    for _ in range(repeat):
        arg = setup()
        with _collector_paused():
            start = time.perf_counter()
            fn(arg)
            best = min(best, time.perf_counter() - start)
    return best


def exponent(sizes: list[int], seconds: list[float]) -> float:
    """Least-squares slope of log(seconds) on log(size); tiny times are floored at 1 ms,
    where the clock, not the algorithm, decides."""
    xs = [math.log(s) for s in sizes]
    ys = [math.log(max(t, 1e-3)) for t in seconds]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    den = sum((x - mx) ** 2 for x in xs)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / den if den else 0.0


Component = tuple[Callable[[str], object], Callable[[object], object]]  # (untimed setup, timed step)


def components(reliability: bool = True) -> dict[str, Component]:
    """The parse, each detector (timed alone, on a fresh parse made outside the timing) and the
    whole scorer (parse, every detector, the model), by name."""
    from quality.core.article import parse
    from quality.pipeline.scorer import Scorer

    detectors = Scorer(reliability=False).detectors
    whole = Scorer(reliability=reliability)
    whole.score("Warm-up. Models load here, not in the timings.")
    same = lambda text: text  # noqa: E731
    out: dict[str, Component] = {"parse": (same, parse)}
    for d in detectors:
        out[d.name] = (parse, d.detect)
    out["scorer"] = (same, lambda text: whole.score(text, source="https://example.com/" + "a" * 2000))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[100_000, 400_000, 1_000_000, 2_000_000])
    ap.add_argument("--only", nargs="+", help="Generators to run (default: all).")
    ap.add_argument("--no-reliability", action="store_true", help="Whole scorer without the model.")
    args = ap.parse_args()
    comps = components(not args.no_reliability)
    names = args.only or list(GENERATORS)
    mb = next((s for s in args.sizes if s >= 1_000_000), args.sizes[-1])
    print(f"sizes {', '.join(f'{s:,}' for s in args.sizes)} characters; exponent = slope of log time vs log size")
    print(f"{'input':<18} " + " ".join(f"{c:>16}" for c in comps) + f"   scorer s @ {mb:,}")
    worst, slowest = 0.0, 0.0
    for name in names:
        texts = {s: GENERATORS[name](s) for s in args.sizes}
        cells, at_mb = [], 0.0
        for cname, (setup, fn) in comps.items():
            seconds = [timed(fn, lambda t=texts[s], setup=setup: setup(t), repeat=2) for s in args.sizes]
            slope = exponent(args.sizes, seconds)
            if cname == "scorer":
                at_mb = seconds[args.sizes.index(mb)]
            worst = max(worst, slope)
            cells.append(f"{slope:>7.2f} ({seconds[-1]:>5.2f}s)")
        slowest = max(slowest, at_mb)
        print(f"{name:<18} " + " ".join(f"{c:>16}" for c in cells) + f"   {at_mb:>6.2f}")
    print(f"\nlargest exponent {worst:.2f} (goal <= 1.15)")
    print(f"slowest whole-scorer time at {mb:,} characters: {slowest:.2f} s (goal < 2)")


if __name__ == "__main__":
    main()
