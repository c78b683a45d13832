"""quality: tell good news articles from junk.

>>> import quality
>>> report = quality.score("Glued text.This is bad.", id="doc")
>>> report.detectors["missing_spaces"].findings[0].text
'text.This'
"""

from quality.core.article import Article, parse
from quality.core.document import Document
from quality.core.policy import Policy
from quality.core.report import DetectorResult, Finding, Report
from quality.pipeline.clean import Cleaned, Cleaner, clean
from quality.pipeline.gate import Filter
from quality.pipeline.scorer import Scorer, score
from quality.pipeline.source import rate_source

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
