"""Prompt stage: a problem and a mode become chat messages (a system and a user message)."""
from __future__ import annotations

from .problems import OMP_MODES, Problem

SYSTEM = (
    "You are an expert in high-performance scientific computing with C++17 and MPI. "
    "You answer with one complete C++ function definition in a single ```cpp fenced block, "
    "plus any helper functions it needs, and nothing else: no main(), no tests, no explanations."
)

_TYPES_NOTE = (
    "The headers <algorithm>, <cmath>, <complex>, <cstddef>, <cstdint>, <cstring>, <limits>, <numeric>, "
    "<utility> and <vector> are already included, "
    "and these types are already defined: struct Point { double x, y; }; "
    "struct COOElement { size_t row, column; double value; };. You may include other standard headers."
)

_MPI_RULES = (
    "- MPI is already initialised. Do not call MPI_Init or MPI_Finalize.\n"
    "- The function is called on every rank of MPI_COMM_WORLD, and every rank receives a complete copy "
    "of the inputs.\n"
    "- The result only has to be correct on rank 0 (its outputs and return value are the ones checked).\n"
    "- The work must actually be divided among the ranks: an answer that computes everything on each "
    "rank without communicating is not accepted.\n"
    "- Any number of ranks must work, including more ranks than elements and sizes that do not divide "
    "evenly by the number of ranks."
)

_MODE_RULES = {
    "serial": "Write a serial implementation for a single core. Do not use threads, OpenMP or MPI.",
    "omp": (
        "Write a parallel implementation with OpenMP threads (<omp.h> is available). The rules of the "
        "harness:\n"
        "- Use OpenMP only: no MPI, no std::thread, pthreads or other threading libraries.\n"
        "- The harness chooses the number of threads: do not call omp_set_num_threads and do not write "
        "num_threads clauses. Do not nest parallel regions.\n"
        "- The result must be correct with any number of threads (1, 2, 3, ...), including more threads than "
        "elements; it is checked at several thread counts. Data races make an answer wrong.\n"
        "- The work must actually be divided among the threads: an answer that never starts a parallel "
        "region, or whose threads leave the work to one of them, is not accepted."
    ),
    "mpi": (
        "Write a parallel implementation with MPI, using the MPI C API from <mpi.h> (there are no C++ "
        "bindings). The rules of the harness:\n" + _MPI_RULES
    ),
    "mpi+omp": (
        "Write a hybrid parallel implementation: MPI between ranks (the MPI C API from <mpi.h>; there are no "
        "C++ bindings) and OpenMP threads inside each rank (<omp.h> is available). The rules of the "
        "harness:\n" + _MPI_RULES + "\n"
        "- MPI is initialised with MPI_THREAD_FUNNELED: call MPI only from the thread that called your "
        "function, outside parallel regions (or inside `omp master`).\n"
        "- The harness chooses the number of threads per rank: do not call omp_set_num_threads and do not "
        "write num_threads clauses. Do not nest parallel regions; use OpenMP, not std::thread or pthreads.\n"
        "- The result must be correct with any number of ranks and any number of threads per rank; it is "
        "checked at several combinations. Data races make an answer wrong.\n"
        "- Inside each rank the work must be divided among its threads too: an answer that never starts a "
        "parallel region, or whose threads leave the work to one of them, is not accepted."
    ),
}


_PERFORMANCE_NOTE = (
    "Correctness is checked on small inputs; speed is then measured on one much larger input of the same "
    "kind, against a serial solution of ours. Choose an algorithm with the best complexity you know, and "
    "where the description asks for a complexity, meet it."
)


def user_message(problem: Problem, mode: str) -> str:
    return "\n\n".join([
        f"Implement this C++ function:\n\n{problem.signature.text}",
        problem.description,
        _MODE_RULES[mode],
        _PERFORMANCE_NOTE,
        _TYPES_NOTE,
    ])


#: The OpenMP modes' system message names OpenMP too; serial and MPI keep the seed's, word for word (their
#: cached responses and prompts_hash stay valid).
SYSTEM_OMP = SYSTEM.replace("C++17 and MPI", "C++17, OpenMP and MPI")


def messages(problem: Problem, mode: str) -> list[dict[str, str]]:
    """The chat messages sent to every model for this problem and mode."""
    system = SYSTEM_OMP if mode in OMP_MODES else SYSTEM
    return [{"role": "system", "content": system}, {"role": "user", "content": user_message(problem, mode)}]
