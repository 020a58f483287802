"""One ParEval item from answer to verdict: ParEval's build and ours, the runs each needs, the rules.

ParEval's reading of the answer and ours are built apart only when they differ (a whole function in a
fenced block); otherwise one program serves both, and a run at a rank count both need happens once.
Runs that ended by themselves are cached per program (RunCache), so a warm replay launches nothing.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from ..build import pareval as build_stage
from ..build.compile import BuildCache, BuildResult
from ..run import pareval as run_stage
from ..suite.pareval.answers import our_output, pareval_output
from ..suite.pareval.checkout import Checkout
from ..suite.pareval.prompts import ParEvalProblem
from . import pareval as rules
from .judge import Verdict
from .timed import machine_lock


class ItemSettings(Protocol):
    timeout: float
    build_timeout: float
    check_ranks: tuple[int, ...]
    launcher: str
    hostfile: str
    queue_timeout: float
    rerun: bool
    suite_untimed: bool


@dataclass
class Answer:
    """The response text and where it came from: a generations file stores ParEval's output already."""

    text: str
    prompt: str          # the prompt it answers (a generations file's own, else the checkout's)
    stored: bool         # a generations file's output (ParEval's form) rather than a raw chat response


class ParEvalItems:
    """Builds, runs and verdicts of ParEval items in one process (an xdist worker or the only one)."""

    def __init__(self, checkout: Checkout, settings: ItemSettings, build_cache: BuildCache, cache_dir: Path):
        self.checkout = checkout
        self.settings = settings
        self.build_cache = build_cache
        salt = f"{settings.launcher}|{settings.timeout:g}|{checkout.root}"
        self.runs = rules.RunCache(cache_dir / "pareval-runs", salt)

    def _build(self, problem: ParEvalProblem, generated: str, workdir: Path) -> BuildResult:
        return build_stage.build(self.checkout, problem, generated, workdir, timeout=self.settings.build_timeout,
                                 cache=self.build_cache)

    def _run(self, program: Path, problem: ParEvalProblem, ranks: int, timed: bool, workdir: Path,
             memo: dict) -> rules.ParEvalRun:
        key = (program.read_bytes(), ranks, timed)
        if key not in memo:
            s = self.settings

            def launch() -> run_stage.ParEvalRun:
                guard = machine_lock() if timed else None
                return run_stage.launch(program, problem.mode, ranks, workdir / f"run-{ranks}-{int(timed)}",
                                        timed=timed, timeout=s.timeout, launcher=s.launcher, hostfile=s.hostfile,
                                        queue_timeout=s.queue_timeout, guard=guard)

            memo[key] = self.runs.run(program, ranks, timed, launch, rerun=s.rerun)
        return memo[key][0]

    def judge(self, problem: ParEvalProblem, ranks: int, answer: Answer, workdir: Path) \
            -> tuple[Verdict, dict[str, Any], dict[str, str]]:
        """The verdict, the record's fields and the texts for the drill-down (the code we built)."""
        ours = our_output(answer.prompt, problem.function, answer.text)
        theirs = pareval_output(answer.prompt, answer.text, stored=answer.stored)
        our_source = build_stage.answer_source(answer.prompt, ours.output, ours.helpers)
        their_source = build_stage.answer_source(answer.prompt, theirs)
        our_build = self._build(problem, our_source, workdir / "build")
        their_build = our_build if their_source == our_source else self._build(problem, their_source,
                                                                               workdir / "build-pareval")
        memo: dict = {}
        runs = rules.Runs()
        mode = problem.mode
        our_counts = rules.check_counts(mode, ranks, self.settings.check_ranks)
        if our_build.ok:
            runs.ours = [self._run(our_build.program, problem, n, False, workdir, memo) for n in our_counts]
            if all(r.pareval_ok for r in runs.ours) and not self.settings.suite_untimed:
                runs.timed = self._run(our_build.program, problem, ranks, True, workdir, memo)
        if their_build.ok:
            counts = self.checkout.pareval_ranks(mode) if mode in run_stage.MPI_MODES else (1,)
            timed_here = their_build is our_build and runs.timed is not None
            runs.pareval = [runs.timed if timed_here and n == ranks else
                            self._run(their_build.program, problem, n, False, workdir, memo) for n in counts]
        runs.cached = sum(1 for _, cached in memo.values() if cached)
        verdict, fields = rules.decide(mode, ranks, form=ours.form, our_code=ours.helpers + "\n" + ours.output,
                                       our_build=our_build, pareval_build=their_build, runs=runs,
                                       timeout=self.settings.timeout)
        fields["pareval_source_valid"] = rules.pareval_source_valid(mode, theirs)
        texts = {"code": our_source, "build_log": our_build.log}
        return verdict, fields, texts
