"""Verdict stage: from a built answer to the item's outcome and its performance fields.

Correctness: the seeded correctness cases at every check rank count (correctness.py). Performance, for
correct answers only: timed runs on the problem's large timing input, repeated, one at a time on the whole
machine (timed.py), against our serial reference timed the same way. For MPI the same timed run shows
whether the work was divided: the busiest rank's compute CPU (CPU time in the call minus CPU time inside
MPI) against the same answer's compute CPU on one rank. CPU time, not wall time, so that a loaded machine
does not change the division verdict. Verdicts and timings are cached per program: a warm re-run of the
same answers runs nothing (``--pareval-rerun`` runs them again).
"""
from __future__ import annotations

import contextlib
import hashlib
import json
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from . import build as build_stage
from . import run as run_stage
from . import sandbox, toolchain
from .correctness import CheckCache, Checked, cases_digest, check_counts, judged_attempt, run_checks
from .judge import Verdict
from .problems import Problem
from .redact import clean
from .settings import Settings
from .storage import locked
from .timed import TIMED_FLOOR_S, TIMED_REPEATS, TIMED_STARTUP_S, Timed, TimedCache, judge_outputs, machine_lock

#: A correctness run derived from the reference (``--pareval-timeout-factor``) gets at least this.
CORRECTNESS_FLOOR_S = 10.0
#: Work division: the largest serial fraction tolerated. With busiest-rank compute ``b`` at R ranks and the
#: answer's compute ``w`` on one rank, ratio = b / w, and an answer with serial fraction s (the part every
#: rank repeats or one rank does alone) has ratio = s + (1 - s) / R, so s = (ratio - 1/R) / (1 - 1/R).
#: Duplicated work and rank-0-only work give s ~ 1 (0.81-1.19 measured); the references measure at most
#: 0.28 at 2 ranks and 0.59 at 3 ranks on 2 cores (README, "Verdicts and timed runs").
MAX_SERIAL_FRACTION = 0.75
#: Below this much compute on one rank the division is not judged. The driver reads the calling thread's
#: CPU clock (exact; the process clock advances in 4 ms scheduler ticks under RLIMIT_CPU) and keeps the
#: minimum over repetitions, but a call of well under a millisecond is dominated by cache effects.
MIN_COMPUTE_S = 0.002
#: Calls of the division's extra runs (the minimum counts, as in the timed run).
DIVISION_REPEATS = 2
#: A not_parallel measurement is confirmed this many times on a quiet machine before it counts.
CONFIRMATIONS = 2


def serial_fraction(busiest: float, whole: float, ranks: int) -> float:
    """The serial fraction that explains a busiest-rank compute of ``busiest`` at ``ranks`` ranks when one
    rank needs ``whole`` (see MAX_SERIAL_FRACTION)."""
    ideal = 1.0 / ranks
    return (busiest / whole - ideal) / (1.0 - ideal)


