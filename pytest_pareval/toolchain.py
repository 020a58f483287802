"""Where the build and run tools are: on PATH, else beside the running interpreter.

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
