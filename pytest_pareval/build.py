"""Build stage: wrap a candidate in C glue generated from the signature, compile it to a shared library.

The glue exports one C entry point with a uniform ABI, ``pareval_call(args, lens, ret, seconds)``, so the
driver can call any problem through ctypes without per-problem code. In MPI mode the glue also counts
the candidate's MPI calls (the linker's ``--wrap`` redirects them through counters to ``PMPI_*``) and
turns MPI_Init/MPI_Finalize into no-ops: the driver owns MPI's lifetime.
"""
from __future__ import annotations

import functools
import hashlib
import json
import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from .problems import Signature
from .sandbox import Limits, run
from .storage import atomic_write, locked

HEADER = Path(__file__).with_name("pareval.hpp")
CANDIDATE_FILE = "answer.cpp"
GLUE_FILE = "glue.cpp"
LIBRARY_FILE = "libanswer.so"
CXXFLAGS = ("-std=c++17", "-O2", "-fPIC", "-shared", "-Wl,--no-undefined")  # the first 3 also make the PCH
COMPILERS = {"serial": "g++", "mpi": "mpicxx"}

# MPI calls counted as communication, grouped by kind: (name, parameter list, argument list).
_P2P = [
    ("Send", "const void* b, int c, MPI_Datatype t, int d, int g, MPI_Comm m", "b, c, t, d, g, m"),
    ("Ssend", "const void* b, int c, MPI_Datatype t, int d, int g, MPI_Comm m", "b, c, t, d, g, m"),
    ("Bsend", "const void* b, int c, MPI_Datatype t, int d, int g, MPI_Comm m", "b, c, t, d, g, m"),
    ("Rsend", "const void* b, int c, MPI_Datatype t, int d, int g, MPI_Comm m", "b, c, t, d, g, m"),
    ("Isend", "const void* b, int c, MPI_Datatype t, int d, int g, MPI_Comm m, MPI_Request* r",
     "b, c, t, d, g, m, r"),
    ("Issend", "const void* b, int c, MPI_Datatype t, int d, int g, MPI_Comm m, MPI_Request* r",
     "b, c, t, d, g, m, r"),
    ("Recv", "void* b, int c, MPI_Datatype t, int s, int g, MPI_Comm m, MPI_Status* st",
     "b, c, t, s, g, m, st"),
    ("Irecv", "void* b, int c, MPI_Datatype t, int s, int g, MPI_Comm m, MPI_Request* r",
     "b, c, t, s, g, m, r"),
    ("Sendrecv", "const void* sb, int sc, MPI_Datatype st, int d, int sg, void* rb, int rc, "
     "MPI_Datatype rt, int s, int rg, MPI_Comm m, MPI_Status* x", "sb, sc, st, d, sg, rb, rc, rt, s, rg, m, x"),
    ("Sendrecv_replace", "void* b, int c, MPI_Datatype t, int d, int sg, int s, int rg, MPI_Comm m, "
     "MPI_Status* x", "b, c, t, d, sg, s, rg, m, x"),
]
_V = "const int* sc, const int* sd, MPI_Datatype st, void* rb"
_COLLECTIVE = [
    ("Bcast", "void* b, int c, MPI_Datatype t, int r, MPI_Comm m", "b, c, t, r, m"),
    ("Reduce", "const void* s, void* r, int c, MPI_Datatype t, MPI_Op o, int root, MPI_Comm m",
     "s, r, c, t, o, root, m"),
    ("Allreduce", "const void* s, void* r, int c, MPI_Datatype t, MPI_Op o, MPI_Comm m", "s, r, c, t, o, m"),
    ("Scan", "const void* s, void* r, int c, MPI_Datatype t, MPI_Op o, MPI_Comm m", "s, r, c, t, o, m"),
    ("Exscan", "const void* s, void* r, int c, MPI_Datatype t, MPI_Op o, MPI_Comm m", "s, r, c, t, o, m"),
    ("Gather", "const void* sb, int sc, MPI_Datatype st, void* rb, int rc, MPI_Datatype rt, int r, MPI_Comm m",
     "sb, sc, st, rb, rc, rt, r, m"),
    ("Scatter", "const void* sb, int sc, MPI_Datatype st, void* rb, int rc, MPI_Datatype rt, int r, MPI_Comm m",
     "sb, sc, st, rb, rc, rt, r, m"),
    ("Allgather", "const void* sb, int sc, MPI_Datatype st, void* rb, int rc, MPI_Datatype rt, MPI_Comm m",
     "sb, sc, st, rb, rc, rt, m"),
    ("Alltoall", "const void* sb, int sc, MPI_Datatype st, void* rb, int rc, MPI_Datatype rt, MPI_Comm m",
     "sb, sc, st, rb, rc, rt, m"),
    ("Gatherv", "const void* sb, int sc, MPI_Datatype st, void* rb, const int* rc, const int* d, "
     "MPI_Datatype rt, int r, MPI_Comm m", "sb, sc, st, rb, rc, d, rt, r, m"),
    ("Scatterv", f"const void* sb, {_V}, int rc, MPI_Datatype rt, int r, MPI_Comm m",
     "sb, sc, sd, st, rb, rc, rt, r, m"),
    ("Allgatherv", "const void* sb, int sc, MPI_Datatype st, void* rb, const int* rc, const int* d, "
     "MPI_Datatype rt, MPI_Comm m", "sb, sc, st, rb, rc, d, rt, m"),
    ("Alltoallv", f"const void* sb, {_V}, const int* rc, const int* rd, MPI_Datatype rt, MPI_Comm m",
     "sb, sc, sd, st, rb, rc, rd, rt, m"),
    ("Reduce_scatter", "const void* s, void* r, const int* c, MPI_Datatype t, MPI_Op o, MPI_Comm m",
     "s, r, c, t, o, m"),
    ("Reduce_scatter_block", "const void* s, void* r, int c, MPI_Datatype t, MPI_Op o, MPI_Comm m",
     "s, r, c, t, o, m"),
    ("Ibcast", "void* b, int c, MPI_Datatype t, int r, MPI_Comm m, MPI_Request* q", "b, c, t, r, m, q"),
    ("Iallreduce", "const void* s, void* r, int c, MPI_Datatype t, MPI_Op o, MPI_Comm m, MPI_Request* q",
     "s, r, c, t, o, m, q"),
    ("Ireduce", "const void* s, void* r, int c, MPI_Datatype t, MPI_Op o, int root, MPI_Comm m, "
     "MPI_Request* q", "s, r, c, t, o, root, m, q"),
]
_RMA = [
    ("Put", "const void* o, int oc, MPI_Datatype ot, int r, MPI_Aint d, int tc, MPI_Datatype tt, MPI_Win w",
     "o, oc, ot, r, d, tc, tt, w"),
    ("Get", "void* o, int oc, MPI_Datatype ot, int r, MPI_Aint d, int tc, MPI_Datatype tt, MPI_Win w",
     "o, oc, ot, r, d, tc, tt, w"),
    ("Accumulate", "const void* o, int oc, MPI_Datatype ot, int r, MPI_Aint d, int tc, MPI_Datatype tt, "
     "MPI_Op op, MPI_Win w", "o, oc, ot, r, d, tc, tt, op, w"),
]
#: Order of the counters the glue exports through ``pareval_mpi_counts``.
MPI_COUNTERS = ("p2p", "collective", "rma", "barrier", "init_finalize")
_LIFECYCLE = ("Init", "Init_thread", "Finalize")


