"""The pytest plugin: its hooks, the item parametrization and the pipeline fixtures.

Dormant unless the suite is in use (a ``--pareval-*`` option, or the suite among the collected paths):
installed in an environment, it adds nothing to another project's session. In use, the roles split as
in pytest-xdist: settings and models (session.py), the controller side (controller.py: selection,
toolchain and cluster checks, records, manifest, report) and the item side (items.py: answers, builds,
oracle), each a plugin object; the hooks here only delegate.
"""
from __future__ import annotations

import getpass
import tempfile
from pathlib import Path
from typing import Any

import pytest

from ..build import compile as build_stage
from ..report import details
from ..generate import generator as generate_stage
from ..verdict import judge as judge_stage
from ..sandbox import core as sandbox
from ..verdict import engine as verdict_stage
from ..common import toolchain
from . import pareval as pareval_stage
from .controller import Controller
from .items import ItemSide
from ..suite.problems import DOMAINS, STARTER
from ..common.redact import clean
from ..report.records import PROPERTY_KEY
from .session import SUITE, Case, Suite, wanted
from .settings import add_options

__all__ = ["Case"]

RECORD = pytest.StashKey[dict]()
ITEMS = pytest.StashKey[ItemSide]()
#: A bad setting met while the suite's items were generated (the suite collected from a path that did not
#: wake the plugin at start): raised once collection ends, as one ERROR line.
PENDING = pytest.StashKey[pytest.UsageError]()
#: Record fields repeated as plain JUnit XML properties.
JUNIT_PROPERTIES = ("model", "domain", "problem", "mode", "outcome", "latency_s", "prompt_tokens",
                    "completion_tokens")


def pytest_addoption(parser: pytest.Parser) -> None:
    add_options(parser)


def activate(config: pytest.Config) -> Suite:
    """Wake the plugin for this session: settings and models (a bad value is one ``ERROR:`` line, exit
    4), our markers, the item side and, outside xdist workers, the controller side."""
    if SUITE in config.stash:
        return config.stash[SUITE]
    suite = Suite(config)
    toolchain.add_interpreter_dir_to_path()  # the mpich wheel's tools, with the venv not activated
    suite.models  # noqa: B018 - resolved now, so that a bad name or models file is one line at start
    suite.checkout  # noqa: B018 - a missing or partial ParEval checkout (--pareval-suite) too
    config.stash[SUITE] = suite
    config.addinivalue_line("markers", "pareval: an item of the pytest-pareval suite")
    for domain in DOMAINS:
        config.addinivalue_line("markers", f"{domain}: problems of the {domain} domain")
    config.addinivalue_line("markers", "starter: six short problems in six domains, a first look (pytest -m starter)")
    items = ItemSide(suite)
    config.stash[ITEMS] = items
    config.pluginmanager.register(items, "pareval-items")
    if not hasattr(config, "workerinput"):
        config.pluginmanager.register(Controller(suite), "pareval-controller")
    details.register(config, suite.settings.output / "results.jsonl")  # the drill-down texts (controller)
    return suite


def pytest_configure(config: pytest.Config) -> None:
    if wanted(config):
        activate(config)


def _session(config: pytest.Config) -> ItemSide:
    """The item side, for the fixtures (the suite is in use once one of its items is collected)."""
    if ITEMS not in config.stash:
        activate(config)
    return config.stash[ITEMS]


def pytest_report_header(config: pytest.Config) -> list[str]:
    if SUITE not in config.stash:
        return []
    s = config.stash[SUITE].settings
    shapes = ""
    if "omp" in s.modes:
        shapes += f" threads={','.join(map(str, s.threads))}"
    if "mpi+omp" in s.modes:
        shapes += f" hybrid={','.join(f'{r}x{t}' for r, t in s.hybrid)}"
    lines = [f"pareval: models={','.join(s.models)} modes={','.join(s.modes)} "
             f"ranks={','.join(map(str, s.ranks))}{shapes} timeout={s.timeout:g}s seed={s.seed} output={s.output}", sandbox.describe()]
    checkout = config.stash[SUITE].checkout
    if checkout is not None:
        lines.append(pareval_stage.header(checkout))
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
    try:
        cases = activate(metafunc.config).cases()
    except pytest.UsageError as exc:
        metafunc.config.stash[PENDING] = exc
        return
    metafunc.parametrize("pareval_case", [
        pytest.param(c, id=c.id, marks=[pytest.mark.pareval, getattr(pytest.mark, c.problem.domain),
                                         *([pytest.mark.starter] if c.problem.id in STARTER else [])])
        for c in cases
    ])


