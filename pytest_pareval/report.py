"""The report: outcome records -> the seed's tables plus labelled extras -> terminal, Markdown, JSON, PNG.

Public API (the plugin's terminal summary and ``pareval report`` both go through it, so they agree):

    build_report(records: list[dict], *, vram: Mapping[str, float | None] | None = None,
                 baseline: str | None = None, order: Sequence[str] | None = None) -> dict
    render_terminal(report: dict) -> str
    render_markdown(report: dict) -> str
    write_report(records: list[dict], outdir: Path, *, vram=None, baseline=None, order=None) -> dict
    load_records(path: Path) -> list[dict]
    diff_runs(records_a: list[dict], records_b: list[dict]) -> dict
    render_diff(diff: dict) -> str

The report is a JSON-able dict (what report.json holds, numbers unrounded, None where missing); the
renderers only format it. Run order is ``order``, else the session's (records' ``model_order``), else
the key order of ``vram`` (the models file's), else the order in which models first appear in the
records; the default baseline is its first model.
The seed printed some tables alphabetically and others in run order; each table keeps its rule.
"""
from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
from tabulate import tabulate

from . import stats
from .results import BUILT, MANIFEST_KEY, OUTCOMES, read_jsonl

TIER_TITLES = {1: "Tier 1 (High Performance): Overall Success Rate > 60%",
               2: "Tier 2 (Medium Performance): Overall Success Rate 30-60%",
               3: "Tier 3 (Low Performance): Overall Success Rate < 30%"}
SIGNIFICANCE = 0.05
_OUTCOME_CODE = {name: code for code, name in enumerate(OUTCOMES)}
_IS_BUILT = np.array([name in BUILT for name in OUTCOMES])
_ERROR = _OUTCOME_CODE["error"]
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


def _outcome_codes(outcomes: list[str]) -> np.ndarray:
    try:
        return np.fromiter(map(_OUTCOME_CODE.__getitem__, outcomes), np.int64, len(outcomes))
    except KeyError as exc:
        raise ValueError(f"unknown outcome {exc.args[0]!r} in the records") from None


def _session_order(records: list[dict[str, Any]]) -> list[str]:
    position: dict[str, int] = {}
    for r in records:
        position.setdefault(r["model"], r.get("model_order") if r.get("model_order") is not None else 1 << 30)
    return sorted(position, key=position.__getitem__)


def build_report(records: list[dict[str, Any]], *, vram: Mapping[str, float | None] | None = None,
                 baseline: str | None = None, order: Sequence[str] | None = None) -> dict[str, Any]:
    """Every number of the report, per model in run order. ValueError for an unknown baseline."""
    if not records:
        raise ValueError("no outcome records to report on")
    column = {key: [r.get(key) for r in records] for key in _COLUMNS}
    outcome = _outcome_codes(column["outcome"])
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
    counted = outcome != _ERROR
    built, valid = _IS_BUILT[outcome], outcome == _OUTCOME_CODE["pass"]

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
            "errors": int(outcome_counts[m, _ERROR]),
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
            "errors": int((~counted).sum()), "significance": SIGNIFICANCE, "models": entries}


# --- formatting ---------------------------------------------------------------------------------

def _pct(value: float | None) -> str:
    return "N/A" if value is None else f"{value * 100:.1f}%"


def _fixed(value: float | None, digits: int) -> str:
    return "N/A" if value is None else f"{value:.{digits}f}"


def _short(value: float | None) -> str:
    """round(x, 2) printed as Python prints it (24.9, 3.1): the seed's response-time format."""
    return "N/A" if value is None else str(round(value, 2))


def _number(value: float | None) -> str:
    return "N/A" if value is None else (str(int(value)) if float(value).is_integer() else str(value))


def _interval(bounds: Sequence[float] | None) -> str:
    return "N/A" if bounds is None else f"[{_pct(bounds[0])}, {_pct(bounds[1])}]"


