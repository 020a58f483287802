"""How long `pareval report` takes on a large results file: 100 models x 120 items x 20 samples.

Run: python benchmarks/report_speed.py [--models 100] [--items 120] [--samples 20]
Prints, for `results.read_jsonl` alone and for the whole command in a fresh interpreter (imports, read,
report, report.json and report.md), the wall time and the CPU time: the machine is shared, and CPU
time is the steadier figure when other jobs compete for the cores.
"""
from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from pytest_pareval.report.records import new_record, read_jsonl

DOMAINS = ("dense_la", "fft", "geometry", "graph", "histogram", "reduce", "scan", "search", "sort",
           "sparse_la", "stencil", "transform")
OUTCOME_WEIGHTS = {"pass": 50, "wrong": 15, "not_parallel": 3, "run_fail": 4, "timeout": 3,
                   "build_fail": 15, "no_code": 5, "generation_error": 4, "error": 1}


def write_results(path: Path, models: int, items: int, samples: int, seed: int = 0) -> int:
    """A synthetic results file; half the items serial, half MPI. Returns the number of records."""
    rng = random.Random(seed)
    outcomes, weights = list(OUTCOME_WEIGHTS), list(OUTCOME_WEIGHTS.values())
    count = 0
    with path.open("w") as out:
        for m in range(models):
            has_latency = m % 3 != 0
            for item in range(items):
                domain = DOMAINS[item // 2 % len(DOMAINS)]
                mode = "serial" if item % 2 == 0 else "mpi"
                for sample in range(samples):
                    outcome = rng.choices(outcomes, weights)[0]
                    passed = outcome == "pass"
                    ranks = 1 if mode == "serial" else 4
                    runtime = rng.uniform(0.01, 0.1) if passed else None
                    record = new_record(
                        model=f"Model {m:03d}", model_id=f"provider/model-{m}", domain=domain,
                        problem=f"{domain}/problem{item // 24}", mode=mode, sample=sample, outcome=outcome,
                        latency_s=rng.uniform(1, 30) if has_latency else None,
                        prompt_tokens=rng.randint(300, 600) if has_latency else None,
                        completion_tokens=rng.randint(200, 2000) if has_latency else None,
                        runtime_s=runtime, baseline_runtime_s=0.05 if passed else None,
                        speedup=0.05 / runtime if passed else None,
                        efficiency=0.05 / runtime / ranks if passed else None,
                        ranks=ranks, vram_gb=float(8 + m) if m % 2 else None)
                    out.write(json.dumps(record, sort_keys=True) + "\n")
                    count += 1
    return count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--models", type=int, default=100)
    parser.add_argument("--items", type=int, default=120)
    parser.add_argument("--samples", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        results = Path(tmp) / "results.jsonl"
        count = write_results(results, args.models, args.items, args.samples)
        wall, cpu = time.perf_counter(), time.process_time()
        read_jsonl(results)
        read_wall, read_cpu = time.perf_counter() - wall, time.process_time() - cpu
        command = [sys.executable, "-m", "pytest_pareval.cli", "report", str(results), "--quiet",
                   "--json", str(Path(tmp) / "report.json"), "--markdown", str(Path(tmp) / "report.md")]
        before, wall = resource.getrusage(resource.RUSAGE_CHILDREN), time.perf_counter()
        status = subprocess.run(command, check=False, cwd=Path(__file__).resolve().parents[1]).returncode
        after, command_wall = resource.getrusage(resource.RUSAGE_CHILDREN), time.perf_counter() - wall
    command_cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    print(f"{count} records ({args.models} models x {args.items} items x {args.samples} samples)")
    print(f"read_jsonl alone:           {read_wall:5.2f} s wall  {read_cpu:5.2f} s CPU")
    print(f"pareval report (new proc.): {command_wall:5.2f} s wall  {command_cpu:5.2f} s CPU  (exit status {status})")


if __name__ == "__main__":
    main()
