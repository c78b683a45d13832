"""Detectors: one file each, all sharing the interface in :mod:`quality.detectors.base`."""

from quality.detectors import spacing  # noqa: F401  (registers itself)
from quality.detectors.base import REGISTRY, Detector, register

__all__ = ["REGISTRY", "Detector", "register"]
