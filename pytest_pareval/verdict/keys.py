"""What a cached correctness verdict or timing depends on beyond the program and its inputs: the engine that
judged it (our sources from the driver to the verdict), the rules' constants, the launcher and the machines.

A change to any of them makes another key, so a rule changed today reaches every verdict judged from now on
instead of being hidden behind yesterday's cache.
"""
from __future__ import annotations

import functools
import hashlib
import json
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent.parent
#: Sources whose change can change what a run measures or how it is judged: the whole run and verdict
#: stages, the driver and glue compiled into every program, the sandbox's limits, the problem loader
#: (which makes the timing inputs).
ENGINE_SOURCES = ("verdict/*.py", "run/*.py", "build/driver.cpp", "build/driver.hpp", "build/glue.py",
                  "build/mpiwrap.py", "build/ompwrap.cpp", "build/pareval.hpp", "sandbox/core.py", "sandbox/exec.c",
                  "suite/problems.py")


@functools.lru_cache(maxsize=1)
def engine_digest() -> str:
    """One hash of every engine source, in a fixed order."""
    digest = hashlib.sha256()
    for pattern in ENGINE_SOURCES:
        for path in sorted(_PACKAGE.glob(pattern)):
            digest.update(f"{path.relative_to(_PACKAGE)}\0".encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def context_digest(launcher: str, nodes: str, rules: dict[str, object]) -> str:
    """The engine, the launcher template, the machines that run it (run.launcher.nodes) and the rules'
    constants, as one hash."""
    return hashlib.sha256(json.dumps([engine_digest(), launcher, nodes, sorted(rules.items())],
                                     default=str).encode()).hexdigest()
