"""The report as format-neutral tables: sections of tables, lists and text, every cell a display string.

Markdown and HTML format the same ``Section`` list, so a figure is rounded in one place and a new output
format never touches the numbers (they come from figures.build_report) nor how they are printed.
The seed's tables keep the seed's headings, headers, rounding, labels and row order.
"""
from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..results import OUTCOMES
from .performance import FORMULA

TIER_TITLES = {1: "Tier 1 (High Performance): Overall Success Rate > 60%",
               2: "Tier 2 (Medium Performance): Overall Success Rate 30-60%",
               3: "Tier 3 (Low Performance): Overall Success Rate < 30%"}


@dataclass
class Table:
    """A table: header cells and rows of display strings; ``note`` says what unit its figures are over."""
    headers: list[str]
    rows: list[list[str]]
    note: str | None = None
    empty: str | None = None  # shown instead of the table when it has no rows (None: an empty table)


@dataclass
class Listing:
    """A titled list (the seed's tiers, top 3s and domain rankings): items are (name, text) pairs."""
    title: str
    items: list[tuple[str, str]]
    ordered: bool = False
    strong_names: bool = True
    empty: str = "none"


@dataclass
class Text:
    """A paragraph; ``strong`` for the seed's bold lead-in lines."""
    text: str
    strong: bool = False


Block = Table | Listing | Text


@dataclass
class Section:
    """One heading and its blocks; ``key`` is a stable identifier (an HTML anchor, a test's handle)."""
    key: str
    title: str
    blocks: list[Block] = field(default_factory=list)


@dataclass
class Part:
    """A group of sections under one heading: the seed's tables, or the tables beyond the seed."""
    title: str
    sections: list[Section]
    intro: str | None = None


# --- display strings ----------------------------------------------------------------------------

def pct(value: float | None) -> str:
    return "N/A" if value is None else f"{value * 100:.1f}%"


def fixed(value: float | None, digits: int) -> str:
    return "N/A" if value is None else f"{value:.{digits}f}"


def short(value: float | None) -> str:
    """round(x, 2) printed as Python prints it (24.9, 3.1): the seed's response-time format."""
    return "N/A" if value is None else str(round(value, 2))


def number(value: float | None) -> str:
    return "N/A" if value is None else (str(int(value)) if float(value).is_integer() else str(value))


def interval(bounds: Sequence[float] | None) -> str:
    return "N/A" if bounds is None else f"[{pct(bounds[0])}, {pct(bounds[1])}]"


def p_value(value: float) -> str:
    return "<0.0001" if value < 1e-4 else f"{value:.4f}"


def p_cell(test: Mapping[str, Any], significance: float) -> str:
    star = "*" if test["p_value"] < significance else ""
    return f"{p_value(test['p_value'])}{star} ({test['method']})"


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


# --- the report's parts -------------------------------------------------------------------------

