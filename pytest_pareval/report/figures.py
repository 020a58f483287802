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

from . import stats
from ..common.redact import clean
from .records import BUILT, MANIFEST_KEY, OUTCOMES, item_key, read_jsonl
from .pareval import pareval_figures
from .performance import FAST_P, performance_figures
from ..suite.problems import MODES

SIGNIFICANCE = 0.05
OUTCOME_CODE = {name: code for code, name in enumerate(OUTCOMES)}
IS_BUILT = np.array([name in BUILT for name in OUTCOMES])
ERROR = OUTCOME_CODE["error"]
_FLOAT_COLUMNS = ("latency_s", "prompt_tokens", "completion_tokens", "runtime_s", "baseline_runtime_s", "vram_gb",
                  "speedup")
_COLUMNS = ("model", "domain", "problem", "mode", "sample", "outcome", "ranks", "threads", *_FLOAT_COLUMNS)
#: Modes beyond the seed's two: their columns appear only in reports of runs that asked them.
NEW_MODES = ("omp", "mpi+omp")
#: What each figure is over, as the report says it (report["units"]).
UNITS = {
    "records": "records: one per item (problem x mode x ranks) and sample; `error` records left out",
    "items": "items: problem x mode x MPI rank count, each counted once, by the share of its samples that "
             "succeeded",
    "problems": "whole problems (a problem's serial and MPI items, every rank count and sample, together)",
}
#: The figures' names of the new modes (build_rate_omp, build_rate_hybrid).
MODE_KEYS = {"omp": "omp", "mpi+omp": "hybrid"}
#: An error's reason in the report: the first line of its message, cut to this length.
REASON_LENGTH = 160


def latest_per_item(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One record per item_key: where a file holds several (a rerun), the last one wins."""
    try:
        latest = {item_key(r): r for r in records}
    except (KeyError, TypeError) as exc:
        raise ValueError(f"a record lacks the field {exc.args[0]!r} (model, problem and mode are required)") from None
    return list(latest.values()) if len(latest) != len(records) else records


def load_records(path: Path) -> list[dict[str, Any]]:
    """read_jsonl's records (one per item: a rerun's last record wins), parsed as one JSON array (about
    twice as fast on large files)."""
    lines = [line for line in Path(path).read_text().splitlines() if line.strip()]
    try:
        records = json.loads("[" + ",".join(lines) + "]")
    except json.JSONDecodeError:
        records = None
    if records is None or len(records) != len(lines) or not all(isinstance(r, dict) for r in records):
        return latest_per_item(read_jsonl(path))  # torn last line or a bad line: its rules and messages
    return latest_per_item([r for r in records if MANIFEST_KEY not in r])


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


def error_reason(message: str | None) -> str:
    """What an `error` record says went wrong: its message's first non-blank line."""
    first = next((line.strip() for line in (message or "").splitlines() if line.strip()), "")
    return clean(first, REASON_LENGTH) or "(no message)"


