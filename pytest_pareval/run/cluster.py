"""Cluster launchers (srun, salloc, an mpirun given hosts): runs whose ranks leave this machine.

Their ranks run on other nodes, out of reach of this machine's sandbox, as the user and with the network: the
user must accept that (``--pareval-unsafe=cluster``). What contains them there is the scheduler: its time
limit, its process tracking and cgroups where the site uses them, and the rlimits set on the launcher here
(Slurm's PropagateResourceLimits hands them to the tasks).

Scheduler faults (no allocation, a refused job, a lost node) are the cluster's, not the model's: the item
errors. They are recognised from the launcher's own messages only. A launcher merges its tasks' output into
its own (srun does), so each rank is started through a small shell wrapper that sends its stdout and stderr to
files of its own in the work directory: the launcher's stderr then holds nothing a rank wrote.
"""
from __future__ import annotations

import os
import re
import secrets
import shutil
import signal
import stat
import subprocess
import tempfile
import time
from pathlib import Path

from ..common import redact
from ..sandbox import core as sandbox
from ..sandbox.core import Completed, Limits, SandboxError
from ..sandbox.host import exec_helper
from .launcher import launcher_argv

#: Messages of a scheduler (or of hydra's ssh) that refused or lost a run: the cluster's fault, not the
#: model's. Only the launcher's own lines are read (see :func:`launch`), never the ranks' output.
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
#: Seconds a cluster launcher gets to cancel its job after SIGTERM (srun cancels the step) before SIGKILL.
CANCEL_GRACE = 15.0
#: What reaches the launcher from the user's environment besides the scheduler's own variables.
PASSED_ENV = ("PATH", "LANG", "LC_ALL", "TMPDIR", "LD_LIBRARY_PATH")
#: Sends one rank's stdout and stderr to files of its own ($0 is their directory; the rank's number comes
#: from srun, hydra or PMIx, else the shell's pid), then becomes the rank.
RANK_WRAPPER = ('r=${SLURM_PROCID:-${PMI_RANK:-${PMIX_RANK:-${OMPI_COMM_WORLD_RANK:-p$$}}}}; '
                'exec "$@" >"$0/rank-$r.out" 2>"$0/rank-$r.err"')
#: The same for ranks on this machine: every rank appends to one pair of files (appends on one local file
#: system do not overwrite each other), so a run keeps two files of fixed names whatever its rank count.
SHARED_RANK_WRAPPER = 'exec "$@" >>"$0/ranks.out" 2>>"$0/ranks.err"'
#: The files SHARED_RANK_WRAPPER writes.
SHARED_RANK_FILES = ("ranks.out", "ranks.err")


class SchedulerError(RuntimeError):
    """The cluster refused or lost a run (no allocation, queue timeout, node failure): an infrastructure
    error of the item, never the model's failure."""


def wrapped(program: list[str], directory: Path | str, *, shared: bool = False) -> list[str]:
    """``program`` started as one rank whose stdout and stderr go to files in ``directory``: one pair per
    rank (RANK_WRAPPER: ranks on other nodes may share the directory over a network file system, where
    appends from several hosts are not atomic), or one pair for all (``shared``: ranks on this machine)."""
    return ["/bin/sh", "-c", SHARED_RANK_WRAPPER if shared else RANK_WRAPPER, str(directory), *program]


