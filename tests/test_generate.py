"""Generation: code extraction, and litellm against a real OpenAI-compatible server on 127.0.0.1."""
from __future__ import annotations

import itertools
import time
from pathlib import Path

import pytest
from openai_server import ChatServer, Reply

from pytest_pareval.generate.generator import (FetchProgress, Generator, ProviderError, ResponseCache, RetryPolicy,
                                     extract_code)
from pytest_pareval.generate.models import ModelSpec
from pytest_pareval.suite.problems import PROBLEMS_DIR, load
from pytest_pareval.suite.prompt import messages

PROBLEM = load(PROBLEMS_DIR / "reduce" / "sum_of_squares.py")
FN = "double sumOfSquares(const std::vector<double> &x) {\n  double s = 0; for (double v : x) s += v * v; return s;\n}"
ANSWER = f"Sure.\n```cpp\n{FN}\n```\n"
FAST = RetryPolicy(attempts=3, base_s=0.01, cap_s=0.05)


# --- extraction ---------------------------------------------------------------------------------

def test_extracts_the_block_that_defines_the_function_among_several():
    text = f"First a usage example:\n```cpp\nauto r = sumOfSquares(v);\n```\nThe answer:\n```c++\n{FN}\n```"
    assert extract_code(text, "sumOfSquares").strip() == FN


def test_block_without_language_tag_and_prose_around_it():
    assert extract_code(f"Here:\n```\n{FN}\n```\nHope it helps!", "sumOfSquares").strip() == FN


def test_unfenced_answer_is_taken_whole():
    assert "return s;" in extract_code(FN, "sumOfSquares")


def test_stray_main_is_removed_and_helpers_are_kept():
    text = ("```cpp\nstatic double sq(double v) { return v * v; }\n```\n```cpp\n#include <iostream>\n"
            "double sumOfSquares(const std::vector<double> &x) { double s = 0; for (double v : x) s += sq(v); "
            "return s; }\nint main() { std::cout << sumOfSquares({1.0}) << std::endl; return 0; }\n```")
    code = extract_code(text, "sumOfSquares")
    assert "static double sq" in code and "int main" not in code and "#include <iostream>" in code


def test_include_of_the_glue_header_is_dropped():
    code = extract_code(f'```cpp\n#include "pareval.hpp"\n{FN}\n```', "sumOfSquares")
    assert "pareval.hpp" not in code


def test_last_revision_wins_and_prose_without_code_is_none():
    text = f"```cpp\n{FN.replace('v * v', 'v')}\n```\nOops, fixed:\n```cpp\n{FN}\n```"
    assert extract_code(text, "sumOfSquares").strip() == FN
    assert extract_code("Loop over x and add the squares.", "sumOfSquares") is None


# --- live requests ------------------------------------------------------------------------------

def _spec(server: ChatServer, key: str = "m") -> ModelSpec:
    return ModelSpec(key=key, name=key, kind="litellm", model="openai/test-model",
                     params={"api_base": server.url, "api_key": "sk-test"})


def _answer(generator: Generator, spec: ModelSpec, sample: int = 0):
    return generator.answer(spec, PROBLEM, "serial", messages(PROBLEM, "serial"), sample)


@pytest.fixture
def cache(tmp_path: Path) -> ResponseCache:
    return ResponseCache(tmp_path / "responses")


def test_answer_is_cached_and_a_rerun_asks_nothing(cache):
    with ChatServer(lambda body: Reply(content=ANSWER)) as server:
        first = _answer(Generator(cache, timeout=10, policy=FAST), _spec(server))
        again = _answer(Generator(cache, timeout=10, policy=FAST), _spec(server))
        assert len(server.requests) == 1
    assert first.code.strip() == FN and not first.cached
    assert again.cached and again.code == first.code and again.prompt_tokens == 100


