"""Run untrusted commands (the compiler, generated programs) contained, or not at all.

Every command starts through a small exec helper (exec.c, compiled once per machine and cached, see
host.py), so no Python runs between fork and exec in pytest's threaded process. The helper gives the
command, as root and as an ordinary user alike:

- network: new network and IPC namespaces holding only a loopback interface;
- files: a new mount namespace whose root is an empty tmpfs showing, read-only, only what a run needs (the
  system directories /usr /etc /lib..., the command's installation, the venv with the MPI runtime) and,
  writable, the run's own directory; a private /dev/shm and a minimal /dev. The repository, the home directory and
  everything else are absent, not merely read-only;
- processes: a new PID namespace with its own /proc (``kill(-1, ...)`` reaches only the run, no other
  process's environment is readable), whose init exits with the command so that the kernel kills whatever
  it left behind; the process count bounded (a pids cgroup, else RLIMIT_NPROC of a uid that holds only the
  run); a cgroup per run where one is writable (memory of the whole tree, kill of everything at the end);
- user: a uid that is not root: as root a uid of its own per run (leased, see host.py), with
  no_new_privs; otherwise the user's own uid in a user namespace that maps only it;
- disk: the run's directory is a size-capped tmpfs holding copies of what the caller put there; only the
  names the caller keeps come back (regular files, never through a link): however many files a run writes,
  it fills its own few hundred MB of memory, not the machine's /tmp;
- always: rlimits on every process (CPU seconds following the timeout, address space, file size, open
  files, no core files), a
  scrubbed environment (only what the caller passes), stdin from /dev/null, stdout/stderr captured up to a
  size cap (and passed through redact.clean), a wall-clock timeout after which the whole tree is killed.

It fails closed: where this machine lacks a mechanism of those four (probed once per process, see
:func:`features`), :func:`run` refuses with one line naming what is missing and how to get it, unless the
user accepted that risk by name (``--pareval-unsafe=network,files,processes,user``; :func:`accept`).
Not contained: CPU time and memory up to the limits, the system directories shown read-only (world-readable
files in /etc), and launchers that send ranks to other machines (cluster.py; they need ``cluster``).
"""
from __future__ import annotations

import functools
import math
import os
import selectors
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from ..common import redact
from .host import (UID_BASE, Cgroup, exec_helper, kernel_version, lease_uid, probe_cgroups,
                           remove_stale_cgroups)

MB = 1 << 20
#: Marks every sandboxed process's environment, so leftovers can be found in /proc.
MARKER = "PAREVAL_SANDBOX"
#: What the user may accept to lose, by name (``--pareval-unsafe``); ``cluster`` is cluster.py's.
UNSAFE_NAMES = ("network", "files", "processes", "user", "cluster")
#: Read-only in every run: what programs and the toolchain need from the system (absent ones are skipped).
SYSTEM_PATHS = ("/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32", "/etc", "/sys")
#: Processes and threads of a run besides its ranks (mpiexec, its proxy and their threads), and per rank.
LAUNCHER_TASKS, TASKS_PER_RANK = 64, 256
#: Making every mount under /sys read-only (mount_setattr with AT_RECURSIVE) needs Linux 5.12.
RECURSIVE_READ_ONLY = (5, 12)


