"""Timed runs no answer can game (issue 21): every timed call on an input of its own with its outputs checked,
a timed run over its limit judged on a second try or `timeout`, the work division judged on every problem,
the no-communication rule reading the timed run too, and caches keyed by what can change their meaning.

The answers are files under tests/fakes/, run through the real pipeline."""
from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from pytest_pareval.build import compile as build_stage
from pytest_pareval.run.launcher import nodes
from pytest_pareval.sandbox import core as sandbox
from pytest_pareval.suite.problems import discover
from pytest_pareval.verdict import division, limits, timing
from pytest_pareval.verdict.timed import TIMED_CALLS
from test_verdict import _judge, _problem, _replay, _settings, _verdicts

FAKES = Path(__file__).resolve().parent / "fakes"


def _fake(problem_id: str, name: str) -> str:
    return (FAKES / problem_id / f"{name}.cpp").read_text()


# --- remembering across calls buys nothing --------------------------------------------------------------

def test_an_answer_remembering_its_last_input_gets_no_speedup(tmp_path, shared_build_cache):
    # With one input repeated it got 46x; on inputs of their own it sorts every time, as the reference does.
    problem = _problem("sort/sort_ascending")
    verdicts = _verdicts(_settings(tmp_path, shared_build_cache), shared_build_cache)
    verdict, fields = _judge(verdicts, problem, "serial", _fake(problem.id, "serial_memo_last"))
    assert verdict.outcome == "pass", verdict.message
    assert fields["timing_repeats"] == TIMED_CALLS
    assert fields["speedup"] < 3.0, fields


def test_an_answer_returning_a_remembered_output_for_an_input_of_the_same_size_is_wrong(tmp_path,
                                                                                       shared_build_cache):
    # Right on the correctness cases (one per size), wrong on the second timing input: every call is checked.
    problem = _problem("sort/sort_ascending")
    verdicts = _verdicts(_settings(tmp_path, shared_build_cache), shared_build_cache)
    verdict, fields = _judge(verdicts, problem, "serial", _fake(problem.id, "serial_memo_size"))
    assert verdict.outcome == "wrong", verdict.message
    assert verdict.message.startswith(f"on the timing inputs (size {problem.timing_size}), call 2 of "), \
        verdict.message
    assert fields["speedup"] is None


def test_an_mpi_sort_keeping_its_results_in_static_storage_gets_no_speedup(tmp_path, shared_build_cache):
    # It got 16,051x at 2 ranks when the three timed calls repeated one input.
    problem = _problem("sort/sort_ascending")
    verdicts = _verdicts(_settings(tmp_path, shared_build_cache), shared_build_cache)
    verdict, fields = _judge(verdicts, problem, "mpi", _fake(problem.id, "mpi_memo_hash"), ranks=2)
    assert verdict.outcome == "pass", verdict.message
    assert fields["speedup"] < 3.0, fields
    assert fields["least_share"] is not None


# --- fake-parallel shapes on one-pass problems ---------------------------------------------------------

#: Replay models: each answers some problems with one of the files under tests/fakes/.
SHAPES = {
    "allreduce": {"reduce/sum_of_squares": "mpi_allreduce_token", "dense_la/dense_mat_vec": "mpi_rank0_after_bcast",
                  "histogram/count_values": "mpi_rank0_then_reduce"},
    "bcast": {"reduce/sum_of_squares": "mpi_bcast_token"},
    "rank0": {"reduce/sum_of_squares": "mpi_rank0_after_bcast"},
    "silent": {"reduce/sum_of_squares": "mpi_silent"},
    "cutoff": {"reduce/sum_of_squares": "mpi_size_cutoff"},
}


