"""Batched decoding of the `local` model, decode-dominated: one single-threaded context fed K short
prompts at once (K = 1, then 4), 128 tokens each. Prints the tokens written per CPU second for each K and a
fingerprint of every answer: sequence 0 has the same prompt and seed for every K, so a different
fingerprint means batching changed the answer.

The machine may be shared: CPU seconds are the figure to compare, the load is printed beside them.
Run: python benchmarks/local_decode.py [--k 1,4] [--tokens 128]
"""
from __future__ import annotations

import argparse
import hashlib
import os
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from pytest_pareval.generate import local  # noqa: E402

PROMPTS = ["Write a C++ function double sum(const std::vector<double>& x) that sums x, then explain it at length.",
           "Write a C++ function int count_even(const std::vector<int>& v), then explain it at length.",
           "Write a C++ function void scale(std::vector<float>& v, float a), then explain it at length.",
           "Write a C++ function bool is_sorted_vec(const std::vector<int>& v), then explain it at length."]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--k", default="1,4")
    parser.add_argument("--tokens", type=int, default=128)
    args = parser.parse_args()
    path = local.BUILTINS["local"].path()
    params = dict(local.QWEN_PARAMS, max_tokens=args.tokens)
    for k in (int(x) for x in args.k.split(",")):
        context = local.XllamaContext(path, threads=1, parallel=k)
        out: dict[int, local.Completion] = {}

        def ask(i: int) -> None:
            messages = [{"role": "system", "content": "You are a C++ expert."},
                        {"role": "user", "content": PROMPTS[i % len(PROMPTS)]}]
            out[i] = context.chat(messages, params)

        cpu0, wall0, load0 = time.process_time(), time.monotonic(), os.getloadavg()[0]
        threads = [threading.Thread(target=ask, args=(i,)) for i in range(k)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        cpu, wall = time.process_time() - cpu0, time.monotonic() - wall0
        written = sum(c.completion_tokens for c in out.values())
        print(f"K={k}: {written} tokens written in {cpu:.1f} CPU s, {wall:.1f} s wall (load {load0:.1f} -> "
              f"{os.getloadavg()[0]:.1f}): {written / cpu:.1f} tokens/CPU-s", flush=True)
        for i, c in sorted(out.items()):
            print(f"   sequence {i}: {c.completion_tokens} tokens, answer "
                  f"{hashlib.sha256(c.text.encode()).hexdigest()[:8]}", flush=True)
        context.close()


if __name__ == "__main__":
    main()
