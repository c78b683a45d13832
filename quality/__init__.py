"""quality: tell good news articles from junk.

>>> import quality
>>> report = quality.score("Glued text.This is bad.")
>>> report.detectors["missing_spaces"].findings[0].text
'text.This'
"""

from quality.article import Article, parse
from quality.filter import Filter
from quality.report import DetectorResult, Finding, Report
from quality.scorer import Scorer, Thresholds, score
from quality.source import rate_source

__all__ = [
    "Article",
    "DetectorResult",
    "Filter",
    "Finding",
    "Report",
    "Scorer",
    "Thresholds",
    "parse",
    "rate_source",
    "score",
]
__version__ = "0.1.0"
