"""Size check of every problem's timing input: how long our references take on it, and what it costs us.

Measures what the pipeline's timed runs measure (verdict.timing.Timing.timed): for each problem it builds the
serial reference into the program the pipeline builds (build.build: candidate, glue and compiled driver
main), runs it in the sandbox with run.execute on ``[problem.timing_case(0)]``, calling it ``--repeats``
times in one launch under the machine-wide timed-run lock, and prints the min wall time of the call and its
compute time (the calling thread's CPU time in the call, min over repetitions; on a loaded machine the
figure to trust). The driver starts its clocks after rebuilding the arguments and stops them on return,
so the glue's copying is outside the figure: the old "null answer" subtraction is gone. It also prints the
input and output bytes, the generator's and the oracle's CPU time (time.process_time), and whether the
reference's outputs match the oracle (timed.judge_outputs, as the pipeline judges a timed run).

With ``--mpi`` it also times the MPI reference at ``--ranks`` ranks (default 2) the same way: its speedup
(serial min wall / MPI min wall) and its serial fraction (verdict.serial_fraction of the busiest rank's
compute against the same program's compute on one rank, which costs one more run, outside the lock as in
the pipeline), then the geometric-mean speedup per domain.

    python benchmarks/timing_inputs.py [-k SUBSTRING] [--mpi] [--size ID=N ...] [--calibrate] [--budget-mb 16]

``--size`` times another size than the module's TIMING_SIZE; ``--calibrate`` grows the size from the
largest correctness size until the reference's call takes ~0.3 s of compute or the input or output
reaches the byte budget. A benchmark, not a test: it prints numbers and asserts nothing.
"""
from __future__ import annotations

import argparse
import dataclasses
import math
import sys
import time
from collections import defaultdict
from pathlib import Path

import numpy as np
from tabulate import tabulate

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pytest_pareval.build import compile as build
from pytest_pareval.suite import problems
from pytest_pareval.run import launch as run
from pytest_pareval.sandbox import core as sandbox  # noqa: E402
from pytest_pareval.suite.problems import Problem  # noqa: E402
from pytest_pareval.verdict.timed import TIMED_CALLS, TIMED_STARTUP_S, judge_outputs, machine_lock  # noqa: E402
from pytest_pareval.verdict.division import serial_fraction  # noqa: E402

BYTE_BUDGET_MB = 16    # input and output each: a run's files are capped at 64 MB by the sandbox
TARGET_COMPUTE = 0.3   # what --calibrate aims at: the serial reference's compute seconds in the call


@dataclasses.dataclass
class Measured:
    """One problem at one size: the serial reference's timed run, and with --mpi the MPI reference's."""

    id: str
    size: int
    wall: float | None = None        # serial: min over repetitions of the call's wall time
    compute: float | None = None     # serial: the call's compute CPU (min over repetitions)
    in_bytes: int = 0
    out_bytes: int = 0
    generator: float = 0.0
    oracle: float | None = None
    check: str = "ok"
    mpi_wall: float | None = None
    busiest: float | None = None     # MPI at --ranks: the busiest rank's compute
    one_rank: float | None = None    # the MPI reference's compute on one rank

    @property
    def speedup(self) -> float | None:
        return self.wall / self.mpi_wall if self.wall and self.mpi_wall else None

    def fraction(self, ranks: int) -> float | None:
        if self.busiest is None or not self.one_rank:
            return None
        return serial_fraction(self.busiest, self.one_rank, ranks)


class Bench:
    """Builds and runs of one invocation, in one sandbox work directory with its own build cache."""

    def __init__(self, tmp: Path, repeats: int, timeout: float):
        self.tmp = tmp
        self.cache = build.BuildCache(tmp / "cache")
        self.repeats = repeats
        self.timeout = timeout
        self.runs = 0

    def program(self, problem: Problem, mode: str) -> Path:
        """The reference of ``mode`` built as the pipeline builds an answer."""
        result = build.build(problem.reference_path(mode).read_text(), problem.signature, mode,
                             self.tmp / "build" / mode / problem.id.replace("/", "-"), timeout=300, cache=self.cache)
        if not result.ok:
            raise RuntimeError(f"{mode} reference does not build: {result.first_errors(2)}")
        return result.program

    def execute(self, program: Path, problem: Problem, case: dict[str, np.ndarray], mode: str, ranks: int,
                repeats: int, *, timed: bool) -> run.Execution:
        """One launch calling the program ``repeats`` times on ``case``; a timed one holds the machine-wide
        lock (no timed run of any session overlaps it). ``timeout`` is per call; start-up is added."""
        self.runs += 1
        workdir = self.tmp / "runs" / str(self.runs)
        limit = repeats * self.timeout + TIMED_STARTUP_S
        if timed:
            with machine_lock():
                execution = run.execute(program, problem.signature, [case], mode, workdir, ranks=ranks,
                                        timeout=limit, repeats=repeats)
        else:
            execution = run.execute(program, problem.signature, [case], mode, workdir, ranks=ranks,
                                    timeout=limit, repeats=repeats)
        sandbox.remove_workdir(workdir)
        return execution


