"""The verdict stage as a user meets it: answers that do not divide the work are not_parallel, an MPI answer
must be right at every check count, timed runs give speedup (or say why not) and never overlap."""
from __future__ import annotations

import dataclasses
import os
import subprocess
import sys
from pathlib import Path

import pytest

from pytest_pareval.build import compile as build_stage
from pytest_pareval.sandbox import core as sandbox
from pytest_pareval.verdict import correctness
from pytest_pareval.verdict import timed as timed_stage
from pytest_pareval.verdict import engine as verdict_stage
from pytest_pareval.suite.problems import PROBLEMS_DIR, Problem, load
from pytest_pareval.plugin.settings import Settings
from pytest_pareval.verdict.division import MAX_SERIAL_FRACTION, serial_fraction
from pytest_pareval.verdict.timed import TIMED_CALLS, TIMED_FLOOR_S

#: A problem whose timing input takes our serial reference a fair fraction of a second.
DIVISION_PROBLEM = "sort/sort_ascending"


def _problem(problem_id: str) -> Problem:
    domain, name = problem_id.split("/")
    return load(PROBLEMS_DIR / domain / f"{name}.py")


def _wrapped(problem: Problem, mode: str, before: list[str], after: list[str]) -> str:
    """An answer built around one of our references: ``before``, the reference's call, ``after``."""
    sig = problem.signature
    fn = sig.function
    call = f"pareval_reference_{fn}({', '.join(a.name for a in sig.args)})"
    result = f"{sig.returns} pareval_result = " if sig.returns != "void" else ""
    ret = ["return pareval_result;"] if sig.returns != "void" else []
    return "\n".join([f"#define {fn} pareval_reference_{fn}", problem.reference_path(mode).read_text(),
                      f"#undef {fn}", f"{sig.text} {{",
                      "  int pareval_rank = 0, pareval_size = 1;",
                      "  MPI_Comm_rank(MPI_COMM_WORLD, &pareval_rank); MPI_Comm_size(MPI_COMM_WORLD, &pareval_size);",
                      *before, f"  {result}{call};", *after, *ret, "}", ""])


#: Serial work on every rank (or on rank 0 alone) dressed up with MPI calls: none divides the work.
FAKE_PARALLEL = {
    "bcast_token": ([], ["  int token = 1; MPI_Bcast(&token, 1, MPI_INT, 0, MPI_COMM_WORLD);"]),
    "allreduce_token": ([], ["  double one = 1.0, sum = 0.0;",
                             "  MPI_Allreduce(&one, &sum, 1, MPI_DOUBLE, MPI_SUM, MPI_COMM_WORLD);"]),
    "barrier": ([], ["  MPI_Barrier(MPI_COMM_WORLD);"]),
    "ping_pong": ([], ["  int ball = 7;",
                       "  if (pareval_size > 1 && pareval_rank == 0) {",
                       "    MPI_Send(&ball, 1, MPI_INT, 1, 0, MPI_COMM_WORLD);",
                       "    MPI_Recv(&ball, 1, MPI_INT, 1, 0, MPI_COMM_WORLD, MPI_STATUS_IGNORE);",
                       "  } else if (pareval_rank == 1) {",
                       "    MPI_Recv(&ball, 1, MPI_INT, 0, 0, MPI_COMM_WORLD, MPI_STATUS_IGNORE);",
                       "    MPI_Send(&ball, 1, MPI_INT, 0, 0, MPI_COMM_WORLD);",
                       "  }"]),
}


def _rank0_only(problem: Problem) -> str:
    """Everything on rank 0 after a broadcast of the size (the others return at once)."""
    sig = problem.signature
    first = next(a.name for a in sig.args if a.is_vector)
    empty = "return {};" if sig.returns != "void" else "return;"
    return _wrapped(problem, "serial", [f"  unsigned long n = {first}.size();",
                                        "  MPI_Bcast(&n, 1, MPI_UNSIGNED_LONG, 0, MPI_COMM_WORLD);",
                                        f"  if (pareval_rank != 0) {empty}"], [])


def _replay(root: Path, problem: Problem, mode: str, source: str) -> str:
    path = root / problem.domain / problem.name / f"{mode}.txt"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"```cpp\n{source}\n```\n")
    return f"replay:{root}"


