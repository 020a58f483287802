"""The host side of the sandbox: the exec helper binary, per-run uids and per-run cgroups.

Kept apart from core.py, which decides what a run gets; this module only manages the machine's resources.
"""
from __future__ import annotations

import contextlib
import fcntl
import hashlib
import os
import platform
import shutil
import signal
import stat
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Iterator

HELPER_SOURCE = Path(__file__).resolve().parent / "exec.c"
#: First uid of the per-run uids (when started as root): far above real accounts, below 2^31.
UID_BASE, UID_SPAN = 1_900_000_000, 100_000_000
MB = 1 << 20


# --- the exec helper -------------------------------------------------------------------------------------

def _private_dir(path: Path) -> Path:
    """``path``, created if needed, refused unless it is ours and nobody else may write it (the helper runs
    with our privileges, root included: a binary someone else could replace would run as us)."""
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    st = os.lstat(path)
    if not stat.S_ISDIR(st.st_mode) or st.st_uid != os.geteuid() or st.st_mode & 0o022:
        raise OSError(f"{path} is not a private directory of uid {os.geteuid()}")
    return path


def _cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    try:
        return _private_dir(Path(base) / "pytest-pareval")
    except OSError:
        return _private_dir(Path(tempfile.gettempdir()) / f"pytest-pareval-{os.geteuid()}")


_helper: str | None = None


def exec_helper() -> str:
    """The compiled helper (exec.c): built once per machine and source, then reused from the cache
    (~0.2 s of cc the first time). OSError with the reason when no C compiler can build it."""
    global _helper
    if _helper is not None:
        return _helper
    source = HELPER_SOURCE.read_bytes()
    digest = hashlib.sha256(source + platform.machine().encode()).hexdigest()[:16]
    target = _cache_dir() / f"sandbox-exec-{digest}"
    if not target.exists():
        compiler = next((c for c in ("cc", "gcc", "clang") if shutil.which(c)), None)
        language = []
        if compiler is None:
            compiler = next((c for c in ("c++", "g++", "clang++") if shutil.which(c)), None)
            language = ["-x", "c"]
        if compiler is None:
            raise OSError("no C compiler (cc, gcc or g++) on PATH: install gcc")
        scratch = target.with_name(f".{target.name}.{os.getpid()}")
        done = subprocess.run([compiler, "-O2", "-o", str(scratch), *language, str(HELPER_SOURCE)],
                              capture_output=True, text=True, timeout=120)
        if done.returncode != 0:
            scratch.unlink(missing_ok=True)
            raise OSError(f"{compiler} failed on {HELPER_SOURCE.name}: {done.stderr.strip()[:300]}")
        os.replace(scratch, target)  # atomic: concurrent sessions each build, one wins, all are the same
    st = os.stat(target)
    if st.st_uid != os.geteuid() or st.st_mode & 0o022:
        raise OSError(f"{target} is not ours alone")
    _helper = str(target)
    return _helper


# --- per-run uids ------------------------------------------------------------------------------------------

def _lease_dir() -> Path:
    run = Path("/run")
    return _private_dir((run if os.access(run, os.W_OK) else Path(tempfile.gettempdir())) / "pytest-pareval-uids")


@contextlib.contextmanager
def lease_uid(base: int | None) -> Iterator[int | None]:
    """A uid no other run on this machine holds while the block runs (any process, session or xdist
    worker): slot N is held by an exclusive flock on the file N in a root-only directory. The kernel drops
    the lock when its holder exits, so a killed session leaks no slot. None passes through (no per-run uid)."""
    if base is None:
        yield None
        return
    directory = _lease_dir()
    for slot in range(UID_SPAN):
        fd = os.open(directory / str(slot), os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            continue
        try:
            yield base + slot
        finally:
            os.close(fd)  # after the run's processes are gone: the caller kills them inside the block
        return
    raise OSError("no free per-run uid")


# --- per-run cgroups ---------------------------------------------------------------------------------------

def cgroup_parents() -> dict[str, Path]:
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


_counter = iter(range(1 << 62))


class Cgroup:
    """The cgroup(s) of one run: created before the start, joined by the helper, emptied and removed after."""

    def __init__(self, dirs: list[Path], memory: Path | None = None):
        self.dirs = dirs
        self.memory = memory  # the directory holding the memory controller's files, if any
        self.procs_files = [str(d / "cgroup.procs") for d in dirs]

    @classmethod
    def create(cls, limits, parents: dict[str, Path]) -> "Cgroup":
        dirs: list[Path] = []
        memory = None
        name = f"pareval-{os.getpid()}-{next(_counter)}"
        for controller, parent in parents.items():
            path = parent / name
            if path not in dirs:
                path.mkdir(exist_ok=True)
                dirs.append(path)
            if controller == "pids":
                (path / "pids.max").write_text(str(limits.processes))
            elif controller == "memory":
                memory = path
                control = path / "memory.max"
                if not control.exists():
                    control = path / "memory.limit_in_bytes"
                control.write_text(str(limits.memory_mb * MB))
        return cls(dirs, memory)

    def oom(self) -> str | None:
        """Whether an OOM killer killed a process of the run: "limit" when the run had reached its own memory
        limit, "machine" when it had not (the machine was out of memory), None when nothing was killed (or
        no memory controller tells). Counters the kernel keeps: nothing the run can write."""
        if self.memory is None:
            return None
        try:
            if (self.memory / "memory.events").exists():  # cgroup v2
                events = dict(line.split() for line in (self.memory / "memory.events").read_text().splitlines())
                kills, reached = int(events.get("oom_kill", 0)), int(events.get("oom", 0)) + int(events.get("max", 0))
            else:  # v1: oom_kill in memory.oom_control, failcnt counts the times the limit was hit
                control = dict(line.split() for line in (self.memory / "memory.oom_control").read_text().splitlines())
                kills = int(control.get("oom_kill", 0))
                reached = int((self.memory / "memory.failcnt").read_text())
        except (OSError, ValueError):
            return None
        if not kills:
            return None
        return "limit" if reached else "machine"

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


def remove_stale_cgroups(parents: dict[str, Path]) -> None:
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
            group = Cgroup([path])
            group.kill(deadline=2.0)
            group.remove()


def kernel_version() -> tuple[int, int]:
    """(major, minor) of the running kernel."""
    try:
        major, minor = os.uname().release.split(".")[:2]
        return int(major), int("".join(c for c in minor if c.isdigit()) or 0)
    except ValueError:
        return (0, 0)


def probe_cgroups() -> tuple[dict[str, Path], list[str]]:
    """The controllers whose cgroups we may create (a probe cgroup each), and one line per missing one."""
    usable, missing = {}, []
    for name, parent in cgroup_parents().items():
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
