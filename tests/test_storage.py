"""The machine-wide locks: where their files live, what they refuse to open, and that every wait is bounded."""
from __future__ import annotations

import os
import stat
import threading
import time
from pathlib import Path

import pytest

from pytest_pareval.common import storage


@pytest.fixture
def lock_dir(tmp_path, monkeypatch) -> Path:
    """A lock directory of the test's own (the real one is shared with every session on the machine)."""
    directory = tmp_path / "locks"
    monkeypatch.setattr(storage, "QUIET_LOCK", storage.lock_path("quiet", directory))
    monkeypatch.setattr(storage, "QUIET_GATE", storage.lock_path("quiet-gate", directory))
    return directory


def test_lock_files_live_in_a_sticky_directory_and_are_never_world_writable(lock_dir):
    with storage.busy_machine():
        pass
    assert stat.S_IMODE(lock_dir.stat().st_mode) == 0o1777
    modes = {p.name: stat.S_IMODE(p.stat().st_mode) for p in lock_dir.iterdir()}
    assert set(modes) == {"quiet.lock", "quiet-gate.lock"}
    assert all(not mode & 0o022 for mode in modes.values()), modes
    assert storage.lock_path("timed").parent == storage.LOCK_DIR != Path("/tmp")


def test_a_planted_symlink_is_refused_and_its_target_left_alone(lock_dir, tmp_path):
    target = tmp_path / "precious"
    target.write_text("x")
    target.chmod(0o600)
    lock_dir.mkdir(mode=0o700)
    lock_dir.chmod(0o1777)
    (lock_dir / "quiet-gate.lock").symlink_to(target)
    with pytest.raises(storage.LockError, match="symbolic link or a non-regular file is never used"):
        with storage.busy_machine():
            pass
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


def test_a_directory_that_is_not_sticky_is_refused(lock_dir):
    lock_dir.mkdir()
    lock_dir.chmod(0o777)
    with pytest.raises(storage.LockError, match="is not a sticky directory"):
        with storage.busy_machine():
            pass


@pytest.mark.skipif(os.geteuid() != 0, reason="needs root to act as another user")
def test_a_lock_file_of_another_user_that_cannot_be_read_is_one_clear_line(monkeypatch):
    import shutil
    import tempfile
    top = Path(tempfile.mkdtemp(prefix="pareval-locks-test-"))
    top.chmod(0o755)  # the other user must reach the lock directory
    lock_dir = top / "locks"
    monkeypatch.setattr(storage, "QUIET_LOCK", storage.lock_path("quiet", lock_dir))
    monkeypatch.setattr(storage, "QUIET_GATE", storage.lock_path("quiet-gate", lock_dir))
    try:
        _refused_as_another_user(lock_dir)
    finally:
        shutil.rmtree(top)


def _refused_as_another_user(lock_dir: Path) -> None:
    with storage.busy_machine():
        pass
    (lock_dir / "quiet-gate.lock").chmod(0o600)  # as an older version, or another user's umask, left it
    os.seteuid(65534)
    try:
        with pytest.raises(storage.LockError) as raised:
            with storage.busy_machine():
                pass
    finally:
        os.seteuid(0)
    message = str(raised.value)
    assert "permission denied" in message and "\n" not in message and "owner uid 0" in message


def test_every_wait_is_bounded(lock_dir):
    held = threading.Event()
    release = threading.Event()

    def holder():
        with storage.quiet_machine():
            held.set()
            release.wait(10)

    thread = threading.Thread(target=holder)
    thread.start()
    try:
        assert held.wait(10)
        start = time.monotonic()
        with pytest.raises(storage.LockError, match="gave up waiting"):
            with storage.busy_machine(wait=0.3):
                pass
        assert time.monotonic() - start < 5
    finally:
        release.set()
        thread.join()


def test_a_waiting_quiet_lock_is_not_kept_out_by_overlapping_shared_holders(lock_dir):
    """Correctness runs overlap without end; once a confirmation waits, new ones wait behind it."""
    events: list[str] = []
    first_in = threading.Event()

    def correctness_run(name: str, seconds: float, started: threading.Event | None = None):
        with storage.busy_machine(wait=20):
            events.append(f"{name} in")
            if started:
                started.set()
            time.sleep(seconds)
            events.append(f"{name} out")

    def confirmation():
        with storage.quiet_machine(wait=20):
            events.append("quiet in")
            time.sleep(0.2)
            events.append("quiet out")

    first = threading.Thread(target=correctness_run, args=("first", 1.0, first_in))
    first.start()
    assert first_in.wait(10)
    quiet = threading.Thread(target=confirmation)
    quiet.start()
    time.sleep(0.3)  # the confirmation now waits for `first`
    second = threading.Thread(target=correctness_run, args=("second", 0.1))
    second.start()
    for thread in (first, quiet, second):
        thread.join(30)
    assert events == ["first in", "first out", "quiet in", "quiet out", "second in", "second out"], events
