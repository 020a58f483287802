"""On-disk caches shared by processes (xdist workers): atomic writes and per-key locks."""
from __future__ import annotations

import contextlib
import fcntl
import os
import stat
import threading
import time
from collections.abc import Iterator
from pathlib import Path


def atomic_write(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` so that readers see the old file or the whole new one, never half."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)


@contextlib.contextmanager
def locked(path: Path) -> Iterator[None]:
    """Hold an exclusive lock on ``path`` (created if needed): one process or thread at a time."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


#: Where the machine-wide locks live: one directory for every user's sessions (a lock must be seen by all of
#: them), a fixed path (not TMPDIR, which differs between sessions), sticky and world-writable like /tmp
#: itself, so that nobody removes or replaces another user's lock file. The files are 0644, never 0666:
#: flock needs only a descriptor opened for reading.
LOCK_DIR = Path("/tmp/pytest-pareval-locks")
#: The longest any wait for a machine-wide lock lasts before it gives up with a LockError (a stuck session
#: of another user must not hang ours for ever).
LOCK_WAIT_S = 1800.0


class LockError(RuntimeError):
    """A machine-wide lock cannot be had: its file is not ours to use, or the wait outlasted its bound."""


def lock_path(name: str, directory: Path | None = None) -> Path:
    """The machine-wide lock file ``name`` in LOCK_DIR (or ``directory``)."""
    return (directory or LOCK_DIR) / f"{name}.lock"


def _lock_directory(directory: Path) -> None:
    """Create ``directory`` 01777 (sticky) or check that it is a real, sticky directory."""
    try:
        directory.mkdir(mode=0o700)
        os.chmod(directory, 0o1777)  # mkdir's mode passes through the umask
    except FileExistsError:
        pass
    except OSError as exc:
        raise LockError(f"cannot create the lock directory {directory}: {exc.strerror}") from None
    st = os.lstat(directory)
    if not stat.S_ISDIR(st.st_mode) or (st.st_mode & 0o022 and not st.st_mode & stat.S_ISVTX):
        raise LockError(f"{directory} is not a sticky directory (it may be planted): remove it, or ask its "
                        f"owner (uid {st.st_uid}) to")


def _open_lock(path: Path) -> int:
    """A read-only descriptor of the lock file ``path``, created 0644 if missing; never through a link, never
    on anything but a regular file. Opened without O_CREAT when it exists (fs.protected_regular refuses
    O_CREAT on another user's file in a sticky directory)."""
    _lock_directory(path.parent)
    flags = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC
    for _ in range(10):
        try:
            fd = os.open(path, flags)
        except FileNotFoundError:
            try:
                fd = os.open(path, flags | os.O_CREAT | os.O_EXCL, 0o644)
            except FileExistsError:
                continue  # another session made it just now: open theirs
            except PermissionError as exc:
                raise LockError(f"cannot create the lock file {path}: {exc.strerror}") from None
        except PermissionError:
            owner = path.lstat().st_uid
            raise LockError(f"cannot open the lock file {path} (owner uid {owner}): permission denied; its owner "
                            "can remove it (pytest-pareval makes it 0644)") from None
        except OSError as exc:
            raise LockError(f"cannot open the lock file {path}: {exc.strerror} (a symbolic link or a "
                            "non-regular file is never used: remove it)") from None
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            os.close(fd)
            raise LockError(f"the lock file {path} is not a regular file: remove it")
        return fd
    raise LockError(f"cannot open the lock file {path}: it keeps disappearing")


def _flock(fd: int, operation: int, path: Path, deadline: float) -> None:
    """flock with a bound on the wait (polled: flock itself has no timeout)."""
    delay = 0.001
    while True:
        try:
            fcntl.flock(fd, operation | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            if time.monotonic() >= deadline:
                raise LockError(f"gave up waiting for the machine-wide lock {path} (bounded by {LOCK_WAIT_S:g} s "
                                "or the caller's wait): another session holds it") from None
            time.sleep(delay)
            delay = min(delay * 2, 0.05)


@contextlib.contextmanager
def machine_flock(path: Path, *, exclusive: bool, wait: float = LOCK_WAIT_S) -> Iterator[None]:
    """Hold a lock on ``path`` shared or exclusive, across processes and users of this machine; LockError
    with one line when the file cannot be used or the lock not had within ``wait`` seconds."""
    fd = _open_lock(path)
    try:
        _flock(fd, fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH, path, time.monotonic() + wait)
        try:
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


#: Every correctness run and compilation of every session on this machine holds this lock shared; a
#: confirmation of a not_parallel measurement holds it exclusively, so that it measures while none of our
#: own other work runs beside it (each preemption of a rank that waits at a collective costs it a cold cache:
#: on a loaded machine, answers that communicate often look as if they did not divide their work).
QUIET_LOCK = lock_path("quiet")
#: Taken exclusively, briefly, by every shared taker of QUIET_LOCK, and held by the exclusive taker until it
#: has the quiet lock: once a confirmation waits, no new correctness run starts, so the runs already going
#: drain and it gets the machine (without it, overlapping shared holders could keep it out for ever, while
#: it holds the timed-run lock).
QUIET_GATE = lock_path("quiet-gate")


@contextlib.contextmanager
def _quiet_lock(exclusive: bool, wait: float) -> Iterator[None]:
    deadline = time.monotonic() + wait
    gate_fd = _open_lock(QUIET_GATE)
    try:
        _flock(gate_fd, fcntl.LOCK_EX, QUIET_GATE, deadline)
        try:
            held = machine_flock(QUIET_LOCK, exclusive=exclusive, wait=max(0.0, deadline - time.monotonic()))
            held.__enter__()
        finally:
            fcntl.flock(gate_fd, fcntl.LOCK_UN)
    finally:
        os.close(gate_fd)
    try:
        yield
    finally:
        held.__exit__(None, None, None)


def busy_machine(wait: float = LOCK_WAIT_S) -> contextlib.AbstractContextManager:
    """Held around our correctness runs and compilations (shared: any number at once)."""
    return _quiet_lock(False, wait)


def quiet_machine(wait: float = LOCK_WAIT_S) -> contextlib.AbstractContextManager:
    """Held around a confirmation measurement: waits for our running work to end, keeps new work waiting."""
    return _quiet_lock(True, wait)
