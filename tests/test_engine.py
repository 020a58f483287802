"""The compiled driver end to end with real g++/mpicxx/mpirun: answers that tamper with the files the
verdict is read from, MPI answers that combine their parts in every style, the CPU-time accounting of
work division, timeouts, and the build cache's isolation."""
from __future__ import annotations

import os
import shutil
import signal
import sys
import threading
import time
from pathlib import Path

import numpy as np
import pytest

from pytest_pareval.verdict import correctness
from pytest_pareval.build import compile as build
from pytest_pareval.run import cluster
from pytest_pareval.run import exchange
from pytest_pareval.verdict import judge
from pytest_pareval.run import launch as run
from pytest_pareval.run import launcher as launchers
from pytest_pareval.sandbox import core as sandbox
from pytest_pareval.suite.problems import discover

PROBLEM = "reduce/sum_of_squares"
MPI_RANKS = 2


@pytest.fixture(scope="module")
def problem():
    [found] = [p for p in discover() if p.id == PROBLEM]
    return found


@pytest.fixture(scope="module")
def cache(shared_build_cache: Path) -> build.BuildCache:
    return build.BuildCache(shared_build_cache)


def _execute(problem, cache, code: str, mode: str, *, ranks: int = MPI_RANKS, timeout: float = 20.0,
             cases=None, repeats: int = 1):
    """Build ``code`` and run it on ``cases`` (default: the problem's own); returns (execution, verdict)."""
    cases = problem.cases(0) if cases is None else cases
    workdir = sandbox.make_workdir()
    try:
        built = build.build(code, problem.signature, mode, workdir / "build", timeout=120, cache=cache)
        assert built.ok, built.first_errors()
        execution = run.execute(built.program, problem.signature, cases, mode, workdir / "run", ranks=ranks,
                                timeout=timeout, repeats=repeats)
        expected = [problem.expected(c) for c in cases]
        verdict = judge.judge(problem, cases, expected, execution, timeout)
        return execution, verdict
    finally:
        sandbox.remove_workdir(workdir)


# --- answers that tamper with the result files -------------------------------------------------------------

#: Runs after the driver has written its results: the candidate's own _exit replaces libc's in the program
#: (it is linked into the same executable), so this is the last word an in-process answer can have.
_AFTER_DRIVER = """\
#include <csignal>
#include <cstdio>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>
static void tamper() {{ {tamper} }}
extern "C" void _exit(int code) {{ tamper(); syscall(SYS_exit_group, code); for (;;) {{}} }}
double sumOfSquares(const std::vector<double> &x) {{ return -1.0; }}
"""

#: name -> (what the answer does to the files, a phrase of the run_fail message). Only regular files come
#: back from the run's directory (sandbox: --keep): a FIFO, a link or a directory left there reads as missing.
TAMPERED = {
    "meta_braces": ('FILE* f = std::fopen("meta.bin", "w"); std::fputs("{}", f); std::fclose(f);',
                    "meta.bin does not start with the driver's mark"),
    "meta_forged_counts": ('FILE* f = std::fopen("meta.bin", "r+"); std::fseek(f, 15, SEEK_SET); '
                           'unsigned r = 7; std::fwrite(&r, 4, 1, f); std::fclose(f);', "reports 7 rank(s)"),
    "outputs_truncated": ('truncate("outputs.bin", 3);', "outputs.bin is truncated"),
    "meta_fifo": ('unlink("meta.bin"); mkfifo("meta.bin", 0644);', "meta.bin is missing"),
    "outputs_dev_zero": ('unlink("outputs.bin"); symlink("/dev/zero", "outputs.bin");', "outputs.bin is missing"),
    "meta_directory": ('unlink("meta.bin"); mkdir("meta.bin", 0755);', "meta.bin is missing"),
    "outputs_deleted": ('unlink("outputs.bin");', "outputs.bin is missing"),
    "meta_100mb": ('int fd = open("meta.bin", O_WRONLY | O_APPEND); char b[1 << 16] = {}; '
                   'for (int i = 0; i < 1600 && write(fd, b, sizeof b) > 0; ++i) {}', "meta.bin holds"),
    "meta_100mb_after_raising_sigxfsz": ('std::signal(SIGXFSZ, SIG_DFL); int fd = open("meta.bin", O_WRONLY); '
                                         'ftruncate(fd, 100 << 20);', "signal 25"),
}


@pytest.mark.parametrize("name", TAMPERED)
def test_tampered_result_files_are_the_programs_failure(problem, cache, name):
    tamper, phrase = TAMPERED[name]
    execution, verdict = _execute(problem, cache, _AFTER_DRIVER.format(tamper=tamper), "serial", timeout=10)
    assert verdict.outcome == "run_fail", verdict
    assert phrase in verdict.message
    assert execution.completed.seconds < 8  # nothing waited for the timeout


