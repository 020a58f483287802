"""Outcome records: the one data shape every report is computed from.

A record is a flat JSON object, one per item (problem x mode x ranks x model x sample: ``item_key``),
appended to ``results.jsonl`` as items finish and carried from xdist workers on ``report.user_properties``.
The first line of a session's results file may be its run manifest, ``{"manifest": {...}}`` (what was run,
where, with what): ``read_jsonl`` leaves it out, ``read_manifest`` returns it.
"""
from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

OUTCOMES = ("pass", "wrong", "not_parallel", "run_fail", "timeout", "build_fail", "no_code",
            "generation_error", "error")
#: Outcomes of code that compiled: the denominator of the validation rate.
BUILT = frozenset({"pass", "wrong", "not_parallel", "run_fail", "timeout"})
#: Key under which an item's record rides on ``report.user_properties``.
PROPERTY_KEY = "pareval_record"
#: Key of the results file's manifest line.
MANIFEST_KEY = "manifest"
#: What identifies an item everywhere (report, pass@k, paired tests, diff): one record per key.
ITEM_FIELDS = ("model", "problem", "mode", "ranks", "sample", "threads")

RECORD_FIELDS = ("model", "model_id", "domain", "problem", "mode", "sample", "outcome", "message",
                 "latency_s", "prompt_tokens", "completion_tokens", "cost_usd", "runtime_s",
                 "baseline_runtime_s", "ranks", "vram_gb", "mpi_calls", "build_s", "run_s", "build_cached",
                 "model_order")


def new_record(**fields: Any) -> dict[str, Any]:
    """A record with every known field present (``None`` where unknown), plus any extras given."""
    record: dict[str, Any] = {name: None for name in RECORD_FIELDS}
    record["sample"] = 0
    record.update(fields)
    if record["outcome"] not in OUTCOMES:
        raise ValueError(f"unknown outcome {record['outcome']!r}")
    return record


def item_key(record: dict[str, Any]) -> tuple:
    """The item a record belongs to; records of old files without ranks, sample or threads count as 1, 0, 1."""
    return (record["model"], record["problem"], record["mode"], record.get("ranks") or 1,
            record.get("sample") or 0, record.get("threads") or 1)


def append_jsonl(path: Path, record: dict[str, Any]) -> None:
    """Append one record as a single line; a line is written whole so a crash never leaves half of one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    line = (json.dumps(record, sort_keys=True) + "\n").encode()
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
    try:
        os.write(fd, line)
    finally:
        os.close(fd)


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    """Records of a results file (the manifest line left out); a torn last line (killed writer) is
    skipped, other bad lines raise ValueError."""
    records = []
    lines = Path(path).read_text().splitlines()
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            if number == len(lines):
                break
            raise ValueError(f"{path}:{number}: not a JSON record ({exc.msg})") from None
        if not isinstance(record, dict):
            raise ValueError(f"{path}:{number}: not a JSON object")
        if MANIFEST_KEY not in record:
            records.append(record)
    return records


def read_manifest(path: Path) -> dict[str, Any] | None:
    """The run manifest of a results file (its first line), or None for a file without one."""
    with open(path) as handle:
        first = handle.readline()
    try:
        data = json.loads(first)
    except json.JSONDecodeError:
        return None
    return data[MANIFEST_KEY] if isinstance(data, dict) and isinstance(data.get(MANIFEST_KEY), dict) else None


def records_from_properties(user_properties: Iterable[tuple[str, Any]]) -> Iterator[dict[str, Any]]:
    """The records attached to a test report (there is at most one per item)."""
    for key, value in user_properties:
        if key == PROPERTY_KEY:
            yield value
