"""Verdict stage for ParEval's problems: ParEval's conclusion and ours, from the same runs.

``pareval_valid`` is what ParEval's harness would conclude: the answer ParEval would build (its reading of
the response) built, and every run at the rank counts of its test launch configuration exited with 0 and
printed ``Validation: PASS`` (its ``are_all_valid``). Our outcome judges our reading of the answer with
ParEval's own validation, and our rules on top: correct at every rank count we check (1, 2, 3 and the
item's; in the OpenMP models every thread count / ranks x threads shape we check), ParEval's timing run
finished, an MPI answer that makes at least one communication call, an OpenMP answer that starts a parallel
region of two or more threads (counted by our accounting layer linked into the program), the sandbox and
its time limit. A run that fails is launched once more before the failure counts, as for our items. An MPI
answer at two ranks or more that passes all that gets our work-division rule (verdict/division.py, the same
thresholds and confirmations), measured on ParEval's own timed calls of the answer in a second program that
times each call from outside the answer (build/pareval.py, ``division=True``). Where the two disagree the
record says why (``pareval_differs``).

The comparison runs inside the answer's process (ParEval's ``validate()``): see the README for what an
answer could forge there.
"""
from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from ..build import mpiwrap
from ..build.compile import BuildResult
from ..common.storage import atomic_write, locked
from ..run.pareval import DIVISION_CALLS, MPI_MODES, OMP_MODES, ParEvalRun
from . import division as division_rules
from .correctness import shape_label
from .judge import Verdict

_COMMENT = re.compile(r"//[^\n]*|/\*.*?\*/", re.S)
_LITERAL = re.compile(r'"(?:\\.|[^"\\\n])*"|\'(?:\\.|[^\'\\\n])*\'')
_MPI_CALL = re.compile(r"\b(MPI_\w+)\s*\(")


def communication_calls(code: str) -> list[str]:
    """The MPI functions that move data (point-to-point, collective, one-sided) which ``code`` calls,
    comments and string literals left out. ParEval's own check only asks whether ``MPI_`` appears."""
    text = _LITERAL.sub('""', _COMMENT.sub(" ", code))
    return sorted({name for name in _MPI_CALL.findall(text) if mpiwrap.classify(name) in mpiwrap.COMMUNICATION})


def pareval_source_valid(mode: str, output: str) -> bool:
    """ParEval's source check of an output (drivers/cpp/parallel_validation.py, a fact of it)."""
    mpi = "MPI_" in output or "MPI." in output
    omp = "#pragma omp" in output
    return {"mpi": mpi, "omp": omp, "mpi+omp": mpi and omp}.get(mode, True)


Shape = tuple[int, int]  # (ranks, threads)


def check_counts(mode: str, ranks: int, check_ranks: tuple[int, ...] | list[int]) -> list[int]:
    """Our rank counts for an answer: every check count and the item's own (serial: one run)."""
    return sorted({*check_ranks, ranks}) if mode in MPI_MODES else [1]


def check_shapes(mode: str, ranks: int, threads: int, *, check_ranks=(1, 2, 3), check_threads=(1, 2, 3),
                 check_hybrid=((1, 2), (2, 1), (2, 2), (3, 1))) -> list[Shape]:
    """Our (ranks, threads) shapes for an answer: the check counts of its mode and the item's own, as for
    our own items (--pareval-check-ranks, --pareval-check-threads, --pareval-check-hybrid)."""
    if mode == "omp":
        return sorted({(1, t) for t in (*check_threads, threads)})
    if mode == "mpi+omp":
        return sorted({*map(tuple, check_hybrid), (ranks, threads)})
    return [(n, 1) for n in check_counts(mode, ranks, check_ranks)]


def where(mode: str, run: ParEvalRun) -> str:
    """How a message names a run: "at 3 ranks", "at 2 threads", "at 2 ranks x 2 threads"."""
    if mode in OMP_MODES:
        return f"at {shape_label(mode, (run.ranks, run.threads))}"
    return f"at {run.ranks} rank{'s' if run.ranks != 1 else ''}"


