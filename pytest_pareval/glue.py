"""Sources of a compiled answer besides the candidate: the driver main (driver.cpp) joined to the part
generated from the signature, and the candidate's own file as compiled.

The generated part rebuilds each argument from the raw bytes of inputs.bin (vectors as fresh copies, so
a repetition never sees what the previous one wrote), times the call alone, and appends the outputs (the
non-const vectors in signature order, then the return value) to the results rank 0 writes.
"""
from __future__ import annotations

from pathlib import Path

from .mpiwrap import KINDS
from .problems import Signature

HEADER = Path(__file__).with_name("pareval.hpp")
DRIVER = Path(__file__).with_name("driver.cpp")
CANDIDATE_FILE = "answer.cpp"
GLUE_FILE = "glue.cpp"
WRAPPERS_FILE = "mpiwrap.cpp"


def glue_source(signature: Signature, mode: str) -> str:
    """C++ source of the driver for one signature: constants, the candidate's prototype, the driver
    main and ``pareval_call``."""
    args = signature.args
    head = ['#include "pareval.hpp"']
    if mode == "mpi":
        head += ["#include <mpi.h>", "#define PAREVAL_MPI 1"]
    head += [f"#define PAREVAL_MPI_KINDS {len(KINDS)}",
             f"#define PAREVAL_ARGS {len(args)}",
             f"{signature.text};",
             "namespace pareval {",
             "static const size_t ITEM_SIZE[PAREVAL_ARGS + 1] = {"
             + "".join(f"sizeof({a.ctype}), " for a in args) + "1};",
             "static const bool IS_VECTOR[PAREVAL_ARGS + 1] = {"
             + "".join(f"{'true' if a.is_vector else 'false'}, " for a in args) + "false};",
             "}  // namespace pareval", ""]
    body = ["static void pareval_call(const pareval::Case& c, pareval::Clock& clock, std::string* results) {"]
    names = []
    for index, arg in enumerate(args):
        kind = "vector_arg" if arg.is_vector else "scalar_arg"
        declared = f"std::vector<{arg.ctype}>" if arg.is_vector else arg.ctype
        body.append(f"  {declared} a{index} = pareval::{kind}<{arg.ctype}>(c, {index});")
        names.append(f"a{index}")
    call = f"{signature.function}({', '.join(names)})"
    body.append("  clock.start();")
    if signature.returns != "void":
        body.append(f"  {signature.returns} returned = {call};")
    else:
        body.append(f"  {call};")
    body += ["  clock.stop();", "  if (!results) return;"]
    for index, arg in enumerate(args):
        if arg.is_output:
            body.append(f"  pareval::put_vector(*results, a{index});")
    if signature.returns != "void":
        body.append("  pareval::put(*results, returned);")
    body.append("}")
    return "\n".join(head) + "\n" + DRIVER.read_text() + "\n" + "\n".join(body) + "\n"


def candidate_source(code: str, mode: str) -> str:
    """The answer as compiled: our header first, then the model's code with its own line numbers. A
    ``main`` the model wrote anyway is renamed, so that it cannot replace the driver's."""
    prelude = '#include "pareval.hpp"\n' + ("#include <mpi.h>\n" if mode == "mpi" else "")
    return f'{prelude}#define main pareval_candidate_main\n#line 1 "{CANDIDATE_FILE}"\n{code}\n'
