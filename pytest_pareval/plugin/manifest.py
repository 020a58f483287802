"""The run manifest: what was run, where and with what, so that two results files can be compared fairly.

It is the first line of results.jsonl (``{"manifest": {...}}``, read back by ``results.read_manifest``)
and goes into the report. It holds no secrets: secret-named model parameters (api_key, ...) are left out.
"""
from __future__ import annotations

import dataclasses
import datetime
import functools
import hashlib
import os
import platform
import socket
import subprocess
from collections.abc import Iterable
from importlib import metadata
from typing import Any

from ..build import compile as build_stage
from ..suite import prompt as prompt_stage
from ..common import toolchain
from ..generate.models import ModelSpec, public_params
from ..suite.problems import Problem
from .settings import Settings


def _first_line(argv: list[str]) -> str | None:
    """The first non-blank line a tool prints, or its first line naming a version when the first is a
    title (MPICH's "HYDRA build details:"); None when the tool is missing or fails."""
    if toolchain.find(argv[0]) is None:
        return None
    try:
        done = subprocess.run([toolchain.find(argv[0]), *argv[1:]], capture_output=True, text=True, timeout=20)
    except (OSError, subprocess.SubprocessError):
        return None
    lines = [line.strip() for line in (done.stdout + done.stderr).splitlines() if line.strip()]
    if done.returncode != 0 or not lines:
        return None
    return lines[0] if not lines[0].endswith(":") else next(
        (" ".join(line.split()) for line in lines if "version" in line.lower()), lines[0])


@functools.lru_cache(maxsize=1)
def machine() -> dict[str, Any]:
    """Compiler, MPI and CPU of this machine (asked once per process: a few short tool runs)."""
    cpu = None
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {"hostname": socket.gethostname(), "cpu_model": cpu or platform.processor() or None,
            "cpu_cores": os.cpu_count(), "os": platform.platform(), "python": platform.python_version(),
            "compiler": _first_line([build_stage.COMPILERS["serial"], "--version"]),
            "mpi_compiler": _first_line([build_stage.COMPILERS["mpi"], "-show"]),
            "mpirun": _first_line(["mpirun", "--version"]),
            "compile_flags": list(build_stage.CXXFLAGS),
            "mode_flags": {mode: list(more) for mode, more in build_stage.MODE_FLAGS.items()}}


def _version() -> str:
    try:
        return metadata.version("pytest-pareval")
    except metadata.PackageNotFoundError:
        from .. import __version__
        return __version__


def problem_set_hash(problems: Iterable[Problem]) -> str:
    """A hash of the problem modules' sources (ids and contents, in id order)."""
    digest = hashlib.sha256()
    for problem in sorted(problems, key=lambda p: p.id):
        digest.update(problem.id.encode() + b"\0" + problem.path.read_bytes() + b"\0")
    return digest.hexdigest()


def prompts_hash(pairs: Iterable[tuple[Problem, str]]) -> str:
    """A hash of every prompt asked (each problem × mode once, in a fixed order)."""
    digest = hashlib.sha256()
    unique = {(problem.id, mode): problem for problem, mode in pairs}
    for (_, mode), problem in sorted(unique.items()):
        for message in prompt_stage.messages(problem, mode):
            digest.update(f"{problem.id}\0{mode}\0{message['role']}\0{message['content']}\0".encode())
    return digest.hexdigest()


def now() -> str:
    return datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds")


def _local(model: ModelSpec) -> dict[str, Any]:
    """An embedded model's runtime and weights (file, SHA-256, the packages they came from)."""
    from ..generate import local

    found = local.by_model(model.model or "")
    return {"local": found.describe()} if found is not None else {}


def collect(*, settings: Settings, models: list[ModelSpec], problems: list[Problem],
            asked: Iterable[tuple[Problem, str]], started: str, ended: str | None = None) -> dict[str, Any]:
    """The manifest of a session. ``problems`` is the whole problem set, ``asked`` the (problem, mode)
    pairs of the selected items; ``started``/``ended`` are UTC ISO times."""
    return {
        "pytest_pareval": _version(),
        "problems_hash": problem_set_hash(problems),
        "problems": len(problems),
        "prompts_hash": prompts_hash(asked),
        "models": [{"key": m.key, "name": m.name, "kind": m.kind, "model": m.model, "params": public_params(m),
                    "vram_gb": m.vram_gb, **_local(m)} for m in models],
        **machine(),
        "seed": settings.seed, "modes": settings.modes, "ranks": settings.ranks, "samples": settings.samples,
        "timeout_s": settings.timeout, "build_timeout_s": settings.build_timeout,
        "generation_timeout_s": settings.generation_timeout, "queue_timeout_s": settings.queue_timeout,
        "launcher": settings.launcher,
        "settings": {k: str(v) if isinstance(v, os.PathLike) else v for k, v in dataclasses.asdict(settings).items()},
        "started": started, "ended": ended,
    }
