"""Size check of every problem's timing input: how long our references take on it, and what it costs us.

For each problem it builds the serial reference the way the pipeline does (build.build: candidate + glue
into a shared library with the C entry point ``pareval_call``), calls it in this process through ctypes on
``problem.timing_case(0)`` and keeps the minimum CPU time (time.process_time) of 3 or more calls (up to 15
for short ones), less the cost of the glue alone (an answer that does nothing, same inputs). CPU time, not
wall time, so the figure holds on a loaded machine. It also prints the input and output bytes, the
generator's and the oracle's time, whether the reference's outputs match the oracle, and, with ``--mpi``,
the 2-rank MPI reference's speedup over the serial one: wall time of the call inside the glue (min over
the same number of calls; noisy on a loaded machine) and the CPU-time ratio (slowest rank; MPICH polls
while it waits, so a rank waiting for a descheduled partner burns CPU too).

    python benchmarks/timing_inputs.py [-k SUBSTRING] [--mpi] [--size ID=N ...] [--calibrate]

``--size`` times another size than the module's TIMING_SIZE; ``--calibrate`` grows the size from the
largest correctness size until the reference takes ~0.3 s of CPU or the input reaches the byte budget.
A benchmark, not a test: it prints numbers and asserts nothing.
"""
from __future__ import annotations

import argparse
import ctypes
import json
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pytest_pareval import build, judge, problems  # noqa: E402
from pytest_pareval.problems import CXX_TYPES, Problem  # noqa: E402

BYTE_BUDGET = 16 << 20   # input and output each: a run's files are capped at 64 MB by the sandbox
TARGET_CPU = 0.3


def build_reference(problem: Problem, mode: str, workdir: Path, cache: build.BuildCache) -> Path:
    return _build(problem, problem.reference_path(mode).read_text(), mode, workdir / mode, cache)


def build_null(problem: Problem, workdir: Path, cache: build.BuildCache) -> Path:
    """An answer that does nothing: its call costs what the glue costs (copying the inputs into vectors,
    handing the outputs back), which the reference's figure leaves out."""
    returns = problem.signature.returns
    body = "{}" if returns == "void" else f"{{ return {returns}(); }}"
    return _build(problem, f"{problem.signature.text} {body}\n", "serial", workdir / "null", cache)


def _build(problem: Problem, code: str, mode: str, workdir: Path, cache: build.BuildCache) -> Path:
    result = build.build(code, problem.signature, mode, workdir / problem.id.replace("/", "-"),
                         timeout=300, cache=cache)
    if not result.ok:
        raise RuntimeError(f"{problem.id} {mode}: build failed\n{result.first_errors()}")
    return result.library


def call(lib: ctypes.CDLL, problem: Problem, case: dict[str, np.ndarray]) -> tuple[float, float, dict]:
    """One call of pareval_call: (CPU seconds of the call, the glue's wall seconds, outputs)."""
    args = problem.signature.args
    pointers = (ctypes.c_void_p * max(len(args), 1))()
    lengths = (ctypes.c_size_t * max(len(args), 1))()
    keep = []
    for i, arg in enumerate(args):
        value = np.array(case[arg.name], copy=True)
        keep.append(value)
        pointers[i], lengths[i] = value.ctypes.data, value.size
    returns = problem.signature.returns
    ret = np.zeros(1, dtype=CXX_TYPES[returns] if returns != "void" else "u1")
    seconds = ctypes.c_double(0.0)
    start = time.process_time()
    status = lib.pareval_call(pointers, lengths, ctypes.c_void_p(ret.ctypes.data), ctypes.byref(seconds))
    cpu = time.process_time() - start
    if status:
        raise RuntimeError(f"{problem.id}: {lib.pareval_error().decode(errors='replace')}")
    outputs = {}
    for i, arg in enumerate(args):
        if arg.is_output:
            count = lengths[i]
            raw = (ctypes.c_char * (count * keep[i].dtype.itemsize)).from_address(pointers[i]) if count else b""
            outputs[arg.name] = np.frombuffer(bytes(raw), dtype=keep[i].dtype)
    if returns != "void":
        outputs["return"] = ret[0]
    return cpu, seconds.value, outputs


