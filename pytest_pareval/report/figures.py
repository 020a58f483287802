"""The report's figures: outcome records -> one JSON-able dict (what report.json holds).

Numbers stay unrounded and None where undefined; formatting is the renderers' job (tables.py and the
format modules), so a new output format never touches a figure. Run order is ``order``, else the
session's (records' ``model_order``), else the key order of ``vram`` (the models file's), else the order
in which models first appear in the records; the default baseline is its first model.
"""
from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from .. import stats
from ..results import BUILT, MANIFEST_KEY, OUTCOMES, read_jsonl

SIGNIFICANCE = 0.05
OUTCOME_CODE = {name: code for code, name in enumerate(OUTCOMES)}
IS_BUILT = np.array([name in BUILT for name in OUTCOMES])
ERROR = OUTCOME_CODE["error"]
_FLOAT_COLUMNS = ("latency_s", "prompt_tokens", "completion_tokens", "runtime_s", "baseline_runtime_s", "vram_gb")
_COLUMNS = ("model", "domain", "problem", "mode", "sample", "outcome", "ranks", *_FLOAT_COLUMNS)


def load_records(path: Path) -> list[dict[str, Any]]:
    """read_jsonl's records, parsed as one JSON array (about twice as fast on large files)."""
    lines = [line for line in Path(path).read_text().splitlines() if line.strip()]
    try:
        records = json.loads("[" + ",".join(lines) + "]")
    except json.JSONDecodeError:
        records = None
    if records is None or len(records) != len(lines) or not all(isinstance(r, dict) for r in records):
        return read_jsonl(path)  # torn last line or a bad line: its rules and messages
    return [r for r in records if MANIFEST_KEY not in r]


def outcome_codes(outcomes: list[str]) -> np.ndarray:
    try:
        return np.fromiter(map(OUTCOME_CODE.__getitem__, outcomes), np.int64, len(outcomes))
    except KeyError as exc:
        raise ValueError(f"unknown outcome {exc.args[0]!r} in the records") from None


def _session_order(records: list[dict[str, Any]]) -> list[str]:
    position: dict[str, int] = {}
    for r in records:
        position.setdefault(r["model"], r.get("model_order") if r.get("model_order") is not None else 1 << 30)
    return sorted(position, key=position.__getitem__)