def seed_sections(report: dict) -> list[Section]:
    """The seed's tables: same headings, methods, rounding, labels and row order.

    Row order, as the seed has it: build, validation, response time and tokens by name (code-point
    order, so "Gemma3" precedes "Gemma3 4Bit Quantized"); by mode, CI and Cohen's d in run order; tiers
    and VRAM by overall success, descending; the top 3s by their own figure; ties always by name.
    """
    models, baseline = report["models"], report["baseline"]
    sections = [
        Section("build", "Build Success Rate Analysis", [Table(
            ["Model", "Total Tests", "Successful Builds", "Build Success Rate"],
            [[e["model"], str(e["total"]), str(e["built"]), pct(e["build_rate"])] for e in _by_name(models)])]),
        Section("build_by_mode", "Build Success Rate by Parallelism Model", [Table(
            ["Model", "Serial Success Rate", "MPI Success Rate"],
            [[e["model"], pct(e["build_rate_serial"]), pct(e["build_rate_mpi"])] for e in models])]),
        Section("validation", "Validation Success Rate Analysis (Among Successfully Built Code)", [Table(
            ["Model", "Built Tests", "Valid Results", "Validation Success Rate"],
            [[e["model"], str(e["built"]), str(e["valid"]), pct(e["validation_rate"])] for e in _by_name(models)])]),
        Section("tiers", "Performance Tier Analysis", [Listing(
            title, [(e["model"], f"{pct(e['overall_rate'])} overall success "
                                 f"(Build: {pct(e['build_rate'])}, Validation: {pct(e['validation_rate'])})")
                    for e in _by_overall(models) if e["tier"] == tier])
            for tier, title in TIER_TITLES.items()]),
    ]
    efficient = sorted((e for e in models if e["success_per_gb"] is not None),
                       key=lambda e: (-e["success_per_gb"], e["model"]))[:3]
    sections.append(Section("vram", "Performance per VRAM Efficiency", [
        Table(["Model", "VRAM (GB)", "Overall Success Rate", "Efficiency (Success/GB)"],
              [[e["model"], number(e["vram_gb"]), pct(e["overall_rate"]), fixed(e["success_per_gb"], 4)]
               for e in _by_overall(models)]),
        Listing("Top 3 Most Efficient Models:",
                [(e["model"], f"{e['success_per_gb']:.4f} success/GB "
                              f"({pct(e['overall_rate'])} success rate, {number(e['vram_gb'])}GB VRAM)")
                 for e in efficient], ordered=True, empty="No model has a VRAM figure.")]))
    domains: list[Block] = [Text("Top-performing models by domain (build success rate):", strong=True)]
    for domain in report["domains"]:
        ranked = sorted(((e["by_domain"][domain]["build_rate"], e["model"]) for e in models
                         if domain in e["by_domain"]), key=lambda rm: (-rm[0], rm[1]))[:3]
        domains.append(Listing(f"{domain.upper()}:", [(name, pct(rate)) for rate, name in ranked],
                               ordered=True, strong_names=False))
    sections.append(Section("domains", "Domain Strengths Analysis", domains))
    sections.append(Section("build_ci", "95% Confidence Intervals for Build Success Rates", [Table(
        ["Model", "Mean Success Rate", "95% CI Lower", "95% CI Upper", "Sample Size"],
        [[e["model"], fixed(e["build_item_mean"], 3), *(fixed(b, 3) for b in e["build_ci95"] or (None, None)),
          str(e["items"])] for e in models],
        note=f"Over {report['units']['items']} (the seed's t-interval; with one sample per item the same as over "
             "0/1 outcomes). Sample Size counts items.")]))
    sections.append(Section("effect_size", f"Effect Size Comparison Matrix (vs {baseline})", [Table(
        ["Model", "Cohen's d", "Effect Size", "Interpretation"],
        [[e["model"], fixed(e["cohens_d"], 3), e["effect_size"] or "N/A", _comparison(e, baseline)]
         for e in models if e["model"] != baseline],
        note=f"Build success over {report['units']['items']}; pooled standard deviation of the per-item rates.")]))
    sections.append(Section("latency", "Response Time Statistics", [Table(
        ["Model", "Count", "Mean (s)", "Median (s)", "Std Dev (s)"],
        [[e["model"], str(e["latency"]["count"]), *(short(e["latency"][k]) for k in ("mean", "median", "std"))]
         for e in _by_name(models) if e["latency"]], empty="No model reported response times.")]))
    sections.append(Section("tokens", "Token Usage and Efficiency", [
        Table(["Model", "Avg Tokens", "Success Rate", "Tokens per Success"],
              [[e["model"], fixed(e["avg_tokens"], 0), pct(e["build_rate"]), fixed(e["tokens_per_success"], 0)]
               for e in _by_name(models) if e["avg_tokens"] is not None], empty="No model reported token counts."),
        Text("Tokens are prompt + completion per response; tokens per success divides them by the build "
             "success rate. Both tables leave out models without such data.")]))
    return sections


def _unit(report: dict, key: str) -> str:
    return f"Over {report['units'][key]}."


def _speed_row_label(row: dict) -> str:
    return "serial" if row["mode"] == "serial" else f"MPI, n={row['ranks']}"