def load(library: Path) -> ctypes.CDLL:
    lib = ctypes.CDLL(str(library))
    lib.pareval_call.restype = ctypes.c_int
    lib.pareval_error.restype = ctypes.c_char_p
    return lib


def case_bytes(case: dict[str, np.ndarray]) -> int:
    return sum(v.nbytes for v in case.values())


def measure(problem: Problem, size: int, lib: ctypes.CDLL, null: ctypes.CDLL, repeats: int = 3,
            oracle: bool = True) -> dict:
    """One row of the table: the input timing_case(0) would be if TIMING_SIZE were ``size``."""
    start = time.process_time()
    case = problem._case(np.random.default_rng([0, problems.TIMING_STREAM, size]), size)
    generator = time.process_time() - start
    runs = [call(lib, problem, case)]
    # Short calls are repeated more: the minimum of many wall times filters out the time slices lost to
    # the other processes of a loaded machine.
    repeats = max(repeats, min(15, int(0.6 / max(runs[0][0], 0.01)))) if repeats > 1 else 1
    runs += [call(lib, problem, case) for _ in range(repeats - 1)]
    glue = min(call(null, problem, case)[0] for _ in range(min(repeats, 3)))
    row = {"id": problem.id, "size": size, "cpu": max(min(r[0] for r in runs) - glue, 1e-6), "glue": glue,
           "wall": min(r[1] for r in runs), "repeats": repeats, "in_bytes": case_bytes(case),
           "out_bytes": sum(v.nbytes for v in runs[0][2].values()), "generator": generator}
    if oracle:
        tracemalloc.start()
        start = time.process_time()
        expected = problem.expected(case)
        row["oracle"] = time.process_time() - start
        row["oracle_peak"] = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        mismatches = [judge.compare(name, runs[0][2][name], value, problem.tolerance)
                      for name, value in expected.items()]
        row["check"] = next((m for m in mismatches if m), "ok")
    return row


def calibrate(problem: Problem, lib: ctypes.CDLL, null: ctypes.CDLL) -> dict:
    """Grow the size geometrically, estimating how time and bytes scale from the last two points, until
    the reference takes about TARGET_CPU of CPU or the input or output reaches the byte budget."""
    history = [measure(problem, max(problem.sizes), lib, null, repeats=1, oracle=False)]
    for _ in range(12):
        row = history[-1]
        if row["cpu"] >= TARGET_CPU * 0.8 or _bytes(row) >= BYTE_BUDGET * 0.85:
            break
        time_exponent, byte_exponent = _exponents(history)
        factor = min(max((TARGET_CPU / max(row["cpu"], 1e-5)) ** (1 / time_exponent), 1.2), 8.0)
        factor = min(factor, (BYTE_BUDGET / max(_bytes(row), 1)) ** (1 / byte_exponent))
        history.append(measure(problem, int(row["size"] * factor), lib, null, repeats=1, oracle=False))
    size = history[-1]["size"]
    if _bytes(history[-1]) > BYTE_BUDGET:
        size = int(size * (BYTE_BUDGET / _bytes(history[-1])) ** (1 / _exponents(history)[1]) * 0.98)
    return measure(problem, size, lib, null)


def _bytes(row: dict) -> int:
    return max(row["in_bytes"], row["out_bytes"])


def _exponents(history: list[dict]) -> tuple[float, float]:
    """How the reference's time and the bytes grow with the size, from the last two measurements."""
    if len(history) < 2 or history[-2]["cpu"] < 2e-3:
        return 1.0, 1.0
    a, b = history[-2], history[-1]
    scale = np.log(b["size"] / a["size"])
    return (max(0.5, np.log(b["cpu"] / a["cpu"]) / scale),
            max(0.5, np.log(max(_bytes(b), 1) / max(_bytes(a), 1)) / scale))


