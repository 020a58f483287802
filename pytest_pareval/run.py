"""Run stage: hand a built library and the cases to the driver, serially or under the MPI launcher."""
from __future__ import annotations

import json
import os
import shlex
import sys
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from .problems import CXX_TYPES, Signature
from .sandbox import Completed, Limits, run

DEFAULT_LAUNCHER = "mpirun -n {ranks}"
#: Launchers that start every rank on this machine, so that they run without a network.
LOCAL_LAUNCHERS = ("mpirun", "mpiexec", "mpiexec.hydra")
#: What reaches the generated program from the user's environment: nothing else (no keys, no tokens).
PASSED_ENV = ("PATH", "LANG", "LC_ALL", "TMPDIR", "LD_LIBRARY_PATH")


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


def driver_command(mode: str, ranks: int, launcher: str, spec: Path) -> list[str]:
    if mode == "serial":
        return [sys.executable, "-m", "pytest_pareval.driver", str(spec)]
    # mpi4py's runner aborts the whole job when one rank raises, instead of leaving the rest hanging.
    return [*shlex.split(launcher.format(ranks=ranks)), sys.executable, "-m", "mpi4py", "-m",
            "pytest_pareval.driver", str(spec)]


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
            limits: Limits | None = None) -> Execution:
    """Run every case through the candidate in one launch and collect rank 0's outputs."""
    write_spec(library, signature, cases, mode, workdir)
    env = sandbox_env(workdir)
    env["PYTHONPATH"] = str(Path(__file__).resolve().parent.parent)
    if mode == "mpi":
        env["MPIEXEC_TIMEOUT"] = str(max(1, int(timeout)))
    command = driver_command(mode, ranks, launcher, workdir / "spec.json")
    # A local mpirun works inside the sandbox's network namespace (loopback only); a cluster launcher
    # (srun ...) must reach its daemons, so it keeps the network.
    local = mode == "serial" or os.path.basename(command[0]) in LOCAL_LAUNCHERS
    completed = run(command, cwd=workdir, timeout=timeout, env=env,
                    limits=limits or Limits.for_ranks(ranks if mode == "mpi" else 1, network=not local))
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
    return execution
