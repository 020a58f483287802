"""What the verdict stage costs per MPI item, in CPU seconds (robust to a loaded machine): the correctness
run at the item's own count, the extra check counts, the timed run (one call on each of the TIMED_CALLS
timing inputs) and the division's one-rank run on the same inputs; and, apart, the CPU seconds of this
process making the timing inputs and their expected outputs (once per problem and process).

    python benchmarks/verdict_cost.py [PROBLEM-ID-SUBSTRING ...]

Runs our MPI references (every problem, or those matching) at 2 ranks and prints per-item means."""
from __future__ import annotations

import dataclasses
import resource
import sys
import tempfile
import time
from pathlib import Path

from pytest_pareval.build import compile as build_stage
from pytest_pareval.sandbox import core as sandbox
from pytest_pareval.verdict import engine as verdict_stage
from pytest_pareval.suite.problems import discover
from pytest_pareval.plugin.settings import Settings
from pytest_pareval.verdict.limits import timed_limit
from pytest_pareval.verdict.timed import TIMED_CALLS

RANKS = 2


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def main(selection: list[str]) -> None:
    root = Path(tempfile.mkdtemp(prefix="verdict-cost-"))
    settings = Settings(models=["reference"], models_file=None, modes=["mpi"], ranks=[RANKS], timeout=120.0,
                        build_timeout=300.0, generation_timeout=60.0, output=root, cache_dir=root / "cache", seed=0,
                        baseline=None, launcher="mpirun -n {ranks}", regenerate=False, samples=1, concurrency=1)
    oracles: dict[str, tuple] = {}

    def oracle(problem):
        if problem.id not in oracles:
            cases = problem.cases(0)
            oracles[problem.id] = (cases, [problem.expected(c) for c in cases])
        return oracles[problem.id]

    verdicts = verdict_stage.Verdicts(dataclasses.replace(settings, check_ranks=()),
                                      build_stage.BuildCache(root / "builds"), oracle)
    extra = verdict_stage.Verdicts(settings, verdicts.build_cache, oracle)
    costs = {"own count": [], "extra counts (1, 3)": [], f"timed run ({TIMED_CALLS} calls)": [],
             "division (1-rank run)": [], "inputs + oracle (ours)": []}
    for problem in discover():
        if selection and not any(s in problem.id for s in selection):
            continue
        workdir = sandbox.make_workdir()
        try:
            built = build_stage.build(problem.reference_path("mpi").read_text(), problem.signature, "mpi",
                                      workdir / "build", timeout=300, cache=verdicts.build_cache)
            ours = time.process_time()
            cases, _, _ = verdicts.timing.timing_inputs(problem)  # before the baseline, which uses them
            ours = time.process_time() - ours
            limit = timed_limit(settings, verdicts.timing.baseline(problem))
            start = children_cpu()
            own = verdicts.check(problem, "mpi", RANKS, built.program, workdir / "own")
            after_own = children_cpu()
            every = extra.check(problem, "mpi", RANKS, built.program, workdir / "every")
            after_every = children_cpu()
            verdicts.timing.launch(built.program, problem, "mpi", RANKS, workdir / "timed", cases, limit=limit)
            after_timed = children_cpu()
            verdicts.timing.launch(built.program, problem, "mpi", 1, workdir / "one", cases, limit=limit * RANKS,
                                   cap=settings.timeout * RANKS)
            after_one = children_cpu()
        finally:
            sandbox.remove_workdir(workdir)
        assert own.verdict.outcome == every.verdict.outcome == "pass", (problem.id, every.verdict.message)
        own_cost = after_own - start
        costs["own count"].append(own_cost)
        costs["extra counts (1, 3)"].append((after_every - after_own) - own_cost)
        costs[f"timed run ({TIMED_CALLS} calls)"].append(after_timed - after_every)
        costs["division (1-rank run)"].append(after_one - after_timed)
        costs["inputs + oracle (ours)"].append(ours)
        print(f"{problem.id:40s} " + "  ".join(f"{v[-1]:6.3f}" for v in costs.values()), flush=True)
    count = len(costs["own count"])
    print(f"\nmean CPU s per MPI item over {count} references at {RANKS} ranks:")
    for name, values in costs.items():
        print(f"  {name:24s} {sum(values) / max(count, 1):.3f}")


if __name__ == "__main__":
    main(sys.argv[1:])
