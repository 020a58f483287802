"""The report's tables beyond the seed (errors, rank counts, intervals, pass@k, speed, paired tests) and
`pareval diff`'s table, as format-neutral sections (tables.py holds the model and the seed's tables)."""
from __future__ import annotations

import json
from typing import Any

from .records import OUTCOMES
from .performance import FORMULA
from .tables import Block, Section, Table, Text, fixed, interval, number, p_cell, p_value, pct


def _unit(report: dict, key: str) -> str:
    return f"Over {report['units'][key]}."


#: Column and row names of the modes beyond the seed's (present only in reports of runs that asked them).
NEW_MODE_LABELS = {"omp": "OpenMP", "mpi+omp": "Hybrid"}
_MODE_KEYS = {"omp": "omp", "mpi+omp": "hybrid"}


def new_modes(report: dict) -> list[str]:
    """The modes beyond serial and MPI this report's run asked, in order."""
    return [m for m in report.get("modes", []) if m in NEW_MODE_LABELS]


def _speed_row_label(row: dict) -> str:
    if row["mode"] == "omp":
        return f"OpenMP, n={row['threads']}"
    if row["mode"] == "mpi+omp":
        return f"Hybrid, n={row['ranks']}x{row['threads']}"
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
            Table(["Model", "Build", "Serial build", "MPI build",
                   *(f"{NEW_MODE_LABELS[m]} build" for m in new_modes(report)), "Validation", "Overall"],
                  [[e["model"], *(f"{pct(rate)} {interval(e['wilson95'][key])}" for key, rate in (
                      ("build", e["build_rate"]), ("build_serial", e["build_rate_serial"]),
                      ("build_mpi", e["build_rate_mpi"]),
                      *((f"build_{_MODE_KEYS[m]}", e[f"build_rate_{_MODE_KEYS[m]}"]) for m in new_modes(report)),
                      ("validation", e["validation_rate"]), ("overall", e["overall_rate"])))] for e in models],
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
        shapes = sorted({(row["mode"], row["ranks"], row["threads"]) for e in rated for row in e["performance"]
                         if row["mode"] in NEW_MODE_LABELS}, key=lambda s: (s[0] != "omp", s[1] * s[2], s[1]))
        if counts and not shapes:
            sections.append(Section("scaling", "Scaling over MPI rank counts (beyond the seed)", [Table(
                ["Model", "Serial speedup", *(f"{label} n={n}" for n in counts for label in ("Speedup", "Efficiency"))],
                [[e["model"], *_scaling_cells(e, counts)] for e in rated],
                note="speedup_n@1 and efficiency_n@1 at each rank count n (the serial answer's at n=1).")]))
        elif shapes:
            columns = [("mpi", n, 1) for n in counts] + shapes
            sections.append(Section("scaling", "Scaling over rank and thread counts (beyond the seed)", [Table(
                ["Model", "Serial speedup", *(f"{label} {_shape_name(c)}" for c in columns
                                              for label in ("Speedup", "Efficiency"))],
                [[e["model"], *_shape_cells(e, columns)] for e in rated],
                note="speedup_n@1 and efficiency_n@1 per mode at n units: MPI ranks, OpenMP threads, or ranks x "
                     "threads in hybrid mode (efficiency = speedup / n; the serial answer's at n=1).")]))
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
                   "MPI runs", "MPI speedup", "MPI efficiency",
                   *(f"{NEW_MODE_LABELS[m]} {what}" for m in new_modes(report)
                     for what in ("runs", "speedup", "efficiency"))],
                  [[e["model"], *cells(e["speedup"]["serial"]), *cells(e["speedup"]["mpi"]),
                    *(cell for m in new_modes(report) for cell in cells(e["speedup"].get(m)))] for e in timed],
                  note="Over correct samples with a timed speedup (incorrect and too-slow ones are not in it).")]))
    return sections


def _shape_name(column: tuple[str, int, int]) -> str:
    mode, ranks, threads = column
    return {"mpi": f"MPI n={ranks}", "omp": f"OpenMP n={threads}"}.get(mode, f"Hybrid n={ranks}x{threads}")


def _shape_cells(entry: dict, columns: list[tuple[str, int, int]]) -> list[str]:
    rows = {(row["mode"], row["ranks"], row.get("threads", 1)): row for row in entry["performance"]}
    serial = next((row for (mode, _, _), row in rows.items() if mode == "serial"), None)
    cells = [fixed(serial["speedup_at_k"]["1"], 2) if serial else "N/A"]
    for column in columns:
        row = rows.get(column)
        cells += [fixed(row["speedup_at_k"]["1"], 2), fixed(row["efficiency_at_k"]["1"], 2)] if row else ["N/A"] * 2
    return cells


def _scaling_cells(entry: dict, counts: list[int]) -> list[str]:
    rows = {(row["mode"], row["ranks"]): row for row in entry["performance"]}
    serial = next((row for (mode, _), row in rows.items() if mode == "serial"), None)
    cells = [fixed(serial["speedup_at_k"]["1"], 2) if serial else "N/A"]
    for n in counts:
        row = rows.get(("mpi", n))
        cells += [fixed(row["speedup_at_k"]["1"], 2), fixed(row["efficiency_at_k"]["1"], 2)] if row else ["N/A"] * 2
    return cells


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
    unchecked = ("no difference is called a regression (--allow-different-problems compares them anyway)"
                 if not manifest["allowed"] else "compared anyway, as asked")
    if manifest["missing"]:
        lines.append(f"No run manifest in {' and '.join(manifest['missing'])}: the problem sets cannot be compared; "
                     f"{unchecked}.")
    elif not manifest["checked"]:
        lines.append("The manifests do not both give problems_hash and prompts_hash: the problem sets and prompts "
                     f"cannot be compared; {unchecked}.")
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