def extra_sections(report: dict) -> list[Section]:
    """Tables beyond the seed, each labelled so."""
    models, baseline, domains = report["models"], report["baseline"], report["domains"]
    significance = report["significance"]
    sections: list[Section] = []
    if report["errors"]:
        sections.append(Section("errors", "Infrastructure errors (beyond the seed)", [
            Text(f"{report['errors']} item{'s' if report['errors'] != 1 else ''} ended in `error`: a fault of ours, the provider's or the machine's, "
                 "not the model's. They are left out of every rate, every interval and every test in this "
                 "report (numerators and denominators alike); the reasons below are each message's first line."),
            Table(["Model", "Errors", "Reason", "Items"],
                  [[e["model"], str(e["errors"]) if i == 0 else "", reason, str(count)]
                   for e in models for i, (reason, count) in enumerate(e["error_reasons"])])]))
    if len(report["mpi_ranks"]) > 1:
        blocks: list[Block] = [Text("An MPI item is a problem at one rank count: the same answer checked at "
                                    "several rank counts makes several items.")]
        for n in report["mpi_ranks"]:
            blocks += [Text(f"MPI at {n} ranks", strong=True), Table(
                ["Model", "MPI items", "Built", "Valid", "Build", "Validation", "Overall"],
                [[e["model"], str(r["total"]), str(r["built"]), str(r["valid"]), pct(r["build_rate"]),
                  pct(r["validation_rate"]), pct(r["overall_rate"])]
                 for e in models if (r := e["by_ranks"].get(str(n)))], note=_unit(report, "records"))]
        sections.append(Section("by_ranks", "Success by MPI rank count (beyond the seed)", blocks))
    sections.append(Section("bootstrap", "Problem-clustered bootstrap 95% intervals (beyond the seed)", [
        Table(["Model", "Items", "Build", "Overall"],
              [[e["model"], str(e["items"]), *(f"{pct(rate)} {interval(e['bootstrap95'][key])}" for key, rate in (
                  ("build", e["build_item_mean"]),
                  ("overall", e["pass_at_k"].get("1"))))] for e in models],
              note=f"Over {report['units']['items']}. Percentile interval from {report['bootstrap']['resamples']} "
                   f"seeded resamples of {report['units']['problems']}.")]))
    if all(e["wilson95"]["build"] is not None or not e["total"] for e in models):
        sections.append(Section("wilson", "Wilson 95% intervals (beyond the seed)", [
            Text("Score intervals for every rate; unlike the t-interval above they stay within 0-100%."),
            Table(["Model", "Build", "Serial build", "MPI build", "Validation", "Overall"],
                  [[e["model"], *(f"{pct(rate)} {interval(e['wilson95'][key])}" for key, rate in (
                      ("build", e["build_rate"]), ("build_serial", e["build_rate_serial"]),
                      ("build_mpi", e["build_rate_mpi"]), ("validation", e["validation_rate"]),
                      ("overall", e["overall_rate"])))] for e in models],
                  note="Over items, each one trial (shown only when every item has one sample: repeats of an "
                       "item are not independent trials).")]))
    for key, title in (("build_rate", "Build success rate"), ("overall_rate", "Overall success rate")):
        sections.append(Section(f"domain_{key}", f"{title} by domain (beyond the seed)", [Table(
            ["Model", *domains], [[e["model"], *(pct(e["by_domain"].get(d, {}).get(key)) for d in domains)]
                                  for e in models], note=_unit(report, "records"))]))
    sections.append(Section("outcomes", "Outcome breakdown (beyond the seed)", [
        Text("Items per final outcome; `error` is an infrastructure fault and is left out of every rate."),
        Table(["Model", *OUTCOMES], [[e["model"], *map(str, e["outcomes"].values())] for e in models],
              note="Counts of records (item x sample).")]))
    if any(e["samples_per_item"] > 1 for e in models):
        ks = sorted({int(k) for e in models for k in e["pass_at_k"]})
        sections.append(Section("pass_at_k", "pass@k and build@k (beyond the seed)", [
            Text("Unbiased estimator over the samples of each item (Chen et al., 2021)."),
            Table(["Model", "Samples", *(f"pass@{k}" for k in ks), *(f"build@{k}" for k in ks)],
                  [[e["model"], str(e["samples_per_item"]), *(pct(e["pass_at_k"].get(str(k))) for k in ks),
                    *(pct(e["build_at_k"].get(str(k))) for k in ks)] for e in models],
                  note=f"Averaged over {report['units']['items'].split(':')[0]} (problem x mode x ranks); "
                       "Samples is the fewest samples of any item.")]))
    sections += _speed_sections(report)
    paired = [e for e in models if e["mcnemar"]]
    if paired:
        sections.append(Section("mcnemar", f"Paired exact test vs {baseline} (beyond the seed)", [
            Text(f"Exact two-sided sign test over the items both models have: +/- = items where the model's / "
                 f"{baseline}'s share of successful samples is higher. With one sample per item this is "
                 f"McNemar's exact test; samples are never paired across models (they are independent draws). "
                 f"* marks p < {significance}."),
            Table(["Model", "Items", "Build +/-", "Build p", "Pass +/-", "Pass p"],
                  [[e["model"], str(e["mcnemar"]["pairs"]),
                    *(c for t in ("build", "pass") for c in (
                        f"+{e['mcnemar'][t]['only_model']}/-{e['mcnemar'][t]['only_baseline']}",
                        p_cell(e["mcnemar"][t], significance)))] for e in paired],
                  note=_unit(report, "items"))]))
    return sections