def _speedups(records: list[dict[str, Any]], valid: np.ndarray, floats: dict[str, np.ndarray],
              cell: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per record: its speedup (NaN where none) and whether it counts in the speed figures.

    A correct sample with a timed speedup counts with it; a correct sample the timed run found too slow
    (a reference time but no speedup) counts as 0; an incorrect sample counts as 0. A correct sample
    never timed because our serial reference gave no time (ours, not the model's) leaves its whole cell
    (model x item) out, its incorrect samples too: keeping those as 0 while dropping the correct ones would
    pull the item's speedup_n@k down for our fault. Records written before the ``speedup`` field get
    reference time / runtime.
    """
    speedup = floats["speedup"].copy()
    legacy = np.fromiter(("speedup" not in r for r in records), bool, len(records)) if records else np.zeros(0, bool)
    ratio = floats["baseline_runtime_s"] / floats["runtime_s"]
    speedup = np.where(legacy & valid & (floats["runtime_s"] > 0), ratio, speedup)
    ours = valid & np.isnan(speedup) & np.isnan(floats["baseline_runtime_s"])
    return speedup, ~np.isin(cell, cell[ours])


def build_report(records: list[dict[str, Any]], *, vram: Mapping[str, float | None] | None = None,
                 baseline: str | None = None, order: Sequence[str] | None = None,
                 manifest: Mapping[str, Any] | None = None, fast_p: float = FAST_P) -> dict[str, Any]:
    """Every number of the report, per model in run order (``manifest``: the run's, carried along;
    ``fast_p``: the speedup fast_p asks for). ValueError for an unknown baseline."""
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
    mode_names = np.array(column["mode"])
    serial = mode_names == "serial"
    mode = np.array([MODES.index(m) if m in MODES else len(MODES) for m in column["mode"]], np.int64)
    is_mpi = mode == MODES.index("mpi")
    ranks = np.array([r or 1 for r in column["ranks"]], np.int64)
    threads = np.array([t or 1 for t in column["threads"]], np.int64)
    floats = {key: np.array(column[key], dtype=float) for key in _FLOAT_COLUMNS}
    # An item is problem x mode x ranks x threads: answers checked at 2 and at 4 ranks are two items, not two
    # samples.
    item_of_key, item = np.unique(((problem * (len(MODES) + 1) + mode) * (int(ranks.max()) + 1) + ranks)
                                  * (int(threads.max()) + 1) + threads, return_inverse=True)
    item = item.ravel()
    I = len(item_of_key)
    sample = np.array([s or 0 for s in column["sample"]], np.int64)
    if np.unique((model * I + item) * (int(sample.max()) + 1) + sample).size < len(records):
        # Several records of one item (a rerun): the last one wins, as in load_records.
        return build_report(latest_per_item(records), vram=vram, baseline=baseline, order=order,
                            manifest=manifest, fast_p=fast_p)
    item_problem = np.zeros(I, np.int64)
    item_problem[item] = problem

    M, D, P = len(names), len(domains), int(problem.max()) + 1
    counted = outcome != ERROR
    built, valid = IS_BUILT[outcome], outcome == OUTCOME_CODE["pass"]

    def per_model(mask: np.ndarray) -> np.ndarray:
        return np.bincount(model[mask], minlength=M)

    def per_model_domain(mask: np.ndarray) -> np.ndarray:
        return np.bincount((model * D + domain)[mask], minlength=M * D).reshape(M, D)

    total, n_built, n_valid = per_model(counted), per_model(built), per_model(valid)
    total_serial, built_serial = per_model(counted & serial), per_model(built & serial)
    total_mpi, built_mpi = per_model(counted & is_mpi), per_model(built & is_mpi)
    modes_run = [m for m in MODES if (mode_names == m).any()]
    by_mode = {m: (per_model(counted & (mode_names == m)), per_model(built & (mode_names == m)))
               for m in NEW_MODES if m in modes_run}
    dom_total, dom_built, dom_valid = (per_model_domain(m) for m in (counted, built, valid))
    outcome_counts = np.bincount(model * len(OUTCOMES) + outcome,
                                 minlength=M * len(OUTCOMES)).reshape(M, len(OUTCOMES))
    mpi_ranks = sorted(set(ranks[is_mpi].tolist()))
    by_ranks = {n: [per_model(m & is_mpi & (ranks == n)) for m in (counted, built, valid)] for n in mpi_ranks}

    reasons: list[dict[str, int]] = [{} for _ in names]
    reason_of: dict[Any, str] = {}  # messages repeat (a provider outage): clean each distinct one once
    for index in np.flatnonzero(~counted):
        message = records[index].get("message")
        reason = reason_of.get(message) or reason_of.setdefault(message, error_reason(message))
        reasons[model[index]][reason] = reasons[model[index]].get(reason, 0) + 1

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

    # Per model and item: sample counts and successes; every interval, effect size and paired test below is
    # over items (each by its rate), never over samples, which are repeats of one item and not independent.
    cell = model * I + item
    item_n, item_pass, item_built = (np.bincount(cell[m], minlength=M * I).reshape(M, I)
                                     for m in (counted, valid, built))
    present = item_n > 0
    with np.errstate(invalid="ignore", divide="ignore"):
        item_rates = np.stack([item_built / item_n, item_pass / item_n])  # (built/passed, model, item), NaN: absent
    problem_of = np.broadcast_to(item_problem, (M, I))
    model_of = np.broadcast_to(np.arange(M)[:, None], (M, I))
    cluster = (model_of * P + problem_of)[present]
    cluster_items = np.bincount(cluster, minlength=M * P).reshape(M, P)
    bootstrap = {key: stats.cluster_bootstrap(
        np.bincount(cluster, weights=item_rates[row][present], minlength=M * P).reshape(M, P), cluster_items)
        for row, key in enumerate(("build", "overall"))}

    speedup, speed_counts = _speedups(records, valid, floats, cell)
    performance, geometric = performance_figures(
        model=model, item=item, serial=serial, ranks=ranks, threads=threads, mode=mode_names, domain=domain,
        valid=valid, speedup=speedup,
        use=counted & speed_counts, models=M, items=I, domains=domains, fast_p=fast_p)
    pass_at_k, build_at_k = stats.pass_at_k_by_row(item_n, item_pass), stats.pass_at_k_by_row(item_n, item_built)
    fewest_samples = [int(counts[counts > 0].min()) if counts.any() else 0 for counts in item_n]
    most_samples = item_n.max(axis=1)
    b = names.index(baseline)
    entries = []
    for m, name in enumerate(names):
        vram_gb = vram[name] if vram and vram.get(name) is not None else vram_by_model.get(m)
        overall = stats.rate(n_valid[m], total[m])
        build_rate = stats.rate(n_built[m], total[m])
        build_items = item_rates[0, m][present[m]]
        cohens_d = None if m == b else stats.cohens_d_values(build_items, item_rates[0, b][present[b]])
        avg_tokens = token_sum[m] / token_count[m] if token_count[m] else None
        one_sample = most_samples[m] <= 1  # Wilson's interval assumes independent trials: one per item
        entries.append({
            "model": name, "total": int(total[m]), "built": int(n_built[m]), "valid": int(n_valid[m]),
            "errors": int(outcome_counts[m, ERROR]),
            "error_reasons": sorted(reasons[m].items(), key=lambda rc: (-rc[1], rc[0])),
            "items": int(present[m].sum()),
            "build_rate": build_rate,
            "build_rate_serial": stats.rate(built_serial[m], total_serial[m]),
            "build_rate_mpi": stats.rate(built_mpi[m], total_mpi[m]),
            **{f"build_rate_{MODE_KEYS[k]}": stats.rate(bu[m], t[m]) for k, (t, bu) in by_mode.items()},
            "validation_rate": stats.rate(n_valid[m], n_built[m]),
            "overall_rate": overall, "tier": stats.tier(overall), "vram_gb": vram_gb,
            "success_per_gb": overall / vram_gb if overall is not None and vram_gb else None,
            "build_item_mean": float(build_items.mean()) if build_items.size else None,
            "build_ci95": stats.t_interval_values(build_items),
            "build_wilson95": stats.wilson_interval(n_built[m], total[m]) if one_sample else None,
            "wilson95": {key: stats.wilson_interval(k[m], n[m]) if one_sample else None for key, (k, n) in (
                ("build", (n_built, total)), ("build_serial", (built_serial, total_serial)),
                ("build_mpi", (built_mpi, total_mpi)),
                *((f"build_{MODE_KEYS[k]}", (bu, t)) for k, (t, bu) in by_mode.items()),
                ("validation", (n_valid, n_built)),
                ("overall", (n_valid, total)))},
            "bootstrap95": {key: bootstrap[key][m] for key in bootstrap},
            "cohens_d": cohens_d, "effect_size": stats.effect_label(cohens_d),
            "latency": stats.describe(latencies[m]),
            "avg_tokens": avg_tokens,
            "tokens_per_success": avg_tokens / build_rate if avg_tokens is not None and build_rate else None,
            "by_domain": {d: {"total": int(dom_total[m, j]), "built": int(dom_built[m, j]),
                              "valid": int(dom_valid[m, j]),
                              "build_rate": stats.rate(dom_built[m, j], dom_total[m, j]),
                              "overall_rate": stats.rate(dom_valid[m, j], dom_total[m, j])}
                          for j, d in enumerate(domains) if dom_total[m, j]},
            "by_ranks": {str(n): {"total": int(t[m]), "built": int(bu[m]), "valid": int(v[m]),
                                  "build_rate": stats.rate(bu[m], t[m]), "validation_rate": stats.rate(v[m], bu[m]),
                                  "overall_rate": stats.rate(v[m], t[m])}
                         for n, (t, bu, v) in by_ranks.items() if t[m]},
            "outcomes": dict(zip(OUTCOMES, outcome_counts[m].tolist())),
            "samples_per_item": fewest_samples[m],
            "pass_at_k": pass_at_k[m], "build_at_k": build_at_k[m],
            "speedup": geometric[m],
            "performance": performance[m],
            "mcnemar": None if m == b else stats.paired_rates_test(item_rates[:, m], item_rates[:, b]),
        })
    report = {"baseline": baseline, "domains": domains, "mpi_ranks": mpi_ranks, "records": len(records),
            "errors": int((~counted).sum()), "significance": SIGNIFICANCE, "fast_p": fast_p, "units": UNITS,
            "bootstrap": {"resamples": stats.BOOTSTRAP_RESAMPLES, "seed": stats.BOOTSTRAP_SEED},
            "models": entries, "manifest": dict(manifest) if manifest else None,
            "pareval": pareval_figures(records)}  # ParEval's metrics, for items of its problem set
    if by_mode:  # a serial and MPI run's report.json stays the seed's, key for key
        report["modes"] = modes_run
    return report
