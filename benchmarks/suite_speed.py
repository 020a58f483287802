"""What the harness costs beyond compiling and running the programs themselves.

(a) The reference suite (every problem, serial and MPI) under pytest with ``-n 2``, cold (empty build
    cache) and warm (second run), against a bare shell loop that compiles and runs the same programs one
    after another with the same commands. Targets: cold <= 0.7x the loop, warm <= 0.15x.
(b) Where an item's time goes: build, run, and the rest (pytest start-up, oracle, judging), from the
    ``build_s``/``run_s`` fields of the records.

Prints ratios measured in this one run. Run: python benchmarks/suite_speed.py [--workers N]
"""
from __future__ import annotations

import argparse
import shlex
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from pytest_pareval.build import compile as build
from pytest_pareval.run import exchange
from pytest_pareval.run import launch as run
from pytest_pareval.run import launcher as launchers
from pytest_pareval.suite.problems import MODES, PROBLEMS_DIR, discover
from pytest_pareval.report.records import read_jsonl

RANKS = 2


def bare_loop_script(root: Path) -> Path:
    """A shell script compiling and running every reference program in turn, nothing else: one compiler
    call per program (candidate + glue with the driver main + the MPI accounting layer, all from source,
    no caches), then one launch (2 ranks for MPI) on the correctness inputs. The glue and the driver go in
    as one translation unit, as before the harness compiled the driver apart (a third file would parse the
    driver's headers once more per program and make the loop look slower than it was)."""
    lines = ["set -e"]
    for problem in discover():
        for mode in MODES:
            workdir = root / f"{problem.domain}-{problem.name}-{mode}"
            workdir.mkdir(parents=True)
            files = build.sources(problem.reference_path(mode).read_text(), problem.signature, mode)
            files[build.GLUE_FILE] += f'\n#include "{build.DRIVER_FILE}"\n'
            for name, text in files.items():
                (workdir / name).write_text(text)
            cases = problem.cases(0)
            exchange.write_inputs(problem.signature, cases, workdir / exchange.INPUTS_FILE)
            spec = exchange.write_spec(workdir, len(cases), 1)
            launch = run.driver_command(mode, RANKS, launchers.DEFAULT_LAUNCHER, workdir / build.PROGRAM_FILE, spec)
            command = [word for word in build.compile_command(mode) if word != build.DRIVER_FILE]
            lines.append(f"cd {shlex.quote(str(workdir))} && {shlex.join(command)} "
                         f"&& {shlex.join(launch)} > /dev/null")
    script = root / "loop.sh"
    script.write_text("\n".join(lines) + "\n")
    return script


def timed(command: list[str]) -> float:
    start = time.monotonic()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.monotonic() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", default="2", help="pytest-xdist -n for the harness runs")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        bare = timed(["bash", str(bare_loop_script(root / "bare"))])
        suite = [sys.executable, "-m", "pytest", str(PROBLEMS_DIR), "-q", "-p", "no:cacheprovider",
                 "--pareval-models=reference", f"--pareval-output={root / 'out'}", "-n", args.workers]
        cold = timed(suite)
        records = read_jsonl(root / "out" / "results.jsonl")  # the manifest line left out
        warm = timed(suite)
    items = len(records)
    print(f"items: {items}; bare loop {bare:.1f} s; harness -n {args.workers}: cold {cold:.1f} s, warm {warm:.1f} s")
    print(f"cold / bare = {cold / bare:.2f} (target <= 0.7)")
    print(f"warm / bare = {warm / bare:.2f} (target <= 0.15)")
    build_s = [r["build_s"] for r in records if r.get("build_s") is not None]
    run_s = [r["run_s"] for r in records if r.get("run_s") is not None]
    per_item = cold * int(args.workers) / items
    print(f"per item (cold, worker-seconds): {per_item:.2f} s = build {statistics.mean(build_s):.2f} s "
          f"+ run {statistics.mean(run_s):.2f} s + the rest (pytest and xdist start-up, shared glue/PCH builds, "
          f"reference baselines, oracle, judge) "
          f"{per_item - statistics.mean(build_s) - statistics.mean(run_s):.2f} s")
    # The timed phase (under the machine-wide lock, so it adds up across workers) and the division's runs.
    timed_s = sum(r.get("timed_s") or 0.0 for r in records)
    division_s = sum(r.get("division_s") or 0.0 for r in records)
    print(f"timed phase (cold, serialised by the lock): {timed_s:.1f} s in all; division's extra runs {division_s:.1f} s")
    for mode in MODES:
        runs = [r["run_s"] for r in records if r["mode"] == mode and r.get("run_s") is not None]
        builds = [r["build_s"] for r in records if r["mode"] == mode and r.get("build_s") is not None]
        print(f"  {mode:6}: build {statistics.mean(builds):.2f} s, run (launch + all cases) "
              f"{statistics.mean(runs):.2f} s")


if __name__ == "__main__":
    main()