def mpi_speedup(problem: Problem, size: int, library: Path, serial_wall: float, serial_cpu: float,
                glue_cpu: float, repeats: int, ranks: int = 2) -> tuple[float, float]:
    """(wall speedup, CPU speedup) of the MPI reference at ``ranks`` ranks: serial / slowest rank."""
    with tempfile.TemporaryDirectory() as tmp:
        command = [str(Path(sys.executable).parent / "mpirun"), "-n", str(ranks), sys.executable,
                   __file__, "--mpi-worker", str(library), problem.id, str(size), str(repeats)]
        done = subprocess.run(command, capture_output=True, text=True, timeout=600, cwd=tmp)
        if done.returncode:
            raise RuntimeError(f"{problem.id}: MPI run failed\n{done.stderr[-2000:]}")
        result = json.loads(done.stdout.strip().splitlines()[-1])
    return serial_wall / result["wall"], serial_cpu / max(result["cpu"] - glue_cpu, 1e-6)


def mpi_worker(library: str, problem_id: str, size: int, repeats: int) -> None:
    from mpi4py import MPI

    comm = MPI.COMM_WORLD
    problem = next(p for p in problems.discover() if p.id == problem_id)
    case = problem._case(np.random.default_rng([0, problems.TIMING_STREAM, size]), size)
    lib = load(Path(library))
    walls, cpus = [], []
    for _ in range(repeats):
        comm.Barrier()
        cpu, wall, _ = call(lib, problem, case)
        walls.append(comm.reduce(wall, op=MPI.MAX, root=0))
        cpus.append(comm.reduce(cpu, op=MPI.MAX, root=0))
    if comm.Get_rank() == 0:
        print(json.dumps({"wall": min(walls), "cpu": min(cpus)}))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-k", default="", help="only problems whose id contains this")
    parser.add_argument("--size", action="append", default=[], metavar="ID=N", help="time this size instead")
    parser.add_argument("--calibrate", action="store_true", help="search a size near the target CPU time")
    parser.add_argument("--mpi", action="store_true", help="also the MPI reference's speedup")
    parser.add_argument("--ranks", type=int, default=2, help="ranks of the MPI run (default 2; 1 compares "
                        "the MPI reference's own overhead with the serial reference)")
    parser.add_argument("--mpi-worker", nargs=4, help=argparse.SUPPRESS)
    options = parser.parse_args(argv)
    if options.mpi_worker:
        mpi_worker(*options.mpi_worker[:2], int(options.mpi_worker[2]), int(options.mpi_worker[3]))
        return 0
    overrides = dict(item.split("=", 1) for item in options.size)
    cache = build.BuildCache(Path(tempfile.gettempdir()) / "pareval-timing-inputs-cache")
    header = (f"{'problem':36} {'size':>9} {'ref cpu s':>9} {'glue s':>6} {'call wall':>9} {'in MB':>6} {'out MB':>6} "
              f"{'gen s':>5} {'orc s':>5} {'orc MB':>6}" + (f" {f'mpi{options.ranks} wall':>9} {f'mpi{options.ranks} cpu':>8}" if options.mpi else ""))
    print(header)
    with tempfile.TemporaryDirectory() as tmp:
        for problem in problems.discover():
            if options.k not in problem.id:
                continue
            lib_path = build_reference(problem, "serial", Path(tmp), cache)
            lib = load(lib_path)
            null = load(build_null(problem, Path(tmp), cache))
            if options.calibrate:
                row = calibrate(problem, lib, null)
            else:
                size = int(overrides.get(problem.id, problem.timing_size or max(problem.sizes)))
                row = measure(problem, size, lib, null)
            line = (f"{problem.id:36} {row['size']:9d} {row['cpu']:9.4f} {row['glue']:6.3f} {row['wall']:9.4f} "
                    f"{row['in_bytes'] / 1e6:6.1f} {row['out_bytes'] / 1e6:6.1f} {row['generator']:5.2f} "
                    f"{row['oracle']:5.2f} {row['oracle_peak'] / 1e6:6.0f}")
            suffix = "" if row["check"] == "ok" else f"  REFERENCE WRONG: {row['check'][:80]}"
            if options.mpi:
                mpi_lib = build_reference(problem, "mpi", Path(tmp), cache)
                wall, cpu = mpi_speedup(problem, row["size"], mpi_lib, row["wall"], row["cpu"], row["glue"],
                                        row["repeats"], options.ranks)
                # The CPU ratio subtracts the glue's copying, measured apart: meaningless for calls of a few ms.
                line += f" {wall:9.2f} " + (f"{cpu:8.2f}" if row["cpu"] >= 0.02 else f"{'-':>8}")
            print(line + suffix, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
