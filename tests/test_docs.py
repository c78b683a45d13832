"""Every command and Python example of the README and docs/ runs, in a folder holding the files
the examples name (built here from the seeds and the test page), with the environment the tests
run in (CI builds it fresh from the README's install commands). A documented example that breaks
fails here.

Not run: install commands (the environment is the install), the lab's long jobs (`train`,
`train-lines`, `build`; CI runs `quality bench --quick` itself), and the development commands
(`ruff`, `pytest`, `.ci/run`).
"""

from __future__ import annotations

import gzip
import io
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, SEEDS

DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
NOT_RUN = re.compile(r"^(pip |ruff |python -m pytest|bash |quality (bench|train|train-lines|build)\b)")
BLOCK = re.compile(r"```(bash|python)\n(.*?)```", re.S)


def _blocks(kind: str) -> list[tuple[str, str]]:
    out = []
    for doc in DOCS:
        for lang, body in BLOCK.findall(doc.read_text(encoding="utf-8")):
            if lang == kind:
                out.append((doc.name, body))
    return out


def _commands() -> list[tuple[str, str]]:
    out = []
    for doc, body in _blocks("bash"):
        for line in body.splitlines():
            line = line.strip()
            if line and not line.startswith("#") and not NOT_RUN.match(line):
                out.append((doc, line))
    return out


def _page() -> str:
    return (ROOT / "tests" / "cases" / "page_election.html").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def sandbox(tmp_path_factory) -> Path:
    """A folder with every file the examples name."""
    d = tmp_path_factory.mktemp("docs")
    shutil.copytree(ROOT / "seeds", d / "seeds")
    records = [
        {"id": p.name, "text": p.read_text(encoding="utf-8"), "url": f"https://www.reuters.com/{p.stem}"} for p in SEEDS
    ]
    jsonl = "".join(json.dumps(r) + "\n" for r in records)
    for name in ("articles.jsonl", "in.jsonl", "crawl.jsonl"):
        (d / name).write_text(jsonl, encoding="utf-8")
    (d / "crawl.jsonl.gz").write_bytes(gzip.compress(jsonl.encode()))
    (d / "in").mkdir()
    (d / "in" / "part.jsonl").write_text(jsonl, encoding="utf-8")
    (d / "article.txt").write_text(records[2]["text"], encoding="utf-8")
    (d / "page.html").write_text(_page(), encoding="utf-8")
    (d / "pages").mkdir()
    (d / "pages" / "one.html").write_text(_page(), encoding="utf-8")
    (d / "pages.jsonl").write_text(json.dumps({"id": "p", "url": "https://example.org/a", "html": _page()}) + "\n")
    (d / "crawl.warc.gz").write_bytes(_warc())
    import pyarrow as pa
    import pyarrow.parquet as pq

    pq.write_table(pa.table({"url": [r["url"] for r in records], "body": [r["text"] for r in records]}),
                   d / "pages.parquet")  # fmt: skip
    toml = re.search(r"```toml\n(.*?)```", (ROOT / "README.md").read_text(encoding="utf-8"), re.S).group(1)
    (d / "quality.toml").write_text(toml, encoding="utf-8")
    return d


def _warc() -> bytes:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=True)
    for uri, ctype, body in [
        ("https://example.org/election", "text/html; charset=utf-8", _page().encode()),
        ("https://example.org/logo.png", "image/png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64),
    ]:
        headers = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(uri, "response", payload=io.BytesIO(body), http_headers=headers))
    return buf.getvalue()


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PATH"] = str(Path(sys.executable).parent) + os.pathsep + env.get("PATH", "")
    return env


def test_the_docs_have_examples_to_run():
    assert len(_commands()) >= 20 and len(_blocks("python")) >= 4


@pytest.mark.parametrize("doc,command", _commands(), ids=[f"{d}: {c[:60]}" for d, c in _commands()])
def test_documented_command_runs(sandbox, doc, command):
    shutil.rmtree(sandbox / "cleaned", ignore_errors=True)
    out = subprocess.run(["bash", "-o", "pipefail", "-c", command], cwd=sandbox, capture_output=True, text=True,
                         env=_env(), timeout=600)  # fmt: skip
    assert out.returncode == 0, f"{doc}: `{command}` exited {out.returncode}: {out.stderr[-2000:]}"
    assert "Traceback" not in out.stderr


@pytest.mark.parametrize(
    "doc,code", _blocks("python"), ids=[f"{d}: block {i}" for i, (d, _) in enumerate(_blocks("python"))]
)
def test_documented_python_runs(sandbox, tmp_path, doc, code):
    script = tmp_path / "example.py"
    script.write_text(code, encoding="utf-8")
    out = subprocess.run([sys.executable, str(script)], cwd=sandbox, capture_output=True, text=True, env=_env(),
                         timeout=600)  # fmt: skip
    assert out.returncode == 0, f"{doc}: the example failed: {out.stderr[-2000:]}"