class RunCache:
    """Finished runs per program (its bytes' hash), rank count and kind, on disk: a warm replay launches
    nothing. Only runs that ended by themselves are kept (a timeout or a signal may be the machine's)."""

    def __init__(self, directory: Path, salt: str):
        self.directory = directory
        self.salt = salt

    def key(self, program: Path, ranks: int, timed: bool, threads: int = 1, attempt: int = 1) -> str:
        digest = hashlib.sha256(program.read_bytes()).hexdigest()
        shape = f"{ranks}" if threads == 1 else f"{ranks}x{threads}"  # serial and MPI keys stay as they were
        # a second try or a confirmation is its own entry: a warm replay reads every launch back
        again = f"|again{attempt}" if attempt > 1 else ""
        return hashlib.sha256(f"{digest}|{shape}|{timed}{again}|{self.salt}".encode()).hexdigest()

    def get(self, key: str) -> ParEvalRun | None:
        try:
            return ParEvalRun(**json.loads((self.directory / key[:2] / f"{key}.json").read_text()))
        except (OSError, ValueError, TypeError):
            return None

    def put(self, key: str, result: ParEvalRun) -> None:
        if result.timed_out or result.returncode is None or result.returncode < 0:
            return
        atomic_write(self.directory / key[:2] / f"{key}.json", json.dumps(result.to_json()).encode())

    def run(self, program: Path, ranks: int, timed: bool, launch: Callable[[], ParEvalRun],
            rerun: bool = False, threads: int = 1, attempt: int = 1) -> tuple[ParEvalRun, bool]:
        """The cached run, or a new one (cached when it ended by itself); second value: from the cache."""
        key = self.key(program, ranks, timed, threads, attempt)
        with locked(self.directory / key[:2] / f"{key}.lock"):
            found = None if rerun else self.get(key)
            if found is not None:
                return found, True
            result = launch()
            self.put(key, result)
            return result, False


@dataclass
class Runs:
    """Every run an item needed: ParEval's program at its counts, ours at our counts, the timed run."""

    pareval: list[ParEvalRun] = field(default_factory=list)
    ours: list[ParEvalRun] = field(default_factory=list)
    timed: ParEvalRun | None = None


def _failure(run: ParEvalRun, timeout: float, mode: str = "mpi") -> tuple[str, str] | None:
    """(outcome, message) of a run that does not show a correct answer; None for a correct one."""
    at = where(mode, run)
    again = "\n(the same on a second try)" if run.second_try else ""
    if run.timed_out:
        return "timeout", f"{at}: no result within {timeout:g} s"
    if run.validation is False:
        return "wrong", f"{at}: ParEval's validation of the problem printed FAIL"
    if run.returncode != 0:
        how = f"signal {-run.returncode}" if run.returncode and run.returncode < 0 else f"exit status {run.returncode}"
        stage = "after printing Validation: PASS" if run.validation else "before validating"
        tail = run.stderr.strip().splitlines()[-1:] if run.stderr.strip() else []
        return "run_fail", f"{at}: {how} {stage}" + (f" ({tail[0][:200]})" if tail else "") + again
    if run.validation is None:
        return "run_fail", f"{at}: the program printed no Validation line{again}"
    return None


def retried(run: ParEvalRun, timeout: float) -> bool:
    """Whether a run gets a second launch before it counts: a run failure (a busy machine, a launcher that
    lost a rank), as for our items; never a timeout (the run had --pareval-timeout) or a wrong result."""
    failed = _failure(run, timeout)
    return failed is not None and failed[0] == "run_fail"


@dataclass
class Division:
    """The work-division rule on an MPI item: its figures, why the work was not divided (None: divided or not
    judged), a failure of one of its runs (the model's), or why it was not judged."""

    figures: division_rules.Figures | None = None
    why: str | None = None
    measures: int = 0
    failure: Verdict | None = None
    note: str | None = None


def division_figures(at_ranks: ParEvalRun, at_one: ParEvalRun) -> division_rules.Figures | None:
    """The division's figures from the per-call compute of a run at R ranks and one at one rank of the same
    program (the same inputs: ParEval's unseeded rand() draws the same sequence in every run)."""
    if not at_ranks.call_cpu or not at_one.call_cpu:
        return None
    many = [list(call) for call in zip(*at_ranks.call_cpu)]  # [call][rank]
    return division_rules.shares(many, at_one.call_cpu[0], at_ranks.ranks)