def test_the_cache_key_holds_the_sample_and_every_parameter(cache):
    with ChatServer(lambda body: Reply(content=ANSWER)) as server:
        generator = Generator(cache, timeout=10, policy=FAST)
        _answer(generator, _spec(server), sample=0)
        _answer(generator, _spec(server), sample=1)
        hot = ModelSpec(key="m", name="m", kind="litellm", model="openai/test-model",
                        params={"api_base": server.url, "api_key": "sk-test", "temperature": 0.8})
        _answer(generator, hot, sample=0)
        assert len(server.requests) == 3
        assert server.requests[2]["temperature"] == 0.8


def test_regenerate_asks_again_once(cache):
    with ChatServer(lambda body: Reply(content=ANSWER)) as server:
        _answer(Generator(cache, timeout=10, policy=FAST), _spec(server))
        generator = Generator(cache, timeout=10, policy=FAST, regenerate=True)
        _answer(generator, _spec(server))
        _answer(generator, _spec(server))
        assert len(server.requests) == 2


def test_429_with_retry_after_is_honoured_then_succeeds(cache):
    replies = iter([Reply(status=429, headers={"Retry-After": "1"}), Reply(content=ANSWER)])
    with ChatServer(lambda body: next(replies)) as server:
        start = time.monotonic()
        answer = _answer(Generator(cache, timeout=10, policy=FAST), _spec(server))
        waited = time.monotonic() - start
        assert len(server.requests) == 2, answer.error
    assert answer.error is None and answer.code is not None
    assert waited >= 1.0  # the server asked for a second; our own backoff alone is 0.05 s at most


@pytest.mark.parametrize("reply, phrase", [
    (Reply(status=500), "InternalServerError"),
    (Reply(status=503), "ServiceUnavailable"),
    (Reply(raw_body=b"{not json"), ""),
])
def test_server_faults_are_retried_then_an_error_not_cached(cache, reply, phrase):
    with ChatServer(lambda body: reply) as server:
        answer = _answer(Generator(cache, timeout=10, policy=FAST), _spec(server))
        asked = len(server.requests)
        again = _answer(Generator(cache, timeout=10, policy=FAST), _spec(server))
        assert len(server.requests) == 2 * asked  # errors are never cached
    assert answer.error and phrase in answer.error and answer.code is None
    assert again.error
    if reply.status >= 500:
        assert asked == FAST.attempts


def test_empty_choices_and_prose_without_code(cache):
    replies = iter([Reply(content=None), Reply(content="Loop over x and add the squares.")])
    with ChatServer(lambda body: next(replies)) as server:
        generator = Generator(cache, timeout=10, policy=FAST)
        empty = _answer(generator, _spec(server), sample=0)
        prose = _answer(generator, _spec(server), sample=1)
    assert empty.error == "the provider returned no choices"
    assert prose.error is None and prose.code is None  # the model's fault: outcome no_code


def test_the_generation_timeout_bounds_the_whole_request_with_its_retries(cache):
    with ChatServer(lambda body: Reply(content=ANSWER, delay_s=3)) as server:
        start = time.monotonic()
        answer = _answer(Generator(cache, timeout=1.0, policy=RetryPolicy(attempts=5, base_s=0.01)), _spec(server))
        took = time.monotonic() - start
        assert len(server.requests) == 1  # the one attempt used the whole budget: no second one
    assert answer.error and "Timeout" in answer.error and answer.code is None
    assert took < 2.5  # one deadline, not 1 s per attempt


def test_a_retry_after_past_the_deadline_is_not_slept(cache):
    with ChatServer(lambda body: Reply(status=429, headers={"Retry-After": "30"})) as server:
        start = time.monotonic()
        answer = _answer(Generator(cache, timeout=2.0, policy=FAST), _spec(server))
        took = time.monotonic() - start
        assert len(server.requests) == 1
    assert answer.error and "RateLimit" in answer.error and took < 2.0