def test_tampering_rank_0_of_an_mpi_run_is_its_failure(problem, cache):
    """Under MPI the driver leaves through exit() (MPICH needs its exit handlers): the candidate's atexit
    handlers run after the results are written."""
    code = """\
#include <cstdio>
#include <cstdlib>
static void rewrite() { FILE* f = std::fopen("meta.bin", "w"); if (f) { std::fputs("{}", f); std::fclose(f); } }
double sumOfSquares(const std::vector<double> &x) { static int once = std::atexit(rewrite); return -1.0; }
"""
    execution, verdict = _execute(problem, cache, code, "mpi", timeout=10)
    assert verdict.outcome == "run_fail" and "meta.bin" in verdict.message, verdict


#: Answers whose tampering has no effect on the verdict: it only depends on the outputs they compute.
HARMLESS = {
    # atexit handlers and destructors never run: a serial driver leaves with _exit.
    "atexit_rewrites_meta": ("""\
#include <cstdio>
#include <cstdlib>
struct Later { ~Later() { FILE* f = std::fopen("meta.bin", "w"); std::fputs("{}", f); std::fclose(f); } } later;
static void rewrite() { FILE* f = std::fopen("outputs.bin", "w"); std::fclose(f); }
double sumOfSquares(const std::vector<double> &x) { std::atexit(rewrite); return -1.0; }
""", "wrong"),
    # Files planted during the call are replaced: the driver never writes through what it finds.
    "plants_fifo_and_symlink": ("""\
#include <sys/stat.h>
#include <unistd.h>
double sumOfSquares(const std::vector<double> &x) {
  mkfifo("meta.bin", 0644); symlink("/dev/zero", "outputs.bin");
  double s = 0; for (double v : x) s += v * v; return s; }
""", "pass"),
    # The driver's and the glue's names are namespaced or internal: an answer may use them for its own.
    "defines_the_drivers_names": ("""\
#include <string>
int ARGS = 0; const char* ITEM_SIZE = "x"; bool IS_VECTOR[1];
struct Case { int n; }; struct Clock { int n; };
void fail(const char*, const char*) {}
std::string read_file(const char* path) { return path; }
void call(const Case&, Clock&, std::string*) {}
double sumOfSquares(const std::vector<double> &x) { double s = 0; for (double v : x) s += v * v; return s; }
""", "pass"),
    "closes_stdout_and_stderr": ("""\
#include <unistd.h>
double sumOfSquares(const std::vector<double> &x) {
  close(0); close(1); close(2);
  double s = 0; for (double v : x) s += v * v; return s; }
""", "pass"),
}


@pytest.mark.parametrize("name", HARMLESS)
def test_tampering_that_cannot_reach_the_verdict(problem, cache, name):
    code, outcome = HARMLESS[name]
    _, verdict = _execute(problem, cache, code, "serial", timeout=10)
    assert verdict.outcome == outcome, verdict


@pytest.mark.parametrize("name, code, phrase", [
    ("sigkill", "#include <csignal>\n#include <unistd.h>\ndouble sumOfSquares(const std::vector<double> &x) "
                "{ kill(getpid(), SIGKILL); return 0; }", "killed by signal 9"),
    ("plants_directory", "#include <sys/stat.h>\ndouble sumOfSquares(const std::vector<double> &x) "
                         '{ mkdir("meta.bin", 0755); mkdir("meta.bin/x", 0755); return 0; }', "cannot create"),
])
def test_a_program_that_stops_its_driver_fails(problem, cache, name, code, phrase):
    execution, verdict = _execute(problem, cache, code, "serial", timeout=10)
    assert verdict.outcome == "run_fail" and phrase in verdict.message, verdict
    assert execution.completed.seconds < 8


def test_reading_never_blocks_follows_or_swallows(tmp_path):
    """The controller's side alone: a FIFO with no writer, a symlink, a sparse 1 GB file, a directory."""
    os.mkfifo(tmp_path / "fifo")
    (tmp_path / "link").symlink_to("/dev/zero")
    with open(tmp_path / "big", "wb") as f:
        f.truncate(1 << 30)
    (tmp_path / "dir").mkdir()
    for name, phrase in (("fifo", "not a regular file"), ("link", "cannot be opened"),
                         ("big", "more than the"), ("dir", "not a regular file"), ("none", "missing")):
        with pytest.raises(exchange.ResultError, match=phrase):
            exchange.read_capped(tmp_path / name, 1 << 20)


# --- exceptions and timeouts ---------------------------------------------------------------------------------

def test_an_exception_on_one_rank_stops_every_rank_with_its_text(problem, cache):
    code = """\
#include <stdexcept>
double sumOfSquares(const std::vector<double> &x) {
  int rank; MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  if (rank == 1 && x.size() > 3) throw std::runtime_error("boom on rank one");
  double s = 0; for (double v : x) s += v * v; return s; }
"""
    execution, verdict = _execute(problem, cache, code, "mpi", timeout=20)
    assert verdict.outcome == "run_fail", verdict
    assert "case 2: rank 1: uncaught exception: boom on rank one" in verdict.message
    assert len(execution.outputs) == 2  # the cases before the failing one are kept
    assert not execution.completed.timed_out and execution.completed.seconds < 15