def division_failure(run: ParEvalRun, timeout: float) -> Verdict | None:
    """The model's failure in a run of the division (the answer's own program, timed from outside)."""
    failed = _failure(run, timeout)
    if failed is None:
        return None
    return Verdict(failed[0], f"in the work-division check, {failed[1]}")


def judge_division(measure: Callable[[int], tuple[ParEvalRun, ParEvalRun]], ranks: int, timeout: float) -> Division:
    """Our division rule over ``measure(attempt)``: the division program's run at ``ranks`` and at one rank
    (the ``attempt``-th pair). A measurement that says "not divided" is confirmed CONFIRMATIONS more times
    (``measure`` holds the quiet machine for those), and one that says "divided" ends it, as for our items."""
    measures = 0
    while True:
        measures += 1
        at_ranks, at_one = measure(measures)
        for run in (at_ranks, at_one):
            failed = division_failure(run, timeout)
            if failed is not None:
                return Division(failure=failed, measures=measures)
        figures = division_figures(at_ranks, at_one)
        if figures is None:
            return Division(measures=measures, note="work division not judged: the runs reported no per-call compute")
        if figures.whole < division_rules.MIN_COMPUTE_S:
            return Division(figures, measures=measures,
                            note=f"work division not judged: one rank gave {figures.whole:.2g} s of compute")
        why = figures.not_divided()
        if why is None or measures > division_rules.CONFIRMATIONS:
            return Division(figures, why, measures)


def pareval_valid(built: bool, runs: list[ParEvalRun]) -> bool:
    return built and bool(runs) and all(r.pareval_ok for r in runs)


def decide(mode: str, ranks: int, *, form: str, our_code: str, our_build: BuildResult,
           pareval_build: BuildResult, runs: Runs, timeout: float, threads: int = 1,
           division: Division | None = None) -> tuple[Verdict, dict[str, Any]]:
    """Our outcome and every ParEval field of the item's record (``division``: the division rule's result,
    for an item that passed everything else)."""
    valid = pareval_valid(pareval_build.ok, runs.pareval)
    fields: dict[str, Any] = {
        "suite": "pareval", "answer_form": form, "pareval_built": pareval_build.ok, "pareval_valid": valid,
        "pareval_runs": [r.to_json() for r in runs.pareval], "checked_ranks": [r.ranks for r in runs.ours],
        "build_s": our_build.seconds, "build_cached": our_build.cached,
    }
    if mode in OMP_MODES:
        fields["checked_threads"] = [r.threads for r in runs.ours]
        fields["omp_regions"] = sum(r.omp_regions or 0 for r in _omp_runs(runs))
    verdict = _ours(mode, our_code, our_build, runs, timeout)
    if division is not None and verdict.outcome == "pass":
        verdict = _divided(division, ranks, fields)
    if runs.timed is not None and runs.timed.time_s and runs.timed.best_s and verdict.outcome == "pass":
        speedup = runs.timed.best_s / runs.timed.time_s
        units = (ranks if mode in MPI_MODES else 1) * (threads if mode in OMP_MODES else 1)
        fields.update(runtime_s=runs.timed.time_s, baseline_runtime_s=runs.timed.best_s, speedup=speedup,
                      efficiency=speedup / units,
                      timing_note="ParEval's driver: mean of its calls, timed in the answer's process")
    if runs.timed is not None and runs.timed.time_s is not None:
        fields.update(pareval_runtime_s=runs.timed.time_s, pareval_best_s=runs.timed.best_s)
    if mode in MPI_MODES:
        fields["mpi_communication"] = communication_calls(our_code)
    reason = differs(valid, verdict, form, pareval_build, runs, mode)
    if reason:
        fields["pareval_differs"] = reason
    return verdict, fields


def _divided(division: Division, ranks: int, fields: dict[str, Any]) -> Verdict:
    """The verdict of an otherwise passing MPI item under the division rule, its figures into ``fields``."""
    figures = division.figures
    if figures is not None:
        fields.update(busiest_compute_s=figures.busiest, least_compute_s=figures.least,
                      one_rank_compute_s=figures.whole, serial_fraction=figures.fraction,
                      least_share=figures.least_share, division_measures=division.measures)
    if division.note:
        fields["division_note"] = division.note
    if division.failure is not None:
        return division.failure
    if division.why is not None:
        measured = (f"; in every one of {division.measures} measurements, {division.measures - 1} on a quiet machine"
                    if division.measures > 1 else "")
        return Verdict("not_parallel", f"correct, but the work was not divided: on ParEval's timed calls at {ranks} "
                                       f"ranks ({DIVISION_CALLS} calls, medians) {division.why}{measured}")
    return Verdict("pass", "")