class ToolchainError(RuntimeError):
    """The compiler itself is missing or broken: an infrastructure error, not a model failure."""


@dataclass
class BuildResult:
    ok: bool
    library: Path | None
    log: str
    seconds: float
    timed_out: bool = False
    cached: bool = False

    def first_errors(self, lines: int = 6) -> str:
        """The first error lines of the compiler log: enough to say why, short enough to read."""
        text = [line for line in self.log.splitlines() if line.strip()]
        marks = ("error", "undefined reference", "fatal", "out of memory", "exceeded")
        errors = [line for line in text if any(mark in line for mark in marks)]
        return "\n".join((errors or text)[:lines])


def _mpi_wrappers() -> str:
    # Traffic on a one-rank communicator (MPI_COMM_SELF) moves nothing between ranks: not counted.
    out = ["static long pareval_counters[5];",
           "static int pareval_multi_comm(MPI_Comm m) { int n = 1; PMPI_Comm_size(m, &n); return n > 1; }",
           "static int pareval_multi_win(MPI_Win w) { MPI_Group g; int n = 1; PMPI_Win_get_group(w, &g); "
           "PMPI_Group_size(g, &n); PMPI_Group_free(&g); return n > 1; }"]
    for kind, group in enumerate((_P2P, _COLLECTIVE, _RMA)):
        for name, params, args in group:
            multi = "pareval_multi_win(w)" if kind == 2 else "pareval_multi_comm(m)"
            out.append(f'extern "C" int __wrap_MPI_{name}({params}) '
                       f"{{ pareval_counters[{kind}] += {multi}; return PMPI_{name}({args}); }}")
    out.append('extern "C" int __wrap_MPI_Barrier(MPI_Comm m) { ++pareval_counters[3]; return PMPI_Barrier(m); }')
    out.append('extern "C" int __wrap_MPI_Init(int*, char***) { ++pareval_counters[4]; return MPI_SUCCESS; }')
    out.append('extern "C" int __wrap_MPI_Init_thread(int*, char***, int, int* p) '
               '{ ++pareval_counters[4]; if (p) *p = MPI_THREAD_SINGLE; return MPI_SUCCESS; }')
    out.append('extern "C" int __wrap_MPI_Finalize() { ++pareval_counters[4]; return MPI_SUCCESS; }')
    out.append('extern "C" void pareval_mpi_counts(long* out) '
               "{ for (int i = 0; i < 5; ++i) { out[i] = pareval_counters[i]; pareval_counters[i] = 0; } }")
    return "\n".join(out)


