"""Models: what ``--pareval-models`` names, resolved against the models file and the built-ins.

Built-ins: ``reference`` (our hand-written solutions), ``replay:DIR`` (saved raw answers in
``DIR/<domain>/<name>/<mode>.txt``) and the offline models ``local``, ``local-1.5b``, ``local-tiny`` and
``local:PATH.gguf`` (see local.py). Anything else is a key of the TOML models file or a raw litellm
model string such as ``openai/gpt-4o``.
"""
from __future__ import annotations

import contextlib
import io
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .litellm_setup import quiet_litellm
from ..common.redact import is_secret_name, register_secret

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

#: Keys of a models-file entry that are ours; every other key is passed to litellm as it is.
OWN_KEYS = ("name", "model", "vram_gb")
#: litellm parameters the harness sets itself (or that would break how it reads the answer): a models file
#: may not override them, else every item of the model would fail for a reason that is not the model's.
RESERVED_KEYS = ("messages", "timeout", "request_timeout", "num_retries", "max_retries", "stream", "n")
#: Names that --pareval-models gives a meaning of its own, which a models-file table would be shadowed by.
LOCAL_NAMES = ("local", "local-1.5b", "local-tiny")
BUILTIN_NAMES = ("reference", *LOCAL_NAMES)


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
    replay_file: Path | None = None  # a ParEval generations file (with --pareval-suite)

    @property
    def slug(self) -> str:
        return re.sub(r"[^A-Za-z0-9_.]+", "-", self.key).strip("-")


def load_models_file(path: Path) -> dict[str, ModelSpec]:
    """Parse ``[models.KEY]`` tables; every problem is reported with the file and the key.

    The values of secret-named parameters (``api_key``, ...) are registered for redaction at once."""
    try:
        data = tomllib.loads(Path(path).read_text())
    except FileNotFoundError:
        raise ModelError(f"models file {path} does not exist") from None
    except (IsADirectoryError, PermissionError, UnicodeDecodeError) as exc:
        raise ModelError(f"models file {path} cannot be read: {exc.__class__.__name__}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ModelError(f"models file {path} is not valid TOML: {exc}") from None
    table = data.get("models")
    if not isinstance(table, dict) or not table:
        raise ModelError(f"models file {path} has no [models.NAME] tables")
    specs = {}
    for key, entry in table.items():
        where = f"models file {path}: [models.{key}]"
        if key in BUILTIN_NAMES or key.startswith("replay:"):
            raise ModelError(f"{where} has the name of a built-in model; choose another name")
        if not isinstance(entry, dict) or not isinstance(entry.get("model"), str):
            raise ModelError(f"{where} needs a 'model' string (a litellm model)")
        vram = entry.get("vram_gb")
        if vram is not None and (isinstance(vram, bool) or not isinstance(vram, (int, float)) or not vram > 0):
            raise ModelError(f"{where} vram_gb must be a positive number")
        if "name" in entry and not isinstance(entry["name"], str):
            raise ModelError(f"{where} name must be a string")
        clashes = [k for k in entry if k in RESERVED_KEYS]
        if clashes:
            raise ModelError(f"{where} sets {', '.join(clashes)}, which pytest-pareval sets itself "
                             "(use --pareval-generation-timeout, --pareval-samples)")
        params = {k: v for k, v in entry.items() if k not in OWN_KEYS}
        for name, value in params.items():
            if is_secret_name(name):
                register_secret(value)
        specs[key] = ModelSpec(key=key, name=str(entry.get("name", key)), kind="litellm",
                               model=entry["model"], params=params,
                               vram_gb=float(vram) if vram is not None else None)
    return specs


def public_params(spec: ModelSpec) -> dict[str, Any]:
    """The model's litellm parameters without the secret-named ones: safe for a manifest or a report."""
    return {k: v for k, v in spec.params.items() if not is_secret_name(k)}


def _looks_like_litellm(model: str) -> bool:
    quiet_litellm()  # before the import: litellm reads these at import time
    try:
        # litellm prints a "Provider List" banner for a model it does not know: ours is the one line.
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            import litellm  # lazily: slow to import, only needed for real models

            litellm.suppress_debug_info = True
            litellm.get_llm_provider(model)
        return True
    except Exception:
        return False


def _replay_spec(directory: Path, taken: list[ModelSpec]) -> ModelSpec:
    """A replay model named after its directory; two directories with the same base name are told apart
    by as many parent directories as it takes (``replay-answers``, ``replay-run2-answers``)."""
    parts = directory.resolve().parts[1:] or ("root",)
    for depth in range(1, len(parts) + 1):
        suffix = "/".join(parts[-depth:])
        spec = ModelSpec(key=f"replay-{suffix}", name=f"Replay {suffix}", kind="replay", replay_dir=directory)
        if all(s.slug != spec.slug and s.name != spec.name for s in taken):
            return spec
    return spec  # every suffix taken: the same directory twice, refused as a duplicate by the caller


def _replay_file_spec(path: Path, taken: list[ModelSpec]) -> ModelSpec:
    """A replay of a ParEval generations file, named after the file (its parent too when two share a name)."""
    if any(s.replay_file is not None and s.replay_file.resolve() == path.resolve() for s in taken):
        raise ModelError(f"model 'replay:{path}' is listed twice")
    spec = ModelSpec(key=f"replay-{path.stem}", name=f"Replay {path.stem}", kind="replay", replay_file=path)
    if any(s.slug == spec.slug for s in taken):
        where = f"{path.parent.name}-{path.stem}"
        spec = ModelSpec(key=f"replay-{where}", name=f"Replay {where}", kind="replay", replay_file=path)
    return spec


def resolve(names: list[str], models_file: Path | None = None) -> list[ModelSpec]:
    """Resolve the user's model list, in order, rejecting duplicates and unknown names."""
    known = load_models_file(models_file) if models_file else {}
    specs: list[ModelSpec] = []
    for key in names:
        if key == "reference":
            spec = ModelSpec(key="reference", name="Reference", kind="reference")
        elif key in LOCAL_NAMES or key.startswith("local:"):
            from . import local
            try:
                found = local.resolve(key)
            except (ImportError, OSError) as exc:
                raise ModelError(f"model {key!r}: {exc}") from None
            spec = ModelSpec(key=key, name=found.name, kind="litellm", model=found.model, params=dict(found.params))
        elif key.startswith("replay:") and Path(key.split(":", 1)[1]).expanduser().is_file():
            spec = _replay_file_spec(Path(key.split(":", 1)[1]).expanduser(), specs)
        elif key.startswith("replay:"):
            directory = Path(key.split(":", 1)[1]).expanduser()
            if not directory.is_dir():
                raise ModelError(f"replay directory {directory} does not exist")
            if any(s.replay_dir is not None and s.replay_dir.resolve() == directory.resolve() for s in specs):
                raise ModelError(f"model {key!r} is listed twice")
            spec = _replay_spec(directory, specs)
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
        if any(s.name == spec.name for s in specs):  # records name their model by display name
            raise ModelError(f"model {key!r}: display name {spec.name!r} is already another model's")
        specs.append(spec)
    return specs
