"""Answers to ParEval's prompts: a live model (ParEval's chat messages), a ParEval generations file
(``replay:FILE``), or ParEval's own serial baselines (``reference``), whose body is a correct answer.

A generations file stores outputs as ParEval's generators write them (a continuation of the prompt), so such
an answer is ``stored``; a live chat response is raw text, which ParEval would post-process first.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..suite.pareval.answers import function_body
from ..suite.pareval.checkout import Checkout
from ..suite.pareval.generations import Generations, load_generations
from ..suite.pareval.prompts import ParEvalProblem
from .generator import Answer, Generator
from .models import ModelSpec


@dataclass
class ParEvalAnswer:
    """An answer with what the ParEval pipeline needs beside the text."""

    answer: Answer
    prompt: str                  # the prompt it continues (a generations file's own, else the checkout's)
    stored: bool                 # ParEval's stored form (a file, a baseline) rather than a raw chat response
    reported: dict[str, Any] = field(default_factory=dict)  # ParEval's own verdicts from the file


@lru_cache(maxsize=8)
def generations(path: Path) -> Generations:
    """A generations file, read once per process (every item of a replay model reads it)."""
    return load_generations(path)


def baseline_body(checkout: Checkout, problem: ParEvalProblem) -> str:
    """ParEval's serial baseline as an answer: the body of ``correct<Function>`` in the problem's
    baseline.hpp (which the problem's driver includes, helpers and all), else of its only ``correct*``
    function (07_fft_fft_conjugate's is ``correctFft``)."""
    text = (checkout.benchmark_dir(problem.problem_type, problem.name) / "baseline.hpp").read_text()
    fn = problem.function
    names = [f"correct{fn[:1].upper()}{fn[1:]}"] + sorted(set(re.findall(r"\b(correct\w*)\s*\(", text)))
    for name in names:
        body = function_body(text, name)
        if body is not None:
            return body
    return text[text.find(") {") + 3:]  # how ParEval's prompts/create-serial-tests.py cuts it


def answer(generator: Generator, spec: ModelSpec, checkout: Checkout, problem: ParEvalProblem,
           messages: list[dict[str, str]], sample: int) -> ParEvalAnswer:
    """The answer of ``spec`` to ``problem`` (sample ``sample``: for a generations file, its index there)."""
    if spec.kind == "reference":
        body = baseline_body(checkout, problem)
        return ParEvalAnswer(Answer(text=body, code=body), problem.prompt, stored=True)
    if spec.kind == "replay" and spec.replay_file is not None:
        found = [s for s in generations(spec.replay_file).samples(problem.name, problem.mode, sample + 1)
                 if s.index == sample]
        if not found:
            return ParEvalAnswer(Answer(text="", code=None, error=f"no output {sample} of {problem.name} "
                                        f"({problem.mode}) in {spec.replay_file}"), problem.prompt, stored=True)
        return ParEvalAnswer(Answer(text=found[0].text, code=found[0].text), found[0].prompt, stored=True,
                             reported=found[0].reported)
    if spec.kind == "replay":
        return ParEvalAnswer(Answer(text="", code=None, error="a replay directory holds answers to our own problems; "
                                    "give ParEval's generations as replay:FILE"), problem.prompt, stored=True)
    entry = generator.response(spec, messages, sample)
    if "error" in entry:
        return ParEvalAnswer(Answer(text="", code=None, error=entry["error"]), problem.prompt, stored=False)
    fields = {k: entry.get(k) for k in ("latency_s", "prompt_tokens", "completion_tokens", "cost_usd")}
    return ParEvalAnswer(Answer(text=entry["text"], code=entry["text"], cached=entry.get("cached", False), **fields),
                         problem.prompt, stored=False)