def pytest_collection_modifyitems(config: pytest.Config) -> None:
    if PENDING in config.stash:
        raise config.stash[PENDING]


# --- the pipeline, one fixture per stage ------------------------------------------------------------

@pytest.fixture
def pareval_record(request: pytest.FixtureRequest, pareval_case: Case) -> dict[str, Any]:
    """The item's outcome record, filled in by the stages (starts as an infrastructure error)."""
    record = _session(request.config).suite.record_for(pareval_case)
    request.node.stash[RECORD] = record
    return record


@pytest.fixture
def pareval_prompt(request: pytest.FixtureRequest, pareval_case: Case) -> list[dict[str, str]]:
    return _session(request.config).messages(pareval_case)


@pytest.fixture
def pareval_answer(request: pytest.FixtureRequest, pareval_case: Case, pareval_prompt, pareval_record):
    case = pareval_case
    if case.is_pareval:  # ParEval's items fetch their answer in pareval_verdict (plugin/pareval.py)
        return None
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
    refused = sandbox.refusal()  # fail closed: a missing mechanism not accepted is this item's error, one line
    if refused:
        pytest.fail(refused, pytrace=False)
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
    if pareval_answer is None or pareval_answer.code is None:
        return None
    s = _session(request.config).settings
    return build_stage.build(pareval_answer.code, pareval_case.problem.signature, pareval_case.mode,
                             pareval_workdir / "build", timeout=s.build_timeout,
                             cache=_session(request.config).build_cache)


@pytest.fixture
def pareval_execution(request: pytest.FixtureRequest, pareval_case: Case, pareval_build, pareval_workdir):
    """Correctness at every check rank count (verdict.py); None when there is nothing to run."""
    if pareval_build is None or not pareval_build.ok:
        return None
    case = pareval_case
    return _session(request.config).verdicts.check(case.problem, case.mode, case.ranks, pareval_build.program,
                                                   pareval_workdir, threads=case.threads)


@pytest.fixture
def pareval_verdict(request: pytest.FixtureRequest, pareval_case: Case, pareval_prompt, pareval_answer,
                    pareval_build, pareval_execution, pareval_record, pareval_workdir) -> judge_stage.Verdict:
    """The classified outcome of the item (timed runs and speedup included); also written into its record.
    An ``error`` (ours, the provider's, the machine's) errors the item instead of failing it."""
    case = pareval_case
    if case.is_pareval:
        try:
            verdict, fields = _session(request.config).pareval_verdict(case, pareval_prompt, pareval_record,
                                                                       pareval_workdir, request.node)
        except generate_stage.ProviderError as exc:
            pytest.fail(str(exc), pytrace=False)
    else:
        verdict, fields = verdict_stage.decide(_session(request.config).verdicts, case.problem, case.mode,
                                               case.ranks, pareval_answer, pareval_build, pareval_execution,
                                               pareval_workdir, threads=case.threads)
    pareval_record.update(fields, outcome=verdict.outcome, message=verdict.message)
    if verdict.outcome == "error":
        pytest.fail(verdict.message, pytrace=False)
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
            record["message"] = clean(str(call.excinfo.value)) if call.excinfo else record["message"]
        properties = [(PROPERTY_KEY, record)] + [(key, record[key]) for key in JUNIT_PROPERTIES]
        report.user_properties.extend(properties)
        item.user_properties.extend(properties)
        details.attach(item, report, record)  # on this report only: JUnit XML never carries the texts
