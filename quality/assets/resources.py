"""Where shipped files live: ``models/`` in the repo is installed as the package ``quality.models``."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

_REPO_MODELS = Path(__file__).resolve().parents[2] / "models"


def model_file(name: str) -> Path:
    """Path of a file shipped in ``models/``: installed package, or the source tree when run from it."""
    try:
        return Path(str(files("quality.models").joinpath(name)))
    except ModuleNotFoundError:  # running from a checkout without installing
        return _REPO_MODELS / name


def data_file(name: str) -> Path:
    """Path of a word list or table shipped in ``quality/data/``."""
    return Path(str(files("quality.assets.data").joinpath(name)))
