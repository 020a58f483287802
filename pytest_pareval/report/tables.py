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

#: Modes beyond the seed's two (label, figure key): a column wherever a table splits by mode, only in
#: reports of runs that asked them (a serial and MPI run renders exactly as the seed's).
_NEW_MODES = {"omp": ("OpenMP", "omp"), "mpi+omp": ("Hybrid", "hybrid")}


def _new_modes(report: dict) -> list[str]:
    return [m for m in report.get("modes", []) if m in _NEW_MODES]


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
            ["Model", "Serial Success Rate", "MPI Success Rate",
             *(f"{_NEW_MODES[m][0]} Success Rate" for m in _new_modes(report))],
            [[e["model"], pct(e["build_rate_serial"]), pct(e["build_rate_mpi"]),
              *(pct(e[f"build_rate_{_NEW_MODES[m][1]}"]) for m in _new_modes(report))] for e in models])]),
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


def manifest_section(manifest: Mapping[str, Any]) -> Section:
    """The run manifest, one line per field (nested values as compact JSON, cut to a line)."""
    def shown(value: Any) -> str:
        text = value if isinstance(value, str) else json.dumps(value, sort_keys=True)
        return text if len(text) <= 160 else text[:159] + "…"
    return Section("manifest", "Run manifest", [Table(["Field", "Value"],
                                                      [[str(key), shown(value)] for key, value in manifest.items()])])


def summary_line(report: dict) -> str:
    """The report's opening sentence: what it covers and what was left out."""
    def count(n: int, noun: str) -> str:
        return f"{n} {noun}" if n == 1 else f"{n} {noun}s"
    return (f"{count(len(report['models']), 'model')}, {count(len(report['domains']), 'domain')}, "
            f"{report['records']} outcome "
            f"records ({report['errors']} infrastructure errors, left out of every rate). "
            f"Baseline: {report['baseline']}. Rates are over items (x samples).")


def summary_table(report: dict) -> Table:
    """The compact one-table summary printed at the end of a pytest session, in run order."""
    baseline, significance = report["baseline"], report["significance"]
    rows = [[e["model"], str(e["total"]), str(e["built"]), pct(e["build_rate"]), pct(e["build_rate_serial"]),
             pct(e["build_rate_mpi"]), *(pct(e[f"build_rate_{_NEW_MODES[m][1]}"]) for m in _new_modes(report)),
             pct(e["validation_rate"]),
             f"{pct(e['overall_rate'])} {interval(e['bootstrap95']['overall'])}", str(e["tier"] or "N/A"),
             fixed(e["cohens_d"], 3) if e["model"] != baseline else "baseline",
             p_cell(e["mcnemar"]["pass"], significance) if e["mcnemar"] else "",
             short(e["latency"]["mean"]) if e["latency"] else "N/A", fixed(e["avg_tokens"], 0)]
            for e in report["models"]]
    headers = ["Model", "Tests", "Built", "Build", "Serial build", "MPI build",
               *(f"{_NEW_MODES[m][0]} build" for m in _new_modes(report)), "Valid/Built",
               "Overall [95% CI]", "Tier", f"Build d vs {baseline}", "Paired p", "Latency (s)", "Tokens"]
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