def test_an_infinite_loop_is_a_timeout_at_a_fractional_limit(problem, cache):
    code = "double sumOfSquares(const std::vector<double> &x) { volatile double s = 0; while (true) s = s + 1; }"
    execution, verdict = _execute(problem, cache, code, "mpi", timeout=3.9)
    assert verdict.outcome == "timeout", verdict
    assert "3.9 s" in verdict.message


# --- MPI accounting ------------------------------------------------------------------------------------------

_DIVIDED = """\
double sumOfSquares(const std::vector<double> &x) {{
  int rank, size; MPI_Comm_rank(MPI_COMM_WORLD, &rank); MPI_Comm_size(MPI_COMM_WORLD, &size);
  const size_t n = x.size(), begin = n * rank / size, end = n * (rank + 1) / size;
  double local = 0, total = 0;
  for (size_t i = begin; i < end; ++i) local += x[i] * x[i];
  {combine}
  return total;
}}
"""

#: name -> (how the parts are combined, the kind of call that must be counted)
COMBINED = {
    "igatherv_waitall": ("""
  std::vector<double> parts(size); std::vector<int> counts(size, 1), displs(size);
  for (int r = 0; r < size; ++r) displs[r] = r;
  MPI_Request request;
  MPI_Igatherv(&local, 1, MPI_DOUBLE, parts.data(), counts.data(), displs.data(), MPI_DOUBLE, 0, MPI_COMM_WORLD,
               &request);
  MPI_Waitall(1, &request, MPI_STATUSES_IGNORE);
  for (double p : parts) total += p;""", "collective"),
    "iallgather_wait": ("""
  std::vector<double> parts(size); MPI_Request request;
  MPI_Iallgather(&local, 1, MPI_DOUBLE, parts.data(), 1, MPI_DOUBLE, MPI_COMM_WORLD, &request);
  MPI_Wait(&request, MPI_STATUS_IGNORE);
  for (double p : parts) total += p;""", "collective"),
    "persistent_startall": ("""
  std::vector<double> parts(size, 0.0); parts[rank] = local;
  std::vector<MPI_Request> requests(rank == 0 ? size - 1 : 1);
  if (rank == 0) for (int r = 1; r < size; ++r)
    MPI_Recv_init(&parts[r], 1, MPI_DOUBLE, r, 7, MPI_COMM_WORLD, &requests[r - 1]);
  else MPI_Send_init(&local, 1, MPI_DOUBLE, 0, 7, MPI_COMM_WORLD, &requests[0]);
  MPI_Startall((int)requests.size(), requests.data());
  MPI_Waitall((int)requests.size(), requests.data(), MPI_STATUSES_IGNORE);
  for (auto& request : requests) MPI_Request_free(&request);
  for (double p : parts) total += p;""", "p2p"),
    "put_get_fence": ("""
  std::vector<double> parts(size, 0.0); MPI_Win win;
  MPI_Win_create(parts.data(), size * sizeof(double), sizeof(double), MPI_INFO_NULL, MPI_COMM_WORLD, &win);
  MPI_Win_fence(0, win);
  MPI_Put(&local, 1, MPI_DOUBLE, 0, rank, 1, MPI_DOUBLE, win);
  MPI_Win_fence(0, win);
  double first = 0; MPI_Get(&first, 1, MPI_DOUBLE, 0, 0, 1, MPI_DOUBLE, win);
  MPI_Win_fence(0, win); MPI_Win_free(&win);
  for (double p : parts) total += p;""", "rma"),
    "neighbor_allgather_graph": ("""
  std::vector<int> others; for (int r = 0; r < size; ++r) if (r != rank) others.push_back(r);
  MPI_Comm graph;
  MPI_Dist_graph_create_adjacent(MPI_COMM_WORLD, (int)others.size(), others.data(), MPI_UNWEIGHTED,
                                 (int)others.size(), others.data(), MPI_UNWEIGHTED, MPI_INFO_NULL, 0, &graph);
  std::vector<double> parts(others.size());
  MPI_Neighbor_allgather(&local, 1, MPI_DOUBLE, parts.data(), 1, MPI_DOUBLE, graph);
  MPI_Comm_free(&graph);
  total = local; for (double p : parts) total += p;""", "collective"),
    "gatherv_large_count": ("""
  std::vector<double> parts(size); std::vector<MPI_Count> counts(size, 1); std::vector<MPI_Aint> displs(size);
  for (int r = 0; r < size; ++r) displs[r] = r;
  MPI_Gatherv_c(&local, 1, MPI_DOUBLE, parts.data(), counts.data(), displs.data(), MPI_DOUBLE, 0, MPI_COMM_WORLD);
  for (double p : parts) total += p;""", "collective"),
    "shared_memory_window": ("""
  MPI_Win win; double* mine;
  MPI_Win_allocate_shared(sizeof(double), sizeof(double), MPI_INFO_NULL, MPI_COMM_WORLD, &mine, &win);
  *mine = local; MPI_Win_fence(0, win);
  if (rank == 0) for (int r = 0; r < size; ++r) {
    MPI_Aint bytes; int unit; double* theirs; MPI_Win_shared_query(win, r, &bytes, &unit, &theirs); total += *theirs; }
  MPI_Win_fence(0, win); MPI_Win_free(&win);""", "rma"),
}


