"""Run untrusted commands (the compiler, generated programs) contained.

Every command runs with, where the machine allows it (probed once per process, see :func:`features`):

- rlimits on every process (CPU seconds, address space, file size, open files, no core files);
- a cgroup of its own: ``pids.max`` bounds the processes and threads of the whole tree (fork bombs),
  a memory limit bounds the tree's total, and at the end every process left in it is killed
  (``cgroup.kill``, or SIGKILL to each member), so ranks and whatever they forked never outlive a run;
- a new network namespace holding only a loopback interface: no route out, nothing to connect to;
- a new mount namespace in which the whole file system is read-only except the run's own directory and
  a private, size-limited ``/dev/shm``; the user's home is replaced by an empty directory that shows only
  what the run needs (the Python installation, the toolchain), so ``~/.ssh`` and friends are out of reach;
- a uid of its own per run (from UID_BASE up, no account, no privileges) when started as root, with
  no_new_privs: nothing the program does is done as root, ``kill(-1, ...)`` reaches only its own run, and
  RLIMIT_NPROC (enforced for non-root users only) counts its own processes;
  is done as root (rlimits on processes are only enforced for non-root users, and root could undo mounts);
- a scrubbed environment (only what the caller passes), stdin from /dev/null, stdout/stderr captured up
  to a size cap, and a wall-clock timeout, after which the whole tree is killed.

Where a mechanism is missing the run still happens with the rest; :func:`describe` says what is in force
and :func:`warnings` what is not, for the session header (and the warnings summary). Not root: the
namespaces come from an unprivileged user namespace where the kernel allows one, the cgroups from a
delegated, writable cgroup if any; otherwise the network and the file system are not isolated, the
number of processes is not limited and only the process group is killed at the end.
Not contained anywhere: a program can still use its CPU time and memory up to the limits, read what the
uid may read outside the hidden home (the repository, /etc), and, without the per-run uid (not root),
signal the user's own processes.
"""
from __future__ import annotations

import ctypes
import fcntl
import functools
import itertools
import os
import resource
import selectors
import shutil
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

MB = 1 << 20
CLONE_NEWNS, CLONE_NEWUSER, CLONE_NEWNET = 0x00020000, 0x10000000, 0x40000000
MS_RDONLY, MS_NOSUID, MS_NODEV, MS_NOEXEC = 1, 2, 4, 8
MS_REMOUNT, MS_BIND, MS_REC, MS_PRIVATE = 32, 4096, 16384, 1 << 18
MNT_DETACH = 2
SYS_MOUNT_SETATTR = 442  # same number on every architecture (new syscalls share the table)
AT_FDCWD, AT_RECURSIVE, MOUNT_ATTR_RDONLY = -100, 0x8000, 1
PR_SET_NO_NEW_PRIVS, PR_SET_PDEATHSIG = 38, 1
#: First uid of the per-run uids (when started as root): far above real accounts, below 2^31.
UID_BASE, UID_SPAN = 1_900_000_000, 100_000_000
SIOCSIFFLAGS, IFF_UP, IFF_LOOPBACK, IFF_RUNNING = 0x8914, 0x1, 0x8, 0x40
#: Marks every sandboxed process's environment, so leftovers can be found in /proc.
MARKER = "PAREVAL_SANDBOX"


