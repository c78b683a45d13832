"""The policy: every number that turns detector scores into a verdict, in one place.

Detector weights, how the reliability rating scales quality, the keep/review/drop cut-offs,
which verdicts the gate rejects, when a detector "flags", the label cut-offs, the
per-document time budget, and any detector's constructor parameters (each detector's
decision numbers are constructor parameters with defaults, so the policy can set every one).
One ``Policy`` object travels through ``Scorer``, ``Filter``, ``clean`` and ``source``;
``quality --config quality.toml`` or ``Policy.from_toml`` sets it. A detector's default
weight is declared by the detector itself; ``weights`` here holds only what a policy changes.

A config file names only what it changes::

    keep_at = 0.7                 # verdict cut-offs
    drop_below = 0.3
    [weights]
    filler = 0.3
    [detectors.caption_mismatch]  # constructor parameters of one detector
    similarity = "embeddings"
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


class PolicyError(ValueError):
    """A config file or override that does not describe a valid policy."""


@dataclass(frozen=True)
class Policy:
    """Everything that decides a verdict. Frozen: derive a changed copy with ``replace``."""

    weights: Mapping[str, float] = field(default_factory=dict)  # overrides of the detectors' own weights
    detectors: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    # quality *= reliability_floor + (1 - reliability_floor) * reliability score:
    # a source rated fully unreliable loses (1 - floor) of its quality.
    reliability_floor: float = 0.75
    keep_at: float = 0.65
    drop_below: float = 0.35
    flag_at: float = 0.5  # a detector "flags" an article at score >= flag_at
    # Labels from a published rating's P(reliable): >= reliable_at reliable, < unreliable_below unreliable.
    reliable_at: float = 0.6
    unreliable_below: float = 0.4
    # Text alone is evidence, not a verdict: it labels an article "unreliable" only below this
    # calibrated score (on held-out Pérez-Rosas articles: 9% labelled, 71% of them right), else
    # "unknown"; it never says "reliable", and it can lower quality but never raise it.
    text_unreliable_below: float = 0.1
    text_score_cap: float = 0.5
    # What a published domain rating says, as a probability that the source is reliable.
    rating_prior: Mapping[str, float] = field(
        default_factory=lambda: {"reliable": 0.9, "mixed": 0.5, "unreliable": 0.1}
    )
    # Per-document scoring budget in seconds (a safety net for hostile input; 0 = none).
    time_budget: float = 20.0
    # `quality clean`: detectors whose findings are deleted, and those whose findings are repaired.
    clean_remove: tuple[str, ...] = ("page_chrome", "caption_mismatch")
    clean_repair: tuple[str, ...] = ("missing_spaces",)
    # `quality filter` / `Filter`: verdicts that reject a record, and an optional quality floor.
    reject_verdicts: tuple[str, ...] = ("drop",)
    min_quality: float | None = None

    def __post_init__(self) -> None:
        for name, value in [
            ("reliability_floor", self.reliability_floor),
            ("keep_at", self.keep_at),
            ("drop_below", self.drop_below),
            ("flag_at", self.flag_at),
            ("reliable_at", self.reliable_at),
            ("unreliable_below", self.unreliable_below),
            ("text_unreliable_below", self.text_unreliable_below),
            ("text_score_cap", self.text_score_cap),
            *((f"weights.{k}", v) for k, v in self.weights.items()),
        ]:
            if not isinstance(value, int | float) or not 0.0 <= float(value) <= 1.0 or math.isnan(value):
                raise PolicyError(f"{name} must be a number in [0, 1], got {value!r}")
        if self.drop_below > self.keep_at:
            raise PolicyError(f"drop_below ({self.drop_below}) must not exceed keep_at ({self.keep_at})")
        if self.unreliable_below > self.reliable_at:
            raise PolicyError("unreliable_below must not exceed reliable_at")
        if not isinstance(self.time_budget, int | float) or self.time_budget < 0:
            raise PolicyError(f"time_budget must be a number of seconds >= 0, got {self.time_budget!r}")
        if self.min_quality is not None and (
            not isinstance(self.min_quality, int | float) or not 0.0 <= self.min_quality <= 1.0
        ):
            raise PolicyError(f"min_quality must be a number in [0, 1], got {self.min_quality!r}")
        if isinstance(self.reject_verdicts, str) or not set(self.reject_verdicts) <= {"drop", "review"}:
            raise PolicyError(f"reject_verdicts must be a list of 'drop' and 'review', got {self.reject_verdicts!r}")
        object.__setattr__(self, "reject_verdicts", tuple(self.reject_verdicts))
        for name in ("clean_remove", "clean_repair"):
            value = getattr(self, name)
            if isinstance(value, str) or not all(isinstance(v, str) for v in value):
                raise PolicyError(f"{name} must be a list of detector names, got {value!r}")
            object.__setattr__(self, name, tuple(value))  # TOML gives lists; keep the policy hashable

    # ---- the decisions --------------------------------------------------------------------------

    def weight(self, detector: str, default: float | None = None) -> float:
        """The detector's weight: the policy's override, else the detector's own ``default``.
        There is no fallback weight: a detector nobody weighed is an error, not 1.0."""
        if detector in self.weights:
            return float(self.weights[detector])
        if default is None:
            raise PolicyError(f"no weight for detector {detector!r}")
        return float(default)

    def quality(
        self, scores: Mapping[str, float], reliability: float | None, defaults: Mapping[str, float] | None = None
    ) -> float:
        """Overall quality in [0, 1]: each defect removes its weighted share, ``Π(1 - w·s)``,
        so one strong defect dominates while weak ones add up; then the reliability scaling.
        ``defaults`` are the detectors' own weights (``Scorer`` passes them)."""
        defaults = defaults or {}
        clean = 1.0
        for name, score in scores.items():
            clean *= 1.0 - self.weight(name, defaults.get(name)) * score
        if reliability is not None:
            clean *= self.reliability_floor + (1.0 - self.reliability_floor) * reliability
        return round(min(1.0, max(0.0, clean)), 4)

    def verdict(self, quality: float) -> str:
        if quality >= self.keep_at:
            return "keep"
        return "drop" if quality < self.drop_below else "review"

    def verdict_after_cleaning(self, quality: float, sound: float) -> str:
        """The verdict, except that defects ``quality clean`` removes (``clean_remove``,
        ``clean_repair``: chrome, mismatched captions, glue) never drop an article that is sound
        without them (``sound``: its quality with their weights at 0); such an article is at worst
        ``review``."""
        verdict = self.verdict(quality)
        if verdict == "drop" and self.verdict(sound) != "drop":
            return "review"
        return verdict

    def flags(self, score: float) -> bool:
        return score >= self.flag_at

    def label(self, reliability: float) -> str:
        """reliable / mixed / unreliable for a published rating's P(reliable)."""
        if reliability >= self.reliable_at:
            return "reliable"
        return "unreliable" if reliability < self.unreliable_below else "mixed"

    def text_label(self, text_score: float) -> str:
        """What the text alone may say: ``unreliable`` on strong evidence, else ``unknown``."""
        return "unreliable" if text_score < self.text_unreliable_below else "unknown"

    def reliability(self, text_score: float, rating_p: float | None) -> tuple[str, float, str]:
        """The one rule for a reliability label, for articles and outlets alike: ``(label, score,
        decided_by)``. A published rating decides (its P(reliable) is the score); without one, the
        text's score counts only against the source (capped at ``text_score_cap``)."""
        if rating_p is not None:
            return self.label(rating_p), rating_p, "domain"
        return self.text_label(text_score), min(text_score, self.text_score_cap), "text"

    def params(self, detector: str) -> dict[str, Any]:
        return dict(self.detectors.get(detector, {}))

    # ---- building one ---------------------------------------------------------------------------

    def replace(self, **changes: Any) -> Policy:
        return dataclasses.replace(self, **changes)

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any], where: str = "config") -> Policy:
        """A policy from a parsed TOML/JSON mapping; unknown keys are errors, not ignored."""
        known = {f.name for f in dataclasses.fields(cls)}
        unknown = sorted(set(data) - known)
        if unknown:
            raise PolicyError(f"{where}: unknown setting(s) {', '.join(unknown)}; known: {', '.join(sorted(known))}")
        base = cls()
        changes: dict[str, Any] = dict(data)
        if "weights" in data:
            changes["weights"] = {**base.weights, **_table(data["weights"], "weights", where)}
        if data.get("min_quality") == "none":  # TOML has no null: `--set min_quality=none` clears it
            changes["min_quality"] = None
        if "rating_prior" in data:
            changes["rating_prior"] = {**base.rating_prior, **_table(data["rating_prior"], "rating_prior", where)}
        if "detectors" in data:
            detectors = _table(data["detectors"], "detectors", where)
            changes["detectors"] = {k: dict(_table(v, f"detectors.{k}", where)) for k, v in detectors.items()}
        try:
            return cls(**changes)
        except PolicyError as exc:
            raise PolicyError(f"{where}: {exc}") from None
        except TypeError as exc:
            raise PolicyError(f"{where}: {exc}") from None

    @classmethod
    def from_toml(cls, path: str | Path) -> Policy:
        """Read a ``quality.toml`` (standard-library TOML reader)."""
        try:
            import tomllib
        except ModuleNotFoundError:  # Python 3.10
            import tomli as tomllib  # type: ignore[no-redef]
        try:
            with open(path, "rb") as fh:
                data = tomllib.load(fh)
        except OSError as exc:
            raise PolicyError(f"{path}: cannot read ({exc.strerror or exc})") from None
        except tomllib.TOMLDecodeError as exc:
            raise PolicyError(f"{path}: not valid TOML ({exc})") from None
        return cls.from_mapping(data, str(path))


