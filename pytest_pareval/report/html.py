"""report.html: the report as one static, self-contained page (no network, no server; opens from disk).

    render_html(report, records, *, details=None, details_budget=DETAILS_BUDGET) -> str
    write_html(report, records, path, *, details_path=None) -> Path

The page holds the seed tables and the tables beyond the seed (the same table model report.md is
written from, so every figure is report.json's), the overall success rate per model and domain as a
heatmap of coloured table cells, and every item with a drill-down (prompt, raw response, extracted
code, compiler log, the verdict's message, rank count, timings, tokens, cost).

Data rides in ``<script type="application/json">`` elements: the report dict exactly as report.json holds
it, the items in columns (repeated strings stored once), and the drill-down texts (deduplicated, parsed
only when a first item is opened). The page's script (page.js) sorts tables, filters and pages
the items; a table of 24,000 items never puts more than one page of rows in the DOM.
"""
from __future__ import annotations

import html
import json
import math
import re
from collections.abc import Mapping, Sequence
from importlib import resources
from pathlib import Path
from typing import Any

from . import details as details_store
from .parts import report_parts
from .tables import Listing, Section, Table, interval, pct, summary_line

#: Characters of drill-down text one page embeds at most (prompts, responses, code, logs; messages are
#: always in): about 24 MB, which Chromium parses in well under a second. Failing items come first.
DETAILS_BUDGET = 24_000_000
#: Record fields stored as indexes into a list of their distinct values (few values, many rows).
_REPEATED = ("model", "model_id", "domain", "problem", "mode", "outcome", "message")
#: Per-model fields: in report.json already.
_LEFT_OUT = ("model_order", "vram_gb")
#: The drill-down's texts, in the order a row refers to them ("message": only when longer than the record's).
_TEXT_NAMES = ("prompt", "response", "code", "build_log", "message")
#: The order in which items' texts fill the budget: the model's failures (0), then errors, then passes.
_PRIORITY = {"pass": 2, "error": 1}


def _json_script(element_id: str, value: Any) -> str:
    """A JSON data island; '<' is escaped so that no text can close the element."""
    try:
        text = json.dumps(value, separators=(",", ":"), ensure_ascii=False, allow_nan=False)
    except ValueError:  # NaN or infinity: JSON.parse knows neither
        text = json.dumps(_finite(value), separators=(",", ":"), ensure_ascii=False)
    text = text.replace("<", "\\u003c")
    return f'<script type="application/json" id="{element_id}">{text}</script>'


def _finite(value: Any) -> Any:
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_finite(v) for v in value]
    return value


# --- the items and their texts ----------------------------------------------------------------------

class _Strings:
    """Distinct strings in first-seen order; ``add`` returns a string's index."""

    def __init__(self) -> None:
        self.index: dict[str, int] = {}

    def add(self, value: str) -> int:
        return self.index.setdefault(value, len(self.index))

    @property
    def values(self) -> list[str]:
        return list(self.index)


def item_data(records: Sequence[Mapping[str, Any]], details: Mapping[tuple, Mapping[str, Any]] | None = None,
              *, details_budget: int = DETAILS_BUDGET) -> tuple[dict[str, Any], list[str]]:
    """The items as columns (``columns``, ``rows``, ``values`` of the repeated columns) and the drill-down
    texts: ``rows[i][columns.index("texts")]`` holds one index into the returned text list per name of
    _TEXT_NAMES (null where unknown), or is null where the item has no texts in the page."""
    columns = [c for c in dict.fromkeys(k for r in records for k in r) if c not in _LEFT_OUT]
    columns.append("texts")
    repeated = {name: _Strings() for name in _REPEATED if name in columns}
    rows = []
    for record in records:
        rows.append([repeated[c].add(record[c]) if c in repeated and record.get(c) is not None else record.get(c)
                     for c in columns[:-1]] + [None])
    texts = _Strings()
    if details:
        budget = details_budget
        order = sorted(range(len(records)), key=lambda i: _PRIORITY.get(records[i].get("outcome"), 0))
        for i in order:
            line = details_store.matching(details, records[i])
            if not line:
                continue
            wanted = [line.get(name) or None for name in _TEXT_NAMES]
            if wanted[-1] is not None and len(wanted[-1]) <= len(records[i].get("message") or ""):
                wanted[-1] = None  # the record's message is the whole message
            cost = sum(len(t) for t in wanted if t and t not in texts.index)
            if cost > budget:
                continue
            budget -= cost
            rows[i][-1] = [None if t is None else texts.add(t) for t in wanted]
    values = {name: strings.values for name, strings in repeated.items()}
    return {"columns": columns, "values": values, "rows": rows}, texts.values


# --- the tables -------------------------------------------------------------------------------------

_NUMBER = re.compile(r"^[+-]?\d+(\.\d+)?")