def timing_case(problem: Problem, size: int) -> dict[str, np.ndarray]:
    """The input timing_case(0) is when TIMING_SIZE is ``size``."""
    return dataclasses.replace(problem, timing_size=size).timing_case(0)


def failure(execution: run.Execution) -> str | None:
    """Why a run gave no timing, or None."""
    if execution.completed.timed_out:
        return "timed out"
    if execution.error or not execution.outputs or not execution.seconds or not execution.seconds[0]:
        done = execution.completed
        return execution.error or f"did not finish (exit {done.returncode}): {done.stderr.strip()[-200:]}"
    return None


def measure(bench: Bench, problem: Problem, size: int, serial: Path, *, repeats: int, oracle: bool = True,
            mpi: Path | None = None, ranks: int = 2) -> Measured:
    """One row of the table: the serial (and MPI) reference timed on the input of TIMING_SIZE ``size``."""
    start = time.process_time()
    case = timing_case(problem, size)
    row = Measured(problem.id, size, generator=time.process_time() - start,
                   in_bytes=sum(v.nbytes for v in case.values()))
    execution = bench.execute(serial, problem, case, "serial", 1, repeats, timed=True)
    why = failure(execution)
    if why:
        row.check = f"serial: {why}"
        return row
    row.wall, row.compute = min(execution.seconds[0]), execution.compute_seconds[0][0]
    row.out_bytes = sum(v.nbytes for v in execution.outputs[0].values())
    if not oracle:
        return row
    start = time.process_time()
    expected = problem.expected(case)
    row.oracle = time.process_time() - start
    verdict = judge_outputs(problem, execution, [expected], "the timing input")
    if verdict.outcome != "pass":
        row.check = f"serial {verdict.outcome}: {verdict.message}"
    if mpi is None:
        return row
    execution = bench.execute(mpi, problem, case, "mpi", ranks, repeats, timed=True)
    verdict = judge_outputs(problem, execution, [expected], "the timing input")
    if verdict.outcome != "pass" or failure(execution):
        row.check = f"mpi {verdict.outcome}: {failure(execution) or verdict.message}"
        return row
    row.mpi_wall, row.busiest = min(execution.seconds[0]), max(execution.compute_seconds[0])
    # The division's one-rank run: CPU time, so outside the lock.
    one = bench.execute(mpi, problem, case, "mpi", 1, repeats, timed=False)
    if not failure(one):
        row.one_rank = max(one.compute_seconds[0])
    return row


def calibrate(bench: Bench, problem: Problem, serial: Path, budget: int, **final) -> Measured:
    """Grow the size geometrically, estimating how time and bytes scale from the last two points, until
    the reference's call takes about TARGET_COMPUTE of compute or the input or output reaches ``budget``."""
    history = [measure(bench, problem, max(problem.sizes), serial, repeats=1, oracle=False)]
    for _ in range(12):
        row = history[-1]
        if row.compute is None or row.compute >= TARGET_COMPUTE * 0.8 or _bytes(row) >= budget * 0.85:
            break
        time_exponent, byte_exponent = _exponents(history)
        factor = min(max((TARGET_COMPUTE / max(row.compute, 1e-5)) ** (1 / time_exponent), 1.2), 8.0)
        factor = min(factor, (budget / max(_bytes(row), 1)) ** (1 / byte_exponent))
        history.append(measure(bench, problem, int(row.size * factor), serial, repeats=1, oracle=False))
    size = history[-1].size
    if _bytes(history[-1]) > budget:
        size = int(size * (budget / _bytes(history[-1])) ** (1 / _exponents(history)[1]) * 0.98)
    return measure(bench, problem, size, serial, **final)


def _bytes(row: Measured) -> int:
    return max(row.in_bytes, row.out_bytes)


