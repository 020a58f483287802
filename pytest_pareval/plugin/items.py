"""The item side of a session: what a process that runs items needs (the only process, or each xdist
worker): the oracle cache, the generator with its response cache, the build cache, and the prefetch of
answers before the first item runs. The pipeline fixtures (plugin.py) reach it through ``_session``.
"""
from __future__ import annotations


from pathlib import Path
from typing import Any

import pytest

from ..build import compile as build_stage
from ..generate import generator as generate_stage
from . import progress as progress_stage
from ..suite import prompt as prompt_stage
from ..common import toolchain
from ..verdict import engine as verdict_stage
from ..verdict.judge import Verdict
from ..verdict.pareval_item import ParEvalItems
from ..report import details
from ..generate.models import ModelSpec
from ..suite.problems import MPI_MODES, Problem
from . import pareval as pareval_stage
from .session import Case, Suite


def selected_cases(items: list[pytest.Item]) -> dict[str, Case]:
    """The cases of the suite's items among ``items``, by node id (other tests of the session are left out)."""
    return {item.nodeid: item.callspec.params["pareval_case"] for item in items
            if "pareval_case" in getattr(getattr(item, "callspec", None), "params", {})}


class ItemSide:
    """Per-process state of the items: answers, builds and oracle results, each computed once."""

    def __init__(self, suite: Suite):
        self.suite = suite
        self.config = suite.config
        self.settings = suite.settings
        self._expected: dict[str, tuple[list, list]] = {}
        self._pareval_items: ParEvalItems | None = None
        self.is_worker = hasattr(self.config, "workerinput")
        # Under xdist the controller's start time: a restarted worker still knows this session's answers.
        started = self.config.workerinput.get("pareval_started") if self.is_worker else None
        self.generator = generate_stage.Generator(
            generate_stage.ResponseCache(self.settings.cache_dir / "responses"),
            timeout=self.settings.generation_timeout, regenerate=self.settings.regenerate, started=started)
        self.build_cache = build_stage.BuildCache(self.settings.cache_dir / "builds")
        self.verdicts = verdict_stage.Verdicts(self.settings, self.build_cache, self.oracle,
                                               fresh_after=self.generator.started if self.settings.rerun else 0.0)

    @property
    def models(self) -> list[ModelSpec]:
        return self.suite.models

    def messages(self, case: Case) -> list[dict[str, str]]:
        """The chat messages of an item: ParEval's (its checkout's templates) or ours."""
        if case.is_pareval:
            return pareval_stage.messages(self.suite.checkout, case.problem)
        return prompt_stage.messages(case.problem, case.mode)

    @property
    def pareval_items(self) -> ParEvalItems:
        """Builds, runs and verdicts of ParEval's items in this process (made when the first one runs)."""
        if self._pareval_items is None:
            self._pareval_items = ParEvalItems(self.suite.checkout, self.settings, self.build_cache,
                                               self.settings.cache_dir)
        return self._pareval_items

    def pareval_verdict(self, case: Case, prompt: list[dict[str, str]], record: dict[str, Any], workdir: Path,
                        item: pytest.Item) -> tuple[Verdict, dict[str, Any]]:
        """A ParEval item's verdict and record fields; its texts go to the drill-down."""
        verdict, texts = pareval_stage.judge(self.pareval_items, self.generator, case, self.suite.checkout, prompt,
                                             record, workdir)
        details.collect(item, record, prompt=prompt, message=verdict.message, **texts)
        return verdict, {}

    def oracle(self, problem: Problem) -> tuple[list, list]:
        """Inputs and expected outputs of a problem, computed once per process (in pytest, not the sandbox)."""
        if problem.id not in self._expected:
            cases = problem.cases(self.settings.seed)
            self._expected[problem.id] = (cases, [problem.expected(c) for c in cases])
        return self._expected[problem.id]

    def pytest_collection_finish(self, session: pytest.Session) -> None:
        """Fetch every missing answer of the selected items concurrently before any item runs.

        Under xdist each worker does this for the whole selection; the cache's per-key locks make the
        workers share the requests instead of repeating them. ``--collect-only`` asks nothing, and
        without mpicxx no MPI answer is bought (the controller stops the session with one line)."""
        if self.config.option.collectonly:
            return
        cases = list(selected_cases(session.items).values())
        if toolchain.find(build_stage.COMPILERS["mpi"]) is None:
            cases = [c for c in cases if c.mode not in MPI_MODES]
        jobs = [(c.model, self.messages(c), c.sample) for c in cases]
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
