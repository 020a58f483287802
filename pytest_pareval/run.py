"""Run stage: run a compiled answer on the cases, serially or under the MPI launcher, and read back what
rank 0 reported (exchange.py validates every byte of it: the candidate could have tampered with it)."""
from __future__ import annotations

import math
import os
import re
import secrets
import shlex
import shutil
import signal
import string
import subprocess
import tempfile
import time
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np

from . import exchange, toolchain
from .problems import Signature
from .redact import clean
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
#: Messages of a scheduler (or of hydra's ssh) that refused or lost a run: the cluster's fault, not the
#: model's. Only lines the launcher itself prints (``srun: error: ...``) are read, never the ranks' output.
REFUSALS = re.compile(
    r"^(?:(?:srun|salloc|sbatch|slurmstepd(?:-[\w.-]+)?): error: .*(?:Unable to allocate resources|"
    r"violates accounting/QOS policy|Invalid partition|Unable to create step|Unable to contact slurm controller|"
    r"Unable to establish controller connection|Requested node configuration is not available|"
    r"has been revoked|NODE.FAIL|DUE TO NODE FAILURE|Node failure|Job credential|Prolog failure|"
    r"Socket timed out|Communication connection failure|Error generating job credential|couldn't chdir to)|"
    r"ssh: (?:connect to host|Could not resolve hostname)|Host key verification failed|"
    r"\[mpiexec@[^]]*\] .*(?:unable to connect|ssh|launch failed|HYD_connect))", re.M)
#: What srun says while a job waits for its allocation, and once it has one.
PENDING, ALLOCATED = re.compile(r"queued and waiting for resources"), re.compile(r"has been allocated resources")
#: Scheduler messages of a run stopped at its time limit (the --time of {timeout_min}): the model's timeout.
TIME_LIMIT = re.compile(r"CANCELLED AT \S+ DUE TO TIME LIMIT")
#: What reaches the generated program from the user's environment: nothing else (no keys, no tokens).
PASSED_ENV = ("PATH", "LANG", "LC_ALL", "TMPDIR", "LD_LIBRARY_PATH")
#: Seconds a cluster launcher gets to cancel its job after SIGTERM (srun cancels the step) before SIGKILL.
CANCEL_GRACE = 15.0


class SchedulerError(RuntimeError):
    """The cluster refused or lost a run (no allocation, queue timeout, node failure): an infrastructure
    error of the item, never the model's failure."""


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


def refusal(stderr: str) -> str | None:
    """The scheduler's own line when it refused or lost the run, else None."""
    match = REFUSALS.search(stderr)
    if match is None:
        return None
    end = stderr.find("\n", match.end())
    return stderr[match.start(): end if end >= 0 else len(stderr)].strip()


@dataclass
class Execution:
    """What a run of the program reported. ``outputs`` is ``None`` when it did not finish."""

    completed: Completed
    outputs: list[dict[str, np.ndarray]] | None = None  # rank 0's outputs per finished case (last repetition)
    seconds: list[list[float]] = field(default_factory=list)  # per case, per repetition: wall s, max over ranks
    #: per case, per rank: CPU s in the call minus CPU s inside MPI (min over repetitions); serial: one entry
    compute_seconds: list[list[float]] | None = None
    mpi_calls: dict[str, int] | None = None  # calls by kind over the run, summed over ranks (MPI only)
    error: str | None = None  # the program's own failure (an exception, unreadable results): run_fail

    @property
    def total_seconds(self) -> float:
        """Sum over cases of the fastest repetition."""
        return sum(min(per_case) for per_case in self.seconds if per_case)


