"""Launcher templates (``--pareval-launcher``): their placeholders, the command of one run, and whether a
launcher keeps every rank on this machine (then the sandbox holds the whole run)."""
from __future__ import annotations

import math
import os
import shlex
import socket
import string
from pathlib import Path

from ..common import toolchain

DEFAULT_LAUNCHER = "mpirun -n {ranks}"
#: Placeholders of the launcher template (``--pareval-launcher``) and what they become.
LAUNCHER_FIELDS = {
    "ranks": "the run's number of MPI ranks",
    "threads": "OpenMP threads per rank (1 in MPI mode; srun --cpus-per-task)",
    "timeout_s": "the run's wall-clock limit in whole seconds (--pareval-timeout, rounded up)",
    "timeout_min": "the same in whole minutes, rounded up (srun --time)",
    "hostfile": "the file of --pareval-hostfile",
    "workdir": "the item's work directory (library, inputs, outputs)",
}
#: Launchers that start every rank on this machine, so that they run without a network.
LOCAL_LAUNCHERS = ("mpirun", "mpiexec", "mpiexec.hydra")
#: Options of a local launcher that send ranks to other machines.
HOST_OPTIONS = ("-f", "-hostfile", "--hostfile", "-machinefile", "--machinefile", "-host", "--host", "-hosts",
                "--hosts")
def check_launcher(template: str) -> list[str]:
    """The placeholders of a launcher template; ValueError (one line) for an unknown or malformed one."""
    try:
        words = shlex.split(template)
        names = [name for word in words for _, name, _, _ in string.Formatter().parse(word) if name is not None]
    except ValueError as exc:
        raise ValueError(f"malformed launcher {template!r}: {exc}") from None
    if not words:
        raise ValueError("the launcher template is empty")
    for name in names:
        if name not in LAUNCHER_FIELDS:
            raise ValueError(f"unknown placeholder {{{name}}} in launcher {template!r}; "
                             f"use {', '.join('{' + f + '}' for f in LAUNCHER_FIELDS)}")
    return names


def launcher_argv(template: str, *, ranks: int, timeout: float, hostfile: str = "", workdir: Path | str = "",
                  threads: int = 1) -> list[str]:
    """The launch command of one run: the template split like a shell would, then each word filled in
    (so a work directory with spaces stays one argument)."""
    values = {"ranks": ranks, "threads": threads, "timeout_s": math.ceil(timeout), "timeout_min": max(1, math.ceil(timeout / 60)),
              "hostfile": hostfile, "workdir": str(workdir)}
    return [word.format(**values) for word in shlex.split(template)]


def is_local(template: str) -> bool:
    """True when the launcher starts every rank on this machine (a plain mpirun): the sandbox then holds
    the whole run. srun, salloc or an mpirun given hosts send ranks to other nodes."""
    words = shlex.split(template)
    return bool(words) and os.path.basename(words[0]) in LOCAL_LAUNCHERS and "{hostfile}" not in template \
        and not any(w in HOST_OPTIONS or w.split("=")[0] in HOST_OPTIONS for w in words[1:])


def launcher_path(argv: list[str]) -> list[str]:
    """``argv`` with a launcher not on PATH taken from beside the running Python (the mpich wheel's
    mpirun in a venv that was not activated)."""
    if argv and os.sep not in argv[0]:
        return [toolchain.find(argv[0]) or argv[0], *argv[1:]]
    return argv


#: Environment variables in which a scheduler names the nodes of the allocation a cluster launcher runs in.
NODELIST_ENV = ("SLURM_JOB_NODELIST", "SLURM_NODELIST", "PBS_NODEFILE", "LSB_HOSTS")


def nodes(template: str, hostfile: str = "") -> str:
    """What names the machines a run under ``template`` lands on, as far as we know it before running: this
    host for a local launcher; for a cluster launcher also the hostfile's contents and the allocation's node
    list when the scheduler exported one (else only that the nodes are the scheduler's choice). A cached
    timing or verdict is reused only where this is the same."""
    here = socket.gethostname()
    if is_local(template):
        return here
    parts = [f"submitted from {here}"]
    if hostfile:
        try:
            parts.append("hostfile " + Path(hostfile).read_text(errors="replace").strip())
        except OSError:
            parts.append(f"hostfile {hostfile} (unreadable)")
    parts += [f"{name}={os.environ[name]}" for name in NODELIST_ENV if os.environ.get(name)]
    return "; ".join(parts)
