"""Do our references pass every item while the machine is busy? (issue 21: a correct answer must not fail
because the machine is loaded.)

Runs the reference suite (every problem in the selected modes, ``-n 2``, cold caches) ``--runs`` times
while load runs beside it, and prints per run how many items passed, the outcome of every other item with
its message, the load average, and the wall time. The load is, by choice:

- ``spin`` (default): ``--load`` processes spinning on the CPU (2 per core by default), the cheapest way to
  make every run of ours wait for a core;
- ``suite``: a second reference run of the whole suite beside the measured one (its own output and caches),
  the load of two users of this tool on one machine;
- ``stress-ng``: ``stress-ng --cpu N --vm 1`` when stress-ng is installed (``apt-get install stress-ng``).

    python benchmarks/loaded_references.py [--runs 1] [--load-kind spin|suite|stress-ng] [--load N]
                                           [--modes serial,mpi] [-k EXPR]

A benchmark, not a test: it asserts nothing and exits 0; read its table.
"""
from __future__ import annotations

import argparse
import collections
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pytest_pareval.report.records import read_jsonl  # noqa: E402


def suite_command(output: Path, modes: str, selection: str | None) -> list[str]:
    command = [sys.executable, "-m", "pytest", str(ROOT / "problems"), "-q", "-n", "2", "-p", "no:cacheprovider",
               "--pareval-models=reference", f"--pareval-modes={modes}", f"--pareval-output={output}"]
    return command + (["-k", selection] if selection else [])


def start_load(kind: str, count: int, scratch: Path, modes: str, selection: str | None) -> list[subprocess.Popen]:
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
    if kind == "spin":
        return [subprocess.Popen([sys.executable, "-c", "while True: pass"], **quiet) for _ in range(count)]
    if kind == "stress-ng":
        if shutil.which("stress-ng") is None:
            sys.exit("stress-ng is not installed (apt-get install stress-ng), or use --load-kind spin")
        return [subprocess.Popen(["stress-ng", "--cpu", str(count), "--vm", "1", "--vm-bytes", "512M"], **quiet)]
    # A second suite run, restarted whenever it ends, so that the load lasts as long as the measured run.
    loop = (f"while true; do {subprocess.list2cmdline(suite_command(scratch / 'load', modes, selection))}; "
            f"rm -rf {scratch / 'load'}; done")
    return [subprocess.Popen(["bash", "-c", loop], start_new_session=True, **quiet)]


def stop_load(processes: list[subprocess.Popen]) -> None:
    for process in processes:
        try:
            os.killpg(process.pid, 9) if process.args[0] == "bash" else process.kill()
        except (ProcessLookupError, PermissionError):
            pass
        process.wait()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--load-kind", choices=("spin", "suite", "stress-ng"), default="spin")
    parser.add_argument("--load", type=int, default=2 * (os.cpu_count() or 2), help="spinning processes")
    parser.add_argument("--modes", default="serial,mpi")
    parser.add_argument("-k", dest="selection", default=None)
    args = parser.parse_args()
    for run in range(1, args.runs + 1):
        with tempfile.TemporaryDirectory(prefix="pareval-loaded-") as scratch:
            scratch = Path(scratch)
            load = start_load(args.load_kind, args.load, scratch, args.modes, args.selection)
            try:
                time.sleep(2)  # let the load reach every core before the measured run starts
                start = time.monotonic()
                subprocess.run(suite_command(scratch / "out", args.modes, args.selection),
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                wall = time.monotonic() - start
                load_average = os.getloadavg()[0]
            finally:
                stop_load(load)
            results = scratch / "out" / "results.jsonl"
            records = [r for r in read_jsonl(results) if "outcome" in r] if results.exists() else []
            outcomes = collections.Counter(r["outcome"] for r in records)
            print(f"run {run}: {outcomes.get('pass', 0)}/{len(records)} pass under {args.load_kind} load "
                  f"(load average {load_average:.1f} at the end), {wall:.0f} s wall")
            for r in records:
                if r["outcome"] != "pass":
                    first = (r.get("message") or "").splitlines()[:1]
                    print(f"  {r['problem']} {r['mode']}: {r['outcome']}: {first[0] if first else ''}")


if __name__ == "__main__":
    main()
