"""Run stage: run a compiled answer on the cases, serially or under the MPI launcher, and read back what
rank 0 reported (exchange.py validates every byte of it: the candidate could have tampered with it)."""
from __future__ import annotations

import contextlib
import math
import os
import shutil
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np

from . import cluster
from . import exchange
from . import faults
from .cluster import SchedulerError  # noqa: F401 - the verdict stage's name for it
from .launcher import DEFAULT_LAUNCHER, is_local, launcher_argv, launcher_path  # noqa: F401 - idem
from ..suite.problems import MPI_MODES, OMP_MODES, Signature
from ..common import toolchain
from ..common.redact import clean
from ..sandbox.core import Completed, Limits, run
from ..common.storage import busy_machine

#: What reaches the generated program from the user's environment: nothing else (no keys, no tokens).
PASSED_ENV = ("PATH", "LANG", "LC_ALL", "TMPDIR", "LD_LIBRARY_PATH")
#: MPICH's settings for ranks that share cores (MPICH's own CI sets them for 3+ ranks on 2 cores): a rank
#: waiting for a message yields its core after an empty poll instead of spinning through its time slice.
#: Correctness runs get them, and timed runs with more ranks than cores: 3 ranks of our references on 2
#: cores went from 0.25 s to 0.10 s a launch. Other MPI libraries ignore them.
YIELDING_ENV = {"MPIR_CVAR_POLLS_BEFORE_YIELD": "1", "MPIR_CVAR_CH4_PROGRESS_THROTTLE": "1",
                "MPIR_CVAR_CH4_PROGRESS_THROTTLE_NO_PROGRESS_COUNT": "1"}


@dataclass
class Execution:
    """What a run of the program reported. ``outputs`` is ``None`` when it did not finish."""

    completed: Completed
    outputs: list[dict[str, np.ndarray]] | None = None  # rank 0's outputs per finished case (last repetition)
    seconds: list[list[float]] = field(default_factory=list)  # per case, per repetition: wall s, max over ranks
    #: per case, per unit (rank, then thread): CPU s in the call minus CPU s inside MPI, of the repetition
    #: whose busiest unit was least; serial: one entry
    compute_seconds: list[list[float]] | None = None
    mpi_calls: dict[str, int] | None = None  # calls by kind over the run, summed over ranks (MPI only)
    omp_regions: int | None = None  # OpenMP parallel regions of 2+ threads, summed over ranks (OpenMP only)
    error: str | None = None  # the program's own failure (an exception, unreadable results): run_fail
    #: The machine's fault, read from what the program cannot write (the kernel's OOM counters of the run's
    #: cgroup): the item's error, never the model's run_fail.
    fault: str | None = None

    @property
    def total_seconds(self) -> float:
        """Sum over cases of the fastest repetition."""
        return sum(min(per_case) for per_case in self.seconds if per_case)


def omp_env(threads: int, *, spinning: bool = False) -> dict[str, str]:
    """OpenMP settings of a run: the harness's thread count, a hard cap on the threads a program can start
    (OMP_THREAD_LIMIT: a num_threads(64) clause gets the harness's count, and the sandbox's pids limit is
    never reached through OpenMP), no nesting, and how idle threads wait.

    Threads spin while they wait (``spinning``) wherever the run's threads fit the cores, else they sleep
    (passive). A sleeping worker wakes 50 microseconds or more after a region starts, milliseconds on a loaded
    machine: by then a thread has summed 100,000 numbers, so a racy reduction came out right 20 times in 20
    at 2 threads passively and wrong 20 times in 20 spinning, and on a call of a few milliseconds with a
    dynamic schedule the calling thread took nearly every chunk before the other woke (our
    connected_components and first_index_of references read as "a thread sat idle"). The CPU spent
    spinning is not work: the accounting layer leaves libgomp's waits out (build/ompwrap.cpp)."""
    return {"OMP_NUM_THREADS": str(threads), "OMP_THREAD_LIMIT": str(threads), "OMP_MAX_ACTIVE_LEVELS": "1",
            "OMP_DYNAMIC": "false", "OMP_WAIT_POLICY": "active" if spinning else "passive"}


def sandbox_env(workdir: Path, threads: int = 1, *, spinning: bool = False) -> dict[str, str]:
    env = {k: os.environ[k] for k in PASSED_ENV if k in os.environ}
    env.update(HOME=str(workdir), OPENBLAS_NUM_THREADS="1", **omp_env(threads, spinning=spinning))
    return env


