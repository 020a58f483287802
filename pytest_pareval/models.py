"""Models: what ``--pareval-models`` names, resolved against the models file and the built-ins.

Built-ins: ``reference`` (our hand-written solutions), ``replay:DIR`` (saved raw answers in
``DIR/<domain>/<name>/<mode>.txt``) and ``local`` (a tiny offline model, see local.py). Anything else is a key of the TOML models file or a raw litellm
model string such as ``openai/gpt-4o``.
"""
from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

#: Keys of a models-file entry that are ours; every other key is passed to litellm as it is.
OWN_KEYS = ("name", "model", "vram_gb")


class ModelError(ValueError):
    """A model that cannot be resolved, or a malformed models file: reported as one line."""


@dataclass(frozen=True)
class ModelSpec:
    key: str                       # what the user typed; also the item-id part (slugified)
    name: str                      # display name in reports
    kind: str                      # "reference" | "replay" | "litellm"
    model: str | None = None       # litellm model string
    params: dict[str, Any] = field(default_factory=dict)
    vram_gb: float | None = None
    replay_dir: Path | None = None

    @property
    def slug(self) -> str:
        return re.sub(r"[^A-Za-z0-9_.]+", "-", self.key).strip("-")


def load_models_file(path: Path) -> dict[str, ModelSpec]:
    """Parse ``[models.KEY]`` tables; every problem is reported with the file and the key."""
    try:
        data = tomllib.loads(Path(path).read_text())
    except FileNotFoundError:
        raise ModelError(f"models file {path} does not exist") from None
    except tomllib.TOMLDecodeError as exc:
        raise ModelError(f"models file {path} is not valid TOML: {exc}") from None
    table = data.get("models")
    if not isinstance(table, dict):
        raise ModelError(f"models file {path} has no [models.NAME] tables")
    specs = {}
    for key, entry in table.items():
        if not isinstance(entry, dict) or not isinstance(entry.get("model"), str):
            raise ModelError(f"models file {path}: [models.{key}] needs a 'model' string (a litellm model)")
        vram = entry.get("vram_gb")
        if vram is not None and (not isinstance(vram, (int, float)) or vram <= 0):
            raise ModelError(f"models file {path}: [models.{key}] vram_gb must be a positive number")
        params = {k: v for k, v in entry.items() if k not in OWN_KEYS}
        specs[key] = ModelSpec(key=key, name=str(entry.get("name", key)), kind="litellm",
                               model=entry["model"], params=params,
                               vram_gb=float(vram) if vram is not None else None)
    return specs


def _looks_like_litellm(model: str) -> bool:
    from .generate import quiet_litellm

    quiet_litellm()  # before the import: litellm reads these at import time
    try:
        from litellm import get_llm_provider  # lazily: slow to import, only needed for real models
        get_llm_provider(model)
        return True
    except Exception:
        return False


def resolve(names: list[str], models_file: Path | None = None) -> list[ModelSpec]:
    """Resolve the user's model list, in order, rejecting duplicates and unknown names."""
    known = load_models_file(models_file) if models_file else {}
    specs: list[ModelSpec] = []
    for key in names:
        if key == "reference":
            spec = ModelSpec(key="reference", name="Reference", kind="reference")
        elif key == "local":
            from . import local
            if not local.available():
                raise ModelError(f"model 'local': {local.INSTALL_HINT}")
            spec = ModelSpec(key="local", name="SmolLM2 135M (local)", kind="litellm", model=local.MODEL)
        elif key.startswith("replay:"):
            directory = Path(key.split(":", 1)[1]).expanduser()
            if not directory.is_dir():
                raise ModelError(f"replay directory {directory} does not exist")
            spec = ModelSpec(key=f"replay-{directory.name}", name=f"Replay {directory.name}", kind="replay",
                             replay_dir=directory)
        elif key in known:
            spec = known[key]
        elif _looks_like_litellm(key):
            spec = ModelSpec(key=key, name=key, kind="litellm", model=key)
        else:
            where = f" in {models_file}" if models_file else " (no --pareval-models-file given)"
            raise ModelError(f"unknown model {key!r}: not 'reference', 'replay:DIR', a model{where}, "
                             "or a litellm model string like 'openai/gpt-4o'")
        if any(s.slug == spec.slug for s in specs):
            raise ModelError(f"model {key!r} is listed twice")
        specs.append(spec)
    return specs
