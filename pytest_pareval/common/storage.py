"""On-disk caches shared by processes (xdist workers): atomic writes and per-key locks."""
from __future__ import annotations

import contextlib
import fcntl
import os
import threading
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


#: Every correctness run and compilation of every session on this machine holds this lock shared; a
#: confirmation of a not_parallel measurement holds it exclusively, so that it measures while none of our
#: own other work runs beside it (each preemption of a rank that waits at a collective costs it a cold cache:
#: on a loaded machine, answers that communicate often look as if they did not divide their work). A fixed
#: path, like the timed-run lock, so that every session finds it.
QUIET_LOCK = Path("/tmp/pytest-pareval-quiet.lock")


@contextlib.contextmanager
def machine_flock(path: Path, *, exclusive: bool) -> Iterator[None]:
    """Hold a lock on ``path`` shared or exclusive, across processes and users of this machine."""
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o666)
    try:
        with contextlib.suppress(OSError):  # another user's session must be able to take it too
            os.fchmod(fd, 0o666)
        fcntl.flock(fd, fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH)
        try:
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


def busy_machine() -> contextlib.AbstractContextManager:
    """Held around our correctness runs and compilations (shared: any number at once)."""
    return machine_flock(QUIET_LOCK, exclusive=False)


def quiet_machine() -> contextlib.AbstractContextManager:
    """Held around a confirmation measurement: waits for our running work to end, keeps new work waiting."""
    return machine_flock(QUIET_LOCK, exclusive=True)
