"""Settings: every option of the plugin, its ini key and environment twin, resolved in one place."""
from __future__ import annotations

import math
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from ..run import launcher as run_stage
from ..sandbox import core as sandbox
from ..suite.problems import MODES

#: (name, help, type, default). Each option is ``--pareval-NAME``, ini key ``pareval_NAME``, env PAREVAL_NAME.
OPTIONS: list[tuple[str, str, type, Any]] = [
    ("models", "comma-separated models: keys of the models file, litellm model strings, 'reference', "
               "'replay:DIR', the offline models 'local' (Qwen2.5-Coder 0.5B, the 'local' extra), 'local-1.5b', "
               "'local-tiny', 'local:PATH.gguf'", str, "local"),
    ("models_file", "TOML file with [models.NAME] tables (name, model, vram_gb, litellm parameters)", str, ""),
    ("modes", "comma-separated modes to ask for: serial, omp, mpi, mpi+omp (hybrid), or all", str, "serial,mpi"),
    ("ranks", "MPI ranks per run; several (2,4,8) make one MPI item per count", str, "2"),
    ("threads", "OpenMP threads per run of an omp item; several (2,4) make one omp item per count", str, "2"),
    ("hybrid", "ranks x threads of a hybrid (mpi+omp) item, e.g. 1x2; several (1x2,2x1) make one item each",
     str, "1x2"),
    ("timeout", "wall-clock seconds allowed for one run of a generated program (all its cases): the cap of "
                "every derived limit", float, 60.0),
    ("check_ranks", "MPI rank counts every MPI answer must also be correct at (besides its item's own count); "
                    "3 gives uneven splits", str, "1,2,3"),
    ("check_threads", "OpenMP thread counts every omp answer must also be correct at (besides its item's own "
                      "count)", str, "1,2,3"),
    ("check_hybrid", "ranks x threads every hybrid answer must also be correct at (besides its item's own)",
     str, "1x2,2x1,2x2,3x1"),
    ("timeout_factor", "correctness runs get this many times the wall time of our serial reference's timed "
                       "run on this machine (at least 10 s, at most --pareval-timeout); 0: --pareval-timeout "
                       "alone", float, 10.0),
    ("timing_factor", "a timed call may take this many times our serial reference's time (at least 5 s, at "
                      "most --pareval-timeout) before it gets no speedup", float, 20.0),
    ("build_timeout", "wall-clock seconds allowed for one compilation", float, 120.0),
    ("generation_timeout", "seconds allowed for one model request", float, 600.0),
    ("output", "directory for results.jsonl and the report", str, "pareval-results"),
    ("cache_dir", "directory of the response and build caches (default: OUTPUT/cache)", str, ""),
    ("seed", "seed of the generated inputs", int, 0),
    ("baseline", "model the report compares the others with (default: the first model)", str, ""),
    ("launcher", "MPI launch command template, e.g. 'srun --ntasks={ranks} --time={timeout_min}'; placeholders "
                 "{ranks} {threads} {timeout_s} {timeout_min} {hostfile} {workdir}", str, run_stage.DEFAULT_LAUNCHER),
    ("hostfile", "MPI hostfile, the launcher's {hostfile}", str, ""),
    ("shared_dir", "directory seen at the same path by the controller and every node that runs ranks; "
                   "the items' work directories (library, inputs, outputs) go there", str, ""),
    ("queue_timeout", "seconds a run under a cluster launcher may wait for its allocation, on top of "
                      "--pareval-timeout; then the item errors", float, 600.0),
    ("regenerate", "ask the models again instead of reusing cached responses", bool, False),
    ("rerun", "run and time every answer again instead of reusing the verdicts and timings cached for the same "
              "program", bool, False),
    ("samples", "answers per item (pass@k needs more than one; set a temperature in the models file)", int, 1),
    ("concurrency", "requests in flight per model while answers are fetched", int, 8),
    ("suite", "a ParEval checkout (github.com/parallelcodefoundry/ParEval): its prompts become the items, its "
              "drivers judge the answers, ParEval's metrics join the report", str, ""),
    ("suite_untimed", "with --pareval-suite: skip ParEval's timing loop (its driver's NITER calls of the answer and "
                      "of its baseline at ParEval's problem size): validation runs only, no speedup, no work-division "
                      "check (its OpenMP drivers time every run anyway)", bool, False),
    ("unsafe", "comma-separated sandbox mechanisms you accept to lose where this machine lacks them (network, "
               "files, processes, user), and 'cluster' for a launcher that runs ranks outside the sandbox; "
               "without it generated code does not run there", str, ""),
]


