"""ParEval generations files: the prompts file with an ``outputs`` list per entry.

An output is a string as ParEval's generators write it, or a result dict as its runner (run-all.py)
rewrites the file, the text in ``generated_output`` and ParEval's own verdicts beside it (kept, so that the
report can compare what ParEval concluded with what we conclude on the same text). Samples keep their index
in the file.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

#: The fields of a runner's result dict that say what ParEval concluded.
VERDICT_FIELDS = ("did_build", "is_source_valid", "did_all_run", "are_all_valid")


class GenerationsError(ValueError):
    """A file that is not a ParEval generations file: one line for the user."""


@dataclass(frozen=True)
class Sample:
    text: str
    index: int
    prompt: str                       # the prompt the sample continues, as the file holds it
    reported: dict[str, Any] = field(default_factory=dict)  # ParEval's verdicts, when its runner wrote them


@dataclass
class Generations:
    path: Path
    by_prompt: dict[tuple[str, str], list[Sample]]

    def samples(self, name: str, mode: str, first: int) -> list[Sample]:
        """The first ``first`` samples of a prompt (fewer when the file holds fewer)."""
        return self.by_prompt.get((name, mode), [])[:first]


def _sample(output: Any, index: int, prompt: str, where: str) -> Sample:
    if isinstance(output, str):
        return Sample(output, index, prompt)
    if isinstance(output, dict) and isinstance(output.get("generated_output"), str):
        reported = {k: output[k] for k in VERDICT_FIELDS if k in output}
        return Sample(output["generated_output"], index, prompt, reported)
    raise GenerationsError(f"{where}: output {index} is neither a string nor a dict with 'generated_output'")


def load_generations(path: str | Path) -> Generations:
    """Read a generations file; a malformed one is one ``GenerationsError`` line."""
    path = Path(path).expanduser()
    try:
        data = json.loads(path.read_text())
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise GenerationsError(f"replay file {path} is not readable JSON ({exc.__class__.__name__})") from None
    if not isinstance(data, list):
        raise GenerationsError(f"replay file {path} is not a list of ParEval prompt entries")
    by_prompt: dict[tuple[str, str], list[Sample]] = {}
    for number, entry in enumerate(data):
        where = f"replay file {path}, entry {number}"
        if not isinstance(entry, dict) or not all(isinstance(entry.get(k), str)
                                                  for k in ("name", "parallelism_model", "prompt")):
            raise GenerationsError(f"{where} lacks name, parallelism_model or prompt")
        outputs = entry.get("outputs", [])
        if not isinstance(outputs, list):
            raise GenerationsError(f"{where}: 'outputs' is not a list")
        key = (entry["name"], entry["parallelism_model"])
        by_prompt.setdefault(key, []).extend(_sample(o, i, entry["prompt"], where) for i, o in enumerate(outputs))
    return Generations(path, by_prompt)