def sandbox_env(workdir: Path) -> dict[str, str]:
    env = {k: os.environ[k] for k in PASSED_ENV if k in os.environ}
    env.update(HOME=str(workdir), OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1")
    return env


def launcher_path(argv: list[str]) -> list[str]:
    """``argv`` with a launcher not on PATH taken from beside the running Python (the mpich wheel's
    mpirun in a venv that was not activated)."""
    if argv and os.sep not in argv[0]:
        return [toolchain.find(argv[0]) or argv[0], *argv[1:]]
    return argv


def driver_command(mode: str, ranks: int, launcher: str, program: Path, spec: Path, *, timeout: float = 60.0,
                   hostfile: str = "") -> list[str]:
    """``./answer SPEC`` serially; under the launcher in MPI mode."""
    if mode == "serial":
        return [str(program), str(spec)]
    return launcher_path([*launcher_argv(launcher, ranks=ranks, timeout=timeout, hostfile=hostfile,
                                        workdir=spec.parent), str(program), str(spec)])


def cluster_env() -> dict[str, str]:
    """The scheduler's own variables (an enclosing salloc's allocation, SRUN_ defaults): not secrets."""
    return {k: v for k, v in os.environ.items()
            if k.startswith(("SLURM_", "SRUN_", "SALLOC_", "SBATCH_", "HYDRA_")) or k == "MUNGE_SOCKET"}


def probe_shared(template: str, directory: Path, *, ranks: int, hostfile: str = "",
                 timeout: float = 60.0) -> str | None:
    """Check once that ranks started by a cluster launcher see ``directory`` at the same path: the
    controller writes a token there and ``cat`` on every rank must print it. None when they all do, else
    the reason in one line."""
    probe = Path(tempfile.mkdtemp(prefix="pareval-probe-", dir=directory))
    try:
        probe.chmod(0o755)
        token = secrets.token_hex(8)
        (probe / "marker").write_text(token + "\n")
        argv = [*launcher_argv(template, ranks=ranks, timeout=timeout, hostfile=hostfile, workdir=probe),
                "cat", str(probe / "marker")]
        env = {k: os.environ[k] for k in PASSED_ENV if k in os.environ} | cluster_env()
        try:
            done = run_launcher(argv, cwd=probe, timeout=timeout, env=env, limits=Limits())
        except OSError as exc:
            return f"cannot start {argv[0]}: {exc.strerror}"
    finally:
        shutil.rmtree(probe, ignore_errors=True)
    if done.timed_out:
        return f"the probe job ({' '.join(argv)}) did not finish within {timeout:g} s"
    if done.returncode == 0 and done.stdout.split() == [token] * ranks:
        return None
    lines = done.stderr.strip().splitlines()
    reason = refusal(done.stderr) or (lines[0] if lines else f"exit status {done.returncode}, "
                                      f"{len(done.stdout.split())} of {ranks} rank(s) read the marker")
    return f"{ranks} rank(s) of `{' '.join(argv[:-2])}` could not read {probe}/marker: {reason}"


def run_launcher(argv: list[str], *, cwd: Path, timeout: float, env: dict[str, str], limits: Limits) -> Completed:
    """Run a cluster launcher (srun, salloc, mpirun with hosts) as the user, with the network.

    Its ranks run on other nodes, out of reach of this machine's sandbox: they get its rlimits (set on the
    launcher here; Slurm's PropagateResourceLimits hands them to the tasks), the scheduler's time limit and
    the scheduler's own process tracking. At the timeout the launcher gets SIGTERM first, so that srun
    cancels its job step instead of leaving it running on the cluster, and SIGKILL after CANCEL_GRACE.
    """
    start = time.monotonic()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        proc = subprocess.Popen(argv, cwd=cwd, env=env, stdin=subprocess.DEVNULL, stdout=out, stderr=err,
                                start_new_session=True, preexec_fn=limits.apply)
        timed_out = False
        try:
            proc.wait(timeout)
        except subprocess.TimeoutExpired:
            timed_out = True
            os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(CANCEL_GRACE)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
        try:
            os.killpg(proc.pid, signal.SIGKILL)  # whatever the launcher left behind on this machine
        except (ProcessLookupError, PermissionError):
            pass
        texts = []
        for stream in (out, err):
            stream.seek(0)
            texts.append(stream.read(limits.output_bytes).decode(errors="replace"))
        capped = any(os.fstat(s.fileno()).st_size > limits.output_bytes for s in (out, err))
    return Completed(returncode=None if timed_out else proc.returncode, stdout=texts[0], stderr=texts[1],
                     seconds=time.monotonic() - start, timed_out=timed_out, output_capped=capped)


#: Seconds hydra's own MPIEXEC_TIMEOUT waits beyond the sandbox's deadline: the sandbox stops a run first
#: (a timeout), hydra only when the sandbox cannot (its exit status 255 would read as the program's crash).
MPIEXEC_GRACE = 30


def execute(program: Path, signature: Signature, cases: list[dict[str, np.ndarray]], mode: str, workdir: Path,
            *, ranks: int, timeout: float, repeats: int = 1, launcher: str = DEFAULT_LAUNCHER,
            limits: Limits | None = None, hostfile: str = "", queue_timeout: float = 600.0) -> Execution:
    """Run every case through the program in one launch and collect rank 0's report.

    ``workdir`` becomes the run directory: it gets a copy of the program, the spec and the inputs, and
    nothing of the build (whatever the run writes there reaches no other build or run). Each case is
    called ``repeats`` times on fresh copies of its inputs. Raises SchedulerError when a cluster
    launcher's scheduler refused or lost the run, or the job waited longer than ``queue_timeout``."""
    workdir.mkdir(parents=True, exist_ok=True)
    ranks = ranks if mode == "mpi" else 1
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
    env = sandbox_env(workdir)
    if mode == "mpi":
        env["MPIEXEC_TIMEOUT"] = str(math.ceil(timeout) + MPIEXEC_GRACE)
    command = driver_command(mode, ranks, launcher, local_program, spec, timeout=timeout, hostfile=hostfile)
    local = mode == "serial" or is_local(launcher)
    if limits is None:
        limits = Limits.for_ranks(ranks, network=not local)
        limits = replace(limits, file_size_mb=max(limits.file_size_mb, output_limit >> 20))
    if local:
        # A local mpirun works inside the sandbox's network namespace (loopback only).
        completed = run(command, cwd=workdir, timeout=timeout, env=env, limits=limits)
    else:
        env.update(cluster_env())
        # A cluster launcher must reach its daemons and run as a user the cluster knows; the queue wait
        # comes on top of the run's own time.
        completed = run_launcher(command, cwd=workdir, timeout=timeout + queue_timeout, env=env, limits=limits)
        _classify_cluster_run(completed, queue_timeout)
    execution = Execution(completed=completed)
    if completed.timed_out:
        return execution
    try:
        results = exchange.read_results(workdir, signature, cases=len(cases), ranks=ranks, repeats=repeats,
                                        output_limit=output_limit)
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
    execution.mpi_calls = results.mpi_calls if mode == "mpi" else None
    if not local and execution.total_seconds > timeout:  # the watchdog allowed for the queue wait as well
        completed.timed_out = True
    return execution


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)


def _classify_cluster_run(completed: Completed, queue_timeout: float) -> None:
    """Raise SchedulerError for the cluster's faults; mark a run stopped at its time limit as timed out."""
    if completed.returncode == 0:
        return
    if completed.timed_out and PENDING.search(completed.stderr) and not ALLOCATED.search(completed.stderr):
        raise SchedulerError(f"queue timeout: no allocation within {queue_timeout:g} s "
                             "(--pareval-queue-timeout)")
    message = refusal(completed.stderr)
    if message:
        raise SchedulerError(f"the scheduler refused or lost the run: {message}")
    if TIME_LIMIT.search(completed.stderr):
        completed.timed_out = True
