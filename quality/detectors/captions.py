"""Mismatched image captions: photo captions whose content does not belong to the article.

Content farms paste stock photos with their original captions ("Ukrainian troops load an
FGM-148 Javelin onto a truck. (Image: aljazeera.com)" in a story about an election in Bangui).
Two steps: find caption lines by their credit, then judge each against the article without
its captions: do the caption's names occur in the body, and is its wording close to the
body's (TF-IDF cosine with news IDF)? A caption failing both is mismatched.
"""

from __future__ import annotations

import re
import unicodedata

import numpy as np

from quality.assets import news_tfidf
from quality.core.article import Article, Span
from quality.core.report import DetectorResult
from quality.detectors.base import Detector, finding, register, saturate
from quality.detectors.phrases import Guarded

_CREDIT_WORDS = r"(?:Image|Images|Photo|Photos|Photograph|Picture|Pic|Credit|Credits|Source|Foto|Illustration)"
# "... (Image: aljazeera.com)", "... (Photo: Keystone/Name)", "... [Photo credit: AP]"
_TRAILING_CREDIT = re.compile(rf"[(\[]\s*{_CREDIT_WORDS}(?:\s+credit)?\s*[:|]\s*[^()\[\]]{{1,80}}[)\]]\s*$", re.I)
# "Photo: Name/Agency", "Image: ...", "File photo: ..."
_LEADING_CREDIT = re.compile(rf"^\s*(?:File\s+photo|{_CREDIT_WORDS})\s*[:|]\s*\S", re.I)
# "... Getty Images", "(AFP)", "REUTERS/Name", "AP Photo/Name", "Photo by X"
_AGENCY_CREDIT = re.compile(
    r"(?:Getty Images|AFP(?: via Getty)?|AP Photo|Reuters/|REUTERS/|/Reuters|/AFP|/AP\b|EPA-EFE|Shutterstock"
    r"|Photo by [A-Z]|File photo)\W{0,3}[\w ./'-]{0,40}[)\]]?\s*$"
)
_NAME = re.compile(r"\b(?:[A-Z][\w'’-]*[A-Za-z0-9]|[A-Z]{2,}(?:-\d+)?|[A-Z]+-\d+\w*)\b")
_NOT_NAMES = frozenset(
    "The A An In On At Of For And But With From By As This That These Those His Her Their Its It He She They We "
    "Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May June July August "
    "September October November December Image Photo Photos Picture Credit Source File".split()
)
_MAX_CAPTION_WORDS = 60
_TAIL = 160  # a credit is at most ~130 characters: "(" + credit word + 80 + ")" or agency + 40
_WORDS = re.compile(r"\w+")


def _fold(word: str) -> str:
    """Lower-case, accents removed: 'Touadéra' and 'Touadera' are one name."""
    return "".join(c for c in unicodedata.normalize("NFKD", word.lower()) if not unicodedata.combining(c))


# Credit blocks that trail a caption, peeled off one at a time from the end: "... Photo: Meg
# Kinnard, AP / Copyright 2019 The Associated Press. All rights reserved." and "(AP Photo/Gene J.
# Puskar)", "(Photo by Kevin Mazur/Getty Images for Ithaca Holdings)". A photographer's name or
# "Associated Press" says nothing about what the picture shows, and would match any wire story.
_COPYRIGHT_TAIL = re.compile(r"\s*/?\s*(?:Copyright|©)\s*(?:\d{4})?[^/]{0,60}?(?:All rights reserved\.?)?\s*$", re.I)
# "... in Columbia, S.C. Photo: Meg Kinnard, AP"
_PHOTO_LABEL_TAIL = re.compile(r"(?<=[.)”\"])\s*(?:Photos?|Image|Picture|Credit)\s*(?::|by)\s[^()]{1,80}$")
# "... (AP Photo/Gene J. Puskar)", "... [File: Khalid al-Mousily/ Reuters]"
_BRACKETED_CREDIT_TAIL = re.compile(
    r"\s*[(\[][^()\[\]]{0,80}\b(?:Photos?|photo|Getty|AP|AFP|Reuters|REUTERS|EPA|Images?|Credit|Courtesy)\b"
    r"[^()\[\]]{0,80}[)\]]\s*$"
)
_CREDIT_TAILS = (_COPYRIGHT_TAIL, _PHOTO_LABEL_TAIL, _BRACKETED_CREDIT_TAIL)
_PHOTO_LABEL = Guarded(("photo", "image", "picture", "credit"), _PHOTO_LABEL_TAIL)
_MAX_CREDITS = 4


