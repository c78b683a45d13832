"""quality: tell good news articles from junk.

>>> import quality
>>> report = quality.score("Glued text.This is bad.", id="doc")
>>> report.detectors["missing_spaces"].findings[0].text
'text.This'
"""

from quality.article import Article, parse
from quality.clean import Cleaned, Cleaner, clean
from quality.document import Document
from quality.filter import Filter
from quality.policy import Policy
from quality.report import DetectorResult, Finding, Report
from quality.scorer import Scorer, score
from quality.source import rate_source

__all__ = [
    "Article",
    "Cleaned",
    "Cleaner",
    "DetectorResult",
    "Document",
    "Filter",
    "Finding",
    "Policy",
    "Report",
    "clean",
    "Scorer",
    "parse",
    "rate_source",
    "score",
]
__version__ = "0.2.0"