@dataclass(frozen=True)
class Limits:
    """Limits of one sandboxed command: rlimits are per process (every MPI rank inherits them),
    ``processes`` and ``memory_mb`` hold for the whole process tree when a cgroup is available.

    The defaults are ~10x what the benchmark's programs need (a rank of the driver peaks at ~300 MB of
    address space and ~45 MB resident; a build at ~200 MB), so that only runaway programs hit them."""

    cpu_seconds: int = 120        # per process; the wall-clock timeout is the caller's, usually shorter
    address_space_mb: int = 2048  # per process: a memory hog fails its allocation (bad_alloc) early
    file_size_mb: int = 64        # per file: outputs are small; a 10 GB write stops at 64 MB
    open_files: int = 256
    processes: int = 128          # processes + threads of the whole tree: stops a fork bomb
    memory_mb: int = 4096         # resident memory of the whole tree (many ranks, or forked hogs)
    shm_mb: int = 512             # the private /dev/shm (MPICH's shared-memory transport)
    output_bytes: int = 1 * MB    # stdout + stderr kept; more stops the run
    network: bool = False         # keep the host's network: only for a launcher that needs it (srun)

    @classmethod
    def compiler(cls) -> "Limits":
        # Template explosions and `#include "/dev/zero"` are stopped by memory (cc1plus: out of memory),
        # CPU and the wall clock; g++ runs cc1plus, as, collect2 and ld in turn.
        return cls(cpu_seconds=120, address_space_mb=2048, file_size_mb=256, open_files=256, processes=32,
                   memory_mb=3072, shm_mb=16)

    @classmethod
    def for_ranks(cls, ranks: int, *, network: bool = False) -> "Limits":
        """Limits of a run of ``ranks`` processes under the MPI launcher (launcher and proxy included)."""
        return cls(processes=64 + 16 * ranks, memory_mb=2048 + 1024 * ranks, network=network)

    def apply(self, *, nproc: bool = False) -> None:
        """Set the limits in the child; hard = soft so the program cannot raise them again."""
        for which, value in ((resource.RLIMIT_CPU, self.cpu_seconds),
                             (resource.RLIMIT_AS, self.address_space_mb * MB),
                             (resource.RLIMIT_FSIZE, self.file_size_mb * MB),
                             (resource.RLIMIT_NOFILE, self.open_files),
                             (resource.RLIMIT_CORE, 0)):
            resource.setrlimit(which, (value, value))
        if nproc:  # counts the processes of the run's own uid: the fallback of the pids cgroup
            resource.setrlimit(resource.RLIMIT_NPROC, (self.processes, self.processes))


@dataclass
class Completed:
    returncode: int | None
    stdout: str
    stderr: str
    seconds: float
    timed_out: bool = False
    output_capped: bool = False

    @property
    def signal(self) -> int | None:
        return -self.returncode if self.returncode is not None and self.returncode < 0 else None


class SandboxError(RuntimeError):
    """The sandbox itself failed to start a command: an infrastructure error."""


# --- capabilities of this machine, probed once per process ---------------------------------------------

@dataclass(frozen=True)
class Features:
    namespaces: int = 0               # CLONE_* flags that work here
    user_namespace: bool = False      # needed (not root) and available
    loopback: bool = False            # lo can be brought up inside the new network namespace
    read_only: str | None = None      # "mount_setattr" or "remount": how / is made read-only
    uid: int | None = None            # UID_BASE when runs get a uid of their own (started as root)
    cgroups: dict[str, Path] = field(default_factory=dict)  # controller -> parent cgroup dir we may write
    missing: tuple[str, ...] = ()     # one line per mechanism that is not available, with the reason

    @property
    def network_isolated(self) -> bool:
        return bool(self.namespaces & CLONE_NEWNET)

    @property
    def files_isolated(self) -> bool:
        return bool(self.namespaces & CLONE_NEWNS) and self.read_only is not None


_libc = ctypes.CDLL(None, use_errno=True)


def _check(result: int, what: str) -> None:
    if result != 0:
        errno = ctypes.get_errno()
        raise OSError(errno, f"{what}: {os.strerror(errno)}")


class _MountAttr(ctypes.Structure):
    _fields_ = [("attr_set", ctypes.c_uint64), ("attr_clr", ctypes.c_uint64),
                ("propagation", ctypes.c_uint64), ("userns_fd", ctypes.c_uint64)]


def _mount(source: str | None, target: str, fstype: str | None, flags: int, data: str | None = None) -> None:
    enc = lambda s: s.encode() if s is not None else None  # noqa: E731
    _check(_libc.mount(enc(source), enc(target), enc(fstype), ctypes.c_ulong(flags), enc(data)),
           f"mount {target}")


