"""Generate stage: get an answer from a model (litellm, a replay directory or our references),
keep every raw response on disk, and extract the C++ code from it."""
from __future__ import annotations

import concurrent.futures
import contextlib
import hashlib
import json
import random
import re
import threading
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from .litellm_setup import quiet_litellm
from .models import ModelSpec
from .problems import Problem
from .storage import atomic_write, locked


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


_FENCE = re.compile(r"```[ \t]*(?P<lang>[\w+#-]*)[^\n]*\n(?P<body>.*?)(?:```|\Z)", re.S)
_CPP_TAGS = {"", "cpp", "c++", "cc", "cxx", "c", "hpp", "h"}
# A block that defines something (a function or a type) can hold helpers; a usage snippet does not.
_DEFINITION = re.compile(r"(^|\n)\s*(template\s*<.*>\s*)?[\w:<>,*&\s]+\b\w+\s*\([^;{]*\)\s*(const\s*)?\{"
                         r"|\b(struct|class)\s+\w+\s*\{")


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
    helpers = [b for b in blocks if b is not main_block and not defines.search(b) and "main(" not in b
               and _DEFINITION.search(b)]
    code = "\n".join([*helpers, main_block])
    code = re.sub(r"^\s*#\s*include\s*[<\"]pareval\.hpp[>\"].*$", "", code, flags=re.M)
    return _strip_main(code).strip() + "\n"


def cache_key(spec: ModelSpec, messages: list[dict[str, str]], sample: int) -> str:
    """Everything that determines the answer: model string, every parameter, the prompt, the sample."""
    payload = json.dumps({"model": spec.model, "params": spec.params, "messages": messages, "sample": sample},
                         sort_keys=True)
    return hashlib.sha256(payload.encode()).hexdigest()


class ResponseCache:
    """Raw responses on disk, one JSON file per key, written atomically. Errors are never stored.

    A per-key lock file (flock) makes concurrent askers — threads or xdist workers — wait for the one
    request in flight instead of paying for the same answer twice.
    """

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
        atomic_write(self._path(key), json.dumps(entry).encode())

    def lock(self, key: str) -> contextlib.AbstractContextManager[None]:
        return locked(self._path(key).with_suffix(".lock"))


@dataclass(frozen=True)
class RetryPolicy:
    """Exponential backoff with full jitter; a server's Retry-After wins when it says more."""

    attempts: int = 5
    base_s: float = 1.0
    cap_s: float = 60.0
    retry_after_cap_s: float = 300.0  # a server's own wait is obeyed up to this, whatever cap_s says

    def delay(self, attempt: int, retry_after: float | None) -> float:
        backoff = random.uniform(0, min(self.cap_s, self.base_s * 2 ** attempt))
        return max(backoff, min(retry_after, self.retry_after_cap_s)) if retry_after is not None else backoff


RETRY_STATUS = frozenset({408, 409, 425, 429, 500, 502, 503, 504})


def _retry_after(exc: Exception) -> float | None:
    response = getattr(exc, "response", None)
    headers = getattr(response, "headers", None) or getattr(exc, "litellm_response_headers", None) or {}
    try:
        value = headers.get("retry-after")
        return float(value) if value is not None else None
    except (TypeError, ValueError, AttributeError):
        return None


def _one_line(exc: Exception) -> str:
    return f"{type(exc).__name__}: {' '.join(str(exc).split())[:300]}"


def request(spec: ModelSpec, messages: list[dict[str, str]], *, timeout: float,
            policy: RetryPolicy = RetryPolicy()) -> dict[str, Any]:
    """One answer from litellm: a cache entry, or ``{"error": ...}`` after the last retry.

    Raises ProviderError for faults no retry can fix (credentials, unknown model).
    """
    quiet_litellm()
    import litellm

    from .local import register_local_provider
    litellm.suppress_debug_info = True  # no "Give Feedback" banners in the user's test output
    register_local_provider()
    fatal = (litellm.AuthenticationError, litellm.NotFoundError, litellm.PermissionDeniedError)
    for attempt in range(policy.attempts):
        start = time.monotonic()
        try:
            response = litellm.completion(model=spec.model, messages=messages, timeout=timeout, num_retries=0,
                                          **spec.params)
        except fatal as exc:
            raise ProviderError(f"model {spec.key}: {_one_line(exc)}") from None
        except Exception as exc:
            status = getattr(exc, "status_code", None)
            transient = status in RETRY_STATUS or isinstance(exc, (litellm.Timeout, litellm.APIConnectionError))
            if not transient or attempt == policy.attempts - 1:
                return {"error": _one_line(exc)}
            time.sleep(policy.delay(attempt, _retry_after(exc)))
            continue
        latency = time.monotonic() - start
        choices = getattr(response, "choices", None) or []
        if not choices:
            return {"error": "the provider returned no choices"}
        usage = getattr(response, "usage", None)
        try:
            cost = litellm.completion_cost(completion_response=response) or None
        except Exception:  # price unknown to litellm: not an error
            cost = None
        return {"text": choices[0].message.content or "", "latency_s": latency,
                "prompt_tokens": getattr(usage, "prompt_tokens", None),
                "completion_tokens": getattr(usage, "completion_tokens", None),
                "cost_usd": cost, "created": time.time()}
    raise AssertionError("unreachable")