@dataclass(frozen=True)
class Settings:
    models: list[str]
    models_file: Path | None
    modes: list[str]
    ranks: list[int]
    timeout: float
    build_timeout: float
    generation_timeout: float
    output: Path
    cache_dir: Path
    seed: int
    baseline: str | None
    launcher: str
    regenerate: bool
    samples: int
    concurrency: int
    hostfile: str = ""
    shared_dir: Path | None = None
    queue_timeout: float = 600.0
    check_ranks: tuple[int, ...] = (1, 2, 3)
    timeout_factor: float = 10.0
    timing_factor: float = 20.0
    unsafe: tuple[str, ...] = ()
    rerun: bool = False
    threads: tuple[int, ...] = (2,)                  # omp items: one per count
    hybrid: tuple[tuple[int, int], ...] = ((1, 2),)  # hybrid items: one per (ranks, threads)
    check_threads: tuple[int, ...] = (1, 2, 3)
    check_hybrid: tuple[tuple[int, int], ...] = ((1, 2), (2, 1), (2, 2), (3, 1))
    suite: Path | None = None  # a ParEval checkout: ParEval's problem set instead of ours
    suite_untimed: bool = False

    @property
    def local_launcher(self) -> bool:
        return run_stage.is_local(self.launcher)


def add_options(parser: pytest.Parser) -> None:
    """Register every option (``--pareval-x``) with its ini twin (``pareval_x``), in one place."""
    group = parser.getgroup("pareval", "pytest-pareval: LLM parallel-code benchmark")
    for name, help_text, kind, default in OPTIONS:
        flag = "--pareval-" + name.replace("_", "-")
        if kind is bool:
            group.addoption(flag, action="store_true", default=None, help=help_text)
            parser.addini(f"pareval_{name}", help_text, type="bool", default=default)
        else:
            group.addoption(flag, default=None, help=f"{help_text} (default: {default!r})")
            parser.addini(f"pareval_{name}", help_text, default=str(default))


def options_given(config: pytest.Config) -> bool:
    """Whether any ``--pareval-*`` option is on the command line (the environment and ini alone do not
    wake the plugin: they may be meant for another project's session)."""
    return any(config.getoption("pareval_" + name) is not None for name, *_ in OPTIONS)


_TRUE, _FALSE = ("1", "true", "yes", "on"), ("0", "false", "no", "off", "")


def _parse(name: str, kind: type, value: Any) -> Any:
    """One raw value as its option's type; a bad value is one usage line."""
    flag = f"--pareval-{name.replace('_', '-')}"
    if kind is bool:
        if isinstance(value, bool):
            return value
        text = str(value).strip().lower()
        if text not in _TRUE + _FALSE:
            raise pytest.UsageError(f"{flag}: {value!r} is not a boolean (use true or false)")
        return text in _TRUE
    try:
        parsed = kind(value)
    except ValueError:
        raise pytest.UsageError(f"{flag}: {value!r} is not a valid {kind.__name__}") from None
    if kind is float and not math.isfinite(parsed):
        raise pytest.UsageError(f"{flag}: {value!r} is not a finite number of seconds")
    return parsed


def _check_directory(name: str, path: Path) -> None:
    """A directory we will create: neither it nor an existing parent may be something else (a file)."""
    for part in (path, *path.parents):
        if part.exists():
            if not part.is_dir():
                what = "is not a directory" if part == path else f"is inside {part}, which is not a directory"
                raise pytest.UsageError(f"--pareval-{name.replace('_', '-')}: {path} {what}")
            if not os.access(part, os.W_OK | os.X_OK):
                raise pytest.UsageError(f"--pareval-{name.replace('_', '-')}: {part} is not writable")
            return


def _split(text: str) -> list[str]:
    return [part.strip() for part in text.split(",") if part.strip()]


def _counts(name: str, text: str) -> list[int]:
    """A comma-separated list of positive integers, sorted and without repeats."""
    flag = f"--pareval-{name.replace('_', '-')}"
    try:
        counts = sorted({int(r) for r in _split(text)})
    except ValueError:
        raise pytest.UsageError(f"{flag}: {text!r} is not a comma-separated list of integers") from None
    if counts and counts[0] < 1:
        raise pytest.UsageError(f"{flag} must be at least 1")
    return counts


def _shapes(name: str, text: str) -> list[tuple[int, int]]:
    """A comma-separated list of RANKSxTHREADS (2x2), sorted and without repeats."""
    flag = f"--pareval-{name.replace('_', '-')}"
    shapes = set()
    for part in _split(text):
        ranks, _, threads = part.lower().partition("x")
        if not (ranks.strip().isdigit() and threads.strip().isdigit()) or int(ranks) < 1 or int(threads) < 1:
            raise pytest.UsageError(f"{flag}: {part!r} is not RANKSxTHREADS with both at least 1 (e.g. 2x2)")
        shapes.add((int(ranks), int(threads)))
    return sorted(shapes)