@dataclass(frozen=True)
class Limits:
    """Limits of one sandboxed command: rlimits are per process (every MPI rank inherits them),
    ``processes`` and ``memory_mb`` hold for the whole process tree (``processes`` by a pids cgroup, else by
    RLIMIT_NPROC of a uid that only the run has; ``memory_mb`` where a memory cgroup is available).

    ``disk_mb`` bounds everything the run writes into its directory (a tmpfs of that size, see :func:`run`).

    The defaults are ~10x what the benchmark's programs need (a rank of the driver peaks at ~300 MB of
    address space and ~45 MB resident; a build at ~200 MB), so that only runaway programs hit them. No
    limit depends on the machine: honest code that sizes itself by the machine (a thread per core) must
    pass on a 40-core node as on a laptop."""

    cpu_seconds: int | None = None  # per process; None: what the wall-clock timeout allows (see cpu_limit)
    address_space_mb: int = 2048  # per process: a memory hog fails its allocation (bad_alloc) early
    file_size_mb: int = 64        # per file: outputs are small; a 10 GB write stops at 64 MB
    open_files: int = 256
    processes: int = 128          # processes + threads of the whole tree: stops a fork bomb
    memory_mb: int = 4096         # resident memory of the whole tree (many ranks, or forked hogs)
    shm_mb: int = 512             # the private /dev/shm (MPICH's shared-memory transport)
    disk_mb: int = 512            # everything written into the run's directory, all files together
    output_bytes: int = 1 * MB    # stdout + stderr kept; more stops the run
    network: bool = False         # keep the host's network (no launcher of ours needs it any more)

    @classmethod
    def compiler(cls) -> "Limits":
        # Template explosions and `#include "/dev/zero"` are stopped by memory (cc1plus: out of memory),
        # CPU and the wall clock; g++ runs cc1plus, as, collect2 and ld in turn.
        return cls(address_space_mb=2048, file_size_mb=256, open_files=256, processes=32,
                   memory_mb=3072, shm_mb=16, disk_mb=512)

    @classmethod
    def for_ranks(cls, ranks: int, *, network: bool = False, threads: int = 1) -> "Limits":
        """Limits of a run of ``ranks`` processes under the MPI launcher (launcher and proxy included):
        LAUNCHER_TASKS for mpiexec and its proxy, TASKS_PER_RANK threads for every rank (a rank that
        starts a thread per core of a 128-core node passes; a fork bomb still stops at a few hundred), or
        more where a rank runs more OpenMP threads than that (hybrid mode)."""
        per_rank = max(TASKS_PER_RANK, threads + TASKS_PER_RANK // 2)
        return cls(processes=LAUNCHER_TASKS + per_rank * ranks, memory_mb=2048 + 1024 * ranks, network=network)

    @classmethod
    def for_threads(cls, threads: int) -> "Limits":
        """Limits of one process running ``threads`` OpenMP threads (the pids limit counts threads)."""
        return cls(processes=max(cls.processes, threads + TASKS_PER_RANK // 2))

    def cpu_limit(self, timeout: float) -> int:
        """RLIMIT_CPU of one process: the given one, else what ``timeout`` seconds of wall clock allow on
        every core (a backstop no run inside its timeout can reach, whatever --pareval-timeout is)."""
        if self.cpu_seconds is not None:
            return self.cpu_seconds
        return math.ceil(timeout * (os.cpu_count() or 1)) + 5

    def rlimits(self, *, nproc: bool, timeout: float = 120.0) -> list[str]:
        """The helper's --rlimit options; hard = soft so that the program cannot raise them again."""
        values = [("cpu", self.cpu_limit(timeout)), ("as", self.address_space_mb * MB),
                  ("fsize", self.file_size_mb * MB), ("nofile", self.open_files), ("core", 0)] + \
            ([("nproc", self.processes)] if nproc else [])
        return [f"--rlimit={name}:{value}" for name, value in values]


@dataclass
class Completed:
    returncode: int | None
    stdout: str
    stderr: str
    seconds: float
    timed_out: bool = False
    output_capped: bool = False
    #: A cluster launcher's own messages, apart from the ranks' output (cluster.py); empty otherwise.
    launcher_log: str = ""
    #: An OOM killer killed a process of the run: "limit" when the run had reached its own memory limit
    #: (its doing), "machine" when it had not (the machine ran out of memory); read from the run's cgroup.
    oom: str | None = None

    @property
    def signal(self) -> int | None:
        return -self.returncode if self.returncode is not None and self.returncode < 0 else None


class SandboxError(RuntimeError):
    """The sandbox cannot contain a command here, or failed to start it: an infrastructure error."""


# --- what the user accepts to lose --------------------------------------------------------------------------

_accepted: set[str] = set()


def accept(names: list[str] | tuple[str, ...] | set[str]) -> None:
    """Accept the loss of these mechanisms (``--pareval-unsafe``); ValueError for an unknown name."""
    unknown = sorted(set(names) - set(UNSAFE_NAMES))
    if unknown:
        raise ValueError(f"unknown mechanism {', '.join(unknown)}; use {', '.join(UNSAFE_NAMES)}")
    _accepted.clear()
    _accepted.update(names)


def accepted() -> frozenset[str]:
    return frozenset(_accepted)


# --- capabilities of this machine, probed once per process ---------------------------------------------

@dataclass(frozen=True)
class Features:
    helper: str | None = None          # the exec helper's path (None: it could not be built, see missing)
    user_namespace: bool = False       # needed (not root) and available
    network: bool = False              # network + IPC namespaces, loopback up
    mount: bool = False                # a mount namespace (private /dev/shm)
    files: bool = False                # the new root showing only what a run needs
    pid: bool = False                  # a PID namespace with its own /proc
    uid: int | None = None             # UID_BASE when runs get a uid of their own (started as root)
    nproc: bool = False                # RLIMIT_NPROC counts only the run's processes
    cgroups: dict[str, Path] = field(default_factory=dict)  # controller -> parent cgroup dir we may write
    missing: dict[str, str] = field(default_factory=dict)   # mechanism -> why it is missing, how to get it
    notes: tuple[str, ...] = ()        # optional extras that are missing (memory cgroup, ...)

    # Names the tests and older callers use.
    @property
    def network_isolated(self) -> bool:
        return self.network

    @property
    def files_isolated(self) -> bool:
        return self.files


_USERNS_HOW = ("allow unprivileged user namespaces (sysctl kernel.unprivileged_userns_clone=1 and "
               "user.max_user_namespaces>0; Ubuntu 24.04: kernel.apparmor_restrict_unprivileged_userns=0) or run as root")
_CONTAINER_HOW = "in a container, allow namespaces (docker/podman: --cap-add=SYS_ADMIN --security-opt seccomp=unconfined)"


def _probe(helper: str, options: list[str]) -> str | None:
    """Run the helper's whole set-up with ``options`` but exec nothing; None when every step worked."""
    try:
        done = subprocess.run([helper, "--error-fd=2", "--probe", *options], capture_output=True, text=True,
                              timeout=20)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return str(exc)
    return None if done.returncode == 0 else (done.stderr.strip() or f"exit status {done.returncode}")


@functools.lru_cache(maxsize=None)
def features() -> Features:
    """What this machine lets us use (probed once per process, through the helper itself)."""
    try:
        helper = exec_helper()
    except OSError as exc:
        why = f"cannot build the sandbox's exec helper: {exc}"
        return Features(missing={name: why for name in UNSAFE_NAMES[:4]})
    root = os.geteuid() == 0
    missing: dict[str, str] = {}
    notes: list[str] = []
    base: list[str] = []
    user_ns = False
    if not root:
        problem = _probe(helper, ["--user"])
        if problem:
            why = f"no user namespace ({problem}): {_USERNS_HOW}"
            missing.update(network=why, files=why, processes=why)
        else:
            base, user_ns = ["--user"], True
    network = mount = files = pid = False
    if root or user_ns:
        how = _USERNS_HOW if user_ns else _CONTAINER_HOW
        problem = _probe(helper, [*base, "--net", "--ipc", "--loopback"])
        network = problem is None
        if problem:
            missing["network"] = f"no network namespace with a loopback ({problem}): {how}"
        problem = _probe(helper, [*base, "--mount", "--shm=1"])
        mount = problem is None
        with tempfile.TemporaryDirectory(prefix="pareval-probe-") as scratch:
            view = ["--root", *[f"--ro={p}" for p in SYSTEM_PATHS if os.path.lexists(p)], f"--rw={scratch}",
                    f"--chdir={scratch}"]
            problem = problem or _probe(helper, [*base, "--mount", *view])
            files = problem is None
            if problem:
                missing["files"] = f"no private file view ({problem}): {how}"
            # The PID namespace's /proc is mounted inside the file view, as in every run.
            problem = _probe(helper, [*base, "--mount", "--pid", *(view if files else [])]) if mount else \
                "no mount namespace for its /proc"
        pid = problem is None
        if files and kernel_version() < RECURSIVE_READ_ONLY:
            missing["files"] = (f"Linux {'.'.join(map(str, kernel_version()))} cannot make the mounts under "
                                "/sys read-only (mount_setattr needs Linux >= 5.12): a run could write to them")
        if problem:
            missing["processes"] = (f"no PID namespace with its own /proc ({problem}): {how}; a container's "
                                    "masked /proc also prevents it (docker: --security-opt systempaths=unconfined)")
    uid = None
    if root:
        problem = _probe(helper, [f"--uid={UID_BASE}"])
        if problem is None:
            uid = UID_BASE
        else:
            missing["user"] = f"cannot drop to an unprivileged uid ({problem}): programs would run as root"
    cgroups, cg_missing = probe_cgroups()
    remove_stale_cgroups(cgroups)
    # RLIMIT_NPROC is not enforced for root, and counts every process of a uid; it bounds the run alone for a
    # uid of its own (root), or in a user namespace of its own (counted per namespace since Linux 5.14).
    nproc = uid is not None or (user_ns and kernel_version() >= (5, 14))
    if "pids" not in cgroups and not nproc and "processes" not in missing:
        missing["processes"] = ("the process count cannot be bounded (no writable pids cgroup, and RLIMIT_NPROC "
                                "would count every process of the user): delegate a cgroup (systemd-run --user "
                                "--scope -p Delegate=yes pytest ...) or use Linux >= 5.14")
    notes += cg_missing
    return Features(helper=helper, user_namespace=user_ns, network=network, mount=mount, files=files, pid=pid,
                    uid=uid, nproc=nproc, cgroups=cgroups, missing=missing, notes=tuple(notes))


def refusal() -> str | None:
    """One line when generated code must not run here: the missing mechanisms not accepted, and how to get
    them; None when the sandbox holds (or the user accepted what it lacks)."""
    f = features()
    refused = {name: why for name, why in f.missing.items() if name not in _accepted}
    if f.helper is None:
        refused = dict(f.missing)  # nothing runs without the helper, whatever was accepted
    if not refused:
        return None
    names = ",".join(refused)
    reasons = "; ".join(f"{name}: {why}" for name, why in refused.items())
    escape = "" if f.helper is None else f" (or accept the risk: --pareval-unsafe={names})"
    return f"pareval sandbox: generated code does not run here: {reasons}{escape}"


def describe() -> str:
    """One line for the session header: the mechanisms in force."""
    f = features()
    parts = [
        "network=" + ("namespace, loopback only" if f.network else "NOT isolated"),
        "files=" + ("only the run's directory and system directories visible" if f.files else
                    "private /dev/shm only" if f.mount else "NOT isolated"),
        "processes=" + ", ".join((["PID namespace"] if f.pid else ["NOT isolated"]) +
                                 [f"cgroup {k}" for k in ("pids", "memory", "kill") if k in f.cgroups] +
                                 (["RLIMIT_NPROC"] if f.nproc and "pids" not in f.cgroups else [])),
        "user=" + ("a uid of its own per run" if f.uid is not None else
                   "ROOT" if os.geteuid() == 0 else "the user's uid, in a user namespace" if f.user_namespace
                   else "the user's uid"),
    ]
    lost = sorted(set(f.missing) & _accepted)
    tail = f"; ACCEPTED UNSAFE: {','.join(lost)}" if lost else ""
    if refusal() is not None:
        tail += "; REFUSES to run generated code (see the items' errors)"
    return "pareval sandbox: " + "; ".join(parts) + tail


def warnings() -> list[str]:
    """One line per mechanism this machine does not offer (required ones also make :func:`run` refuse)."""
    f = features()
    return [f"pareval sandbox: {name}: {why}" for name, why in f.missing.items()] + \
        [f"pareval sandbox: {note}" for note in f.notes if f.helper is not None]


# --- the per-run directory -------------------------------------------------------------------------------

def make_workdir(prefix: str = "pareval-") -> Path:
    """A new, empty, private directory for one item (each run gets the directory it runs in)."""
    path = Path(tempfile.mkdtemp(prefix=prefix))
    if os.geteuid() == 0:
        os.chmod(path, 0o711)  # without the private file view the runs' uids must pass through it
    return path


def remove_workdir(path: Path) -> None:
    shutil.rmtree(path, ignore_errors=True)


# --- one sandboxed run -----------------------------------------------------------------------------------

def _homes() -> set[str]:
    homes = {os.path.realpath(os.path.expanduser("~")), "/root", "/home"}
    if os.environ.get("HOME"):
        homes.add(os.path.realpath(os.environ["HOME"]))
    return homes


def _prefix_of(program: str, env: dict[str, str]) -> list[str]:
    """The installation a command comes from (``/usr`` for /usr/bin/g++, the venv for its mpicxx)."""
    found = shutil.which(program, path=env.get("PATH", os.defpath)) if os.sep not in program else program
    if not found:
        return []
    directory = os.path.dirname(os.path.realpath(found))
    prefix = os.path.dirname(directory) if os.path.basename(directory) == "bin" else directory
    shown = [os.path.dirname(os.path.abspath(found))]
    if prefix not in ("/", "") and prefix not in _homes():
        shown.append(prefix)
    return shown + [directory]


def shown_paths(argv: list[str], env: dict[str, str], cwd: Path, extra: tuple[str, ...] = ()) -> list[str]:
    """What a run sees read-only: the system directories, the command's own installation (``/usr`` for
    g++, the venv for mpicxx, a Python's prefix when the command is a Python), the venv (the mpich wheel's
    mpirun, hydra and libmpi), LD_LIBRARY_PATH and ``extra``. Not our package, not the repository, not the
    home directory: a run is the compiled program in its directory, a compile the sources in its own."""
    wanted = [*SYSTEM_PATHS, sys.prefix, *extra, *[p for p in env.get("LD_LIBRARY_PATH", "").split(os.pathsep) if p]]
    if argv:
        wanted += _prefix_of(argv[0], env)
    paths: set[str] = set()
    for path in wanted:
        if os.path.isabs(path) and os.path.lexists(path):
            paths.update({os.path.abspath(path), os.path.realpath(path)})
    cwd_text = str(cwd)
    shown: list[str] = []
    for path in sorted(paths - {"/"}):  # parents sort before their children
        inside = any(path.startswith(q + os.sep) and not os.path.islink(q) for q in shown)
        if not inside and path != cwd_text and not path.startswith(cwd_text + os.sep):
            shown.append(path)
    return shown


def _reachable_by_others(path: Path) -> bool:
    for part in [*reversed(path.parents), path]:
        try:
            if not part.stat().st_mode & 0o001:
                return False
        except OSError:
            return False
    return True


def helper_argv(argv: list[str], cwd: Path, env: dict[str, str], limits: Limits, *, uid: int | None,
                cgroup: Cgroup | None, error_fd: int, show: tuple[str, ...] = (), keep: tuple[str, ...] = (),
                timeout: float = 120.0) -> list[str]:
    """The helper's command line for one run: the mechanisms in force, the view, the limits, then argv."""
    f = features()
    options = [f.helper or "pareval-sandbox-exec", f"--error-fd={error_fd}", f"--ppid={os.getpid()}",
               f"--chdir={cwd}"]
    if f.user_namespace:
        options.append("--user")
    if f.network and not limits.network:
        options += ["--net", "--ipc", "--loopback"]
    if f.mount:
        options += ["--mount", f"--shm={limits.shm_mb}"]
    if f.files:
        options += ["--root", *[f"--ro={p}" for p in shown_paths(argv, env, cwd, show)], f"--rw={cwd}"]
        if "files" in _accepted and kernel_version() < RECURSIVE_READ_ONLY:
            options.append("--shallow-ro")  # accepted by name: /sys's submounts stay as they are
    if f.pid:
        options.append("--pid")
        if f.files and limits.disk_mb > 0:  # init copies the kept files back: needs the PID namespace
            options += [f"--disk={limits.disk_mb}", *[f"--keep={name}" for name in keep]]
    options += limits.rlimits(nproc=f.nproc and (uid is not None or f.user_namespace), timeout=timeout)
    if uid is not None:
        options.append(f"--uid={uid}")
    if cgroup is not None:
        options += [f"--cgroup={p}" for p in cgroup.procs_files]
    return [*options, "--", *argv]


def run(argv: list[str], *, cwd: Path, timeout: float, env: dict[str, str], limits: Limits,
        show: tuple[str, ...] = (), keep: tuple[str, ...] = ()) -> Completed:
    """Run ``argv`` contained in ``cwd`` (its only writable place); kill everything it started at the end.

    ``env`` is the whole environment the command gets (HOME and TMPDIR are set to ``cwd``); ``show`` are
    further paths it may read (e.g. a header directory outside ``cwd``). Where the sandbox holds, the run
    sees a copy of ``cwd``'s regular files on a tmpfs of ``limits.disk_mb`` and only the files named in
    ``keep`` (at most 8, top level) come back into ``cwd`` when it ends. On timeout or runaway output the
    whole tree is killed at once. Raises SandboxError when the sandbox cannot contain the command here
    (:func:`refusal`) or could not start it; stdout and stderr come back cleaned (redact.clean)."""
    problem = refusal()
    if problem:
        raise SandboxError(problem)
    cwd = Path(cwd).resolve()
    f = features()
    if f.uid is not None and not f.files and not _reachable_by_others(cwd.parent):
        raise SandboxError(f"{cwd} is out of other users' reach: create the run's directory with "
                           "sandbox.make_workdir()")
    env = {**env, "HOME": str(cwd), "TMPDIR": str(cwd), MARKER: "1"}
    with lease_uid(f.uid) as uid:
        if uid is not None:
            os.chown(cwd, uid, uid)
        cgroup = Cgroup.create(limits, f.cgroups) if f.cgroups else None
        try:
            return _run(argv, cwd, timeout, env, limits, uid, cgroup, show, keep)
        finally:
            if cgroup is not None:
                cgroup.remove()


def _run(argv: list[str], cwd: Path, timeout: float, env: dict[str, str], limits: Limits, uid: int | None,
         cgroup: Cgroup | None, show: tuple[str, ...], keep: tuple[str, ...] = ()) -> Completed:
    start = time.monotonic()
    error_read, error_write = os.pipe()
    try:
        command = helper_argv(argv, cwd, env, limits, uid=uid, cgroup=cgroup, error_fd=error_write, show=show,
                              keep=keep, timeout=timeout)
        proc = subprocess.Popen(command, cwd=cwd, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, start_new_session=True, pass_fds=(error_write,))
    except BaseException:
        os.close(error_read)
        raise
    finally:
        os.close(error_write)
    buffers = {proc.stdout: bytearray(), proc.stderr: bytearray()}
    timed_out = capped = False
    returncode = None
    try:
        with selectors.DefaultSelector() as selector:
            for stream in buffers:
                selector.register(stream, selectors.EVENT_READ)
            while selector.get_map():
                remaining = timeout - (time.monotonic() - start)
                if remaining <= 0:
                    timed_out = True
                    break
                for key, _ in selector.select(min(remaining, 0.05)):
                    chunk = os.read(key.fd, 65536)
                    if not chunk:
                        selector.unregister(key.fileobj)
                        continue
                    buffers[key.fileobj] += chunk
                    if sum(map(len, buffers.values())) > limits.output_bytes:
                        capped = True
                if capped:
                    break
                if returncode is None:
                    returncode = proc.poll()
                    if returncode is not None:  # the command is done: whatever it left holding the pipes goes
                        _terminate(proc, cgroup)
    finally:
        _terminate(proc, cgroup)
        if returncode is None:
            returncode = proc.wait()
        for stream in buffers:
            stream.close()
        with os.fdopen(error_read, "rb") as errors:
            failure = errors.read(2000).decode(errors="replace").strip()
    if failure:
        what = "save the files of" if failure.startswith("keep:") else "start"
        raise SandboxError(f"the sandbox could not {what} {os.path.basename(argv[0])}: {redact.clean(failure, 300)}")
    decode = lambda b: redact.clean(bytes(b[: limits.output_bytes]).decode(errors="replace"),  # noqa: E731
                                    limits.output_bytes)
    return Completed(returncode=None if timed_out else returncode, stdout=decode(buffers[proc.stdout]),
                     stderr=decode(buffers[proc.stderr]), seconds=time.monotonic() - start,
                     timed_out=timed_out, output_capped=capped, oom=cgroup.oom() if cgroup else None)


def _terminate(proc: subprocess.Popen, cgroup: Cgroup | None) -> None:
    if features().pid and proc.poll() is None:
        # The helper kills the namespace's init, which takes every process of the run with it, and exits
        # once they are all gone (a SIGKILL would return before the kernel is done with them).
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(5)
        except subprocess.TimeoutExpired:
            pass
    if cgroup is not None:
        cgroup.kill()
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass

