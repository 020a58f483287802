"""The session's timed runs: the timing inputs of each problem, timed launches of an answer (with the
division's extra runs), and our serial reference timed the same way (the baseline of every speedup).

A timed run calls the answer once on each of TIMED_CALLS timing inputs (timed.py) and checks every call's
outputs; a run that does not finish within its limit gets a second try at ``--pareval-timeout`` on the first
input alone (outputs checked, division judged), and is the model's ``timeout`` only if that does not finish
either. Timed runs are cached per program, problem, seed, rank count, machine, engine, rules and launcher
(timed.py, keys.py): a warm re-run of the same answers times nothing (``--pareval-rerun`` times them again).
"""
from __future__ import annotations

import hashlib
import json
import statistics
import tempfile
from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path

import numpy as np

from ..build import compile as build_stage
from ..common import toolchain
from ..common.storage import locked
from ..run import launch as run_stage
from ..run.launcher import nodes
from ..sandbox import core as sandbox
from ..suite.problems import MPI_MODES, OMP_MODES, Problem
from . import division, keys
from .division import UNIT_NAMES, judge_division
from .judge import Verdict
from .limits import VerdictSettings
from .timed import TIMED_CALLS, TIMED_FLOOR_S, TIMED_STARTUP_S, Timed, TimedCache, judge_outputs, machine_lock

#: Problems whose timing inputs (and expected outputs) a process keeps in memory: items of one problem run
#: together, and a problem's inputs are up to TIMED_CALLS x 2 x 16 MiB.
INPUTS_KEPT = 2


def rules() -> dict[str, object]:
    """The constants of the timing and division rules: part of every timing's cache key."""
    return {"TIMED_CALLS": TIMED_CALLS, "TIMED_FLOOR_S": TIMED_FLOOR_S, "TIMED_STARTUP_S": TIMED_STARTUP_S,
            **{name: getattr(division, name) for name in division.RULES}}


