"""Run stage for ParEval's programs: one launch of ParEval's driver at a rank count, in our sandbox.

ParEval's main driver validates the answer (the problem's ``validate()``, baseline against answer on
every rank, compared on rank 0), prints ``Validation: PASS|FAIL``, then times ``NITER`` calls of the answer
(``Time:``) and of ParEval's serial baseline (``BestSequential:``). ``NITER`` is its first argument for
serial and MPI: 0 runs the validation alone, which is all a correctness run needs. What the program prints
is read as ParEval's runner reads it: the last line of each kind, whatever the exit status.
"""
from __future__ import annotations

import contextlib
import math
import shutil
from dataclasses import dataclass
from pathlib import Path

from . import cluster
from .launch import MPIEXEC_GRACE, YIELDING_ENV, sandbox_env
from .launcher import is_local, launcher_argv, launcher_path
from ..sandbox.core import Completed, Limits, run
from ..common.storage import busy_machine

#: The modes whose programs take MPI ranks.
MPI_MODES = ("mpi", "mpi+omp")


@dataclass
class ParEvalRun:
    """What one launch printed and how it ended."""

    ranks: int
    timed: bool                 # NITER as ParEval runs it (its timing loop ran), else validation only
    returncode: int | None
    timed_out: bool
    seconds: float
    validation: bool | None     # None: no ``Validation:`` line
    time_s: float | None
    best_s: float | None
    stderr: str = ""

    @property
    def pareval_ok(self) -> bool:
        """ParEval's runner's view of this run: exited with 0 and printed ``Validation: PASS``."""
        return self.returncode == 0 and not self.timed_out and self.validation is True

    def to_json(self) -> dict:
        return {k: v for k, v in self.__dict__.items() if k != "stderr"}


def _number(text: str) -> float | None:
    try:
        value = float(text.strip())
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def parse(stdout: str) -> tuple[bool | None, float | None, float | None]:
    """(validation, Time, BestSequential) as ParEval's runner parses them: the last line of each kind."""
    validation = time_s = best_s = None
    for line in stdout.split("\n"):
        if line.startswith("Validation:"):
            validation = line.split(":")[1].strip() == "PASS"
        elif line.startswith("Time:"):
            time_s = _number(line.split(":")[1])
        elif line.startswith("BestSequential:"):
            best_s = _number(line.split(":")[1])
    return validation, time_s, best_s


def launch(program: Path, mode: str, ranks: int, workdir: Path, *, timed: bool, timeout: float,
           launcher: str, hostfile: str = "", queue_timeout: float = 600.0,
           guard: contextlib.AbstractContextManager | None = None) -> ParEvalRun:
    """Run ``program`` once at ``ranks`` (serial: one process) in a fresh ``workdir``; ``timed`` runs
    ParEval's timing loop (its default NITER), else the validation alone. Raises SchedulerError when a
    cluster launcher's scheduler refused or lost the run."""
    if workdir.exists():
        shutil.rmtree(workdir, ignore_errors=True)
    workdir.mkdir(parents=True)
    workdir.chmod(0o711)
    local_program = workdir / program.name
    shutil.copyfile(program, local_program)
    local_program.chmod(0o755)
    argv = [str(local_program)] + ([] if timed else ["0"])
    env = sandbox_env(workdir)
    mpi = mode in MPI_MODES
    local = not mpi or is_local(launcher)
    limits = Limits.for_ranks(ranks if mpi else 1, network=not local)  # its CPU limit follows ``timeout``
    if mpi:
        env["MPIEXEC_TIMEOUT"] = str(math.ceil(timeout) + MPIEXEC_GRACE)
        if not timed:  # nobody reads its clock: ranks sharing cores yield them while they wait
            env.update(YIELDING_ENV)
        words = launcher_argv(launcher, ranks=ranks, timeout=timeout, hostfile=hostfile, workdir=workdir)
        command = launcher_path(words) + argv
    else:
        words, command = [], argv
    with guard or busy_machine():
        if local:
            done: Completed = run(command, cwd=workdir, timeout=timeout, env=env, limits=limits)
        else:
            done = cluster.launch(launcher_path(words), argv, workdir=workdir, timeout=timeout, env=env,
                                  limits=limits, queue_timeout=queue_timeout)
    validation, time_s, best_s = parse(done.stdout)
    return ParEvalRun(ranks=ranks, timed=timed, returncode=done.returncode, timed_out=done.timed_out,
                      seconds=done.seconds, validation=validation, time_s=time_s, best_s=best_s,
                      stderr=(done.stderr or "")[-2000:])
