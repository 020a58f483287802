"""Per-run cost of the sandbox: CPU time (this process + its children) and wall time of one contained
`true`, one 2-rank `mpirun -n 2 true`, and the same with each rank's stdout and stderr sent to files of its
own as the MPI runs do (run/cluster.py's wrapper: a shell per rank, two files kept), averaged over many
runs. CPU time is robust to a loaded machine.

    python benchmarks/sandbox_launch.py [runs]
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time

from pytest_pareval.run import cluster
from pytest_pareval.sandbox import core as sandbox


def measure(argv: list[str], runs: int, keep: tuple[str, ...] = ()) -> tuple[float, float]:
    workdir = sandbox.make_workdir()
    env = {"PATH": os.environ["PATH"], "LANG": "C"}
    argv = [str(workdir) if word == "{workdir}" else word for word in argv]
    try:
        sandbox.run(argv, cwd=workdir, timeout=30, env=env, limits=sandbox.Limits())  # warm: probes, helper
        before, start = os.times(), time.perf_counter()
        for _ in range(runs):
            done = sandbox.run(argv, cwd=workdir, timeout=30, env=env, limits=sandbox.Limits(), keep=keep)
            assert done.returncode == 0, done.stderr
        after, wall = os.times(), time.perf_counter() - start
    finally:
        sandbox.remove_workdir(workdir)
    cpu = sum(after[:4]) - sum(before[:4])
    return cpu / runs, wall / runs


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 40
    print(sandbox.describe())
    started = time.perf_counter()
    subprocess.run(["true"])
    for _ in range(runs):
        subprocess.run(["true"])
    bare = (time.perf_counter() - started) / (runs + 1)
    mpirun = [shutil.which("mpirun") or "mpirun", "-n", "2"]
    for name, argv, keep in (("true", ["true"], ()), ("mpirun -n 2 true", [*mpirun, "true"], ()),
                             ("  ranks to files", [*mpirun, *cluster.wrapped(["true"], "{workdir}", shared=True)],
                              cluster.SHARED_RANK_FILES)):
        cpu, wall = measure(argv, runs, keep)
        print(f"{name:18} per run: {cpu * 1000:6.1f} ms CPU, {wall * 1000:6.1f} ms wall "
              f"(an unsandboxed `true`: {bare * 1000:.1f} ms wall)")


if __name__ == "__main__":
    main()
