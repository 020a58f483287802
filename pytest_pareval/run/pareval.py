"""Run stage for ParEval's programs: one launch of ParEval's driver at a rank count, in our sandbox.

ParEval's main driver validates the answer (the problem's ``validate()``, baseline against answer on
every rank, compared on rank 0), prints ``Validation: PASS|FAIL``, then times ``NITER`` calls of the answer
(``Time:``) and of ParEval's serial baseline (``BestSequential:``). ``NITER`` is its first argument for
serial and MPI: 0 runs the validation alone, which is all a correctness run needs. What the program prints
is read as ParEval's runner reads it: the last line of each kind, whatever the exit status.

ParEval's OpenMP drivers (omp, mpi+omp) take the thread count as their argument instead, and always run the
timing loop (NITER is fixed there): every such run is a timed one. The thread count is set as for our own
OpenMP items (launch.omp_env: OMP_NUM_THREADS, OMP_THREAD_LIMIT, ...), and the accounting layer linked into
those programs (build/pareval.py) reports the parallel regions each rank started (OMP_REPORT_FILE).
"""
from __future__ import annotations

import contextlib
import math
import shutil
from dataclasses import dataclass
from pathlib import Path

from . import cluster
from .launch import MPIEXEC_GRACE, YIELDING_ENV, sandbox_env
from ..common import toolchain
from .launcher import is_local, launcher_argv, launcher_path
from ..sandbox.core import Completed, Limits, run
from ..common.storage import busy_machine

#: The modes whose programs take MPI ranks.
MPI_MODES = ("mpi", "mpi+omp")
#: The modes whose programs take a thread count as their argument (and always run ParEval's timing loop).
OMP_MODES = ("omp", "mpi+omp")
#: Where the accounting layer's report goes (one line per rank: "<rank> <regions of 2+ threads>").
OMP_REPORT_FILE = "omp-regions.txt"
#: Where the division's program reports each rank's compute per call of the answer (build/parevalcalls.cpp).
CALLS_REPORT_FILE = "calls.txt"
#: Calls of the answer in a division run (ParEval's MPI driver takes NITER as its argument): as our items' 3.
DIVISION_CALLS = 3


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
    threads: int = 1
    #: OpenMP regions of two or more threads the run started, summed over ranks (OpenMP models; None
    #: elsewhere). A run that ended without its exit handlers reports none: 0.
    omp_regions: int | None = None
    second_try: bool = False    # a launch after this shape's first one failed (verdict.pareval.retried)
    #: The division's runs: per rank, the compute (CPU s, MPI's left out) of each of the last calls of the
    #: answer, ParEval's timed calls; None elsewhere or without a report.
    call_cpu: list[list[float]] | None = None

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


def regions(text: str) -> int:
    """The regions of 2+ threads in the accounting layer's report, summed over the ranks' lines."""
    total = 0
    for line in text.splitlines():
        words = line.split()
        if len(words) == 2 and words[1].isdigit():
            total += int(words[1])
    return total


def call_report(text: str, ranks: int, calls: int) -> list[list[float]] | None:
    """Per rank (0..ranks-1), the compute of its last ``calls`` calls from the division's report; None
    unless every rank reported at least that many calls once."""
    found: dict[int, list[float]] = {}
    for line in text.splitlines():
        words = line.split()
        try:
            rank, values = int(words[0]), [float(w) for w in words[1:]]
        except (ValueError, IndexError):
            return None
        if rank in found or not 0 <= rank < ranks or len(values) < calls:
            return None
        found[rank] = values[-calls:]
    return [found[r] for r in range(ranks)] if len(found) == ranks else None


def launch(program: Path, mode: str, ranks: int, workdir: Path, *, timed: bool, timeout: float,
           launcher: str, hostfile: str = "", queue_timeout: float = 600.0, threads: int = 1,
           guard: contextlib.AbstractContextManager | None = None, division: bool = False) -> ParEvalRun:
    """Run ``program`` once at ``ranks`` (serial: one process) of ``threads`` OpenMP threads each in a fresh
    ``workdir``; ``timed`` runs ParEval's timing loop (its default NITER), else the validation alone (the
    OpenMP drivers always time). Raises SchedulerError when a cluster launcher's scheduler refused or lost
    the run. ``division``: a run of the division's program, DIVISION_CALLS timed calls, whose per-call
    compute is read back (``call_cpu``)."""
    if workdir.exists():
        shutil.rmtree(workdir, ignore_errors=True)
    workdir.mkdir(parents=True)
    workdir.chmod(0o711)
    local_program = workdir / program.name
    shutil.copyfile(program, local_program)
    local_program.chmod(0o755)
    omp = mode in OMP_MODES
    threads = threads if omp else 1
    if omp:
        argv = [str(local_program), str(threads)]
    elif division:
        argv = [str(local_program), str(DIVISION_CALLS)]
    else:
        argv = [str(local_program)] + ([] if timed else ["0"])
    mpi = mode in MPI_MODES
    ranks = ranks if mpi else 1
    # Threads spin while they wait where the run fits the cores, as for our own OpenMP items (omp_env).
    env = sandbox_env(workdir, threads, spinning=ranks * threads <= toolchain.usable_cores())
    if omp:
        env["PAREVAL_OMP_REPORT"] = OMP_REPORT_FILE
    if division:
        env["PAREVAL_CALLS_REPORT"] = CALLS_REPORT_FILE
    keep = ((OMP_REPORT_FILE,) if omp else ()) + ((CALLS_REPORT_FILE,) if division else ())
    local = not mpi or is_local(launcher)
    # its CPU limit follows ``timeout``
    limits = Limits.for_ranks(ranks, network=not local, threads=threads) if mpi else Limits.for_threads(threads)
    if mpi:
        env["MPIEXEC_TIMEOUT"] = str(math.ceil(timeout) + MPIEXEC_GRACE)
        if not timed:  # nobody reads its clock: ranks sharing cores yield them while they wait
            env.update(YIELDING_ENV)
        words = launcher_argv(launcher, ranks=ranks, timeout=timeout, hostfile=hostfile, workdir=workdir,
                              threads=threads)
        command = launcher_path(words) + argv
    else:
        words, command = [], argv
    with guard or busy_machine():
        if local:
            done: Completed = run(command, cwd=workdir, timeout=timeout, env=env, limits=limits,
                                  keep=keep)
        else:
            done = cluster.launch(launcher_path(words), argv, workdir=workdir, timeout=timeout, env=env,
                                  limits=limits, queue_timeout=queue_timeout)
    validation, time_s, best_s = parse(done.stdout)
    found = None
    if omp:
        report = workdir / OMP_REPORT_FILE
        try:
            found = regions(report.read_text(errors="replace")) if report.is_file() and not report.is_symlink() else 0
        except OSError:
            found = 0
    call_cpu = None
    if division:
        report = workdir / CALLS_REPORT_FILE
        try:
            if report.is_file() and not report.is_symlink():
                call_cpu = call_report(report.read_text(errors="replace"), ranks, DIVISION_CALLS)
        except OSError:
            call_cpu = None
    return ParEvalRun(ranks=ranks, timed=timed or omp, call_cpu=call_cpu, returncode=done.returncode,
                      timed_out=done.timed_out,
                      seconds=done.seconds, validation=validation, time_s=time_s, best_s=best_s,
                      stderr=(done.stderr or "")[-2000:], threads=threads, omp_regions=found)