def _number(text: str) -> str | None:
    """The number a cell starts with (72.5% -> 72.5, 1.20x -> 1.20, <0.0001* -> 0.0001), "" for N/A."""
    if text in ("N/A", ""):
        return ""
    match = _NUMBER.match(text.lstrip("<"))
    return match.group(0) if match else None


def _sort_keys(rows: list[list[str]]) -> list[list[str]]:
    """Each cell's data-sort attribute: the numbers of a column all of whose cells are numbers (or N/A),
    so that it sorts and aligns as numbers; none elsewhere (names, hashes beside words sort as text)."""
    columns = list(zip(*rows)) if rows else []
    numeric = [i > 0 and all(_number(c) is not None for c in column) for i, column in enumerate(columns)]
    return [[f' data-sort="{_number(c)}"' if numeric[i] else "" for i, c in enumerate(row)] for row in rows]


_INLINE = [(re.compile(r"\*\*(.+?)\*\*"), r"<strong>\1</strong>"), (re.compile(r"`(.+?)`"), r"<code>\1</code>")]


def _inline(text: str) -> str:
    """Escaped text, with the table model's `code` spans (and Markdown-style bold) as markup."""
    out = html.escape(text, quote=False)
    for pattern, replacement in _INLINE:
        out = pattern.sub(replacement, out)
    return out


def _table_html(table: Table, key: str) -> str:
    if not table.rows and table.empty is not None:
        return f"<p>{_inline(table.empty)}</p>"
    head = "".join(f'<th scope="col" tabindex="0">{html.escape(h)}</th>' for h in table.headers)
    body = "".join("<tr>" + "".join(f"<td{key}>{html.escape(c)}</td>" for c, key in zip(row, keys)) + "</tr>"
                   for row, keys in zip(table.rows, _sort_keys(table.rows)))
    note = f"<p>{_inline(table.note)}</p>" if table.note else ""
    return (f'<table class="sortable" data-table="{key}"><thead><tr>{head}</tr></thead>'
            f"<tbody>{body}</tbody></table>{note}")


def _listing_html(listing: Listing) -> str:
    tag = "ol" if listing.ordered else "ul"
    title = f"<p><strong>{html.escape(listing.title)}</strong></p>"
    if not listing.items:
        return title + (f"<p>{html.escape(listing.empty)}</p>" if listing.ordered else
                        f"<ul><li>{html.escape(listing.empty)}</li></ul>")
    items = "".join(f"<li>{f'<strong>{html.escape(name)}</strong>' if listing.strong_names else html.escape(name)}: "
                    f"{html.escape(text)}</li>" for name, text in listing.items)
    return f"{title}<{tag}>{items}</{tag}>"


def _section_html(section: Section) -> str:
    out = [f'<h3 id="t-{section.key}">{html.escape(section.title)}</h3>']
    for block in section.blocks:
        if isinstance(block, Table):
            out.append(_table_html(block, section.key))
        elif isinstance(block, Listing):
            out.append(_listing_html(block))
        else:
            text = _inline(block.text)
            out.append(f"<p><strong>{text}</strong></p>" if block.strong else f"<p>{text}</p>")
    return "\n".join(out)


def tables_html(report: dict[str, Any]) -> str:
    """The seed's tables and the extras: the sections report.md is written from, in its order."""
    parts = report_parts(report)
    contents = "".join(f'<li><a href="#t-{section.key}">{html.escape(section.title)}</a></li>'
                       for part in parts for section in part.sections)
    out = [f'<details class="contents"><summary>Contents</summary><ul>{contents}</ul></details>']
    for part in parts:
        if [section.key for section in part.sections] == ["manifest"]:  # collapsed: one click away
            out.append(f'<details id="manifest"><summary><h2>{html.escape(part.title)}: run manifest</h2></summary>'
                       f'{_section_html(part.sections[0])}</details>')
            continue
        out.append(f"<h2>{html.escape(part.title)}</h2>")
        if part.intro:
            out.append(f"<p>{_inline(part.intro)}</p>")
        out += [_section_html(section) for section in part.sections]
    return "\n".join(out)


def headline_table(report: dict[str, Any]) -> Table:
    """What a reader asks first: each model's overall success with its interval (run order), small enough
    that the heatmap below it is on the first screen too; every other figure is in the tables."""
    return Table(["Model", "Items", "Overall success [95% CI]", "Build", "Valid/Built"],
                 [[e["model"], str(e["total"]), f"{pct(e['overall_rate'])} {interval(e['bootstrap95']['overall'])}",
                   pct(e["build_rate"]), pct(e["validation_rate"])] for e in report["models"]])


# --- the heatmap --------------------------------------------------------------------------------------

_VIRIDIS = ((68, 1, 84), (59, 82, 139), (33, 145, 140), (94, 201, 98), (253, 231, 37))


