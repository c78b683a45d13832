"""A corruption set: clean articles with known defects injected, so the gold spans are exact.

Seeded and deterministic. Three corruptions, each recorded with its span in the final text:
- glue: remove the space after a sentence- or clause-ending mark (``said.The``, ``year,while``);
- caption: insert, between two paragraphs, a photo caption made from a sentence of an
  unrelated article plus a credit;
- chrome: append scraped page-chrome lines (share buttons, newsletter, copyright).
The chrome lines and credits below are written for this benchmark, not taken from the
detectors' pattern lists, so the benchmark does not just replay the rules.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field

_GLUE_POINT = re.compile(r"(?<=[a-z]{4})([.,]) (?=[A-Za-z][a-z])")
_SENTENCE = re.compile(r"[A-Z][^.!?\n]{40,140}[.!?]")
CREDITS = ("(Photo: AP)", "(Image: reuters.com)", "(Photo: Getty Images)", "(Image: AFP)", "Photo: File")
CHROME = (
    "Share this:",
    "Click to share on Facebook (Opens in new window)",
    "Sign up for our daily newsletter",
    "Related Posts",
    "© 2023 Northern Star Media. All rights reserved.",
    "Follow us on Twitter and Instagram",
    "Advertisement",
)


@dataclass
class Corrupted:
    id: str
    text: str
    defects: list[dict] = field(default_factory=list)  # {"kind", "start", "end"}


def glue(text: str, rng: random.Random, k: int) -> tuple[str, list[tuple[int, int]]]:
    """Remove the space at ``k`` random sentence/clause boundaries; spans cover ``word.Next``."""
    points = [m.start(1) for m in _GLUE_POINT.finditer(text)]
    chosen = sorted(rng.sample(points, min(k, len(points))))
    out, spans, last, shift = [], [], 0, 0
    for p in chosen:
        out.append(text[last : p + 1])
        new_p = p - shift
        spans.append((new_p - 4, new_p + 3))
        last, shift = p + 2, shift + 1  # skip the space
    out.append(text[last:])
    return "".join(out), spans


def caption_from(other: str, rng: random.Random) -> str | None:
    sentences = _SENTENCE.findall(other)
    return f"{rng.choice(sentences).rstrip('.')}. {rng.choice(CREDITS)}" if sentences else None


def corrupt(doc_id: str, text: str, other: str, rng: random.Random) -> Corrupted:
    """Apply one, two or all three corruptions, chosen at random, to one clean article."""
    kinds = rng.sample(["glue", "caption", "chrome"], rng.randint(1, 3))
    defects: list[dict] = []
    if "glue" in kinds:
        text, spans = glue(text, rng, rng.randint(1, 4))
        defects += [{"kind": "missing_spaces", "start": s, "end": e} for s, e in spans]
    caption = caption_from(other, rng) if "caption" in kinds else None
    breaks = [m.end() for m in re.finditer(r"\n\s*\n", text)]
    if caption and breaks:
        at = rng.choice(breaks)
        insert = caption + "\n\n"
        for d in defects:
            if d["start"] >= at:
                d["start"] += len(insert)
                d["end"] += len(insert)
        text = text[:at] + insert + text[at:]
        defects.append({"kind": "caption_mismatch", "start": at, "end": at + len(caption)})
    if "chrome" in kinds:
        for line in rng.sample(CHROME, rng.randint(1, 3)):
            text = text.rstrip("\n") + "\n\n"
            defects.append({"kind": "page_chrome", "start": len(text), "end": len(text) + len(line)})
            text += line + "\n"
    return Corrupted(doc_id, text, defects)


def build(articles: list[tuple[str, str]], n: int, seed: int = 13) -> list[Corrupted]:
    """``n`` corrupted documents from ``(id, text)`` clean articles; each borrows a caption from
    an article at least 50 positions away in the (topic-shuffled) list."""
    rng = random.Random(seed)
    pool = [a for a in articles if a[1].count("\n\n") >= 2]
    rng.shuffle(pool)
    out = []
    for i, (doc_id, text) in enumerate(pool[:n]):
        other = pool[(i + len(pool) // 2) % len(pool)][1]
        out.append(corrupt(doc_id, text, other, rng))
    return out