@pytest.mark.parametrize("reply", [
    Reply(status=429, raw_body=b'{"error": {"message": "You exceeded your current quota", "type": '
                                b'"insufficient_quota", "code": "insufficient_quota"}}'),
    Reply(status=504),
    Reply(status=400),
    Reply(content=None),
])
def test_every_provider_fault_after_the_retries_is_an_error_never_no_code(cache, reply):
    with ChatServer(lambda body: reply) as server:
        answer = _answer(Generator(cache, timeout=10, policy=FAST), _spec(server))
        assert server.requests
    assert answer.error and answer.code is None and answer.text == ""


def test_a_connection_refused_is_an_error(cache):
    with ChatServer(lambda body: Reply(content=ANSWER)) as server:
        spec = _spec(server)
    answer = _answer(Generator(cache, timeout=10, policy=FAST), spec)  # the server is gone
    assert answer.error and "Connection" in answer.error and answer.code is None


def test_a_replay_directory_without_the_answer_file_is_an_error(tmp_path):
    spec = ModelSpec(key="replay:r", name="r", kind="replay", model="", params={}, replay_dir=tmp_path)
    answer = Generator(None, timeout=10).answer(spec, PROBLEM, "serial", messages(PROBLEM, "serial"))
    assert answer.error and "no saved answer" in answer.error and answer.code is None


def test_regenerate_counts_from_the_sessions_start_shared_by_every_worker(cache):
    with ChatServer(lambda body: Reply(content=ANSWER)) as server:
        _answer(Generator(cache, timeout=10, policy=FAST), _spec(server))  # an earlier session
        session_start = time.time()
        first_worker = Generator(cache, timeout=10, policy=FAST, regenerate=True, started=session_start)
        _answer(first_worker, _spec(server))
        assert len(server.requests) == 2
        time.sleep(0.05)
        restarted = Generator(cache, timeout=10, policy=FAST, regenerate=True, started=session_start)
        again = _answer(restarted, _spec(server))
        assert len(server.requests) == 2  # bought by this session already: not bought twice
    assert again.cached


@pytest.mark.parametrize("status, name", [(401, "AuthenticationError"), (404, "NotFoundError")])
def test_fatal_errors_raise_once_then_skip_the_model(cache, status, name):
    with ChatServer(lambda body: Reply(status=status)) as server:
        generator = Generator(cache, timeout=10, policy=FAST)
        with pytest.raises(ProviderError, match=name) as first:
            _answer(generator, _spec(server))
        with pytest.raises(ProviderError) as second:
            _answer(generator, _spec(server), sample=1)
        assert len(server.requests) == 1
    assert str(first.value) == str(second.value) and "\n" not in str(first.value)


class Recorder(FetchProgress):
    def __init__(self) -> None:
        self.totals, self.done_calls, self.ticks = None, [], 0

    def begin(self, totals):
        self.totals = totals

    def done(self, model, key, *, failed, cached):
        self.done_calls.append((model, failed, cached))

    def tick(self):
        self.ticks += 1


def test_prefetch_runs_requests_concurrently_within_the_per_model_limit(cache):
    with ChatServer(lambda body: Reply(content=ANSWER, delay_s=0.3)) as server:
        generator = Generator(cache, timeout=10, policy=FAST)
        a, b = _spec(server, "a"), ModelSpec(**{**_spec(server, "b").__dict__, "params": {
            "api_base": server.url, "api_key": "sk-test", "seed": 1}})
        jobs = [(spec, messages(PROBLEM, "serial"), i) for spec, i in itertools.product((a, b), range(6))]
        seen = Recorder()
        generator.prefetch(jobs, concurrency=3, progress=seen, tick_s=0.05)
        assert len(server.requests) == 12
        assert 3 < server.max_in_flight <= 6  # two models, three each
        again = Recorder()
        generator.prefetch(jobs, concurrency=3, progress=again)
        assert len(server.requests) == 12  # everything already cached
    assert seen.totals == {"a": 6, "b": 6} and len(seen.done_calls) == 12 and seen.ticks > 0
    assert not any(failed or cached for _, failed, cached in seen.done_calls)
    assert all(cached for _, _, cached in again.done_calls)


