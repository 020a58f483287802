"""Generate stage: get an answer from a model (litellm, a replay directory or our references),
keep every raw response on disk, and extract the C++ code from it."""
from __future__ import annotations

import contextlib
import hashlib
import json
import queue
import random
import threading
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from .extract import closes_answer, extract_code  # noqa: F401 - part of this stage's interface
from .litellm_setup import quiet_litellm
from .models import ModelSpec
from ..suite.problems import MODE_NAMES, Problem
from ..common.storage import atomic_write, locked


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
    error: str | None = None        # provider fault after the retries, missing replay file: outcome error
    cached: bool = False
    flaw: str | None = None         # the text as it arrived was not valid UTF-8 (replaced: the model's fault)


def readable(text: str | bytes) -> tuple[str, str | None]:
    """The response as valid text, and why it was not: a lone surrogate (a JSON escape like \\ud800) or
    bytes that are not UTF-8 are the model's output, so the model's fault, never ours. Such characters are
    replaced (U+FFFD), so that every later stage and report can store the text: in the code, the compiler
    rejects them (build_fail); a response with no code left is no_code, saying why."""
    if isinstance(text, bytes):
        try:
            return text.decode("utf-8"), None
        except UnicodeDecodeError as exc:
            return text.decode("utf-8", "replace"), f"the response is not valid UTF-8 (byte {exc.start})"
    try:
        text.encode("utf-8")
        return text, None
    except UnicodeEncodeError as exc:
        return (text.encode("utf-8", "replace").decode("utf-8"),
                f"the response is not valid UTF-8 (a lone surrogate at character {exc.start})")


def _answer(raw: str | bytes, function: str, **fields: Any) -> Answer:
    text, flaw = readable(raw)
    return Answer(text=text, code=extract_code(text, function), flaw=flaw, **fields)


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


def _attempt_error(exc: Exception, attempts: int) -> str:
    return f"{_one_line(exc)} (after {attempts} attempt{'s' if attempts > 1 else ''})"


def request(spec: ModelSpec, messages: list[dict[str, str]], *, timeout: float,
            policy: RetryPolicy = RetryPolicy()) -> dict[str, Any]:
    """One answer from litellm: a cache entry, or ``{"error": ...}`` once the retries are spent.

    ``timeout`` bounds the whole request: every attempt and every wait between attempts (one deadline).
    Every provider fault that remains (5xx, 429 incl. exhausted quota, timeouts, lost connections, empty
    or malformed responses) is an ``error`` entry, never an answer. Raises ProviderError for faults no
    retry can fix (credentials, unknown model). ``latency_s`` is the provider's time for the successful
    attempt (for the local model, its own generation time, without waiting for a free slot).
    """
    from .local import WeightsError, prepare, register_local_provider
    try:
        prepare(spec.model or "")  # a local model's file verified before its first request
    except WeightsError as exc:
        raise ProviderError(f"model {spec.key}: {exc}") from None
    quiet_litellm()
    import litellm

    litellm.suppress_debug_info = True  # no "Give Feedback" banners in the user's test output
    register_local_provider()
    fatal = (litellm.AuthenticationError, litellm.NotFoundError, litellm.PermissionDeniedError)
    deadline = time.monotonic() + timeout
    for attempt in range(1, policy.attempts + 1):
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            return {"error": f"no answer within --pareval-generation-timeout={timeout:g}s "
                             f"({attempt - 1} attempt{'s' if attempt > 2 else ''})"}
        start = time.monotonic()
        try:
            response = litellm.completion(model=spec.model, messages=messages, timeout=remaining, num_retries=0,
                                          **spec.params)
        except fatal as exc:
            raise ProviderError(f"model {spec.key}: {_one_line(exc)}") from None
        except Exception as exc:
            status = getattr(exc, "status_code", None)
            transient = status in RETRY_STATUS or isinstance(exc, (litellm.Timeout, litellm.APIConnectionError))
            wait = policy.delay(attempt - 1, _retry_after(exc))
            if not transient or attempt == policy.attempts or time.monotonic() + wait >= deadline:
                return {"error": _attempt_error(exc, attempt)}
            time.sleep(wait)
            continue
        latency = time.monotonic() - start
        own = (getattr(response, "_hidden_params", None) or {}).get("local_seconds")
        choices = getattr(response, "choices", None) or []
        if not choices:
            return {"error": "the provider returned no choices"}
        usage = getattr(response, "usage", None)
        try:
            cost = litellm.completion_cost(completion_response=response) or None
        except Exception:  # price unknown to litellm: not an error
            cost = None
        return {"text": choices[0].message.content or "", "latency_s": own if own is not None else latency,
                "prompt_tokens": getattr(usage, "prompt_tokens", None),
                "completion_tokens": getattr(usage, "completion_tokens", None),
                "cost_usd": cost, "created": time.time()}
    raise AssertionError("unreachable")


