"""Work division: did the answer divide its work among the ranks, or does one rank (or every rank) do it all?

For an MPI item at R > 1 ranks the timed run measures each rank's compute time in every call (CPU time minus
the CPU time spent inside MPI, which busy-polls), and one more run measures the same answer on one rank on
the same inputs (its outputs checked too). CPU time, not wall time, so that a loaded machine does not change
the verdict. Per call, each rank's compute is divided by the one-rank compute of that call's input; the
figures are the medians over the calls. Two rules read them:

- the least busy rank's share ``l``: ~1/R when the work is divided, ~0 when one rank works alone (the others
  wait at a broadcast or a reduce), ~1 when every rank does all of it. It holds on one-pass problems where
  rank 0 must also assemble an output as large as the input (that makes rank 0 the busiest, not the least
  busy), so it is judged on every problem;
- the busiest rank's serial fraction ``s`` (work every rank repeats or one rank does alone), judged where one
  rank computes for at least BUSIEST_MIN_COMPUTE_S: on shorter calls rank 0's assembly of the output weighs
  as much as the work divided.
"""
from __future__ import annotations

import contextlib
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass

from ..run.launch import Execution
from .judge import Verdict
from .timed import Timed, machine_lock

#: Busiest-rank rule: the largest serial fraction tolerated. With busiest-rank compute ``b`` at R ranks and the
#: answer's compute ``w`` on one rank, ratio = b / w, and an answer with serial fraction s (the part every
#: rank repeats or one rank does alone) has ratio = s + (1 - s) / R, so s = (ratio - 1/R) / (1 - 1/R).
#: Duplicated work and rank-0-only work give s ~ 1 (0.81-1.19 measured); the references measure at most
#: 0.28 at 2 ranks and 0.59 at 3 ranks on 2 cores (README, "Verdicts and timed runs").
MAX_SERIAL_FRACTION = 0.75
#: The busiest-rank rule is judged where one rank computes for at least this long (median over the calls).
BUSIEST_MIN_COMPUTE_S = 0.02
#: Least-busy rule, duplicated work: not divided when even the least busy rank computed more than this
#: share of what one rank needs (at R ranks a divided answer's least busy rank has at most ~1/R).
MAX_LEAST_SHARE = 0.75
#: Least-busy rule, idle ranks: not divided when the least busy rank computed less than this part of its
#: fair share 1/R (rank 0 alone after a broadcast leaves the others with ~0).
MIN_FAIR_PART = 0.2
#: Below this much compute on one rank (median over the calls) nothing can be read from the clocks: the
#: answer must compute its outputs on fresh inputs, so only a trivially cheap problem gets here.
MIN_COMPUTE_S = 50e-6
#: A not_parallel measurement is confirmed this many times on a quiet machine before it counts.
CONFIRMATIONS = 2
#: The constants above: part of the timed cache's key (timing.rules).
RULES = ("MAX_SERIAL_FRACTION", "BUSIEST_MIN_COMPUTE_S", "MAX_LEAST_SHARE", "MIN_FAIR_PART", "MIN_COMPUTE_S",
         "CONFIRMATIONS")

#: What a unit of the division is called, per mode (hybrid: the threads of every rank).
UNIT_NAMES = {"mpi": "rank", "omp": "thread", "mpi+omp": "thread"}

#: Launches the answer on the timed run's inputs: (ranks, work directory name, guard) -> its execution.
Measure = Callable[[int, str, object], Execution]
#: Judges a run's outputs on those inputs.
Check = Callable[[Execution], Verdict]


def serial_fraction(busiest: float, whole: float, ranks: int) -> float:
    """The serial fraction that explains a busiest-rank compute of ``busiest`` at ``ranks`` ranks when one
    rank needs ``whole`` (see MAX_SERIAL_FRACTION)."""
    ideal = 1.0 / ranks
    return (busiest / whole - ideal) / (1.0 - ideal)


@dataclass
class Figures:
    """One measurement: medians over the calls of the busiest and least busy unit's compute (units: MPI
    ranks, or threads for a threaded mode), of one unit's compute, and of the per-call shares they give."""

    units: int
    busiest: float
    least: float
    whole: float
    fraction: float      # serial fraction of the busiest unit
    least_share: float   # least busy unit's compute / one unit's, per call, median
    unit: str = "rank"

    def not_divided(self) -> str | None:
        """Why the work was not divided, or None."""
        r, unit = self.units, self.unit
        if self.whole < MIN_COMPUTE_S:
            return None
        if self.least_share > MAX_LEAST_SHARE:
            return (f"even the least busy of {r} {unit}s computed {self.least_share:.0%} of what one {unit} "
                    f"needs (ideal {1 / r:.0%}; more than {MAX_LEAST_SHARE:.0%}: every {unit} did the work)")
        if self.least_share < MIN_FAIR_PART / r:
            return (f"the least busy of {r} {unit}s computed {self.least_share:.0%} of what one {unit} needs "
                    f"(ideal {1 / r:.0%}; less than {MIN_FAIR_PART:g} of that: a {unit} sat idle)")
        if self.whole >= BUSIEST_MIN_COMPUTE_S and self.fraction > MAX_SERIAL_FRACTION:
            return (f"the busiest of {r} {unit}s computed {self.busiest:.3g} s of CPU, "
                    f"{self.busiest / self.whole:.0%} of the {self.whole:.3g} s one {unit} needs (ideal "
                    f"{1 / r:.0%}; serial fraction {self.fraction:.2f} > {MAX_SERIAL_FRACTION})")
        return None


