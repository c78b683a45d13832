"""Where shipped files live: ``models/`` in the repo is the package ``quality.models``."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path


def model_file(name: str) -> Path:
    """Path of a file shipped in ``models/`` (works for editable and regular installs)."""
    return Path(str(files("quality.models").joinpath(name)))


def data_file(name: str) -> Path:
    """Path of a word list or table shipped in ``quality/data/``."""
    return Path(str(files("quality.data").joinpath(name)))