def _mount_flags() -> list[tuple[str, int]]:
    """(mount point, flags to keep) of every mount, deepest last."""
    points = []
    with open("/proc/self/mountinfo") as f:
        for line in f:
            parts = line.split()
            options = parts[5].split(",")
            keep = sum(bit for name, bit in (("nosuid", MS_NOSUID), ("nodev", MS_NODEV), ("noexec", MS_NOEXEC))
                       if name in options)
            points.append((parts[4].replace("\\040", " "), keep))
    return points


def _read_only_root(method: str) -> None:
    if method == "mount_setattr":
        attr = _MountAttr(MOUNT_ATTR_RDONLY, 0, 0, 0)
        _check(_libc.syscall(SYS_MOUNT_SETATTR, AT_FDCWD, b"/", AT_RECURSIVE, ctypes.byref(attr),
                             ctypes.sizeof(attr)), "mount_setattr /")
        return
    for point, keep in _mount_flags():
        try:
            _mount(None, point, None, MS_REMOUNT | MS_BIND | MS_RDONLY | keep)
        except OSError:
            if point == "/":
                raise


def _loopback_up() -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        fcntl.ioctl(s, SIOCSIFFLAGS, struct.pack("16sH14s", b"lo", IFF_UP | IFF_LOOPBACK | IFF_RUNNING, b""))


def _enter_user_namespace(uid: int, gid: int) -> None:
    """Map ourselves to root of a new user namespace (unprivileged users only)."""
    with open("/proc/self/setgroups", "w") as f:
        f.write("deny")
    with open("/proc/self/uid_map", "w") as f:
        f.write(f"0 {uid} 1")
    with open("/proc/self/gid_map", "w") as f:
        f.write(f"0 {gid} 1")


def _cgroup_parents() -> dict[str, Path]:
    """controller -> our own cgroup directory in the hierarchy that offers it (pids, memory, kill)."""
    mounts: dict[str, Path] = {}
    with open("/proc/self/mountinfo") as f:
        for line in f:
            left, _, right = line.partition(" - ")
            fstype, _, options = right.split()[:3]
            point = Path(left.split()[4])
            if fstype == "cgroup2":
                mounts.setdefault("unified", point)
            elif fstype == "cgroup":
                for name in ("pids", "memory"):
                    if name in options.split(","):
                        mounts.setdefault(name, point)
    own: dict[str, str] = {}
    with open("/proc/self/cgroup") as f:
        for line in f:
            _, controllers, path = line.rstrip("\n").split(":", 2)
            for name in controllers.split(",") if controllers else ["unified"]:
                own[name] = path.lstrip("/")
    parents: dict[str, Path] = {}
    if "unified" in mounts and "unified" in own:
        base = mounts["unified"] / own["unified"]
        parents["kill"] = base
        control = base / "cgroup.subtree_control"
        enabled = control.read_text().split() if control.exists() else []
        for name in ("pids", "memory"):
            if name in enabled:
                parents[name] = base
    for name in ("pids", "memory"):
        if name not in parents and name in mounts and name in own:
            parents[name] = mounts[name] / own[name]
    return parents


def _probe_cgroups() -> tuple[dict[str, Path], list[str]]:
    usable, missing = {}, []
    for name, parent in _cgroup_parents().items():
        probe = parent / f"pareval-probe-{os.getpid()}"
        control = {"kill": "cgroup.kill", "pids": "pids.max", "memory": "memory.max"}[name]
        try:
            probe.mkdir()
            try:
                if name == "memory" and not (probe / control).exists():
                    control = "memory.limit_in_bytes"
                if not (probe / control).exists():
                    raise OSError(f"no {control}")
                usable[name] = parent
            finally:
                probe.rmdir()
        except OSError as exc:
            missing.append(f"cgroup {name}: {exc}")
    for name in ("kill", "pids", "memory"):
        if name not in usable and not any(m.startswith(f"cgroup {name}") for m in missing):
            missing.append(f"cgroup {name}: no writable cgroup offers it")
    return usable, missing