def rank_output(directory: Path, names: list[str], limit: int) -> tuple[str, str, bool]:
    """The ranks' stdout and stderr from the wrapper's files ``names`` in ``directory`` (missing ones read
    as empty), each file read up to ``limit`` bytes; and whether any file held more than that."""
    out, err, capped = [], [], False
    for name in sorted(names):
        try:  # never through a link a rank left there, never from a FIFO or a device
            fd = os.open(directory / name, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
        except OSError:  # missing (the sandbox brings back regular files only), or a link
            continue
        with os.fdopen(fd, "rb") as f:
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                continue
            data = f.read(limit + 1)
        capped = capped or len(data) > limit
        (out if name.endswith(".out") else err).append(data[:limit].decode(errors="replace"))
    return "".join(out), "".join(err), capped


def cluster_env() -> dict[str, str]:
    """The scheduler's own variables (an enclosing salloc's allocation, SRUN_ defaults): not secrets."""
    return {k: v for k, v in os.environ.items()
            if k.startswith(("SLURM_", "SRUN_", "SALLOC_", "SBATCH_", "HYDRA_")) or k == "MUNGE_SOCKET"}


def refusal(log: str) -> str | None:
    """The scheduler's own line when it refused or lost the run, else None."""
    match = REFUSALS.search(log)
    if match is None:
        return None
    end = log.find("\n", match.end())
    return log[match.start(): end if end >= 0 else len(log)].strip()


def _require_opt_in() -> None:
    if "cluster" not in sandbox.accepted():
        raise SandboxError("a cluster launcher runs the ranks outside the sandbox: accept that with "
                           "--pareval-unsafe=cluster")


def run_launcher(argv: list[str], *, cwd: Path, timeout: float, env: dict[str, str], limits: Limits) -> Completed:
    """Run a cluster launcher as the user, with the network, its rlimits set by the exec helper (no Python
    between fork and exec). At the timeout the launcher gets SIGTERM first, so that srun cancels its job
    step instead of leaving it running on the cluster, and SIGKILL after CANCEL_GRACE. ``launcher_log`` of
    the result is the launcher's own stderr."""
    _require_opt_in()
    start = time.monotonic()
    error_read, error_write = os.pipe()
    command = [exec_helper(), f"--error-fd={error_write}", f"--ppid={os.getpid()}", f"--deathsig={int(signal.SIGTERM)}",
               *limits.rlimits(nproc=False), "--", *argv]
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        try:
            proc = subprocess.Popen(command, cwd=cwd, env=env, stdin=subprocess.DEVNULL, stdout=out, stderr=err,
                                    start_new_session=True, pass_fds=(error_write,))
        finally:
            os.close(error_write)
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
        with os.fdopen(error_read, "rb") as errors:
            failure = errors.read(2000).decode(errors="replace").strip()
        if failure:
            raise OSError(f"cannot start {argv[0]}: {failure}")
        texts = []
        for stream in (out, err):
            stream.seek(0)
            texts.append(stream.read(limits.output_bytes).decode(errors="replace"))
        capped = any(os.fstat(s.fileno()).st_size > limits.output_bytes for s in (out, err))
    return Completed(returncode=None if timed_out else proc.returncode, stdout=texts[0], stderr=texts[1],
                     seconds=time.monotonic() - start, timed_out=timed_out, output_capped=capped,
                     launcher_log=texts[1])


def launch(launcher: list[str], program: list[str], *, workdir: Path, timeout: float, env: dict[str, str],
           limits: Limits, queue_timeout: float) -> Completed:
    """Run ``program`` on every rank through ``launcher`` (its words, placeholders filled in).

    The ranks' stdout/stderr go to per-rank files in ``workdir`` (which they see), read back into the
    result's stdout/stderr (cleaned: redact.clean); the launcher's own stderr stays apart in ``launcher_log``
    and alone decides scheduler faults: SchedulerError for a refusal, a lost node or a queue timeout; a run
    the scheduler stopped at its time limit comes back timed out. The queue wait comes on top of
    ``timeout``."""
    _require_opt_in()
    outputs = Path(tempfile.mkdtemp(prefix="ranks-", dir=workdir))
    outputs.chmod(0o755)
    try:
        completed = run_launcher([*launcher, *wrapped(program, outputs)], cwd=workdir,
                                 timeout=timeout + queue_timeout, env={**env, **cluster_env()}, limits=limits)
        ranks_out, ranks_err, _ = rank_output(outputs, [p.name for p in outputs.iterdir()], limits.output_bytes)
    finally:
        shutil.rmtree(outputs, ignore_errors=True)
    completed.stdout = redact.clean(ranks_out, limits.output_bytes)
    completed.stderr = redact.clean(ranks_err + completed.launcher_log, limits.output_bytes)
    classify(completed, queue_timeout)
    return completed


def classify(completed: Completed, queue_timeout: float) -> None:
    """Raise SchedulerError for the cluster's faults; mark a run stopped at its time limit as timed out.
    Reads ``completed.launcher_log`` only: nothing a rank printed."""
    log = completed.launcher_log
    if completed.returncode == 0:
        return
    if completed.timed_out and PENDING.search(log) and not ALLOCATED.search(log):
        raise SchedulerError(f"queue timeout: no allocation within {queue_timeout:g} s (--pareval-queue-timeout)")
    message = refusal(log)
    if message:
        raise SchedulerError(f"the scheduler refused or lost the run: {redact.clean(message, 500)}")
    if TIME_LIMIT.search(log):
        completed.timed_out = True


def probe_shared(template: str, directory: Path, *, ranks: int, hostfile: str = "",
                 timeout: float = 60.0) -> str | None:
    """Check once that ranks started by a cluster launcher see ``directory`` at the same path: the
    controller writes a token there and ``cat`` on every rank must print it. None when they all do, else
    the reason in one line."""
    probe = Path(tempfile.mkdtemp(prefix="pareval-probe-", dir=directory))
    words = launcher_argv(template, ranks=ranks, timeout=timeout, hostfile=hostfile, workdir=probe)
    try:
        probe.chmod(0o755)
        token = secrets.token_hex(8)
        (probe / "marker").write_text(token + "\n")
        env = {k: os.environ[k] for k in PASSED_ENV if k in os.environ}
        try:
            done = launch(words, ["cat", str(probe / "marker")], workdir=probe, timeout=timeout, env=env,
                          limits=Limits(), queue_timeout=0)
        except SchedulerError as exc:
            return f"{ranks} rank(s) of `{' '.join(words)}` could not read {probe}/marker: {exc}"
        except OSError as exc:
            return f"cannot start {words[0]}: {exc}"
    finally:
        shutil.rmtree(probe, ignore_errors=True)
    if done.timed_out:
        return f"the probe job ({' '.join(words)}) did not finish within {timeout:g} s"
    if done.returncode == 0 and done.stdout.split() == [token] * ranks:
        return None
    lines = done.launcher_log.strip().splitlines()
    reason = lines[0] if lines else (f"exit status {done.returncode}, {len(done.stdout.split())} of {ranks} "
                                     "rank(s) read the marker")
    return redact.clean(f"{ranks} rank(s) of `{' '.join(words)}` could not read {probe}/marker: {reason}", 1000)
