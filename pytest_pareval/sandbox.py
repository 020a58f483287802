"""Run untrusted commands (compiler, generated programs) contained: rlimits, a wall-clock timeout that
kills the whole process group, a scrubbed environment and capped output capture."""
from __future__ import annotations

import os
import resource
import selectors
import signal
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

MB = 1 << 20


@dataclass(frozen=True)
class Limits:
    """Per-process resource limits (every MPI rank inherits them from mpirun)."""

    cpu_seconds: int = 120
    address_space_mb: int = 4096
    file_size_mb: int = 64
    open_files: int = 256
    output_bytes: int = 1 * MB

    @classmethod
    def compiler(cls) -> "Limits":
        # Template explosions are stopped by CPU and memory; object files can be large-ish.
        return cls(cpu_seconds=120, address_space_mb=4096, file_size_mb=256, open_files=256)

    def apply(self) -> None:
        """Set the limits in the child (preexec); hard = soft so the program cannot raise them."""
        for which, value in ((resource.RLIMIT_CPU, self.cpu_seconds),
                             (resource.RLIMIT_AS, self.address_space_mb * MB),
                             (resource.RLIMIT_FSIZE, self.file_size_mb * MB),
                             (resource.RLIMIT_NOFILE, self.open_files),
                             (resource.RLIMIT_CORE, 0)):
            resource.setrlimit(which, (value, value))


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


def _kill_group(pid: int) -> None:
    try:
        os.killpg(pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


def run(argv: list[str], *, cwd: Path, timeout: float, env: dict[str, str], limits: Limits) -> Completed:
    """Run ``argv`` in its own session; on timeout or runaway output the whole group is killed."""
    start = time.monotonic()
    proc = subprocess.Popen(argv, cwd=cwd, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, start_new_session=True, preexec_fn=limits.apply)
    buffers = {proc.stdout: bytearray(), proc.stderr: bytearray()}
    timed_out = capped = False
    with selectors.DefaultSelector() as selector:
        for stream in buffers:
            selector.register(stream, selectors.EVENT_READ)
        while selector.get_map():
            remaining = timeout - (time.monotonic() - start)
            if remaining <= 0:
                timed_out = True
                break
            for key, _ in selector.select(remaining):
                chunk = os.read(key.fd, 65536)
                if not chunk:
                    selector.unregister(key.fileobj)
                    continue
                buffers[key.fileobj] += chunk
                if sum(map(len, buffers.values())) > limits.output_bytes:
                    capped = True
                    break
            if capped:
                break
    if timed_out or capped:
        _kill_group(proc.pid)
    try:
        returncode = proc.wait(timeout=max(0.1, timeout - (time.monotonic() - start)))
    except subprocess.TimeoutExpired:
        timed_out = True
        _kill_group(proc.pid)
        returncode = proc.wait()
    _kill_group(proc.pid)  # stragglers that kept the group alive after the leader exited
    for stream in buffers:
        stream.close()
    decode = lambda b: bytes(b[: limits.output_bytes]).decode(errors="replace")  # noqa: E731
    return Completed(returncode=None if timed_out else returncode, stdout=decode(buffers[proc.stdout]),
                     stderr=decode(buffers[proc.stderr]), seconds=time.monotonic() - start,
                     timed_out=timed_out, output_capped=capped)
