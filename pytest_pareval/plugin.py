"""The pytest plugin: item parametrization, the pipeline fixtures and the session report (the options
live in settings.py).

Hooks stay thin: they wire the stage modules (prompt, generate, build, run, judge) together and hand
outcome records to results/report.
"""
from __future__ import annotations

import getpass
import hashlib
import json
import os
import socket
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from . import build as build_stage
from . import generate as generate_stage
from . import judge as judge_stage
from . import progress as progress_stage
from . import prompt as prompt_stage
from . import run as run_stage
from . import sandbox
from .models import ModelError, ModelSpec, resolve
from .problems import DOMAINS, Problem, ProblemError, discover
from .results import PROPERTY_KEY, append_jsonl, new_record, records_from_properties
from .settings import add_options, read_settings
from .storage import atomic_write

RECORD = pytest.StashKey[dict]()
#: Record fields repeated as plain JUnit XML properties.
JUNIT_PROPERTIES = ("model", "domain", "problem", "mode", "outcome", "latency_s", "prompt_tokens",
                    "completion_tokens")


def pytest_addoption(parser: pytest.Parser) -> None:
    add_options(parser)


@dataclass(frozen=True)
class Case:
    """One item: a problem asked of a model in a mode (sample n, on ``ranks`` MPI ranks)."""

    problem: Problem
    model: ModelSpec
    mode: str
    sample: int = 0

    samples: int = 1
    ranks: int = 1
    several_ranks: bool = False  # the id names the rank count only when the session runs several

    @property
    def id(self) -> str:
        suffix = f"-{self.sample}" if self.samples > 1 else ""
        mode = f"{self.mode}{self.ranks}" if self.several_ranks and self.mode == "mpi" else self.mode
        return f"{self.problem.id}-{mode}-{self.model.slug}{suffix}"