def _wrapped_mpi_names() -> list[str]:
    names = [n for group in (_P2P, _COLLECTIVE, _RMA) for n, _, _ in group]
    return [f"MPI_{n}" for n in names + ["Barrier", *_LIFECYCLE]]


def glue_source(signature: Signature, mode: str) -> str:
    """C++ source of the glue: rebuild the arguments, time the call, hand outputs back."""
    lines = ['#include "pareval.hpp"', "#include <chrono>", "#include <exception>", "#include <cstdio>"]
    if mode == "mpi":
        lines += ["#include <mpi.h>", _mpi_wrappers()]
    lines.append(f"{signature.text};")
    lines.append("static char pareval_error_text[512];")
    for arg in signature.args:
        if arg.is_output:
            lines.append(f"static std::vector<{arg.ctype}> pareval_out_{arg.name};")
    lines += ['extern "C" const char* pareval_error() { return pareval_error_text; }',
              'extern "C" int pareval_call(void** args, size_t* lens, void* ret, double* seconds) {',
              "  try {"]
    call_args = []
    for i, arg in enumerate(signature.args):
        ptr = f"static_cast<{arg.ctype}*>(args[{i}])"
        if arg.is_vector:
            lines.append(f"    std::vector<{arg.ctype}> a{i}({ptr}, {ptr} + lens[{i}]);")
        else:
            lines.append(f"    {arg.ctype} a{i} = *{ptr};")
        call_args.append(f"a{i}")
    call = f"{signature.function}({', '.join(call_args)})"
    if signature.returns != "void":
        call = f"*static_cast<{signature.returns}*>(ret) = {call}"
    lines += ["    auto start = std::chrono::steady_clock::now();",
              f"    {call};",
              "    *seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();"]
    for i, arg in enumerate(signature.args):
        if arg.is_output:
            lines += [f"    pareval_out_{arg.name} = std::move(a{i});",
                      f"    args[{i}] = pareval_out_{arg.name}.data();",
                      f"    lens[{i}] = pareval_out_{arg.name}.size();"]
    lines += ["    return 0;",
              "  } catch (const std::exception& e) {",
              "    std::snprintf(pareval_error_text, sizeof pareval_error_text, \"uncaught exception: %s\", e.what());",
              "  } catch (...) {",
              "    std::snprintf(pareval_error_text, sizeof pareval_error_text, \"uncaught non-standard exception\");",
              "  }",
              "  return 1;",
              "}"]
    return "\n".join(lines) + "\n"


def candidate_source(code: str, mode: str) -> str:
    """The answer as compiled: our header first, then the model's code with its own line numbers."""
    prelude = '#include "pareval.hpp"\n' + ("#include <mpi.h>\n" if mode == "mpi" else "")
    return f'{prelude}#line 1 "{CANDIDATE_FILE}"\n{code}\n'


def compiler_path(mode: str) -> str:
    compiler = shutil.which(COMPILERS[mode])
    if compiler is None:
        raise ToolchainError(f"{COMPILERS[mode]} not found on PATH (install the 'mpich' wheel for mpicxx)")
    return compiler