def driver_command(mode: str, ranks: int, launcher: str, program: Path, spec: Path, *, timeout: float = 60.0,
                   hostfile: str = "", threads: int = 1) -> list[str]:
    """``./answer SPEC`` serially and with OpenMP; under the launcher in the MPI modes."""
    if mode not in MPI_MODES:
        return [str(program), str(spec)]
    return launcher_path([*launcher_argv(launcher, ranks=ranks, timeout=timeout, hostfile=hostfile,
                                        workdir=spec.parent, threads=threads), str(program), str(spec)])


#: Seconds hydra's own MPIEXEC_TIMEOUT waits beyond the sandbox's deadline: the sandbox stops a run first
#: (a timeout), hydra only when the sandbox cannot (its exit status 255 would read as the program's crash).
MPIEXEC_GRACE = 30


def execute(program: Path, signature: Signature, cases: list[dict[str, np.ndarray]], mode: str, workdir: Path,
            *, ranks: int, timeout: float, repeats: int = 1, launcher: str = DEFAULT_LAUNCHER, threads: int = 1,
            limits: Limits | None = None, hostfile: str = "", queue_timeout: float = 600.0,
            yielding: bool = False, guard: contextlib.AbstractContextManager | None = None) -> Execution:
    """Run every case through the program in one launch and collect rank 0's report.

    ``workdir`` becomes the run directory: it gets a copy of the program, the spec and the inputs, and
    nothing of the build (whatever the run writes there reaches no other build or run). Each case is
    called ``repeats`` times on fresh copies of its inputs. ``yielding`` asks MPICH to yield cores while
    ranks wait (YIELDING_ENV); ``guard`` is held around the launch alone (the machine-wide lock of timed
    runs: the inputs are written before it is taken, the results read after); without one, the run holds
    the machine's quiet lock shared (storage.QUIET_LOCK). ``threads`` is each process's OpenMP thread count
    (OpenMP modes; 1 otherwise; they spin while they wait where they fit the cores: omp_env). Raises
    SchedulerError when a cluster
    launcher's scheduler refused or lost the run, or the job waited longer than ``queue_timeout``."""
    workdir.mkdir(parents=True, exist_ok=True)
    ranks = ranks if mode in MPI_MODES else 1
    threads = threads if mode in OMP_MODES else 1
    local_program = workdir / program.name
    # An earlier run in this directory may have left anything under our names (a symlink to a file of
    # ours, a directory): remove it rather than write through it.
    copy = local_program != program
    for name in (exchange.SPEC_FILE, exchange.INPUTS_FILE, exchange.OUTPUTS_FILE, exchange.META_FILE) + \
            ((program.name,) if copy else ()):
        _remove(workdir / name)
    if copy:
        if program.exists():
            shutil.copyfile(program, local_program)
            local_program.chmod(0o755)
    input_bytes = exchange.write_inputs(signature, cases, workdir / exchange.INPUTS_FILE)
    spec = exchange.write_spec(workdir, len(cases), repeats)
    # Outputs are about as large as the inputs; room for 4x, and never less than the default limit.
    output_limit = max(64 << 20, 4 * input_bytes + (1 << 20))
    # Spinning threads of several ranks on fewer cores would spin against each other (2x2 on 2 cores).
    env = sandbox_env(workdir, threads, spinning=ranks * threads <= toolchain.usable_cores())
    if mode in MPI_MODES:
        env["MPIEXEC_TIMEOUT"] = str(math.ceil(timeout) + MPIEXEC_GRACE)
        if yielding:
            env.update(YIELDING_ENV)
    command = driver_command(mode, ranks, launcher, local_program, spec, timeout=timeout, hostfile=hostfile,
                             threads=threads)
    local = mode not in MPI_MODES or is_local(launcher)
    keep = (exchange.OUTPUTS_FILE, exchange.META_FILE)
    wrapped = local and mode in MPI_MODES
    if wrapped:
        # The ranks' stdout and stderr go to files of their own: mpirun's stderr then holds the launcher's
        # lines only (faults.py reads it for launcher faults).
        words = command[:-2]
        command = [*words, *cluster.wrapped(command[-2:], workdir, shared=True)]
        keep += cluster.SHARED_RANK_FILES
        for name in cluster.SHARED_RANK_FILES:
            _remove(workdir / name)
    if limits is None:
        limits = Limits.for_ranks(ranks, network=not local, threads=threads) if mode in MPI_MODES \
            else Limits.for_threads(threads)
        limits = replace(limits, file_size_mb=max(limits.file_size_mb, output_limit >> 20))
        # The run's directory (a tmpfs): the program, its inputs, room for the results twice over, and
        # 256 MB for whatever the program writes itself; all files together, not per file.
        need = input_bytes + local_program.stat().st_size + 2 * output_limit if local_program.exists() else 0
        limits = replace(limits, disk_mb=max(limits.disk_mb, (need >> 20) + 256))
    with guard or busy_machine():
        if local:
            # A local mpirun works inside the sandbox's network namespace (loopback only).
            completed = run(command, cwd=workdir, timeout=timeout, env=env, limits=limits, keep=keep)
            if wrapped:
                faulted = _launcher_fault(_separate(completed, workdir, limits), words, workdir, env=env,
                                          limits=limits)
                if faulted is not None:
                    return faulted
        else:
            # A cluster launcher must reach its daemons and run as a user the cluster knows (cluster.py).
            words = launcher_argv(launcher, ranks=ranks, timeout=timeout, hostfile=hostfile, workdir=workdir,
                                  threads=threads)
            completed = cluster.launch(launcher_path(words), command[len(words):], workdir=workdir,
                                       timeout=timeout, env=env, limits=limits, queue_timeout=queue_timeout)
    execution = Execution(completed=completed)
    if completed.oom == "machine":
        execution.fault = "the machine ran out of memory: the kernel killed a process of the run below its own limit"
        return execution
    if completed.timed_out:
        return execution
    if wrapped and completed.output_capped:  # as the sandbox stops a flood through the launcher's pipes
        execution.error = f"the ranks' output exceeded the capture limit ({limits.output_bytes >> 20} MB)"
        return execution
    try:
        results = exchange.read_results(workdir, signature, cases=len(cases), ranks=ranks, repeats=repeats,
                                        output_limit=output_limit, threads=threads)
    except exchange.ResultError as exc:
        if completed.returncode == 0:  # it claims success but left no readable report: its own doing
            execution.error = clean(f"the program's results are unusable: {exc}", 500)
        return execution  # otherwise the judge reports the exit status or signal
    if results.error:
        index = len(results.outputs)
        execution.error = clean(f"case {index}: {results.error}", 1000)
    elif completed.returncode != 0:  # a full report, then a crash or a kill: not a finished run
        return execution
    execution.outputs = results.outputs
    execution.seconds = results.seconds
    execution.compute_seconds = results.compute_seconds
    execution.mpi_calls = results.mpi_calls if mode in MPI_MODES else None
    execution.omp_regions = results.omp_regions if mode in OMP_MODES else None
    if not local and execution.total_seconds > timeout:  # the watchdog allowed for the queue wait as well
        completed.timed_out = True
    return execution


