"""Correctness: an answer's outputs on the seeded correctness cases, at every check rank count (MPI), thread
count (OpenMP) or ranks x threads combination (hybrid).

An answer is valid only if it is right at all of them (ParEval's rule): the item's own shape runs first,
then the others in increasing order, and the first failure names its shape ("at 3 threads: ..."). The runs ask MPICH to yield
its core while it waits (run.YIELDING_ENV): their time is not measured, and 3 ranks spinning on 2 cores
took 2.5x longer. Verdicts are cached per program and cases (CheckCache), so a warm re-run runs nothing.
"""
from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np

from . import judge as judge_stage
from ..run import launch as run_stage
from .judge import Verdict
from ..build.mpiwrap import COMMUNICATION  # kinds that move data between ranks (barriers and completions do not)
from ..suite.problems import MPI_MODES, OMP_MODES
from ..common.storage import atomic_write
from .timed import machine_identity

#: Outcomes a cached check may give again: both come from outputs compared with the oracle. A timeout
#: (the machine's load stretches runs), a run failure (a crash can be the machine's: a killed launcher)
#: and an error are run again.
REPEATABLE = ("pass", "wrong")
#: Outcomes of a run that get one more try before they count: a crash can be the machine's (a launcher that
#: lost a rank, a busy machine), and a machine fault may pass.
RETRIED = ("run_fail", "error")


@dataclass
class Checked:
    """Correctness at every check shape: the first failure's verdict (or pass) and what ran."""

    verdict: Verdict
    counts: list[int]                       # rank counts run, in order (stops at the first failure)
    seconds: float                          # wall time of the correctness runs
    communicated: bool | None = None        # any data moved between ranks at a count > 1 (None: unknown)
    timeout: float = 0.0                    # the correctness runs' limit
    mpi_calls: dict[str, int] | None = None  # calls by kind in the run at the item's own count
    #: MPI: calls by kind (those made) in the run at every count run, keyed by the count as text
    calls_by_count: dict[str, dict[str, int]] | None = None
    slowest: float = 0.0                    # the longest single run (a cached pass must fit today's limit)
    cached: bool = False                    # given again from CheckCache: nothing ran
    created: float = 0.0                    # when it was run (unix time)
    threads: list[int] | None = None        # OpenMP modes: threads per rank of each run, beside ``counts``
    #: OpenMP modes: parallel regions of 2+ threads over the runs with 2+ threads (None: no such run)
    omp_regions: int | None = None


def check_counts(mode: str, ranks: int, check_ranks: list[int]) -> list[int]:
    """Rank counts an answer is checked at: the item's own count first (its verdict matters most), then
    the check counts in increasing order. Serial: one run."""
    if mode == "serial":
        return [1]
    return [ranks] + sorted(set(check_ranks) - {ranks})


Shape = tuple[int, int]  # (ranks, threads per rank) of one run


def check_shapes(mode: str, ranks: int, threads: int, *, check_ranks=(), check_threads=(),
                 check_hybrid=()) -> list[Shape]:
    """(ranks, threads) of every correctness run: the item's own shape first, then the mode's check shapes
    in increasing order (MPI: ``check_ranks`` x 1; OpenMP: 1 x ``check_threads``; hybrid: ``check_hybrid``)."""
    if mode == "serial":
        return [(1, 1)]
    if mode == "mpi":
        return [(r, 1) for r in check_counts(mode, ranks, list(check_ranks))]
    own = (1, threads) if mode == "omp" else (ranks, threads)
    others = {(1, t) for t in check_threads} if mode == "omp" else {tuple(s) for s in check_hybrid}
    return [own] + sorted(others - {own})


def shape_label(mode: str, shape: Shape) -> str:
    """How a message names a run's shape: "3 ranks", "1 thread", "2 ranks x 2 threads"."""
    ranks, threads = shape
    def plural(n: int, word: str) -> str:
        return f"{n} {word}{'s' if n != 1 else ''}"
    if mode == "omp":
        return plural(threads, "thread")
    if mode == "mpi+omp":
        return f"{plural(ranks, 'rank')} x {plural(threads, 'thread')}"
    return plural(ranks, "rank")


def communicated(mpi_calls: dict[str, int] | None) -> bool | None:
    """Did the answer move data between ranks? None when the run counted no calls."""
    if mpi_calls is None:
        return None
    return any(mpi_calls.get(kind, 0) for kind in COMMUNICATION)


def cases_digest(cases: list[dict[str, np.ndarray]], expected: list[dict[str, np.ndarray]],
                 tolerance: dict[str, float]) -> str:
    """What the answer is judged on, as one hash: every input and expected output, byte for byte, and the
    tolerances. A changed generator, oracle, seed or size list gives another digest."""
    digest = hashlib.sha256(json.dumps(sorted(tolerance.items())).encode())
    for case in [*cases, *expected]:
        for name in sorted(case):
            value = np.ascontiguousarray(case[name])
            digest.update(f"{name}|{value.dtype.str}|{value.shape}|".encode())
            digest.update(value.tobytes())
    return digest.hexdigest()