class ParevalSession:
    """Per-session state: settings, the resolved models and problems, oracle answers, collected records."""

    def __init__(self, config: pytest.Config):
        self.config = config
        self.settings = read_settings(config)
        self._models: list[ModelSpec] | None = None
        self._problems: list[Problem] | None = None
        self._expected: dict[str, tuple[list, list]] = {}
        self._baseline: dict[str, float | None] = {}
        self.records: list[dict[str, Any]] = []
        self.is_worker = hasattr(config, "workerinput")
        # Under xdist the controller's start time: a restarted worker still knows this session's answers.
        started = config.workerinput.get("pareval_started") if self.is_worker else None
        self.generator = generate_stage.Generator(
            generate_stage.ResponseCache(self.settings.cache_dir / "responses"),
            timeout=self.settings.generation_timeout, regenerate=self.settings.regenerate, started=started)
        self.build_cache = build_stage.BuildCache(self.settings.cache_dir / "builds")
        self.results_path = self.settings.output / "results.jsonl"

    @property
    def models(self) -> list[ModelSpec]:
        """Resolved when the suite is collected, so a session that runs no suite item (``pytest tests``)
        never needs the default model's extra or the models file."""
        if self._models is None:
            try:
                self._models = resolve(self.settings.models, self.settings.models_file)
            except ModelError as exc:
                pytest.exit(f"pareval: {exc}", returncode=pytest.ExitCode.USAGE_ERROR)
        return self._models

    @property
    def problems(self) -> list[Problem]:
        if self._problems is None:
            try:
                self._problems = discover()
            except ProblemError as exc:
                raise pytest.UsageError(str(exc)) from None
        return self._problems

    def cases(self) -> list[Case]:
        n, ranks = self.settings.samples, self.settings.ranks
        return [Case(p, m, mode, sample, n, r, len(ranks) > 1) for p in self.problems
                for mode in self.settings.modes for r in (ranks if mode == "mpi" else [1])
                for m in self.models for sample in range(n)]

    def oracle(self, problem: Problem) -> tuple[list, list]:
        """Inputs and expected outputs of a problem, computed once per process (in pytest, not the sandbox)."""
        if problem.id not in self._expected:
            cases = problem.cases(self.settings.seed)
            self._expected[problem.id] = (cases, [problem.expected(c) for c in cases])
        return self._expected[problem.id]

    def baseline_runtime(self, problem: Problem, measured: float | None = None) -> float | None:
        """Seconds our serial reference takes on this problem's cases (the denominator of speedup).

        Measured once per machine, seed and reference source, and kept beside the build cache, so warm
        runs do not repeat it; ``measured`` is the reference's own serial item, which is that very run."""
        if problem.id in self._baseline:
            return self._baseline[problem.id]
        source = problem.reference_path("serial").read_text()
        key = hashlib.sha256(json.dumps([problem.id, self.settings.seed, source, socket.gethostname(),
                                         build_stage.compiler_identity(build_stage.compiler_path("serial"))]
                                        ).encode()).hexdigest()
        path = self.settings.cache_dir / "baselines" / f"{key}.json"
        try:
            seconds = json.loads(path.read_text())["seconds"]
        except (FileNotFoundError, ValueError, KeyError):
            seconds = measured if measured is not None else self._measure_baseline(problem, source)
            if seconds is not None:
                atomic_write(path, json.dumps({"problem": problem.id, "seconds": seconds}).encode())
        self._baseline[problem.id] = seconds
        return seconds

    def _measure_baseline(self, problem: Problem, source: str) -> float | None:
        s = self.settings
        cases, _ = self.oracle(problem)
        workdir = sandbox.make_workdir()
        try:
            built = build_stage.build(source, problem.signature, "serial", workdir / "build",
                                      timeout=s.build_timeout, cache=self.build_cache)
            ran = built.ok and run_stage.execute(built.library, problem.signature, cases, "serial",
                                                 workdir / "build", ranks=1, timeout=s.timeout)
            complete = ran and not ran.error and len(ran.seconds) == len(cases)
            return sum(ran.seconds) if complete else None
        finally:
            sandbox.remove_workdir(workdir)

    # Hooks of the registered session object (controller and workers alike).

    def pytest_collection_finish(self, session: pytest.Session) -> None:
        """Fetch every missing answer of the selected items concurrently before any item runs.

        Under xdist each worker does this for the whole selection; the cache's per-key locks make the
        workers share the requests instead of repeating them."""
        cases = [item.callspec.params["pareval_case"] for item in session.items
                 if "pareval_case" in getattr(getattr(item, "callspec", None), "params", {})]
        # Before any model is asked: a cluster that cannot see the work directories stops the session now.
        if not self.is_worker and not self.settings.local_launcher and any(c.mode == "mpi" for c in cases):
            self.check_shared()
        jobs = [(c.model, prompt_stage.messages(c.problem, c.mode), c.sample) for c in cases]
        workers, index = 1, 0
        if self.is_worker:
            workers = int(self.config.workerinput.get("workercount", 1))
            index = int(str(self.config.workerinput.get("workerid", "gw0")).lstrip("gw") or 0)
        self.generator.prefetch(jobs, concurrency=max(1, self.settings.concurrency // workers),
                                progress=progress_stage.for_session(self.config), start=index / workers)

    @pytest.hookimpl(optionalhook=True)
    def pytest_configure_node(self, node) -> None:
        """xdist controller: workers share the session's start (--pareval-regenerate) and report their
        fetching to the controller, which alone prints it."""
        node.workerinput["pareval_started"] = self.generator.started
        progress_stage.watch_workers(self.config, node, self.settings.cache_dir / "progress")

    def check_shared(self) -> None:
        """One probe job through the cluster launcher: do its ranks see the work directories?"""
        s = self.settings
        directory = s.shared_dir or Path(tempfile.gettempdir())
        problem = run_stage.probe_shared(s.launcher, directory, ranks=max(s.ranks), hostfile=s.hostfile,
                                         timeout=s.queue_timeout + 60)
        if problem is not None:
            hint = (f"--pareval-shared-dir {directory} is not shared with the ranks" if s.shared_dir else
                    f"the ranks do not see {directory}: set --pareval-shared-dir to a directory every node mounts")
            pytest.exit(f"pareval: {hint}: {problem}", returncode=pytest.ExitCode.USAGE_ERROR)

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        """Controller side: keep each record and append it to results.jsonl at once (crash-safe)."""
        if self.is_worker or report.when == "teardown":  # teardown repeats the item's properties
            return
        for record in records_from_properties(report.user_properties):
            if not self.records:  # the file holds this session's records only; caches stay
                self.results_path.parent.mkdir(parents=True, exist_ok=True)
                self.results_path.write_text("")
            self.records.append(record)
            append_jsonl(self.results_path, record)

    def pytest_terminal_summary(self, terminalreporter) -> None:
        if self.is_worker or not self.records:
            return
        errors: dict[tuple[str, str], int] = {}
        for record in self.records:
            if record["outcome"] == "error":
                key = (record["model"], (record["message"] or "").splitlines()[0] if record["message"] else "")
                errors[key] = errors.get(key, 0) + 1
        for (model, message), count in sorted(errors.items()):
            terminalreporter.write_line(f"pareval: {count} item(s) of {model} errored: {message}", red=True)
        from .report import render_terminal, write_report

        vram = {m.name: m.vram_gb for m in self.models}
        baseline = self.settings.baseline
        if baseline is not None:
            baseline = next((m.name for m in self.models if baseline in (m.key, m.name)), baseline)
        try:
            report = write_report(self.records, self.settings.output, vram=vram, baseline=baseline)
        except ValueError as exc:
            terminalreporter.write_line(f"pareval: no report: {exc}", red=True)
            return
        terminalreporter.section("pareval report")
        terminalreporter.write(render_terminal(report))
        terminalreporter.write_line(f"results: {self.results_path}  report: {self.settings.output / 'report.md'}")


SESSION = pytest.StashKey[ParevalSession]()


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "pareval: an item of the pytest-pareval suite")
    for domain in DOMAINS:
        config.addinivalue_line("markers", f"{domain}: problems of the {domain} domain")
    session = ParevalSession(config)
    config.stash[SESSION] = session
    config.pluginmanager.register(session, "pareval-session")
    # Models named on the command line or in the environment are checked at once: a bad name or models
    # file is then one line, not an error while the suite is collected.
    if any(config.getoption(f"pareval_{name}") is not None or os.environ.get(f"PAREVAL_{name.upper()}")
           for name in ("models", "models_file")):
        session.models  # noqa: B018 - resolves (and exits with a usage error) now


