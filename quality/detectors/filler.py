"""Filler prose: sentences that say nothing, hedge, pad, or restate an earlier sentence.

Good reporting is specific: names, numbers, dates, quotes, attributions. Filler trades
those for hedges ("it will be important to monitor the situation"), abstract nouns
("implications", "landscape") and restatement. Each sentence gets a transparent score,
``vagueness - specificity``; the article's score is the share of its words in filler.
Specifics only ever lower a sentence's score, so adding a fact never makes it more filler.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache

from quality.assets import news_tfidf
from quality.core.article import Article, Span, lowered
from quality.core.report import DetectorResult
from quality.detectors.base import Detector, finding, register
from quality.detectors.phrases import PhraseMatcher, load_weighted, weighted_matcher

# Each pattern opens with a lookahead on its possible first characters, so the regex engine
# skips most positions with one class test instead of trying every alternative there.
_NUMBER = re.compile(r"(?=[$€£\d])(?<![\w.])[$€£]?\d[\d,.]*(?:\s?(?:%|percent|million|billion|km|kg))?")
_DATE = re.compile(
    r"\b(?=[JFMASONDTWyt])(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?"
    r"|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
    r"|yesterday|today|tomorrow)\b"
)
_QUOTE_MARK = re.compile(r"[\"“”]")
_MIN_QUOTE = 12  # characters inside quote marks that make a quotation, not a scare quote
_ATTRIBUTION = re.compile(
    r"\b(?=[stacwd])(?:said|says|told|according to|stated|announced|wrote|added|confirmed|testified|tweeted"
    r"|declared)\b",
    re.I,
)
_NAME = re.compile(r"(?=[A-Z])(?<=\s)(?:[A-Z][a-z]+(?:[-’'][A-Z]?[a-z]+)*|[A-Z]{2,})\b")
_WORD = re.compile(r"[A-Za-z]+")
_FUNCTION_CAPS = frozenset("I The A An In On At Of For And But As This That These Those It He She They We".split())


@lru_cache(maxsize=1)
def _lexicon() -> tuple[PhraseMatcher, dict[str, float], frozenset[str]]:
    pattern, weights = weighted_matcher("filler_phrases.txt")
    return pattern, weights, frozenset(load_weighted("abstract_nouns.txt"))


@dataclass(frozen=True)
class SentenceFeatures:
    """What makes one sentence specific or vague; the filler rule and model read these."""

    numbers: int
    dates: int
    names: int
    quote: int
    attribution: int
    stock: float
    abstract: int
    words: int

    @property
    def specificity(self) -> float:
        return self.numbers + 0.7 * self.dates + self.quote + 0.8 * self.attribution + 0.25 * min(self.names, 4)

    @property
    def vagueness(self) -> float:
        bare = 0.5 if self.specifics == 0 else 0.0  # not one name, number, date, quote or source
        return self.stock + 0.4 * min(self.abstract, 4) + bare

    @property
    def specifics(self) -> int:
        return self.numbers + self.dates + self.names + self.quote + self.attribution


def quoted_spans(text: str) -> list[int]:
    """Positions of the closing marks of quotations (an opening ``"``/``“``, at least
    ``_MIN_QUOTE`` characters without ``"``/``”``, then a closing ``"``/``”``).
    One pass over the quote marks: an unclosed ``“`` is never rescanned."""
    out, opened = [], None
    for m in _QUOTE_MARK.finditer(text):
        mark, at = m.group(), m.start()
        if mark != "“" and opened is not None and at - opened - 1 >= _MIN_QUOTE:
            out.append(at)
            opened = None if mark == "”" else at
            continue
        if mark == "”":
            opened = None
        elif mark == '"' or opened is None:
            opened = at  # a straight quote closes nothing here, but may open the next quotation
    return out


def _per_sentence(positions, starts: list[int], ends: list[int], values=None) -> list[float]:
    """Sum ``values`` (default 1 each) of matches at ``positions`` into the sentence holding them."""
    out = [0.0] * len(starts)
    for k, pos in enumerate(positions):
        i = bisect_right(starts, pos) - 1
        if i >= 0 and pos < ends[i]:
            out[i] += 1.0 if values is None else values[k]
    return out


def features_of(
    text: str,
    spans: list[Span],
    words: list[list[str]],
    lower_words: list[list[str]] | None = None,
    lower_text: str | None = None,
) -> list[SentenceFeatures]:
    """Features of every sentence at once: each pattern scans the whole text one time, and
    matches are assigned to sentences by offset (a few regex calls per article, not per sentence).
    ``lower_words``/``lower_text``: the words and text lower-cased, when the caller has them."""
    pattern, weights, abstract = _lexicon()
    lower_words = lower_words if lower_words is not None else [lowered(w) for w in words]
    starts, ends = [s.start for s in spans], [s.end for s in spans]

    def count(regex: re.Pattern[str]) -> list[float]:
        return _per_sentence([m.start() for m in regex.finditer(text)], starts, ends)

    stock_matches = list(pattern.finditer(text, lower_text))
    stock = _per_sentence(
        [m.start() for m in stock_matches], starts, ends, [weights.get(m.group().lower(), 1.0) for m in stock_matches]
    )
    # A name is a capitalised word not at the start of its sentence.
    first_words = set(starts)
    name_at = [m.start() for m in _NAME.finditer(text) if m.group() not in _FUNCTION_CAPS]
    names = _per_sentence([p for p in name_at if p not in first_words], starts, ends)
    quotes, attributions = count_capped(quoted_spans(text), starts, ends), count(_ATTRIBUTION)
    numbers, dates = count(_NUMBER), count(_DATE)
    return [
        SentenceFeatures(
            numbers=int(numbers[i]),
            dates=int(dates[i]),
            names=int(names[i]),
            quote=int(quotes[i]),
            attribution=min(1, int(attributions[i])),
            stock=stock[i],
            abstract=sum(map(abstract.__contains__, lower_words[i])),
            words=len(words[i]),
        )
        for i in range(len(spans))
    ]


def count_capped(positions: list[int], starts: list[int], ends: list[int]) -> list[float]:
    return [min(1.0, v) for v in _per_sentence(positions, starts, ends)]


def sentence_features(text: str) -> SentenceFeatures:
    """One sentence's features (the detector computes all of an article's at once)."""
    return features_of(" " + text, [Span(1, len(text) + 1, text)], [_WORD.findall(text)])[0]


def restatements(
    sentences: list[Span], words: list[list[str]], threshold: float, lower_words: list[list[str]] | None = None
) -> dict[int, tuple[int, float]]:
    """For each sentence, the earlier sentence it restates (news-IDF-weighted cosine >= threshold).

    Linear, not pairwise: each sentence is compared only with the earlier sentences that share
    a word with it (an inverted index), and each word keeps only its last ``_WINDOW``
    sentences, so a text of repeated sentences costs the same per sentence as any other."""
    idf = news_tfidf.idf()
    lower_words = lower_words if lower_words is not None else [lowered(w) for w in words]
    index: dict[str, list[int]] = {}
    vectors: list[dict[str, float]] = []
    out: dict[int, tuple[int, float]] = {}
    for i, sentence_words in enumerate(lower_words):
        vector = _unit({w: idf[w] for w in _terms(sentence_words) if w in idf})
        vectors.append(vector)
        overlap: dict[int, float] = {}
        for w, weight in vector.items():
            postings = index.setdefault(w, [])
            for j in postings:
                overlap[j] = overlap.get(j, 0.0) + weight * vectors[j][w]
            postings.append(i)
            if len(postings) > _WINDOW:
                del postings[0]
        if overlap:
            j, best = max(overlap.items(), key=lambda kv: (kv[1], -kv[0]))
            if best >= threshold:
                out[i] = (j, round(best, 4))
    return out


_WINDOW = 32
_TERM_BREAK = re.compile(r"[ '’]")


def _terms(lower_words: list[str]) -> list[str]:
    """Lower-case words as the news vectorizer saw them: "russia's" is "russia" (and "s").
    Words hold no spaces, so one split of the joined words breaks them at their apostrophes."""
    return _TERM_BREAK.split(" ".join(lower_words)) if lower_words else []


def _unit(vector: dict[str, float]) -> dict[str, float]:
    norm = math.hypot(*vector.values())
    return {w: v / norm for w, v in vector.items()} if norm else {}


@register
class Filler(Detector):
    """Filler sentences; score = share of the article's words in them.

    ``min_words``: shorter sentences (headings, datelines) are never judged.
    ``margin``: a sentence is filler when vagueness - specificity >= margin.
    ``restate_at``: TF-IDF cosine with an earlier sentence that counts as restating it.
    ``min_share``: an article is padded only when at least this share of its words is in
    filler sentences; below it, one or two loose sentences in a long human piece are not
    padding, and nothing is reported (the features still describe them). At 0.1, 0.7% of
    human AllSides articles get a finding, against 29% without it; seeds 001, 003 and 004
    are 0.25-0.35.
    """

    name = "filler"
    weight = 0.6  # default share of quality one full-strength finding removes (policy can change it)
    label = "filler prose"
    colour = "#c6ecc6"

    def __init__(self, min_words: int = 8, margin: float = 0.9, restate_at: float = 0.5, min_share: float = 0.1):
        self.min_words = min_words
        self.margin = margin
        self.restate_at = restate_at
        self.min_share = min_share

    def detect(self, article: Article) -> DetectorResult:
        keep = [i for i, w in enumerate(article.sentence_words) if len(w) >= self.min_words]
        sentences = [article.sentences[i] for i in keep]
        words = [article.sentence_words[i] for i in keep]
        lower_words = [article.lower_sentence_words[i] for i in keep]
        repeats = restatements(sentences, words, self.restate_at, lower_words)
        feats = features_of(article.text, sentences, words, lower_words, article.lower_text)
        findings, filler_words = [], 0
        for i, (s, f) in enumerate(zip(sentences, feats, strict=True)):
            vagueness = f.vagueness + (1.0 if i in repeats else 0.0)
            if vagueness - f.specificity < self.margin:
                continue
            filler_words += f.words
            findings.append(finding(article, "filler_sentence", s.start, s.end, _why(f, repeats.get(i), sentences)))
        total = sum(f.words for f in feats) or 1
        features = {
            "filler_word_share": round(filler_words / total, 4),
            "specifics_per_100_words": round(100 * sum(f.specifics for f in feats) / total, 3),
            "mean_redundancy": round(sum(v for _, v in repeats.values()) / max(len(sentences), 1), 4),
            "attribution_share": round(sum(f.attribution for f in feats) / max(len(feats), 1), 4),
        }
        share = filler_words / total
        if share < self.min_share:
            return DetectorResult(0.0, [], features)
        return DetectorResult(round(min(1.0, share), 4), findings, features)


def _why(f: SentenceFeatures, repeat: tuple[int, float] | None, sentences: list[Span]) -> str:
    reasons = []
    if f.stock:
        reasons.append("hedge or cliche")
    if f.abstract >= 2:
        reasons.append(f"{f.abstract} abstract nouns")
    if f.numbers + f.dates + f.quote + f.attribution == 0:
        reasons.append("no numbers, dates, quotes or sources")
    if repeat is not None:
        reasons.append(f"restates sentence at offset {sentences[repeat[0]].start} (cosine {repeat[1]:.2f})")
    return "; ".join(reasons)
