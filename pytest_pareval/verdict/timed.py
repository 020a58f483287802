"""Timed runs: the machine-wide lock that keeps them apart, what one measured, and its cache.

A timed run calls an answer once on each of TIMED_CALLS timing inputs of its problem (same size and kind,
other data: nothing remembered from one call helps the next) in one launch, holding TIMED_LOCK, so that no
two timed runs on the machine overlap (correctness runs go on beside them). Every call's outputs are
checked. Results are cached per program (the built file's hash), problem, timing size, mode, rank count,
seed, machine, engine, rules and launcher (keys.py).
"""
from __future__ import annotations

import contextlib
import hashlib
import json
import os
import socket
import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np

from . import judge as judge_stage
from .judge import Verdict
from ..suite.problems import Problem
from ..run.launch import Execution
from ..common.storage import atomic_write, lock_path, machine_flock, quiet_machine

#: Held around every timed run: two timed runs on this machine never overlap, whichever session, xdist
#: worker or user starts them (correctness runs do not take it). A fixed path, not TMPDIR, so that every
#: session on the machine finds the same file.
TIMED_LOCK = lock_path("timed")
#: Calls in a timed run, each on a timing input of its own (the record keeps the min and the median).
TIMED_CALLS = 3
#: A timed call may take ``--pareval-timing-factor`` x the reference's time, but never less than this.
TIMED_FLOOR_S = 5.0
#: Outcomes a cached timing may give again: read from outputs and clocks. A timeout or a run failure (a
#: loaded machine, a killed launcher) is timed again, as correctness.REPEATABLE does for checks.
REPEATABLE = ("pass", "wrong", "not_parallel")
#: Launch, input loading and output writing of a timed run, on top of its calls.
TIMED_STARTUP_S = 20.0


@dataclass
class Timed:
    """One timed run on the timing input (or its cached result)."""

    runtime_s: float | None = None          # min over calls of the call's wall time (max over ranks)
    runtime_median_s: float | None = None
    repeats: int = 0                        # calls timed (each on its own input, every output checked)
    limit_s: float = 0.0                    # the per-call limit the run had
    busiest_compute_s: float | None = None  # max over units (ranks, threads) of compute CPU in a call (median of calls)
    least_compute_s: float | None = None    # min over units of the same (median of calls)
    one_rank_compute_s: float | None = None  # the same answer's compute CPU on one unit (median)
    serial_fraction: float | None = None    # from the busiest unit (division.py)
    least_share: float | None = None        # the least busy unit's compute / one unit's (division.py)
    mpi_calls: dict[str, int] | None = None  # MPI: the timed run's calls by kind, summed over ranks
    omp_regions: int | None = None          # OpenMP modes: parallel regions of 2+ threads in the timed run
    second_try: bool = False                # the first run did not finish: judged on a run at --pareval-timeout
    outcome: str = "pass"                   # wrong / run_fail / timeout / not_parallel
    message: str = ""
    note: str = ""
    wall_s: float = 0.0                     # start-up included: a calibration of machine and launcher
    interval: list[float] | None = None     # unix times the machine-wide lock was held
    cached: bool = False
    extra_s: float = 0.0                    # wall time of the division's extra runs
    created: float = 0.0                    # when it was measured (unix time)


def machine_identity() -> str:
    """What makes timings comparable: the host and its CPU model."""
    model = ""
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    return f"{socket.gethostname()}|{model}|{os.cpu_count()}"


@contextlib.contextmanager
def machine_lock(interval: list[float] | None = None, path: Path = TIMED_LOCK, *,
                 quiet: bool = False) -> Iterator[list[float]]:
    """Hold the machine-wide timed-run lock (and with ``quiet`` the quiet lock too, exclusively: none of our
    correctness runs or compilations beside it); yields ``interval`` (a new list by default), which gets the
    unix times it was acquired and released."""
    interval = [] if interval is None else interval
    with machine_flock(path, exclusive=True), (quiet_machine() if quiet else contextlib.nullcontext()):
        interval.append(time.time())
        try:
            yield interval
        finally:
            interval.append(time.time())


class TimedCache:
    """Timed results on disk (``CACHE_DIR/timed``), shared by sessions and xdist workers of one machine."""

    def __init__(self, directory: Path, seed: int, context: str = ""):
        self.directory = directory
        self.seed = seed
        self.machine = machine_identity()
        self.context = context  # keys.context_digest: engine, launcher, nodes, rules

    def key(self, program: Path, problem: Problem, mode: str, ranks: int, threads: int = 1) -> str:
        """Everything a timing depends on: the program, the timing inputs (the problem's module, which
        generates them and holds its oracle, at its size and seed), the rank and thread counts, the machine,
        and the engine, rules, launcher and nodes (``context``)."""
        digest = hashlib.sha256(program.read_bytes()).hexdigest()
        module = hashlib.sha256(problem.path.read_bytes()).hexdigest()
        shape = [ranks] if threads == 1 else [ranks, threads]
        return hashlib.sha256(json.dumps([digest, problem.id, module, problem.timing_size, mode, *shape,
                                          self.seed, self.machine, TIMED_CALLS, self.context]).encode()).hexdigest()

    def get(self, key: str, limit: float, fresh_after: float = 0.0) -> Timed | None:
        """The cached result, or None: when there is none from after ``fresh_after``, it was over a smaller
        limit than today's, or its outcome may have been the machine's (then it is timed again)."""
        try:
            timed = Timed(**json.loads((self.directory / f"{key}.json").read_text()))
        except (FileNotFoundError, ValueError, TypeError):
            return None
        if (timed.runtime_s is None and timed.note and timed.limit_s < limit) or timed.created < fresh_after \
                or timed.outcome not in REPEATABLE:
            return None
        timed.cached, timed.interval, timed.extra_s = True, None, 0.0
        return timed

    def put(self, key: str, timed: Timed) -> None:
        timed.created = time.time()
        atomic_write(self.directory / f"{key}.json", json.dumps(asdict(timed)).encode())


def judge_outputs(problem: Problem, execution: Execution, expected: list[dict[str, np.ndarray]],
                  label: str) -> Verdict:
    """Outputs of every call of a run on the timing inputs against the oracle (an answer must not spot the
    large input, nor return on one call what it computed on another)."""
    if execution.fault:  # the machine's (a launcher fault our own probe shares, an OOM kill): ours
        return Verdict("error", f"on {label}: {execution.fault}")
    if execution.error:
        return Verdict("run_fail", f"on {label}: {execution.error}")
    if not execution.outputs or len(execution.outputs) != len(expected):
        done = execution.completed
        reason = f"killed by signal {done.signal}" if done.signal else f"exit status {done.returncode}"
        tail = "\n".join(done.stderr.strip().splitlines()[-5:])
        return Verdict("run_fail", f"on {label}: the program did not finish ({reason})"
                                   + (f"\n{tail}" if tail else ""))
    for index, (got, want) in enumerate(zip(execution.outputs, expected)):
        where = f"on {label}" + (f", call {index + 1} of {len(expected)}" if len(expected) > 1 else "")
        for name, value in want.items():
            if name not in got:
                return Verdict("wrong", f"{where}: no value for {name}")
            mismatch = judge_stage.compare(name, got[name], value, problem.tolerance)
            if mismatch:
                return Verdict("wrong", f"{where}: {mismatch}")
    return Verdict("pass")
