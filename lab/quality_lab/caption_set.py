"""A labelled caption set: a sentence turned into a photo caption, paired with an article body.

From clean news articles, seeded and deterministic:
- matched: a descriptive sentence is cut out of its article and becomes the caption of the rest;
- other topic: the caption is a sentence from the article least like this one;
- related topic: the caption comes from the article most like this one (same story, other
  outlet or day), the hard case where names and words overlap.
Relatedness is judged on the body without the caption, exactly as the detector does.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass

_SENTENCE = re.compile(r"(?<![A-Z])[A-Z][^.!?\n\"“”]{50,160}[.]")
CREDITS = (
    "(Photo: AP)",
    "(Image: reuters.com)",
    "(Photo: Getty Images)",
    "(Photo: Keystone/Anna Roth)",
    "(Image: AFP)",
)


@dataclass
class CaptionPair:
    caption: str
    body: str
    mismatched: bool
    kind: str  # matched | other_topic | related_topic


def _descriptive(text: str) -> list[str]:
    """Sentences with a name after the first word: the kind a caption is made of."""
    return [s for s in _SENTENCE.findall(text) if re.search(r"\s[A-Z][a-z]+", s)]


def build(articles: list[str], n: int, seed: int = 7) -> list[CaptionPair]:
    """Up to ``n`` articles, each giving one matched, one other-topic and one related-topic pair."""
    from quality.assets import news_tfidf

    rng = random.Random(seed)
    pool = [a for a in articles if len(_descriptive(a)) >= 2 and len(a) > 800]
    rng.shuffle(pool)
    pool = pool[: max(n * 3, 60)]
    vectors = news_tfidf.load().transform(pool)
    similarity = (vectors @ vectors.T).toarray()
    pairs: list[CaptionPair] = []
    for i in range(min(n, len(pool))):
        sentence = rng.choice(_descriptive(pool[i]))
        body = pool[i].replace(sentence, " ", 1)
        credit = rng.choice(CREDITS)
        pairs.append(CaptionPair(f"{sentence} {credit}", body, False, "matched"))
        order = [j for j in similarity[i].argsort() if j != i]
        far, near = order[0], order[-1]
        pairs.append(CaptionPair(f"{rng.choice(_descriptive(pool[far]))} {credit}", body, True, "other_topic"))
        pairs.append(CaptionPair(f"{rng.choice(_descriptive(pool[near]))} {credit}", body, True, "related_topic"))
    return pairs
