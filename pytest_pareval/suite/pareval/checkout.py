"""A ParEval checkout: where its files are, checked once at start.

Only the facts of its layout live here (file names, JSON shapes); every text is read from the checkout.
A missing, partial or unknown checkout is one ``CheckoutError`` line naming the first thing that is wrong,
so that the session stops before any model is asked.
"""
from __future__ import annotations

import json
import subprocess
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

#: The ParEval commit this integration was written and measured against (README: "ParEval's problem set").
TESTED_COMMIT = "4c9877fcf3e50ad8ac2d898187122a2d9cfd8e47"

PROMPTS_FILE = "prompts/generation-prompts.json"
CPP_DIR = "drivers/cpp"
SIZES_FILE = "drivers/problem-sizes.json"
#: The launch configurations ParEval ships for a small test machine: the rank counts its harness would
#: try here (its default file goes to 512 ranks through srun).
TEST_LAUNCH_FILE = "drivers/test-launch-configs.json"
CHAT_SCRIPT = "generate/generate-openai.py"
#: ParEval's parallelism model -> the main driver it links (drivers/cpp/models/).
MAIN_DRIVERS = {"serial": "serial-driver.cc", "omp": "omp-driver.cc", "mpi": "mpi-driver.cc",
                "mpi+omp": "mpi-omp-driver.cc"}
PROMPT_KEYS = ("name", "problem_type", "parallelism_model", "prompt")
#: ParEval's default problem size when problem-sizes.json has none (drivers/driver_wrapper.py).
DEFAULT_SIZE = "(1<<18)"


class CheckoutError(ValueError):
    """The checkout cannot be used: one line for the user."""


@dataclass(frozen=True)
class Checkout:
    """A checked ParEval checkout. Paths are absolute; texts are read when asked for."""

    root: Path
    entries: tuple[dict[str, Any], ...] = field(repr=False)

    @property
    def cpp_dir(self) -> Path:
        return self.root / CPP_DIR

    def benchmark_dir(self, problem_type: str, name: str) -> Path:
        return self.cpp_dir / "benchmarks" / problem_type / name

    def main_driver(self, mode: str) -> Path:
        return self.cpp_dir / "models" / MAIN_DRIVERS[mode]

    @cached_property
    def commit(self) -> str | None:
        """The checkout's commit when it is a git work tree (None for an unpacked archive)."""
        try:
            done = subprocess.run(["git", "-C", str(self.root), "rev-parse", "--show-toplevel", "HEAD"],
                                  capture_output=True, text=True, timeout=30)
        except (OSError, subprocess.TimeoutExpired):
            return None
        lines = done.stdout.split()
        if done.returncode != 0 or len(lines) != 2 or Path(lines[0]).resolve() != self.root:
            return None  # not a work tree of its own (an archive, or a directory inside another repository)
        return lines[1]

    @cached_property
    def sizes(self) -> dict[str, dict[str, str]]:
        path = self.root / SIZES_FILE
        return _json(path) if path.exists() else {}

    def problem_size(self, name: str, mode: str) -> str:
        """``DRIVER_PROBLEM_SIZE`` of a problem in a mode, as ParEval's runner picks it."""
        return str(self.sizes.get(name, {}).get(mode, DEFAULT_SIZE))

    @cached_property
    def test_launch(self) -> dict[str, Any]:
        path = self.root / TEST_LAUNCH_FILE
        return _json(path) if path.exists() else {}

    def pareval_ranks(self, mode: str) -> tuple[int, ...]:
        """The rank counts ParEval's test launch configuration runs an answer at (1 for serial)."""
        return tuple(sorted({ranks for ranks, _ in self.pareval_shapes(mode)}))

    def pareval_shapes(self, mode: str) -> tuple[tuple[int, int], ...]:
        """(ranks, threads) of every run ParEval's test launch configuration makes of an answer: its
        ``num_procs`` and ``num_threads`` (1 where a configuration names none); ParEval's own small-machine
        defaults when the checkout has no such file (omp 1, 2, 4, 8 threads; mpi+omp 1x1, 1x2, 2x1, 2x2)."""
        params = self.test_launch.get(mode, {}).get("params") if self.test_launch else None
        if not isinstance(params, list):
            params = [{"num_threads": t} for t in (1, 2, 4, 8)] if mode == "omp" else \
                [{"num_procs": r, "num_threads": t} for r, t in ((1, 1), (1, 2), (2, 1), (2, 2))] \
                if mode == "mpi+omp" else [{"num_procs": r} for r in (1, 2, 4)] if mode == "mpi" else [{}]
        shapes = sorted({(int(p.get("num_procs", 1)), int(p.get("num_threads", 1))) for p in params
                         if isinstance(p, dict)})
        return tuple(shapes) or ((1, 1),)


def _json(path: Path) -> Any:
    try:
        return json.loads(path.read_text())
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise CheckoutError(f"{path} is not readable JSON ({exc.__class__.__name__})") from None


def open_checkout(path: str | Path, modes: tuple[str, ...] | list[str] = ("serial", "mpi")) -> Checkout:
    """Check that ``path`` is a ParEval checkout with everything ``modes`` need, and return it."""
    root = Path(path).expanduser().resolve()
    what = f"--pareval-suite: {path}"
    if not root.is_dir():
        raise CheckoutError(f"{what} is not a directory (clone https://github.com/parallelcodefoundry/ParEval)")
    prompts_path = root / PROMPTS_FILE
    if not prompts_path.is_file():
        raise CheckoutError(f"{what} is not a ParEval checkout: {PROMPTS_FILE} is missing")
    data = _json(prompts_path)
    if not isinstance(data, list) or not data:
        raise CheckoutError(f"{what}: {PROMPTS_FILE} is not a list of prompt entries (unknown layout)")
    for index, entry in enumerate(data):
        if not isinstance(entry, dict) or not all(isinstance(entry.get(k), str) for k in PROMPT_KEYS):
            raise CheckoutError(f"{what}: entry {index} of {PROMPTS_FILE} lacks one of {', '.join(PROMPT_KEYS)} "
                                "(unknown layout)")
    checkout = Checkout(root=root, entries=tuple(data))
    needed = [root / CHAT_SCRIPT, checkout.cpp_dir / "utilities.hpp"]
    needed += [checkout.main_driver(m) for m in modes if m in MAIN_DRIVERS]
    for entry in data:
        if entry["parallelism_model"] in modes:
            bench = checkout.benchmark_dir(entry["problem_type"], entry["name"])
            needed += [bench / "cpu.cc", bench / "baseline.hpp"]
    for file in needed:
        if not file.is_file():
            raise CheckoutError(f"{what} is partial: {file.relative_to(root)} is missing")
    return checkout