@pytest.mark.parametrize("name", COMBINED)
def test_every_way_of_combining_parts_is_counted_as_communication(problem, cache, name):
    combine, kind = COMBINED[name]
    execution, verdict = _execute(problem, cache, _DIVIDED.format(combine=combine), "mpi")
    assert verdict.outcome == "pass", verdict
    assert execution.mpi_calls[kind] > 0, execution.mpi_calls


def test_calls_on_a_one_rank_communicator_and_lifecycle_calls_are_apart(problem, cache):
    code = """\
double sumOfSquares(const std::vector<double> &x) {
  MPI_Init(nullptr, nullptr);
  double local = 0, total = 0; for (double v : x) local += v * v;
  MPI_Allreduce(&local, &total, 1, MPI_DOUBLE, MPI_SUM, MPI_COMM_SELF);
  MPI_Finalize();
  return total; }
"""
    execution, verdict = _execute(problem, cache, code, "mpi")
    assert verdict.outcome == "pass", verdict  # correct; verdict.py then finds no rank communicated
    calls = execution.mpi_calls
    assert not correctness.communicated(calls)
    assert calls["collective"] == 0 and calls["init_finalize"] == 2 * 2 * len(problem.sizes)


# --- CPU time of the call minus CPU time inside MPI ----------------------------------------------------------

_HEAVY = """\
static double work(const std::vector<double>& x, size_t begin, size_t end) {
  double s = 0;
  for (int repeat = 0; repeat < 150; ++repeat) {
    for (size_t i = begin; i < end; ++i) s += x[i] * x[i];
    asm volatile("" ::: "memory");
  }
  return s / 150;
}
double sumOfSquares(const std::vector<double> &x) {
  int rank = 0, size = 1;
  %s
}
"""
SHAPES = {
    "divided": """MPI_Comm_rank(MPI_COMM_WORLD, &rank); MPI_Comm_size(MPI_COMM_WORLD, &size);
  double local = work(x, x.size() * rank / size, x.size() * (rank + 1) / size), total = 0;
  MPI_Reduce(&local, &total, 1, MPI_DOUBLE, MPI_SUM, 0, MPI_COMM_WORLD); return total;""",
    "rank_0_only": """MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  double total = rank == 0 ? work(x, 0, x.size()) : 0.0;
  MPI_Bcast(&total, 1, MPI_DOUBLE, 0, MPI_COMM_WORLD); return total;""",
    "duplicated": """double total = work(x, 0, x.size()), dummy = 1, sink;
  MPI_Allreduce(&dummy, &sink, 1, MPI_DOUBLE, MPI_SUM, MPI_COMM_WORLD); return total;""",
}


def test_compute_seconds_tell_divided_from_rank_0_only_from_duplicated(problem, cache):
    """CPU seconds, not wall seconds: robust to a loaded machine. The serial run of the same loop is the
    whole computation; MPICH's busy-polling inside MPI calls is taken out."""
    cases = [{"x": np.random.default_rng(1).random(1_000_000)}]
    serial, _ = _execute(problem, cache, _HEAVY % "return work(x, 0, x.size());", "serial", cases=cases,
                         timeout=60)
    whole = serial.compute_seconds[0][0]
    assert whole > 0.05
    shares = {}
    for shape, body in SHAPES.items():
        execution, verdict = _execute(problem, cache, _HEAVY % body, "mpi", cases=cases, timeout=120, repeats=2)
        assert verdict.outcome in ("pass", "not_parallel"), verdict
        shares[shape] = [seconds / whole for seconds in execution.compute_seconds[0]]
    assert all(0.3 < share < 0.75 for share in shares["divided"]), shares
    assert shares["rank_0_only"][0] > 0.75 and shares["rank_0_only"][1] < 0.1, shares
    assert all(share > 0.75 for share in shares["duplicated"]), shares


# --- the build --------------------------------------------------------------------------------------------------

