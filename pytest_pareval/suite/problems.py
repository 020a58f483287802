"""Problems: declarative modules under ``problems/<domain>/<name>.py``, loaded and checked here.

A problem module defines:

``SIGNATURE``   the C++ function the model must write, e.g.
                ``"void scale(std::vector<double> &x, double alpha)"``
``DESCRIPTION`` what the function must do, with a small worked example
``inputs(rng, size) -> dict``  seeded inputs, one numpy value per argument, in signature order
``oracle(**inputs) -> dict``   expected final values of the outputs (non-const vector references,
                               and ``"return"`` for a non-void return), computed with numpy/scipy
``SIZES``       sizes passed to ``inputs`` (include tiny ones and ones not divisible by the rank count)
``TOLERANCE``   ``{"rtol": .., "atol": ..}`` for floating outputs; integers always compare exactly
``TIMING_SIZE`` the size of the one large timing input (speedup, work division): our serial reference
                takes roughly 0.2-1 s of CPU on it; state the measured time in a comment beside it

The domain and the name come from the path, so the file tree is the catalogue.
"""
from __future__ import annotations

import importlib.util
import re
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any, Callable

import numpy as np

DOMAINS = ("dense_la", "fft", "geometry", "graph", "histogram", "reduce", "scan", "search", "sort",
           "sparse_la", "stencil", "transform")
MODES = ("serial", "omp", "mpi", "mpi+omp")
#: Modes whose programs run MPI ranks, and modes whose programs run OpenMP threads.
MPI_MODES = ("mpi", "mpi+omp")
OMP_MODES = ("omp", "mpi+omp")
#: A mode's name in item ids and file names (reference and replay answers): ``-k omp`` selects OpenMP only,
#: ``-k mpi`` MPI only (``-k "mpi or hybrid"`` both).
MODE_NAMES = {"serial": "serial", "omp": "omp", "mpi": "mpi", "mpi+omp": "hybrid"}
#: Six of the shortest problems to state, in six domains: ``pytest -m starter`` (12 items in serial and MPI)
#: is a first look within 10 minutes on 2 cores with the embedded model, before the whole benchmark.
STARTER = frozenset({"dense_la/waxpby", "histogram/count_values", "reduce/sum_of_squares",
                     "scan/inclusive_prefix_sum", "search/first_index_of", "transform/relu_in_place"})
REPO_ROOT = Path(__file__).resolve().parent.parent.parent
PROBLEMS_DIR = REPO_ROOT / "problems"
REFERENCES_DIR = REPO_ROOT / "references"

#: Seeds the timing input's random stream (correctness cases use their index, 0..len(SIZES)-1).
TIMING_STREAM = 1_000_003

POINT = np.dtype([("x", "<f8"), ("y", "<f8")])
COO = np.dtype([("row", "<u8"), ("column", "<u8"), ("value", "<f8")])

#: C++ element/scalar type -> numpy dtype. The closed set the glue generator understands.
CXX_TYPES: dict[str, np.dtype] = {
    "double": np.dtype("<f8"),
    "float": np.dtype("<f4"),
    "int": np.dtype("<i4"),
    "int64_t": np.dtype("<i8"),
    "size_t": np.dtype("<u8"),
    "bool": np.dtype("?"),
    "std::complex<double>": np.dtype("<c16"),
    "Point": POINT,
    "COOElement": COO,
}
SCALAR_TYPES = ("double", "float", "int", "int64_t", "size_t", "bool")


class ProblemError(ValueError):
    """A problem module that does not follow the format (a bug in the suite, not in a model)."""


@dataclass(frozen=True)
class Arg:
    """One parameter of the C++ signature."""

    name: str
    ctype: str          # element type for vectors, the type itself for scalars
    is_vector: bool
    is_output: bool     # non-const reference to a vector: its final value is checked

    @property
    def dtype(self) -> np.dtype:
        return CXX_TYPES[self.ctype]


@dataclass(frozen=True)
class Signature:
    text: str
    function: str
    returns: str        # "void" or a scalar type
    args: tuple[Arg, ...]

    @property
    def outputs(self) -> list[str]:
        names = [a.name for a in self.args if a.is_output]
        return names + (["return"] if self.returns != "void" else [])


_SIGNATURE = re.compile(r"^\s*(?P<ret>[\w:]+)\s+(?P<name>[A-Za-z_]\w*)\s*\((?P<args>.*)\)\s*;?\s*$", re.S)
_VECTOR = re.compile(r"^(?P<const>const\s+)?std::vector<(?P<elem>.+)>\s*(?P<const2>const\s*)?(?P<ref>&)?$")