def test_prefetch_reports_failures_to_the_progress(cache):
    with ChatServer(lambda body: Reply(status=500)) as server:
        seen = Recorder()
        Generator(cache, timeout=10, policy=FAST).prefetch(
            [(_spec(server), messages(PROBLEM, "serial"), i) for i in range(2)], concurrency=2, progress=seen)
    assert [failed for _, failed, _ in seen.done_calls] == [True, True]


def test_a_servers_retry_after_beats_the_backoff_cap_up_to_its_own_cap():
    policy = RetryPolicy(base_s=0.01, cap_s=0.05, retry_after_cap_s=30)
    assert policy.delay(0, 2.0) == 2.0
    assert policy.delay(0, 3600.0) == 30
    assert policy.delay(3, None) <= 0.05


# --- extraction: a corpus of answer styles ----------------------------------------------------------

BODY = "{\n  double s = 0;\n  for (double v : x) s += v * v;\n  return s;\n}"
#: Valid C++ definitions of sumOfSquares, as models write them.
DEFINITION_STYLES = {
    "plain": f"double sumOfSquares(const std::vector<double> &x) {BODY}",
    "noexcept": f"double sumOfSquares(const std::vector<double> &x) noexcept {BODY}",
    "noexcept_expr": f"double sumOfSquares(const std::vector<double> &x) noexcept(true) {BODY}",
    "trailing_return": f"auto sumOfSquares(const std::vector<double> &x) -> double {BODY}",
    "trailing_return_noexcept": f"auto sumOfSquares(const std::vector<double>& x) noexcept -> double {BODY}",
    "line_comment_before_brace": f"double sumOfSquares(const std::vector<double> &x) // O(n)\n{BODY}",
    "block_comment_before_brace": f"double sumOfSquares(const std::vector<double> &x) /* O(n) */ {BODY}",
    "comment_in_parameters": f"double sumOfSquares(const std::vector<double> &x /* the values */) {BODY}",
    "line_comment_in_parameters": f"double sumOfSquares(\n    const std::vector<double> &x  // values\n) {BODY}",
    "parameters_over_lines": f"double\nsumOfSquares(\n    const std::vector<double> &x\n)\n{BODY}",
    "nodiscard": f"[[nodiscard]] double sumOfSquares(const std::vector<double> &x) {BODY}",
    "gnu_hot": f"[[gnu::hot]] inline double sumOfSquares(const std::vector<double> &x) {BODY}",
    "attribute_after": f"double sumOfSquares(const std::vector<double> &x) __attribute__((hot)) {BODY}",
    "static": f"static double sumOfSquares(const std::vector<double> &x) {BODY}",
    "inline": f"inline double sumOfSquares(const std::vector<double> &x) {BODY}",
    "constexpr": f"constexpr double sumOfSquares(const std::vector<double> &x) {BODY}",
    "no_std_prefix": f"using namespace std;\ndouble sumOfSquares(const vector<double> &x) {BODY}",
    "template_default": f"template <typename T = double>\nT sumOfSquares(const std::vector<T> &x) {BODY}",
    "function_try_block": ("double sumOfSquares(const std::vector<double> &x) try {\n  double s = 0;\n"
                           "  for (double v : x) s += v * v;\n  return s;\n} catch (...) {\n  return 0;\n}"),
    "brace_on_next_line_with_comment": f"double sumOfSquares(const std::vector<double> &x)\n// squares\n{BODY}",
    "parenthesised_string_in_body": ("double sumOfSquares(const std::vector<double> &x) {\n"
                                     "  const char *note = \"(a) { b ;\";\n  (void)note;\n  double s = 0;\n"
                                     "  for (double v : x) s += v * v;\n  return s;\n}"),
}


@pytest.mark.parametrize("style", sorted(DEFINITION_STYLES))
def test_every_valid_definition_style_is_extracted(style):
    definition = DEFINITION_STYLES[style]
    fenced = f"Here is the implementation.\n\n```cpp\n#include <vector>\n{definition}\n```\n\nIt runs in O(n)."
    code = extract_code(fenced, "sumOfSquares")
    assert code is not None and definition.strip() in code
    assert "It runs in O(n)" not in code and "Here is" not in code
    assert extract_code(definition, "sumOfSquares") is not None  # unfenced too


