"""An outcome matrix consistent with every count the seed report prints, and the seed's tables.

10 models x 120 items (12 domains x 5 problems x serial/MPI). The seed fixes each model's built and
valid totals, its serial/MPI build counts and the top 3 of every domain; the per-domain build counts
below satisfy all of these (the models outside a domain's top 3 stay below it, or tie and sort after
it by name). Latencies are synthesised to give the printed mean/median/std; the other models have
no latency and no token counts, as in the seed.
"""
from __future__ import annotations

import numpy as np
from scipy.optimize import brentq

from pytest_pareval.report.records import new_record

DOMAINS = ("dense_la", "fft", "geometry", "graph", "histogram", "reduce", "scan", "search", "sort",
           "sparse_la", "stencil", "transform")
PROBLEMS_PER_DOMAIN = 5
BASELINE = "H2Loop v0.1"

# In run order (the seed's by-mode, CI and Cohen's d tables list the models in this order):
# name, VRAM GB, built, valid, serial built, (mean, median, std) latency, mean tokens per response,
# and the built items per domain (out of 10) in the order of DOMAINS.
MODELS = (
    ("Gemini Flash", None, 87, 72, 51, None, None, (6, 7, 7, 5, 10, 8, 7, 7, 6, 6, 9, 9)),
    ("Gemini Pro", None, 110, 92, 57, None, None, (10, 10, 10, 7, 9, 10, 9, 9, 9, 8, 10, 9)),
    ("Gemma3 4Bit Quantized", 19, 86, 57, 53, (11.72, 10.18, 6.97), 1519.6,
     (7, 6, 7, 8, 7, 10, 7, 8, 7, 6, 7, 6)),
    ("Gemma3", 54, 93, 60, 54, (9.74, 7.55, 7.07), None, (6, 7, 7, 8, 7, 10, 10, 8, 8, 6, 9, 7)),
    ("H2Loop v0.1", 16, 74, 51, 40, None, None, (5, 5, 9, 5, 6, 8, 6, 7, 6, 5, 7, 5)),
    ("Kimi K2", 1024, 109, 78, 55, (24.9, 11.01, 36.47), None, (9, 9, 10, 7, 9, 9, 9, 10, 10, 10, 8, 9)),
    ("Llama3.3 8B", 16, 8, 4, 5, (4.71, 3.87, 2.79), None, (0, 0, 1, 0, 1, 2, 1, 1, 0, 0, 1, 1)),
    ("Llama4 Maverick", 1280, 44, 37, 30, (3.79, 3.1, 2.49), None, (2, 2, 4, 2, 4, 5, 4, 10, 3, 2, 3, 3)),
    ("Mistral Nemo", 24, 7, 2, 2, (5.07, 4.55, 2.84), None, (0, 0, 1, 0, 1, 2, 1, 1, 0, 0, 1, 0)),
    ("Qwen 2.5 Coder", 32, 72, 50, 41, (17.45, 14.73, 11.05), 1412.0, (5, 5, 7, 5, 6, 7, 6, 6, 5, 8, 6, 6)),
)
VRAM = {name: vram for name, vram, *_ in MODELS}
FAILED_BUILT = ("wrong", "run_fail", "timeout", "not_parallel")
NOT_BUILT = ("build_fail", "no_code")
PROMPT_TOKENS = 400


def latencies(mean: float, median: float, std: float, count: int = 120) -> np.ndarray:
    """count positive values with exactly this mean, median and ddof=1 std (a right-skewed ramp).

    59 values fall linearly to half the median, two sit on it, and 59 rise as ramp**p above it;
    their scale keeps the mean exact and p is solved for the std.
    """
    half = count // 2 - 1
    ramp = np.arange(1, half + 1) / half
    low = median - 0.5 * median * ramp

    def values(power: float) -> np.ndarray:
        shape = ramp**power
        scale = (count * mean - low.sum() - (count - half) * median) / shape.sum()
        return np.concatenate([low, [median] * (count - 2 * half), median + scale * shape])

    return values(brentq(lambda power: values(power).std(ddof=1) - std, 0.05, 500))


