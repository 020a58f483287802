"""ParEval's prompts as problems, and the chat messages ParEval's chat-model script sends for them.

A prompt is C++ text that ends in the first line of the function to write (``... {``). ParEval's chat
script (generate/generate-openai.py in the checkout) sends a system message and a user message made from
two templates; both are read from that script with ``ast`` (never executed, never copied), so that a model
receives exactly what ParEval sends, byte for byte.
"""
from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .checkout import CHAT_SCRIPT, Checkout, CheckoutError

#: ParEval's parallelism models that our harness can run, and the same names are our modes.
RUNNABLE_MODES = ("serial", "omp", "mpi", "mpi+omp")
#: How ParEval's chat script finds the function's name on the prompt's last line (a fact of its code).
FUNCTION_NAME = re.compile(r"\s*[a-zA-Z_]+ ([a-zA-Z0-9_]+)\(")


@dataclass(frozen=True)
class ParEvalProblem:
    """One ParEval prompt: a problem in one parallelism model."""

    name: str            # "30_scan_prefix_sum"
    problem_type: str    # "scan": one of the 12 domains, which are ours too
    mode: str            # ParEval's parallelism model: serial, omp, mpi, mpi+omp
    prompt: str

    @property
    def id(self) -> str:
        return self.name

    @property
    def domain(self) -> str:
        return self.problem_type

    @property
    def function(self) -> str:
        """The function's name as ParEval's chat script reads it from the prompt's last line."""
        match = FUNCTION_NAME.match(self.prompt.splitlines()[-1])
        if match is None:
            raise CheckoutError(f"ParEval prompt {self.name} ({self.mode}) does not end in a function's first line")
        return match.group(1)


def problems(checkout: Checkout, modes: list[str] | tuple[str, ...]) -> list[ParEvalProblem]:
    """The checkout's prompts in ``modes``, in its file's order sorted by name then mode (deterministic)."""
    found = [ParEvalProblem(e["name"], e["problem_type"], e["parallelism_model"], e["prompt"])
             for e in checkout.entries if e["parallelism_model"] in modes and e.get("language", "cpp") == "cpp"]
    order = {m: i for i, m in enumerate(modes)}
    return sorted(found, key=lambda p: (p.name, order[p.mode]))


@lru_cache(maxsize=None)
def _templates(script: Path) -> tuple[str, str]:
    """(SYSTEM_TEMPLATE, PROMPT_TEMPLATE): string constants assigned at the top of ParEval's chat script."""
    try:
        tree = ast.parse(script.read_text())
    except (OSError, SyntaxError, UnicodeDecodeError) as exc:
        raise CheckoutError(f"{script} cannot be read as Python ({exc.__class__.__name__})") from None
    found: dict[str, str] = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str):
            for target in node.targets:
                if isinstance(target, ast.Name):
                    found[target.id] = node.value.value
    missing = [n for n in ("SYSTEM_TEMPLATE", "PROMPT_TEMPLATE") if n not in found]
    if missing:
        raise CheckoutError(f"{script} defines no {' or '.join(missing)} (unknown layout of ParEval's chat script)")
    return found["SYSTEM_TEMPLATE"], found["PROMPT_TEMPLATE"]


def templates(checkout: Checkout) -> tuple[str, str]:
    return _templates(checkout.root / CHAT_SCRIPT)


def messages(checkout: Checkout, problem: ParEvalProblem) -> list[dict[str, str]]:
    """The chat messages ParEval's chat script sends for ``problem`` (system, then user)."""
    system, user = templates(checkout)
    text = user.format(prompt=problem.prompt, function_name=problem.function)
    return [{"role": "system", "content": system}, {"role": "user", "content": text}]
