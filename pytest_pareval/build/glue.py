"""Sources of a compiled answer besides the candidate: the driver (driver.cpp: main, file protocol, MPI
start-up; the same for every signature of a mode), the glue generated from the signature, and the
candidate's own file as compiled.

The glue is kept small, since it is compiled once per signature: it includes the precompiled pareval.hpp
and driver.hpp only, says how many arguments there are and how large their elements are, and defines
``pareval::call``, which rebuilds each argument from the raw bytes of inputs.bin (vectors as fresh
copies, so a repetition never sees what the previous one wrote), times the call alone, and appends the
outputs (the non-const vectors in signature order, then the return value) to the results rank 0 writes.
"""
from __future__ import annotations

from pathlib import Path

from .mpiwrap import KINDS
from ..suite.problems import MPI_MODES, OMP_MODES, Signature

HEADER = Path(__file__).with_name("pareval.hpp")
DRIVER = Path(__file__).with_name("driver.cpp")
DRIVER_HEADER = Path(__file__).with_name("driver.hpp")
CANDIDATE_FILE = "answer.cpp"  # the model's code as it is (what compiler messages quote)
COMPILED_FILE = "candidate.cpp"  # what is compiled: the prelude, then answer.cpp's lines (candidate_source)
GLUE_FILE = "glue.cpp"
DRIVER_FILE = DRIVER.name
WRAPPERS_FILE = "mpiwrap.cpp"
OMPWRAP = Path(__file__).with_name("ompwrap.cpp")
OMPWRAP_FILE = OMPWRAP.name


def driver_source(mode: str) -> str:
    """C++ source of the driver of a mode: its definitions, then driver.cpp."""
    head = ["#include <mpi.h>", "#define PAREVAL_MPI 1"] if mode in MPI_MODES else []
    if mode in OMP_MODES:
        head.append("#define PAREVAL_OMP 1")
    head.append(f"#define PAREVAL_MPI_KINDS {len(KINDS)}")
    return "\n".join(head) + "\n" + DRIVER.read_text()


def glue_source(signature: Signature) -> str:
    """C++ source of the glue for one signature: the candidate's prototype, the arguments' layout and
    ``pareval::call``. The same for both modes (MPI belongs to the driver)."""
    args = signature.args
    lines = [f'#include "{HEADER.name}"', f'#include "{DRIVER_HEADER.name}"',
             f"{signature.text};",
             "namespace pareval {",
             f"const int ARGS = {len(args)};",
             "const size_t ITEM_SIZE[] = {" + "".join(f"sizeof({a.ctype}), " for a in args) + "1};",
             "const bool IS_VECTOR[] = {"
             + "".join(f"{'true' if a.is_vector else 'false'}, " for a in args) + "false};",
             "",
             "void call(const Case& c, Clock& clock, std::string* results) {"]
    names = []
    for index, arg in enumerate(args):
        kind = "vector_arg" if arg.is_vector else "scalar_arg"
        declared = f"std::vector<{arg.ctype}>" if arg.is_vector else arg.ctype
        lines.append(f"  {declared} a{index} = {kind}<{arg.ctype}>(c, {index});")
        names.append(f"a{index}")
    call = f"::{signature.function}({', '.join(names)})"  # qualified: no name of ours, no ADL, can meet it
    lines.append("  clock.start();")
    if signature.returns != "void":
        lines.append(f"  {signature.returns} returned = {call};")
    else:
        lines.append(f"  {call};")
    lines += ["  clock.stop();", "  if (!results) return;"]
    for index, arg in enumerate(args):
        if arg.is_output:
            lines.append(f"  put_vector(*results, a{index});")
    if signature.returns != "void":
        lines.append("  put(*results, returned);")
    lines += ["}", "", "}  // namespace pareval", ""]
    return "\n".join(lines)


def candidate_source(code: str, mode: str) -> str:
    """The answer as compiled (COMPILED_FILE): our header first, then the model's code with its own line
    numbers, named CANDIDATE_FILE, which holds the model's code alone: the compiler quotes source lines from
    the file a ``#line`` names, so its messages show the answer's own lines. A ``main`` the model wrote
    anyway is renamed, so that it cannot replace the driver's."""
    prelude = ('#include "pareval.hpp"\n' + ("#include <mpi.h>\n" if mode in MPI_MODES else "")
               + ("#include <omp.h>\n" if mode in OMP_MODES else ""))
    return f'{prelude}#define main pareval_candidate_main\n#line 1 "{CANDIDATE_FILE}"\n{code}\n'
