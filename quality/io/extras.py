"""What to tell a user whose optional dependency is missing.

An extra's import chain can fail deep inside: trafilatura imports jusText, which imports
``lxml.html.clean``, which newer lxml ships as the separate ``lxml_html_clean``. The hint names
the module that is really missing and the extra that brings it, never a guess.
"""

from __future__ import annotations


def missing_extra(exc: ImportError, extra: str) -> str:
    """One line: the missing module, why (the import's own words), and the extra to install."""
    module = getattr(exc, "name", None) or "a module"
    why = " ".join(str(exc).split())[:200]
    return f"needs the Python module {module!r} ({why}): pip install 'quality[{extra}]'"