def _p_value(p_value: float) -> str:
    return "<0.0001" if p_value < 1e-4 else f"{p_value:.4f}"


def _p(test: Mapping[str, Any]) -> str:
    star = "*" if test["p_value"] < SIGNIFICANCE else ""
    return f"{_p_value(test['p_value'])}{star} ({test['method']})"


def _table(headers: Sequence[str], rows: list[Sequence[Any]]) -> str:
    """A Markdown table in the seed's pipe style: `| a | b |` rows under a dashed rule."""
    lines = ["| " + " | ".join(headers) + " |", "|" + "|".join("-" * (len(h) + 2) for h in headers) + "|"]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def _by_name(models: list[dict]) -> list[dict]:
    return sorted(models, key=lambda e: e["model"])


def _by_overall(models: list[dict]) -> list[dict]:
    return sorted(models, key=lambda e: (-(e["overall_rate"] or 0.0), e["model"]))


def _comparison(entry: dict, baseline: str) -> str:
    d = entry["cohens_d"]
    if d is None:
        return "N/A"
    verdict = "Better than" if d > 0 else "Worse than" if d < 0 else "Same as"
    return f"{verdict} {baseline} ({entry['effect_size']})"


def _seed_sections(report: dict) -> list[str]:
    """The seed's tables: same headings, methods, rounding, labels and row order.

    Row order, as the seed has it: build, validation, response time and tokens by name (code-point
    order, so "Gemma3" precedes "Gemma3 4Bit Quantized"); by mode, CI and Cohen's d in run order; tiers
    and VRAM by overall success, descending; the top 3s by their own figure; ties always by name.
    """
    models, baseline = report["models"], report["baseline"]
    out = ["### Build Success Rate Analysis", _table(
        ["Model", "Total Tests", "Successful Builds", "Build Success Rate"],
        [[e["model"], e["total"], e["built"], _pct(e["build_rate"])] for e in _by_name(models)])]
    out += ["### Build Success Rate by Parallelism Model", _table(
        ["Model", "Serial Success Rate", "MPI Success Rate"],
        [[e["model"], _pct(e["build_rate_serial"]), _pct(e["build_rate_mpi"])] for e in models])]
    out += ["### Validation Success Rate Analysis (Among Successfully Built Code)", _table(
        ["Model", "Built Tests", "Valid Results", "Validation Success Rate"],
        [[e["model"], e["built"], e["valid"], _pct(e["validation_rate"])] for e in _by_name(models)])]
    out.append("### Performance Tier Analysis")
    for tier, title in TIER_TITLES.items():
        members = [e for e in _by_overall(models) if e["tier"] == tier]
        out.append(f"**{title}**\n" + ("\n".join(
            f"- **{e['model']}**: {_pct(e['overall_rate'])} overall success "
            f"(Build: {_pct(e['build_rate'])}, Validation: {_pct(e['validation_rate'])})"
            for e in members) or "- none"))
    out += ["### Performance per VRAM Efficiency", _table(
        ["Model", "VRAM (GB)", "Overall Success Rate", "Efficiency (Success/GB)"],
        [[e["model"], _number(e["vram_gb"]), _pct(e["overall_rate"]), _fixed(e["success_per_gb"], 4)]
         for e in _by_overall(models)])]
    efficient = sorted((e for e in models if e["success_per_gb"] is not None),
                       key=lambda e: (-e["success_per_gb"], e["model"]))[:3]
    out.append("**Top 3 Most Efficient Models:**\n" + ("\n".join(
        f"{rank}. **{e['model']}**: {e['success_per_gb']:.4f} success/GB "
        f"({_pct(e['overall_rate'])} success rate, {_number(e['vram_gb'])}GB VRAM)"
        for rank, e in enumerate(efficient, 1)) or "No model has a VRAM figure."))
    out += ["### Domain Strengths Analysis", "**Top-performing models by domain (build success rate):**"]
    for domain in report["domains"]:
        ranked = sorted(((e["by_domain"][domain]["build_rate"], e["model"]) for e in models
                         if domain in e["by_domain"]), key=lambda rm: (-rm[0], rm[1]))[:3]
        out.append(f"**{domain.upper()}:**\n" + "\n".join(
            f"{rank}. {name}: {_pct(rate)}" for rank, (rate, name) in enumerate(ranked, 1)))
    out += ["### 95% Confidence Intervals for Build Success Rates", _table(
        ["Model", "Mean Success Rate", "95% CI Lower", "95% CI Upper", "Sample Size"],
        [[e["model"], _fixed(e["build_rate"], 3), *(_fixed(b, 3) for b in e["build_ci95"] or (None, None)),
          e["total"]] for e in models])]
    out += [f"### Effect Size Comparison Matrix (vs {baseline})", _table(
        ["Model", "Cohen's d", "Effect Size", "Interpretation"],
        [[e["model"], _fixed(e["cohens_d"], 3), e["effect_size"] or "N/A", _comparison(e, baseline)]
         for e in models if e["model"] != baseline])]
    timed = [e for e in _by_name(models) if e["latency"]]
    out += ["### Response Time Statistics", _table(
        ["Model", "Count", "Mean (s)", "Median (s)", "Std Dev (s)"],
        [[e["model"], e["latency"]["count"], *(_short(e["latency"][k]) for k in ("mean", "median", "std"))]
         for e in timed]) if timed else "No model reported response times."]
    counted = [e for e in _by_name(models) if e["avg_tokens"] is not None]
    out += ["### Token Usage and Efficiency", _table(
        ["Model", "Avg Tokens", "Success Rate", "Tokens per Success"],
        [[e["model"], _fixed(e["avg_tokens"], 0), _pct(e["build_rate"]), _fixed(e["tokens_per_success"], 0)]
         for e in counted]) if counted else "No model reported token counts."]
    out.append("Tokens are prompt + completion per response; tokens per success divides them by the build "
               "success rate. Both tables leave out models without such data.")
    return out


