"""Verdict stage: from a built answer to the item's outcome and its performance fields.

Correctness: the seeded correctness cases at every check rank count (correctness.py). Performance, for
correct answers only: timed runs on the problem's large timing input, repeated, one at a time on the whole
machine (timing.py, timed.py), against our serial reference timed the same way; for MPI the same timed run
shows whether the work was divided (division.py). Limits derive from the reference's time (limits.py).
Verdicts and timings are cached per program: a warm re-run of the same answers runs nothing
(``--pareval-rerun`` runs them again).
"""
from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..build import compile as build_stage
from ..common.redact import clean
from ..run import launch as run_stage
from ..suite.problems import Problem
from .correctness import (CheckCache, Checked, cases_digest, check_shapes, communicated, judged_attempt, run_checks,
                          shape_label)
from ..suite.problems import MPI_MODES, OMP_MODES
from .judge import Verdict
from .limits import VerdictSettings, correctness_timeout, timed_limit
from .timing import Timing


class Verdicts:
    """The verdict stage of one session: correctness at every count (cached), then timing and division."""

    def __init__(self, settings: VerdictSettings, build_cache: build_stage.BuildCache,
                 oracle: Callable[[Problem], tuple[list, list]], *, fresh_after: float = 0.0):
        self.settings = settings
        self.build_cache = build_cache
        self.oracle = oracle
        #: Cached verdicts and timings older than this (unix time) are not reused: the session's start
        #: with --pareval-rerun (shared by xdist workers, so that one measures and the other reuses), else 0.
        self.fresh_after = fresh_after
        self.timing = Timing(settings, build_cache, oracle, fresh_after=fresh_after)
        self.check_cache = CheckCache(settings.cache_dir / "checks", self.timing.context)

    def check(self, problem: Problem, mode: str, ranks: int, program: Path, workdir: Path, *,
              use_cache: bool = True, threads: int = 1) -> Checked:
        """Correctness at every check count (correctness.py), or the verdict an earlier run of the same
        program on the same cases gave."""
        s = self.settings
        cases, expected = self.oracle(problem)
        baseline = self.timing.baseline(problem) if s.timeout_factor > 0 else None
        timeout, why = correctness_timeout(s, baseline)
        shapes = check_shapes(mode, ranks, threads, check_ranks=s.check_ranks, check_threads=s.check_threads,
                              check_hybrid=s.check_hybrid)
        # Serial and MPI keep their rank-count keys (their cached verdicts stay valid).
        counts = shapes if mode in OMP_MODES else [r for r, _ in shapes]
        key = self.check_cache.key(program, cases_digest(cases, expected, problem.tolerance), mode, counts)
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

    def performance(self, problem: Problem, mode: str, ranks: int, program: Path, workdir: Path,
                    checked: Checked, *, use_cache: bool = True, threads: int = 1) -> tuple[Verdict, dict[str, Any]]:
        """For an answer correct at every count: the timed run (its outputs checked, its division judged),
        the no-communication and no-parallel-region rules over the correctness and timed runs, then speedup.
        Returns the final verdict and the record fields."""
        fields: dict[str, Any] = {"runtime_s": None, "runtime_median_s": None, "timing_repeats": None,
                                  "baseline_runtime_s": None, "speedup": None, "efficiency": None,
                                  "timing_note": None}
        baseline = self.timing.baseline(problem)
        started = time.monotonic()
        try:
            timed = self.timing.timed(program, problem, mode, ranks, workdir,
                                       limit=timed_limit(self.settings, baseline),
                                       use_cache=use_cache, threads=threads,
                                       regions_seen=bool(checked.omp_regions))
        except run_stage.SchedulerError as exc:
            return Verdict("error", str(exc)), fields
        fields.update(runtime_s=timed.runtime_s, runtime_median_s=timed.runtime_median_s,
                      timing_repeats=timed.repeats or None, timing_note=timed.note or None,
                      timed_cached=timed.cached, timed_interval=timed.interval,
                      timed_s=None if timed.cached else time.monotonic() - started, division_s=timed.extra_s or None,
                      busiest_compute_s=timed.busiest_compute_s, one_rank_compute_s=timed.one_rank_compute_s,
                      serial_fraction=timed.serial_fraction, least_share=timed.least_share,
                      least_compute_s=timed.least_compute_s, timed_second_try=timed.second_try or None)
        if mode in OMP_MODES and timed.outcome in ("pass", "not_parallel"):
            verdict = no_parallel_region(mode, checked, timed.omp_regions, ranks, threads)
            if verdict is not None:
                return verdict, fields
        if timed.outcome in ("pass", "not_parallel") and (mode == "mpi" and ranks > 1 or mode == "mpi+omp"):
            silent = no_communication(checked, timed, ranks, threads)
            if silent:
                return Verdict("not_parallel", silent), fields
        if timed.outcome != "pass":
            return Verdict(timed.outcome, timed.message), fields
        if baseline is not None:
            fields["baseline_runtime_s"] = baseline.runtime_s
            if timed.runtime_s:
                fields["speedup"] = baseline.runtime_s / timed.runtime_s
                if mode != "serial":
                    fields["efficiency"] = fields["speedup"] / (ranks * threads)
        elif timed.runtime_s is not None:
            fields["timing_note"] = "; ".join(filter(None, [timed.note,
                                                            "no speedup: our serial reference gave no time"]))
        return Verdict("pass"), fields


