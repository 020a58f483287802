"""The program that runs a candidate: one process (serial) or every rank under mpirun (MPI).

It loads the candidate library with ctypes, feeds it every case of ``inputs.npz`` through the glue's
``pareval_call`` and, on rank 0, writes ``outputs.npz`` and ``meta.json`` (timings, MPI call counts).
Everything here runs inside the sandbox next to untrusted code, so it imports only numpy (and mpi4py).
Usage: ``python -m pytest_pareval.driver SPEC.json`` (under mpirun: ``python -m mpi4py -m ...``).
"""
from __future__ import annotations

import ctypes
import json
import os
import sys

import numpy as np

MPI_COUNTERS = ("p2p", "collective", "rma", "barrier", "init_finalize")  # order of build.MPI_COUNTERS
MPI = None  # mpi4py.MPI, imported only in MPI mode


def _call(lib: ctypes.CDLL, args: list[dict], case: dict[str, np.ndarray], returns: str | None):
    n = len(args)
    pointers = (ctypes.c_void_p * max(n, 1))()
    lengths = (ctypes.c_size_t * max(n, 1))()
    keep = []
    for i, arg in enumerate(args):
        value = np.array(case[arg["name"]], copy=True)  # the candidate may scribble on it
        keep.append(value)
        pointers[i] = value.ctypes.data
        lengths[i] = value.size
    ret = np.zeros(1, dtype=returns or "u1")
    seconds = ctypes.c_double(0.0)
    status = lib.pareval_call(pointers, lengths, ctypes.c_void_p(ret.ctypes.data), ctypes.byref(seconds))
    outputs = {}
    for i, arg in enumerate(args):
        if arg["output"]:
            dtype = keep[i].dtype
            count = lengths[i]
            if count == 0 or not pointers[i]:
                outputs[arg["name"]] = np.zeros(0, dtype=dtype)
            else:
                raw = (ctypes.c_char * (count * dtype.itemsize)).from_address(pointers[i])
                outputs[arg["name"]] = np.frombuffer(bytes(raw), dtype=dtype)
    if returns:
        outputs["return"] = ret[0]
    return status, seconds.value, outputs


def main(spec_path: str) -> int:
    with open(spec_path) as f:
        spec = json.load(f)
    comm = None
    rank = 0
    if spec["mode"] == "mpi":
        global MPI
        from mpi4py import MPI
        comm = MPI.COMM_WORLD
        rank = comm.Get_rank()
    lib = ctypes.CDLL(os.path.abspath(spec["library"]))
    lib.pareval_call.restype = ctypes.c_int
    lib.pareval_error.restype = ctypes.c_char_p
    counts = (ctypes.c_long * len(MPI_COUNTERS))()
    with np.load(spec["inputs"], allow_pickle=False) as data:
        cases = [{a["name"]: data[f"{i}.{a['name']}"] for a in spec["args"]} for i in range(spec["cases"])]
    results: dict[str, np.ndarray] = {}
    meta = {"seconds": [], "mpi_calls": dict.fromkeys(MPI_COUNTERS, 0), "error": None}
    for index, case in enumerate(cases):
        if comm is not None:
            comm.Barrier()
        status, seconds, outputs = _call(lib, spec["args"], case, spec["returns"])
        error = lib.pareval_error().decode(errors="replace") if status else ""
        if comm is not None:  # collective bookkeeping: every rank stops together on any rank's error
            lib.pareval_mpi_counts(counts)
            totals = comm.reduce(list(counts), op=_sum_lists, root=0)
            seconds = comm.reduce(seconds, op=MPI.MAX, root=0)
            errors = comm.gather(error, root=0)
            status = comm.bcast(status if rank else max(status, int(any(errors))), root=0)
            if rank == 0:
                error = next((f"rank {r}: {e}" for r, e in enumerate(errors) if e), "")
                for name, value in zip(MPI_COUNTERS, totals):
                    meta["mpi_calls"][name] += int(value)
        if status != 0:
            meta["error"] = f"case {index}: {error}"
            break
        meta["seconds"].append(seconds)
        for name, value in outputs.items():
            results[f"{index}.{name}"] = value
    if rank == 0:
        np.savez(spec["outputs"], **results)
        with open(spec["meta"] + ".tmp", "w") as f:
            json.dump(meta, f)
        os.replace(spec["meta"] + ".tmp", spec["meta"])
    sys.stdout.flush()
    return 3 if meta["error"] else 0


def _sum_lists(a: list[int], b: list[int], _datatype=None) -> list[int]:
    return [x + y for x, y in zip(a, b)]


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