def _extra_sections(report: dict) -> list[str]:
    """Tables beyond the seed, each labelled so."""
    models, baseline, domains = report["models"], report["baseline"], report["domains"]
    out = ["### Wilson 95% intervals (beyond the seed)",
           "Score intervals for every rate; unlike the t-interval above they stay within 0-100%.",
           _table(["Model", "Build", "Serial build", "MPI build", "Validation", "Overall"],
                  [[e["model"], *(f"{_pct(rate)} {_interval(e['wilson95'][key])}" for key, rate in (
                      ("build", e["build_rate"]), ("build_serial", e["build_rate_serial"]),
                      ("build_mpi", e["build_rate_mpi"]), ("validation", e["validation_rate"]),
                      ("overall", e["overall_rate"])))] for e in models])]
    for key, title in (("build_rate", "Build success rate"), ("overall_rate", "Overall success rate")):
        out += [f"### {title} by domain (beyond the seed)", _table(
            ["Model", *domains], [[e["model"], *(_pct(e["by_domain"].get(d, {}).get(key)) for d in domains)]
                                  for e in models])]
    out += ["### Outcome breakdown (beyond the seed)",
            "Items per final outcome; `error` is an infrastructure fault and is left out of every rate.",
            _table(["Model", *OUTCOMES], [[e["model"], *e["outcomes"].values()] for e in models])]
    if any(e["samples_per_item"] > 1 for e in models):
        ks = sorted({int(k) for e in models for k in e["pass_at_k"]})
        out += ["### pass@k and build@k (beyond the seed)",
                "Unbiased estimator over the samples of each item (Chen et al., 2021).",
                _table(["Model", "Samples", *(f"pass@{k}" for k in ks), *(f"build@{k}" for k in ks)],
                       [[e["model"], e["samples_per_item"], *(_pct(e["pass_at_k"].get(str(k))) for k in ks),
                         *(_pct(e["build_at_k"].get(str(k))) for k in ks)] for e in models])]
    timed = [e for e in models if e["speedup"]]
    if timed:
        def cells(summary: dict | None) -> list[str]:
            return ["N/A"] * 3 if summary is None else [
                summary["count"], f"{summary['speedup']:.2f}x", f"{summary['efficiency']:.2f}"]
        out += ["### Speedup and efficiency vs the serial reference (beyond the seed)",
                "Geometric means over passing items; efficiency = speedup / ranks.",
                _table(["Model", "Serial runs", "Serial speedup", "Serial efficiency",
                        "MPI runs", "MPI speedup", "MPI efficiency"],
                       [[e["model"], *cells(e["speedup"]["serial"]), *cells(e["speedup"]["mpi"])]
                        for e in timed])]
    paired = [e for e in models if e["mcnemar"]]
    if paired:
        out += [f"### Paired McNemar test vs {baseline} (beyond the seed)",
                f"Same (problem, mode, sample) on both sides; +/- = items only the model / only {baseline} "
                f"got right; exact binomial below {stats.MCNEMAR_EXACT_BELOW} discordant pairs; "
                f"* marks p < {SIGNIFICANCE}.",
                _table(["Model", "Pairs", "Build +/-", "Build p", "Pass +/-", "Pass p"],
                       [[e["model"], e["mcnemar"]["pairs"],
                         *(c for t in ("build", "pass") for c in (
                             f"+{e['mcnemar'][t]['only_model']}/-{e['mcnemar'][t]['only_baseline']}",
                             _p(e["mcnemar"][t])))] for e in paired])]
    return out