class Verdicts:
    """The verdict stage of one session: correctness, timed runs, division, the serial baseline."""

    def __init__(self, settings: Settings, build_cache: build_stage.BuildCache,
                 oracle: Callable[[Problem], tuple[list, list]], *, fresh_after: float = 0.0):
        self.settings = settings
        self.build_cache = build_cache
        self.oracle = oracle
        #: Cached verdicts and timings older than this (unix time) are not reused: the session's start
        #: with --pareval-rerun (shared by xdist workers, so that one measures and the other reuses), else 0.
        self.fresh_after = fresh_after
        self.cache_dir = settings.cache_dir / "timed"
        self.timed_cache = TimedCache(self.cache_dir, settings.seed)
        self.check_cache = CheckCache(settings.cache_dir / "checks")
        self._timing_inputs: dict[str, tuple[dict, dict, str]] = {}
        self._baselines: dict[str, Timed | None] = {}

    # --- inputs ---------------------------------------------------------------------------------------

    def timing_input(self, problem: Problem) -> tuple[dict[str, np.ndarray], dict[str, np.ndarray], str]:
        """The timing input, its expected outputs and a label; without a TIMING_SIZE, the largest
        correctness case (and the label says so)."""
        if problem.id not in self._timing_inputs:
            case = problem.timing_case(self.settings.seed)
            if case is None:
                cases, expected = self.oracle(problem)
                index = max(range(len(cases)), key=lambda i: problem.sizes[i])
                entry = (cases[index], expected[index],
                         f"the largest correctness case (size {problem.sizes[index]}; no TIMING_SIZE)")
            else:
                entry = (case, problem.expected(case), f"the timing input (size {problem.timing_size})")
            self._timing_inputs[problem.id] = entry
        return self._timing_inputs[problem.id]

    # --- limits ---------------------------------------------------------------------------------------

    def correctness_timeout(self, problem: Problem) -> tuple[float, str]:
        """The correctness runs' limit and how it was reached: ``--pareval-timeout-factor`` x the wall time
        of our serial reference's timed launch (start-up and its calls on the timing input: a calibration of
        this machine and launcher), at least CORRECTNESS_FLOOR_S, at most ``--pareval-timeout``."""
        s = self.settings
        if s.timeout_factor <= 0:
            return s.timeout, ""
        baseline = self.baseline(problem)
        if baseline is None or not baseline.wall_s:
            return s.timeout, ""
        derived = max(CORRECTNESS_FLOOR_S, s.timeout_factor * baseline.wall_s)
        if derived >= s.timeout:
            return s.timeout, ""
        return derived, (f" ({s.timeout_factor:g}x the {baseline.wall_s:.2f} s our serial reference's run takes "
                         "on this machine, --pareval-timeout-factor)")

    def timed_limit(self, baseline: Timed | None) -> float:
        """Per-call limit of a timed run: ``--pareval-timing-factor`` x the reference's time, at least
        TIMED_FLOOR_S, at most ``--pareval-timeout``."""
        s = self.settings
        if baseline is None or baseline.runtime_s is None:
            return s.timeout
        return min(s.timeout, max(TIMED_FLOOR_S, s.timing_factor * baseline.runtime_s))

    # --- correctness ----------------------------------------------------------------------------------

    def check(self, problem: Problem, mode: str, ranks: int, program: Path, workdir: Path, *,
              use_cache: bool = True) -> Checked:
        """Correctness at every check count (correctness.py), or the verdict an earlier run of the same
        program on the same cases gave."""
        s = self.settings
        cases, expected = self.oracle(problem)
        timeout, why = self.correctness_timeout(problem)
        counts = check_counts(mode, ranks, s.check_ranks)
        key = self.check_cache.key(program, cases_digest(cases, expected, problem.tolerance), mode, counts,
                                   s.launcher)
        if use_cache:
            hit = self.check_cache.get(key, timeout, self.fresh_after)
            if hit is not None:
                return hit
        attempt = judged_attempt(program, problem, cases, expected, mode, launcher=s.launcher,
                                 hostfile=s.hostfile, queue_timeout=s.queue_timeout)
        try:
            checked = run_checks(attempt, mode, counts, ranks, workdir, timeout=timeout, cap=s.timeout, why=why)
        except run_stage.SchedulerError as exc:  # the cluster's fault
            return Checked(Verdict("error", str(exc)), [], 0.0, timeout=timeout)
        self.check_cache.put(key, checked)
        return checked

    # --- performance ----------------------------------------------------------------------------------

    def _run_timing(self, program: Path, problem: Problem, mode: str, ranks: int, workdir: Path, *,
                    repeats: int, limit: float, guard=None) -> run_stage.Execution:
        """One launch calling the answer ``repeats`` times on the timing input; ``guard`` is held around the
        launch. MPICH spins while a rank waits unless there are more ranks than cores (then it yields)."""
        s = self.settings
        case, _, _ = self.timing_input(problem)
        workdir.mkdir(parents=True, exist_ok=True)
        timeout = min(s.timeout + TIMED_STARTUP_S, repeats * limit + TIMED_STARTUP_S)
        return run_stage.execute(program, problem.signature, [case], mode, workdir, ranks=ranks, timeout=timeout,
                                 repeats=repeats, launcher=s.launcher, hostfile=s.hostfile,
                                 queue_timeout=s.queue_timeout, guard=guard,
                                 yielding=mode == "mpi" and ranks > toolchain.usable_cores())

    def timed(self, program: Path, problem: Problem, mode: str, ranks: int, workdir: Path, *,
              limit: float, use_cache: bool = True) -> Timed:
        """Time the answer on the timing input (TIMED_REPEATS calls, under the machine-wide lock), check its
        outputs there, and for MPI at more than one rank measure the division of its work. Cached per
        program, problem, seed, rank count and machine: a warm re-run times nothing."""
        key = self.timed_cache.key(program, problem, mode, ranks)
        if use_cache:
            hit = self.timed_cache.get(key, limit, self.fresh_after)
            if hit is not None:
                return hit
        _, _, label = self.timing_input(problem)
        interval: list[float] = []  # the lock is held around the launch only: inputs are written before
        execution = self._run_timing(program, problem, mode, ranks, workdir / "timed", repeats=TIMED_REPEATS,
                                     limit=limit, guard=machine_lock(interval))
        timed = Timed(limit_s=limit, wall_s=execution.completed.seconds, interval=interval or None)
        if execution.completed.timed_out:
            timed.note = (f"no speedup: the timed run on {label} did not finish within its limit "
                          f"({TIMED_REPEATS} calls of at most {limit:.3g} s each)"
                          + ("; work division not judged" if mode == "mpi" and ranks > 1 else ""))
        else:
            verdict = judge_outputs(problem, execution, self.timing_input(problem)[1], label)
            timed.outcome, timed.message = verdict.outcome, verdict.message
            runs = execution.seconds[0] if execution.seconds else []
            if verdict.outcome == "pass" and runs:
                timed.runtime_s, timed.runtime_median_s = min(runs), statistics.median(runs)
                timed.repeats = len(runs)
                if timed.runtime_s > limit:
                    timed.note = (f"no speedup: a call on {label} took {timed.runtime_s:.3g} s, over its "
                                  f"limit of {limit:.3g} s")
                    timed.runtime_s = timed.runtime_median_s = None
            if verdict.outcome == "pass" and mode == "mpi" and ranks > 1:
                self._division(timed, execution, program, problem, ranks, workdir, limit, label)
        if not timed.note and label.startswith("the largest"):
            timed.note = f"timed on {label}"
        self.timed_cache.put(key, timed)
        return timed

    def _division(self, timed: Timed, execution: run_stage.Execution, program: Path, problem: Problem,
                  ranks: int, workdir: Path, limit: float, label: str) -> None:
        """Busiest rank's compute CPU at ``ranks`` vs the answer's on one rank (outside the lock: CPU time).
        A fraction over MAX_SERIAL_FRACTION is confirmed before it counts: both runs again, back to back, on
        a quiet machine (the timed-run lock and the quiet lock: none of our other runs or compilations beside
        them), up to CONFIRMATIONS times; the lowest fraction counts. A rank preempted while it waits at a
        collective resumes with a cold cache, so on a loaded machine an answer that communicates often
        (an elimination step's broadcast, a sweep's halo exchange) can measure 0.96 when it divides its work."""
        start = time.monotonic()
        busiest = _busiest(execution)
        one = self._run_timing(program, problem, "mpi", 1, workdir / "one", repeats=DIVISION_REPEATS,
                               limit=limit * ranks)
        whole = _busiest(one)
        fraction = None if busiest is None or whole is None or whole < MIN_COMPUTE_S \
            else serial_fraction(busiest, whole, ranks)
        measures = 1
        while fraction is not None and fraction > MAX_SERIAL_FRACTION and measures <= CONFIRMATIONS:
            # Held here for both runs; each run's own guard is then none (its default, the quiet lock shared,
            # would wait for this process's exclusive hold).
            held = contextlib.nullcontext()
            with machine_lock(quiet=True):
                again = self._run_timing(program, problem, "mpi", ranks, workdir / f"again{measures}",
                                         repeats=DIVISION_REPEATS, limit=limit, guard=held)
                one_again = self._run_timing(program, problem, "mpi", 1, workdir / f"one-again{measures}",
                                             repeats=DIVISION_REPEATS, limit=limit * ranks, guard=held)
            measures += 1
            b2, w2 = _busiest(again), _busiest(one_again)
            if b2 is not None and w2 is not None and w2 >= MIN_COMPUTE_S:
                second = serial_fraction(b2, w2, ranks)
                if second < fraction:
                    busiest, whole, fraction = b2, w2, second
        timed.busiest_compute_s, timed.one_rank_compute_s, timed.serial_fraction = busiest, whole, fraction
        timed.extra_s = time.monotonic() - start
        if fraction is None:
            why = ("its compute time on one rank is below the measurable "
                   f"{MIN_COMPUTE_S:g} s" if whole is not None else "the one-rank run gave no compute time")
            timed.note = "; ".join(filter(None, [timed.note, f"work division not judged: {why}"]))
        elif fraction > MAX_SERIAL_FRACTION:
            timed.outcome = "not_parallel"
            timed.message = (f"correct, but the work was not divided: on {label} the busiest of {ranks} ranks "
                             f"computed for {busiest:.3g} s of CPU, {busiest / whole:.0%} of the {whole:.3g} s the "
                             f"same answer needs on one rank (ideal {1 / ranks:.0%}; serial fraction "
                             f"{fraction:.2f} > {MAX_SERIAL_FRACTION}"
                             + (f", the lowest of {measures} measurements, {measures - 1} on a quiet machine)"
                                if measures > 1 else ")"))

    # --- the serial baseline --------------------------------------------------------------------------

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

    # --- the whole verdict ----------------------------------------------------------------------------

    def performance(self, problem: Problem, mode: str, ranks: int, program: Path, workdir: Path,
                    checked: Checked, *, use_cache: bool = True) -> tuple[Verdict, dict[str, Any]]:
        """For an answer correct at every count: the not_parallel checks, then timing and speedup. Returns
        the final verdict and the record fields."""
        fields: dict[str, Any] = {"runtime_s": None, "runtime_median_s": None, "timing_repeats": None,
                                  "baseline_runtime_s": None, "speedup": None, "efficiency": None,
                                  "timing_note": None}
        if mode == "mpi" and ranks > 1 and checked.communicated is False:
            return Verdict("not_parallel", "correct, but no rank sent or received any data: "
                                           "serial code run on every rank"), fields
        baseline = self.baseline(problem)
        started = time.monotonic()
        try:
            timed = self.timed(program, problem, mode, ranks, workdir, limit=self.timed_limit(baseline),
                               use_cache=use_cache)
        except run_stage.SchedulerError as exc:
            return Verdict("error", str(exc)), fields
        fields.update(runtime_s=timed.runtime_s, runtime_median_s=timed.runtime_median_s,
                      timing_repeats=timed.repeats or None, timing_note=timed.note or None,
                      timed_cached=timed.cached, timed_interval=timed.interval,
                      timed_s=None if timed.cached else time.monotonic() - started, division_s=timed.extra_s or None,
                      busiest_compute_s=timed.busiest_compute_s, one_rank_compute_s=timed.one_rank_compute_s,
                      serial_fraction=timed.serial_fraction)
        if timed.outcome != "pass":
            return Verdict(timed.outcome, timed.message), fields
        if baseline is not None:
            fields["baseline_runtime_s"] = baseline.runtime_s
            if timed.runtime_s:
                fields["speedup"] = baseline.runtime_s / timed.runtime_s
                if mode == "mpi":
                    fields["efficiency"] = fields["speedup"] / ranks
        elif timed.runtime_s is not None:
            fields["timing_note"] = "; ".join(filter(None, [timed.note,
                                                            "no speedup: our serial reference gave no time"]))
        return Verdict("pass"), fields


