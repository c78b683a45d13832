"""Saving and loading fitted scikit-learn objects with skops, which runs no code on load.

A pickle (joblib) file executes whatever it contains when loaded; a skops file only builds
the types it is told to trust. Beyond skops's own defaults we trust an explicit list: the
exact types and functions the shipped models use, never a whole package (a crafted file must
not be able to call, say, one of this project's own functions that writes files).
"""

from __future__ import annotations

import hashlib
import warnings
import zipfile
from pathlib import Path

TRUSTED_EXACT = {
    "quality.reliability.model.ArticleFeatures",
    "quality.reliability.model.ngrams",
    "quality.reliability.model.lower_text",
    "quality.reliability.model.DefectEvidence",
    "quality.chrome_model.LineFeatures",
    "sklearn.calibration._CalibratedClassifier",
    "sklearn.calibration._SigmoidCalibration",
    "builtins.dict",
    "builtins.list",
    "builtins.tuple",
    "builtins.str",
    "builtins.float",
    "builtins.int",
    "builtins.slice",
    "builtins.set",
    "builtins.frozenset",
    "collections.OrderedDict",
    "re.compile",
}


class ModelFileError(Exception):
    """A model file that is missing, tampered with, or asks to build an untrusted type."""


def save(obj, path: str | Path) -> str:
    """Write ``obj`` as a compressed skops file; returns its sha256."""
    import skops.io as sio

    sio.dump(obj, str(path), compression=zipfile.ZIP_DEFLATED)
    return sha256(path)


def load(path: str | Path, expected_sha256: str | None = None):
    """Load a skops file, refusing hash mismatches and types outside the trusted list."""
    import skops.io as sio

    path = Path(path)
    if not path.is_file():
        raise ModelFileError(f"{path}: no such model file")
    if expected_sha256 and sha256(path) != expected_sha256:
        raise ModelFileError(f"{path}: sha256 does not match its model card; refusing to load (retrain or restore it)")
    try:
        untrusted = sio.get_untrusted_types(file=str(path))
    except Exception as exc:
        raise ModelFileError(f"{path}: not a readable skops model file ({exc})") from exc
    refused = [t for t in untrusted if t not in TRUSTED_EXACT]
    if refused:
        raise ModelFileError(f"{path}: refuses to load untrusted type(s): {', '.join(sorted(refused))}")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return sio.load(str(path), trusted=untrusted)


def compact_vectorizer(vectorizer):
    """Make a fitted TfidfVectorizer cheap to store: skops writes each numpy int of the vocabulary
    as its own array file (minutes and megabytes), but plain ints as one JSON table; the pruned
    ``stop_words_`` set is introspection only."""
    vectorizer.vocabulary_ = {term: int(i) for term, i in vectorizer.vocabulary_.items()}
    vectorizer.stop_words_ = None
    return vectorizer


def sha256(path: str | Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()
