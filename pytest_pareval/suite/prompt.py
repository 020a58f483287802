"""Prompt stage: a problem and a mode become chat messages (a system and a user message)."""
from __future__ import annotations

from .problems import Problem

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

_MODE_RULES = {
    "serial": "Write a serial implementation for a single core. Do not use threads, OpenMP or MPI.",
    "mpi": (
        "Write a parallel implementation with MPI, using the MPI C API from <mpi.h> (there are no C++ "
        "bindings). The rules of the harness:\n"
        "- MPI is already initialised. Do not call MPI_Init or MPI_Finalize.\n"
        "- The function is called on every rank of MPI_COMM_WORLD, and every rank receives a complete copy "
        "of the inputs.\n"
        "- The result only has to be correct on rank 0 (its outputs and return value are the ones checked).\n"
        "- The work must actually be divided among the ranks: an answer that computes everything on each "
        "rank without communicating is not accepted.\n"
        "- Any number of ranks must work, including more ranks than elements and sizes that do not divide "
        "evenly by the number of ranks."
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


def messages(problem: Problem, mode: str) -> list[dict[str, str]]:
    """The chat messages sent to every model for this problem and mode."""
    return [{"role": "system", "content": SYSTEM}, {"role": "user", "content": user_message(problem, mode)}]
