"""One ParEval item from answer to verdict: ParEval's build and ours, the runs each needs, the rules.

ParEval's reading of the answer and ours are built apart only when they differ (a whole function in a
fenced block); otherwise one program serves both, and a run at a rank count both need happens once.
Runs that ended by themselves are cached per program (RunCache), so a warm replay launches nothing. A run of
ours that fails (run_fail) is launched once more before it counts; ParEval's conclusion keeps the first
launch, as its runner makes one.
"""
from __future__ import annotations

import contextlib
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
    check_threads: tuple[int, ...]
    check_hybrid: tuple[tuple[int, int], ...]
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

    def _build(self, problem: ParEvalProblem, generated: str, workdir: Path, division: bool = False) -> BuildResult:
        return build_stage.build(self.checkout, problem, generated, workdir, timeout=self.settings.build_timeout,
                                 cache=self.build_cache, division=division)

    def _run(self, program: Path, problem: ParEvalProblem, shape: tuple[int, int], timed: bool, workdir: Path,
             memo: dict, attempt: int = 1, *, division: bool = False,
             guard: contextlib.AbstractContextManager | None = None) -> rules.ParEvalRun:
        """One launch (or its cached result): ``attempt`` > 1 is a second try or a confirmation, its own entry;
        ``guard`` replaces the timed-run lock (a confirmation holds the quiet machine around its pair)."""
        ranks, threads = shape
        key = (program.read_bytes(), ranks, threads, timed, attempt, division)
        if key not in memo:
            s = self.settings
            name = f"run-{ranks}x{threads}-{int(timed)}" + ("-division" if division else "") + \
                (f"-again{attempt}" if attempt > 1 else "")

            def launch() -> run_stage.ParEvalRun:
                held = guard if guard is not None else machine_lock() if timed and not division else None
                # (None: the run holds the quiet lock shared, as every correctness run)
                done = run_stage.launch(program, problem.mode, ranks, workdir / name, timed=timed, timeout=s.timeout,
                                        launcher=s.launcher, hostfile=s.hostfile, queue_timeout=s.queue_timeout,
                                        threads=threads, guard=held, division=division)
                done.second_try = attempt > 1 and not division
                return done

            memo[key] = self.runs.run(program, ranks, timed, launch, rerun=s.rerun, threads=threads, attempt=attempt)
        return memo[key][0]

    def _division(self, problem: ParEvalProblem, ranks: int, prompt: str, output: str, helpers: str,
                  workdir: Path, memo: dict) -> rules.Division:
        """The division rule on ParEval's timed calls of the answer, in the division's own program (the
        answer's function timed from outside). A build that fails there although the answer built is the
        answer's doing (its text can see the macro that renames its function): build_fail."""
        source = build_stage.answer_source(prompt, output, helpers, timed_function=problem.function)
        built = self._build(problem, source, workdir / "build-division", division=True)
        if not built.ok:
            return rules.Division(failure=Verdict(
                "build_fail", "the answer does not build once its function is timed from outside for the "
                              f"work-division check: {built.first_errors() or 'the build failed'}"))

        def measure(attempt: int) -> tuple[rules.ParEvalRun, rules.ParEvalRun]:
            # CPU time decides: the first pair runs beside other work; a confirmation holds the quiet machine
            # (the timed-run lock and the quiet lock, exclusively) around both of its runs.
            def pair(guard: contextlib.AbstractContextManager | None) -> tuple[rules.ParEvalRun, rules.ParEvalRun]:
                at_ranks, at_one = (self._run(built.program, problem, (count, 1), True, workdir, memo, attempt,
                                              division=True, guard=guard) for count in (ranks, 1))
                return at_ranks, at_one
            if attempt == 1:
                return pair(None)
            with machine_lock(quiet=True):
                return pair(contextlib.nullcontext())

        return rules.judge_division(measure, ranks, self.settings.timeout)

    def _checked(self, program: Path, problem: ParEvalProblem, shape: tuple[int, int], timed: bool, workdir: Path,
                 memo: dict) -> rules.ParEvalRun:
        """Our run at a shape: a run failure is launched once more, and the second launch counts."""
        first = self._run(program, problem, shape, timed, workdir, memo)
        if not rules.retried(first, self.settings.timeout):
            return first
        return self._run(program, problem, shape, timed, workdir, memo, attempt=2)

    def judge(self, problem: ParEvalProblem, ranks: int, answer: Answer, workdir: Path, threads: int = 1) \
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
        s = self.settings
        own = (ranks if mode in run_stage.MPI_MODES else 1, threads if mode in run_stage.OMP_MODES else 1)
        our_shapes = rules.check_shapes(mode, own[0], own[1], check_ranks=s.check_ranks,
                                        check_threads=s.check_threads, check_hybrid=s.check_hybrid)
        if our_build.ok:
            runs.ours = [self._checked(our_build.program, problem, shape, False, workdir, memo) for shape in our_shapes]
            if all(r.pareval_ok for r in runs.ours) and not s.suite_untimed:
                runs.timed = self._run(our_build.program, problem, own, True, workdir, memo)
        if their_build.ok:
            shapes = self.checkout.pareval_shapes(mode) if mode != "serial" else ((1, 1),)
            timed_here = their_build is our_build and runs.timed is not None
            runs.pareval = [runs.timed if timed_here and shape == own else
                            self._run(their_build.program, problem, shape, False, workdir, memo) for shape in shapes]
        code = ours.helpers + "\n" + ours.output
        decide = dict(form=ours.form, our_code=code, our_build=our_build, pareval_build=their_build, runs=runs,
                      timeout=s.timeout, threads=own[1])
        verdict, fields = rules.decide(mode, own[0], **decide)
        if verdict.outcome == "pass" and mode == "mpi" and own[0] > 1:
            # the division rule, on what passed everything else (ParEval's timed calls: not when untimed)
            division = rules.Division(note="work division not judged: --pareval-suite-untimed") if runs.timed is None \
                else self._division(problem, own[0], answer.prompt, ours.output, ours.helpers, workdir, memo)
            verdict, fields = rules.decide(mode, own[0], division=division, **decide)
        fields["run_cached"] = sum(1 for _, cached in memo.values() if cached)
        fields["pareval_source_valid"] = rules.pareval_source_valid(mode, theirs)
        texts = {"code": our_source, "build_log": our_build.log}
        return verdict, fields, texts