def test_runs_share_no_file_with_the_cache_or_the_build(problem, tmp_path):
    cache = build.BuildCache(tmp_path / "cache")
    workdir = sandbox.make_workdir()
    try:
        built = build.build(problem.reference_path("mpi").read_text(), problem.signature, "mpi",
                            workdir / "build", timeout=120, cache=cache)
        assert built.ok, built.first_errors()
        execution = run.execute(built.program, problem.signature, problem.cases(0), "mpi", workdir / "run here",
                                ranks=2, timeout=20)
        assert execution.outputs is not None and not execution.error, execution
        assert sorted(p.name for p in (workdir / "run here").iterdir()) == sorted(
            ["answer", exchange.SPEC_FILE, exchange.INPUTS_FILE, exchange.OUTPUTS_FILE, exchange.META_FILE,
             *cluster.SHARED_RANK_FILES])  # the ranks' own stdout and stderr (apart from the launcher's)
        shared = [p for p in (tmp_path / "cache").rglob("*") if p.is_file() and p.stat().st_nlink > 1]
        assert shared == []
        assert {"glue.o", "driver.o", "mpiwrap.o", "pareval.hpp.gch"} <= {p.name for p in (workdir / "build").iterdir()}
    finally:
        sandbox.remove_workdir(workdir)


def _kill_compiler_once(directory: Path, stop: threading.Event, killed: list) -> None:
    """Kill the compiler driver working in ``directory`` with SIGKILL, as the machine's OOM killer would."""
    name = Path(build.compiler_path("serial")).name[:15]
    while not stop.is_set():
        for entry in Path("/proc").iterdir():
            try:
                if entry.name.isdigit() and (entry / "comm").read_text().strip() == name and \
                        os.readlink(entry / "cwd") == str(directory):
                    os.kill(int(entry.name), signal.SIGKILL)
                    killed.append(entry.name)
                    return
            except OSError:
                continue
        time.sleep(0.005)


def test_a_compiler_the_machine_kills_is_retried_and_never_cached(problem, tmp_path):
    """The compiler driver itself dies of a signal: nothing the source can do, so the machine's; one more
    try, and the result of a try the machine stopped is never cached."""
    cache = build.BuildCache(tmp_path / "cache")
    code = problem.reference_path("serial").read_text() + "\n// a build the machine stops\n"
    workdir = sandbox.make_workdir()
    stop = threading.Event()
    killed: list[str] = []
    killer = threading.Thread(target=_kill_compiler_once, args=(workdir / "killed", stop, killed))
    killer.start()
    try:
        result = build.build(code, problem.signature, "serial", workdir / "killed", timeout=120, cache=cache)
        stop.set()
        killer.join()
        assert killed and result.ok and not result.cached, result.log  # the second try built it
        again = build.build(code, problem.signature, "serial", workdir / "again", timeout=120, cache=cache)
        assert again.ok and again.cached
    finally:
        stop.set()
        sandbox.remove_workdir(workdir)


@pytest.mark.parametrize("source, phrase", [
    ('static_assert(false, "Too many open files");', "Too many open files"),
    ('#error No space left on device: Killed signal terminated program cc1plus', "No space left on device"),
    ('#include "{compiler}/no/such/header.h"', "No such file or directory"),
])
def test_what_the_source_says_never_makes_its_build_failure_ours(problem, tmp_path, source, phrase):
    """The compiler's log is text the answer controls: a build failure whose message reads like a machine
    fault, or names a path under the compiler's own, is still the answer's build_fail."""
    code = source.format(compiler=build.compiler_path("serial")) + "\n" + \
        problem.reference_path("serial").read_text()
    workdir = sandbox.make_workdir()
    try:
        result = build.build(code, problem.signature, "serial", workdir / "b", timeout=120,
                             cache=build.BuildCache(tmp_path / "cache"))
    finally:
        sandbox.remove_workdir(workdir)
    assert not result.ok and result.machine_fault is None and not result.timed_out
    assert phrase in result.log


def test_compiler_messages_quote_the_answers_own_line_numbers(problem, tmp_path):
    code = "#include <vector>\n\ndouble sumOfSquares(const std::vector<double> &x) {\n  return undeclared;\n}\n"
    workdir = sandbox.make_workdir()
    try:
        result = build.build(code, problem.signature, "serial", workdir / "b", timeout=120)
    finally:
        sandbox.remove_workdir(workdir)
    assert not result.ok
    assert f"{build.CANDIDATE_FILE}:4:" in result.first_errors(), result.log
    assert "    4 |   return undeclared;" in result.log, result.log  # the line quoted is the answer's own


@pytest.mark.skipif("memory" not in sandbox.features().cgroups, reason="needs a memory cgroup")
def test_a_build_past_its_own_memory_limit_is_the_sources(problem, tmp_path):
    code = problem.reference_path("serial").read_text()
    workdir = sandbox.make_workdir()
    try:
        result = build.build(code, problem.signature, "serial", workdir / "b", timeout=120,
                             limits=sandbox.Limits(memory_mb=16, address_space_mb=2048, processes=32))
    finally:
        sandbox.remove_workdir(workdir)
    assert not result.ok and result.machine_fault is None, result.log
    assert result.log.startswith("compilation exceeded its memory limit (16 MB)")