def _exponents(history: list[Measured]) -> tuple[float, float]:
    """How the reference's time and the bytes grow with the size, from the last two measurements."""
    if len(history) < 2 or (history[-2].compute or 0) < 2e-3 or not history[-1].compute:
        return 1.0, 1.0
    a, b = history[-2], history[-1]
    scale = math.log(b.size / a.size)
    return (max(0.5, math.log(b.compute / a.compute) / scale),
            max(0.5, math.log(max(_bytes(b), 1) / max(_bytes(a), 1)) / scale))


def _num(value: float | None, digits: int = 4) -> str:
    return "-" if value is None else f"{value:.{digits}f}"


def table(rows: list[Measured], mpi: bool, ranks: int) -> str:
    headers = ["problem", "size", "call wall s", "compute s", "in MB", "out MB", "gen s", "oracle s"]
    if mpi:
        headers += [f"mpi{ranks} wall s", f"speedup{ranks}", f"serial frac{ranks}"]
    body = []
    for r in rows:
        line = [r.id, r.size, _num(r.wall), _num(r.compute), f"{r.in_bytes / 2**20:.1f}",
                f"{r.out_bytes / 2**20:.1f}", _num(r.generator, 2), _num(r.oracle, 2)]
        if mpi:
            line += [_num(r.mpi_wall), _num(r.speedup, 2), _num(r.fraction(ranks), 2)]
        body.append(line + [r.check[:100]])
    return tabulate(body, headers=headers + ["check"], disable_numparse=True, stralign="right")


def domain_speedups(rows: list[Measured]) -> str:
    """Geometric-mean MPI speedup per domain, over the problems that gave one."""
    speedups: dict[str, list[float]] = defaultdict(list)
    for r in rows:
        if r.speedup:
            speedups[r.id.split("/")[0]].append(r.speedup)
    body = [[domain, len(values), f"{math.exp(sum(map(math.log, values)) / len(values)):.2f}"]
            for domain, values in sorted(speedups.items())]
    everything = [s for values in speedups.values() for s in values]
    if everything:
        body.append(["all", len(everything), f"{math.exp(sum(map(math.log, everything)) / len(everything)):.2f}"])
    return tabulate(body, headers=["domain", "problems", "geomean speedup"], disable_numparse=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-k", default="", help="only problems whose id contains this")
    parser.add_argument("--size", action="append", default=[], metavar="ID=N", help="time this size instead")
    parser.add_argument("--calibrate", action="store_true", help="search a size near the target compute time")
    parser.add_argument("--budget-mb", type=float, default=BYTE_BUDGET_MB,
                        help=f"--calibrate's cap on input and output bytes each (default {BYTE_BUDGET_MB} MiB)")
    parser.add_argument("--mpi", action="store_true", help="also the MPI reference's speedup and serial fraction")
    parser.add_argument("--ranks", type=int, default=2, help="ranks of the MPI timed run (default 2)")
    parser.add_argument("--repeats", type=int, default=TIMED_CALLS,
                        help=f"calls per timed run, on the one input (default {TIMED_CALLS}; the pipeline calls once on each of {TIMED_CALLS} inputs of their own)")
    parser.add_argument("--timeout", type=float, default=120.0, help="limit per call in seconds (default 120)")
    options = parser.parse_args(argv)
    overrides = dict(item.split("=", 1) for item in options.size)
    budget = int(options.budget_mb * 2**20)
    rows: list[Measured] = []
    tmp = sandbox.make_workdir("pareval-timing-inputs-")
    try:
        bench = Bench(tmp, options.repeats, options.timeout)
        for problem in problems.discover():
            if options.k not in problem.id:
                continue
            print(f"timing {problem.id} ...", file=sys.stderr, flush=True)
            final = {"repeats": options.repeats, "ranks": options.ranks}
            try:
                serial = bench.program(problem, "serial")
                if options.mpi:
                    final["mpi"] = bench.program(problem, "mpi")
                if options.calibrate:
                    row = calibrate(bench, problem, serial, budget, **final)
                else:
                    size = int(overrides.get(problem.id, problem.timing_size or max(problem.sizes)))
                    row = measure(bench, problem, size, serial, **final)
            except (RuntimeError, run.SchedulerError, build.ToolchainError) as exc:
                row = Measured(problem.id, problem.timing_size or 0, check=str(exc).splitlines()[0])
            rows.append(row)
    finally:
        sandbox.remove_workdir(tmp)
    print(table(rows, options.mpi, options.ranks))
    if options.mpi:
        print()
        print(f"MPI reference at {options.ranks} ranks, speedup over the serial reference (min wall of the call):")
        print(domain_speedups(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
