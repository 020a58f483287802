"""How big report.html gets and how fast it renders and loads: 10 models x 120 items x 20 samples.

Run: python benchmarks/html_report.py [--models 10] [--items 120] [--samples 20] [--no-browser]
Writes a synthetic results.jsonl (report_speed.py's) and a details.jsonl with answer-sized texts (a
~2.5 KB prompt per problem and mode, a ~2 KB response and ~1 KB of code per item, a ~1 KB compiler log
per build failure), then prints: the CPU and wall time of `pareval report --html` in a fresh
interpreter (imports, read, report, page), the page's size, and, where a Chromium is found, the time
a headless Chromium takes to load the page from disk (process start included), how long the page's
script takes to be ready, and how long one filter takes.
"""
from __future__ import annotations

import argparse
import json
import random
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from report_speed import write_results

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from headless import dump_dom, find_chromium  # noqa: E402
from pytest_pareval.report import details  # noqa: E402
from pytest_pareval.report.records import append_jsonl, read_jsonl  # noqa: E402

WORDS = ("for", "int", "double", "std::vector", "MPI_Allreduce", "size_t", "return", "{", "}", "i", "+=", "rank")
PROBE = """
var t0 = performance.now();
var s = document.getElementById("f-outcome"); s.value = "build_fail"; s.dispatchEvent(new Event("change"));
var t1 = performance.now();
var b = document.getElementById("f-text"); b.value = "problem3"; b.dispatchEvent(new Event("change"));
var t2 = performance.now();
document.querySelector("#items tbody tr.item").dispatchEvent(new MouseEvent("click", {bubbles: true}));
var t3 = performance.now();
var p = document.createElement("pre"); p.id = "probe";
p.textContent = JSON.stringify({ready: document.getElementById("status").dataset.readyMs, since_start: t0,
  outcome_ms: t1 - t0, text_ms: t2 - t1, drill_ms: t3 - t2, count: document.getElementById("count").textContent});
document.body.appendChild(p);
"""


def text(rng: random.Random, size: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(size // 5))


def write_details(results: Path, seed: int = 1) -> int:
    rng = random.Random(seed)
    prompts: dict[tuple, str] = {}
    path = details.path_for(results)
    for record in read_jsonl(results):
        prompt = prompts.setdefault((record["problem"], record["mode"]), text(rng, 2500))
        failed = record["outcome"] == "build_fail"
        append_jsonl(path, details.make(record, prompt=prompt, response=text(rng, 2000), code=text(rng, 1000),
                                        build_log=text(rng, 1000) if failed else None,
                                        message=text(rng, 150) if record["outcome"] != "pass" else None))
    return path.stat().st_size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--models", type=int, default=10)
    parser.add_argument("--items", type=int, default=120)
    parser.add_argument("--samples", type=int, default=20)
    parser.add_argument("--no-browser", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        results, page = Path(tmp) / "results.jsonl", Path(tmp) / "report.html"
        count = write_results(results, args.models, args.items, args.samples)
        details_size = write_details(results)
        command = [sys.executable, "-m", "pytest_pareval.cli", "report", str(results), "--quiet", "--html", str(page)]
        before, wall = resource.getrusage(resource.RUSAGE_CHILDREN), time.perf_counter()
        status = subprocess.run(command, check=False, cwd=ROOT).returncode
        after, command_wall = resource.getrusage(resource.RUSAGE_CHILDREN), time.perf_counter() - wall
        command_cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
        print(f"{count} records ({args.models} models x {args.items} items x {args.samples} samples), "
              f"details.jsonl {details_size / 1e6:.1f} MB")
        print(f"pareval report --html (new proc.): {command_wall:5.2f} s wall  {command_cpu:5.2f} s CPU  "
              f"(exit status {status})")
        islands = re.findall(r'<script type="application/json" id="([\w-]+)">(.*?)</script>', page.read_text(), re.S)
        print(f"report.html: {page.stat().st_size / 1e6:.1f} MB (" + ", ".join(
            f"{name} {len(body.encode()) / 1e6:.1f} MB" for name, body in islands) + ")")
        if args.no_browser or find_chromium() is None:
            print("browser: skipped (no Chromium)" if not args.no_browser else "browser: skipped")
            return
        wall = time.perf_counter()
        empty = Path(tmp) / "empty.html"
        empty.write_text("<!DOCTYPE html><html><body></body></html>")
        dump_dom(empty)
        start_wall = time.perf_counter() - wall
        wall = time.perf_counter()
        dom = dump_dom(page, PROBE)
        browser_wall = time.perf_counter() - wall
        found = json.loads(re.search(r'<pre id="probe">(.*?)</pre>', dom, re.S).group(1).replace("&quot;", '"'))
        print(f"chromium --headless --dump-dom (start, load, scripts, dump): {browser_wall:5.2f} s wall "
              f"(an empty page: {start_wall:5.2f} s)")
        print(f"in the page: parsed and ready {found['since_start'] / 1000:.2f} s after navigation started "
              f"(its script took {found['ready']} ms); filter by outcome {found['outcome_ms']:.0f} ms, "
              f"then by text {found['text_ms']:.0f} ms ({found['count']}); first drill-down (parses the texts) "
              f"{found['drill_ms']:.0f} ms")


if __name__ == "__main__":
    main()