def _strip_credit_tails(line: str) -> str:
    """The line without the credit blocks at its end; only the last ``_TAIL`` characters are
    searched, so a long line costs no more than a short one."""
    head, tail = line[:-_TAIL], line[-_TAIL:]
    for _ in range(_MAX_CREDITS):
        before = tail
        for pattern in _CREDIT_TAILS:
            tail = pattern.sub("", tail).rstrip(" /")
        if tail == before:
            break
    return head + tail


# What a page's caption widget prints before the caption: Ars Technica's "Enlarge / ", BBC's
# "Image copyright AFP Image caption ", an icon's name ("media_camera").
_WIDGET_PREFIX = re.compile(
    r"^\s*(?:Enlarge\s*/\s*|(?:Image copyright\s.{0,60}?\s)?Image caption\s+|media_camera\s*"
    r"|(?:hide|toggle) caption\s+)",
    re.I,
)
# A caption that is only a credit: "Courtesy of UP w/ Chris Hayes", "Handout photo"
_COURTESY_ONLY = re.compile(r"^\s*(?:Courtesy(?: of)?|Handout(?: photo)?)\b[^.]{0,60}$", re.I)


def caption_body(line: str) -> str:
    """The caption without its credits and without what the caption widget prints before it."""
    line = _WIDGET_PREFIX.sub("", line)
    if _COURTESY_ONLY.match(line):
        return ""
    line = _strip_credit_tails(line)
    line = _TRAILING_CREDIT.sub("", line)
    line = _AGENCY_CREDIT.sub("", line)
    m = _LEADING_CREDIT.match(line)
    if m:
        line = line[m.end() - 1 :]
    return line.strip()


def is_caption(line: str) -> bool:
    """A short line that carries a photo credit at its start or its end.

    Credits sit in the last ``_TAIL`` characters, so only those are searched: the cost of a
    line is bounded whatever its length."""
    if len(line.split(maxsplit=_MAX_CAPTION_WORDS + 1)) > _MAX_CAPTION_WORDS:
        return False
    tail = line[-_TAIL:]
    low = tail.lower()
    if "copyright" in low or "©" in low:
        tail = _COPYRIGHT_TAIL.sub("", tail).rstrip(" /")
    return bool(
        _LEADING_CREDIT.match(line)
        or _TRAILING_CREDIT.search(tail)
        or _AGENCY_CREDIT.search(tail)
        or _PHOTO_LABEL.search(tail)
        or (tail.rstrip()[-1:] in (")", "]") and _BRACKETED_CREDIT_TAIL.search(tail))
    )


def caption_names(caption: str) -> list[str]:
    """Capitalised names, places and model numbers in the caption ('FGM-148', 'Javelin')."""
    names = []
    for i, m in enumerate(_NAME.finditer(caption)):
        word = m.group()
        if word in _NOT_NAMES:
            continue
        if i == 0 and m.start() == 0 and word[1:].islower() and not any(c.isdigit() for c in word):
            continue  # the first word is capitalised because it starts the sentence
        names.append(word)
    return names


def name_overlap(names: list[str], body_names: set[str], body_acronyms: frozenset[str] = frozenset()) -> float:
    """Share of names found in the body; 'Ukrainian' matches 'Ukraine' by a 5-letter stem.
    A name matches only where the body writes it as one (capitalised: "Design" is not the
    common word "design", "All" is not "all"); a possessive is the name ('Vindman's' is
    'Vindman', never 'Vindman' + 's'), and an acronym must appear in capitals ('US' is not 'us')."""
    if not names:
        return 0.0
    stems = _stems(body_names)
    found = 0
    for name in names:
        name = _POSSESSIVE.sub("", name)
        if _ACRONYM.fullmatch(name):
            found += name in body_acronyms
            continue
        parts = [_fold(p) for p in re.split(r"[-’']", name) if len(p) >= 2]
        if any(p in body_names or (len(p) >= 6 and p[:5] in stems) for p in parts):
            found += 1
    return found / len(names)


_MIN_JUDGED_WORDS = 3


_POSSESSIVE = re.compile(r"['’]s?$")
_ACRONYM = re.compile(r"[A-Z]{2,5}")


def _stems(words: set[str]) -> set[str]:
    return {w[:5] for w in words if len(w) >= 5}