def with_settings(policy: Policy, settings: list[str] | tuple[str, ...]) -> Policy:
    """Apply ``KEY=VALUE`` settings (dotted keys; values read as TOML, else as a string):
    ``keep_at=0.7``, ``weights.filler=0.3``, ``detectors.caption_mismatch.similarity=embeddings``."""
    if not settings:
        return policy
    data = _as_mapping(policy)
    for setting in settings:
        key, sep, raw = setting.partition("=")
        if not sep or not key.strip():
            raise PolicyError(f"--set {setting!r}: expected KEY=VALUE")
        *parents, leaf = key.strip().split(".")
        node = data
        for part in parents:
            node = node.setdefault(part, {})
            if not isinstance(node, dict):
                raise PolicyError(f"--set {setting!r}: {part} is not a table")
        node[leaf] = _toml_value(raw.strip())
    return Policy.from_mapping(data, "--set")


def _toml_value(raw: str) -> Any:
    try:
        import tomllib
    except ModuleNotFoundError:  # Python 3.10
        import tomli as tomllib  # type: ignore[no-redef]
    try:
        return tomllib.loads(f"v = {raw}")["v"]
    except tomllib.TOMLDecodeError:
        return raw  # a bare word: a string


def _as_mapping(policy: Policy) -> dict[str, Any]:
    out = {}
    for f in dataclasses.fields(policy):
        value = getattr(policy, f.name)
        out[f.name] = (
            {k: dict(v) if isinstance(v, Mapping) else v for k, v in value.items()}
            if isinstance(value, Mapping)
            else value
        )
    return out


def _table(value: Any, name: str, where: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise PolicyError(f"{where}: {name} must be a table, got {type(value).__name__}")
    return value


DEFAULT = Policy()
