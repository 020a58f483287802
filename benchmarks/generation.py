"""Generation throughput: 120 answers from a loopback server with 1 s latency, at concurrency 16.

Prints the wall time over the ideal (120 / 16 x 1 s; target <= 1.2) and the requests a second, cached
run makes (target 0). Run: python benchmarks/generation.py
"""
from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from openai_server import ChatServer, Reply  # noqa: E402

from pytest_pareval.generate.generator import Generator, ResponseCache  # noqa: E402
from pytest_pareval.generate.litellm_setup import quiet_litellm  # noqa: E402
from pytest_pareval.generate.models import ModelSpec  # noqa: E402

ITEMS, CONCURRENCY, LATENCY_S = 120, 16, 1.0
ANSWER = "```cpp\ndouble f(const std::vector<double> &x) { return 0; }\n```"


def main() -> None:
    with ChatServer(lambda body: Reply(content=ANSWER, delay_s=LATENCY_S)) as server, \
            tempfile.TemporaryDirectory() as tmp:
        spec = ModelSpec(key="bench", name="bench", kind="litellm", model="openai/bench",
                         params={"api_base": server.url, "api_key": "sk-bench"})
        jobs = [(spec, [{"role": "user", "content": f"problem {i}"}], 0) for i in range(ITEMS)]
        quiet_litellm()
        import litellm  # noqa: F401  (import cost stays out of the timing)
        cache = ResponseCache(Path(tmp))
        start = time.monotonic()
        Generator(cache, timeout=30).prefetch(jobs, concurrency=CONCURRENCY)
        wall = time.monotonic() - start
        first = len(server.requests)
        Generator(cache, timeout=30).prefetch(jobs, concurrency=CONCURRENCY)
        second = len(server.requests) - first
    ideal = ITEMS / CONCURRENCY * LATENCY_S
    print(f"generations: {first} requests in {wall:.2f} s; ideal {ideal:.2f} s; ratio {wall / ideal:.2f} (target <= 1.2)")
    print(f"cached re-run: {second} requests (target 0)")


if __name__ == "__main__":
    main()
