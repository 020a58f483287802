"""The embedded `local` model's speed on a fixed set of real prompts, per way of running it.

Twelve prompts by default (the first problem of six domains, serial and MPI), the default model and its
sampling. Ways (``--setups``):
- ``cores``: one single-threaded context per core, each taking the next prompt when free (the design
  before batching); ``coresK``: the same with K sequences decoded together in each context;
- ``batchK``: one context with K sequences decoded together (llama.cpp's continuous batching) on all the
  cores' threads, fed K prompts at once.
For each: wall time, this process's CPU time (the runtime's threads included) with the load average
beside it, answers per CPU-minute and per wall-minute, prompt tokens evaluated (and taken from the prompt
cache), tokens written, and the runtime's own prefill and decode milliseconds (summed over requests; under
batching they overlap). The answers of every setup are compared with the first setup's, prompt by prompt:
the same prompt and seed should give the same answer whatever the batch.

The machine may be shared: wall figures are inflated by the load printed beside them; CPU time is the
figure to compare. Run: python benchmarks/local_speed.py [--setups cores,batch2,batch4] [--prompts 12]
"""
from __future__ import annotations

import argparse
import os
import sys
import threading
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from pytest_pareval.generate import local  # noqa: E402
from pytest_pareval.suite import prompt  # noqa: E402
from pytest_pareval.suite.problems import discover  # noqa: E402


def prompts(count: int) -> list[tuple[str, list[dict[str, str]]]]:
    """``count`` prompts: the first problem of each domain, serial then MPI, domains in order."""
    by_domain: dict[str, Any] = {}
    for problem in sorted(discover(), key=lambda p: (p.domain, p.name)):
        by_domain.setdefault(problem.domain, problem)
    chosen = []
    for problem in by_domain.values():
        for mode in ("serial", "mpi"):
            chosen.append((f"{problem.domain}/{problem.name}/{mode}", prompt.messages(problem, mode)))
    return chosen[:count]


def run_setup(name: str, jobs: list[tuple[str, list[dict[str, str]]]], path: Path, cores: int,
              params: dict[str, Any]) -> dict[str, Any]:
    """Generate every job's answer with one setup; returns the answers and the figures."""
    if name.startswith("cores"):
        k = int(name.removeprefix("cores") or 1)
        contexts = [local.XllamaContext(path, threads=1, parallel=k) for _ in range(cores)]
        lanes = cores * k
    else:
        k = int(name.removeprefix("batch"))
        contexts = [local.XllamaContext(path, threads=cores, parallel=k)]
        lanes = k
    todo = list(enumerate(jobs))
    lock = threading.Lock()
    results: dict[int, Any] = {}

    def lane(index: int) -> None:
        context = contexts[index % len(contexts)]  # lane i of context c: i = c, c + cores, ...
        while True:
            with lock:
                if not todo:
                    return
                i, (_, messages) = todo.pop(0)
            results[i] = context.chat(messages, params)

    load0 = os.getloadavg()[0]
    cpu0, wall0 = time.process_time(), time.monotonic()
    threads = [threading.Thread(target=lane, args=(i,)) for i in range(lanes)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall, cpu = time.monotonic() - wall0, time.process_time() - cpu0
    load1 = os.getloadavg()[0]
    for context in contexts:
        context.close()
    answers = [results[i] for i in range(len(jobs))]
    return {"name": name, "wall": wall, "cpu": cpu, "load": (load0, load1), "answers": answers}


def describe(run: dict[str, Any]) -> str:
    answers = run["answers"]
    n = len(answers)
    written = sum(a.completion_tokens for a in answers)
    prompt_n = sum(a.prompt_tokens for a in answers)
    cached = sum(a.timings.get("cache_n", 0) for a in answers)
    prefill_ms = sum(a.timings.get("prompt_ms", 0.0) for a in answers)
    decode_ms = sum(a.timings.get("predicted_ms", 0.0) for a in answers)
    capped = sum(a.finish_reason == "length" for a in answers)
    return (f"{run['name']:>7}: {n} answers in {run['wall']:.0f} s wall, {run['cpu']:.0f} CPU s "
            f"(load {run['load'][0]:.1f} -> {run['load'][1]:.1f}); "
            f"{n / run['cpu'] * 60:.1f} answers/CPU-min, {n / run['wall'] * 60:.1f} answers/wall-min; "
            f"{written} tokens written ({written / run['cpu']:.1f}/CPU-s, {written / run['wall']:.1f}/wall-s), "
            f"{capped} at the cap; prompts {prompt_n} tokens ({cached} from cache); "
            f"runtime's own sums: prefill {prefill_ms / 1000:.0f} s, decode {decode_ms / 1000:.0f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--setups", default="cores,batch2,batch4,batch8")
    parser.add_argument("--prompts", type=int, default=12)
    parser.add_argument("--max-tokens", type=int, default=None, help="another cap than the model's")
    args = parser.parse_args()
    cores = len(os.sched_getaffinity(0))
    spec = local.BUILTINS["local"]
    params = dict(spec.params)
    if args.max_tokens:
        params["max_tokens"] = args.max_tokens
    path = spec.path()
    jobs = prompts(args.prompts)
    print(f"{len(jobs)} prompts, {spec.name}, {cores} cores, {local.runtime_version()}, sampling {params}")
    runs = []
    for name in args.setups.split(","):
        run = run_setup(name, jobs, path, cores, params)
        runs.append(run)
        print(describe(run), flush=True)
        if len(runs) > 1:
            first = runs[0]
            same = [a.text == b.text for a, b in zip(first["answers"], run["answers"])]
            differ = [jobs[i][0] for i, s in enumerate(same) if not s]
            print(f"         answers identical to {first['name']}'s: {sum(same)}/{len(same)}"
                  + (f"; differ: {', '.join(differ)}" if differ else ""), flush=True)


if __name__ == "__main__":
    main()