def no_communication(checked: Checked, timed, ranks: int, threads: int = 1) -> str | None:
    """The no-communication rule: an MPI answer whose ranks moved no data, neither in the correctness runs at
    more than one rank nor in the timed run, is not_parallel; the message says what every run made (an
    answer that computes small inputs on rank 0 alone and divides large ones communicates in the timed run
    and passes). None when some run moved data, or the timed run counted nothing (it did not finish)."""
    if checked.communicated is not False or timed.mpi_calls is None or communicated(timed.mpi_calls):
        return None
    def made(calls: dict[str, int]) -> str:
        made = {kind: n for kind, n in calls.items() if n}
        return ", ".join(f"{n} {kind}" for kind, n in sorted(made.items())) or "no MPI call"
    # hybrid runs are keyed "RANKSxTHREADS"
    runs = [f"at {count.replace('x', ' ranks x ', 1) + ' threads' if 'x' in count else count + ' ranks'} "
            f"{made(calls)}" for count, calls in (checked.calls_by_count or {}).items()
            if int(count.split("x")[0]) > 1]
    at = f"{ranks} ranks" + (f" x {threads} threads" if threads > 1 else "")
    calls = timed.repeats or 1
    return ("correct, but no rank sent or received any data: serial code run on every rank or on one. "
            f"Correctness runs on the correctness cases: {'; '.join(runs) or 'none at more than one rank'}; "
            f"the timed run at {at} ({calls} call{'s' if calls > 1 else ''} on the timing inputs): "
            f"{made(timed.mpi_calls)} (calls summed over ranks; barriers and calls on a one-rank communicator "
            "move no data)")


def no_parallel_region(mode: str, checked: Checked, timed_regions: int | None, ranks: int,
                       threads: int) -> Verdict | None:
    """An OpenMP answer that never started a parallel region of two or more threads in any run with two or
    more threads (the correctness runs and the timed run: an honest answer may run small inputs serially) is
    not_parallel at once. None when it did, or when no run had two threads to show it."""
    runs = [shape_label(mode, (r, t)) for r, t in zip(checked.counts, checked.threads or []) if t > 1]
    if threads > 1 and timed_regions is not None:
        runs.append(f"{shape_label(mode, (ranks, threads))} on the timing input")
    seen = (checked.omp_regions or 0) + (timed_regions or 0)
    if not runs or seen > 0:
        return None
    return Verdict("not_parallel", "correct, but it never started an OpenMP parallel region of more than one "
                                   f"thread (runs at {', '.join(runs)}): serial code")


def decide(verdicts: Verdicts, problem: Problem, mode: str, ranks: int, answer, built, checked: Checked | None,
           workdir: Path, *, threads: int = 1) -> tuple[Verdict, dict[str, Any]]:
    """The item's verdict from every stage's result, and the record fields it sets. Provider faults after the
    retries (quota included) and missing replay answers are ``error``: ours or the provider's, not the model's."""
    fields: dict[str, Any] = {}
    if built is not None:  # where the harness's time goes (benchmarks/suite_speed.py)
        fields.update(build_s=built.seconds, build_cached=built.cached)
    if answer.error is not None:
        return Verdict("error", clean(answer.error)), fields
    if answer.code is None:
        return Verdict("no_code", getattr(answer, "flaw", None) or
                       f"the response holds no definition of {problem.signature.function}()"), fields
    if not built.ok:
        if built.machine_fault:  # the machine stopped the compiler, not the code: ours
            return Verdict("error", clean(built.machine_fault)), fields
        return Verdict("build_fail", clean(built.first_errors())), fields
    assert checked is not None
    fields.update(run_s=checked.seconds, run_cached=checked.cached, checked_ranks=checked.counts,
                  mpi_calls=checked.mpi_calls)
    if checked.threads is not None:
        fields.update(checked_threads=checked.threads, omp_regions=checked.omp_regions)
    verdict = checked.verdict
    if verdict.outcome == "pass":
        verdict, more = verdicts.performance(problem, mode, ranks, built.program, workdir, checked,
                                             threads=threads)
        fields.update(more)
    return Verdict(verdict.outcome, clean(verdict.message)), fields
