"""The controller side of a session (the only process, or the xdist controller): it knows every selected
item, checks the toolchain and the cluster once, keeps one record per item in results.jsonl (after the
run manifest), gives an ``error`` record to every item that ended without one, and writes the report.
"""
from __future__ import annotations

import json
import re
import sys
import tempfile
from pathlib import Path
from typing import Any

import pytest

from ..build import compile as build_stage
from . import manifest as manifest_stage
from ..run import cluster as run_stage
from ..common import toolchain
from . import pareval as pareval_stage
from .items import selected_cases
from ..common.redact import clean
from ..report.records import MANIFEST_KEY, append_jsonl, item_key, records_from_properties
from .session import Case, Suite
from ..suite.problems import MPI_MODES
from ..common.storage import atomic_write

#: Per outcome, the likely cause when every counted item of a model ends with it.
UNIFORM_HINTS = {
    "no_code": "no answer holds a ```cpp block defining the function: read a raw response; a max_tokens too "
               "low to finish the code, or a model that does not follow the prompt's format",
    "build_fail": "no answer compiles: read the compiler messages (a toolchain fault fails every answer alike)",
    "timeout": "every run hit --pareval-timeout: a machine overloaded (workers x ranks above the cores) or a "
               "limit too tight",
    "run_fail": "every run crashed: read the run messages (an MPI or launcher set-up fault fails all alike)",
    "wrong": "every answer computes wrong results: read the first mismatches",
    "not_parallel": "no MPI answer divides the work: read the messages",
    "error": "every item is an infrastructure error: the set-up or the provider (a key, a quota, an "
             "unreachable api_base, a missing tool); the error lines above say which",
}


def uniform_failures(records: list[dict[str, Any]]) -> list[tuple[str, str, int]]:
    """(model, outcome, count) for each model whose counted items (at least two) all failed the same way,
    or that has only errors."""
    by_model: dict[str, list[str]] = {}
    for record in records:
        by_model.setdefault(record["model"], []).append(record["outcome"])
    found = []
    for model, outcomes in by_model.items():
        counted = [o for o in outcomes if o != "error"] or outcomes
        if len(counted) >= 2 and len(set(counted)) == 1 and counted[0] != "pass":
            found.append((model, counted[0], len(counted)))
    return found


def _first_line(report: pytest.TestReport) -> str:
    text = getattr(report, "longreprtext", "") or str(report.longrepr or "")
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if report.skipped and isinstance(report.longrepr, tuple):
        return f"the item was skipped ({report.longrepr[2]})"
    # pytest's failure text ends with the exception line (``E   Error: ...``): the most telling one.
    errors = [line for line in lines if line.startswith("E ")]
    return (errors[-1][1:].strip() if errors else lines[-1] if lines else "")


