"""The report's JSON Schema, its detector list generated from the registry.

``quality/core/schema/report.schema.json`` is the shipped contract; its ``detectors`` names
come from here, so a new detector cannot be left out of it (a test compares the two).
Regenerate with ``python -m quality.detectors.schema > quality/core/schema/report.schema.json``.
"""

from __future__ import annotations

import json
from importlib.resources import files
from typing import Any

from quality.detectors.base import REGISTRY

SCHEMA_FILE = "schema/report.schema.json"


def shipped() -> dict[str, Any]:
    return json.loads(files("quality.core").joinpath(SCHEMA_FILE).read_text(encoding="utf-8"))


def report_schema() -> dict[str, Any]:
    """The shipped schema with the detector names of the registry, in report order."""
    schema = shipped()
    schema["properties"]["detectors"]["propertyNames"] = {"enum": list(REGISTRY)}
    return schema


if __name__ == "__main__":
    import quality.detectors  # noqa: F401  (registers every detector)

    print(json.dumps(report_schema(), indent=2, ensure_ascii=False))