def _speed_sections(report: dict) -> list[Section]:
    """ParEval's speed figures, the scaling table, speedup per domain and the geometric means."""
    models, domains = report["models"], report["domains"]
    sections: list[Section] = []
    rated = [e for e in models if e["performance"]]
    if rated:
        ks = sorted({int(k) for e in rated for row in e["performance"] for k in row["speedup_at_k"]})
        p = number(report["fast_p"])
        sections.append(Section("speedup_at_k", "speedup_n@k and efficiency_n@k (beyond the seed)", [
            Text(FORMULA),
            Table(["Model", "Mode", "Items", "Timed samples", *(f"speedup_n@{k}" for k in ks),
                   *(f"efficiency_n@{k}" for k in ks), f"fast_{p}"],
                  [[e["model"], _speed_row_label(row), str(row["items"]), str(row["timed"]),
                    *(fixed(row["speedup_at_k"].get(str(k)), 2) for k in ks),
                    *(fixed(row["efficiency_at_k"].get(str(k)), 2) for k in ks), pct(row["fast_p"])]
                   for e in rated for row in e["performance"]],
                  note="Over items (problem x mode x ranks) with their samples; a correct sample that the timed "
                       "run found too slow counts as speedup 0; correct samples never timed are left out.")]))
        counts = sorted({row["ranks"] for e in rated for row in e["performance"] if row["mode"] == "mpi"})
        if counts:
            sections.append(Section("scaling", "Scaling over MPI rank counts (beyond the seed)", [Table(
                ["Model", "Serial speedup", *(f"{label} n={n}" for n in counts for label in ("Speedup", "Efficiency"))],
                [[e["model"], *_scaling_cells(e, counts)] for e in rated],
                note="speedup_n@1 and efficiency_n@1 at each rank count n (the serial answer's at n=1).")]))
        rows = [(e, row) for e in rated for row in e["performance"]]
        sections.append(Section("speedup_by_domain", "speedup_n@1 by domain (beyond the seed)", [Table(
            ["Model", "Mode", *domains],
            [[e["model"], _speed_row_label(row), *(fixed(row["by_domain"].get(d), 2) for d in domains)]
             for e, row in rows], note="Over the domain's items; incorrect samples count as 0.")]))
    timed = [e for e in models if e["speedup"]]
    if timed:
        def cells(summary: dict | None) -> list[str]:
            return ["N/A"] * 3 if summary is None else [
                str(summary["count"]), f"{summary['speedup']:.2f}x", f"{summary['efficiency']:.2f}"]
        sections.append(Section("speedup", "Speedup and efficiency vs the serial reference (beyond the seed)", [
            Text("Geometric means over correct, timed samples; efficiency = speedup / ranks."),
            Table(["Model", "Serial runs", "Serial speedup", "Serial efficiency",
                   "MPI runs", "MPI speedup", "MPI efficiency"],
                  [[e["model"], *cells(e["speedup"]["serial"]), *cells(e["speedup"]["mpi"])] for e in timed],
                  note="Over correct samples with a timed speedup (incorrect and too-slow ones are not in it).")]))
    return sections


def _scaling_cells(entry: dict, counts: list[int]) -> list[str]:
    rows = {(row["mode"], row["ranks"]): row for row in entry["performance"]}
    serial = next((row for (mode, _), row in rows.items() if mode == "serial"), None)
    cells = [fixed(serial["speedup_at_k"]["1"], 2) if serial else "N/A"]
    for n in counts:
        row = rows.get(("mpi", n))
        cells += [fixed(row["speedup_at_k"]["1"], 2), fixed(row["efficiency_at_k"]["1"], 2)] if row else ["N/A"] * 2
    return cells


def manifest_section(manifest: Mapping[str, Any]) -> Section:
    """The run manifest, one line per field (nested values as compact JSON, cut to a line)."""
    def shown(value: Any) -> str:
        text = value if isinstance(value, str) else json.dumps(value, sort_keys=True)
        return text if len(text) <= 160 else text[:159] + "…"
    return Section("manifest", "Run manifest", [Table(["Field", "Value"],
                                                      [[str(key), shown(value)] for key, value in manifest.items()])])


def report_parts(report: dict) -> list[Part]:
    """Everything a full report (report.md, report.html) shows, in order."""
    parts = [Part("Seed tables", seed_sections(report), intro=(
        "Counts and rates here are over records (one per item and sample; an item is problem x mode x MPI rank "
        "count); `error` records are left out of all of them. The confidence interval and Cohen's d are over "
        "items, each item by the share of its samples that built.")),
             Part("Beyond the seed", extra_sections(report))]
    if report.get("manifest"):
        parts.insert(0, Part("Run", [manifest_section(report["manifest"])]))
    return parts


