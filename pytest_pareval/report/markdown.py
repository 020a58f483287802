"""report.md: the report's sections (tables.py) in the seed's Markdown style."""
from __future__ import annotations

from collections.abc import Sequence

from .parts import report_parts
from .tables import Block, Listing, Section, Table, summary_line


def pipe_table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """A Markdown table in the seed's pipe style: `| a | b |` rows under a dashed rule."""
    lines = ["| " + " | ".join(headers) + " |", "|" + "|".join("-" * (len(h) + 2) for h in headers) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def _block(block: Block) -> list[str]:
    if isinstance(block, Table):
        if not block.rows and block.empty is not None:
            return [block.empty]
        return [pipe_table(block.headers, block.rows)] + ([block.note] if block.note else [])
    if isinstance(block, Listing):
        if not block.items:
            lines = [block.empty if block.ordered else f"- {block.empty}"]
        else:
            lines = [f"{f'{n}.' if block.ordered else '-'} " + (f"**{name}**: " if block.strong_names else f"{name}: ")
                     + text for n, (name, text) in enumerate(block.items, 1)]
        return [f"**{block.title}**\n" + "\n".join(lines)]
    return [f"**{block.text}**" if block.strong else block.text]


def render_section(section: Section, level: int = 3) -> list[str]:
    """A section as Markdown paragraphs (heading first), to be joined by blank lines."""
    return [f"{'#' * level} {section.title}", *(p for block in section.blocks for p in _block(block))]


def render_markdown(report: dict) -> str:
    """report.md: the seed's tables, then the extras."""
    out = ["# pytest-pareval report", summary_line(report)]
    for part in report_parts(report):
        out.append(f"## {part.title}")
        out += [part.intro] if part.intro else []
        out += [p for section in part.sections for p in render_section(section)]
    return "\n\n".join(out) + "\n"