def render_markdown(report: dict) -> str:
    """report.md: the seed's tables, then the extras."""
    head = (f"# pytest-pareval report\n\n{len(report['models'])} models, {len(report['domains'])} domains, "
            f"{report['records']} outcome records ({report['errors']} infrastructure errors, left out of "
            f"every rate). Baseline: {report['baseline']}. Rates are over items (x samples).")
    return "\n\n".join([head, "## Seed tables", *_seed_sections(report),
                        "## Beyond the seed", *_extra_sections(report)]) + "\n"


def render_terminal(report: dict) -> str:
    """A compact one-table summary for the end of a pytest session, in run order."""
    baseline = report["baseline"]
    rows = [[e["model"], e["total"], e["built"], _pct(e["build_rate"]), _pct(e["build_rate_serial"]),
             _pct(e["build_rate_mpi"]), _pct(e["validation_rate"]),
             f"{_pct(e['overall_rate'])} {_interval(e['wilson95']['overall'])}", e["tier"] or "N/A",
             _fixed(e["cohens_d"], 3) if e["model"] != baseline else "baseline",
             _p(e["mcnemar"]["pass"]) if e["mcnemar"] else "",
             _short(e["latency"]["mean"]) if e["latency"] else "N/A", _fixed(e["avg_tokens"], 0)]
            for e in report["models"]]
    headers = ["Model", "Tests", "Built", "Build", "Serial build", "MPI build", "Valid/Built",
               "Overall [Wilson 95%]", "Tier",
               f"d vs {baseline}", "McNemar p", "Latency (s)", "Tokens"]
    note = f"\n{report['errors']} infrastructure errors left out of every rate.\n" if report["errors"] else "\n"
    return tabulate(rows, headers, tablefmt="simple", disable_numparse=True) + note


def _heatmap(report: dict, path: Path) -> bool:
    """Overall success per model and domain as a PNG; False when matplotlib is not installed."""
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return False
    models, domains = report["models"], report["domains"]
    grid = np.array([[e["by_domain"].get(d, {}).get("overall_rate") for d in domains] for e in models],
                    dtype=float)
    fig, ax = plt.subplots(figsize=(1.0 + 0.7 * len(domains), 1.5 + 0.3 * len(models)))
    image = ax.imshow(grid * 100, vmin=0, vmax=100, cmap="viridis", aspect="auto")
    ax.set_xticks(range(len(domains)), domains, rotation=45, ha="right")
    ax.set_yticks(range(len(models)), [e["model"] for e in models])
    fig.colorbar(image, ax=ax, label="overall success (%)")
    ax.set_title("Overall success rate by domain")
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)
    return True


