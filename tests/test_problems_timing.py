"""Every problem's timing input: declared, reproducible, new, well-typed, within the byte budget, and one
the oracle can answer. (How long our references take on it is measured by benchmarks/timing_inputs.py.)"""
from __future__ import annotations

import numpy as np
import pytest

from pytest_pareval.suite.problems import TIMING_STREAM, discover

#: Input and output of the timing case, each: a run's files are capped at 64 MB by the sandbox.
BYTE_BUDGET = 16 << 20

PROBLEMS = discover()


def test_every_problem_declares_a_timing_size():
    missing = [p.id for p in PROBLEMS if p.timing_size is None]
    assert not missing, f"no TIMING_SIZE in {missing}"


def _nbytes(case: dict[str, np.ndarray]) -> int:
    return sum(v.nbytes for v in case.values())


def _same(a: np.ndarray, b: np.ndarray) -> bool:
    return a.dtype == b.dtype and a.shape == b.shape and a.tobytes() == b.tobytes()  # NaN == NaN here


@pytest.mark.slow
@pytest.mark.parametrize("problem", PROBLEMS, ids=[p.id for p in PROBLEMS])
def test_timing_case_is_a_new_reproducible_input_the_oracle_answers(problem):
    case = problem.timing_case(0)
    again = problem.timing_case(0)
    assert all(_same(case[name], again[name]) for name in case), "timing_case(0) is not deterministic"
    for index, small in enumerate(problem.cases(0)):
        assert not all(_same(case[name], small[name]) for name in case), f"it repeats correctness case {index}"
        assert _nbytes(case) > _nbytes(small), f"it is not larger than correctness case {index}"

    # The generator's own values survive the cast to the signature's types (no truncated floats, no
    # wrapped integers): timing_case casts, so compare with what inputs() returned.
    raw = problem.make_inputs(np.random.default_rng([0, TIMING_STREAM, problem.timing_size]), problem.timing_size)
    for arg in problem.signature.args:
        value = np.asarray(raw[arg.name])
        if value.dtype.names is None and arg.dtype.names is None:
            assert _same(value.reshape(-1), case[arg.name].reshape(-1).astype(value.dtype)), \
                f"{arg.name} changes when cast to {arg.ctype}"
        else:
            assert value.dtype == arg.dtype, f"{arg.name} is {value.dtype}, the signature wants {arg.ctype}"

    assert _nbytes(case) <= BYTE_BUDGET
    expected = problem.expected(case)
    itemsize = {a.name: a.dtype.itemsize for a in problem.signature.args}  # as the answer hands them back
    assert sum(np.asarray(v).size * itemsize.get(name, 8) for name, v in expected.items()) <= BYTE_BUDGET
    for name, value in expected.items():
        value = np.asarray(value)
        if value.dtype.names is None and np.issubdtype(value.dtype, np.inexact):
            assert np.isfinite(value).all(), f"the oracle's {name} is not finite"
