"""Build stage: compile a candidate with the driver and the glue generated from its signature into one
program.

The program is the candidate, the glue (argument rebuilding for the signature, glue.py), the driver (main,
the file protocol, MPI start-up; driver.cpp) and, in the MPI modes, the accounting layer generated from mpi.h
(mpiwrap.py), in the OpenMP modes (built with -fopenmp) the one that counts parallel regions and each
thread's CPU in them (ompwrap.cpp): ``./answer SPEC`` serially, ``mpirun -n R ./answer SPEC`` under MPI. With a cache, what
builds share is compiled once and copied into each build directory: the precompiled pareval.hpp, the
driver and accounting layer objects (once per mode and compiler), the glue object (once per signature and
mode, itself compiled with the precompiled header).
"""
from __future__ import annotations

import functools
import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from . import mpiwrap
from ..common import toolchain
from .glue import (CANDIDATE_FILE, COMPILED_FILE, DRIVER_FILE, DRIVER_HEADER, GLUE_FILE, HEADER, OMPWRAP,
                   OMPWRAP_FILE, WRAPPERS_FILE, candidate_source, driver_source, glue_source)
from ..suite.problems import MPI_MODES, OMP_MODES, Signature
from ..sandbox.core import Completed, Limits, run
from ..common.storage import atomic_write, busy_machine, locked

__all__ = ["BuildCache", "BuildResult", "ToolchainError", "build", "compile_command", "compiler_identity",
           "compiler_path", "candidate_source", "driver_source", "glue_source", "CANDIDATE_FILE", "DRIVER_FILE",
           "GLUE_FILE", "HEADER", "PROGRAM_FILE", "WRAPPERS_FILE"]

PROGRAM_FILE = "answer"
CXXFLAGS = ("-std=c++17", "-O2")  # the precompiled header is made with the same flags
COMPILERS = {"serial": "g++", "omp": "g++", "mpi": "mpicxx", "mpi+omp": "mpicxx"}
#: Flags a mode adds to CXXFLAGS (every part of its build, the precompiled header included, gets them).
MODE_FLAGS = {"omp": ("-fopenmp",), "mpi+omp": ("-fopenmp",)}
#: The compiler driver's exit status for an internal compiler error, which is also how it reports a pass
#: (cc1plus, as, ld) killed by a signal: retried once and never cached, whoever caused it.
ICE_STATUS = 4
#: Signals that stop the compiler for its own limits (CPU time, file size): the source's doing.
OWN_LIMIT_SIGNALS = (signal.SIGXCPU, signal.SIGXFSZ)


class ToolchainError(RuntimeError):
    """The compiler itself is missing or broken: an infrastructure error, not a model failure."""


@dataclass
class BuildResult:
    ok: bool
    program: Path | None
    log: str
    seconds: float
    timed_out: bool = False
    cached: bool = False
    machine_fault: str | None = None  # the machine stopped the compiler (after one retry): never cached
    crashed: bool = False             # the compiler crashed (exit status 4): never cached

    def first_errors(self, lines: int = 6) -> str:
        """The first error lines of the compiler log: enough to say why, short enough to read."""
        text = [line for line in self.log.splitlines() if line.strip()]
        marks = ("error", "undefined reference", "fatal", "out of memory", "exceeded")
        errors = [line for line in text if any(mark in line for mark in marks)]
        return "\n".join((errors or text)[:lines])


def compiler_path(mode: str) -> str:
    """The compiler of a mode: on PATH, else beside the running Python (the mpich wheel puts mpicxx in the
    venv's bin, which is not on PATH when ``.venv/bin/pytest`` runs without an activated venv)."""
    name = COMPILERS[mode]
    found = toolchain.find(name)
    if found is None:
        raise ToolchainError(f"{name} not found on PATH nor beside {sys.executable} "
                             "(install the 'mpich' wheel for mpicxx)")
    return found


def flags(mode: str) -> tuple[str, ...]:
    """Compiler flags of a mode's builds."""
    return CXXFLAGS + MODE_FLAGS.get(mode, ())