def write_report(records: list[dict[str, Any]], outdir: Path, *, vram: Mapping[str, float | None] | None = None,
                 baseline: str | None = None, order: Sequence[str] | None = None) -> dict[str, Any]:
    """Write report.md, report.json and (with matplotlib) heatmap.png into outdir; return the report."""
    report = build_report(records, vram=vram, baseline=baseline, order=order)
    outdir = Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    (outdir / "report.md").write_text(render_markdown(report))
    (outdir / "report.json").write_text(json.dumps(report, indent=1))
    _heatmap(report, outdir / "heatmap.png")
    return report


def diff_runs(records_a: list[dict[str, Any]], records_b: list[dict[str, Any]]) -> dict[str, Any]:
    """Two runs per model, overall and per domain: each run's rates, and McNemar tests of build and
    pass on the (problem, mode, sample) items both runs have ("model" = run B, "baseline" = run A)."""
    runs = [{(r["model"], r["domain"], r["problem"], r["mode"], r.get("sample") or 0): r["outcome"]
             for r in records} for records in (records_a, records_b)]
    keys = list(dict.fromkeys([*runs[0], *runs[1]]))
    status = _outcome_codes([run.get(key, "error") for run in runs for key in keys]).reshape(2, -1)
    # (run, built/passed, item): 1/0, -1 where the run lacks the item or it ended in an error
    paired = np.where((status != _ERROR)[:, None, :],
                      np.stack([_IS_BUILT[status], status == _OUTCOME_CODE["pass"]], 1), -1)
    groups: dict[tuple[str, str | None], list[int]] = {}
    for index, (model, domain, *_) in enumerate(keys):
        for group in ((model, None), (model, domain)):
            groups.setdefault(group, []).append(index)
    rows = []
    for (model, domain), members in sorted(groups.items(), key=lambda kv: (kv[0][0], kv[0][1] or "")):
        part = paired[:, :, members]
        sides = [{"total": int((side[0] >= 0).sum()),
                  "build_rate": stats.rate(int((side[0] == 1).sum()), int((side[0] >= 0).sum())),
                  "overall_rate": stats.rate(int((side[1] == 1).sum()), int((side[0] >= 0).sum()))}
                 for side in part]
        rows.append({"model": model, "domain": domain, "a": sides[0], "b": sides[1],
                     **stats.paired_mcnemar(part[1], part[0])})
    return {"significance": SIGNIFICANCE, "rows": rows}


def render_diff(diff: dict[str, Any]) -> str:
    """The diff as a table; * marks a change the paired test finds significant (uncorrected)."""
    def change(row: dict, rate: str, test: str) -> list[str]:
        a, b = row["a"][rate], row["b"][rate]
        delta = "N/A" if a is None or b is None else f"{(b - a) * 100:+.1f}"
        star = "*" if row[test]["p_value"] < diff["significance"] else ""
        return [_pct(a), _pct(b), delta + star, _p_value(row[test]["p_value"])]

    rows = [[row["model"], row["domain"] or "(all)", *change(row, "build_rate", "build"),
             *change(row, "overall_rate", "pass")] for row in diff["rows"]]
    headers = ["Model", "Domain", "Build A", "Build B", "Δ pts", "p", "Overall A", "Overall B", "Δ pts", "p"]
    return (tabulate(rows, headers, tablefmt="simple", disable_numparse=True) +
            f"\n* p < {diff['significance']} in McNemar's paired test on items both runs have "
            "(uncorrected for the number of rows).\n")
