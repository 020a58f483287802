"""Stage 6, report: outcome records (records.py, details.py) -> figures (figures.py, stats.py) -> tables
(tables.py) -> Markdown, terminal, JSON, HTML, PNG.

Public API (the plugin's terminal summary and ``pareval report`` both go through it, so they agree):

    build_report(records, *, vram=None, baseline=None, order=None, manifest=None, fast_p=1.0) -> dict
                                                                              (figures.py; speed: performance.py)
    render_terminal(report) -> str, render_diff(diff) -> str                  (terminal.py)
    render_markdown(report) -> str                                            (markdown.py)
    render_html(report, records, *, details=None) -> str                      (html.py)
    write_report(records, outdir, *, vram=None, baseline=None, order=None, manifest=None, fast_p=1.0,
                 details_path=None) -> dict
    load_records(path) -> list[dict]                                          (figures.py)
    diff_runs(records_a, records_b, *, manifest_a=None, manifest_b=None,
              allow_different_problems=False) -> dict                         (diff.py)

The report is a JSON-able dict (what report.json holds, numbers unrounded, None where missing); every
output format renders it, most through the format-neutral sections of tables.py.
"""
from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from .diff import diff_runs
from .figures import build_report, load_records
from .details import FILE_NAME
from .html import render_html, write_html
from .markdown import render_markdown
from .performance import FAST_P
from .plot import write_heatmap
from .terminal import render_diff, render_terminal

__all__ = ["build_report", "diff_runs", "load_records", "render_diff", "render_html", "render_markdown",
           "render_terminal", "write_report"]


def write_report(records: list[dict[str, Any]], outdir: Path, *, vram: Mapping[str, float | None] | None = None,
                 baseline: str | None = None, order: Sequence[str] | None = None,
                 manifest: Mapping[str, Any] | None = None, fast_p: float = FAST_P,
                 details_path: Path | None = None) -> dict[str, Any]:
    """Write report.md, report.json, report.html (with the drill-down texts of ``details_path``, by default
    outdir's details.jsonl) and (with matplotlib) heatmap.png into outdir; return the report
    (``manifest``: the run's, shown in every file)."""
    report = build_report(records, vram=vram, baseline=baseline, order=order, manifest=manifest, fast_p=fast_p)
    outdir = Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    (outdir / "report.md").write_text(render_markdown(report))
    (outdir / "report.json").write_text(json.dumps(report, indent=1))
    write_html(report, records, outdir / "report.html",
               details_path=outdir / FILE_NAME if details_path is None else details_path)
    write_heatmap(report, outdir / "heatmap.png")
    return report