def _remove_stale_cgroups(parents: dict[str, Path]) -> None:
    """Empty and remove the cgroups of sessions that were killed before they could (their pid is gone)."""
    for parent in set(parents.values()):
        for path in parent.glob("pareval-*-*"):
            try:
                os.kill(int(path.name.split("-")[1]), 0)
                continue  # still running (or the pid was reused): not ours to touch
            except ProcessLookupError:
                pass
            except (ValueError, PermissionError):
                continue
            group = _Cgroup([path])
            group.kill(deadline=2.0)
            group.remove()


def _probe_child(flags: int, user_ns: bool, read_only: str | None, loopback: bool) -> int:
    """Try the namespace set-up in a forked child; 0 when every step worked."""
    pid = os.fork()
    if pid == 0:
        try:
            uid, gid = os.getuid(), os.getgid()
            _check(_libc.unshare(flags | (CLONE_NEWUSER if user_ns else 0)), "unshare")
            if user_ns:
                _enter_user_namespace(uid, gid)
            if loopback:
                _loopback_up()
            if read_only:
                _mount(None, "/", None, MS_REC | MS_PRIVATE)
                _read_only_root(read_only)
            os._exit(0)
        except BaseException:  # noqa: BLE001 - the child must never return into pytest
            os._exit(1)
    _, status = os.waitpid(pid, 0)
    return status


@functools.lru_cache(maxsize=None)
def features() -> Features:
    """What this machine lets us use (probed once per process, in forked children)."""
    missing: list[str] = []
    user_ns = os.geteuid() != 0
    namespaces = 0
    for flag, name in ((CLONE_NEWNET, "network namespace"), (CLONE_NEWNS, "mount namespace")):
        if _probe_child(flag, user_ns, None, False) == 0:
            namespaces |= flag
        else:
            missing.append(f"{name}: unshare() not permitted here")
    loopback = bool(namespaces & CLONE_NEWNET) and _probe_child(CLONE_NEWNET, user_ns, None, True) == 0
    if namespaces & CLONE_NEWNET and not loopback:
        missing.append("loopback in the network namespace: cannot bring lo up (MPI may fail)")
    read_only = None
    if namespaces & CLONE_NEWNS:
        for method in ("mount_setattr", "remount"):
            if _probe_child(CLONE_NEWNS, user_ns, method, False) == 0:
                read_only = method
                break
        else:
            missing.append("read-only file system: neither mount_setattr nor remount works")
    uid = None
    if os.geteuid() == 0:
        uid = UID_BASE
        if not (namespaces & CLONE_NEWNS) and not _reachable_by_others(sys.executable):
            missing.append(f"unprivileged uid: {sys.executable} is out of other users' reach; programs run as root")
            uid = None
    cgroups, cg_missing = _probe_cgroups()
    _remove_stale_cgroups(cgroups)
    missing += cg_missing
    if "pids" not in cgroups and uid is None:
        missing.append("process count: not limited (no pids cgroup, and RLIMIT_NPROC would count every "
                       "process of the user)")
    if "kill" not in cgroups and "pids" not in cgroups and "memory" not in cgroups:
        missing.append("leftover processes: only the process group is killed (ranks' children may escape)")
    return Features(namespaces=namespaces, user_namespace=user_ns and bool(namespaces), loopback=loopback,
                    read_only=read_only, uid=uid, cgroups=cgroups, missing=tuple(missing))


def _reachable_by_others(path: str) -> bool:
    target = Path(os.path.realpath(path))
    for part in [*reversed(target.parents), target]:
        try:
            if not part.stat().st_mode & 0o001:
                return False
        except OSError:
            return False
    return True


def describe() -> str:
    """One line for the session header: the mechanisms in force."""
    f = features()
    net = ("network namespace (loopback only)" if f.loopback else "network namespace") if f.network_isolated \
        else "NOT isolated"
    files = "read-only except the run's directory, home hidden" if f.files_isolated else "NOT isolated"
    procs = ", ".join(f"cgroup {k}" for k in ("pids", "memory", "kill") if k in f.cgroups) or "process group only"
    user = "a uid of its own per run" if f.uid is not None else ("the user's uid" if os.geteuid() else "ROOT")
    return f"pareval sandbox: network={net}; files={files}; processes={procs}; user={user}"