def _session(config: pytest.Config) -> ParevalSession:
    return config.stash[SESSION]


def pytest_report_header(config: pytest.Config) -> list[str]:
    session = _session(config)
    s = session.settings
    lines = [f"pareval: models={','.join(s.models)} modes={','.join(s.modes)} "
             f"ranks={','.join(map(str, s.ranks))} timeout={s.timeout:g}s seed={s.seed} output={s.output}", sandbox.describe()]
    for warning in sandbox.warnings():  # also in the warnings summary, which -q still shows
        config.issue_config_time_warning(pytest.PytestWarning(warning), stacklevel=2)
    if not s.local_launcher:
        lines.append(f"pareval launcher: {s.launcher} (the ranks run under the scheduler, as {getpass.getuser()}, "
                     "with the sandbox's rlimits and time limit; its namespaces and cgroups stay on this machine); "
                     f"work directories in {s.shared_dir or tempfile.gettempdir()}")
        if s.shared_dir is None:
            config.issue_config_time_warning(pytest.PytestWarning(
                f"pareval: --pareval-launcher sends ranks to other nodes, which may not see {tempfile.gettempdir()}: "
                "set --pareval-shared-dir"), stacklevel=2)
    return lines


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "pareval_case" not in metafunc.fixturenames:
        return
    cases = _session(metafunc.config).cases()
    metafunc.parametrize("pareval_case", [
        pytest.param(c, id=c.id, marks=[pytest.mark.pareval, getattr(pytest.mark, c.problem.domain)])
        for c in cases
    ])


# --- the pipeline, one fixture per stage ------------------------------------------------------------

@pytest.fixture
def pareval_record(request: pytest.FixtureRequest, pareval_case: Case) -> dict[str, Any]:
    """The item's outcome record, filled in by the stages (starts as an infrastructure error)."""
    case = pareval_case
    session = _session(request.config)
    record = new_record(model=case.model.name, model_id=case.model.key, domain=case.problem.domain,
                        model_order=[m.key for m in session.models].index(case.model.key),
                        problem=case.problem.id, mode=case.mode, sample=case.sample, outcome="error",
                        vram_gb=case.model.vram_gb,
                        ranks=case.ranks)
    request.node.stash[RECORD] = record
    return record


@pytest.fixture
def pareval_prompt(pareval_case: Case) -> list[dict[str, str]]:
    return prompt_stage.messages(pareval_case.problem, pareval_case.mode)


@pytest.fixture
def pareval_answer(request: pytest.FixtureRequest, pareval_case: Case, pareval_prompt, pareval_record):
    case = pareval_case
    try:
        answer = _session(request.config).generator.answer(case.model, case.problem, case.mode, pareval_prompt,
                                                           case.sample)
    except generate_stage.ProviderError as exc:  # the set-up's fault: an error, one line, no traceback
        pytest.fail(str(exc), pytrace=False)
    pareval_record.update(generate_stage.answer_record(answer))
    return answer


