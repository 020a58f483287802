"""Verdict stage for ParEval's problems: ParEval's conclusion and ours, from the same runs.

``pareval_valid`` is what ParEval's harness would conclude: the answer ParEval would build (its reading of
the response) built, and every run at the rank counts of its test launch configuration exited with 0 and
printed ``Validation: PASS`` (its ``are_all_valid``). Our outcome judges our reading of the answer with
ParEval's own validation, and our rules on top: correct at every rank count we check (1, 2, 3 and the
item's), ParEval's timing run finished, an MPI answer that makes at least one communication call, the
sandbox and its time limit. Where the two disagree the record says why (``pareval_differs``).

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
from ..run.pareval import MPI_MODES, ParEvalRun
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


def check_counts(mode: str, ranks: int, check_ranks: tuple[int, ...] | list[int]) -> list[int]:
    """Our rank counts for an answer: every check count and the item's own (serial: one run)."""
    return sorted({*check_ranks, ranks}) if mode in MPI_MODES else [1]


class RunCache:
    """Finished runs per program (its bytes' hash), rank count and kind, on disk: a warm replay launches
    nothing. Only runs that ended by themselves are kept (a timeout or a signal may be the machine's)."""

    def __init__(self, directory: Path, salt: str):
        self.directory = directory
        self.salt = salt

    def key(self, program: Path, ranks: int, timed: bool) -> str:
        digest = hashlib.sha256(program.read_bytes()).hexdigest()
        return hashlib.sha256(f"{digest}|{ranks}|{timed}|{self.salt}".encode()).hexdigest()

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
            rerun: bool = False) -> tuple[ParEvalRun, bool]:
        """The cached run, or a new one (cached when it ended by itself); second value: from the cache."""
        key = self.key(program, ranks, timed)
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
    cached: int = 0


def _failure(run: ParEvalRun, timeout: float) -> tuple[str, str] | None:
    """(outcome, message) of a run that does not show a correct answer; None for a correct one."""
    where = f"at {run.ranks} rank{'s' if run.ranks != 1 else ''}"
    if run.timed_out:
        return "timeout", f"{where}: no result within {timeout:g} s"
    if run.validation is False:
        return "wrong", f"{where}: ParEval's validation of the problem printed FAIL"
    if run.returncode != 0:
        how = f"signal {-run.returncode}" if run.returncode and run.returncode < 0 else f"exit status {run.returncode}"
        stage = "after printing Validation: PASS" if run.validation else "before validating"
        tail = run.stderr.strip().splitlines()[-1:] if run.stderr.strip() else []
        return "run_fail", f"{where}: {how} {stage}" + (f" ({tail[0][:200]})" if tail else "")
    if run.validation is None:
        return "run_fail", f"{where}: the program printed no Validation line"
    return None


def pareval_valid(built: bool, runs: list[ParEvalRun]) -> bool:
    return built and bool(runs) and all(r.pareval_ok for r in runs)


def decide(mode: str, ranks: int, *, form: str, our_code: str, our_build: BuildResult,
           pareval_build: BuildResult, runs: Runs, timeout: float) -> tuple[Verdict, dict[str, Any]]:
    """Our outcome and every ParEval field of the item's record."""
    valid = pareval_valid(pareval_build.ok, runs.pareval)
    fields: dict[str, Any] = {
        "suite": "pareval", "answer_form": form, "pareval_built": pareval_build.ok, "pareval_valid": valid,
        "pareval_runs": [r.to_json() for r in runs.pareval], "checked_ranks": [r.ranks for r in runs.ours],
        "build_s": our_build.seconds, "build_cached": our_build.cached, "run_cached": runs.cached,
    }
    verdict = _ours(mode, our_code, our_build, runs, timeout)
    if runs.timed is not None and runs.timed.time_s and runs.timed.best_s and verdict.outcome == "pass":
        speedup = runs.timed.best_s / runs.timed.time_s
        fields.update(runtime_s=runs.timed.time_s, baseline_runtime_s=runs.timed.best_s, speedup=speedup,
                      efficiency=speedup / ranks if mode in MPI_MODES else speedup,
                      timing_note="ParEval's driver: mean of its calls, timed in the answer's process")
    if runs.timed is not None and runs.timed.time_s is not None:
        fields.update(pareval_runtime_s=runs.timed.time_s, pareval_best_s=runs.timed.best_s)
    if mode in MPI_MODES:
        fields["mpi_communication"] = communication_calls(our_code)
    reason = differs(valid, verdict, form, pareval_build, runs)
    if reason:
        fields["pareval_differs"] = reason
    return verdict, fields


def _ours(mode: str, code: str, built: BuildResult, runs: Runs, timeout: float) -> Verdict:
    if not built.ok:
        return Verdict("build_fail", built.first_errors() or "the build failed")
    for run in runs.ours:
        failed = _failure(run, timeout)
        if failed:
            return Verdict(*failed)
    if mode in MPI_MODES and not communication_calls(code):
        return Verdict("not_parallel", "the answer makes no MPI communication call (no send, receive, collective "
                                       "or one-sided call): every rank computes alone")
    if runs.timed is not None:
        failed = _failure(runs.timed, timeout)
        if failed:
            outcome, message = failed
            return Verdict(outcome, f"ParEval's timing run {message}")
    return Verdict("pass", "")


def differs(valid: bool, verdict: Verdict, form: str, pareval_build: BuildResult, runs: Runs) -> str | None:
    """Why ParEval's conclusion and ours differ (None when they agree): the report counts these."""
    ours = verdict.outcome == "pass"
    if valid == ours:
        return None
    if valid:  # ParEval accepts what we reject
        if verdict.outcome == "not_parallel":
            return "no MPI communication call"
        failing = next((r for r in runs.ours if _failure(r, 1.0)), None)
        pareval_counts = {r.ranks for r in runs.pareval}
        if verdict.outcome == "timeout":
            return "timeout (our limit)"
        if failing is not None and failing.ranks not in pareval_counts:
            return f"fails at {failing.ranks} ranks (a count ParEval does not try)"
        if verdict.message.startswith("ParEval's timing run"):
            return "fails in ParEval's timing run"
        return f"{verdict.outcome} in our build of the answer"
    # we accept what ParEval rejects
    if not pareval_build.ok:
        return ("whole function: ParEval appends it inside the prompt's function (build fails)"
                if form in ("fenced function", "function") else "ParEval's build fails")
    failing = next((r for r in runs.pareval if not r.pareval_ok), None)
    if failing is not None and failing.timed_out:
        return "timeout (ParEval's run)"
    if failing is not None:
        return f"fails at {failing.ranks} ranks (a count only ParEval tries)"
    return "ParEval's reading of the answer differs"
