"""examples/ci/pareval-nightly.yml: its commands exist as written, it publishes what a session writes, and
its regression step (run for real with bash and the real `pareval`) fails on a drop and passes otherwise."""
from __future__ import annotations

import json
import os
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from pytest_pareval import cli
from pytest_pareval.report.records import MANIFEST_KEY, append_jsonl, new_record
from pytest_pareval.plugin.settings import OPTIONS

ROOT = Path(__file__).resolve().parent.parent
WORKFLOW = yaml.safe_load((ROOT / "examples" / "ci" / "pareval-nightly.yml").read_text())
STEPS = {step.get("name"): step for step in WORKFLOW["jobs"]["benchmark"]["steps"]}


def commands(program: str) -> list[list[str]]:
    """Every command line of the workflow's scripts that starts with ``program`` (continuations joined)."""
    found = []
    for step in STEPS.values():
        script = step.get("run", "").replace("\\\n", " ")
        for line in script.splitlines():
            words = shlex.split(line.split("|")[0], comments=True)
            if words and words[0] == program:
                found.append(words)
    return found


def test_the_schedule_and_the_published_files():
    assert WORKFLOW[True]["schedule"][0]["cron"]  # YAML 1.1 reads the key `on` as True
    published = STEPS["Publish the report and the results"]["with"]["path"].split()
    names = {Path(p).name for p in published}
    assert {"junit.xml", "report.html", "results.jsonl", "details.jsonl"} <= names
    assert all(p.startswith(WORKFLOW["jobs"]["benchmark"]["env"]["PAREVAL_OUTPUT"] + "/") for p in published)


def test_its_command_lines_use_options_that_exist():
    (pytest_line,) = commands("pytest")
    known = {f"--pareval-{name.replace('_', '-')}" for name, *_ in OPTIONS} | {"--junitxml", "-o", "-n"}
    used = {word.split("=")[0] for word in pytest_line[1:] if word.startswith("-")}
    assert used <= known, used - known
    (diff_line,) = commands("pareval")
    args = cli.build_parser().parse_args(diff_line[1:])
    assert args.command == "diff" and args.fail_on_regression


def _results(path: Path, passed: int, total: int = 60) -> Path:
    # Every run of the workflow writes its manifest first: the same problem set and prompts on both sides.
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({MANIFEST_KEY: {"problems_hash": "p1", "prompts_hash": "q1"}}) + "\n")
    for i in range(total):
        append_jsonl(path, new_record(model="m", domain="fft", problem=f"fft/p{i // 2}",
                                      mode=("serial", "mpi")[i % 2], outcome="pass" if i < passed else "wrong"))
    return path


@pytest.mark.parametrize("passed_now, status", [(10, 1), (58, 0)])
def test_the_regression_step_fails_on_a_drop_only(tmp_path, passed_now, status):
    _results(tmp_path / "previous" / "results.jsonl", passed=58)
    _results(tmp_path / "pareval-results" / "results.jsonl", passed=passed_now)
    summary = tmp_path / "summary.md"
    shim = tmp_path / "bin" / "pareval"  # the console script, for this checkout's package
    shim.parent.mkdir()
    shim.write_text(f"#!/bin/sh\nexec {sys.executable} -m pytest_pareval.cli \"$@\"\n")
    shim.chmod(0o755)
    env = {**os.environ, "GITHUB_STEP_SUMMARY": str(summary), "PATH": f"{shim.parent}:{os.environ['PATH']}",
           "PYTHONPATH": str(ROOT)}
    script = STEPS["Fail on a regression against the baseline"]["run"]
    done = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script], cwd=tmp_path,
                          env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == status, done.stderr
    text = summary.read_text()
    assert text.startswith("## pareval diff against the baseline") and text.rstrip().endswith("```")
    assert "m" in done.stdout and done.stdout in text