def completion_tokens(mean_total: float, prompt: int, count: int = 120) -> list[int]:
    """Completion counts, one apart at most, making prompt + completion average mean_total."""
    base, extra = divmod(round(mean_total * count) - prompt * count, count)
    return [base + (i < extra) for i in range(count)]


def serial_split(per_domain: tuple[int, ...], serial_total: int) -> list[int]:
    """Serial built items per domain (each domain has 5 serial and 5 MPI items)."""
    split = [max(0, built - PROBLEMS_PER_DOMAIN) for built in per_domain]
    while sum(split) < serial_total:
        room = [j for j, built in enumerate(per_domain) if split[j] < min(PROBLEMS_PER_DOMAIN, built)]
        split[max(room, key=lambda j: min(PROBLEMS_PER_DOMAIN, per_domain[j]) - split[j])] += 1
    assert sum(split) == serial_total
    return split


def seed_records() -> list[dict]:
    """The 1200 outcome records (VRAM comes separately, as from a models file)."""
    records = []
    for name, _vram, built, valid, serial_built, latency, tokens, per_domain in MODELS:
        assert sum(per_domain) == built
        times = iter(latencies(*latency)) if latency else None
        completions = iter(completion_tokens(tokens, PROMPT_TOKENS)) if tokens else None
        built_seen = failed_seen = 0
        for domain, domain_built, serial in zip(DOMAINS, per_domain, serial_split(per_domain, serial_built)):
            for mode, built_here in (("serial", serial), ("mpi", domain_built - serial)):
                for index in range(PROBLEMS_PER_DOMAIN):
                    if index < built_here:
                        passes = (built_seen + 1) * valid // built > built_seen * valid // built  # spread out
                        outcome = "pass" if passes else FAILED_BUILT[built_seen % 4]
                        built_seen += 1
                    else:
                        outcome = NOT_BUILT[failed_seen % 2]
                        failed_seen += 1
                    records.append(new_record(
                        model=name, model_id=name.lower().replace(" ", "-"), domain=domain,
                        problem=f"{domain}/problem{index}", mode=mode, outcome=outcome,
                        latency_s=None if times is None else float(next(times)),
                        prompt_tokens=None if tokens is None else PROMPT_TOKENS,
                        completion_tokens=None if tokens is None else next(completions),
                        ranks=1 if mode == "serial" else 4))
    return records


