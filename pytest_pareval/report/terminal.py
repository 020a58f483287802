"""Plain-text output for a terminal: the session summary and `pareval diff`'s table."""
from __future__ import annotations

from tabulate import tabulate

from .extra_tables import diff_notes, diff_table
from .tables import Table, summary_table


def text_table(table: Table) -> str:
    """A table in tabulate's simple style, its note (if any) on the line below."""
    body = tabulate(table.rows, table.headers, tablefmt="simple", disable_numparse=True)
    return body + (f"\n{table.note}\n" if table.note else "\n")


def render_terminal(report: dict) -> str:
    """A compact one-table summary for the end of a pytest session, in run order."""
    return text_table(summary_table(report))


def render_diff(diff: dict) -> str:
    """The diff as a table; * marks a change the paired test finds significant (uncorrected)."""
    return text_table(diff_table(diff)) + "".join(line + "\n" for line in diff_notes(diff))
