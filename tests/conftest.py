"""Shared helpers of the plugin's own tests."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

from pytest_pareval.generate import quiet_litellm
from pytest_pareval.results import read_jsonl

pytest_plugins = ["pytester"]

REPO = Path(__file__).resolve().parent.parent
PROBLEMS = REPO / "problems"
sys.path.insert(0, str(Path(__file__).resolve().parent))
quiet_litellm()  # tests that import litellm directly must not reach for the network either


@pytest.fixture
def run_suite(pytester: pytest.Pytester, tmp_path: Path):
    """Run the real suite in a subprocess; returns (pytest result, records of results.jsonl)."""

    def run(*args: str, output: Path | None = None):
        output = output or tmp_path / "pareval-out"
        result = pytester.runpytest_subprocess(str(PROBLEMS), f"--pareval-output={output}",
                                               "-p", "no:cacheprovider", *args)
        results = output / "results.jsonl"
        return result, (read_jsonl(results) if results.exists() else [])

    return run
