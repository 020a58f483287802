"""ParEval's problem set through our harness (--pareval-suite), against a small checkout in ParEval's layout
that we wrote for these tests (tests/pareval_fixture: three problems, our own drivers and templates) and a
generations file with both of its output kinds. No network: a live model is the loopback server."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import litellm  # noqa: F401 - loaded before any in-process run: pytester unloads modules first imported in one
import pytest
from openai_server import ChatServer, Reply

from conftest import PROBLEMS
from pytest_pareval import cli
from pytest_pareval.build.pareval import answer_source
from pytest_pareval.report.pareval import pass_at_k, speedup_at_k
from pytest_pareval.suite.pareval import (CheckoutError, GenerationsError, load_generations, messages,
                                          open_checkout, our_output, problems)
from pytest_pareval.suite.pareval.answers import pareval_chat_postprocess
from pytest_pareval.verdict.pareval import communication_calls, pareval_source_valid

FIXTURE = Path(__file__).resolve().parent / "pareval_fixture"
CHECKOUT = FIXTURE / "checkout"
GENERATIONS = FIXTURE / "generations.json"
PROMPT = ("/* Store in out[i] the largest of x[0..i].\n   Example: input: [3, 1, 4, 1, 5] output: [3, 3, 4, 4, 5]\n*/\n"
          "void runningMax(std::vector<int> const& x, std::vector<int> &out) {")


# --- the checkout -----------------------------------------------------------------------------------

def test_the_checkouts_prompts_become_problems_in_the_modes_asked():
    checkout = open_checkout(CHECKOUT)
    found = problems(checkout, ["serial", "mpi"])
    assert [(p.name, p.mode) for p in found] == [
        ("01_reduce_total", "serial"), ("01_reduce_total", "mpi"), ("02_scan_running_max", "serial"),
        ("02_scan_running_max", "mpi"), ("03_sort_descending", "serial"), ("03_sort_descending", "mpi")]
    assert found[2].domain == "scan" and found[2].function == "runningMax"
    assert checkout.pareval_ranks("mpi") == (1, 2, 4)  # its test launch configuration
    assert checkout.pareval_shapes("omp") == ((1, 1), (1, 2), (1, 4), (1, 8))
    assert checkout.pareval_shapes("mpi+omp") == ((1, 1), (1, 2), (2, 1), (2, 2))
    assert checkout.problem_size("01_reduce_total", "mpi") == "(1<<20)"
    assert checkout.commit is None  # a directory inside another repository has no commit of its own


@pytest.mark.parametrize("damage, phrase", [
    (lambda root: shutil.rmtree(root), "is not a directory"),
    (lambda root: (root / "prompts/generation-prompts.json").unlink(), "is not a ParEval checkout"),
    (lambda root: (root / "prompts/generation-prompts.json").write_text('{"a": 1}'), "unknown layout"),
    (lambda root: (root / "prompts/generation-prompts.json").write_text('[{"name": "x"}]'), "unknown layout"),
    (lambda root: (root / "drivers/cpp/benchmarks/sort/03_sort_descending/cpu.cc").unlink(),
     "partial: drivers/cpp/benchmarks/sort/03_sort_descending/cpu.cc is missing"),
    (lambda root: (root / "drivers/cpp/models/mpi-driver.cc").unlink(), "partial: drivers/cpp/models/mpi-driver.cc"),
])
def test_a_missing_partial_or_unknown_checkout_is_one_line(tmp_path, damage, phrase):
    root = tmp_path / "ParEval"
    shutil.copytree(CHECKOUT, root)
    damage(root)
    with pytest.raises(CheckoutError, match=phrase.replace("(", r"\(")) as caught:
        open_checkout(root)
    assert "\n" not in str(caught.value)


def test_a_chat_model_gets_the_checkouts_templates_byte_for_byte():
    """The templates come from the checkout's chat script, read and never run (the fixture's script exits
    when run)."""
    checkout = open_checkout(CHECKOUT)
    problem = next(p for p in problems(checkout, ["serial"]) if p.name == "02_scan_running_max")
    assert messages(checkout, problem) == [
        {"role": "system", "content": "You write C++ for a test harness.\n"
                                      "Answer with the function's body in one code block.\n"},
        {"role": "user", "content": "Finish runningMax; write only what goes inside runningMax.\n\n```cpp\n"
                                    + PROMPT + "\n```\n"}]


# --- answers ----------------------------------------------------------------------------------------

def test_a_continuation_is_appended_to_the_prompt_as_parevals_runner_does():
    body = "\n    out = x;\n}"
    assert answer_source(PROMPT, body) == PROMPT.replace("void runningMax", "void NO_INLINE runningMax") + "\n" + body
    assert our_output(PROMPT, "runningMax", body).output == body
    assert our_output(PROMPT, "runningMax", body).form == "continuation"


def test_a_fenced_body_a_whole_function_and_a_repeated_signature_are_all_judged():
    fenced_body = our_output(PROMPT, "runningMax", "Here you are:\n```cpp\n    out = x;\n```\n")
    assert (fenced_body.form, fenced_body.output) == ("fenced body", "    out = x;\n}")
    whole = our_output(PROMPT, "runningMax", (
        "```c++\n#include <algorithm>\nstatic int top(int a, int b) { return a > b ? a : b; }\n"
        "void runningMax(std::vector<int> const& x, std::vector<int> &out) {\n"
        "    for (size_t i = 0; i < x.size(); ++i) out[i] = i ? top(out[i - 1], x[i]) : x[i];\n}\n```"))
    assert whole.form == "fenced function"
    assert whole.helpers == "#include <algorithm>\nstatic int top(int a, int b) { return a > b ? a : b; }"
    assert whole.output.endswith("x[i];\n}") and "void runningMax" not in whole.output
    source = answer_source(PROMPT, whole.output, whole.helpers)
    assert source.index("static int top") < source.index("void NO_INLINE runningMax")
    repeated = our_output(PROMPT, "runningMax", PROMPT.splitlines()[-1] + "\n    out = x;\n}")
    assert repeated.output.strip() == "out = x;\n}"


def test_parevals_chat_postprocessing_is_kept_with_its_quirks():
    """ParEval strips leading backticks and the characters c and p (a character set), then the prompt."""
    assert pareval_chat_postprocess(PROMPT, "```cpp\n    out = x;\n}\n```") == "\n    out = x;\n}\n"
    assert pareval_chat_postprocess(PROMPT, "copy(x.begin(), x.end(), out.begin());\n}") == \
        "opy(x.begin(), x.end(), out.begin());\n}"
    assert pareval_chat_postprocess(PROMPT, PROMPT + "\n out = x; }") == "\n out = x; }"


def test_communication_is_a_call_that_moves_data_outside_comments_and_strings():
    code = ('// MPI_Reduce(&a, &b, 1, MPI_DOUBLE, MPI_SUM, 0, MPI_COMM_WORLD);\n'
            'puts("MPI_Bcast(");\nint r; MPI_Comm_rank(MPI_COMM_WORLD, &r);')
    assert communication_calls(code) == []
    assert pareval_source_valid("mpi", code)  # ParEval's check: the text MPI_ appears
    assert communication_calls(code + "\nMPI_Allreduce(MPI_IN_PLACE, &s, 1, MPI_INT, MPI_SUM, c);") == ["MPI_Allreduce"]


# --- generations files ------------------------------------------------------------------------------

def test_a_generations_file_keeps_both_output_kinds_their_order_and_parevals_verdicts():
    generations = load_generations(GENERATIONS)
    samples = generations.samples("01_reduce_total", "serial", 2)
    assert [s.index for s in samples] == [0, 1]
    assert samples[1].text == "\n    return 0.0;\n}" and samples[1].reported["are_all_valid"] is False
    assert samples[0].reported == {}
    assert generations.samples("03_sort_descending", "mpi", 5) == []


@pytest.mark.parametrize("text, phrase", [
    ("{", "not readable JSON"), ('{"a": 1}', "not a list"), ('[{"name": "x"}]', "lacks name"),
    ('[{"name": "x", "parallelism_model": "mpi", "prompt": "p", "outputs": [3]}]', "neither a string nor a dict"),
])
def test_a_malformed_generations_file_is_one_line(tmp_path, text, phrase):
    path = tmp_path / "g.json"
    path.write_text(text)
    with pytest.raises(GenerationsError, match=phrase):
        load_generations(path)


# --- ParEval's metrics, by hand ------------------------------------------------------------------------

def test_parevals_estimators_computed_by_hand():
    assert pass_at_k(5, 2, 1) == pytest.approx(0.4)
    assert pass_at_k(5, 2, 3) == pytest.approx(1 - 1 / 10)  # 1 - C(3,3)/C(5,3)
    assert pass_at_k(5, 2, 4) == 1.0  # n - c < k
    # valid runtimes 1, 2, 4 s against a baseline of 4 s: speedups 4, 2, 1
    assert speedup_at_k([4.0, 1.0, 2.0], 4.0, 1) == pytest.approx(7 / 3)  # the mean
    # k = 2: runtimes ascending, weights C(j-1, 1)/C(3, 2) = 1/3 (C(0, 1) is 1 in ParEval's nCr), 1/3, 2/3
    assert speedup_at_k([4.0, 1.0, 2.0], 4.0, 2) == pytest.approx(4 / 3 + 2 / 3 + 2 / 3)
    assert speedup_at_k([4.0, 1.0, 2.0], 4.0, 3) == pytest.approx(7.0)  # every weight 1: the sum
    assert speedup_at_k([4.0, 1.0, 2.0], 4.0, 5) == pytest.approx(7.0)  # fewer valid samples than k: the sum
    assert speedup_at_k([4.0, 1.0, 2.0], 4.0, 1, resources=2) == pytest.approx(7 / 6)


# --- through pytest ---------------------------------------------------------------------------------

def _run(pytester, tmp_path, *args, output="out"):
    out = tmp_path / output
    result = pytester.runpytest_subprocess(str(PROBLEMS), f"--pareval-suite={CHECKOUT}", f"--pareval-output={out}",
                                           "-p", "no:cacheprovider", *args)
    results = out / "results.jsonl"
    records = [json.loads(line) for line in results.read_text().splitlines()] if results.exists() else []
    return result, [r for r in records if "manifest" not in r], out


def test_ids_and_markers_select_parevals_items_like_ours(pytester, tmp_path):
    replay = f"--pareval-models=replay:{GENERATIONS}"
    result, _, _ = _run(pytester, tmp_path, replay, "--pareval-samples=2", "--collect-only", "-q")
    ids = [line.split("[", 1)[1].rstrip("]") for line in result.outlines if "::test_problem[" in line]
    assert ids == ["01_reduce_total-serial-replay-generations-0", "01_reduce_total-serial-replay-generations-1",
                   "01_reduce_total-mpi-replay-generations-0", "01_reduce_total-mpi-replay-generations-1",
                   "02_scan_running_max-serial-replay-generations-0"]  # only what the file answers
    result, _, _ = _run(pytester, tmp_path, "--pareval-models=reference", "--collect-only", "-q", "-k", "mpi and scan")
    assert [line for line in result.outlines if "::test_problem[" in line] == [
        "problems/test_pareval.py::test_problem[02_scan_running_max-mpi-reference]"]
    result, _, _ = _run(pytester, tmp_path, "--pareval-models=reference", "--collect-only", "-q", "-m", "sort")
    assert sum("::test_problem[03_sort_descending-" in line for line in result.outlines) == 2
    result, _, _ = _run(pytester, tmp_path, "--pareval-models=reference", "--pareval-modes=all", "--collect-only",
                        "-q", "-k", "total and (omp or hybrid)")
    assert [line.split("[", 1)[1] for line in result.outlines if "::test_problem[" in line] == [
        "01_reduce_total-omp-reference]", "01_reduce_total-hybrid-reference]"]


@pytest.mark.parametrize("args, phrase", [
    ([f"--pareval-suite={FIXTURE / 'nowhere'}"], "is not a directory"),
    ([f"--pareval-suite={FIXTURE}"], "is not a ParEval checkout"),
])
def test_a_bad_checkout_stops_the_session_with_one_line(pytester, args, phrase):
    result = pytester.runpytest_subprocess(str(PROBLEMS), "-p", "no:cacheprovider", "--collect-only",
                                           "--pareval-models=reference", *args)
    assert result.ret == 4
    errors = [line for line in result.errlines if line.startswith("ERROR:")]
    assert len(errors) == 1 and phrase in errors[0]


def test_a_generations_file_needs_the_checkout(pytester):
    result = pytester.runpytest_subprocess(str(PROBLEMS), "-p", "no:cacheprovider", "--collect-only",
                                           f"--pareval-models=replay:{GENERATIONS}")
    assert result.ret == 4
    assert any("--pareval-suite" in line for line in result.errlines if line.startswith("ERROR:"))


def test_a_replayed_generations_file_gets_parevals_verdict_and_ours(pytester, tmp_path):
    result, records, out = _run(pytester, tmp_path, f"--pareval-models=replay:{GENERATIONS}", "--pareval-samples=3")
    got = {(r["problem"], r["mode"], r["sample"]): r for r in records}
    assert len(got) == 7
    expect = {  # outcome, pareval_valid, why they differ
        ("01_reduce_total", "serial", 0): ("pass", True, None),
        ("01_reduce_total", "serial", 1): ("wrong", False, None),
        ("01_reduce_total", "serial", 2): ("build_fail", False, None),
        ("01_reduce_total", "mpi", 0): ("pass", True, None),
        ("01_reduce_total", "mpi", 1): ("not_parallel", True, "no MPI communication call"),
        ("01_reduce_total", "mpi", 2): ("wrong", True, "fails at 3 ranks (a count ParEval does not try)"),
        ("02_scan_running_max", "serial", 0): (
            "pass", False, "whole function: ParEval appends it inside the prompt's function (build fails)"),
    }
    assert {key: (r["outcome"], r["pareval_valid"], r.get("pareval_differs")) for key, r in got.items()} == expect
    mpi = got[("01_reduce_total", "mpi", 0)]
    assert [run["ranks"] for run in mpi["pareval_runs"]] == [1, 2, 4] and mpi["checked_ranks"] == [1, 2, 3]
    assert mpi["suite"] == "pareval" and mpi["domain"] == "reduce" and mpi["speedup"] > 0
    assert got[("01_reduce_total", "serial", 1)]["pareval_reported_valid"] is False
    report = (out / "report.md").read_text()
    assert "ParEval's metrics (ParEval's definitions)" in report
    assert "| Replay generations | no MPI communication call | 1 |" in report
    # the same report from the saved file alone
    assert cli.main(["report", str(out / "results.jsonl"), "--output", str(tmp_path / "again")]) == 0
    assert "| Replay generations | no MPI communication call | 1 |" in (tmp_path / "again" / "report.md").read_text()
    # warm: nothing is built or launched again
    result, records, _ = _run(pytester, tmp_path, f"--pareval-models=replay:{GENERATIONS}", "--pareval-samples=3")
    assert all(r["build_cached"] for r in records if r["outcome"] != "build_fail")
    assert all(r["run_cached"] for r in records if r["outcome"] != "build_fail")


def test_a_live_model_gets_parevals_messages_and_its_whole_function_is_judged_both_ways(pytester, tmp_path):
    answer = ("```cpp\nvoid runningMax(std::vector<int> const& x, std::vector<int> &out) {\n"
              "    for (size_t i = 0; i < x.size(); ++i) out[i] = i ? std::max(out[i - 1], x[i]) : x[i];\n}\n```")
    with ChatServer(lambda body: Reply(content=answer)) as server:
        models = tmp_path / "models.toml"
        models.write_text(f'[models.srv]\nmodel = "openai/m"\napi_base = "{server.url}"\napi_key = "sk-x"\n')
        result, records, _ = _run(pytester, tmp_path, "--pareval-models=srv", f"--pareval-models-file={models}",
                                  "--pareval-modes=serial", "-k", "scan")
    assert [r["outcome"] for r in records] == ["pass"]
    assert records[0]["pareval_valid"] is False and records[0]["answer_form"] == "fenced function"
    sent = server.requests[0]["messages"]
    checkout = open_checkout(CHECKOUT)
    problem = next(p for p in problems(checkout, ["serial"]) if p.name == "02_scan_running_max")
    assert sent == messages(checkout, problem)


def test_parevals_baselines_as_answers(pytester, tmp_path):
    """The reference model answers with ParEval's serial baselines: correct everywhere for ParEval, and for
    us in serial; in MPI they make no call at all."""
    result, records, _ = _run(pytester, tmp_path, "--pareval-models=reference", "-k", "total or running")
    got = {(r["problem"], r["mode"]): (r["outcome"], r["pareval_valid"]) for r in records}
    assert got == {("01_reduce_total", "serial"): ("pass", True), ("01_reduce_total", "mpi"): ("not_parallel", True),
                   ("02_scan_running_max", "serial"): ("pass", True),
                   ("02_scan_running_max", "mpi"): ("not_parallel", True)}


def test_parevals_openmp_and_hybrid_prompts_get_its_verdict_and_ours(pytester, tmp_path):
    """ParEval's OpenMP drivers take the thread count: ParEval's verdict at its test configurations (1, 2, 4,
    8 threads; 1x1, 1x2, 2x1, 2x2), ours at our checked counts and with our rule that an OpenMP answer starts
    a parallel region of two or more threads (counted by the accounting layer linked into its program)."""
    result, records, out = _run(pytester, tmp_path, f"--pareval-models=replay:{GENERATIONS}", "--pareval-samples=4",
                                "--pareval-modes=omp,mpi+omp", "--pareval-suite-untimed")
    got = {(r["mode"], r["sample"]): (r["outcome"], r["pareval_valid"], r.get("pareval_differs")) for r in records}
    assert got == {
        ("omp", 0): ("pass", True, None),
        ("omp", 1): ("not_parallel", True, "no OpenMP parallel region of 2+ threads"),
        ("omp", 2): ("wrong", False, None),  # every thread overwrites the result: wrong at 2 threads
        ("omp", 3): ("wrong", True, "fails at 3 threads (a count ParEval does not try)"),
        ("mpi+omp", 0): ("pass", True, None),
        ("mpi+omp", 1): ("not_parallel", True, "no OpenMP parallel region of 2+ threads"),
    }
    by = {(r["mode"], r["sample"]): r for r in records}
    assert [(run["ranks"], run["threads"]) for run in by[("omp", 0)]["pareval_runs"]] == \
        [(1, 1), (1, 2), (1, 4), (1, 8)]
    assert by[("omp", 0)]["checked_threads"] == [1, 2, 3] and by[("omp", 0)]["omp_regions"] > 0
    assert by[("omp", 1)]["message"].startswith("correct, but it never started an OpenMP parallel region")
    assert by[("omp", 2)]["message"].startswith("at 2 threads: ")
    assert [(run["ranks"], run["threads"]) for run in by[("mpi+omp", 0)]["pareval_runs"]] == \
        [(1, 1), (1, 2), (2, 1), (2, 2)]
    assert "1 rank x 2 threads" in by[("mpi+omp", 1)]["message"]
    report = (out / "report.md").read_text()  # ParEval's metrics per execution model, n = ranks x threads
    assert "| omp (n=2) | reduce |" in report and "| mpi+omp (n=1x2) | reduce |" in report
    assert "| Replay generations | no OpenMP parallel region of 2+ threads | 2 |" in report


def test_a_run_that_fails_is_launched_again_before_it_counts(pytester, tmp_path):
    result, records, _ = _run(pytester, tmp_path, f"--pareval-models=replay:{GENERATIONS}", "--pareval-samples=4",
                              "--pareval-suite-untimed", "-k", "total-mpi-replay-generations-3")
    assert [r["outcome"] for r in records] == ["run_fail"]
    assert records[0]["message"].startswith("at 2 ranks: ") and "before validating" in records[0]["message"]
    assert records[0]["message"].endswith("(the same on a second try)")
    assert records[0]["pareval_valid"] is False


def test_the_work_division_rule_judges_parevals_timed_calls_of_an_mpi_answer(pytester, tmp_path):
    """A rank-0-does-all answer with a token broadcast is correct at every rank count and ParEval accepts it;
    our division rule, measured on ParEval's own timed calls of the answer, finds a rank idle. A divided
    answer passes with its figures recorded."""
    result, records, _ = _run(pytester, tmp_path, f"--pareval-models=replay:{GENERATIONS}", "--pareval-samples=5",
                              "-k", "total-mpi-replay-generations-0 or total-mpi-replay-generations-4")
    got = {r["sample"]: r for r in records}
    divided, alone = got[0], got[4]
    assert (divided["outcome"], divided["pareval_valid"]) == ("pass", True)
    assert 0.2 < divided["least_share"] < 0.75 and divided["division_measures"] == 1
    assert (alone["outcome"], alone["pareval_valid"], alone["pareval_differs"]) == ("not_parallel", True,
                                                                                    "work not divided")
    assert alone["message"].startswith("correct, but the work was not divided: on ParEval's timed calls at 2 ranks")
    assert "a rank sat idle" in alone["message"] and alone["least_share"] < 0.1