def _launcher_fault(completed: Completed, words: list[str], workdir: Path, *, env: dict[str, str],
                    limits: Limits) -> Execution | None:
    """A failed local launch whose launcher printed a fault line of its own: the same launch of a program of
    ours decides whose fault it is (faults.attribute). None when the launcher printed none."""
    if completed.returncode == 0 or completed.timed_out or completed.oom:
        return None
    line = faults.fault_line(completed.launcher_log)
    if line is None:
        return None

    def probe() -> Completed:
        where = workdir / "launcher-probe"  # a directory of its own: nothing of the answer's run in it
        _remove(where)
        where.mkdir()
        done = run([*words, *cluster.wrapped(faults.PROBE_PROGRAM, where, shared=True)], cwd=where,
                   timeout=faults.PROBE_TIMEOUT, env=env, limits=limits)
        return _separate(done, where, limits)

    outcome, why = faults.attribute(line, probe)
    execution = Execution(completed=completed)
    if outcome == "error":
        execution.fault = why
    else:
        execution.error = why
    return execution


def _separate(completed: Completed, workdir: Path, limits: Limits) -> Completed:
    """A wrapped local launch: the launcher's own stderr becomes ``launcher_log``; stdout and stderr become
    the ranks' (from their files) followed by the launcher's, as a user reads them. Ranks that wrote past the
    capture limit mark the run as capped, as a flood through the launcher's pipes did."""
    out, err, capped = cluster.rank_output(workdir, list(cluster.SHARED_RANK_FILES), limits.output_bytes)
    completed.launcher_log = completed.stderr
    completed.stdout = clean(out + completed.stdout, limits.output_bytes)
    completed.stderr = clean(err + completed.stderr, limits.output_bytes)
    completed.output_capped = completed.output_capped or capped
    return completed


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)

