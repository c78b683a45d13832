"""The lab's tests need the lab (pip install -e lab). Without it they are not collected, and
the run's header says so; with QUALITY_REQUIRE_SHARED=1 (CI) a missing lab is an error."""

import importlib.util
import os

LAB_MISSING = importlib.util.find_spec("quality_lab") is None
if LAB_MISSING:
    if os.environ.get("QUALITY_REQUIRE_SHARED") == "1":
        raise RuntimeError("the lab is not installed (pip install -e lab); QUALITY_REQUIRE_SHARED=1 needs its tests")
    collect_ignore_glob = ["test_*.py"]


def pytest_report_header(config):
    if LAB_MISSING:
        return "lab/tests: not collected, the lab is not installed (pip install -e lab)"
    return None


from tests.conftest import scorer, seed_reports  # noqa: E402,F401  (the shared fixtures)
