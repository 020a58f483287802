"""The order of a full report (report.md, report.html): the seed's tables, then the tables beyond the seed.
Apart from tables.py (the table model and the seed's tables) because extra_tables.py builds on that model."""
from __future__ import annotations

from .extra_tables import extra_sections
from .pareval import pareval_sections
from .tables import Part, manifest_section, seed_sections


def report_parts(report: dict) -> list[Part]:
    """Everything a full report (report.md, report.html) shows, in order."""
    parts = [Part("Seed tables", seed_sections(report), intro=(
        "Counts and rates here are over records (one per item and sample; an item is problem x mode x MPI rank "
        "count); `error` records are left out of all of them. The confidence interval and Cohen's d are over "
        "items, each item by the share of its samples that built.")),
             Part("Beyond the seed", extra_sections(report))]
    if report.get("pareval"):  # items of ParEval's problem set: its metrics, and where its verdict and ours differ
        parts.append(Part("ParEval's metrics", pareval_sections(report["pareval"])))
    if report.get("manifest"):  # last: the results come first, what produced them is one look away
        parts.append(Part("Run", [manifest_section(report["manifest"])]))
    return parts