# The seed's tables, verbatim (headings, table rows and list lines; its prose is left out).
SEED_TABLES = """
| Model | Total Tests | Successful Builds | Build Success Rate |
|-------|-------------|-------------------|-------------------|
| Gemini Flash | 120 | 87 | 72.5% |
| Gemini Pro | 120 | 110 | 91.7% |
| Gemma3 | 120 | 93 | 77.5% |
| Gemma3 4Bit Quantized | 120 | 86 | 71.7% |
| H2Loop v0.1 | 120 | 74 | 61.7% |
| Kimi K2 | 120 | 109 | 90.8% |
| Llama3.3 8B | 120 | 8 | 6.7% |
| Llama4 Maverick | 120 | 44 | 36.7% |
| Mistral Nemo | 120 | 7 | 5.8% |
| Qwen 2.5 Coder | 120 | 72 | 60.0% |

| Model | Serial Success Rate | MPI Success Rate |
|-------|-------------------|------------------|
| Gemini Flash | 85.0% | 60.0% |
| Gemini Pro | 95.0% | 88.3% |
| Gemma3 4Bit Quantized | 88.3% | 55.0% |
| Gemma3 | 90.0% | 65.0% |
| H2Loop v0.1 | 66.7% | 56.7% |
| Kimi K2 | 91.7% | 90.0% |
| Llama3.3 8B | 8.3% | 5.0% |
| Llama4 Maverick | 50.0% | 23.3% |
| Mistral Nemo | 3.3% | 8.3% |
| Qwen 2.5 Coder | 68.3% | 51.7% |

| Model | Built Tests | Valid Results | Validation Success Rate |
|-------|-------------|---------------|------------------------|
| Gemini Flash | 87 | 72 | 82.8% |
| Gemini Pro | 110 | 92 | 83.6% |
| Gemma3 | 93 | 60 | 64.5% |
| Gemma3 4Bit Quantized | 86 | 57 | 66.3% |
| H2Loop v0.1 | 74 | 51 | 68.9% |
| Kimi K2 | 109 | 78 | 71.6% |
| Llama3.3 8B | 8 | 4 | 50.0% |
| Llama4 Maverick | 44 | 37 | 84.1% |
| Mistral Nemo | 7 | 2 | 28.6% |
| Qwen 2.5 Coder | 72 | 50 | 69.4% |

**Tier 1 (High Performance): Overall Success Rate > 60%**
- **Gemini Pro**: 76.7% overall success (Build: 91.7%, Validation: 83.6%)
- **Kimi K2**: 65.0% overall success (Build: 90.8%, Validation: 71.6%)

**Tier 2 (Medium Performance): Overall Success Rate 30-60%**
- **Gemini Flash**: 60.0% overall success (Build: 72.5%, Validation: 82.8%)
- **Gemma3**: 50.0% overall success (Build: 77.5%, Validation: 64.5%)
- **Gemma3 4Bit Quantized**: 47.5% overall success (Build: 71.7%, Validation: 66.3%)
- **H2Loop v0.1**: 42.5% overall success (Build: 61.7%, Validation: 68.9%)
- **Qwen 2.5 Coder**: 41.7% overall success (Build: 60.0%, Validation: 69.4%)
- **Llama4 Maverick**: 30.8% overall success (Build: 36.7%, Validation: 84.1%)

**Tier 3 (Low Performance): Overall Success Rate < 30%**
- **Llama3.3 8B**: 3.3% overall success (Build: 6.7%, Validation: 50.0%)
- **Mistral Nemo**: 1.7% overall success (Build: 5.8%, Validation: 28.6%)

| Model | VRAM (GB) | Overall Success Rate | Efficiency (Success/GB) |
|-------|-----------|---------------------|------------------------|
| Gemini Pro | N/A | 76.7% | N/A |
| Kimi K2 | 1024 | 65.0% | 0.0006 |
| Gemini Flash | N/A | 60.0% | N/A |
| Gemma3 | 54 | 50.0% | 0.0093 |
| Gemma3 4Bit Quantized | 19 | 47.5% | 0.0250 |
| H2Loop v0.1 | 16 | 42.5% | 0.0266 |
| Qwen 2.5 Coder | 32 | 41.7% | 0.0130 |
| Llama4 Maverick | 1280 | 30.8% | 0.0002 |
| Llama3.3 8B | 16 | 3.3% | 0.0021 |
| Mistral Nemo | 24 | 1.7% | 0.0007 |

**Top 3 Most Efficient Models:**
1. **H2Loop v0.1**: 0.0266 success/GB (42.5% success rate, 16GB VRAM)
2. **Gemma3 4Bit Quantized**: 0.0250 success/GB (47.5% success rate, 19GB VRAM)
3. **Qwen 2.5 Coder**: 0.0130 success/GB (41.7% success rate, 32GB VRAM)

**Top-performing models by domain (build success rate):**

**DENSE_LA:**
1. Gemini Pro: 100.0%
2. Kimi K2: 90.0%
3. Gemma3 4Bit Quantized: 70.0%

**FFT:**
1. Gemini Pro: 100.0%
2. Kimi K2: 90.0%
3. Gemini Flash: 70.0%

**GEOMETRY:**
1. Gemini Pro: 100.0%
2. Kimi K2: 100.0%
3. H2Loop v0.1: 90.0%

**GRAPH:**
1. Gemma3: 80.0%
2. Gemma3 4Bit Quantized: 80.0%
3. Gemini Pro: 70.0%

**HISTOGRAM:**
1. Gemini Flash: 100.0%
2. Gemini Pro: 90.0%
3. Kimi K2: 90.0%

**REDUCE:**
1. Gemini Pro: 100.0%
2. Gemma3: 100.0%
3. Gemma3 4Bit Quantized: 100.0%

**SCAN:**
1. Gemma3: 100.0%
2. Gemini Pro: 90.0%
3. Kimi K2: 90.0%

**SEARCH:**
1. Kimi K2: 100.0%
2. Llama4 Maverick: 100.0%
3. Gemini Pro: 90.0%

**SORT:**
1. Kimi K2: 100.0%
2. Gemini Pro: 90.0%
3. Gemma3: 80.0%

**SPARSE_LA:**
1. Kimi K2: 100.0%
2. Gemini Pro: 80.0%
3. Qwen 2.5 Coder: 80.0%

**STENCIL:**
1. Gemini Pro: 100.0%
2. Gemini Flash: 90.0%
3. Gemma3: 90.0%

**TRANSFORM:**
1. Gemini Flash: 90.0%
2. Gemini Pro: 90.0%
3. Kimi K2: 90.0%

| Model | Mean Success Rate | 95% CI Lower | 95% CI Upper | Sample Size |
|-------|------------------|--------------|--------------|-------------|
| Gemini Flash | 0.725 | 0.644 | 0.806 | 120 |
| Gemini Pro | 0.917 | 0.866 | 0.967 | 120 |
| Gemma3 4Bit Quantized | 0.717 | 0.635 | 0.798 | 120 |
| Gemma3 | 0.775 | 0.699 | 0.851 | 120 |
| H2Loop v0.1 | 0.617 | 0.528 | 0.705 | 120 |
| Kimi K2 | 0.908 | 0.856 | 0.961 | 120 |
| Llama3.3 8B | 0.067 | 0.021 | 0.112 | 120 |
| Llama4 Maverick | 0.367 | 0.279 | 0.454 | 120 |
| Mistral Nemo | 0.058 | 0.016 | 0.101 | 120 |
| Qwen 2.5 Coder | 0.600 | 0.511 | 0.689 | 120 |

#### Effect Size Comparison Matrix (vs H2Loop v0.1)

| Model | Cohen's d | Effect Size | Interpretation |
|-------|-----------|-------------|----------------|
| Gemini Flash | 0.231 | Small | Better than H2Loop v0.1 (Small) |
| Gemini Pro | 0.755 | Medium | Better than H2Loop v0.1 (Medium) |
| Gemma3 4Bit Quantized | 0.212 | Small | Better than H2Loop v0.1 (Small) |
| Gemma3 | 0.348 | Small | Better than H2Loop v0.1 (Small) |
| Kimi K2 | 0.727 | Medium | Better than H2Loop v0.1 (Medium) |
| Llama3.3 8B | -1.417 | Large | Worse than H2Loop v0.1 (Large) |
| Llama4 Maverick | -0.514 | Medium | Worse than H2Loop v0.1 (Medium) |
| Mistral Nemo | -1.457 | Large | Worse than H2Loop v0.1 (Large) |
| Qwen 2.5 Coder | -0.034 | Negligible | Worse than H2Loop v0.1 (Negligible) |

| Model | Count | Mean (s) | Median (s) | Std Dev (s) |
|-------|-------|----------|------------|-------------|
| Gemma3 | 120 | 9.74 | 7.55 | 7.07 |
| Gemma3 4Bit Quantized | 120 | 11.72 | 10.18 | 6.97 |
| Kimi K2 | 120 | 24.9 | 11.01 | 36.47 |
| Llama3.3 8B | 120 | 4.71 | 3.87 | 2.79 |
| Llama4 Maverick | 120 | 3.79 | 3.1 | 2.49 |
| Mistral Nemo | 120 | 5.07 | 4.55 | 2.84 |
| Qwen 2.5 Coder | 120 | 17.45 | 14.73 | 11.05 |

| Model | Avg Tokens | Success Rate | Tokens per Success |
|-------|------------|--------------|-------------------|
| Gemma3 4Bit Quantized | 1520 | 71.7% | 2120 |
| Qwen 2.5 Coder | 1412 | 60.0% | 2353 |
"""


def seed_blocks() -> list[list[str]]:
    """SEED_TABLES as blocks of consecutive lines, without the dashed rules under table headers."""
    blocks = [[line for line in block.splitlines() if not line.startswith("|-")]
              for block in SEED_TABLES.strip().split("\n\n")]
    return [block for block in blocks if block]
