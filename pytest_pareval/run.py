"""Run stage: hand a built library and the cases to the driver, serially or under the MPI launcher."""
from __future__ import annotations

import json
import math
import os
import shlex
import string
import sys
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from . import cluster
from .cluster import SchedulerError, probe_shared  # noqa: F401 - the plugin's names for them
from .problems import CXX_TYPES, Signature
from .sandbox import Completed, Limits, run

DEFAULT_LAUNCHER = "mpirun -n {ranks}"
#: Placeholders of the launcher template (``--pareval-launcher``) and what they become.
LAUNCHER_FIELDS = {
    "ranks": "the run's number of MPI ranks",
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
#: What reaches the generated program from the user's environment: nothing else (no keys, no tokens).
PASSED_ENV = ("PATH", "LANG", "LC_ALL", "TMPDIR", "LD_LIBRARY_PATH")


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


def launcher_argv(template: str, *, ranks: int, timeout: float, hostfile: str = "", workdir: Path | str = "") \
        -> list[str]:
    """The launch command of one run: the template split like a shell would, then each word filled in
    (so a work directory with spaces stays one argument)."""
    values = {"ranks": ranks, "timeout_s": math.ceil(timeout), "timeout_min": max(1, math.ceil(timeout / 60)),
              "hostfile": hostfile, "workdir": str(workdir)}
    return [word.format(**values) for word in shlex.split(template)]


def is_local(template: str) -> bool:
    """True when the launcher starts every rank on this machine (a plain mpirun): the sandbox then holds
    the whole run. srun, salloc or an mpirun given hosts send ranks to other nodes."""
    words = shlex.split(template)
    return bool(words) and os.path.basename(words[0]) in LOCAL_LAUNCHERS and "{hostfile}" not in template \
        and not any(w in HOST_OPTIONS or w.split("=")[0] in HOST_OPTIONS for w in words[1:])


@dataclass
class Execution:
    """What the driver reported; ``outputs`` is per case, ``None`` when it did not finish."""

    completed: Completed
    outputs: list[dict[str, np.ndarray]] | None = None
    seconds: list[float] = field(default_factory=list)
    mpi_calls: dict[str, int] | None = None
    error: str | None = None


def sandbox_env(workdir: Path) -> dict[str, str]:
    env = {k: os.environ[k] for k in PASSED_ENV if k in os.environ}
    env.update(HOME=str(workdir), OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1", PYTHONNOUSERSITE="1",
               PYTHONDONTWRITEBYTECODE="1")
    for key in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE"):  # keep numpy working on CPUs that need these
        if key in os.environ:
            env[key] = os.environ[key]
    return env


def driver_command(mode: str, ranks: int, launcher: str, spec: Path, *, timeout: float = 60.0,
                   hostfile: str = "") -> list[str]:
    if mode == "serial":
        return [sys.executable, "-m", "pytest_pareval.driver", str(spec)]
    # mpi4py's runner aborts the whole job when one rank raises, instead of leaving the rest hanging.
    return [*launcher_argv(launcher, ranks=ranks, timeout=timeout, hostfile=hostfile, workdir=spec.parent),
            sys.executable, "-m", "mpi4py", "-m", "pytest_pareval.driver", str(spec)]


def write_spec(library: Path, signature: Signature, cases: list[dict[str, np.ndarray]], mode: str,
               workdir: Path) -> Path:
    """Put the inputs and the driver's instructions in ``workdir``; returns the spec's path."""
    np.savez(workdir / "inputs.npz", **{f"{i}.{k}": v for i, case in enumerate(cases) for k, v in case.items()})
    spec = {
        "mode": mode,
        "library": str(library),
        "inputs": str(workdir / "inputs.npz"),
        "outputs": str(workdir / "outputs.npz"),
        "meta": str(workdir / "meta.json"),
        "cases": len(cases),
        "returns": None if signature.returns == "void" else CXX_TYPES[signature.returns].str,
        "args": [{"name": a.name, "output": a.is_output} for a in signature.args],
    }
    (workdir / "spec.json").write_text(json.dumps(spec))
    return workdir / "spec.json"


def execute(library: Path, signature: Signature, cases: list[dict[str, np.ndarray]], mode: str,
            workdir: Path, *, ranks: int, timeout: float, launcher: str = DEFAULT_LAUNCHER,
            limits: Limits | None = None, hostfile: str = "", queue_timeout: float = 600.0) -> Execution:
    """Run every case through the candidate in one launch and collect rank 0's outputs.

    Raises SchedulerError when a cluster launcher's scheduler refused or lost the run, or the job waited
    longer than ``queue_timeout`` for its allocation."""
    write_spec(library, signature, cases, mode, workdir)
    env = sandbox_env(workdir)
    env["PYTHONPATH"] = str(Path(__file__).resolve().parent.parent)
    if mode == "mpi":
        env["MPIEXEC_TIMEOUT"] = str(max(1, int(timeout)))
    command = driver_command(mode, ranks, launcher, workdir / "spec.json", timeout=timeout, hostfile=hostfile)
    local = mode == "serial" or is_local(launcher)
    if local:
        # A local mpirun works inside the sandbox's network namespace (loopback only).
        completed = run(command, cwd=workdir, timeout=timeout, env=env,
                        limits=limits or Limits.for_ranks(ranks if mode == "mpi" else 1))
    else:
        # A cluster launcher must reach its daemons and run as a user the cluster knows (cluster.py).
        words = launcher_argv(launcher, ranks=ranks, timeout=timeout, hostfile=hostfile, workdir=workdir)
        completed = cluster.launch(words, command[len(words):], workdir=workdir, timeout=timeout, env=env,
                                   limits=limits or Limits.for_ranks(ranks, network=True),
                                   queue_timeout=queue_timeout)
    execution = Execution(completed=completed)
    meta_path = workdir / "meta.json"
    if completed.timed_out or not meta_path.exists():
        return execution
    meta = json.loads(meta_path.read_text())
    execution.seconds = meta["seconds"]
    execution.mpi_calls = meta["mpi_calls"] if mode == "mpi" else None
    execution.error = meta["error"]
    with np.load(workdir / "outputs.npz", allow_pickle=False) as data:
        per_case: list[dict[str, np.ndarray]] = [{} for _ in cases]
        for key in data.files:
            index, name = key.split(".", 1)
            per_case[int(index)][name] = data[key]
    execution.outputs = per_case[: len(execution.seconds)]
    if not local and sum(execution.seconds) > timeout:  # the watchdog allowed for the queue wait as well
        completed.timed_out = True
    return execution

