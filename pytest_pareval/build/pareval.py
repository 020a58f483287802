"""Build stage for ParEval's problems: an answer becomes ParEval's program, as ParEval's runner makes it.

The answer file is ``generated-code.hpp`` = the prompt with ``NO_INLINE`` after the first word of its last
line, a newline, and the output; the problem's ``cpu.cc`` includes it after ParEval's ``utilities.hpp`` and
``baseline.hpp``, and is linked with ParEval's main driver of the mode. Compilers and flags are ParEval's
(g++/mpicxx, ``-std=c++17 -O3``, ``-fopenmp`` for the OpenMP models, ``-DUSE_<MODEL>``,
``-DDRIVER_PROBLEM_SIZE``). Every file is copied from the checkout into the build directory, so the
compiler runs in our sandbox (which shows it nothing of the checkout) and the build cache is keyed by
every source. The main driver is compiled once per mode and compiler, as ParEval's Makefile does.

In the OpenMP models the program also links our OpenMP accounting layer (ompwrap.cpp, which forwards every
region to libgomp and counts those of two or more threads) and its report at exit (ompreport.cpp): the
evidence of a parallel region that ParEval's driver does not give. Nothing else of the program changes.
"""
from __future__ import annotations

from pathlib import Path

from ..common import toolchain
from ..sandbox.core import Limits
from ..suite.pareval.checkout import Checkout
from ..suite.pareval.prompts import ParEvalProblem
from . import compile as compile_stage
from .compile import BuildCache, BuildResult, ToolchainError
from .glue import OMPWRAP

#: The OpenMP accounting layer and its report, one source (built once per compiler through the cache).
ACCOUNTING_FILE = "ompaccount.cpp"
ACCOUNTING_OBJECT = "ompaccount.o"
OMPREPORT = Path(__file__).with_name("ompreport.cpp")

#: ParEval's compiler and flags per parallelism model (drivers/cpp/cpp_driver_wrapper.py, a fact of it).
COMPILERS = {"serial": "g++", "omp": "g++", "mpi": "mpicxx", "mpi+omp": "mpicxx"}
FLAGS = {"serial": ("-std=c++17", "-O3"), "omp": ("-std=c++17", "-O3", "-fopenmp"),
         "mpi": ("-std=c++17", "-O3"), "mpi+omp": ("-std=c++17", "-O3", "-fopenmp")}
ANSWER_FILE = "generated-code.hpp"
PROBLEM_FILE = "cpu.cc"
MAIN_FILE = "main-driver.cc"


def answer_source(prompt: str, output: str, helpers: str = "") -> str:
    """``generated-code.hpp``: ParEval's patched prompt, then the output. ``helpers`` (our reading of a
    whole-function answer) go before the prompt's last line; without them the text is byte for byte
    ParEval's."""
    head, _, last = prompt.rpartition("\n")
    words = last.split(" ")
    patched = " ".join([words[0], "NO_INLINE", *words[1:]]) if len(words) > 1 else last
    if helpers:
        head = f"{head}\n{helpers}" if head else helpers
    return (f"{head}\n{patched}" if head or "\n" in prompt else patched) + "\n" + output


def compiler(mode: str) -> str:
    name = COMPILERS[mode]
    found = toolchain.find(name)
    if found is None:
        raise ToolchainError(f"{name} not found on PATH nor beside the Python interpreter "
                             "(install the 'mpich' wheel for mpicxx)")
    return found


def sources(checkout: Checkout, problem: ParEvalProblem, generated: str) -> dict[str, str]:
    """Every file of one build by name, read from the checkout."""
    bench = checkout.benchmark_dir(problem.problem_type, problem.name)
    return {ANSWER_FILE: generated, PROBLEM_FILE: (bench / "cpu.cc").read_text(),
            "baseline.hpp": (bench / "baseline.hpp").read_text(),
            "utilities.hpp": (checkout.cpp_dir / "utilities.hpp").read_text(),
            MAIN_FILE: checkout.main_driver(problem.mode).read_text(), **accounting(problem.mode)}


def accounting(mode: str) -> dict[str, str]:
    """The accounting layer's source for the OpenMP models (none for serial and MPI)."""
    if mode not in ("omp", "mpi+omp"):
        return {}
    return {ACCOUNTING_FILE: OMPWRAP.read_text() + "\n" + OMPREPORT.read_text()}


def command(checkout: Checkout, problem: ParEvalProblem, main: str = MAIN_FILE,
            account: str = ACCOUNTING_FILE) -> list[str]:
    """ParEval's compile line, with our file names (and the accounting layer in the OpenMP models)."""
    size = checkout.problem_size(problem.name, problem.mode)
    extra = [account] if accounting(problem.mode) else []
    return [compiler(problem.mode), *FLAGS[problem.mode], "-I.", f"-DUSE_{problem.mode.upper()}",
            f"-DDRIVER_PROBLEM_SIZE={size}", main, PROBLEM_FILE, *extra, "-o", compile_stage.PROGRAM_FILE]


def build(checkout: Checkout, problem: ParEvalProblem, generated: str, workdir: Path, *, timeout: float,
          cache: BuildCache | None = None, limits: Limits | None = None) -> BuildResult:
    """Compile ``generated`` (answer_source) with the problem's driver into ``workdir/answer``, sandboxed,
    or reuse an identical earlier build (a failed one's log too)."""
    workdir.mkdir(parents=True, exist_ok=True)
    files = sources(checkout, problem, generated)
    full = command(checkout, problem)
    if cache is None:
        return compile_stage._compile_retrying(full, files, workdir, timeout, limits)
    key = cache.key(full, files)
    with cache.lock(key):
        result = cache.get(key, workdir)
        if result is None:
            main_command = [full[0], *FLAGS[problem.mode], "-c", MAIN_FILE, "-o", "main-driver.o"]
            main = cache.part("main-driver.o", main_command, {MAIN_FILE: files[MAIN_FILE]}, workdir, timeout, limits)
            account = ACCOUNTING_FILE
            if ACCOUNTING_FILE in files:
                account_command = [full[0], *FLAGS[problem.mode], "-c", ACCOUNTING_FILE, "-o", ACCOUNTING_OBJECT]
                if not cache.part(ACCOUNTING_OBJECT, account_command, {ACCOUNTING_FILE: files[ACCOUNTING_FILE]},
                                  workdir, timeout, limits):  # ours, not the answer's: never its build_fail
                    raise ToolchainError(f"{full[0]} did not compile the OpenMP accounting layer "
                                         "(build/ompwrap.cpp + build/ompreport.cpp)")
                account = ACCOUNTING_OBJECT
            cmd = command(checkout, problem, "main-driver.o" if main else MAIN_FILE, account)
            result = compile_stage._compile_retrying(cmd, files, workdir, timeout, limits)
            if not (result.timed_out or result.machine_fault or result.crashed):
                cache.put(key, result)
    return result
