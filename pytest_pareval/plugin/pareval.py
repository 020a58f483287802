"""The plugin's side of ParEval's problem set (``--pareval-suite``): the checkout opened once, its items,
the messages of a ParEval item, and the item's walk through the ParEval stages. Hooks and fixtures call
these, so that they stay one line for either suite."""
from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import pytest

from ..generate import pareval as generate_stage
from ..generate.models import ModelSpec
from ..suite import pareval as suite_stage
from ..suite.pareval import Checkout, CheckoutError, GenerationsError, ParEvalProblem
from ..suite.pareval.checkout import PROMPTS_FILE
from ..verdict.judge import Verdict
from ..verdict.pareval_item import Answer, ParEvalItems

from .settings import Settings

#: ParEval's execution models this integration runs (its kokkos, cuda and hip models need what we do not run).
SUPPORTED_MODES = ("serial", "omp", "mpi", "mpi+omp")

def open_suite(settings: Settings) -> Checkout:
    """The checkout of ``--pareval-suite``, checked for the session's modes: a bad one is one ERROR line."""
    unsupported = [m for m in settings.modes if m not in SUPPORTED_MODES]
    if unsupported:
        raise pytest.UsageError(f"pareval: --pareval-suite runs ParEval's {' and '.join(SUPPORTED_MODES)} prompts; "
                                f"its {', '.join(unsupported)} prompts are not run yet")
    try:
        return suite_stage.open_checkout(settings.suite, settings.modes)
    except CheckoutError as exc:
        raise pytest.UsageError(f"pareval: {exc}") from None


def header(checkout: Checkout) -> str:
    """The report header's line: which checkout and commit decide the verdicts."""
    commit = checkout.commit
    tested = suite_stage.TESTED_COMMIT
    state = ("the commit we test against" if commit == tested else
             f"not {tested[:7]}, the commit we test against" if commit else f"commit unknown; we test against {tested[:7]}")
    return f"pareval suite: ParEval checkout {checkout.root} ({commit[:7] + ', ' if commit else ''}{state})"


def samples_of(spec: ModelSpec, problem: ParEvalProblem, samples: int) -> list[int]:
    """The sample indices of a model for a prompt: 0..N-1, or for a generations file the indices of its
    first N outputs of that prompt (a prompt the file does not answer makes no item)."""
    if spec.replay_file is None:
        return list(range(samples))
    try:
        found = generate_stage.generations(spec.replay_file).samples(problem.name, problem.mode, samples)
    except GenerationsError as exc:
        raise pytest.UsageError(f"pareval: {exc}") from None
    return [s.index for s in found]


def check_models(models: list[ModelSpec], pareval: bool) -> None:
    """A generations file answers ParEval's prompts only; a replay directory our problems only."""
    for spec in models:
        if spec.replay_file is not None and not pareval:
            raise pytest.UsageError(f"pareval: model {spec.key}: a replay file is a ParEval generations file; "
                                    "name the ParEval checkout with --pareval-suite")
        if spec.kind == "replay" and spec.replay_file is None and pareval:
            raise pytest.UsageError(f"pareval: model {spec.key}: with --pareval-suite, replay a ParEval generations "
                                    "file (replay:FILE.json), not a directory of answers to our problems")


def manifest_fields(checkout: Checkout, asked: list[ParEvalProblem]) -> dict[str, Any]:
    """The run manifest's account of ParEval's problem set: the checkout, its commit, and hashes of every
    file that decides a verdict (prompts, drivers) and of the messages asked."""
    files = hashlib.sha256()
    sources = [checkout.root / PROMPTS_FILE] + sorted(checkout.cpp_dir.rglob("*.cc")) + \
        sorted(checkout.cpp_dir.rglob("*.hpp"))
    for path in sources:
        files.update(str(path.relative_to(checkout.root)).encode() + b"\0" + path.read_bytes() + b"\0")
    problems_hash = files.hexdigest()
    digest = hashlib.sha256()
    for problem in sorted(set(asked), key=lambda p: (p.name, p.mode)):
        for message in suite_stage.messages(checkout, problem):
            digest.update(f"{problem.name}\0{problem.mode}\0{message['role']}\0{message['content']}\0".encode())
    names = {e["name"] for e in checkout.entries}
    return {"suite": "pareval", "pareval_checkout": str(checkout.root), "pareval_commit": checkout.commit,
            "pareval_tested_commit": suite_stage.TESTED_COMMIT, "problems_hash": problems_hash,
            "problems": len(names), "prompts_hash": digest.hexdigest()}


def messages(checkout: Checkout, problem: ParEvalProblem) -> list[dict[str, str]]:
    return suite_stage.messages(checkout, problem)


def judge(items: ParEvalItems, generator, case: Any, checkout: Checkout, prompt: list[dict[str, str]],
          record: dict[str, Any], workdir: Path) -> tuple[Verdict, dict[str, str]]:
    """The item (a session.Case) from answer to verdict; fills ``record``. Returns the verdict and the drill-down texts."""
    got = generate_stage.answer(generator, case.model, checkout, case.problem, prompt, case.sample)
    record.update(latency_s=got.answer.latency_s, prompt_tokens=got.answer.prompt_tokens,
                  completion_tokens=got.answer.completion_tokens, cost_usd=got.answer.cost_usd)
    if got.reported:
        record["pareval_reported"] = got.reported
        if "are_all_valid" in got.reported:
            record["pareval_reported_valid"] = bool(got.reported["are_all_valid"])
    if got.answer.error is not None:
        return Verdict("error", got.answer.error), {"response": got.answer.text}
    verdict, fields, texts = items.judge(case.problem, case.ranks,
                                         Answer(got.answer.text, got.prompt, got.stored), workdir, case.threads)
    record.update(fields)
    return verdict, {"response": got.answer.text, **texts}