@pytest.fixture
def pareval_workdir(request: pytest.FixtureRequest) -> Path:
    """An empty private directory per item for the build and the run (under --pareval-shared-dir when
    given, so that ranks on other nodes see it), removed afterwards."""
    shared = _session(request.config).settings.shared_dir
    if shared is None:
        path = sandbox.make_workdir()
    else:
        path = Path(tempfile.mkdtemp(prefix="pareval-", dir=shared))
        path.chmod(0o711)  # as sandbox.make_workdir: the runs' uids may pass through, not list it
    yield path
    sandbox.remove_workdir(path)


@pytest.fixture
def pareval_build(request: pytest.FixtureRequest, pareval_case: Case, pareval_answer, pareval_workdir):
    if pareval_answer.code is None:
        return None
    s = _session(request.config).settings
    return build_stage.build(pareval_answer.code, pareval_case.problem.signature, pareval_case.mode,
                             pareval_workdir / "build", timeout=s.build_timeout,
                             cache=_session(request.config).build_cache)


@pytest.fixture
def pareval_execution(request: pytest.FixtureRequest, pareval_case: Case, pareval_build, pareval_workdir):
    if pareval_build is None or not pareval_build.ok:
        return None
    session = _session(request.config)
    s = session.settings
    cases, _ = session.oracle(pareval_case.problem)
    try:
        return run_stage.execute(pareval_build.library, pareval_case.problem.signature, cases, pareval_case.mode,
                                 pareval_workdir / "build", ranks=pareval_case.ranks, timeout=s.timeout,
                                 launcher=s.launcher, hostfile=s.hostfile, queue_timeout=s.queue_timeout)
    except run_stage.SchedulerError as exc:  # the cluster's fault: an error, one line, no traceback
        pytest.fail(str(exc), pytrace=False)


@pytest.fixture
def pareval_verdict(request: pytest.FixtureRequest, pareval_case: Case, pareval_answer, pareval_build,
                    pareval_execution, pareval_record) -> judge_stage.Verdict:
    """The classified outcome of the item; also written into its record."""
    session = _session(request.config)
    if pareval_build is not None:  # where the harness's time goes (benchmarks/suite_speed.py)
        pareval_record.update(build_s=pareval_build.seconds, build_cached=pareval_build.cached)
    if pareval_answer.error is not None:
        verdict = judge_stage.Verdict("generation_error", pareval_answer.error)
    elif pareval_answer.code is None:
        verdict = judge_stage.Verdict("no_code", "the response holds no definition of "
                                      f"{pareval_case.problem.signature.function}()")
    elif not pareval_build.ok:
        verdict = judge_stage.Verdict("build_fail", pareval_build.first_errors())
    else:
        pareval_record["run_s"] = pareval_execution.completed.seconds
        cases, expected = session.oracle(pareval_case.problem)
        verdict = judge_stage.judge(pareval_case.problem, cases, expected, pareval_execution, pareval_case.mode,
                                    session.settings.timeout, ranks=pareval_record["ranks"])
        if pareval_execution.seconds:
            pareval_record["runtime_s"] = sum(pareval_execution.seconds)
        pareval_record["mpi_calls"] = pareval_execution.mpi_calls
        if verdict.outcome == "pass":  # speedup is only meaningful for correct answers
            own = pareval_case.model.kind == "reference" and pareval_case.mode == "serial"
            pareval_record["baseline_runtime_s"] = session.baseline_runtime(
                pareval_case.problem, measured=pareval_record["runtime_s"] if own else None)
    pareval_record.update(outcome=verdict.outcome, message=verdict.message[:2000])
    return verdict


# --- records: attached to reports, collected on the controller ------------------------------------

@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    outcome = yield
    report: pytest.TestReport = outcome.get_result()
    record = item.stash.get(RECORD, None)
    if record is None:
        return
    # Attach once: at the call phase, or at setup when a fixture (our own code) failed. The item keeps
    # the properties too, because JUnit XML writes them from the teardown report.
    if report.when == "call" or (report.when == "setup" and report.failed):
        if report.when == "setup" or (report.failed and record["outcome"] == "pass"):
            record["outcome"] = "error"
            record["message"] = str(call.excinfo.value)[:2000] if call.excinfo else record["message"]
        properties = [(PROPERTY_KEY, record)] + [(key, record[key]) for key in JUNIT_PROPERTIES]
        report.user_properties.extend(properties)
        item.user_properties.extend(properties)