def test_compilers_beside_the_interpreter_are_found_without_path(monkeypatch):
    here = Path(sys.executable).parent
    if not (here / "mpicxx").exists():
        pytest.skip("no mpicxx beside this interpreter")
    monkeypatch.setenv("PATH", "/usr/bin:/bin" if shutil.which("g++", path="/usr/bin:/bin") else "")
    assert build.compiler_path("mpi") == str(here / "mpicxx")
    assert launchers.launcher_path(["mpirun", "-n", "2"])[0] == str(here / "mpirun")


# --- a failed run gets a second try; the machine's faults are not the model's ------------------------------

#: Crashes in every run directory but the second try's (check1-again): a crash the machine caused once.
_CRASHES_ON_THE_FIRST_TRY = """\
#include <cstdlib>
#include <string>
#include <unistd.h>
double sumOfSquares(const std::vector<double> &x) {
  char here[4096] = "";
  if (!getcwd(here, sizeof here) || std::string(here).find("-again") == std::string::npos) std::abort();
  double s = 0;
  for (double v : x) s += v * v;
  return s;
}
"""


@pytest.mark.parametrize("code, outcome", [(_CRASHES_ON_THE_FIRST_TRY, "pass"),
                                           ("#include <cstdlib>\ndouble sumOfSquares(const std::vector<double> &x) "
                                            "{ std::abort(); }", "run_fail")])
def test_a_run_failure_is_run_once_more_before_it_counts(problem, cache, code, outcome):
    cases = problem.cases(0)
    expected = [problem.expected(c) for c in cases]
    workdir = sandbox.make_workdir()
    try:
        built = build.build(code, problem.signature, "serial", workdir / "build", timeout=120, cache=cache)
        assert built.ok, built.first_errors()
        attempt = correctness.judged_attempt(built.program, problem, cases, expected, "serial")
        checked = correctness.run_checks(attempt, "serial", [1], 1, workdir, timeout=20, cap=20, why="")
        tried = sorted(p.name for p in workdir.iterdir() if p.name.startswith("check"))
    finally:
        sandbox.remove_workdir(workdir)
    assert checked.verdict.outcome == outcome, checked.verdict
    assert tried == ["check1", "check1-again"]
    if outcome == "run_fail":
        assert checked.verdict.message.endswith("(the same on a second try)")


@pytest.mark.skipif(not (sandbox.features().files and sandbox.features().pid), reason="no private file view here")
def test_results_the_machine_cannot_take_back_are_our_error_not_the_programs(problem, cache, tmp_path):
    """The driver reads and writes only its run's own directory (a tmpfs); the sandbox copies the results
    out. When that copy fails (here: a directory sits where the results go, as a full or broken disk of
    ours would fail it) the item errors (SandboxError), and the model is not charged with a run_fail."""
    workdir = sandbox.make_workdir()
    try:
        (workdir / "out" / "blocked").mkdir(parents=True)
        with pytest.raises(sandbox.SandboxError, match="could not save the files of sh: keep: unlink out"):
            sandbox.run(["sh", "-c", "echo results > out"], cwd=workdir, timeout=10,
                        env={"PATH": os.environ["PATH"]}, limits=sandbox.Limits(), keep=("out",))
    finally:
        sandbox.remove_workdir(workdir)


# --- launcher faults: the machine's only when a program of ours fails the same way ------------------------

#: What hydra (MPICH 5.0.2) printed on its stderr when a rank killed its proxy, and with `-iface nosuch0`.
_HYDRA_LOST_PROXY = ("[mpiexec@vm] control_cb (/mpich-5.0.2/src/pm/hydra/mpiexec/pmiserv_cb.c:280): assert (!closed) failed\n"
                     "[mpiexec@vm] HYD_pmci_wait_for_completion (/mpich-5.0.2/src/pm/hydra/mpiexec/pmiserv_pmci.c:180): "
                     "error waiting for event\n")
_HYDRA_NO_IFACE = ("[mpiexec@vm] HYDU_sock_get_iface_ip (/mpich-5.0.2/src/pm/hydra/lib/utils/sock.c:447): "
                   "unable to find interface nosuch0\n")
#: What a rank's crash looks like on hydra's stdout, and Open MPI's report of one: the program's.
_RANK_CRASHED = ("=   BAD TERMINATION OF ONE OF YOUR APPLICATION PROCESSES\n=   EXIT CODE: 11\n"
                 "YOUR APPLICATION TERMINATED WITH THE EXIT STRING: Segmentation fault (signal 11)\n"
                 "mpirun noticed that process rank 1 with PID 0 on node vm exited on signal 11 (Segmentation fault).\n"
                 "Abort(3) on node 1 (rank 1 in comm 0): application called MPI_Abort(MPI_COMM_WORLD, 3)\n")