@pytest.mark.slow
def test_answers_that_do_not_divide_the_work_are_not_parallel(run_suite, tmp_path):
    problem = _problem(DIVISION_PROBLEM)
    models = [_replay(tmp_path / name, problem, "mpi", _wrapped(problem, "serial", before, after))
              for name, (before, after) in FAKE_PARALLEL.items()]
    models.append(_replay(tmp_path / "rank0_only", problem, "mpi", _rank0_only(problem)))
    models.append(_replay(tmp_path / "divided", problem, "mpi", problem.reference_path("mpi").read_text()))
    _, records = run_suite(f"--pareval-models={','.join(models)}", "-k", f"{problem.id}-mpi")
    got = {r["model_id"].removeprefix("replay-"): r for r in records}
    assert set(got) == {*FAKE_PARALLEL, "rank0_only", "divided"}
    for name in [*FAKE_PARALLEL, "rank0_only"]:
        assert got[name]["outcome"] == "not_parallel", (name, got[name]["message"])
    assert got["divided"]["outcome"] == "pass", got["divided"]["message"]
    # The division rule names what it measured: the least busy rank's share of the one-rank compute.
    assert "least busy of 2 ranks" in got["bcast_token"]["message"]
    assert "in every one of 3 measurements, 2 on a quiet machine" in got["bcast_token"]["message"]
    assert got["divided"]["serial_fraction"] < MAX_SERIAL_FRACTION


def test_an_answer_wrong_only_at_three_ranks_fails_naming_three_ranks(run_suite, tmp_path):
    problem = _problem("reduce/sum_of_squares")
    source = _wrapped(problem, "mpi", [], ["  if (pareval_size == 3) pareval_result += 1.0;"])
    model = _replay(tmp_path / "three", problem, "mpi", source)
    result, records = run_suite(f"--pareval-models={model}", "-k", f"{problem.id}-mpi", "--pareval-timeout-factor=0")
    (record,) = records
    assert record["outcome"] == "wrong"
    assert record["message"].startswith("at 3 ranks: case "), record["message"]
    assert record["checked_ranks"] == [2, 1, 3]
    result.stdout.fnmatch_lines(["*wrong: at 3 ranks: case *"])


def test_check_counts_put_the_items_own_count_first():
    assert correctness.check_counts("mpi", 2, [1, 2, 3]) == [2, 1, 3]
    assert correctness.check_counts("mpi", 4, [1, 2, 3]) == [4, 1, 2, 3]
    assert correctness.check_counts("serial", 1, [1, 2, 3]) == [1]


def test_serial_fraction_reads_duplicated_work_as_one_and_even_division_as_zero():
    assert serial_fraction(1.0, 1.0, 2) == pytest.approx(1.0)
    assert serial_fraction(0.5, 1.0, 2) == pytest.approx(0.0)
    assert serial_fraction(1.0 / 3, 1.0, 3) == pytest.approx(0.0)


# --- timed runs, called directly ----------------------------------------------------------------------

def _settings(tmp_path: Path, cache: Path, **changes) -> Settings:
    base = Settings(models=["reference"], models_file=None, modes=["serial", "mpi"], ranks=[2], timeout=60.0,
                    build_timeout=120.0, generation_timeout=60.0, output=tmp_path / "out", cache_dir=tmp_path / "cache",
                    seed=0, baseline=None, launcher="mpirun -n {ranks}", regenerate=False, samples=1, concurrency=1)
    return dataclasses.replace(base, **changes)


def _verdicts(settings: Settings, cache: Path) -> verdict_stage.Verdicts:
    expected: dict[str, tuple] = {}

    def oracle(problem):
        if problem.id not in expected:
            cases = problem.cases(settings.seed)
            expected[problem.id] = (cases, [problem.expected(c) for c in cases])
        return expected[problem.id]

    return verdict_stage.Verdicts(settings, build_stage.BuildCache(cache), oracle)


QUADRATIC_INVERSE_FFT = """
void inverseFft(std::vector<std::complex<double>> &x) {
    const size_t n = x.size();
    const double pi = std::acos(-1.0);
    std::vector<std::complex<double>> twiddle(n), out(n);
    for (size_t m = 0; m < n; ++m) twiddle[m] = std::polar(1.0, 2.0 * pi * static_cast<double>(m) / n);
    for (size_t j = 0; j < n; ++j) {
        std::complex<double> sum = 0.0;
        for (size_t k = 0; k < n; ++k) sum += x[k] * twiddle[(j * k) % n];
        out[j] = sum / static_cast<double>(n);
    }
    x.swap(out);
}
"""


def _judge(verdicts: verdict_stage.Verdicts, problem: Problem, mode: str, code: str, ranks: int = 1,
           use_cache: bool = True):
    """Build, check and time one answer as the plugin does (in a work directory the sandbox may enter)."""
    workdir = sandbox.make_workdir()
    try:
        built = build_stage.build(code, problem.signature, mode, workdir / "build", timeout=120,
                                  cache=verdicts.build_cache)
        assert built.ok, built.log
        checked = verdicts.check(problem, mode, ranks, built.program, workdir)
        assert checked.verdict.outcome == "pass", checked.verdict.message
        return verdicts.performance(problem, mode, ranks, built.program, workdir, checked, use_cache=use_cache)
    finally:
        sandbox.remove_workdir(workdir)