@pytest.mark.slow
def test_fake_parallel_answers_on_one_pass_problems_are_not_parallel_and_a_size_cutoff_passes(run_suite, tmp_path):
    models = []
    for model, answers in SHAPES.items():
        for problem_id, name in answers.items():
            models.append(_replay(tmp_path / model, _problem(problem_id), "mpi", _fake(problem_id, name)))
    _, records = run_suite(f"--pareval-models={','.join(dict.fromkeys(models))}", "-k",
                           "sum_of_squares-mpi or dense_mat_vec-mpi or count_values-mpi")
    got = {(r["model_id"].removeprefix("replay-"), r["problem"]): r for r in records
           if r["outcome"] != "error"}
    assert set(got) == {(model, p) for model, answers in SHAPES.items() for p in answers}, sorted(got)
    for (model, problem_id), record in got.items():
        want = "pass" if model == "cutoff" else "not_parallel"
        assert record["outcome"] == want, (model, problem_id, record["message"])
    # Every problem's division is judged, one-pass ones too (their one-rank compute is a few ms).
    assert got["cutoff", "reduce/sum_of_squares"]["least_share"] is not None
    assert "every rank did the work" in got["bcast", "reduce/sum_of_squares"]["message"]
    assert "a rank sat idle" in got["rank0", "reduce/sum_of_squares"]["message"]
    assert "a rank sat idle" in got["allreduce", "histogram/count_values"]["message"]
    # The no-communication rule says what it observed, in which runs and at which counts.
    silent = got["silent", "reduce/sum_of_squares"]["message"]
    assert "no rank sent or received any data" in silent
    assert "at 2 ranks no MPI call" in silent and "at 3 ranks" in silent, silent
    assert f"the timed run at 2 ranks ({TIMED_CALLS} calls on the timing inputs)" in silent, silent


# --- a timed run over its limit ------------------------------------------------------------------------

@pytest.fixture
def short_timed_limits(monkeypatch):
    """A timed call's limit of 1 s and 2 s of start-up (the pipeline's 5 s and 20 s would make these tests
    take minutes)."""
    monkeypatch.setattr(limits, "TIMED_FLOOR_S", 1.0)
    monkeypatch.setattr(timing, "TIMED_STARTUP_S", 2.0)


@pytest.mark.slow
def test_a_slow_fake_parallel_answer_is_judged_on_a_second_try(tmp_path, shared_build_cache, short_timed_limits):
    # Each call takes 4 s on the timing inputs: over its 1 s limit, within --pareval-timeout. It used to pass.
    problem = _problem("sort/sort_ascending")
    settings = _settings(tmp_path, shared_build_cache, timeout=20.0, timing_factor=0.001)
    verdict, fields = _judge(_verdicts(settings, shared_build_cache), problem, "mpi",
                             _fake(problem.id, "mpi_slow_duplicated"), ranks=2)
    assert verdict.outcome in ("not_parallel", "timeout"), verdict.message
    assert verdict.outcome == "not_parallel", verdict.message  # on this machine the second try finishes
    assert fields["timed_second_try"] and fields["speedup"] is None
    assert "did not finish within its limit" in fields["timing_note"], fields


@pytest.mark.slow
def test_a_timed_run_that_never_finishes_is_a_timeout(tmp_path, shared_build_cache, short_timed_limits):
    problem = _problem("reduce/sum_of_squares")
    source = _fake(problem.id, "mpi_size_cutoff").replace(
        "    const size_t begin", "    std::this_thread::sleep_for(std::chrono::seconds(60));\n    const size_t begin")
    source = "#include <chrono>\n#include <thread>\n" + source
    settings = _settings(tmp_path, shared_build_cache, timeout=6.0, timing_factor=0.001)
    verdict, fields = _judge(_verdicts(settings, shared_build_cache), problem, "mpi", source, ranks=2)
    assert verdict.outcome == "timeout", verdict.message
    assert "nor one call within --pareval-timeout (6 s) on a second try" in verdict.message


# --- the judged set ------------------------------------------------------------------------------------