class CheckCache:
    """Correctness verdicts on disk (``CACHE_DIR/checks``), shared by sessions and xdist workers: the same
    program on the same cases, counts, launcher, nodes, engine and rules gives the same pass or wrong."""

    def __init__(self, directory: Path, context: str = ""):
        self.directory = directory
        self.context = context  # keys.context_digest: engine sources, launcher, nodes, rules
        self.machine = machine_identity()

    def key(self, program: Path, cases: str, mode: str, counts: list[int]) -> str:
        program_digest = hashlib.sha256(program.read_bytes()).hexdigest()
        return hashlib.sha256(json.dumps([program_digest, cases, mode, counts, self.machine,
                                          self.context]).encode()).hexdigest()

    def get(self, key: str, timeout: float, fresh_after: float = 0.0) -> Checked | None:
        """The cached verdict, or None: when there is none from after ``fresh_after``, or its slowest run
        would not fit today's ``timeout``."""
        try:
            data = json.loads((self.directory / key[:2] / f"{key}.json").read_text())
            checked = Checked(**{**data, "verdict": Verdict(**data["verdict"])})
        except (FileNotFoundError, ValueError, TypeError, KeyError):
            return None
        if checked.verdict.outcome not in REPEATABLE or checked.slowest > timeout or checked.created < fresh_after:
            return None
        checked.cached, checked.seconds, checked.timeout = True, 0.0, timeout
        return checked

    def put(self, key: str, checked: Checked) -> None:
        if checked.verdict.outcome in REPEATABLE:
            checked.created = time.time()
            atomic_write(self.directory / key[:2] / f"{key}.json", json.dumps(asdict(checked)).encode())


Attempt = Callable[[Shape, float, Path], tuple[run_stage.Execution, Verdict]]


def run_checks(attempt: Attempt, mode: str, counts: list[Shape] | list[int], ranks: int, workdir: Path, *,
               timeout: float, cap: float, why: str) -> Checked:
    """Run ``attempt((ranks, threads), limit, directory)`` at every shape (a plain rank count means 1 thread);
    stop at the first failure, naming its shape. A timeout under a derived limit below ``cap``
    (--pareval-timeout) gets one more try at the cap before it is the model's; a run failure or a machine
    fault (error) gets one more try at the same limit (a busy machine, a launcher that lost a rank).
    SchedulerError (the cluster's fault) propagates."""
    shapes: list[Shape] = [c if isinstance(c, tuple) else (c, 1) for c in counts]
    own = shapes[0] if shapes else (ranks, 1)
    done: list[int] = []
    threads_run: list[int] = []
    seconds = slowest = 0.0
    moved: bool | None = None
    regions: int | None = None
    mpi_calls = None
    omp = mode in OMP_MODES
    by_count: dict[str, dict[str, int]] | None = {} if mode in MPI_MODES else None
    for shape in shapes:
        count, threads = shape
        name = f"check{count}" if not omp else f"check{count}x{threads}"
        execution, verdict = attempt(shape, timeout, workdir / name)
        seconds += execution.completed.seconds
        slowest = max(slowest, execution.completed.seconds)
        if verdict.outcome == "timeout" and timeout < cap:
            # The derived limit is a calibrated guess, and a loaded machine stretches a correct run: before
            # a timeout is the model's, the run gets --pareval-timeout once.
            execution, verdict = attempt(shape, cap, workdir / f"{name}-again")
            seconds += execution.completed.seconds
            slowest = max(slowest, execution.completed.seconds)
            if verdict.outcome == "timeout":
                verdict = Verdict("timeout", f"no result within {timeout:g} s{why}, nor within "
                                             f"--pareval-timeout ({cap:g} s) on a second try")
        elif verdict.outcome in RETRIED:
            execution, again = attempt(shape, timeout, workdir / f"{name}-again")
            seconds += execution.completed.seconds
            slowest = max(slowest, execution.completed.seconds)
            if again.outcome == verdict.outcome == "run_fail":
                again = Verdict("run_fail", f"{again.message}\n(the same on a second try)")
            verdict = again
        done.append(count)
        threads_run.append(threads)
        if shape == own and mode in MPI_MODES:
            mpi_calls = execution.mpi_calls
        if by_count is not None and execution.mpi_calls is not None:
            key = str(count) if not omp else f"{count}x{threads}"  # hybrid: RANKSxTHREADS
            by_count[key] = {kind: n for kind, n in execution.mpi_calls.items() if n}
        if verdict.outcome != "pass":
            if mode != "serial" and len(shapes) > 1:
                verdict = Verdict(verdict.outcome, f"at {shape_label(mode, shape)}: {verdict.message}")
            return Checked(verdict, done, seconds, moved, timeout, mpi_calls, by_count, slowest,
                           threads=threads_run if omp else None, omp_regions=regions)
        if mode in MPI_MODES and count > 1:
            this = communicated(execution.mpi_calls)
            moved = this if moved is None else (moved or bool(this))
        if omp and threads > 1 and execution.omp_regions is not None:
            regions = (regions or 0) + execution.omp_regions
    return Checked(Verdict("pass"), done, seconds, moved, timeout, mpi_calls, by_count, slowest,
                   threads=threads_run if omp else None, omp_regions=regions)


def judged_attempt(program: Path, problem, cases: list, expected: list, mode: str, **launch) -> Attempt:
    """An ``attempt`` for run_checks: one run of ``program`` on the cases at a count, and its verdict."""
    def attempt(shape: Shape, limit: float, directory: Path) -> tuple[run_stage.Execution, Verdict]:
        directory.mkdir(parents=True, exist_ok=True)
        count, threads = shape
        execution = run_stage.execute(program, problem.signature, cases, mode, directory, ranks=count,
                                      threads=threads, timeout=limit, yielding=True, **launch)
        return execution, judge_stage.judge(problem, cases, expected, execution, limit)
    return attempt