class Generator:
    """Answers for a session: cache first, one request per missing key, fatal model faults remembered
    so a bad key or model name is one error line, not one traceback per item."""

    def __init__(self, cache: ResponseCache | None, *, timeout: float, regenerate: bool = False,
                 policy: RetryPolicy = RetryPolicy()):
        self.cache = cache
        self.timeout = timeout
        self.regenerate = regenerate
        self.policy = policy
        self.fatal: dict[str, str] = {}       # model key -> the provider's message
        self.started = time.time()            # with regenerate, answers newer than this are this session's
        self._lock = threading.Lock()

    def _entry(self, spec: ModelSpec, messages: list[dict[str, str]], sample: int) -> dict[str, Any]:
        if spec.key in self.fatal:
            raise ProviderError(self.fatal[spec.key])
        if self.cache is None:
            return request(spec, messages, timeout=self.timeout, policy=self.policy)
        key = cache_key(spec, messages, sample)
        entry = self._cached(key)
        if entry is not None:
            return entry
        with self.cache.lock(key):
            entry = self._cached(key)  # another thread or worker may have just answered
            if entry is not None:
                return entry
            try:
                entry = request(spec, messages, timeout=self.timeout, policy=self.policy)
            except ProviderError as exc:
                with self._lock:
                    self.fatal.setdefault(spec.key, str(exc))
                raise
            if "error" not in entry:
                self.cache.put(key, entry)
            return entry

    def _cached(self, key: str) -> dict[str, Any] | None:
        entry = self.cache.get(key) if self.cache else None
        if entry is None or (self.regenerate and entry.get("created", 0) < self.started):
            return None
        return {**entry, "cached": True}

    def answer(self, spec: ModelSpec, problem: Problem, mode: str, messages: list[dict[str, str]],
               sample: int = 0) -> Answer:
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
        entry = self._entry(spec, messages, sample)
        if "error" in entry:
            return Answer(text="", code=None, error=entry["error"])
        fields = {k: entry.get(k) for k in ("latency_s", "prompt_tokens", "completion_tokens", "cost_usd")}
        return Answer(text=entry["text"], code=extract_code(entry["text"], fn), cached=entry.get("cached", False),
                      **fields)

    def prefetch(self, jobs: list[tuple[ModelSpec, list[dict[str, str]], int]], *, concurrency: int,
                 progress: Callable[[int, int], None] | None = None, start: float = 0.0) -> None:
        """Ask for every missing answer at once, at most ``concurrency`` requests per model in flight.

        ``start`` (0..1) rotates the job list, so that xdist workers sharing one list begin apart."""
        jobs = [j for j in jobs if j[0].kind == "litellm"]
        if not jobs:
            return
        offset = int(start * len(jobs)) % len(jobs)
        jobs = jobs[offset:] + jobs[:offset]
        limits = {spec.key: threading.Semaphore(concurrency) for spec, _, _ in jobs}

        def fetch(job: tuple[ModelSpec, list[dict[str, str]], int]) -> None:
            spec, messages, sample = job
            with limits[spec.key]:
                try:
                    self._entry(spec, messages, sample)
                except ProviderError:
                    pass  # remembered in self.fatal; every item of that model reports it

        done = 0
        workers = min(len(jobs), concurrency * len(limits))
        with concurrent.futures.ThreadPoolExecutor(max_workers=workers) as pool:
            for _ in concurrent.futures.as_completed([pool.submit(fetch, job) for job in jobs]):
                done += 1
                if progress:
                    progress(done, len(jobs))


def answer_record(answer: Answer) -> dict[str, Any]:
    """The answer's fields that go into the outcome record."""
    data = asdict(answer)
    return {k: data[k] for k in ("latency_s", "prompt_tokens", "completion_tokens", "cost_usd")}