def test_a_quadratic_fft_keeps_pass_with_a_speedup_far_below_one(tmp_path, shared_build_cache):
    # 2^13 points: the O(n^2) answer needs ~0.13 s of CPU a call, the reference's O(n log n) FFT under 1 ms;
    # far inside the 5 s floor of a timed call even at a load of 200 (2^14 took 7.6-10 s a call there).
    # Correctness sizes up to 1024 (65536 would take the O(n^2) answer ~15 s on every check).
    problem = dataclasses.replace(_problem("fft/inverse_fft"), timing_size=1 << 13, sizes=(1, 2, 4, 8, 1024))
    verdicts = _verdicts(_settings(tmp_path, shared_build_cache), shared_build_cache)
    verdict, fields = _judge(verdicts, problem, "serial", QUADRATIC_INVERSE_FFT)
    assert verdict.outcome == "pass", verdict.message
    assert fields["speedup"] is not None and fields["speedup"] < 0.1, fields
    assert fields["timing_repeats"] == TIMED_CALLS
    assert fields["runtime_s"] <= fields["runtime_median_s"]


@pytest.mark.slow
def test_a_correct_answer_far_too_slow_is_a_timeout_after_a_second_try(tmp_path, shared_build_cache):
    # 2^17 points: the O(n^2) answer needs ~30 s a call, over the timed limit and --pareval-timeout: its
    # outputs on the timing inputs are never seen, so it cannot keep pass.
    problem = dataclasses.replace(_problem("fft/inverse_fft"), timing_size=1 << 17, sizes=(1, 2, 4, 8, 1024))
    settings = _settings(tmp_path, shared_build_cache, timeout=TIMED_FLOOR_S)
    verdicts = _verdicts(settings, shared_build_cache)
    verdict, fields = _judge(verdicts, problem, "serial", QUADRATIC_INVERSE_FFT)
    assert verdict.outcome == "timeout", verdict.message
    assert "nor one call within --pareval-timeout" in verdict.message, verdict.message
    assert fields["speedup"] is None and fields["runtime_s"] is None


def test_an_answer_that_spots_the_timing_input_is_wrong_there(tmp_path, shared_build_cache):
    problem = _problem("reduce/sum_of_squares")
    problem = dataclasses.replace(problem, timing_size=problem.timing_size or 2_000_000)
    source = _wrapped(problem, "serial", [], [f"  if (x.size() == {problem.timing_size}) pareval_result = 0;"])
    source = source.replace("  int pareval_rank = 0, pareval_size = 1;\n", "").replace(
        "  MPI_Comm_rank(MPI_COMM_WORLD, &pareval_rank); MPI_Comm_size(MPI_COMM_WORLD, &pareval_size);\n", "")
    verdicts = _verdicts(_settings(tmp_path, shared_build_cache), shared_build_cache)
    verdict, fields = _judge(verdicts, problem, "serial", source)
    assert verdict.outcome == "wrong"
    assert verdict.message.startswith("on the timing input"), verdict.message
    assert fields["speedup"] is None


def test_a_warm_rerun_does_not_time_again(tmp_path, shared_build_cache):
    problem = _problem("reduce/sum_of_squares")
    source = problem.reference_path("mpi").read_text()
    settings = _settings(tmp_path, shared_build_cache)
    first = _judge(_verdicts(settings, shared_build_cache), problem, "mpi", source, ranks=2)[1]
    second = _judge(_verdicts(settings, shared_build_cache), problem, "mpi", source, ranks=2)[1]
    assert not first["timed_cached"] and second["timed_cached"]
    assert first["timed_interval"] and second["timed_interval"] is None
    assert {k: v for k, v in second.items() if k not in ("timed_cached", "timed_interval", "timed_s", "division_s")} == \
        {k: v for k, v in first.items() if k not in ("timed_cached", "timed_interval", "timed_s", "division_s")}


