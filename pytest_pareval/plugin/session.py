"""What every process of a session shares: the settings, the resolved models and problems, and the items
they make. The controller side (controller.py) and the item side (items.py) are built on it.

Nothing here runs before the suite is in use (``wanted``): installed in an environment, the plugin must
not read the environment, probe the machine or print anything in another project's session.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from ..generate.models import ModelError, ModelSpec, resolve
from ..suite.pareval import Checkout, ParEvalProblem
from ..suite.pareval import problems as pareval_problems
from ..suite.problems import MODE_NAMES, PROBLEMS_DIR, Problem, ProblemError, discover
from ..report.records import new_record
from . import pareval as pareval_stage
from .settings import Settings, options_given, read_settings


@dataclass(frozen=True)
class Case:
    """One item: a problem asked of a model in a mode (sample n, on ``ranks`` MPI ranks of ``threads``
    OpenMP threads each)."""

    problem: Problem | ParEvalProblem
    model: ModelSpec
    mode: str
    sample: int = 0

    samples: int = 1
    ranks: int = 1
    several_ranks: bool = False  # the id names the rank count (threads, shape) only when the session runs several
    threads: int = 1

    @property
    def id(self) -> str:
        suffix = f"-{self.sample}" if self.samples > 1 else ""
        mode = MODE_NAMES[self.mode]  # mpi+omp is "hybrid": -k mpi selects MPI alone
        if self.several_ranks:
            mode += {"mpi": f"{self.ranks}", "omp": f"{self.threads}",
                     "mpi+omp": f"{self.ranks}x{self.threads}"}.get(self.mode, "")
        return f"{self.problem.id}-{mode}-{self.model.slug}{suffix}"

    @property
    def is_pareval(self) -> bool:
        """An item of ParEval's problem set (--pareval-suite) rather than of ours."""
        return isinstance(self.problem, ParEvalProblem)


def names_suite(config: pytest.Config, suite_dir: Path = PROBLEMS_DIR) -> bool:
    """Whether the session's paths reach the suite: the suite directory, a path inside it, or one of
    its parents (from which it is collected)."""
    base = config.invocation_params.dir
    for arg in config.args:
        path = (base / arg.split("::")[0]).resolve()
        if path == suite_dir or suite_dir in path.parents or path in suite_dir.parents:
            return True
    return False


def wanted(config: pytest.Config) -> bool:
    """The suite is in use: a ``--pareval-*`` option is given or the suite is among the paths collected."""
    return options_given(config) or names_suite(config)


class Suite:
    """Settings and model resolution, read once per process when the suite is in use. A bad value
    is a ``pytest.UsageError``: one ``ERROR:`` line and exit status 4."""

    def __init__(self, config: pytest.Config):
        self.config = config
        self.settings: Settings = read_settings(config)
        self._models: list[ModelSpec] | None = None
        self._problems: list[Problem] | None = None
        self._checkout: Checkout | None = None

    @property
    def models(self) -> list[ModelSpec]:
        if self._models is None:
            try:
                self._models = resolve(self.settings.models, self.settings.models_file)
            except ModelError as exc:
                raise pytest.UsageError(f"pareval: {exc}") from None
            pareval_stage.check_models(self._models, self.settings.suite is not None)
        return self._models

    @property
    def checkout(self) -> Checkout | None:
        """The ParEval checkout of --pareval-suite (None: our own problem set)."""
        if self._checkout is None and self.settings.suite is not None:
            self._checkout = pareval_stage.open_suite(self.settings)
        return self._checkout

    @property
    def problems(self) -> list[Problem]:
        if self._problems is None:
            try:
                self._problems = discover()
            except ProblemError as exc:
                raise pytest.UsageError(f"pareval: {exc}") from None
        return self._problems

    def cases(self) -> list[Case]:
        """Every item of the suite, in a deterministic order (each xdist worker collects the same list)."""
        n, s = self.settings.samples, self.settings
        shapes = {"serial": [(1, 1)], "mpi": [(r, 1) for r in s.ranks], "omp": [(1, t) for t in s.threads],
                  "mpi+omp": list(s.hybrid)}
        if self.checkout is not None:  # ParEval's prompts; a generations file answers some of them
            return [Case(p, m, p.mode, index, n, r, len(shapes[p.mode]) > 1, t)
                    for p in pareval_problems(self.checkout, self.settings.modes)
                    for r, t in shapes[p.mode]
                    for m in self.models for index in pareval_stage.samples_of(m, p, n)]
        return [Case(p, m, mode, sample, n, r, len(shapes[mode]) > 1, t) for p in self.problems
                for mode in self.settings.modes for r, t in shapes[mode]
                for m in self.models for sample in range(n)]

    def cases_by_nodeid(self, nodeids: list[str]) -> dict[str, Case]:
        """The cases of the suite's items among ``nodeids`` (others are left out): how the controller
        knows the items xdist workers collected, from their ids alone."""
        by_id = {case.id: case for case in self.cases()}
        found = {}
        for nodeid in nodeids:
            param = nodeid.rpartition("[")[2].rstrip("]") if nodeid.endswith("]") else None
            if param in by_id:
                found[nodeid] = by_id[param]
        return found

    def record_for(self, case: Case, **fields: Any) -> dict[str, Any]:
        """A new outcome record of ``case`` (an infrastructure error until the stages say otherwise)."""
        record = new_record(model=case.model.name, model_id=case.model.key, domain=case.problem.domain,
                            model_order=[m.key for m in self.models].index(case.model.key),
                            problem=case.problem.id, mode=case.mode, sample=case.sample, outcome="error",
                            vram_gb=case.model.vram_gb, ranks=case.ranks)
        if case.mode in ("omp", "mpi+omp"):
            record["threads"] = case.threads  # serial and MPI records stay as they were
        record.update(fields)
        return record


SUITE = pytest.StashKey[Suite]()
