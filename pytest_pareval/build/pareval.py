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

For the work-division rule of MPI items a second program is built (``division=True``): the answer's
function renamed by a macro around its definition, and its name a forwarding template that times every
call made from ParEval's driver (parevalcalls.cpp), with the MPI accounting layer (mpiwrap.py, its
MPI_Init/MPI_Finalize forwarded) linked to leave MPI's own CPU out. It serves the division's runs only;
ParEval's verdict and its timing come from the program above.
"""
from __future__ import annotations

from pathlib import Path

from ..common import toolchain
from ..sandbox.core import Limits
from ..suite.pareval.checkout import Checkout
from ..suite.pareval.prompts import ParEvalProblem
from . import compile as compile_stage
from . import mpiwrap
from .compile import BuildCache, BuildResult, ToolchainError
from .glue import OMPWRAP

#: Our accounting layers, one source each (built once per compiler through the cache): the OpenMP layer
#: with its report, and the division's per-call clock with the MPI layer.
OMP_ACCOUNTING = "ompaccount.cpp"
DIVISION_ACCOUNTING = "divaccount.cpp"
OMPREPORT = Path(__file__).with_name("ompreport.cpp")
PAREVALCALLS = Path(__file__).with_name("parevalcalls.cpp")
#: What the division's build appends after the answer (FN: the answer's function): the name becomes a
#: template forwarding every call to the renamed answer inside a timing scope.
_CALL_WRAPPER = """
#undef {fn}
#include <utility>
struct pareval_call_scope {{ double own, all, mpi; bool outer; pareval_call_scope(); ~pareval_call_scope(); }};
template <typename... PAREVAL_A>
inline decltype(auto) {fn}(PAREVAL_A&&... pareval_a) {{
    pareval_call_scope pareval_scope;
    return pareval_answer_{fn}(std::forward<PAREVAL_A>(pareval_a)...);
}}
"""

#: ParEval's compiler and flags per parallelism model (drivers/cpp/cpp_driver_wrapper.py, a fact of it).
COMPILERS = {"serial": "g++", "omp": "g++", "mpi": "mpicxx", "mpi+omp": "mpicxx"}
FLAGS = {"serial": ("-std=c++17", "-O3"), "omp": ("-std=c++17", "-O3", "-fopenmp"),
         "mpi": ("-std=c++17", "-O3"), "mpi+omp": ("-std=c++17", "-O3", "-fopenmp")}
ANSWER_FILE = "generated-code.hpp"
PROBLEM_FILE = "cpu.cc"
MAIN_FILE = "main-driver.cc"


def answer_source(prompt: str, output: str, helpers: str = "", *, timed_function: str | None = None) -> str:
    """``generated-code.hpp``: ParEval's patched prompt, then the output. ``helpers`` (our reading of a
    whole-function answer) go before the prompt's last line; without them the text is byte for byte
    ParEval's. ``timed_function`` (the division's build): that function renamed from its first line to the
    end of the output, and its name a forwarding template that times each call."""
    head, _, last = prompt.rpartition("\n")
    words = last.split(" ")
    patched = " ".join([words[0], "NO_INLINE", *words[1:]]) if len(words) > 1 else last
    if helpers:
        head = f"{head}\n{helpers}" if head else helpers
    if timed_function:
        patched = f"#define {timed_function} pareval_answer_{timed_function}\n{patched}"
        output = output + "\n" + _CALL_WRAPPER.format(fn=timed_function)
    return (f"{head}\n{patched}" if head or "\n" in prompt else patched) + "\n" + output


def compiler(mode: str) -> str:
    name = COMPILERS[mode]
    found = toolchain.find(name)
    if found is None:
        raise ToolchainError(f"{name} not found on PATH nor beside the Python interpreter "
                             "(install the 'mpich' wheel for mpicxx)")
    return found


def sources(checkout: Checkout, problem: ParEvalProblem, generated: str, division: bool = False) -> dict[str, str]:
    """Every file of one build by name, read from the checkout (and our accounting layer, if any)."""
    bench = checkout.benchmark_dir(problem.problem_type, problem.name)
    return {ANSWER_FILE: generated, PROBLEM_FILE: (bench / "cpu.cc").read_text(),
            "baseline.hpp": (bench / "baseline.hpp").read_text(),
            "utilities.hpp": (checkout.cpp_dir / "utilities.hpp").read_text(),
            MAIN_FILE: checkout.main_driver(problem.mode).read_text(), **accounting(problem.mode, division)}


def accounting(mode: str, division: bool = False) -> dict[str, str]:
    """Our accounting layer's one source for a build: the OpenMP layer in the OpenMP models, the division's
    clock and the MPI layer (its lifecycle forwarded to ParEval's main) in the division's build."""
    if division:
        return {DIVISION_ACCOUNTING: mpiwrap.wrapper_source_for(compiler(mode), own_lifecycle=False) + "\n"
                + PAREVALCALLS.read_text()}
    if mode in ("omp", "mpi+omp"):
        return {OMP_ACCOUNTING: OMPWRAP.read_text() + "\n" + OMPREPORT.read_text()}
    return {}


def command(checkout: Checkout, problem: ParEvalProblem, main: str = MAIN_FILE,
            account: str | None = None) -> list[str]:
    """ParEval's compile line, with our file names (and our accounting layer, when the build has one)."""
    size = checkout.problem_size(problem.name, problem.mode)
    return [compiler(problem.mode), *FLAGS[problem.mode], "-I.", f"-DUSE_{problem.mode.upper()}",
            f"-DDRIVER_PROBLEM_SIZE={size}", main, PROBLEM_FILE, *([account] if account else []),
            "-o", compile_stage.PROGRAM_FILE]


def build(checkout: Checkout, problem: ParEvalProblem, generated: str, workdir: Path, *, timeout: float,
          cache: BuildCache | None = None, limits: Limits | None = None, division: bool = False) -> BuildResult:
    """Compile ``generated`` (answer_source) with the problem's driver into ``workdir/answer``, sandboxed,
    or reuse an identical earlier build (a failed one's log too). ``division``: the division's program
    (``generated`` made with ``timed_function``)."""
    workdir.mkdir(parents=True, exist_ok=True)
    files = sources(checkout, problem, generated, division)
    account = next(iter(accounting(problem.mode, division)), None)
    full = command(checkout, problem, account=account)
    if cache is None:
        return compile_stage._compile_retrying(full, files, workdir, timeout, limits)
    key = cache.key(full, files)
    with cache.lock(key):
        result = cache.get(key, workdir)
        if result is None:
            main_command = [full[0], *FLAGS[problem.mode], "-c", MAIN_FILE, "-o", "main-driver.o"]
            main = cache.part("main-driver.o", main_command, {MAIN_FILE: files[MAIN_FILE]}, workdir, timeout, limits)
            if account is not None:
                obj = account.replace(".cpp", ".o")
                account_command = [full[0], *FLAGS[problem.mode], "-c", account, "-o", obj]
                if not cache.part(obj, account_command, {account: files[account]}, workdir, timeout, limits):
                    # ours, not the answer's: never its build_fail
                    raise ToolchainError(f"{full[0]} did not compile our accounting layer ({account})")
                account = obj
            cmd = command(checkout, problem, "main-driver.o" if main else MAIN_FILE, account)
            result = compile_stage._compile_retrying(cmd, files, workdir, timeout, limits)
            if not (result.timed_out or result.machine_fault or result.crashed):
                cache.put(key, result)
    return result