@pytest.mark.parametrize("style", ["noexcept", "trailing_return", "line_comment_before_brace", "nodiscard"])
def test_helpers_in_other_blocks_stay_with_any_definition_style(style):
    text = (f"A helper:\n```cpp\nstatic inline double sq(double v) noexcept {{ return v * v; }}\n```\n"
            f"The function:\n```cpp\n{DEFINITION_STYLES[style]}\n```")
    code = extract_code(text, "sumOfSquares")
    assert "static inline double sq" in code and DEFINITION_STYLES[style] in code


@pytest.mark.parametrize("text", [
    "```cpp\ndouble sumOfSquares(const std::vector<double> &x);\n```",                 # a declaration
    "```cpp\nauto r = sumOfSquares(values);\nif (sumOfSquares(v) > 0) { print(); }\n```",  # calls only
    "```cpp\nwhile (sumOfSquares(v)) { step(); }\n```",
    "Call sumOfSquares(x) on the values, then print the result.",                           # prose
    "```cpp\n// double sumOfSquares(const std::vector<double> &x) { return 0; }\n```",    # commented out
    "```python\ndef sumOfSquares(x): return sum(v * v for v in x)\n```",
])
def test_what_is_not_a_definition_is_not_extracted(text):
    assert extract_code(text, "sumOfSquares") is None


# --- responses that are not valid text ------------------------------------------------------------------

def test_a_lone_surrogate_in_a_response_is_the_models_fault(cache, tmp_path):
    """A response whose JSON carries a lone surrogate (\\ud800) is the model's output, never an error (ours)
    nor a crash in a later stage: replaced, the code around it is judged as usual, and a response with no
    code left is no_code saying why."""
    from pytest_pareval.verdict.engine import decide
    replies = iter([ANSWER.replace("Sure.", "Sure \ud800."), "\ud800 no code at all"])
    with ChatServer(lambda body: Reply(content=next(replies))) as server:
        prose = _answer(Generator(cache, timeout=10, policy=FAST), _spec(server))
        again = _answer(Generator(cache, timeout=10, policy=FAST), _spec(server))  # from the cache
        garbage = _answer(Generator(cache, timeout=10, policy=FAST), _spec(server), sample=1)
    for got in (prose, again):
        assert got.error is None and got.code.strip() == FN
        assert got.flaw == "the response is not valid UTF-8 (a lone surrogate at character 5)"
        got.text.encode("utf-8")  # storable as it is
    assert garbage.error is None and garbage.code is None
    verdict, _ = decide(None, PROBLEM, "serial", 1, garbage, None, None, tmp_path)
    assert (verdict.outcome, verdict.message) == ("no_code", garbage.flaw)


def test_a_replayed_response_that_is_not_utf8_fails_to_build(tmp_path):
    from pytest_pareval.build import compile as build
    from pytest_pareval.sandbox import core as sandbox
    path = tmp_path / "reduce" / "sum_of_squares" / "serial.txt"
    path.parent.mkdir(parents=True)
    path.write_bytes(ANSWER.encode().replace(b"double s = 0", b"double s\xff = 0"))
    spec = ModelSpec(key="replay:r", name="r", kind="replay", model="", params={}, replay_dir=tmp_path)
    answer = Generator(None, timeout=10).answer(spec, PROBLEM, "serial", messages(PROBLEM, "serial"))
    assert answer.error is None and answer.flaw == f"the response is not valid UTF-8 (byte {ANSWER.index(' = 0')})"
    workdir = sandbox.make_workdir()
    try:
        built = build.build(answer.code, PROBLEM.signature, "serial", workdir / "b", timeout=120)
    finally:
        sandbox.remove_workdir(workdir)
    assert not built.ok and built.machine_fault is None and "\ufffd" in built.log
