"""Detectors: one file each, all sharing the interface in :mod:`quality.detectors.base`.

Importing a module registers its detector; the order here is the order in every report.
"""

from quality.detectors import spacing  # noqa: F401,I001  (import order = report order)
from quality.detectors import captions  # noqa: F401
from quality.detectors import boilerplate  # noqa: F401
from quality.detectors import chrome  # noqa: F401
from quality.detectors import filler  # noqa: F401
from quality.detectors import machine_prose  # noqa: F401
from quality.detectors.base import REGISTRY, Detector, register

__all__ = ["REGISTRY", "Detector", "register"]