@pytest.mark.parametrize("log, line", [
    (_HYDRA_LOST_PROXY, _HYDRA_LOST_PROXY.splitlines()[0]),
    (_HYDRA_NO_IFACE, _HYDRA_NO_IFACE.strip()),
    ("[proxy:0@vm] HYDU_create_process (launch.c:73): execvp error on file ./a (No such file or directory)\n",
     "[proxy:0@vm] HYDU_create_process (launch.c:73): execvp error on file ./a (No such file or directory)"),
    ("mpirun was unable to launch the specified application as it could not access\n",
     "mpirun was unable to launch the specified application as it could not access"),
    (_RANK_CRASHED, None),
    ("", None),
])
def test_a_launcher_fault_line_is_the_launchers_own_not_a_ranks_crash(log, line):
    from pytest_pareval.run import faults
    assert faults.fault_line(log) == line


def test_a_launcher_fault_is_the_machines_only_when_our_probe_fails_too():
    from pytest_pareval.run import faults
    line = _HYDRA_NO_IFACE.strip()
    ran = sandbox.Completed(returncode=0, stdout="", stderr="", seconds=0.1)
    failed = sandbox.Completed(returncode=255, stdout="", stderr=_HYDRA_NO_IFACE, seconds=0.1,
                               launcher_log=_HYDRA_NO_IFACE)
    lost = sandbox.Completed(returncode=-9, stdout="", stderr="", seconds=0.1)
    assert faults.attribute(line, lambda: ran) == (
        "run_fail", f"the launcher failed only with this answer: {line} (a trivial program runs under the same launcher)")
    assert faults.attribute(line, lambda: failed) == (
        "error", f"the launcher failed: {line}; a trivial program fails the same way")
    assert faults.attribute(line, lambda: lost) == (
        "error", f"the launcher failed: {line}; a trivial program fails under it too (killed by signal 9)")


_SUM = "  int me, size; MPI_Comm_rank(MPI_COMM_WORLD, &me); MPI_Comm_size(MPI_COMM_WORLD, &size);\n" \
       "  double s = 0, total = 0;\n  for (size_t i = me; i < x.size(); i += size) s += x[i] * x[i];\n" \
       "  MPI_Allreduce(&s, &total, 1, MPI_DOUBLE, MPI_SUM, MPI_COMM_WORLD);\n"
#: name -> (answer, outcome, a phrase of the message, a phrase the message must not hold)
_LAUNCHER_ANSWERS = {
    # A rank kills its hydra proxy: hydra reports a real fault of its own, but our probe runs.
    "kills_its_proxy": ("#include <csignal>\n#include <unistd.h>\n"
                        "double sumOfSquares(const std::vector<double> &x) {\n"
                        "  int rank; MPI_Comm_rank(MPI_COMM_WORLD, &rank);\n"
                        "  if (rank == 1) kill(getppid(), SIGKILL);\n" + _SUM + "  return total;\n}\n",
                        "run_fail", "the launcher failed only with this answer: [mpiexec@", None),
    # hydra-looking lines in the rank's own stderr change nothing: a right answer passes...
    "prints_hydra_lines": ("#include <cstdio>\ndouble sumOfSquares(const std::vector<double> &x) {\n"
                           "  std::fprintf(stderr, \"[mpiexec@x] HYD_pmci_launch_procs (x.c:1): unable to launch proxies\\n\");\n"
                           + _SUM + "  return total;\n}\n", "pass", "", None),
    # ...and a failing one is run_fail, its stderr quoted as it printed it, no probe called for.
    "prints_hydra_lines_and_exits": ("#include <cstdio>\n#include <cstdlib>\n"
                                     "double sumOfSquares(const std::vector<double> &x) {\n"
                                     "  std::fprintf(stderr, \"[mpiexec@x] HYD_pmci_launch_procs (x.c:1): unable to launch proxies\\n\");\n"
                                     "  std::fflush(stderr);\n  std::exit(1);\n}\n",
                                     "run_fail", "[mpiexec@x] HYD_pmci_launch_procs", "the launcher failed"),
    # Forges the same line into hydra's own stderr (its proxy's fd 2, through /proc): the probe runs.
    "forges_hydras_stderr": ("#include <cstdio>\n#include <cstdlib>\n#include <cstring>\n#include <fcntl.h>\n"
                             "#include <unistd.h>\ndouble sumOfSquares(const std::vector<double> &x) {\n"
                             "  char path[64]; std::snprintf(path, sizeof path, \"/proc/%d/fd/2\", (int)getppid());\n"
                             "  int fd = open(path, O_WRONLY);\n"
                             "  const char *line = \"[mpiexec@x] HYD_pmci_launch_procs (x.c:1): unable to launch proxies\\n\";\n"
                             "  if (fd >= 0) (void)!write(fd, line, std::strlen(line));\n  std::exit(1);\n}\n",
                             "run_fail", "the launcher failed only with this answer: [mpiexec@x] HYD_pmci", None),
}