def sources(code: str, signature: Signature, mode: str) -> dict[str, str]:
    """Every file of one build, by name."""
    files = {HEADER.name: HEADER.read_text(), DRIVER_HEADER.name: DRIVER_HEADER.read_text(),
             CANDIDATE_FILE: f"{code}\n", COMPILED_FILE: candidate_source(code, mode), GLUE_FILE: glue_source(signature),
             DRIVER_FILE: driver_source(mode)}
    if mode in MPI_MODES:
        try:
            files[WRAPPERS_FILE] = mpiwrap.wrapper_source_for(compiler_path(mode))
        except (OSError, RuntimeError, subprocess.SubprocessError) as exc:
            raise ToolchainError(str(exc).splitlines()[0]) from None
    if mode in OMP_MODES:
        files[OMPWRAP_FILE] = OMPWRAP.read_text()
    return files


def compile_command(mode: str, glue: str = GLUE_FILE, driver: str = DRIVER_FILE,
                    wrappers: str = WRAPPERS_FILE, ompwrap: str = OMPWRAP_FILE) -> list[str]:
    """The one compiler call that makes the program from the answer, the glue, the driver and the accounting
    layers (MPI, OpenMP), each given as source or as object."""
    parts = [COMPILED_FILE, glue, driver] + ([wrappers] if mode in MPI_MODES else []) \
        + ([ompwrap] if mode in OMP_MODES else [])
    return [compiler_path(mode), *flags(mode), "-I.", *parts, "-o", PROGRAM_FILE]


@functools.lru_cache(maxsize=None)
def compiler_identity(compiler: str) -> str:
    """What makes one compiler's output differ from another's: its path, version and wrapper flags."""
    parts = [compiler]
    for flag in ("--version", "-show"):  # -show: the flags an MPI wrapper adds (plain g++ rejects it)
        try:
            parts.append(subprocess.run([compiler, flag], capture_output=True, text=True, timeout=30).stdout)
        except (OSError, subprocess.TimeoutExpired):
            parts.append("?")
    return "\n".join(parts)


class BuildCache:
    """Built programs and failed builds' logs, keyed by everything that affects the binary.

    Safe under xdist: a per-key lock makes a second worker wait for the first build and reuse it. Every
    file leaves the cache as a copy, never as a link: a run or a build can scribble on its own copies
    without reaching the cache or any later build."""

    def __init__(self, directory: Path):
        self.directory = directory

    def key(self, command: list[str], sources: dict[str, str]) -> str:
        payload = json.dumps({"compiler": compiler_identity(command[0]), "command": command[1:],
                              "sources": sources}, sort_keys=True)
        return hashlib.sha256(payload.encode()).hexdigest()

    def _base(self, key: str) -> Path:
        return self.directory / key[:2] / key

    def lock(self, key: str):
        return locked(self._base(key).with_suffix(".lock"))

    def get(self, key: str, workdir: Path) -> BuildResult | None:
        base = self._base(key)
        try:
            meta = json.loads(base.with_suffix(".json").read_text())
            program = None
            if meta["ok"]:
                program = workdir / PROGRAM_FILE
                shutil.copyfile(base.with_suffix(".bin"), program)
                program.chmod(0o755)
        except (FileNotFoundError, json.JSONDecodeError, KeyError):
            return None
        return BuildResult(ok=meta["ok"], program=program, log=meta["log"], seconds=0.0, cached=True)

    def put(self, key: str, result: BuildResult) -> None:
        base = self._base(key)
        if result.ok:
            atomic_write(base.with_suffix(".bin"), result.program.read_bytes())
        atomic_write(base.with_suffix(".json"), json.dumps({"ok": result.ok, "log": result.log}).encode())

    def part(self, name: str, command: list[str], sources: dict[str, str], workdir: Path, timeout: float,
             limits: Limits | None, extra: dict[str, Path] | None = None) -> Path | None:
        """A shared intermediate (an object, the precompiled header) placed in ``workdir`` as ``name``:
        built once per key by ``command`` from ``sources``, reused by every later build.

        ``extra`` are files placed beside the sources that only speed the build up (a precompiled header):
        they are not part of the key, so they must follow from what the key holds."""
        key = self.key(command, sources)
        cached = self._base(key).with_suffix(".part")
        with locked(self._base(key).with_suffix(".lock")):
            if not cached.exists():
                scratch = workdir / f"part-{key[:12]}"
                scratch.mkdir()
                _write_sources(scratch, sources)
                for extra_name, path in (extra or {}).items():
                    shutil.copyfile(path, scratch / extra_name)
                done = _run_compiler(command, scratch, timeout, limits, keep=(name,))
                if done.returncode != 0 or done.timed_out or not (scratch / name).exists():
                    return None
                atomic_write(cached, (scratch / name).read_bytes())
        target = workdir / name
        shutil.copyfile(cached, target)  # a copy: whatever happens to it later stays in this build
        return target