def test_a_warm_rerun_gives_the_same_verdicts_without_running_and_rerun_runs_again(run_suite, tmp_path):
    problem = _problem("reduce/sum_of_squares")
    root = tmp_path / "answers"
    _replay(root, problem, "mpi", problem.reference_path("mpi").read_text())
    model = _replay(root, problem, "serial", "double sumOfSquares(const std::vector<double> &x) {\n"
                    "  double total = 1.0;\n  for (double v : x) total += v * v;\n  return total;\n}")
    args = (f"--pareval-models={model}", "-k", f"{problem.id}-")
    cold, warm, again = ({r["mode"]: r for r in run_suite(*args, *extra)[1]}
                         for extra in ((), (), ("--pareval-rerun",)))
    for mode, outcome in (("serial", "wrong"), ("mpi", "pass")):
        assert cold[mode]["outcome"] == warm[mode]["outcome"] == again[mode]["outcome"] == outcome
        assert warm[mode]["message"] == cold[mode]["message"]
        assert not cold[mode]["run_cached"] and warm[mode]["run_cached"] and not again[mode]["run_cached"]
        assert warm[mode]["run_s"] == 0.0 < again[mode]["run_s"]
    assert warm["mpi"]["checked_ranks"] == cold["mpi"]["checked_ranks"] == [2, 1, 3]
    assert warm["mpi"]["timed_cached"] and not again["mpi"]["timed_cached"]
    assert warm["mpi"]["speedup"] == cold["mpi"]["speedup"] != again["mpi"]["speedup"]


def test_a_confirmation_on_a_quiet_machine_waits_for_running_correctness_work(tmp_path):
    # A correctness run of another session holds the quiet lock shared; a confirmation takes it only after.
    released = tmp_path / "released"
    child = subprocess.Popen([sys.executable, "-c", (
        "import sys, time; from pathlib import Path; from pytest_pareval.common.storage import busy_machine\n"
        "with busy_machine():\n    print('held', flush=True); time.sleep(1.0)\n"
        f"    Path({str(released)!r}).write_text(repr(time.time()))\n")], stdout=subprocess.PIPE, text=True)
    try:
        assert child.stdout.readline().strip() == "held"
        with timed_stage.machine_lock(quiet=True) as interval:
            pass
        assert interval[0] >= float(released.read_text())
    finally:
        child.wait(timeout=30)


def test_timed_runs_never_overlap_across_xdist_workers(run_suite):
    _, records = run_suite("--pareval-models=reference", "-n", "2", "-k",
                           "reduce/sum_of_squares- or scan/inclusive_prefix_sum- or sort/sort_ascending-")
    intervals = sorted(r["timed_interval"] for r in records if r.get("timed_interval"))
    assert len(intervals) >= 3, records  # the MPI items; serial references reuse the baseline's timing
    for (_, end), (start, _) in zip(intervals, intervals[1:]):
        assert end <= start, intervals


def test_a_missing_replay_answer_is_an_error_not_the_models_failure(run_suite, tmp_path):
    problem = _problem("reduce/sum_of_squares")
    model = _replay(tmp_path / "partial", problem, "serial", problem.reference_path("serial").read_text())
    result, records = run_suite(f"--pareval-models={model}", "-k", f"{problem.id}-")
    got = {r["mode"]: r for r in records}
    assert got["serial"]["outcome"] == "pass"
    assert got["mpi"]["outcome"] == "error" and "no saved answer" in got["mpi"]["message"]
    assert result.parseoutcomes().get("errors") == 1


def test_our_serial_reference_timed_again_has_a_speedup_near_one(tmp_path, shared_build_cache):
    problem = _problem("sort/sort_ascending")
    verdicts = _verdicts(_settings(tmp_path, shared_build_cache), shared_build_cache)
    # Not from the timed cache: a second, independent measurement of the baseline's own program.
    verdict, fields = _judge(verdicts, problem, "serial", problem.reference_path("serial").read_text(),
                             use_cache=False)
    assert verdict.outcome == "pass", verdict.message
    assert 0.5 < fields["speedup"] < 2.0, fields


@pytest.mark.slow
@pytest.mark.skipif((os.cpu_count() or 1) < 2, reason="a 2-rank speedup needs 2 cores")
def test_a_reference_that_divides_compute_bound_work_is_faster_at_two_ranks(tmp_path, shared_build_cache):
    # The direct O(n^2) DFT splits into independent output blocks: ~2x on 2 idle cores, > 1 on a busy one.
    problem = _problem("fft/dft_forward")
    verdicts = _verdicts(_settings(tmp_path, shared_build_cache), shared_build_cache)
    verdict, fields = _judge(verdicts, problem, "mpi", problem.reference_path("mpi").read_text(), ranks=2)
    assert verdict.outcome == "pass", verdict.message
    assert fields["speedup"] > 1.0, fields
    assert fields["efficiency"] == pytest.approx(fields["speedup"] / 2)
    assert fields["serial_fraction"] < MAX_SERIAL_FRACTION