def parse_signature(text: str) -> Signature:
    """Parse the small C++ signature grammar the suite uses (scalars by value, vectors by reference)."""
    match = _SIGNATURE.match(text)
    if not match:
        raise ProblemError(f"cannot parse signature {text!r}")
    returns = match["ret"]
    if returns != "void" and returns not in SCALAR_TYPES:
        raise ProblemError(f"return type {returns!r} is not void or a scalar in {text!r}")
    args = []
    for part in filter(None, (p.strip() for p in match["args"].split(","))):
        type_text, _, name = part.rpartition(" ")
        type_text = type_text.strip()
        if name.startswith("&"):
            type_text, name = type_text + "&", name[1:]
        vector = _VECTOR.match(type_text)
        if vector:
            elem = vector["elem"].strip()
            if elem not in CXX_TYPES or elem == "bool" or not vector["ref"]:
                raise ProblemError(f"unsupported vector parameter {part!r} in {text!r}")
            is_const = bool(vector["const"] or vector["const2"])
            args.append(Arg(name, elem, True, not is_const))
        elif type_text in SCALAR_TYPES:
            args.append(Arg(name, type_text, False, False))
        else:
            raise ProblemError(f"unsupported parameter {part!r} in {text!r}")
    return Signature(text=text.strip().rstrip(";"), function=match["name"], returns=returns,
                     args=tuple(args))


@dataclass
class Problem:
    domain: str
    name: str
    path: Path
    signature: Signature
    description: str
    sizes: tuple[int, ...]
    tolerance: dict[str, float]
    timing_size: int | None
    make_inputs: Callable[..., dict[str, Any]] = field(repr=False)
    oracle: Callable[..., dict[str, Any]] = field(repr=False)

    @property
    def id(self) -> str:
        return f"{self.domain}/{self.name}"

    def reference_path(self, mode: str) -> Path:
        return REFERENCES_DIR / self.domain / self.name / f"{MODE_NAMES[mode]}.cpp"

    def cases(self, seed: int) -> list[dict[str, np.ndarray]]:
        """The inputs of every checked case, in signature order, as numpy values of the right dtype."""
        return [self._case(np.random.default_rng([seed, index, size]), size)
                for index, size in enumerate(self.sizes)]

    def timing_case(self, seed: int, index: int = 0) -> dict[str, np.ndarray] | None:
        """The ``index``-th large input that runs are timed on (None when the problem declares no
        TIMING_SIZE): every timed call gets one of its own, same size and kind, other data, so that
        nothing remembered from an earlier call helps. Its random stream is apart from every correctness
        case's (index 0 is the stream the single timing input had)."""
        if self.timing_size is None:
            return None
        stream = [seed, TIMING_STREAM, self.timing_size] + ([index] if index else [])
        return self._case(np.random.default_rng(stream), self.timing_size)

    def _case(self, rng: np.random.Generator, size: int) -> dict[str, np.ndarray]:
        raw = self.make_inputs(rng, size)
        missing = [a.name for a in self.signature.args if a.name not in raw]
        if missing:
            raise ProblemError(f"{self.id}: inputs() gave no value for {', '.join(missing)}")
        case = {}
        for arg in self.signature.args:
            value = np.asarray(raw[arg.name])
            if arg.is_vector:
                case[arg.name] = np.ascontiguousarray(value, dtype=arg.dtype).reshape(-1)
            else:
                case[arg.name] = np.asarray(value, dtype=arg.dtype).reshape(())
        return case

    def expected(self, case: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
        """The oracle's answer for one case (it gets copies: an oracle may not alter the inputs)."""
        answer = self.oracle(**{k: v.copy() for k, v in case.items()})
        missing = set(self.signature.outputs) - set(answer)
        if missing:
            raise ProblemError(f"{self.id}: oracle() gave no value for {', '.join(sorted(missing))}")
        return {name: np.asarray(answer[name]) for name in self.signature.outputs}


def _load_module(path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"pareval_problem_{path.parent.name}_{path.stem}", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def load(path: Path) -> Problem:
    """Load and validate one problem module."""
    path = Path(path)
    module = _load_module(path)
    missing = [k for k in ("SIGNATURE", "DESCRIPTION", "SIZES", "inputs", "oracle") if not hasattr(module, k)]
    if missing:
        raise ProblemError(f"{path}: missing {', '.join(missing)}")
    return Problem(
        domain=path.parent.name,
        name=path.stem,
        path=path,
        signature=parse_signature(module.SIGNATURE),
        description=module.DESCRIPTION.strip(),
        sizes=tuple(int(s) for s in module.SIZES),
        tolerance=dict(getattr(module, "TOLERANCE", {"rtol": 1e-9, "atol": 1e-12})),
        timing_size=int(module.TIMING_SIZE) if getattr(module, "TIMING_SIZE", None) is not None else None,
        make_inputs=module.inputs,
        oracle=module.oracle,
    )


def discover(root: Path | str | None = None) -> list[Problem]:
    """Every problem under ``root`` (default: the suite's), sorted by id so all xdist workers agree."""
    root = Path(root) if root else PROBLEMS_DIR
    paths = sorted(p for p in root.glob("*/*.py") if not p.name.startswith(("_", "test_")))
    return [load(p) for p in paths]


def listing(problems: list[Problem]) -> list[dict[str, Any]]:
    """The JSON listing of ``pareval problems --json``."""
    return [
        {
            "id": p.id,
            "domain": p.domain,
            "name": p.name,
            "sizes": list(p.sizes),
            "modes": {
                mode: {"signature": p.signature.text, "reference": str(p.reference_path(mode))}
                for mode in MODES
            },
        }
        for p in problems
    ]
