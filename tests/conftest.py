"""Shared helpers of the plugin's own tests."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

from pytest_pareval.generate.generator import quiet_litellm
from pytest_pareval.report.records import read_jsonl

pytest_plugins = ["pytester"]

REPO = Path(__file__).resolve().parent.parent
PROBLEMS = REPO / "problems"
sys.path.insert(0, str(Path(__file__).resolve().parent))
quiet_litellm()  # tests that import litellm directly must not reach for the network either


@pytest.fixture(scope="session")
def shared_build_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One build cache per test process: the precompiled header and glue objects are made once."""
    return tmp_path_factory.mktemp("pareval-cache")


@pytest.fixture
def run_suite(pytester: pytest.Pytester, tmp_path: Path, shared_build_cache: Path):
    """Run the real suite in a subprocess; returns (pytest result, records of results.jsonl).

    Builds are shared between tests (a build is a pure function of its inputs); responses are not, so
    each test sees its own generation behaviour."""

    def run(*args: str, output: Path | None = None):
        output = output or tmp_path / "pareval-out"
        cache = output / "cache"
        (cache).mkdir(parents=True, exist_ok=True)
        if not (cache / "builds").exists():
            (cache / "builds").symlink_to(shared_build_cache, target_is_directory=True)
        result = pytester.runpytest_subprocess(str(PROBLEMS), f"--pareval-output={output}",
                                               "-p", "no:cacheprovider", *args)
        results = output / "results.jsonl"
        return result, (read_jsonl(results) if results.exists() else [])

    return run