def _omp_runs(runs: Runs) -> list[ParEvalRun]:
    """The runs that could show an OpenMP region of 2+ threads: ours and the timed one, at 2+ threads."""
    return [r for r in [*runs.ours, *([runs.timed] if runs.timed else [])] if r.threads > 1]


def no_parallel_region(mode: str, runs: Runs) -> Verdict | None:
    """An OpenMP answer that started no parallel region of two or more threads in any of our runs with two
    or more threads (the timed run included) is not_parallel, as our own OpenMP items are. None when it did,
    or when no run had two threads to show it."""
    shown = _omp_runs(runs)
    if not shown or any(r.omp_regions for r in shown):
        return None
    labels = ", ".join(dict.fromkeys(shape_label(mode, (r.ranks, r.threads)) for r in shown))
    return Verdict("not_parallel", "correct, but it never started an OpenMP parallel region of more than one "
                                   f"thread (runs at {labels}): serial code")


def _ours(mode: str, code: str, built: BuildResult, runs: Runs, timeout: float) -> Verdict:
    if not built.ok:
        return Verdict("build_fail", built.first_errors() or "the build failed")
    for run in runs.ours:
        failed = _failure(run, timeout, mode)
        if failed:
            return Verdict(*failed)
    if mode in MPI_MODES and not communication_calls(code):
        return Verdict("not_parallel", "the answer makes no MPI communication call (no send, receive, collective "
                                       "or one-sided call): every rank computes alone")
    if runs.timed is not None:
        failed = _failure(runs.timed, timeout, mode)
        if failed:
            outcome, message = failed
            return Verdict(outcome, f"ParEval's timing run {message}")
    if mode in OMP_MODES:
        serial = no_parallel_region(mode, runs)
        if serial is not None:
            return serial
    return Verdict("pass", "")


def differs(valid: bool, verdict: Verdict, form: str, pareval_build: BuildResult, runs: Runs,
            mode: str = "mpi") -> str | None:
    """Why ParEval's conclusion and ours differ (None when they agree): the report counts these."""
    ours = verdict.outcome == "pass"
    if valid == ours:
        return None
    if valid:  # ParEval accepts what we reject
        if verdict.outcome == "not_parallel":
            if "work was not divided" in verdict.message:
                return "work not divided"
            return "no MPI communication call" if "MPI communication" in verdict.message else \
                "no OpenMP parallel region of 2+ threads"
        if "the work-division check" in verdict.message:
            return f"{verdict.outcome} in our work-division check"
        failing = next((r for r in runs.ours if _failure(r, 1.0)), None)
        pareval_shapes = {(r.ranks, r.threads) for r in runs.pareval}
        if verdict.outcome == "timeout":
            return "timeout (our limit)"
        if failing is not None and (failing.ranks, failing.threads) not in pareval_shapes:
            return f"fails {where(mode, failing)} (a count ParEval does not try)"
        if verdict.message.startswith("ParEval's timing run"):
            return "fails in ParEval's timing run"
        if "(the same on a second try)" in verdict.message:
            return "run_fail twice where ParEval's one run passed"
        return f"{verdict.outcome} in our build of the answer"
    # we accept what ParEval rejects
    if not pareval_build.ok:
        return ("whole function: ParEval appends it inside the prompt's function (build fails)"
                if form in ("fenced function", "function") else "ParEval's build fails")
    failing = next((r for r in runs.pareval if not r.pareval_ok), None)
    if failing is not None and failing.timed_out:
        return "timeout (ParEval's run)"
    if failing is not None and any(r.second_try and (r.ranks, r.threads) == (failing.ranks, failing.threads)
                                   for r in runs.ours):
        return f"run_fail {where(mode, failing)} in ParEval's one run; passed on our second try"
    if failing is not None:
        return f"fails {where(mode, failing)} (a count only ParEval tries)"
    return "ParEval's reading of the answer differs"
