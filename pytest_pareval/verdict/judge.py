"""Judge stage: compare rank 0's outputs with the oracle and classify the run."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..suite.problems import Problem
from ..common.redact import clean
from ..run.launch import Execution


@dataclass
class Verdict:
    outcome: str
    message: str = ""


def _describe(value: np.ndarray) -> str:
    return repr(value.item()) if value.dtype.names is None else repr(value.tolist())


def compare(name: str, got: np.ndarray, expected: np.ndarray, tolerance: dict[str, float]) -> str | None:
    """None when ``got`` matches, else a one-line description of the first mismatch."""
    expected = np.asarray(expected)
    got = np.asarray(got)
    if expected.ndim == 0:
        got, expected = got.reshape(-1), expected.reshape(-1)
        if got.size != 1:
            return f"{name}: expected a scalar, got {got.size} values"
    got = got.reshape(-1)
    expected = expected.reshape(-1)
    if got.shape != expected.shape:
        return f"{name} has {got.size} elements, expected {expected.size}"
    if expected.dtype.names:  # structs: compare field by field
        for field in expected.dtype.names:
            problem = compare(f"{name}.{field}", got[field], expected[field], tolerance)
            if problem:
                return problem
        return None
    if np.issubdtype(expected.dtype, np.inexact):
        ok = np.isclose(got, expected, rtol=tolerance.get("rtol", 0.0), atol=tolerance.get("atol", 0.0))
    else:
        ok = got == expected
    if ok.all():
        return None
    index = int(np.argmin(ok))
    where = f"{name}[{index}]" if expected.size > 1 else name
    return f"{where} = {_describe(got[index])}, expected {_describe(expected[index])}"


def judge(problem: Problem, cases: list[dict[str, np.ndarray]], expected: list[dict[str, np.ndarray]],
          execution: Execution, timeout: float) -> Verdict:
    """One run's outcome: timeout, run_fail, wrong or pass (whether an MPI answer divided its work is
    verdict.py's, from the timed runs)."""
    done = execution.completed
    if execution.fault:
        return Verdict("error", execution.fault)
    if done.timed_out:
        return Verdict("timeout", f"no result within {timeout:g} s")
    if execution.error:
        return Verdict("run_fail", execution.error)
    if execution.outputs is None or len(execution.outputs) < len(cases):
        reason = f"killed by signal {done.signal}" if done.signal else f"exit status {done.returncode}"
        if done.oom == "limit":
            reason = "its processes exceeded the run's memory limit"
        if done.output_capped:
            reason = "output exceeded the capture limit"
        tail = clean("\n".join(done.stderr.strip().splitlines()[-5:]), 1000)
        return Verdict("run_fail", f"the program did not finish ({reason})" + (f"\n{tail}" if tail else ""))
    for index, (case, want, got) in enumerate(zip(cases, expected, execution.outputs)):
        for name, value in want.items():
            if name not in got:
                return Verdict("wrong", f"case {index}: no value for {name}")
            mismatch = compare(name, got[name], value, problem.tolerance)
            if mismatch:
                return Verdict("wrong", f"case {index} (size {problem.sizes[index]}): {mismatch}")
    return Verdict("pass")