class Controller:
    """The controller's plugin object: registered in the only process, or in the xdist controller."""

    def __init__(self, suite: Suite):
        self.suite = suite
        self.config = suite.config
        self.settings = suite.settings
        self.results_path = self.settings.output / "results.jsonl"
        self.records: dict[tuple, dict[str, Any]] = {}  # item_key -> record; a rerun's record replaces
        self.selected: dict[str, Case] = {}              # nodeid -> case, every selected item of the suite
        self.recorded: set[str] = set()                  # nodeids whose record arrived
        self.ended: dict[str, str] = {}                  # nodeid -> why it ended (for those without a record)
        self.started = manifest_stage.now()
        self.manifest: dict[str, Any] | None = None
        self.report: dict | None = None
        self.report_error: str | None = None
        self.probed = False

    # --- the selection: known before any model is asked ---------------------------------------------

    @pytest.hookimpl(tryfirst=True)
    def pytest_sessionstart(self, session: pytest.Session) -> None:
        """Under xdist the controller does not collect: the cluster probe runs here, before any worker
        asks a model (for every session with MPI among the modes)."""
        distributed = self.config.pluginmanager.has_plugin("dsession")
        if distributed and not self.config.option.collectonly and set(MPI_MODES) & set(self.settings.modes):
            self.check_shared()

    @pytest.hookimpl(tryfirst=True)  # before the item side's prefetch in the same process
    def pytest_collection_finish(self, session: pytest.Session) -> None:
        if self.config.option.collectonly:
            return
        self.selected = selected_cases(session.items)
        self.check_toolchain(list(self.selected.values()))
        if any(c.mode in MPI_MODES for c in self.selected.values()):
            self.check_shared()

    @pytest.hookimpl(optionalhook=True)
    def pytest_xdist_node_collection_finished(self, node, ids: list[str]) -> None:
        """Under xdist: the items the workers selected (every worker collects the same list)."""
        if not self.selected:
            self.selected = self.suite.cases_by_nodeid(list(ids))
            self.check_toolchain(list(self.selected.values()))

    def check_toolchain(self, cases: list[Case]) -> None:
        """Missing compilers are one line at the start, not a traceback in every item."""
        modes = {c.mode for c in cases}
        needed = list(dict.fromkeys(build_stage.COMPILERS[mode] for mode in sorted(modes)))
        if modes & set(MPI_MODES) and self.settings.local_launcher:
            needed.append("mpirun")
        missing = [name for name in needed if toolchain.find(name) is None]
        if missing:
            hint = " (pip install mpich, or deselect the MPI items with -k serial)" if "g++" not in missing else ""
            raise pytest.UsageError(f"pareval: {', '.join(missing)} not found on PATH nor beside "
                                    f"{sys.executable}{hint}")

    def check_shared(self) -> None:
        """One probe job through the cluster launcher, once per session: do its ranks see the work
        directories? A cluster that does not stops the session before any model is asked."""
        if self.probed or self.settings.local_launcher:
            return
        self.probed = True
        s = self.settings
        directory = s.shared_dir or Path(tempfile.gettempdir())
        problem = run_stage.probe_shared(s.launcher, directory, ranks=max(s.ranks), hostfile=s.hostfile,
                                         timeout=s.queue_timeout + 60)
        if problem is not None:
            hint = (f"--pareval-shared-dir {directory} is not shared with the ranks" if s.shared_dir else
                    f"the ranks do not see {directory}: set --pareval-shared-dir to a directory every node mounts")
            raise pytest.UsageError(f"pareval: {hint}: {problem}")

    # --- records ---------------------------------------------------------------------------------------

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        """Keep each record and append it to results.jsonl at once (crash-safe; a rerun's record is
        appended too, and the last one of an item wins, on read and in the file rewritten at the end)."""
        if report.when == "teardown" or report.outcome == "rerun":  # teardown repeats the item's properties
            return
        for record in records_from_properties(report.user_properties):
            self.add(record)
            self.recorded.add(report.nodeid)
        if (report.failed or report.skipped) and report.nodeid not in self.ended:
            reason = _first_line(report)
            if report.when == "???":  # xdist's report for the item a worker crashed on
                worker = re.search(r"worker '([\w-]+)'", reason)
                reason = (f"the pytest worker {worker.group(1) if worker else ''} crashed while running this item "
                          "(killed, out of memory, or a fault in the test process)")
            self.ended[report.nodeid] = reason or f"the item ended in its {report.when} without an outcome"

    def add(self, record: dict[str, Any]) -> None:
        if self.manifest is None:  # the file holds this session's records only; the caches stay
            self.manifest = self.collect_manifest()
            atomic_write(self.results_path, self._manifest_line(self.manifest))
        self.records[item_key(record)] = record
        append_jsonl(self.results_path, record)

    @staticmethod
    def _line(data: dict) -> bytes:
        return (json.dumps(data, sort_keys=True) + "\n").encode()

    @staticmethod
    def _manifest_line(manifest: dict) -> bytes:  # in its own order (the report shows it so), not sorted
        return (json.dumps({MANIFEST_KEY: manifest}) + "\n").encode()

    def collect_manifest(self) -> dict[str, Any]:
        """This session's manifest, as JSON gives it back (so the report of a saved file is the same)."""
        cases = list(self.selected.values()) or self.suite.cases()
        checkout = self.suite.checkout
        manifest = manifest_stage.collect(settings=self.settings, models=self.suite.models,
                                          problems=[] if checkout else self.suite.problems,
                                          asked=[] if checkout else [(c.problem, c.mode) for c in cases],
                                          started=self.started)
        if checkout is not None:  # ParEval's problem set: its checkout, commit and prompts instead of ours
            manifest.update(pareval_stage.manifest_fields(checkout, [c.problem for c in cases]))
        return json.loads(json.dumps(manifest, default=str))

    def missing_records(self) -> list[dict[str, Any]]:
        """An ``error`` record for every selected item that ended without one (a crashed worker, a fixture
        that failed before the record existed), with the reason."""
        return [self.suite.record_for(case, message=clean(self.ended[nodeid]))
                for nodeid, case in self.selected.items() if nodeid in self.ended and nodeid not in self.recorded]

    @property
    def not_run(self) -> int:
        return sum(1 for nodeid in self.selected if nodeid not in self.ended and nodeid not in self.recorded)

    def pytest_sessionfinish(self, session: pytest.Session) -> None:
        for record in self.missing_records():
            self.add(record)
        if not self.records:
            return
        # One line per item, the manifest first with the end time: the file a report or diff reads.
        self.manifest = {**(self.manifest or self.collect_manifest()), "ended": manifest_stage.now()}
        atomic_write(self.results_path, b"".join(
            [self._manifest_line(self.manifest)] + [self._line(r) for r in self.records.values()]))
        from ..report import write_report

        vram = {m.name: m.vram_gb for m in self.suite.models}
        baseline = self.settings.baseline
        if baseline is not None:
            baseline = next((m.name for m in self.suite.models if baseline in (m.key, m.name)), baseline)
        try:
            self.report = write_report(list(self.records.values()), self.settings.output, vram=vram,
                                       baseline=baseline, manifest=self.manifest)
        except ValueError as exc:
            self.report_error = str(exc)

    # --- the summary -----------------------------------------------------------------------------------

    def pytest_terminal_summary(self, terminalreporter) -> None:
        if not self.records:
            return
        write = terminalreporter.write_line
        errors: dict[tuple[str, str], int] = {}
        for record in self.records.values():
            if record["outcome"] == "error":
                key = (record["model"], (record["message"] or "").splitlines()[0] if record["message"] else "")
                errors[key] = errors.get(key, 0) + 1
        for (model, message), count in sorted(errors.items()):
            write(f"pareval: {count} item(s) of {model} errored: {message}", red=True)
        if self.not_run:
            write(f"pareval: {self.not_run} selected item(s) did not run (the session stopped early); "
                  "they are not in the report", yellow=True)
        if self.report_error is not None:
            write(f"pareval: no report: {self.report_error}", red=True)
            return
        from ..report import render_terminal

        terminalreporter.section("pareval report")
        terminalreporter.write(render_terminal(self.report))
        for model, outcome, count in uniform_failures(list(self.records.values())):
            write(f"pareval: all {count} counted items of {model} are {outcome}: {UNIFORM_HINTS.get(outcome, '')}",
                  yellow=True)
        out = self.settings.output
        files = [out / name for name in ("report.html", "report.md", "report.json") if (out / name).exists()]
        write("pareval: files to open:")
        for path in [*files, self.results_path]:
            write(f"  {path}")