def _checked(problem, cache, code: str, launcher: str = launchers.DEFAULT_LAUNCHER):
    """``code`` built and checked in MPI mode at 2 ranks as the suite checks it (one second try included)."""
    cases = problem.cases(0)[:2]
    expected = [problem.expected(c) for c in cases]
    workdir = sandbox.make_workdir()
    try:
        built = build.build(code, problem.signature, "mpi", workdir / "build", timeout=120, cache=cache)
        assert built.ok, built.first_errors()
        attempt = correctness.judged_attempt(built.program, problem, cases, expected, "mpi", launcher=launcher)
        return correctness.run_checks(attempt, "mpi", [2], 2, workdir, timeout=20, cap=20, why="")
    finally:
        sandbox.remove_workdir(workdir)


@pytest.mark.parametrize("name", sorted(_LAUNCHER_ANSWERS))
def test_an_answer_cannot_make_its_launcher_fault_ours(problem, cache, name):
    """Whatever an answer does to its launcher (kill its proxy, print or forge hydra's lines), its failure
    stays its run_fail, and printing such lines does not fail a right answer."""
    code, outcome, phrase, absent = _LAUNCHER_ANSWERS[name]
    checked = _checked(problem, cache, code)
    assert checked.verdict.outcome == outcome, checked.verdict
    assert phrase in checked.verdict.message
    assert absent is None or absent not in checked.verdict.message
    if outcome == "run_fail":
        assert checked.verdict.message.endswith("(the same on a second try)")


def test_ranks_flooding_their_output_files_still_fail_as_a_flood_through_the_launcher_did(problem, cache):
    """The ranks' output goes to files now, not through mpirun's pipes that the sandbox caps: a rank writing
    past the capture limit is still the answer's run_fail, and a rank's own stderr is still quoted."""
    code = ("#include <cstdio>\ndouble sumOfSquares(const std::vector<double> &x) {\n"
            "  std::fprintf(stderr, \"rank says hello\\n\");\n"
            "  for (int i = 0; i < 40000; ++i) std::printf(\"%0100d\\n\", i);\n" + _SUM + "  return total;\n}\n")
    checked = _checked(problem, cache, code)
    assert checked.verdict.outcome == "run_fail", checked.verdict
    assert "the ranks' output exceeded the capture limit (1 MB)" in checked.verdict.message
    code = ("#include <cstdio>\n#include <cstdlib>\ndouble sumOfSquares(const std::vector<double> &x) {\n"
            "  std::fprintf(stderr, \"rank says goodbye\\n\");\n  std::fflush(stderr);\n  std::exit(3);\n}\n")
    checked = _checked(problem, cache, code)
    assert checked.verdict.outcome == "run_fail", checked.verdict
    assert "(exit status 3)\nrank says goodbye" in checked.verdict.message, checked.verdict


def test_a_real_launcher_fault_that_our_probe_shares_is_our_error(problem, cache):
    """A real hydra fault on demand: the run's network namespace has no interface nosuch0, so hydra fails
    before any rank starts, for the answer and for our probe alike."""
    code = "double sumOfSquares(const std::vector<double> &x) {\n" + _SUM + "  return total;\n}\n"
    checked = _checked(problem, cache, code, launcher="mpirun -iface nosuch0 -n {ranks}")
    assert checked.verdict.outcome == "error", checked.verdict
    assert checked.verdict.message.startswith("the launcher failed: [mpiexec@"), checked.verdict
    assert "unable to find interface nosuch0; a trivial program fails the same way" in checked.verdict.message


@pytest.mark.parametrize("files, expected", [
    ({"memory.events": "low 0\nhigh 0\nmax 3\noom 1\noom_kill 1\n"}, "limit"),
    ({"memory.events": "low 0\nhigh 0\nmax 0\noom 0\noom_kill 1\n"}, "machine"),
    ({"memory.events": "low 0\nhigh 0\nmax 0\noom 0\noom_kill 0\n"}, None),
    ({"memory.oom_control": "oom_kill_disable 0\nunder_oom 0\noom_kill 2\n", "memory.failcnt": "0\n"}, "machine"),
    ({"memory.oom_control": "oom_kill_disable 0\nunder_oom 0\noom_kill 2\n", "memory.failcnt": "17\n"}, "limit"),
])
def test_an_oom_kill_is_told_apart_by_the_kernels_counters(tmp_path, files, expected):
    """cgroup v2 and v1 counters, as the kernel writes them: a kill below the run's own limit is the
    machine's."""
    from pytest_pareval.sandbox.host import Cgroup
    for name, text in files.items():
        (tmp_path / name).write_text(text)
    assert Cgroup([tmp_path], memory=tmp_path).oom() == expected