def warnings() -> list[str]:
    """One line per containment mechanism this machine does not offer."""
    return [f"pareval sandbox: {line}" for line in features().missing]


# --- the per-run directory -------------------------------------------------------------------------------

def make_workdir(prefix: str = "pareval-") -> Path:
    """A new, empty, private directory for one item (each run gets the directory it runs in)."""
    path = Path(tempfile.mkdtemp(prefix=prefix))
    if features().uid is not None:
        os.chmod(path, 0o711)  # the runs' uids may pass through, not list it
    return path


def remove_workdir(path: Path) -> None:
    shutil.rmtree(path, ignore_errors=True)


# --- one sandboxed run -----------------------------------------------------------------------------------

_counter = itertools.count()


class _Cgroup:
    """The cgroup(s) of one run: created before the start, joined by the child, emptied and removed after."""

    def __init__(self, dirs: list[Path]):
        self.dirs = dirs
        self.procs_files = [str(d / "cgroup.procs") for d in dirs]

    @classmethod
    def create(cls, limits: Limits, parents: dict[str, Path]) -> "_Cgroup":
        dirs: list[Path] = []
        name = f"pareval-{os.getpid()}-{next(_counter)}"
        for controller, parent in parents.items():
            path = parent / name
            if path not in dirs:
                path.mkdir(exist_ok=True)
                dirs.append(path)
            if controller == "pids":
                (path / "pids.max").write_text(str(limits.processes))
            elif controller == "memory":
                control = path / "memory.max"
                if not control.exists():
                    control = path / "memory.limit_in_bytes"
                control.write_text(str(limits.memory_mb * MB))
        return cls(dirs)

    def join(self) -> None:  # in the child, before exec
        for procs in self.procs_files:
            with open(procs, "w") as f:
                f.write("0")

    def members(self) -> set[int]:
        pids: set[int] = set()
        for path in self.dirs:
            try:
                pids.update(int(p) for p in (path / "cgroup.procs").read_text().split())
            except OSError:
                pass
        return pids

    def kill(self, deadline: float = 5.0) -> None:
        """Kill every process of the run, however deep, and wait until they are gone."""
        for path in self.dirs:
            if (path / "cgroup.kill").exists():
                try:
                    (path / "cgroup.kill").write_text("1")
                except OSError:
                    pass
        end = time.monotonic() + deadline
        while True:
            members = self.members()
            if not members or time.monotonic() > end:
                break
            for pid in members:  # pids.max stops a fork bomb from outrunning this loop
                try:
                    os.kill(pid, signal.SIGKILL)
                except (ProcessLookupError, PermissionError):
                    pass
            time.sleep(0.01)

    def remove(self) -> None:
        for path in self.dirs:
            for _ in range(50):
                try:
                    path.rmdir()
                    break
                except FileNotFoundError:
                    break
                except OSError:
                    time.sleep(0.02)


def _hidden_homes() -> list[str]:
    homes = {os.path.realpath(os.path.expanduser("~"))}
    if os.environ.get("HOME"):
        homes.add(os.path.realpath(os.environ["HOME"]))
    if os.geteuid() == 0 and os.path.isdir("/root"):
        homes.add("/root")
    return sorted(h for h in homes if h != "/" and os.path.isdir(h))


def _needed_paths(argv: list[str], env: dict[str, str], cwd: Path) -> list[str]:
    """What a run must still see inside a hidden home: Python, the toolchain, our package, the run dir."""
    paths = {sys.prefix, sys.base_prefix, sys.exec_prefix, os.path.dirname(sys.executable),
             os.path.realpath(sys.executable), str(Path(__file__).resolve().parent.parent), str(cwd)}
    for key in ("PATH", "LD_LIBRARY_PATH", "PYTHONPATH"):
        paths.update(p for p in env.get(key, "").split(os.pathsep) if p)
    if argv and os.sep in argv[0]:
        paths.add(os.path.dirname(argv[0]))
    resolved = set()
    for p in paths:
        if os.path.exists(p):
            resolved.update({os.path.abspath(p), os.path.realpath(p)})
    return sorted(resolved)