class Timing:
    """Timed runs of one session (one per process; xdist workers share the caches on disk)."""

    def __init__(self, settings: VerdictSettings, build_cache: build_stage.BuildCache,
                 oracle: Callable[[Problem], tuple[list, list]], *, fresh_after: float = 0.0):
        self.settings = settings
        self.build_cache = build_cache
        self.oracle = oracle
        self.fresh_after = fresh_after
        self.cache_dir = settings.cache_dir / "timed"
        #: What can change a cached verdict's meaning besides the program (launcher, nodes, rules): the
        #: correctness cache (engine.py) is keyed by it too.
        self.context = keys.context_digest(settings.launcher, nodes(settings.launcher, settings.hostfile), rules())
        self.cache = TimedCache(self.cache_dir, settings.seed, self.context)
        self._inputs: OrderedDict[str, tuple[list, list, str]] = OrderedDict()
        self._baselines: dict[str, Timed | None] = {}

    def timing_inputs(self, problem: Problem) -> tuple[list[dict[str, np.ndarray]], list[dict[str, np.ndarray]], str]:
        """The timing inputs (TIMED_CALLS of them: same size, other data), their expected outputs and a
        label; without a TIMING_SIZE, the largest correctness case alone (and the label says so)."""
        if problem.id in self._inputs:
            self._inputs.move_to_end(problem.id)
        else:
            if problem.timing_size is None:
                cases, expected = self.oracle(problem)
                index = max(range(len(cases)), key=lambda i: problem.sizes[i])
                entry = ([cases[index]], [expected[index]],
                         f"the largest correctness case (size {problem.sizes[index]}; no TIMING_SIZE)")
            else:
                inputs = [problem.timing_case(self.settings.seed, i) for i in range(TIMED_CALLS)]
                entry = (inputs, [problem.expected(case) for case in inputs],
                         f"the timing inputs (size {problem.timing_size})")
            self._inputs[problem.id] = entry
            while len(self._inputs) > INPUTS_KEPT:
                self._inputs.popitem(last=False)
        return self._inputs[problem.id]

    def launch(self, program: Path, problem: Problem, mode: str, ranks: int, workdir: Path,
               cases: list[dict[str, np.ndarray]], *, limit: float, cap: float | None = None,
               guard=None, threads: int = 1) -> run_stage.Execution:
        """One launch calling the answer once on each of ``cases``, each call within ``limit`` and the
        whole launch within ``cap`` (default --pareval-timeout) plus start-up; ``guard`` is held around the
        launch. MPICH spins while a rank waits unless there are more ranks than cores (then it yields)."""
        s = self.settings
        workdir.mkdir(parents=True, exist_ok=True)
        cap = s.timeout if cap is None else cap
        timeout = min(cap, len(cases) * limit) + TIMED_STARTUP_S
        return run_stage.execute(program, problem.signature, cases, mode, workdir, ranks=ranks, timeout=timeout,
                                 repeats=1, launcher=s.launcher, hostfile=s.hostfile, threads=threads,
                                 queue_timeout=s.queue_timeout, guard=guard,
                                 yielding=mode in MPI_MODES and ranks * threads > toolchain.usable_cores())

    def timed(self, program: Path, problem: Problem, mode: str, ranks: int, workdir: Path, *,
              limit: float, use_cache: bool = True, threads: int = 1, regions_seen: bool = True) -> Timed:
        """Time the answer on the timing inputs (one call each, under the machine-wide lock), check every
        call's outputs, and for MPI at more than one rank judge the division of its work (division.py). A
        run that does not finish gets a second try at --pareval-timeout on the first input, else the
        outcome is ``timeout``. OpenMP and hybrid items are judged like MPI ones with ranks x threads as the
        units; one that started no parallel region of 2+ threads, here nor in its correctness runs
        (``regions_seen`` False), is not judged: the engine calls it not_parallel at once."""
        s = self.settings
        key = self.cache.key(program, problem, mode, ranks, threads)
        units = ranks * threads
        if use_cache:
            hit = self.cache.get(key, limit, self.fresh_after)
            if hit is not None:
                return hit
        cases, expected, label = self.timing_inputs(problem)
        interval: list[float] = []  # the lock is held around the launch only: inputs are written before
        # A run that needs half the machine's cores or more also holds the machine quiet (none of our
        # compilations or correctness runs beside it): on 2 cores another xdist worker's compiler took a
        # core from the 2 ranks of a timed run and cost the MPI references up to 1.7x their compute.
        quiet = 2 * units >= toolchain.usable_cores()
        execution = self.launch(program, problem, mode, ranks, workdir / "timed", cases, limit=limit,
                                guard=machine_lock(interval, quiet=quiet), threads=threads)
        timed = Timed(limit_s=limit, wall_s=execution.completed.seconds, interval=interval or None)
        per_call = limit
        if execution.completed.timed_out:
            # The limit is a calibrated guess and the machine may be loaded: before the model's timeout,
            # one call at --pareval-timeout, its outputs checked and its division judged as any other's.
            first = (f"the timed run on {label} did not finish within its limit ({len(cases)} calls of at "
                     f"most {limit:.3g} s each)")
            timed.second_try, per_call = True, max(limit, s.timeout)
            cases, expected = cases[:1], expected[:1]
            execution = self.launch(program, problem, mode, ranks, workdir / "timed-again", cases,
                                    limit=per_call, guard=machine_lock(interval, quiet=quiet), threads=threads)
            timed.wall_s += execution.completed.seconds
            if execution.completed.timed_out:
                timed.outcome = "timeout"
                timed.message = (f"{first}, nor one call within --pareval-timeout ({per_call:g} s) on a "
                                 "second try")
                self.cache.put(key, timed)
                return timed
            timed.note = f"{first}; judged on one call at --pareval-timeout ({per_call:g} s)"
        verdict = judge_outputs(problem, execution, expected, label)
        timed.outcome, timed.message = verdict.outcome, verdict.message
        timed.mpi_calls = execution.mpi_calls
        timed.omp_regions = execution.omp_regions
        runs = [per_case[0] for per_case in execution.seconds if per_case]
        if verdict.outcome == "pass" and runs:
            timed.runtime_s, timed.runtime_median_s = min(runs), statistics.median(runs)
            timed.repeats = len(runs)
            if timed.runtime_s > limit or timed.second_try:
                timed.note = "; ".join(filter(None, [timed.note, (
                    f"no speedup: a call on {label} took {timed.runtime_s:.3g} s, over its limit of {limit:.3g} s"
                    if timed.runtime_s > limit else "no speedup: timed on one call of a second try")]))
                timed.runtime_s = timed.runtime_median_s = None
        serial_code = mode in OMP_MODES and threads > 1 and not regions_seen and not execution.omp_regions
        if verdict.outcome == "pass" and mode != "serial" and units > 1 and not serial_code:
            def measure(count: int, name: str, guard) -> run_stage.Execution:
                # ``count`` units: the item's own shape, or one rank of one thread. One unit may take units x
                # the time of a call: an answer that divides its work does.
                r, t = (ranks, threads) if count == units else (1, 1)
                return self.launch(program, problem, mode, r, workdir / name, cases,
                                   limit=per_call * units / count, cap=max(s.timeout, per_call) * units / count,
                                   guard=guard, threads=t)

            def check(one: run_stage.Execution) -> Verdict:
                return judge_outputs(problem, one, expected, label)
            judge_division(timed, execution, measure, check, units, label, unit=UNIT_NAMES[mode])
        if not timed.note and label.startswith("the largest"):
            timed.note = f"timed on {label}"
        self.cache.put(key, timed)
        return timed

    def baseline(self, problem: Problem) -> Timed | None:
        """Our serial reference timed on the timing inputs exactly as answers are (the denominator of
        speedup); once per machine, seed and reference source (the timed cache is keyed by the built
        program), so warm runs measure nothing. None when the reference cannot be built or run (our bug)."""
        if problem.id in self._baselines:
            return self._baselines[problem.id]
        s = self.settings
        source = problem.reference_path("serial").read_text()
        key = hashlib.sha256(json.dumps([problem.id, source, s.seed]).encode()).hexdigest()[:16]
        workdir = _workdir(s)
        try:
            # One measurement per reference at a time, across xdist workers; the timed cache serves the rest.
            with locked(self.cache_dir / "baseline-locks" / key):
                built = build_stage.build(source, problem.signature, "serial", workdir / "build",
                                          timeout=s.build_timeout, cache=self.build_cache)
                timed = None
                if built.ok:
                    timed = self.timed(built.program, problem, "serial", 1, workdir, limit=s.timeout)
                    if timed.runtime_s is None:
                        timed = None
        except run_stage.SchedulerError:
            timed = None
        finally:
            sandbox.remove_workdir(workdir)
        self._baselines[problem.id] = timed
        return timed


def _workdir(settings: VerdictSettings) -> Path:
    """A private directory for the baseline's build and runs (under --pareval-shared-dir when given, as the
    items' own, so that ranks on other nodes see it)."""
    if settings.shared_dir is None:
        return sandbox.make_workdir()
    path = Path(tempfile.mkdtemp(prefix="pareval-", dir=settings.shared_dir))
    path.chmod(0o711)
    return path