def build(code: str, signature: Signature, mode: str, workdir: Path, *, timeout: float,
          limits: Limits | None = None, cache: BuildCache | None = None) -> BuildResult:
    """Compile ``code`` into the program ``workdir/answer`` (sandboxed, like everything touching model
    output), or reuse the result of an identical earlier build.

    ``workdir`` is the build's own directory: run the program elsewhere (run.execute copies it into its
    run directory). A compiler the machine stopped (see :func:`machine_fault`) or that crashed is retried
    once, and its result is never cached; only a compiler's verdict on the source is."""
    workdir.mkdir(parents=True, exist_ok=True)
    files = sources(code, signature, mode)
    command = compile_command(mode)
    if cache is None:
        return _compile_retrying(command, files, workdir, timeout, limits)
    key = cache.key(command, files)
    with cache.lock(key):
        result = cache.get(key, workdir)
        if result is None:
            command = _with_shared_parts(cache, mode, files, workdir, timeout, limits) or command
            result = _compile_retrying(command, files, workdir, timeout, limits)
            if not (result.timed_out or result.machine_fault or result.crashed):  # maybe the load's doing
                cache.put(key, result)
    return result


def _with_shared_parts(cache: BuildCache, mode: str, files: dict[str, str], workdir: Path, timeout: float,
                       limits: Limits | None) -> list[str] | None:
    """Reuse what builds share: a precompiled pareval.hpp (most of a compile is parsing the standard
    headers), the glue compiled once per signature with it, the driver and the accounting layer once per
    mode and compiler. None when an object cannot be had (then everything is compiled from source)."""
    compiler = compiler_path(mode)
    header = {HEADER.name: files[HEADER.name]}
    pch_name = HEADER.name + ".gch"
    cxxflags = flags(mode)
    pch_command = [compiler, *cxxflags, "-c", "-x", "c++-header", HEADER.name, "-o", pch_name]
    # Optional: without it g++ reads the header itself. It follows from the header and the compiler, which
    # the glue's key holds, so the glue is built beside it.
    pch = cache.part(pch_name, pch_command, header, workdir, timeout, limits)
    glue_command = [compiler, *cxxflags, "-I.", "-c", GLUE_FILE, "-o", "glue.o"]
    glue = cache.part("glue.o", glue_command,
                      {**header, DRIVER_HEADER.name: files[DRIVER_HEADER.name], GLUE_FILE: files[GLUE_FILE]},
                      workdir, timeout, limits, extra={pch_name: pch} if pch else None)
    driver_command = [compiler, *cxxflags, "-I.", "-c", DRIVER_FILE, "-o", "driver.o"]
    driver = cache.part("driver.o", driver_command,
                        {DRIVER_HEADER.name: files[DRIVER_HEADER.name], DRIVER_FILE: files[DRIVER_FILE]},
                        workdir, timeout, limits)
    wrappers, ompwrap = WRAPPERS_FILE, OMPWRAP_FILE
    if mode in MPI_MODES:
        wrap_command = [compiler, *cxxflags, "-c", WRAPPERS_FILE, "-o", "mpiwrap.o"]
        wrappers = cache.part("mpiwrap.o", wrap_command, {WRAPPERS_FILE: files[WRAPPERS_FILE]}, workdir, timeout,
                              limits) and "mpiwrap.o"
    if mode in OMP_MODES:
        omp_command = [compiler, *cxxflags, "-c", OMPWRAP_FILE, "-o", "ompwrap.o"]
        ompwrap = cache.part("ompwrap.o", omp_command, {OMPWRAP_FILE: files[OMPWRAP_FILE]}, workdir, timeout,
                             limits) and "ompwrap.o"
    if not (glue and driver and wrappers and ompwrap):
        return None
    return compile_command(mode, glue="glue.o", driver="driver.o", wrappers=wrappers, ompwrap=ompwrap)


