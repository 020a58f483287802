"""Per-item texts for the report's drill-down: the prompt, the raw response, the extracted code, the
compiler's log and the verdict's message.

Records stay small (they travel in JUnit XML and are read whole by every report); these texts go to
``details.jsonl`` beside ``results.jsonl``, one JSON line per item, keyed by ``results.ITEM_FIELDS``.
Each text goes through ``redact.clean`` and is cut to ``TEXT_LIMIT`` characters.

How a line gets there, under xdist as without it:

1. ``attach(item, report, record)`` (in ``pytest_runtest_makereport``, where the record is attached)
   takes the texts from the item's pipeline fixtures (or from an earlier ``collect`` call) and puts
   them on the *call* report's ``user_properties`` only: JUnit XML writes the teardown report's
   properties, so the texts never bloat it;
2. ``Writer``, registered on the controller only (``register(config, results_path)``), appends each line
   as its report arrives (from this process or an xdist worker). It empties the file at the session's
   first line, so the file holds this session's items, as results.jsonl does; a session that runs no
   item leaves both files as they were.
"""
from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import pytest

from ..common.redact import clean
from .records import ITEM_FIELDS, append_jsonl, item_key

FILE_NAME = "details.jsonl"
#: Characters kept of each text (about 20 KB): a whole answer, and the head of a long compiler log.
TEXT_LIMIT = 20_000
TEXT_FIELDS = ("prompt", "response", "code", "build_log", "message")
#: Key under which an item's texts ride on the call report's ``user_properties`` (never on JUnit XML's).
PROPERTY_KEY = "pareval_details"

_STASH = pytest.StashKey[dict]()


def path_for(results_path: Path) -> Path:
    """Where the texts of a results file's items live: ``details.jsonl`` in the same directory."""
    return Path(results_path).with_name(FILE_NAME)


def prompt_text(prompt: str | Sequence[dict[str, str]] | None) -> str | None:
    """A chat prompt (litellm messages) as one readable text: each message under its role."""
    if prompt is None or isinstance(prompt, str):
        return prompt
    return "\n\n".join(f"[{m.get('role', '?')}]\n{m.get('content', '')}" for m in prompt)


def make(record: dict[str, Any], *, prompt: str | Sequence[dict[str, str]] | None = None,
         response: str | None = None, code: str | None = None, build_log: str | None = None,
         message: str | None = None, limit: int = TEXT_LIMIT) -> dict[str, Any]:
    """The details line of an item: its key fields, its outcome and each given text, cleaned and cut to
    ``limit``."""
    texts = {"prompt": prompt_text(prompt), "response": response, "code": code, "build_log": build_log,
             "message": message if message is not None else record.get("message")}
    line: dict[str, Any] = dict(zip(ITEM_FIELDS, item_key(record)), outcome=record.get("outcome"))
    line.update({name: clean(text, limit) for name, text in texts.items() if text})
    return line


def collect(item: pytest.Item, record: dict[str, Any], **texts: Any) -> None:
    """Keep an item's texts (``make``'s keywords) until its report is made. Optional: without it
    ``attach`` reads them from the item's pipeline fixtures, which an item that fails in its set-up (an
    ``error``) has not all finished; a fixture that ends such an item may call this first."""
    item.stash[_STASH] = make(record, **texts)


def _from_fixtures(item: pytest.Item, record: dict[str, Any]) -> dict[str, Any]:
    """The texts of the pipeline fixtures the item computed (``pareval_prompt``, ``pareval_answer``,
    ``pareval_build``): all of them once the test function ran."""
    values = getattr(item, "funcargs", {})
    answer, built = values.get("pareval_answer"), values.get("pareval_build")
    return make(record, prompt=values.get("pareval_prompt"), response=getattr(answer, "text", None),
                code=getattr(answer, "code", None), build_log=getattr(built, "log", None))


def attach(item: pytest.Item, report: pytest.TestReport, record: dict[str, Any]) -> None:
    """Put the item's texts on ``report`` (the call report, or a failed setup's) with the record's final
    outcome and message (the set-up may have turned the item into an error after ``collect``)."""
    line = item.stash.get(_STASH, None) or _from_fixtures(item, record)
    line["outcome"] = record.get("outcome")
    final = clean(record.get("message"), TEXT_LIMIT)
    if final and not line.get("message", "").startswith(final[:200]):
        line["message"] = final  # a longer message given to collect() stays unless the record's differs
    report.user_properties.append((PROPERTY_KEY, line))


class Writer:
    """Controller-side plugin: appends the texts every item report carries to ``path``."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self.started = False

    def save(self, user_properties: Iterable[tuple[str, Any]]) -> None:
        for key, value in user_properties:
            if key != PROPERTY_KEY:
                continue
            if not self.started:  # this session's first item: the previous session's texts go
                self.path.parent.mkdir(parents=True, exist_ok=True)
                self.path.write_text("")
                self.started = True
            append_jsonl(self.path, value)

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        if report.when != "teardown" and report.outcome != "rerun":
            self.save(report.user_properties)


def register(config: pytest.Config, results_path: Path) -> None:
    """Write details.jsonl beside ``results_path`` in this session (a no-op in xdist workers)."""
    if not hasattr(config, "workerinput") and not config.pluginmanager.has_plugin("pareval-details"):
        config.pluginmanager.register(Writer(path_for(results_path)), "pareval-details")


def read(path: Path) -> dict[tuple, dict[str, Any]]:
    """Texts by ``item_key`` (the last line of an item wins, as in results files); {} without a file.
    A line also names its item's outcome: ``matching`` leaves out lines of another run's records.

    A torn or bad line is skipped: the texts are a convenience, never a reason to fail a report."""
    found: dict[tuple, dict[str, Any]] = {}
    try:
        lines = Path(path).read_text().splitlines()
    except (FileNotFoundError, IsADirectoryError):
        return found
    for text in lines:
        try:
            line = json.loads(text)
            found[item_key(line)] = line
        except (ValueError, KeyError, TypeError):
            continue
    return found


def matching(found: Mapping[tuple, Mapping[str, Any]], record: Mapping[str, Any]) -> Mapping[str, Any] | None:
    """The texts of ``record``'s item, unless they belong to another outcome (a details.jsonl of another
    run, beside a results file copied next to it)."""
    line = found.get(item_key(record))
    return line if line is not None and line.get("outcome") in (None, record.get("outcome")) else None
