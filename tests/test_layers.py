"""The layering a newcomer reads from the tree, enforced: each layer imports only layers below
it, the core imports nothing else of the package, and scoring never loads the lab.

core < assets < detectors < reliability < io < pipeline < integrations < cli
(ruff's banned-API rule keeps ``quality_lab`` out of ``quality/`` at lint time as well.)
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "quality"
LAYERS = ["core", "assets", "detectors", "reliability", "io", "pipeline", "integrations", "cli"]


def _layer(module: str) -> int | None:
    parts = module.split(".")
    if parts[0] != "quality" or len(parts) < 2:
        return None
    return LAYERS.index(parts[1]) if parts[1] in LAYERS else None


def _imports(path: Path) -> list[str]:
    """Every module a file imports, at the top or inside a function (lazy imports count too)."""
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            out += [node.module] + [f"{node.module}.{a.name}" for a in node.names]
    return out


def _modules():
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE.parent).with_suffix("")
        yield ".".join(rel.parts), path


@pytest.mark.parametrize("module,path", list(_modules()), ids=lambda v: str(v) if isinstance(v, str) else "")
def test_each_module_imports_only_its_own_layer_or_below(module, path):
    own = _layer(module)
    for imported in _imports(path):
        assert not imported.startswith("quality_lab"), f"{module} imports the lab ({imported})"
        other = _layer(imported)
        if own is None or other is None:
            continue
        assert other <= own, f"{module} ({LAYERS[own]}) imports {imported} ({LAYERS[other]}), a higher layer"


def test_the_layer_rule_catches_an_upward_import(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text("def f():\n    from quality.pipeline.scorer import Scorer\n")
    assert "quality.pipeline.scorer" in _imports(bad)
    assert _layer("quality.pipeline.scorer") > _layer("quality.core.document")


def test_scoring_loads_no_lab_module():
    code = (
        "import sys, quality\n"
        "r = quality.Scorer(reliability=True).score('The council voted 7-2 on Monday.It passed.')\n"
        "assert r.verdict in ('keep', 'review', 'drop')\n"
        "print(sorted(m for m in sys.modules if m.startswith('quality_lab')))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