def build_report(records: list[dict[str, Any]], *, vram: Mapping[str, float | None] | None = None,
                 baseline: str | None = None, order: Sequence[str] | None = None,
                 manifest: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """Every number of the report, per model in run order (``manifest``: the run's, carried along).
    ValueError for an unknown baseline."""
    if not records:
        raise ValueError("no outcome records to report on")
    column = {key: [r.get(key) for r in records] for key in _COLUMNS}
    outcome = outcome_codes(column["outcome"])
    first_seen, seen_names = stats.factorize(column["model"])
    if order is None and any(r.get("model_order") is not None for r in records[:1]):
        order = _session_order(records)  # a session's own order survives xdist's shuffled results file
    wanted = [name for name in (order if order is not None else vram or ()) if name in seen_names]
    names = list(dict.fromkeys(wanted + seen_names))
    model = np.array([names.index(n) for n in seen_names], np.int64)[first_seen]
    baseline = names[0] if baseline is None else baseline
    if baseline not in names:
        raise ValueError(f"baseline {baseline!r} is not among the models: {', '.join(names)}")
    domain_code, domain_names = stats.factorize(column["domain"])
    domains = sorted(domain_names)
    domain = np.array([domains.index(d) for d in domain_names], np.int64)[domain_code]
    problem, _ = stats.factorize(column["problem"])
    serial = np.array(column["mode"]) == "serial"
    item = problem * 2 + serial
    sample = np.array([s or 0 for s in column["sample"]], np.int64)
    ranks = np.array([r or 1 for r in column["ranks"]], dtype=float)
    floats = {key: np.array(column[key], dtype=float) for key in _FLOAT_COLUMNS}

    M, D = len(names), len(domains)
    counted = outcome != ERROR
    built, valid = IS_BUILT[outcome], outcome == OUTCOME_CODE["pass"]

    def per_model(mask: np.ndarray) -> np.ndarray:
        return np.bincount(model[mask], minlength=M)

    def per_model_domain(mask: np.ndarray) -> np.ndarray:
        return np.bincount((model * D + domain)[mask], minlength=M * D).reshape(M, D)

    total, n_built, n_valid = per_model(counted), per_model(built), per_model(valid)
    total_serial, built_serial = per_model(counted & serial), per_model(built & serial)
    total_mpi, built_mpi = per_model(counted & ~serial), per_model(built & ~serial)
    dom_total, dom_built, dom_valid = (per_model_domain(m) for m in (counted, built, valid))
    outcome_counts = np.bincount(model * len(OUTCOMES) + outcome,
                                 minlength=M * len(OUTCOMES)).reshape(M, len(OUTCOMES))

    latency_mask = counted & ~np.isnan(floats["latency_s"])
    latencies = stats.split_by_group(model[latency_mask], floats["latency_s"][latency_mask], M)
    prompt, completion = floats["prompt_tokens"], floats["completion_tokens"]
    has_tokens = counted & ~(np.isnan(prompt) & np.isnan(completion))
    tokens = np.nan_to_num(prompt) + np.nan_to_num(completion)
    token_sum = np.bincount(model[has_tokens], weights=tokens[has_tokens], minlength=M)
    token_count = per_model(has_tokens)

    vram_mask = ~np.isnan(floats["vram_gb"])
    recorded_models, first = np.unique(model[vram_mask], return_index=True)
    vram_by_model = dict(zip(recorded_models.tolist(), floats["vram_gb"][vram_mask][first].tolist()))

    # Items (problem x mode) per model: sample counts for pass@k, paired outcomes for McNemar.
    I = int(item.max()) + 1
    cell = model * I + item
    item_n, item_pass, item_built = (np.bincount(cell[m], minlength=M * I).reshape(M, I)
                                     for m in (counted, valid, built))
    pair = np.unique(item * (int(sample.max()) + 1) + sample, return_inverse=True)[1].ravel()
    paired = np.full((2, M, int(pair.max()) + 1), -1, np.int8)
    for which, success in enumerate((built, valid)):
        paired[which, model[counted], pair[counted]] = success[counted]

    timed = valid & ~np.isnan(floats["runtime_s"]) & ~np.isnan(floats["baseline_runtime_s"])
    speedups = stats.speedup_by_group((model * 2 + serial)[timed], 2 * M, floats["runtime_s"][timed],
                                      floats["baseline_runtime_s"][timed], ranks[timed])  # (mpi, serial) per model
    pass_at_k, build_at_k = stats.pass_at_k_by_row(item_n, item_pass), stats.pass_at_k_by_row(item_n, item_built)
    fewest_samples = [int(counts[counts > 0].min()) if counts.any() else 0 for counts in item_n]
    b = names.index(baseline)
    entries = []
    for m, name in enumerate(names):
        vram_gb = vram[name] if vram and vram.get(name) is not None else vram_by_model.get(m)
        overall = stats.rate(n_valid[m], total[m])
        build_rate = stats.rate(n_built[m], total[m])
        cohens_d = None if m == b else stats.cohens_d(n_built[m], total[m], n_built[b], total[b])
        avg_tokens = token_sum[m] / token_count[m] if token_count[m] else None
        speedup = {"serial": speedups[2 * m + 1], "mpi": speedups[2 * m]}
        entries.append({
            "model": name, "total": int(total[m]), "built": int(n_built[m]), "valid": int(n_valid[m]),
            "errors": int(outcome_counts[m, ERROR]),
            "build_rate": build_rate,
            "build_rate_serial": stats.rate(built_serial[m], total_serial[m]),
            "build_rate_mpi": stats.rate(built_mpi[m], total_mpi[m]),
            "validation_rate": stats.rate(n_valid[m], n_built[m]),
            "overall_rate": overall, "tier": stats.tier(overall), "vram_gb": vram_gb,
            "success_per_gb": overall / vram_gb if overall is not None and vram_gb else None,
            "build_ci95": stats.t_interval(n_built[m], total[m]),
            "build_wilson95": stats.wilson_interval(n_built[m], total[m]),
            "wilson95": {key: stats.wilson_interval(k[m], n[m]) for key, (k, n) in (
                ("build", (n_built, total)), ("build_serial", (built_serial, total_serial)),
                ("build_mpi", (built_mpi, total_mpi)), ("validation", (n_valid, n_built)),
                ("overall", (n_valid, total)))},
            "cohens_d": cohens_d, "effect_size": stats.effect_label(cohens_d),
            "latency": stats.describe(latencies[m]),
            "avg_tokens": avg_tokens,
            "tokens_per_success": avg_tokens / build_rate if avg_tokens is not None and build_rate else None,
            "by_domain": {d: {"total": int(dom_total[m, j]), "built": int(dom_built[m, j]),
                              "valid": int(dom_valid[m, j]),
                              "build_rate": stats.rate(dom_built[m, j], dom_total[m, j]),
                              "overall_rate": stats.rate(dom_valid[m, j], dom_total[m, j])}
                          for j, d in enumerate(domains) if dom_total[m, j]},
            "outcomes": dict(zip(OUTCOMES, outcome_counts[m].tolist())),
            "samples_per_item": fewest_samples[m],
            "pass_at_k": pass_at_k[m], "build_at_k": build_at_k[m],
            "speedup": speedup if any(speedup.values()) else None,
            "mcnemar": None if m == b else stats.paired_mcnemar(paired[:, m], paired[:, b]),
        })
    return {"baseline": baseline, "domains": domains, "records": len(records),
            "errors": int((~counted).sum()), "significance": SIGNIFICANCE, "models": entries,
            "manifest": dict(manifest) if manifest else None}