def shares(many: list[list[float]], one: list[float], units: int, unit: str = "rank") -> Figures | None:
    """The division's figures from per-call compute times: ``many[call][unit]`` at ``units`` units and
    ``one[call]`` of the same answer on one unit, on the same inputs. None when they do not pair up."""
    if not many or len(many) != len(one) or any(len(c) != units for c in many):
        return None
    pairs = [(c, w) for c, w in zip(many, one) if w > 0]
    if not pairs:
        return None
    busiest = statistics.median(max(c) for c, _ in pairs)
    least = statistics.median(min(c) for c, _ in pairs)
    whole = statistics.median(w for _, w in pairs)
    ratio = statistics.median(max(c) / w for c, w in pairs)
    share = statistics.median(min(c) / w for c, w in pairs)
    return Figures(units, busiest, least, whole, (ratio - 1 / units) / (1 - 1 / units), share, unit)


def figures(at_ranks: Execution, at_one: Execution, ranks: int, unit: str = "rank") -> Figures | None:
    """The division's figures from a run at ``ranks`` and one at one rank on the same inputs (one call
    each), None when either gave no compute times for every call."""
    many, one = at_ranks.compute_seconds, at_one.compute_seconds
    if not many or not one or any(not w for w in one):
        return None
    return shares(many, [w[0] for w in one], ranks, unit)


def judge_division(timed: Timed, execution: Execution, measure: Measure, check: Check, ranks: int,
                   label: str, *, unit: str = "rank") -> None:
    """Judge the division of the timed run ``execution`` at ``ranks`` against a one-rank run on the same
    inputs (outside the lock: CPU time), into ``timed``. The one-rank run's outputs are checked and it must
    finish within ranks x the per-call limit: an answer that cannot is the model's failure, since the
    division could not be judged otherwise. A measurement that says "not divided" is confirmed before it
    counts: both runs again, back to back, on a quiet machine (the timed-run lock and the quiet lock: none
    of our other runs or compilations beside them), up to CONFIRMATIONS times; one that says "divided"
    ends it. A rank preempted while it waits at a collective resumes with a cold cache, so on a loaded
    machine an answer that communicates often can measure as if it repeated its work."""
    start = time.monotonic()
    try:
        one = measure(1, "one", None)
        failed = _failed(one, check, label, ranks, unit)
        if failed is not None:
            timed.outcome, timed.message = failed.outcome, failed.message
            return
        measured = figures(execution, one, ranks, unit)
        why = measured.not_divided() if measured else None
        measures = 1
        while why is not None and measures <= CONFIRMATIONS:
            # Held here for both runs; each run's own guard is then none (its default, the quiet lock shared,
            # would wait for this process's exclusive hold).
            held = contextlib.nullcontext()
            with machine_lock(quiet=True):
                again = measure(ranks, f"again{measures}", held)
                one_again = measure(1, f"one-again{measures}", held)
            measures += 1
            if _failed(again, check, label, ranks, unit) or _failed(one_again, check, label, ranks, unit):
                continue
            second = figures(again, one_again, ranks, unit)
            if second is not None:
                reason = second.not_divided()
                if reason is None:
                    measured, why = second, None
    finally:
        timed.extra_s = time.monotonic() - start
    if measured is None or measured.whole < MIN_COMPUTE_S:
        whole = "no compute time" if measured is None else f"{measured.whole:.2g} s of compute"
        timed.note = "; ".join(filter(None, [timed.note, f"work division not judged: one {unit} gave {whole}"]))
        return
    timed.busiest_compute_s, timed.least_compute_s = measured.busiest, measured.least
    timed.one_rank_compute_s, timed.serial_fraction = measured.whole, measured.fraction
    timed.least_share = measured.least_share
    if why is not None:
        timed.outcome = "not_parallel"
        count = len(execution.compute_seconds or [])
        calls = f"{count} call{'s' if count != 1 else ''}"
        timed.message = (f"correct, but the work was not divided: on {label} ({calls}, medians) {why}"
                         + (f"; in every one of {measures} measurements, {measures - 1} on a quiet machine"
                            if measures > 1 else ""))


def _failed(run: Execution, check: Check, label: str, ranks: int, unit: str = "rank") -> Verdict | None:
    """The model's failure in a run of the division (at one rank, or a confirmation's), or None."""
    if run.completed.timed_out:
        return Verdict("timeout", f"on {label} at 1 {unit} (the work-division check): no result within "
                                  f"{ranks}x the per-call limit of the run at {ranks} {unit}s (an answer that "
                                  "divides its work needs at most about that)")
    verdict = check(run)
    if verdict.outcome != "pass":
        return Verdict(verdict.outcome, f"at 1 {unit} (the work-division check): {verdict.message}")
    return None
