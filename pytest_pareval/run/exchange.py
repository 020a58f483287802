"""The files between the controller and a compiled answer's driver (driver.cpp): the spec and inputs we
write, the outputs and meta file rank 0 writes back.

The candidate runs inside the driver's process and may have replaced, truncated, enlarged or forged the
files it writes back (a FIFO, a symlink to /dev/zero, a directory, a 1 GB file, ``{}``). Reading them
therefore never follows a link, never blocks, never reads past a size cap, and checks every count and
length against the signature, the number of cases, ranks and repetitions: anything off is a
:class:`ResultError` with a one-line reason, which the caller turns into the program's failure.
"""
from __future__ import annotations

import math
import os
import stat
import struct
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..build.mpiwrap import KINDS
from ..suite.problems import CXX_TYPES, Signature

SPEC_FILE, INPUTS_FILE, OUTPUTS_FILE, META_FILE = "spec.txt", "inputs.bin", "outputs.bin", "meta.bin"
META_MAGIC = b"PAREVAL-META-2\n"
#: Longest error text the driver writes (a little more than its own buffer).
ERROR_LIMIT = 1024
_U64, _U32 = struct.Struct("<Q"), struct.Struct("<I")


class ResultError(ValueError):
    """The files the program left behind are missing or malformed: the program's failure."""


@dataclass
class Results:
    """What rank 0 reported, validated."""

    outputs: list[dict[str, np.ndarray]]  # per finished case
    seconds: list[list[float]]            # per finished case, per repetition
    compute_seconds: list[list[float]]    # per finished case, per unit (rank-major: rank r, thread t)
    mpi_calls: dict[str, int]
    error: str | None
    omp_regions: int = 0                  # OpenMP parallel regions of 2+ threads, summed over ranks


def write_inputs(signature: Signature, cases: list[dict[str, np.ndarray]], path: Path) -> int:
    """inputs.bin: per case, per argument in signature order, a uint64 count and the raw little-endian
    elements (a scalar is a count of 1). Returns the number of bytes written."""
    with open(path, "wb") as f:
        for index, case in enumerate(cases):
            for arg in signature.args:
                if arg.name not in case:
                    raise ValueError(f"case {index} has no value for {arg.name}")
                value = np.ascontiguousarray(np.asarray(case[arg.name]).astype(arg.dtype, copy=False)).reshape(-1)
                if not arg.is_vector and value.size != 1:
                    raise ValueError(f"case {index}: {arg.name} is a scalar, got {value.size} values")
                f.write(_U64.pack(value.size))
                f.write(value.tobytes())
        return f.tell()


def write_spec(workdir: Path, cases: int, repeats: int) -> Path:
    spec = workdir / SPEC_FILE
    paths = [str(workdir / name) for name in (INPUTS_FILE, OUTPUTS_FILE, META_FILE)]
    if any("\n" in p for p in paths):
        raise ValueError(f"the run directory {workdir!r} has a newline in its path")
    spec.write_text(f"PAREVAL-SPEC 1\n{cases} {repeats}\n" + "\n".join(paths) + "\n")
    return spec


