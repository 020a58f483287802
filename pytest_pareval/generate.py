"""Generate stage: get an answer from a model (litellm, a replay directory or our references),
keep every raw response on disk, and extract the C++ code from it."""
from __future__ import annotations

import hashlib
import json
import os
import re
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from .models import ModelSpec
from .problems import Problem


class ProviderError(RuntimeError):
    """A fault of the user's set-up (authentication, unknown model): an error, not a model failure."""


@dataclass
class Answer:
    """One model response. ``code`` is None when the response holds no usable code."""

    text: str
    code: str | None
    latency_s: float | None = None
    prompt_tokens: int | None = None
    completion_tokens: int | None = None
    cost_usd: float | None = None
    error: str | None = None        # provider error after retries: outcome generation_error
    cached: bool = False


def quiet_litellm() -> None:
    """Keep litellm offline and quiet: no price-map download at import, no banner lines."""
    os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")
    os.environ.setdefault("LITELLM_LOG", "ERROR")


_FENCE = re.compile(r"```[ \t]*(?P<lang>[\w+#-]*)[^\n]*\n(?P<body>.*?)(?:```|\Z)", re.S)
_CPP_TAGS = {"", "cpp", "c++", "cc", "cxx", "c", "hpp", "h"}


def _strip_main(code: str) -> str:
    """Drop an ``int main(...) {...}`` the model added despite the instructions (it would clash)."""
    match = re.search(r"\bint\s+main\s*\([^)]*\)\s*\{", code)
    if not match:
        return code
    depth, i = 0, match.end() - 1
    while i < len(code):
        depth += {"{": 1, "}": -1}.get(code[i], 0)
        if depth == 0:
            return code[: match.start()] + code[i + 1:]
        i += 1
    return code[: match.start()]


def extract_code(text: str, function: str) -> str | None:
    """The C++ answer in a response: the fenced block defining ``function`` (with any other C++ blocks
    that define helpers), or unfenced text that defines it."""
    blocks = [m["body"] for m in _FENCE.finditer(text) if m["lang"].lower() in _CPP_TAGS]
    defines = re.compile(rf"\b{re.escape(function)}\s*\([^;{{]*\)\s*(const\s*)?\{{")
    if not blocks:
        blocks = [text] if defines.search(text) else []
    chosen = [b for b in blocks if defines.search(b)]
    if not chosen:
        return None
    main_block = chosen[-1]  # models that revise themselves put the final version last
    helpers = [b for b in blocks if b is not main_block and not defines.search(b) and "main(" not in b]
    code = "\n".join([*helpers, main_block])
    code = re.sub(r"^\s*#\s*include\s*[<\"]pareval\.hpp[>\"].*$", "", code, flags=re.M)
    return _strip_main(code).strip() + "\n"


def cache_key(spec: ModelSpec, messages: list[dict[str, str]], sample: int) -> str:
    """Everything that determines the answer: model string, every parameter, the prompt, the sample."""
    payload = json.dumps({"model": spec.model, "params": spec.params, "messages": messages, "sample": sample},
                         sort_keys=True)
    return hashlib.sha256(payload.encode()).hexdigest()


class ResponseCache:
    """Raw responses on disk, one JSON file per key, written atomically. Errors are never stored."""

    def __init__(self, directory: Path):
        self.directory = directory

    def _path(self, key: str) -> Path:
        return self.directory / key[:2] / f"{key}.json"

    def get(self, key: str) -> dict[str, Any] | None:
        try:
            return json.loads(self._path(key).read_text())
        except (FileNotFoundError, json.JSONDecodeError):
            return None

    def put(self, key: str, entry: dict[str, Any]) -> None:
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(json.dumps(entry))
        os.replace(tmp, path)


def _call_litellm(spec: ModelSpec, messages: list[dict[str, str]], timeout: float) -> dict[str, Any]:
    quiet_litellm()
    import litellm

    params = {"num_retries": 3, "timeout": timeout, **spec.params}
    start = time.monotonic()
    try:
        response = litellm.completion(model=spec.model, messages=messages, **params)
    except (litellm.AuthenticationError, litellm.NotFoundError, litellm.PermissionDeniedError) as exc:
        raise ProviderError(f"{spec.key}: {type(exc).__name__}: {str(exc).splitlines()[0]}") from None
    except Exception as exc:  # transient after retries, malformed responses: the item's own outcome
        return {"error": f"{type(exc).__name__}: {' '.join(str(exc).split())[:300]}"}
    latency = time.monotonic() - start
    choices = getattr(response, "choices", None) or []
    text = (choices[0].message.content or "") if choices else ""
    usage = getattr(response, "usage", None)
    try:
        cost = litellm.completion_cost(completion_response=response)
    except Exception:
        cost = None
    return {"text": text, "latency_s": latency,
            "prompt_tokens": getattr(usage, "prompt_tokens", None),
            "completion_tokens": getattr(usage, "completion_tokens", None),
            "cost_usd": cost or None, "created": time.time()}


def generate(spec: ModelSpec, problem: Problem, mode: str, messages: list[dict[str, str]], *, sample: int,
             cache: ResponseCache | None, timeout: float, regenerate: bool = False) -> Answer:
    """The model's answer for one item; live responses are cached before anything else happens."""
    fn = problem.signature.function
    if spec.kind == "reference":
        code = problem.reference_path(mode).read_text()
        return Answer(text=code, code=code)
    if spec.kind == "replay":
        path = spec.replay_dir / problem.domain / problem.name / f"{mode}.txt"
        if not path.exists():
            return Answer(text="", code=None, error=f"no saved answer at {path}")
        text = path.read_text()
        return Answer(text=text, code=extract_code(text, fn))
    key = cache_key(spec, messages, sample)
    entry = None if (cache is None or regenerate) else cache.get(key)
    cached = entry is not None
    if entry is None:
        entry = _call_litellm(spec, messages, timeout)
        if "error" in entry:
            return Answer(text="", code=None, error=entry["error"])
        if cache is not None:
            cache.put(key, entry)
    fields = {k: entry.get(k) for k in ("latency_s", "prompt_tokens", "completion_tokens", "cost_usd")}
    return Answer(text=entry["text"], code=extract_code(entry["text"], fn), cached=cached, **fields)


def answer_record(answer: Answer) -> dict[str, Any]:
    """The answer's fields that go into the outcome record."""
    data = asdict(answer)
    return {k: data[k] for k in ("latency_s", "prompt_tokens", "completion_tokens", "cost_usd")}
