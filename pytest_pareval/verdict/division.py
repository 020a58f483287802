"""Work division: did the answer divide its work among its units (MPI ranks, OpenMP threads, or ranks x
threads in hybrid mode), or does one unit (or every unit) do it all?

For an item of R > 1 units the timed run measures each unit's compute time in the call (CPU time minus the
CPU time spent inside MPI, which busy-polls; an OpenMP worker thread's CPU inside parallel regions, the
calling thread's whole), and one more run measures the same answer on one unit (one rank of one thread).
CPU time, not wall time, so that a loaded machine does not change the verdict.
"""
from __future__ import annotations

import contextlib
import time
from collections.abc import Callable

from ..run.launch import Execution
from .timed import Timed, machine_lock

#: Work division: the largest serial fraction tolerated. With busiest-rank compute ``b`` at R ranks and the
#: answer's compute ``w`` on one rank, ratio = b / w, and an answer with serial fraction s (the part every
#: rank repeats or one rank does alone) has ratio = s + (1 - s) / R, so s = (ratio - 1/R) / (1 - 1/R).
#: Duplicated work and rank-0-only work give s ~ 1 (0.81-1.19 measured); the references measure at most
#: 0.28 at 2 ranks and 0.59 at 3 ranks on 2 cores (README, "Verdicts and timed runs").
MAX_SERIAL_FRACTION = 0.75
#: Below this much compute on one rank the division is not judged. The driver reads the calling thread's
#: CPU clock (exact; the process clock advances in 4 ms scheduler ticks under RLIMIT_CPU) and keeps the
#: minimum over repetitions, but a call of well under a millisecond is dominated by cache effects.
MIN_COMPUTE_S = 0.002
#: Calls of the division's extra runs (the minimum counts, as in the timed run).
DIVISION_REPEATS = 2
#: A not_parallel measurement is confirmed this many times on a quiet machine before it counts.
CONFIRMATIONS = 2

#: What a unit of the division is, per mode.
UNIT_NAMES = {"mpi": "ranks", "omp": "threads", "mpi+omp": "units (ranks x threads)"}

#: Launches the answer: (units, work directory name, repeats, per-call limit, guard) -> its execution.
Measure = Callable[[int, str, int, float, object], Execution]


def serial_fraction(busiest: float, whole: float, ranks: int) -> float:
    """The serial fraction that explains a busiest-rank compute of ``busiest`` at ``ranks`` ranks when one
    rank needs ``whole`` (see MAX_SERIAL_FRACTION)."""
    ideal = 1.0 / ranks
    return (busiest / whole - ideal) / (1.0 - ideal)


def busiest(execution: Execution) -> float | None:
    """The busiest unit's compute CPU in the first case's fastest call, None when the run gave none."""
    compute = execution.compute_seconds
    if execution.completed.timed_out or execution.error or not compute or not compute[0]:
        return None
    return max(compute[0])


def idle_fraction(execution: Execution) -> float | None:
    """Threads' second reading, from one run alone: the serial fraction that explains the least busy unit's
    share of the run's total compute (with serial fraction s and no duplicated work, the least busy of n
    units computes (1 - s)/n of the total, so s = 1 - n * least / total). A parallel region whose `single`
    or thread 0 does everything leaves the other threads with ~0 CPU under passive waiting (s ~ 1), whatever
    the machine's load does to the CPU time of the work itself; work every thread repeats reads as divided
    here, which the comparison with one unit catches. None when the run gave no compute to read."""
    compute = execution.compute_seconds
    if execution.completed.timed_out or execution.error or not compute or len(compute[0]) < 2:
        return None
    total = sum(compute[0])
    if total < MIN_COMPUTE_S:
        return None
    return 1.0 - len(compute[0]) * min(compute[0]) / total


def judge_division(timed: Timed, execution: Execution, measure: Measure, ranks: int, limit: float,
                   label: str, *, unit_name: str = "ranks", shape: str = "", threads: bool = False) -> None:
    """Busiest rank's compute CPU at ``ranks`` vs the answer's on one rank (outside the lock: CPU time), into
    ``timed``. A fraction over MAX_SERIAL_FRACTION is confirmed before it counts: both runs again, back to
    back, on a quiet machine (the timed-run lock and the quiet lock: none of our other runs or compilations
    beside them), up to CONFIRMATIONS times; the lowest fraction counts. A rank preempted while it waits at a
    collective resumes with a cold cache, so on a loaded machine an answer that communicates often (an
    elimination step's broadcast, a sweep's halo exchange) can measure 0.96 when it divides its work.

    With ``threads`` (units are OpenMP threads, or ranks x threads) the fraction is the larger of that and
    the run's own idle_fraction: the comparison with a second run reads 0.7 for an answer whose `single`
    does everything when a loaded machine makes the one-thread run's CPU time 20% longer."""
    start = time.monotonic()

    def reading(run: Execution, one: Execution) -> tuple[float | None, float | None, float | None, bool]:
        """(busiest, one-unit compute, serial fraction, whether the run's idle threads decided it)."""
        b, w = busiest(run), busiest(one)
        if b is None or w is None or w < MIN_COMPUTE_S:
            return b, w, None, False
        fraction, idle = serial_fraction(b, w, ranks), idle_fraction(run) if threads else None
        return (b, w, idle, True) if idle is not None and idle > fraction else (b, w, fraction, False)

    most, whole, fraction, by_idle = reading(execution, measure(1, "one", DIVISION_REPEATS, limit * ranks, None))
    measures = 1
    while fraction is not None and fraction > MAX_SERIAL_FRACTION and measures <= CONFIRMATIONS:
        # Held here for both runs; each run's own guard is then none (its default, the quiet lock shared,
        # would wait for this process's exclusive hold).
        held = contextlib.nullcontext()
        with machine_lock(quiet=True):
            again = measure(ranks, f"again{measures}", DIVISION_REPEATS, limit, held)
            one_again = measure(1, f"one-again{measures}", DIVISION_REPEATS, limit * ranks, held)
        measures += 1
        second = reading(again, one_again)
        if second[2] is not None and second[2] < fraction:
            most, whole, fraction, by_idle = second
    timed.busiest_compute_s, timed.one_rank_compute_s, timed.serial_fraction = most, whole, fraction
    timed.extra_s = time.monotonic() - start
    if fraction is None:
        why = ("its compute time on one rank is below the measurable "
               f"{MIN_COMPUTE_S:g} s" if whole is not None else "the one-rank run gave no compute time")
        timed.note = "; ".join(filter(None, [timed.note, f"work division not judged: {why}"]))
    elif fraction > MAX_SERIAL_FRACTION:
        timed.outcome = "not_parallel"
        at = f" (at {shape})" if shape and unit_name != "ranks" else ""
        least = (f"; the least busy computed {(1 - fraction) / ranks:.0%} of the run's total compute, ideal "
                 f"{1 / ranks:.0%}" if by_idle else "")
        timed.message = (f"correct, but the work was not divided: on {label}{at} the busiest of {ranks} "
                         f"{unit_name} "
                         f"computed for {most:.3g} s of CPU, {most / whole:.0%} of the {whole:.3g} s the "
                         f"same answer needs on one {'rank' if unit_name == 'ranks' else 'thread'} "
                         f"(ideal {1 / ranks:.0%}; serial fraction "
                         f"{fraction:.2f} > {MAX_SERIAL_FRACTION}{least}"
                         + (f", the lowest of {measures} measurements, {measures - 1} on a quiet machine)"
                            if measures > 1 else ")"))
