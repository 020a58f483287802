"""Deliberately broken answers made from a reference: the suite must reject every one of them.

Each mutant renames the reference function and wraps it under the real name, breaking the result in
one way. They are fed through the replay model exactly like a model's response.
"""
from __future__ import annotations

from pathlib import Path

from pytest_pareval.suite.problems import Problem, Signature

#: mutant name -> (modes it applies to, outcome the suite must give it)
MUTANTS = {
    "untouched": (("serial", "mpi"), "wrong"),      # outputs never written, default return value
    "zeroed": (("serial", "mpi"), "wrong"),         # computed, then every output set to zero
    "one_off": (("serial", "mpi"), "wrong"),        # computed, then one element (or the return value) off
    "own_share": (("mpi",), "wrong"),               # rank 0 keeps only its own part (hand-written)
    "serial_as_mpi": (("mpi",), "not_parallel"),    # the serial reference answering an MPI item
}
OWN_SHARE_FILE = "broken/mpi_own_share.cpp"

_BUMP = {
    "double": "{v} = {v} + 1.0 + std::fabs({v}) * 0.01",
    "float": "{v} = {v} + 1.0f + std::fabs({v}) * 0.01f",
    "int": "{v} = {v} + 1",
    "int64_t": "{v} = {v} + 1",
    "size_t": "{v} = {v} + 1",
    "bool": "{v} = !{v}",
    "std::complex<double>": "{v} = {v} + std::complex<double>(1.0, 1.0)",
    "Point": "{v}.x = {v}.x + 1.0",
    "COOElement": "{v}.value = {v}.value + 1.0",
}


def _wrapped(reference: str, signature: Signature, body: list[str]) -> str:
    fn = signature.function
    return "\n".join([f"#define {fn} pareval_reference_{fn}", reference, f"#undef {fn}",
                      f"{signature.text} {{", *body, "}", ""])


def mutant_source(problem: Problem, mode: str, mutant: str) -> str:
    """Source text of one broken answer for ``problem`` in ``mode``."""
    sig = problem.signature
    ref_dir = problem.reference_path(mode).parent
    if mutant == "own_share":
        return (ref_dir / OWN_SHARE_FILE).read_text()
    if mutant == "serial_as_mpi":
        return problem.reference_path("serial").read_text()
    reference = problem.reference_path(mode).read_text()
    call = f"pareval_reference_{sig.function}({', '.join(a.name for a in sig.args)})"
    returns = sig.returns != "void"
    outputs = [a for a in sig.args if a.is_output]
    if mutant == "untouched":
        body = [*(f"  (void){a.name};" for a in sig.args), f"  return {sig.returns}{{}};" if returns else ""]
    elif mutant == "zeroed":
        body = [f"  {call};", *(f"  std::fill({a.name}.begin(), {a.name}.end(), {a.ctype}{{}});" for a in outputs),
                f"  return {sig.returns}{{}};" if returns else ""]
    elif mutant == "one_off":
        if returns:
            body = [f"  {sig.returns} r = {call};", f"  {_BUMP[sig.returns].format(v='r')};", "  return r;"]
        else:
            out = outputs[0]
            v = f"{out.name}[{out.name}.size() / 2]"
            body = [f"  {call};", f"  if (!{out.name}.empty()) {{ {_BUMP[out.ctype].format(v=v)}; }}"]
    else:
        raise KeyError(mutant)
    return _wrapped(reference, sig, body)


def write_replay_trees(problems: list[Problem], root: Path) -> dict[str, Path]:
    """One replay directory per mutant (``root/<mutant>/<domain>/<name>/<mode>.txt``)."""
    trees = {}
    for mutant, (modes, _) in MUTANTS.items():
        trees[mutant] = root / mutant
        for problem in problems:
            for mode in modes:
                path = trees[mutant] / problem.domain / problem.name / f"{mode}.txt"
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(f"```cpp\n{mutant_source(problem, mode, mutant)}```\n")
    return trees