def read_settings(config: pytest.Config) -> Settings:
    """Resolve every option once: command line > environment (PAREVAL_X) > ini > default."""
    raw: dict[str, Any] = {}
    for name, _, kind, _default in OPTIONS:
        value = config.getoption("pareval_" + name)
        if value is None:
            value = os.environ.get(f"PAREVAL_{name.upper()}")
        if value is None:
            value = config.getini(f"pareval_{name}")
        raw[name] = _parse(name, kind, value)
    modes = _split(raw["modes"])
    if modes == ["all"]:
        modes = list(MODES)
    modes = ["mpi+omp" if m == "hybrid" else m for m in modes]
    bad = [m for m in modes if m not in MODES]
    if bad or not modes:
        raise pytest.UsageError(f"--pareval-modes: unknown mode {', '.join(bad) or '(none)'}; use "
                                f"{', '.join(MODES)} or all")
    modes = list(dict.fromkeys(modes))
    threads = _counts("threads", raw["threads"])
    if not threads:
        raise pytest.UsageError("--pareval-threads: name at least one thread count")
    check_threads = tuple(_counts("check_threads", raw["check_threads"]))
    hybrid = _shapes("hybrid", raw["hybrid"])
    if not hybrid:
        raise pytest.UsageError("--pareval-hybrid: name at least one RANKSxTHREADS")
    check_hybrid = tuple(_shapes("check_hybrid", raw["check_hybrid"]))
    try:
        ranks = sorted({int(r) for r in _split(raw["ranks"])})
    except ValueError:
        raise pytest.UsageError(f"--pareval-ranks: {raw['ranks']!r} is not a comma-separated list of "
                                "integers") from None
    if not ranks or ranks[0] < 1:
        raise pytest.UsageError("--pareval-ranks must be at least 1")
    try:
        check_ranks = tuple(sorted({int(r) for r in _split(raw["check_ranks"])}))
    except ValueError:
        raise pytest.UsageError(f"--pareval-check-ranks: {raw['check_ranks']!r} is not a comma-separated list of "
                                "integers") from None
    if check_ranks and check_ranks[0] < 1:
        raise pytest.UsageError("--pareval-check-ranks must be at least 1")
    for name in ("timeout_factor", "timing_factor"):
        if raw[name] < 0:
            raise pytest.UsageError(f"--pareval-{name.replace('_', '-')} must not be negative")
    try:
        fields = run_stage.check_launcher(raw["launcher"])
    except ValueError as exc:
        raise pytest.UsageError(f"--pareval-launcher: {exc}") from None
    if "hostfile" in fields and not raw["hostfile"]:
        raise pytest.UsageError("--pareval-launcher uses {hostfile}: give the file with --pareval-hostfile")
    if raw["hostfile"] and not Path(raw["hostfile"]).is_file():
        raise pytest.UsageError(f"--pareval-hostfile: {raw['hostfile']} is not a file")
    if raw["shared_dir"] and not Path(raw["shared_dir"]).is_dir():
        raise pytest.UsageError(f"--pareval-shared-dir: {raw['shared_dir']} is not a directory")
    if not _split(raw["models"]):
        raise pytest.UsageError("--pareval-models: name at least one model")
    if raw["seed"] < 0:
        raise pytest.UsageError(f"--pareval-seed: {raw['seed']} is negative (seeds are 0 or more)")
    _check_directory("output", Path(raw["output"]))
    if raw["cache_dir"]:
        _check_directory("cache_dir", Path(raw["cache_dir"]))
    unsafe = tuple(_split(raw["unsafe"]))
    try:
        sandbox.accept(unsafe)  # run() refuses what this machine lacks unless it is accepted here
    except ValueError as exc:
        raise pytest.UsageError(f"--pareval-unsafe: {exc}") from None
    if not run_stage.is_local(raw["launcher"]) and "cluster" not in unsafe:
        raise pytest.UsageError(f"--pareval-launcher {raw['launcher']!r} runs the ranks outside the sandbox (as you, "
                                "with the network, contained by the scheduler only): accept that with "
                                "--pareval-unsafe=cluster")
    for name in ("samples", "concurrency"):
        if raw[name] < 1:
            raise pytest.UsageError(f"--pareval-{name} must be at least 1")
    for name in ("timeout", "build_timeout", "generation_timeout", "queue_timeout"):
        if raw[name] <= 0:
            raise pytest.UsageError(f"--pareval-{name.replace('_', '-')} must be positive")
    return Settings(models=_split(raw["models"]), models_file=Path(raw["models_file"]) if raw["models_file"]
                    else None, modes=modes, ranks=ranks, timeout=raw["timeout"],
                    build_timeout=raw["build_timeout"], generation_timeout=raw["generation_timeout"],
                    output=Path(raw["output"]), cache_dir=Path(raw["cache_dir"] or Path(raw["output"]) / "cache"),
                    seed=raw["seed"], baseline=raw["baseline"] or None,
                    launcher=raw["launcher"], regenerate=raw["regenerate"], samples=raw["samples"],
                    concurrency=raw["concurrency"], hostfile=str(Path(raw["hostfile"]).resolve())
                    if raw["hostfile"] else "", shared_dir=Path(raw["shared_dir"]).resolve() if raw["shared_dir"]
                    else None, queue_timeout=raw["queue_timeout"], check_ranks=check_ranks,
                    timeout_factor=raw["timeout_factor"], timing_factor=raw["timing_factor"], unsafe=unsafe,
                    rerun=raw["rerun"], threads=tuple(threads), hybrid=tuple(hybrid), check_threads=check_threads,
                    check_hybrid=check_hybrid, suite=Path(raw["suite"]).expanduser() if raw["suite"] else None,
                    suite_untimed=raw["suite_untimed"])