def _colour(rate: float) -> tuple[str, str]:
    """Background (viridis, as heatmap.png) and a readable text colour for a rate in [0, 1]."""
    position = min(max(rate, 0.0), 1.0) * (len(_VIRIDIS) - 1)
    low = min(int(position), len(_VIRIDIS) - 2)
    t = position - low
    rgb = [round(a + (b - a) * t) for a, b in zip(_VIRIDIS[low], _VIRIDIS[low + 1])]
    light = 0.299 * rgb[0] + 0.587 * rgb[1] + 0.114 * rgb[2] > 140
    return f"rgb({rgb[0]},{rgb[1]},{rgb[2]})", "#000" if light else "#fff"


def heatmap_html(report: dict[str, Any], key: str = "overall_rate") -> str:
    """Overall success per model (rows, run order) and domain (columns); an empty cell where a model has
    no counted item in a domain."""
    domains = report["domains"]
    head = "".join(f'<th scope="col">{html.escape(d)}</th>' for d in domains)
    rows = []
    for entry in report["models"]:
        cells = []
        for domain in domains:
            figures = entry["by_domain"].get(domain)
            rate = figures.get(key) if figures else None
            if rate is None:
                cells.append('<td class="empty" title="no counted item">N/A</td>')
                continue
            background, colour = _colour(rate)
            tip = f"{entry['model']}, {domain}: {figures['valid']}/{figures['total']} passed"
            cells.append(f'<td style="background:{background};color:{colour}" data-value="{float(rate)!r}" '
                         f'title="{html.escape(tip)}">{rate * 100:.1f}%</td>')
        rows.append(f'<tr><th scope="row">{html.escape(entry["model"])}</th>{"".join(cells)}</tr>')
    scale = "".join(f'<span style="background:{_colour(v / 4)[0]};color:{_colour(v / 4)[1]}">{v * 25}%</span>'
                    for v in range(5))
    return (f'<table class="heatmap" id="heatmap"><thead><tr><th scope="col">Model</th>{head}</tr></thead>'
            f'<tbody>{"".join(rows)}</tbody></table><p class="scale">Scale: {scale}</p>')


# --- the page -------------------------------------------------------------------------------------------

def _asset(name: str) -> str:
    return resources.files(__package__).joinpath(name).read_text()


def render_html(report: dict[str, Any], records: Sequence[Mapping[str, Any]], *,
                details: Mapping[tuple, Mapping[str, Any]] | None = None,
                details_budget: int = DETAILS_BUDGET) -> str:
    """The whole page as one string."""
    items, texts = item_data(records, details, details_budget=details_budget)
    summary = summary_line(report)
    with_texts = sum(row[-1] is not None for row in items["rows"])
    note = (f"Drill-down texts for {with_texts} of {len(records)} items"
            + ("" if details else " (no details.jsonl beside the results file)") + ".")
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>pytest-pareval report</title>
<style>{_asset("page.css")}</style>
</head><body>
<header><h1>pytest-pareval report</h1><p>{html.escape(summary)}</p>
<nav><a href="#headline">Results</a> · <a href="#tables">Tables</a> · <a href="#items-section">Items</a> ·
<a href="#manifest">Run manifest</a></nav>
</header>
<main>
<section id="headline"><h2>Overall success per model</h2>
{_table_html(headline_table(report), "headline")}
<h2 id="heatmap-section">Overall success rate by domain</h2>
<p>Passing items over counted items (errors left out) per model and domain, as in report.json's
<code>by_domain</code>.</p>
{heatmap_html(report)}
</section>
<section id="tables">
{tables_html(report)}
</section>
<section id="items-section"><h2>Items</h2>
<p>{html.escape(note)} Click a row for its drill-down; click a column header to sort.</p>
<form id="filters" onsubmit="return false">
<label>Model <select id="f-model"><option value="">all</option></select></label>
<label>Domain <select id="f-domain"><option value="">all</option></select></label>
<label>Mode <select id="f-mode"><option value="">all</option></select></label>
<label>Outcome <select id="f-outcome"><option value="">all</option></select></label>
<label>Text <input id="f-text" type="search" placeholder="problem, message..."></label>
</form>
<p><span id="count"></span> <button id="prev" type="button">&larr; previous</button>
<span id="page"></span> <button id="next" type="button">next &rarr;</button></p>
<table id="items"><thead><tr></tr></thead><tbody></tbody></table>
<noscript><p>The item table needs JavaScript; the tables above do not.</p></noscript>
</section>
</main>
<footer><p id="status">Generated by pytest-pareval.</p></footer>
{_json_script("pareval-report", report)}
{_json_script("pareval-items", items)}
{_json_script("pareval-texts", texts)}
<script>{_asset("page.js")}</script>
</body></html>
"""


def write_html(report: dict[str, Any], records: Sequence[Mapping[str, Any]], path: Path, *,
               details_path: Path | None = None) -> Path:
    """Write report.html (with the texts of ``details_path`` when that file exists) and return its path."""
    path = Path(path)
    found = details_store.read(details_path) if details_path is not None else {}
    path.write_text(render_html(report, records, details=found), encoding="utf-8")
    return path