def body_names_of(body: str) -> set[str]:
    """The body's words written as names (capitalised, or a number as in "F-22"), folded once
    as one string (not word by word)."""
    return set(_fold(" ".join(w for w in _WORDS.findall(body) if w[0].isupper() or w[0].isdigit())).split())


def body_acronyms_of(body: str) -> frozenset[str]:
    """Words in capitals in the body ('US', 'NATO'), as written."""
    return frozenset(_ACRONYM_WORD.findall(body))


_ACRONYM_WORD = re.compile(r"\b[A-Z]{2,5}\b")


@register
class CaptionMismatch(Detector):
    """Captions unrelated to their article.

    ``threshold``: a caption whose relatedness (0.5 * name overlap + 0.5 * scaled cosine) is
    below it is mismatched; calibrated on the caption benchmark (see README).
    ``similarity``: ``tfidf`` (default, no extra dependency) or ``embeddings`` (the extra);
    see ``quality.detectors.similarity``.
    """

    name = "caption_mismatch"
    weight = 0.7  # default share of quality one full-strength finding removes (policy can change it)
    label = "mismatched captions"
    colour = "#b3d1ff"

    def __init__(self, threshold: float = 0.25, similarity: str = "tfidf"):
        from quality.detectors.similarity import backend

        self.threshold = threshold
        self.similarity = backend(similarity)

    def captions(self, article: Article) -> list[Span]:
        """Lines with a photo credit, and every caption the page's HTML marked as one
        (figcaption, image alt or title text), credit or not."""
        marked = {s.start for s in article.structure if s.kind == "caption"}
        return [line for line in article.content_lines if line.start in marked or is_caption(line.text)]

    def relatedness(self, caption: str, body: str) -> tuple[float, float, float]:
        """``(relatedness, name_overlap, cosine)`` of one caption to the body, each in [0, 1]."""
        return self.relatedness_many([caption], body)[0]

    def relatedness_many(self, captions: list[str], body: str) -> list[tuple[float, float, float]]:
        """Each caption against one body: the body is folded and vectorised once, not per caption."""
        body_names, acronyms = body_names_of(body), body_acronyms_of(body)
        texts = [caption_body(c) for c in captions]
        cosines = self.similarity.cosines(texts, body)
        out = []
        for text, cosine in zip(texts, cosines, strict=True):
            names = caption_names(text)
            overlap = name_overlap(names, body_names, acronyms)
            weight = 0.5 if names else 0.0  # without names, wording is all we have
            out.append((weight * overlap + (1 - weight) * self.similarity.scaled(cosine), overlap, cosine))
        return out

    def judgeable(self, caption: str) -> bool:
        """Is there anything to judge? A credit alone ("(Image: Getty Images)") says nothing about
        the picture, and a caption with no names and almost no English news vocabulary (another
        language, broken encoding) cannot be compared with the article's words: neither is
        called a mismatch."""
        text = caption_body(caption)
        words = _WORDS.findall(text.lower())
        if len(words) < _MIN_JUDGED_WORDS:
            return False
        return bool(caption_names(text)) or sum(w in news_tfidf.idf() for w in words) >= 2

    def detect(self, article: Article) -> DetectorResult:
        found = self.captions(article)
        captions = [c for c in found if self.judgeable(c.text)]
        # every caption is either judged or counted as unchecked (a credit alone, another language)
        features = {"captions": float(len(found)), "unchecked": float(len(found) - len(captions)),
                    "mismatched": 0.0, "min_relatedness": 1.0}  # fmt: skip
        if not captions:
            return DetectorResult(0.0, [], features)
        caption_starts = {c.start for c in found}
        body = "\n".join(line.text for line in article.content_lines if line.start not in caption_starts)
        findings, scores = [], []
        judged = self.relatedness_many([c.text for c in captions], body)
        for cap, (rel, overlap, cosine) in zip(captions, judged, strict=True):
            scores.append(rel)
            if rel < self.threshold:
                detail = (
                    f"caption unrelated to the article: relatedness {rel:.2f} "
                    f"(names found {overlap:.0%}, cosine {cosine:.2f})"
                )
                findings.append(finding(article, "caption", cap.start, cap.end, detail))
        features.update(mismatched=float(len(findings)), min_relatedness=round(float(np.min(scores)), 4))
        return DetectorResult(saturate(len(findings), 1.0), findings, features)