class Generator:
    """Answers for a session: cache first, one request per missing key, fatal model faults remembered
    so a bad key or model name is one error line, not one traceback per item.

    ``started`` is the session's start (the controller's under xdist): with ``regenerate``, cached answers
    newer than it were bought by this session and are reused, even by a worker restarted later."""

    def __init__(self, cache: ResponseCache | None, *, timeout: float, regenerate: bool = False,
                 policy: RetryPolicy = RetryPolicy(), started: float | None = None):
        self.cache = cache
        self.timeout = timeout
        self.regenerate = regenerate
        self.policy = policy
        self.fatal: dict[str, str] = {}       # model key -> the provider's message
        self.started = time.time() if started is None else started
        self.cancelled = threading.Event()    # set on Ctrl-C: no new request starts
        self._lock = threading.Lock()

    def _entry(self, spec: ModelSpec, messages: list[dict[str, str]], sample: int) -> dict[str, Any]:
        if spec.key in self.fatal:
            raise ProviderError(self.fatal[spec.key])
        if self.cache is None:
            return self._request(spec, messages)
        key = cache_key(spec, messages, sample)
        entry = self._cached(key)
        if entry is not None:
            return entry
        with self.cache.lock(key):
            entry = self._cached(key)  # another thread or worker may have just answered
            if entry is not None:
                return entry
            entry = self._request(spec, messages)
            if "error" not in entry:
                self.cache.put(key, entry)
            return entry

    def _request(self, spec: ModelSpec, messages: list[dict[str, str]]) -> dict[str, Any]:
        if self.cancelled.is_set():
            raise KeyboardInterrupt("the session was interrupted")
        try:
            return request(spec, messages, timeout=self.timeout, policy=self.policy)
        except ProviderError as exc:
            with self._lock:
                self.fatal.setdefault(spec.key, str(exc))
            raise

    def _cached(self, key: str) -> dict[str, Any] | None:
        entry = self.cache.get(key) if self.cache else None
        if entry is None or (self.regenerate and entry.get("created", 0) < self.started):
            return None
        return {**entry, "cached": True}

    def response(self, spec: ModelSpec, messages: list[dict[str, str]], sample: int = 0) -> dict[str, Any]:
        """A live model's raw response entry (``text``, latency, tokens; ``error`` for a provider fault after
        the retries), cached like every answer: for suites that read the code themselves (ParEval's)."""
        return self._entry(spec, messages, sample)

    def answer(self, spec: ModelSpec, problem: Problem, mode: str, messages: list[dict[str, str]],
               sample: int = 0) -> Answer:
        """The model's answer for one item; live responses are cached before anything else happens."""
        fn = problem.signature.function
        if spec.kind == "reference":
            code = problem.reference_path(mode).read_text()
            return Answer(text=code, code=code)
        if spec.kind == "replay":
            path = spec.replay_dir / problem.domain / problem.name / f"{MODE_NAMES[mode]}.txt"
            if not path.exists():  # our set-up's gap, not the model's failure
                return Answer(text="", code=None, error=f"no saved answer at {path}")
            return _answer(path.read_bytes(), fn)
        entry = self._entry(spec, messages, sample)
        if "error" in entry:
            return Answer(text="", code=None, error=entry["error"])
        fields = {k: entry.get(k) for k in ("latency_s", "prompt_tokens", "completion_tokens", "cost_usd")}
        return _answer(entry["text"], fn, cached=entry.get("cached", False), **fields)

    def prefetch(self, jobs: list[tuple[ModelSpec, list[dict[str, str]], int]], *, concurrency: int,
                 progress: FetchProgress | None = None, start: float = 0.0, tick_s: float = 0.5) -> None:
        """Ask for every missing answer at once, at most ``concurrency`` requests per model in flight.

        ``start`` (0..1) rotates the job list, so that xdist workers sharing one list begin apart.
        ``progress`` hears of every finished job and gets a tick every ``tick_s`` even when none finishes.
        Ctrl-C (KeyboardInterrupt in this thread) stops at once: no new request starts, requests in flight
        are abandoned in their daemon threads (never awaited), every answer already cached stays."""
        jobs = [j for j in jobs if j[0].kind == "litellm"]
        if not jobs:
            return
        offset = int(start * len(jobs)) % len(jobs)
        jobs = jobs[offset:] + jobs[:offset]
        if progress is not None:
            totals: dict[str, int] = {}
            for spec, _, _ in jobs:
                totals[spec.name] = totals.get(spec.name, 0) + 1
            progress.begin(totals)
        finished: queue.Queue[tuple[str, str, bool, bool]] = queue.Queue()
        per_model: dict[str, queue.Queue] = {}
        for job in jobs:
            per_model.setdefault(job[0].key, queue.Queue()).put(job)

        def worker(todo: queue.Queue) -> None:
            while not self.cancelled.is_set():
                try:
                    spec, messages, sample = todo.get_nowait()
                except queue.Empty:
                    return
                failed, cached = True, False
                try:
                    entry = self._entry(spec, messages, sample)
                    failed, cached = "error" in entry, bool(entry.get("cached"))
                except ProviderError:
                    pass  # remembered in self.fatal; every item of that model reports it
                except KeyboardInterrupt:
                    return
                except Exception:  # noqa: BLE001 - the item meets the same fault again and reports it
                    pass
                finished.put((spec.name, cache_key(spec, messages, sample), failed, cached))

        for todo in per_model.values():
            for _ in range(min(concurrency, todo.qsize())):
                threading.Thread(target=worker, args=(todo,), daemon=True, name="pareval-fetch").start()
        done = 0
        try:
            while done < len(jobs):
                try:
                    name, key, failed, cached = finished.get(timeout=tick_s)
                except queue.Empty:
                    if progress is not None:
                        progress.tick()
                    continue
                done += 1
                if progress is not None:
                    progress.done(name, key, failed=failed, cached=cached)
        except BaseException:
            self.cancel()
            raise
        finally:
            if progress is not None:
                progress.end()

    def cancel(self) -> None:
        """No new request starts; a local generation in flight ends at its next token."""
        self.cancelled.set()
        from . import local
        local.CANCEL.set()


class FetchProgress:
    """What prefetch tells about its progress (progress.py draws it): the jobs per model name, then each
    finished job (its cache key; failed: no answer; cached: no request was made), ticks, the end."""

    def begin(self, totals: dict[str, int]) -> None: ...

    def done(self, model: str, key: str, *, failed: bool, cached: bool) -> None: ...

    def tick(self) -> None: ...

    def end(self) -> None: ...


def answer_record(answer: Answer) -> dict[str, Any]:
    """The answer's fields that go into the outcome record."""
    data = asdict(answer)
    return {k: data[k] for k in ("latency_s", "prompt_tokens", "completion_tokens", "cost_usd")}