def _write_sources(workdir: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        (workdir / name).write_text(text)


def _compiler_env() -> dict[str, str]:
    path = os.environ.get("PATH", "/usr/bin:/bin")
    here = os.path.dirname(sys.executable)  # mpicxx beside the venv's python (see compiler_path)
    return {"PATH": path if here in path.split(os.pathsep) else f"{path}{os.pathsep}{here}", "LANG": "C"}


def _run_compiler(command: list[str], workdir: Path, timeout: float, limits: Limits | None,
                  keep: tuple[str, ...] = (PROGRAM_FILE,)) -> Completed:
    with busy_machine():  # a confirmation measurement waits for it (storage.QUIET_LOCK)
        return run(command, cwd=workdir, timeout=timeout, env=_compiler_env(), limits=limits or Limits.compiler(),
                   keep=keep)


def machine_fault(done: Completed) -> str | None:
    """Why the machine, not the source, stopped a compiler run; None for a verdict on the source.

    Read from what the source cannot write: the exit signal of the compiler driver itself (the source
    makes cc1plus work, never g++ die; its own CPU and file size limits excepted) and the kernel's OOM
    counters of the run's cgroup (an OOM kill while the build was under its own memory limit). Never the
    compiler's log: a static_assert or #error message can say anything."""
    if done.timed_out:
        return None
    if done.oom == "machine":
        return "the machine ran out of memory and killed the compiler"
    if done.signal is not None and done.signal not in OWN_LIMIT_SIGNALS and done.oom != "limit":
        return f"the compiler was killed by signal {done.signal}"
    return None


def _compile_retrying(command: list[str], files: dict[str, str], workdir: Path, timeout: float,
                      limits: Limits | None) -> BuildResult:
    result = _compile(command, files, workdir, timeout, limits)
    if result.machine_fault is not None or result.crashed:
        result = _compile(command, files, workdir, timeout, limits)
    return result


def _compile(command: list[str], files: dict[str, str], workdir: Path, timeout: float,
             limits: Limits | None) -> BuildResult:
    _write_sources(workdir, files)
    program = workdir / PROGRAM_FILE
    program.unlink(missing_ok=True)
    done = _run_compiler(command, workdir, timeout, limits)
    ok = done.returncode == 0 and not done.timed_out and program.exists()
    log = done.stderr + done.stdout
    if done.timed_out:
        log = f"compilation exceeded {timeout:g} s\n" + log
    if not ok and not os.access(command[0], os.X_OK):  # checked by us, not read from the log
        raise ToolchainError(f"the compiler {command[0]} is gone or not executable")
    fault = None if ok else machine_fault(done)
    if fault:
        log = f"the machine stopped the compiler ({fault})\n" + log
    elif not ok and done.oom == "limit":
        memory = (limits or Limits.compiler()).memory_mb
        log = f"compilation exceeded its memory limit ({memory} MB)\n" + log
    crashed = not ok and fault is None and done.returncode == ICE_STATUS
    return BuildResult(ok=ok, program=program if ok else None, log=log, seconds=done.seconds,
                       timed_out=done.timed_out, machine_fault=fault, crashed=crashed)
