"""Saving and loading fitted scikit-learn objects with skops, which runs no code on load.

A pickle (joblib) file executes whatever it contains when loaded; a skops file only builds
the types it is told to trust. Beyond skops's own defaults we trust an explicit list: the
exact types and functions the shipped models use, never a whole package (a crafted file must
not be able to call, say, one of this project's own functions that writes files).
"""

from __future__ import annotations

import copy
import hashlib
import warnings
import zipfile
from collections.abc import Iterator
from pathlib import Path

TRUSTED_EXACT = {
    "quality.reliability.model.ArticleFeatures",
    "quality.reliability.model.ngrams",
    "quality.reliability.model.lower_text",
    "quality.reliability.model.DefectEvidence",
    "quality.detectors.chrome_lines.LineFeatures",
    "quality.io.block_model.BlockFeatures",
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
    """Write ``obj`` as a compressed skops file (vocabularies packed, see :func:`pack`); returns its sha256."""
    import skops.io as sio

    sio.dump(pack(copy.deepcopy(obj)), str(path), compression=zipfile.ZIP_DEFLATED)
    return sha256(path)


# A skops file is a zip; what it unpacks to is allocated at load. The shipped models unpack to
# under 7 MB; a crafted 3 MB file can declare gigabytes of zeros.
MAX_UNPACKED = 256 * 2**20


def load(path: str | Path, expected_sha256: str | None = None, max_unpacked: int = MAX_UNPACKED):
    """Load a skops file, refusing hash mismatches, files that unpack to more than
    ``max_unpacked`` bytes, and types outside the trusted list.

    The file is read once: skops checks its types against the trusted list while loading
    (asking for the untrusted types first would read and audit the whole tree twice)."""
    import skops.io as sio
    from skops.io.exceptions import UntrustedTypesFoundException

    path = Path(path)
    if not path.is_file():
        raise ModelFileError(f"{path}: no such model file")
    if expected_sha256 and sha256(path) != expected_sha256:
        raise ModelFileError(f"{path}: sha256 does not match its model card; refusing to load (retrain or restore it)")
    unpacked = _unpacked_size(path)
    if unpacked > max_unpacked:
        limit = f"over the {max_unpacked:,}-byte limit for a model"
        raise ModelFileError(f"{path}: unpacks to {unpacked:,} bytes, {limit}; refusing to load it")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return unpack(sio.load(str(path), trusted=sorted(TRUSTED_EXACT)))
    except UntrustedTypesFoundException as exc:
        raise ModelFileError(f"{path}: refuses to load untrusted type(s): {_one_line(exc)}") from exc
    except Exception as exc:
        raise ModelFileError(f"{path}: not a readable skops model file ({_one_line(exc)})") from exc


def _unpacked_size(path: Path) -> int:
    """What the zip's members declare they unpack to (a member never reads past its declared size)."""
    try:
        with zipfile.ZipFile(path) as archive:
            return sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError) as exc:
        raise ModelFileError(f"{path}: not a readable skops model file ({_one_line(exc)})") from exc


def _one_line(exc: Exception) -> str:
    return " ".join(str(exc).split())


_PACKED = "packed_terms_"


def pack(obj):
    """Store each fitted vectorizer's vocabulary as one newline-joined string of its terms in
    index order. skops writes a dict as one node per entry, and auditing and rebuilding 90,000
    nodes took most of a second per model at every start; one string is read in milliseconds.
    The pruned ``stop_words_`` set is introspection only and is dropped."""
    for vectorizer in _vectorizers(obj):
        vocabulary = vectorizer.vocabulary_
        terms = sorted(vocabulary, key=vocabulary.__getitem__)
        plain = [vocabulary[t] for t in terms] == list(range(len(terms)))
        if not plain or "" in vocabulary or any("\n" in t for t in terms):
            continue  # not a plain 0..n-1 vocabulary of non-empty, newline-free terms: stored as it is
        setattr(vectorizer, _PACKED, "\n".join(terms))
        del vectorizer.vocabulary_
        vectorizer.stop_words_ = None
    return obj


def unpack(obj):
    """Undo :func:`pack` after loading (files saved unpacked load unchanged)."""
    for vectorizer in _vectorizers(obj, packed=True):
        terms = getattr(vectorizer, _PACKED)
        vectorizer.vocabulary_ = {t: i for i, t in enumerate(terms.split("\n"))} if terms else {}
        delattr(vectorizer, _PACKED)
    return obj


def _vectorizers(obj, packed: bool = False, seen: set[int] | None = None) -> Iterator:
    """Every fitted text vectorizer inside ``obj``: walks lists, tuples, dict values and the
    attributes of scikit-learn and ``quality`` objects (pipelines, unions, calibrated copies)."""
    seen = set() if seen is None else seen
    if id(obj) in seen or isinstance(obj, str | bytes | int | float):
        return
    seen.add(id(obj))
    if isinstance(obj, list | tuple):
        children = list(obj)
    elif isinstance(obj, dict):
        children = [v for v in obj.values() if not isinstance(v, str | int | float)]
    elif type(obj).__module__.split(".")[0] in ("sklearn", "quality") and hasattr(obj, "__dict__"):
        if hasattr(obj, _PACKED) if packed else isinstance(getattr(obj, "vocabulary_", None), dict):
            yield obj
        children = [v for k, v in vars(obj).items() if k not in ("vocabulary_", _PACKED)]
    else:
        return
    for child in children:
        yield from _vectorizers(child, packed, seen)


def sha256(path: str | Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()