def summary_line(report: dict) -> str:
    """The report's opening sentence: what it covers and what was left out."""
    return (f"{len(report['models'])} models, {len(report['domains'])} domains, {report['records']} outcome "
            f"records ({report['errors']} infrastructure errors, left out of every rate). "
            f"Baseline: {report['baseline']}. Rates are over items (x samples).")


def summary_table(report: dict) -> Table:
    """The compact one-table summary printed at the end of a pytest session, in run order."""
    baseline, significance = report["baseline"], report["significance"]
    rows = [[e["model"], str(e["total"]), str(e["built"]), pct(e["build_rate"]), pct(e["build_rate_serial"]),
             pct(e["build_rate_mpi"]), pct(e["validation_rate"]),
             f"{pct(e['overall_rate'])} {interval(e['bootstrap95']['overall'])}", str(e["tier"] or "N/A"),
             fixed(e["cohens_d"], 3) if e["model"] != baseline else "baseline",
             p_cell(e["mcnemar"]["pass"], significance) if e["mcnemar"] else "",
             short(e["latency"]["mean"]) if e["latency"] else "N/A", fixed(e["avg_tokens"], 0)]
            for e in report["models"]]
    headers = ["Model", "Tests", "Built", "Build", "Serial build", "MPI build", "Valid/Built",
               "Overall [95% CI]", "Tier", f"d vs {baseline}", "Paired p", "Latency (s)", "Tokens"]
    note = None
    if report["errors"]:
        reasons: dict[str, int] = {}
        for e in report["models"]:
            for reason, count in e["error_reasons"]:
                reasons[reason] = reasons.get(reason, 0) + count
        top = max(reasons.items(), key=lambda rc: (rc[1], rc[0]))
        note = (f"{report['errors']} infrastructure errors left out of every rate (most often: {top[0]} "
                f"x{top[1]}; see report.md).")
    return Table(headers, rows, note=note)


def diff_table(diff: dict) -> Table:
    """`pareval diff` per model and domain; * marks a change the paired test finds significant."""
    def change(row: dict, rate: str, test: str) -> list[str]:
        a, b = row["a"][rate], row["b"][rate]
        delta = "N/A" if a is None or b is None else f"{(b - a) * 100:+.1f}"
        star = "*" if row[test]["p_value"] < diff["significance"] else ""
        return [pct(a), pct(b), delta + star, p_value(row[test]["p_value"])]

    rows = [[row["model"], row["domain"] or "(all)", *change(row, "build_rate", "build"),
             *change(row, "overall_rate", "pass")] for row in diff["rows"]]
    headers = ["Model", "Domain", "Build A", "Build B", "Δ pts", "p", "Overall A", "Overall B", "Δ pts", "p"]
    return Table(headers, rows, note=f"* p < {diff['significance']} in the exact sign test over the items both runs "
                                     "have, each item by the share of its samples that succeeded (McNemar's exact "
                                     "test with one sample per item; uncorrected for the number of rows).")


def diff_notes(diff: dict) -> list[str]:
    """What `pareval diff` says under its table: manifest differences, a refusal, the regressions."""
    manifest, lines = diff["manifest"], []
    if manifest["missing"]:
        lines.append(f"No run manifest in {' and '.join(manifest['missing'])}: the problem sets cannot be compared.")
    differing = manifest["differing"]
    if differing:
        shown = ", ".join(f"{d['field']} ({_compact(d['a'])} -> {_compact(d['b'])})" for d in differing[:8])
        more = f", and {len(differing) - 8} more" if len(differing) > 8 else ""
        lines.append(f"Manifest fields that differ: {shown}{more}.")
    elif not manifest["missing"]:
        lines.append("The two manifests agree on every field.")
    changed = ", ".join(manifest["problem_set_changed"])
    if changed and not manifest["allowed"]:
        lines.append(f"The runs asked different problems or prompts ({changed} differ): no difference is called a "
                     "regression (--allow-different-problems compares them anyway).")
    elif changed:
        lines.append(f"The runs asked different problems or prompts ({changed} differ); compared anyway, as asked.")
    if manifest["comparable"]:
        lines.append("Regressions (a significant drop of a model's overall build or pass rate): " + (", ".join(
            f"{r['model']} {r['test']} (p = {p_value(r['p_value'])})" for r in diff["regressions"]) or "none") + ".")
    return lines


def _compact(value: Any) -> str:
    text = value if isinstance(value, str) else json.dumps(value, sort_keys=True)
    return text if len(text) <= 40 else text[:39] + "…"