@dataclass
class _Plan:
    """Everything the child does between fork and exec, computed beforehand in the parent."""

    cwd: str
    limits: Limits
    features: Features
    cgroup: _Cgroup | None
    homes: list[tuple[str, list[str]]]  # (home to hide, paths under it to show again)
    error_fd: int = -1  # where the child explains a failed set-up
    uid: int | None = None  # the run's own uid
    parent: int = field(default_factory=os.getpid)

    def __call__(self) -> None:  # preexec_fn: runs in the child, as root until the uid drop at the end
        try:
            self._enter()
        except BaseException as exc:
            os.write(self.error_fd, f"{type(exc).__name__}: {exc}".encode()[:1000])
            raise

    def _enter(self) -> None:
        f = self.features
        uid, gid = os.getuid(), os.getgid()
        if self.cgroup is not None:
            self.cgroup.join()
        namespaces = f.namespaces & ~CLONE_NEWNET if self.limits.network else f.namespaces
        if namespaces:
            _check(_libc.unshare(namespaces | (CLONE_NEWUSER if f.user_namespace else 0)), "unshare")
            if f.user_namespace:
                _enter_user_namespace(uid, gid)
        if f.loopback and namespaces & CLONE_NEWNET:
            _loopback_up()
        if f.files_isolated:
            self._mounts()
        self.limits.apply(nproc=self.uid is not None)
        _check(_libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0), "no_new_privs")
        if self.uid is not None:
            os.setgroups([])
            os.setgid(self.uid)
            os.setuid(self.uid)
        # If pytest itself is killed, the command goes too (set after the uid change, which clears it).
        _check(_libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0), "pdeathsig")
        if os.getppid() != self.parent:
            raise OSError("pytest is gone")
        os.chdir(self.cwd)

    def _mounts(self) -> None:
        _mount(None, "/", None, MS_REC | MS_PRIVATE)
        _mount(self.cwd, self.cwd, None, MS_BIND)
        _mount("tmpfs", "/dev/shm", "tmpfs", MS_NOSUID | MS_NODEV, f"size={self.limits.shm_mb}m,mode=1777")
        stage = "/dev/shm/.pareval-stage"  # private to this run, outside every directory hidden below
        for home, keep in self.homes:
            os.mkdir(stage)
            _mount(home, stage, None, MS_BIND | MS_REC)
            _mount("tmpfs", home, "tmpfs", MS_NOSUID | MS_NODEV, "size=1m,mode=755")
            for path in keep:
                inside = os.path.join(stage, os.path.relpath(path, home))
                if os.path.isdir(inside):
                    os.makedirs(path, exist_ok=True)
                else:
                    os.makedirs(os.path.dirname(path), exist_ok=True)
                    open(path, "a").close()
                _mount(inside, path, None, MS_BIND | MS_REC)
            _check(_libc.umount2(stage.encode(), MNT_DETACH), "umount stage")
            os.rmdir(stage)
        _read_only_root(self.features.read_only)
        for writable in (self.cwd, "/dev/shm"):
            _mount(None, writable, None, MS_REMOUNT | MS_BIND | MS_NOSUID | MS_NODEV)


def _first_blocked(path: str, *, itself: bool) -> str | None:
    """The outermost directory on the way to ``path`` (and ``path`` itself, if ``itself``) that other
    users may not pass, or None."""
    chain = [*reversed(Path(path).parents)] + ([Path(path)] if itself else [])
    return next((str(a) for a in chain if a.is_dir() and not a.stat().st_mode & 0o001), None)