def compile_command(mode: str, glue: str = GLUE_FILE) -> list[str]:
    """The one compiler call that turns the answer (and the glue, source or object) into the library."""
    command = [compiler_path(mode), *CXXFLAGS, "-I.", CANDIDATE_FILE, glue, "-o", LIBRARY_FILE]
    if mode == "mpi":
        command += [f"-Wl,--wrap={name}" for name in _wrapped_mpi_names()]
    return command


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
    """Built libraries and failed builds' logs, keyed by everything that affects the binary.

    Safe under xdist: a per-key lock makes a second worker wait for the first build and reuse it."""

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
            library = None
            if meta["ok"]:
                library = workdir / LIBRARY_FILE
                shutil.copyfile(base.with_suffix(".so"), library)  # the item's own copy: runs may scribble
        except (FileNotFoundError, json.JSONDecodeError, KeyError):
            return None
        return BuildResult(ok=meta["ok"], library=library, log=meta["log"], seconds=0.0, cached=True)

    def put(self, key: str, result: BuildResult) -> None:
        base = self._base(key)
        if result.ok:
            atomic_write(base.with_suffix(".so"), result.library.read_bytes())
        atomic_write(base.with_suffix(".json"), json.dumps({"ok": result.ok, "log": result.log}).encode())

    def part(self, name: str, command: list[str], sources: dict[str, str], workdir: Path, timeout: float,
             limits: Limits | None) -> Path | None:
        """A shared intermediate (the glue object, the precompiled header) placed in ``workdir`` as
        ``name``: built once per key by ``command`` from ``sources``, reused by every later build."""
        key = self.key(command, sources)
        cached = self._base(key).with_suffix(".part")
        with locked(self._base(key).with_suffix(".lock")):
            if not cached.exists():
                scratch = workdir / f"part-{key[:12]}"
                scratch.mkdir()
                _write_sources(scratch, sources)
                done = run(command, cwd=scratch, timeout=timeout, env=_compiler_env(), limits=limits or Limits.compiler())
                if done.returncode != 0 or not (scratch / name).exists():
                    return None
                atomic_write(cached, (scratch / name).read_bytes())
        target = workdir / name
        try:
            os.link(cached, target)  # same filesystem: free; a 40 MB PCH is not copied per build
        except OSError:
            shutil.copyfile(cached, target)
        return target


def build(code: str, signature: Signature, mode: str, workdir: Path, *, timeout: float,
          limits: Limits | None = None, cache: BuildCache | None = None) -> BuildResult:
    """Compile ``code`` in ``workdir`` (sandboxed, like everything touching model output), or reuse the
    result of an identical earlier build."""
    workdir.mkdir(parents=True, exist_ok=True)
    sources = {HEADER.name: HEADER.read_text(), CANDIDATE_FILE: candidate_source(code, mode),
               GLUE_FILE: glue_source(signature, mode)}
    command = compile_command(mode)
    if cache is None:
        return _compile(command, sources, workdir, timeout, limits)
    key = cache.key(command, sources)
    with cache.lock(key):
        result = cache.get(key, workdir)
        if result is None:
            command = _with_shared_parts(cache, mode, sources, workdir, timeout, limits) or command
            result = _compile(command, sources, workdir, timeout, limits)
            if not result.timed_out:  # a timeout may be the machine's load, not the source's fault
                cache.put(key, result)
    return result


def _with_shared_parts(cache: BuildCache, mode: str, sources: dict[str, str], workdir: Path, timeout: float,
                       limits: Limits | None) -> list[str] | None:
    """Reuse what every build of a mode shares: the glue compiled once per signature, and a precompiled
    pareval.hpp (most of a candidate's compile time is parsing the standard headers). Measured here:
    1.5 s of CPU per build without, 0.3 s with. None when the glue object cannot be had."""
    compiler = compiler_path(mode)
    header = {HEADER.name: sources[HEADER.name]}
    glue_command = [compiler, *CXXFLAGS[:3], "-I.", "-c", GLUE_FILE, "-o", "glue.o"]
    glue = cache.part("glue.o", glue_command, {**header, GLUE_FILE: sources[GLUE_FILE]}, workdir, timeout, limits)
    pch_command = [compiler, *CXXFLAGS[:3], "-c", "-x", "c++-header", HEADER.name, "-o", HEADER.name + ".gch"]
    cache.part(HEADER.name + ".gch", pch_command, header, workdir, timeout, limits)  # optional: g++ falls back
    return compile_command(mode, glue="glue.o") if glue else None


def _write_sources(workdir: Path, sources: dict[str, str]) -> None:
    for name, text in sources.items():
        (workdir / name).write_text(text)


def _compiler_env() -> dict[str, str]:
    return {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LANG": "C"}


def _compile(command: list[str], sources: dict[str, str], workdir: Path, timeout: float,
             limits: Limits | None) -> BuildResult:
    _write_sources(workdir, sources)
    done = run(command, cwd=workdir, timeout=timeout, env=_compiler_env(), limits=limits or Limits.compiler())
    library = workdir / LIBRARY_FILE
    ok = done.returncode == 0 and not done.timed_out and library.exists()
    log = done.stderr + done.stdout
    if done.timed_out:
        log = f"compilation exceeded {timeout:g} s\n" + log
    if not ok and "No such file or directory" in log and command[0] in log:
        raise ToolchainError(log.strip().splitlines()[0])
    return BuildResult(ok=ok, library=library if ok else None, log=log, seconds=done.seconds,
                       timed_out=done.timed_out)