@pytest.mark.slow
def test_every_mpi_reference_passes_with_its_division_judged_at_two_ranks(tmp_path, shared_build_cache):
    """All 60 problems: the division is judged on every one (no problem is too short to measure)."""
    settings = _settings(tmp_path, shared_build_cache)
    verdicts = _verdicts(settings, shared_build_cache)
    judged, failed = [], {}
    for problem in discover():
        workdir = sandbox.make_workdir()
        try:
            built = build_stage.build(problem.reference_path("mpi").read_text(), problem.signature, "mpi",
                                      workdir / "build", timeout=300, cache=verdicts.build_cache)
            assert built.ok, built.log
            timed = verdicts.timing.timed(built.program, problem, "mpi", 2, workdir, limit=settings.timeout)
        finally:
            sandbox.remove_workdir(workdir)
        if timed.outcome != "pass":
            failed[problem.id] = timed.message
        if timed.least_share is not None and timed.serial_fraction is not None:
            judged.append(problem.id)
    assert not failed, failed
    assert len(judged) == 60, sorted({p.id for p in discover()} - set(judged))


# --- caches keyed by what can change their meaning ------------------------------------------------------

def test_a_changed_rule_launcher_or_node_list_reaches_cached_timings(tmp_path, shared_build_cache, monkeypatch):
    settings = _settings(tmp_path, shared_build_cache)
    base = _verdicts(settings, shared_build_cache)
    srun = _verdicts(dataclasses.replace(settings, launcher="srun --ntasks={ranks}"), shared_build_cache)
    assert srun.timing.cache.context != base.timing.cache.context
    assert srun.check_cache.context != base.check_cache.context
    hostfile = tmp_path / "hosts"
    hostfile.write_text("node1\nnode2\n")
    assert "node1" in nodes("mpirun -f {hostfile} -n {ranks}", str(hostfile))
    monkeypatch.setenv("SLURM_JOB_NODELIST", "node[3-4]")
    assert "node[3-4]" in nodes("srun --ntasks={ranks}")

    # A rule changed after an answer was timed: the cached timing is not reused.
    problem = _problem("reduce/sum_of_squares")
    source = problem.reference_path("mpi").read_text()
    first = _judge(_verdicts(settings, shared_build_cache), problem, "mpi", source, ranks=2)[1]
    monkeypatch.setattr(division, "MAX_LEAST_SHARE", division.MAX_LEAST_SHARE + 0.01)
    changed = _verdicts(settings, shared_build_cache)
    assert changed.timing.cache.context != base.timing.cache.context
    second = _judge(changed, problem, "mpi", source, ranks=2)[1]
    assert not first["timed_cached"] and not second["timed_cached"]


def test_the_division_rules_read_divided_duplicated_idle_and_unbalanced_shapes():
    # Per call: compute of each unit at 2 units, and of one unit on the same input (medians over calls).
    assert division.shares([[0.5, 0.5], [0.52, 0.48], [0.5, 0.5]], [1.0, 1.0, 1.0], 2).not_divided() is None
    duplicated = division.shares([[1.0, 0.9], [1.0, 1.0], [0.2, 0.2]], [1.0, 1.0, 1.0], 2)
    assert duplicated.least_share == pytest.approx(0.9)  # the median call, not the odd one
    assert "every rank did the work" in duplicated.not_divided()
    idle = division.shares([[0.003, 0.0]], [0.003], 2, unit="thread")
    assert "a thread sat idle" in idle.not_divided()
    # Rank 0 assembling an output as large as the input on a 3 ms call (our running_maximum reference):
    # the busiest rule does not apply below BUSIEST_MIN_COMPUTE_S, the least busy rank shows the division.
    assert division.shares([[0.0033, 0.0017]], [0.003], 2).not_divided() is None
    # The same shape on a long call is a serial fraction of 0.9.
    unbalanced = division.shares([[0.95, 0.3]], [1.0], 2)
    assert unbalanced.fraction == pytest.approx(0.9)
    assert "serial fraction 0.90 > 0.75" in unbalanced.not_divided()