def _plan(argv: list[str], cwd: Path, env: dict[str, str], limits: Limits) -> _Plan:
    f = features()
    cgroup = _Cgroup.create(limits, f.cgroups) if f.cgroups else None
    homes = []
    if f.files_isolated:
        cwd_real = os.path.realpath(cwd)
        needed = _needed_paths(argv, env, cwd)
        hidden = set(_hidden_homes())
        if f.uid is not None:
            # A directory the uid may not pass, on the way to the run directory or to what the run needs
            # (a venv or a checkout inside a private directory): hide it too and show what is needed.
            blocked = {_first_blocked(cwd_real, itself=False)}
            blocked.update(_first_blocked(p, itself=True) for p in needed if not p.startswith(cwd_real))
            for directory in blocked - {None}:
                if not any(directory == h or directory.startswith(h + os.sep) for h in hidden):
                    hidden.add(directory)
        for home in sorted(hidden):
            if cwd_real == home or home.startswith(cwd_real + os.sep):
                continue  # the run directory contains the home: nothing to hide it behind
            keep = [p for p in needed if p.startswith(home + os.sep)]
            if home in needed:  # needed whole (e.g. the checkout holding our package): show every entry
                keep += [os.path.join(home, entry) for entry in os.listdir(home)]
            # Show each path once: drop those inside another one shown.
            keep = sorted({p for p in keep if not any(p != q and p.startswith(q + os.sep) for q in keep)})
            homes.append((home, keep))
    return _Plan(cwd=str(cwd), limits=limits, features=f, cgroup=cgroup, homes=homes)


def _kill_group(pid: int) -> None:
    try:
        os.killpg(pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


def run(argv: list[str], *, cwd: Path, timeout: float, env: dict[str, str], limits: Limits) -> Completed:
    """Run ``argv`` contained in ``cwd`` (its only writable place); kill everything it started at the end.

    ``env`` is the whole environment the command gets (HOME and TMPDIR are set to ``cwd``).
    On timeout or runaway output the whole tree is killed at once.
    """
    cwd = Path(cwd).resolve()
    f = features()
    uid = None
    if f.uid is not None:
        if not f.files_isolated and not _reachable_by_others(str(cwd.parent)):
            raise SandboxError(f"{cwd} is out of other users' reach: create the run's directory with "
                               "sandbox.make_workdir()")
        uid = f.uid + (os.getpid() * 1000 + next(_counter)) % UID_SPAN
        os.chown(cwd, uid, uid)
    env = {**env, "HOME": str(cwd), "TMPDIR": str(cwd), MARKER: "1"}
    plan = _plan(argv, cwd, env, limits)
    plan.uid = uid
    start = time.monotonic()
    error_read, plan.error_fd = os.pipe()
    try:
        proc = subprocess.Popen(argv, cwd=cwd, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, start_new_session=True, preexec_fn=plan)
    except subprocess.SubprocessError:
        os.close(plan.error_fd)
        with os.fdopen(error_read, "rb") as f:
            reason = f.read().decode(errors="replace")
        if plan.cgroup is not None:
            plan.cgroup.remove()
        raise SandboxError(f"could not start {argv[0]} in the sandbox: {reason}") from None
    except BaseException:
        os.close(error_read)
        os.close(plan.error_fd)
        if plan.cgroup is not None:
            plan.cgroup.remove()
        raise
    os.close(error_read)
    os.close(plan.error_fd)
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
                        _terminate(proc, plan)
    finally:
        _terminate(proc, plan)
        if returncode is None:
            returncode = proc.wait()
        if plan.cgroup is not None:
            plan.cgroup.remove()
        for stream in buffers:
            stream.close()
    decode = lambda b: bytes(b[: limits.output_bytes]).decode(errors="replace")  # noqa: E731
    return Completed(returncode=None if timed_out else returncode, stdout=decode(buffers[proc.stdout]),
                     stderr=decode(buffers[proc.stderr]), seconds=time.monotonic() - start,
                     timed_out=timed_out, output_capped=capped)


def _terminate(proc: subprocess.Popen, plan: _Plan) -> None:
    if plan.cgroup is not None:
        plan.cgroup.kill()
    else:  # no cgroup: the process group is all we can reach (ranks and their children may escape it)
        _kill_group(proc.pid)


if __name__ == "__main__":  # python -m pytest_pareval.sandbox: what this machine offers
    print(describe())
    print("\n".join(warnings()) or "every mechanism is available")
