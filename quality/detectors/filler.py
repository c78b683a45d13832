"""Filler prose: sentences that say nothing, hedge, pad, or restate an earlier sentence.

Good reporting is specific: names, numbers, dates, quotes, attributions. Filler trades
those for hedges ("it will be important to monitor the situation"), abstract nouns
("implications", "landscape") and restatement. Each sentence gets a transparent score,
``vagueness - specificity``; the article's score is the share of its words in filler.
Specifics only ever lower a sentence's score, so adding a fact never makes it more filler.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from quality.article import Article, Span
from quality.detectors.base import Detector, finding, register
from quality.report import DetectorResult
from quality.resources import data_file

_NUMBER = re.compile(r"(?<![\w.])[$€£]?\d[\d,.]*(?:\s?(?:%|percent|million|billion|km|kg))?")
_DATE = re.compile(
    r"\b(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?"
    r"|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
    r"|yesterday|today|tomorrow)\b"
)
_QUOTE = re.compile(r"[\"“][^\"”]{12,}[\"”]")
_ATTRIBUTION = re.compile(
    r"\b(?:said|says|told|according to|stated|announced|wrote|added|confirmed|testified|tweeted|declared)\b", re.I
)
_NAME = re.compile(r"(?<=\s)(?:[A-Z][a-z]+(?:[-’'][A-Z]?[a-z]+)*|[A-Z]{2,})\b")
_WORD = re.compile(r"[A-Za-z]+")
_FUNCTION_CAPS = frozenset("I The A An In On At Of For And But As This That These Those It He She They We".split())


def _load_weighted(name: str) -> dict[str, float]:
    out = {}
    for line in data_file(name).read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            phrase, _, weight = line.partition("\t")
            out[phrase.strip().lower()] = float(weight or 1)
    return out


@lru_cache(maxsize=1)
def _lexicon() -> tuple[re.Pattern[str], dict[str, float], frozenset[str]]:
    phrases = _load_weighted("filler_phrases.txt")
    pattern = re.compile(
        r"\b(?:" + "|".join(re.escape(p) for p in sorted(phrases, key=len, reverse=True)) + r")\b", re.I
    )
    return pattern, phrases, frozenset(_load_weighted("abstract_nouns.txt"))


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


def sentence_features(text: str) -> SentenceFeatures:
    pattern, weights, abstract = _lexicon()
    stock = sum(weights.get(m.group().lower(), 1.0) for m in pattern.finditer(text))
    words = _WORD.findall(text)
    names = [n for n in _NAME.findall(" " + text[1:]) if n not in _FUNCTION_CAPS]
    return SentenceFeatures(
        numbers=len(_NUMBER.findall(text)),
        dates=len(_DATE.findall(text)),
        names=len(names),
        quote=int(bool(_QUOTE.search(text))),
        attribution=int(bool(_ATTRIBUTION.search(text))),
        stock=stock,
        abstract=sum(w.lower() in abstract for w in words),
        words=len(words),
    )


def restatements(sentences: list[Span], threshold: float) -> dict[int, tuple[int, float]]:
    """For each sentence, the earlier sentence it restates (TF-IDF cosine >= threshold)."""
    if len(sentences) < 2:
        return {}
    from quality import news_tfidf

    X = news_tfidf.load().transform([s.text for s in sentences])
    sims = (X @ X.T).tocsr()
    out = {}
    for i in range(1, len(sentences)):
        row = sims.getrow(i)
        best, best_j = 0.0, -1
        for j, v in zip(row.indices, row.data, strict=True):
            if j < i and v > best:
                best, best_j = float(v), int(j)
        if best >= threshold:
            out[i] = (best_j, best)
    return out


@register
class Filler(Detector):
    """Filler sentences; score = share of the article's words in them.

    ``min_words``: shorter sentences (headings, datelines) are never judged.
    ``margin``: a sentence is filler when vagueness - specificity >= margin.
    ``restate_at``: TF-IDF cosine with an earlier sentence that counts as restating it.
    """

    name = "filler"
    weight = 0.6

    def __init__(self, min_words: int = 8, margin: float = 0.9, restate_at: float = 0.5):
        self.min_words = min_words
        self.margin = margin
        self.restate_at = restate_at

    def detect(self, article: Article) -> DetectorResult:
        sentences = [s for s in article.sentences if len(_WORD.findall(s.text)) >= self.min_words]
        repeats = restatements(sentences, self.restate_at)
        feats = [sentence_features(s.text) for s in sentences]
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
        return DetectorResult(round(min(1.0, filler_words / total), 4), findings, features)


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
