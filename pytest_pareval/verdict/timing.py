"""The session's timed runs: the timing input of each problem, timed launches of an answer (with the
division's extra runs), and our serial reference timed the same way (the baseline of every speedup).

Timed runs are cached per program, problem, seed, rank count and machine (timed.py): a warm re-run of the
same answers times nothing (``--pareval-rerun`` times them again).
"""
from __future__ import annotations

import hashlib
import json
import statistics
import tempfile
from collections.abc import Callable
from pathlib import Path

import numpy as np

from ..build import compile as build_stage
from ..common import toolchain
from ..common.storage import locked
from ..run import launch as run_stage
from ..sandbox import core as sandbox
from ..suite.problems import Problem
from .correctness import shape_label
from .division import UNIT_NAMES, judge_division
from ..suite.problems import MPI_MODES, OMP_MODES
from .limits import VerdictSettings
from .timed import TIMED_REPEATS, TIMED_STARTUP_S, Timed, TimedCache, judge_outputs, machine_lock


class Timing:
    """Timed runs of one session (one per process; xdist workers share the caches on disk)."""

    def __init__(self, settings: VerdictSettings, build_cache: build_stage.BuildCache,
                 oracle: Callable[[Problem], tuple[list, list]], *, fresh_after: float = 0.0):
        self.settings = settings
        self.build_cache = build_cache
        self.oracle = oracle
        self.fresh_after = fresh_after
        self.cache_dir = settings.cache_dir / "timed"
        self.cache = TimedCache(self.cache_dir, settings.seed)
        self._inputs: dict[str, tuple[dict, dict, str]] = {}
        self._baselines: dict[str, Timed | None] = {}

    def timing_input(self, problem: Problem) -> tuple[dict[str, np.ndarray], dict[str, np.ndarray], str]:
        """The timing input, its expected outputs and a label; without a TIMING_SIZE, the largest
        correctness case (and the label says so)."""
        if problem.id not in self._inputs:
            case = problem.timing_case(self.settings.seed)
            if case is None:
                cases, expected = self.oracle(problem)
                index = max(range(len(cases)), key=lambda i: problem.sizes[i])
                entry = (cases[index], expected[index],
                         f"the largest correctness case (size {problem.sizes[index]}; no TIMING_SIZE)")
            else:
                entry = (case, problem.expected(case), f"the timing input (size {problem.timing_size})")
            self._inputs[problem.id] = entry
        return self._inputs[problem.id]

    def launch(self, program: Path, problem: Problem, mode: str, ranks: int, workdir: Path, *,
               repeats: int, limit: float, guard=None, threads: int = 1) -> run_stage.Execution:
        """One launch calling the answer ``repeats`` times on the timing input; ``guard`` is held around the
        launch. MPICH spins while a rank waits unless there are more ranks than cores (then it yields)."""
        s = self.settings
        case, _, _ = self.timing_input(problem)
        workdir.mkdir(parents=True, exist_ok=True)
        timeout = min(s.timeout + TIMED_STARTUP_S, repeats * limit + TIMED_STARTUP_S)
        return run_stage.execute(program, problem.signature, [case], mode, workdir, ranks=ranks, timeout=timeout,
                                 repeats=repeats, launcher=s.launcher, hostfile=s.hostfile, threads=threads,
                                 queue_timeout=s.queue_timeout, guard=guard,
                                 yielding=mode in MPI_MODES and ranks * threads > toolchain.usable_cores())

    def timed(self, program: Path, problem: Problem, mode: str, ranks: int, workdir: Path, *,
              limit: float, use_cache: bool = True, threads: int = 1, regions_seen: bool = True) -> Timed:
        """Time the answer on the timing input (TIMED_REPEATS calls, under the machine-wide lock), check its
        outputs there, and at more than one unit (ranks x threads) judge the division of its work
        (division.py). An OpenMP answer that started no parallel region of 2+ threads, here nor in its
        correctness runs (``regions_seen`` False), is not judged: the engine calls it not_parallel at once."""
        key = self.cache.key(program, problem, mode, ranks, threads)
        units = ranks * threads
        if use_cache:
            hit = self.cache.get(key, limit, self.fresh_after)
            if hit is not None:
                return hit
        _, expected, label = self.timing_input(problem)
        interval: list[float] = []  # the lock is held around the launch only: inputs are written before
        execution = self.launch(program, problem, mode, ranks, workdir / "timed", repeats=TIMED_REPEATS,
                                limit=limit, guard=machine_lock(interval), threads=threads)
        timed = Timed(limit_s=limit, wall_s=execution.completed.seconds, interval=interval or None,
                      omp_regions=execution.omp_regions)
        if execution.completed.timed_out:
            timed.note = (f"no speedup: the timed run on {label} did not finish within its limit "
                          f"({TIMED_REPEATS} calls of at most {limit:.3g} s each)"
                          + ("; work division not judged" if mode != "serial" and units > 1 else ""))
        else:
            verdict = judge_outputs(problem, execution, expected, label)
            timed.outcome, timed.message = verdict.outcome, verdict.message
            runs = execution.seconds[0] if execution.seconds else []
            if verdict.outcome == "pass" and runs:
                timed.runtime_s, timed.runtime_median_s = min(runs), statistics.median(runs)
                timed.repeats = len(runs)
                if timed.runtime_s > limit:
                    timed.note = (f"no speedup: a call on {label} took {timed.runtime_s:.3g} s, over its "
                                  f"limit of {limit:.3g} s")
                    timed.runtime_s = timed.runtime_median_s = None
            serial_code = mode in OMP_MODES and threads > 1 and not regions_seen and not execution.omp_regions
            if verdict.outcome == "pass" and mode != "serial" and units > 1 and not serial_code:
                def measure(count: int, name: str, repeats: int, per_call: float, guard) -> run_stage.Execution:
                    # ``count`` units: the item's own shape, or the one-unit run (1 rank of 1 thread)
                    shape = (ranks, threads) if count == units else (1, 1)
                    return self.launch(program, problem, mode, shape[0], workdir / name, repeats=repeats,
                                       limit=per_call, guard=guard, threads=shape[1])
                judge_division(timed, execution, measure, units, limit, label,
                               unit_name=UNIT_NAMES[mode], shape=shape_label(mode, (ranks, threads)),
                               threads=mode in OMP_MODES)
        if not timed.note and label.startswith("the largest"):
            timed.note = f"timed on {label}"
        self.cache.put(key, timed)
        return timed

    def baseline(self, problem: Problem) -> Timed | None:
        """Our serial reference timed on the timing input exactly as answers are (the denominator of
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
