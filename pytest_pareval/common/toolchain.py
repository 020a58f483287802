"""Where the build and run tools are (on PATH, else beside the running interpreter), and how many cores
they may use.

The mpich wheel puts mpicxx and mpirun in the virtual environment's bin directory, which is not on PATH
when ``.venv/bin/pytest`` is run without activating the environment.
"""
from __future__ import annotations

import os
import shutil
import sys


def find(name: str) -> str | None:
    """The path of the executable ``name``: PATH first, then the directory of ``sys.executable``."""
    found = shutil.which(name)
    if found is None:
        found = shutil.which(name, path=os.path.dirname(sys.executable))
    return found


def add_interpreter_dir_to_path() -> None:
    """Append the interpreter's directory to PATH when it is missing there (a venv used without being
    activated), so that every tool the run starts by name (mpicxx's own compiler driver, mpirun, the
    hydra proxies) is found the same way as ``find`` finds it. Appended, so it never shadows the user's."""
    directory = os.path.dirname(sys.executable)
    entries = os.environ.get("PATH", "").split(os.pathsep)
    if directory and directory not in entries:
        os.environ["PATH"] = os.pathsep.join([*filter(None, entries), directory])


def usable_cores() -> int:
    """Cores this process may run on (its affinity mask where the OS has one, not the machine's count)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)