def _busiest(execution: run_stage.Execution) -> float | None:
    compute = execution.compute_seconds
    if execution.completed.timed_out or execution.error or not compute or not compute[0]:
        return None
    return max(compute[0])


def _workdir(settings: Settings) -> Path:
    """A private directory for the baseline's build and runs (under --pareval-shared-dir when given, as the
    items' own, so that ranks on other nodes see it)."""
    if settings.shared_dir is None:
        return sandbox.make_workdir()
    path = Path(tempfile.mkdtemp(prefix="pareval-", dir=settings.shared_dir))
    path.chmod(0o711)
    return path


def decide(verdicts: Verdicts, problem: Problem, mode: str, ranks: int, answer, built, checked: Checked | None,
           workdir: Path) -> tuple[Verdict, dict[str, Any]]:
    """The item's verdict from every stage's result, and the record fields it sets. Provider faults after the
    retries (quota included) and missing replay answers are ``error``: ours or the provider's, not the model's."""
    fields: dict[str, Any] = {}
    if built is not None:  # where the harness's time goes (benchmarks/suite_speed.py)
        fields.update(build_s=built.seconds, build_cached=built.cached)
    if answer.error is not None:
        return Verdict("error", clean(answer.error)), fields
    if answer.code is None:
        return Verdict("no_code", f"the response holds no definition of {problem.signature.function}()"), fields
    if not built.ok:
        if built.machine_fault:  # the machine stopped the compiler, not the code: ours
            return Verdict("error", clean(built.machine_fault)), fields
        return Verdict("build_fail", clean(built.first_errors())), fields
    assert checked is not None
    fields.update(run_s=checked.seconds, run_cached=checked.cached, checked_ranks=checked.counts,
                  mpi_calls=checked.mpi_calls)
    verdict = checked.verdict
    if verdict.outcome == "pass":
        verdict, more = verdicts.performance(problem, mode, ranks, built.program, workdir, checked)
        fields.update(more)
    return Verdict(verdict.outcome, clean(verdict.message)), fields
