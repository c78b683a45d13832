"""Article-level features for the reliability model: detector features plus NELA-style stylometry.

Horne & Adali (2017) and the NELA toolkit showed that unreliable outlets write differently:
more exclamation and capitals, more first/second person, fewer
quotes and attributions, simpler words. Every feature here is a cheap count over the one parse,
so a feature vector costs nothing beyond scoring the article. Title features are left out:
most inputs to ``quality score`` carry no title, and a feature that is always missing at
scoring time but present in training only teaches the model a shift.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping

from quality.core.article import Article
from quality.core.report import DetectorResult

FIRST_PERSON = frozenset("i me my mine we us our ours".split())
SECOND_PERSON = frozenset("you your yours yourself yourselves".split())
HEDGES = frozenset(
    "may might could perhaps possibly apparently reportedly allegedly seemingly likely unlikely "
    "suggests suggest appear appears somewhat arguably".split()
)
SUPERLATIVE_WORDS = frozenset("most best worst greatest biggest least ever never always totally absolutely".split())
EMOTION_WORDS = frozenset(
    "shocking outrage outrageous disgusting horrifying amazing incredible unbelievable destroy destroyed "
    "slams slammed blasts blasted epic insane terrifying evil hero disaster".split()
)
_VOWEL_GROUPS = re.compile(r"[aeiouy]+")
_QUOTE_CHARS = re.compile(r"[\"“”]")

# The fixed, ordered stylometry feature names (the detector features are appended after them).
STYLE_FEATURES = (
    "log_words",
    "mean_sentence_words",
    "sd_sentence_words",
    "words_per_paragraph",
    "exclamations_per_100w",
    "questions_per_100w",
    "quote_marks_per_100w",
    "digits_per_100w",
    "all_caps_share",
    "capitalised_share",
    "first_person_share",
    "second_person_share",
    "hedge_share",
    "superlative_share",
    "emotion_share",
    "type_token_ratio",
    "mean_word_length",
    "long_word_share",
    "flesch_reading_ease",
    "links_per_100w",
)


def stylometry(article: Article) -> dict[str, float]:
    """NELA-style counts, normalised by length so long and short articles compare."""
    words = article.tokens
    n = max(1, len(words))
    lower = article.lower_tokens
    sent_lengths = [len(w) for w in article.sentence_words] or [0]
    mean_len = sum(sent_lengths) / len(sent_lengths)
    sd_len = math.sqrt(sum((x - mean_len) ** 2 for x in sent_lengths) / len(sent_lengths))
    text = article.text
    syllables = sum(_syllables(w) for w in lower)
    per100 = 100.0 / n
    head = lower[:500]  # type/token ratio on a fixed window so it does not fall with length
    return {
        "log_words": math.log1p(len(words)),
        "mean_sentence_words": mean_len,
        "sd_sentence_words": sd_len,
        "words_per_paragraph": len(words) / max(1, len(article.paragraphs)),
        "exclamations_per_100w": text.count("!") * per100,
        "questions_per_100w": text.count("?") * per100,
        "quote_marks_per_100w": len(_QUOTE_CHARS.findall(text)) * per100,
        "digits_per_100w": sum(any(c.isdigit() for c in w) for w in words) * per100,
        "all_caps_share": sum(w.isupper() and len(w) > 1 for w in words) / n,
        "capitalised_share": sum(w[:1].isupper() for w in words) / n,
        "first_person_share": sum(w in FIRST_PERSON for w in lower) / n,
        "second_person_share": sum(w in SECOND_PERSON for w in lower) / n,
        "hedge_share": sum(w in HEDGES for w in lower) / n,
        "superlative_share": sum(w in SUPERLATIVE_WORDS or (len(w) > 5 and w.endswith("est")) for w in lower) / n,
        "emotion_share": sum(w in EMOTION_WORDS for w in lower) / n,
        "type_token_ratio": len(set(head)) / max(1, len(head)),
        "mean_word_length": sum(len(w) for w in words) / n,
        "long_word_share": sum(len(w) >= 7 for w in words) / n,
        "flesch_reading_ease": 206.835 - 1.015 * mean_len - 84.6 * syllables / n,
        "links_per_100w": (text.count("http") + text.count("www.")) * per100,
    }


def _syllables(word: str) -> int:
    return max(1, len(_VOWEL_GROUPS.findall(word)))


def detector_features(results: Mapping[str, DetectorResult]) -> dict[str, float]:
    """Each detector's score and features, named ``detector.feature``."""
    out: dict[str, float] = {}
    for name, result in results.items():
        out[f"{name}.score"] = result.score
        for feature, value in result.features.items():
            out[f"{name}.{feature}"] = float(value)
    return out


def article_features(article: Article, results: Mapping[str, DetectorResult]) -> dict[str, float]:
    return {**stylometry(article), **detector_features(results)}


def vector(features: Mapping[str, float], names: tuple[str, ...]) -> list[float]:
    """Features in the model's order; a feature the model knows but this run lacks counts as 0."""
    return [float(features.get(name, 0.0)) for name in names]