def read_capped(path: Path, limit: int) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes, read without following a symlink and
    without blocking (a FIFO, a device, a directory are refused); ResultError otherwise."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    except FileNotFoundError:
        raise ResultError(f"{path.name} is missing") from None
    except OSError as exc:
        raise ResultError(f"{path.name} cannot be opened ({exc.strerror})") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise ResultError(f"{path.name} is not a regular file")
        if info.st_size > limit:
            raise ResultError(f"{path.name} holds {info.st_size} bytes, more than the {limit} allowed")
        chunks, size = [], 0
        while size <= limit:
            chunk = os.read(fd, min(1 << 20, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        if size > limit:
            raise ResultError(f"{path.name} grew past the {limit} bytes allowed")
        return b"".join(chunks)
    except OSError as exc:
        raise ResultError(f"{path.name} cannot be read ({exc.strerror})") from None
    finally:
        os.close(fd)


class _Reader:
    def __init__(self, data: bytes, name: str):
        self.data, self.at, self.name = data, 0, name

    def take(self, size: int) -> bytes:
        if size < 0 or size > len(self.data) - self.at:
            raise ResultError(f"{self.name} is truncated or malformed")
        chunk = self.data[self.at:self.at + size]
        self.at += size
        return chunk

    def u32(self) -> int:
        return _U32.unpack(self.take(4))[0]

    def doubles(self, count: int) -> list[float]:
        values = np.frombuffer(self.take(8 * count), dtype="<f8").tolist()
        if not all(math.isfinite(v) and v >= 0 for v in values):
            raise ResultError(f"{self.name} holds a negative or non-finite time")
        return values

    def end(self) -> None:
        if self.at != len(self.data):
            raise ResultError(f"{self.name} has {len(self.data) - self.at} trailing bytes")


def read_meta(path: Path, *, cases: int, ranks: int, repeats: int, threads: int = 1) \
        -> tuple[int, list, list, dict, str | None, int]:
    """(finished cases, wall seconds, compute seconds per unit, MPI calls, error text, OpenMP parallel
    regions) from meta.bin. Units are ranks x threads, rank-major."""
    units = ranks * threads
    limit = len(META_MAGIC) + 20 + 8 * cases * (repeats + units) + 8 * len(KINDS) + 8 + 4 + ERROR_LIMIT
    meta = _Reader(read_capped(path, limit), path.name)
    if not meta.data.startswith(META_MAGIC):
        raise ResultError(f"{path.name} does not start with the driver's mark")
    meta.take(len(META_MAGIC))
    got = (meta.u32(), meta.u32(), meta.u32(), meta.u32(), meta.u32())
    done = got[2]
    if got[0] != ranks or got[1] != threads or done > cases or got[3] != repeats or got[4] != len(KINDS):
        raise ResultError(f"{path.name} reports {got[0]} rank(s), {got[1]} thread(s), {done} case(s), "
                          f"{got[3]} repetition(s), {got[4]} kind(s); expected {ranks}, {threads}, at most "
                          f"{cases}, {repeats}, {len(KINDS)}")
    wall = meta.doubles(done * repeats)
    compute = meta.doubles(done * units)
    counts = np.frombuffer(meta.take(8 * (len(KINDS) + 1)), dtype="<i8").tolist()
    counts, regions = counts[:-1], counts[-1]
    if any(n < 0 for n in counts) or regions < 0:
        raise ResultError(f"{path.name} holds a negative call count")
    length = meta.u32()
    if length > ERROR_LIMIT:
        raise ResultError(f"{path.name} holds an error text of {length} bytes")
    error = meta.take(length).decode(errors="replace") or None
    meta.end()
    if error is None and done != cases:
        raise ResultError(f"{path.name} reports {done} of {cases} case(s) finished and no error")
    return (done, [wall[i * repeats:(i + 1) * repeats] for i in range(done)],
            [compute[i * units:(i + 1) * units] for i in range(done)], dict(zip(KINDS, counts)), error, regions)


def read_outputs(path: Path, signature: Signature, done: int, limit: int) -> list[dict[str, np.ndarray]]:
    """The outputs of the ``done`` finished cases from outputs.bin, every count checked."""
    data = _Reader(read_capped(path, limit), path.name)
    outputs = []
    for _ in range(done):
        case: dict[str, np.ndarray] = {}
        for arg in signature.args:
            if arg.is_output:
                count = _U64.unpack(data.take(8))[0]
                if count > (len(data.data) - data.at) // arg.dtype.itemsize:
                    raise ResultError(f"{path.name} is truncated or malformed")
                case[arg.name] = np.frombuffer(data.take(count * arg.dtype.itemsize), dtype=arg.dtype).copy()
        if signature.returns != "void":
            dtype = CXX_TYPES[signature.returns]
            case["return"] = np.frombuffer(data.take(dtype.itemsize), dtype=dtype)[0]
        outputs.append(case)
    data.end()
    return outputs


def read_results(workdir: Path, signature: Signature, *, cases: int, ranks: int, repeats: int,
                 output_limit: int, threads: int = 1) -> Results:
    """Validated results of a finished run; ResultError with a one-line reason otherwise."""
    done, wall, compute, counts, error, regions = read_meta(workdir / META_FILE, cases=cases, ranks=ranks,
                                                            repeats=repeats, threads=threads)
    outputs = read_outputs(workdir / OUTPUTS_FILE, signature, done, output_limit)
    return Results(outputs=outputs, seconds=wall, compute_seconds=compute, mpi_calls=counts, error=error,
                   omp_regions=regions)
