"""MPI items through a cluster launcher: the launcher template, several rank counts, the shared directory,
scheduler refusals, and a real Slurm (tests marked ``slurm``; ``scripts/slurm-single-node.sh start``)."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

import pytest

from pytest_pareval.run import cluster
from pytest_pareval.run import launch as run
from pytest_pareval.run import launcher as launchers
from pytest_pareval.sandbox import core as sandbox
from pytest_pareval.plugin.hooks import Case
from pytest_pareval.suite.problems import discover

PROBLEM = "reduce/sum_of_squares"
REFERENCES = Path(__file__).resolve().parent.parent / "references" / PROBLEM

#: Replayed MPI answers with the outcome they must get under any launcher.
ANSWERS = {
    "right_on_rank_1": ("wrong", """
        double sumOfSquares(const std::vector<double> &x) {
          int rank, size; MPI_Comm_rank(MPI_COMM_WORLD, &rank); MPI_Comm_size(MPI_COMM_WORLD, &size);
          double local = 0, total = 0;
          for (size_t i = x.size() * rank / size; i < x.size() * (rank + 1) / size; ++i) local += x[i] * x[i];
          MPI_Reduce(&local, &total, 1, MPI_DOUBLE, MPI_SUM, size - 1, MPI_COMM_WORLD);
          return total;
        }"""),
    "serial_on_every_rank": ("not_parallel", """
        double sumOfSquares(const std::vector<double> &x) {
          double s = 0; for (double v : x) s += v * v; return s;
        }"""),
    "rank_1_segfaults": ("run_fail", """
        #include <csignal>
        double sumOfSquares(const std::vector<double> &x) {
          int rank; MPI_Comm_rank(MPI_COMM_WORLD, &rank);
          if (rank == 1) std::raise(SIGSEGV);
          double s = 0, total = 0; for (double v : x) s += v * v;
          MPI_Allreduce(&s, &total, 1, MPI_DOUBLE, MPI_SUM, MPI_COMM_WORLD);
          return s;
        }"""),
    "prints_a_node_failure": ("run_fail", """
        #include <csignal>
        #include <cstdio>
        double sumOfSquares(const std::vector<double> &x) {
          // A rank's own text that looks like the scheduler's, then a crash: it stays the model's failure.
          int rank; MPI_Comm_rank(MPI_COMM_WORLD, &rank);
          std::fprintf(stderr, "srun: error: Node failure on node17\\n");
          std::fprintf(stderr, "slurmstepd: error: *** JOB 42 ON node17 CANCELLED AT 2024-05-01T10:00:00 "
                               "DUE TO NODE FAILURE ***\\n");
          std::fflush(stderr);
          if (rank == 1) std::raise(SIGSEGV);
          double s = 0, total = 0; for (double v : x) s += v * v;
          MPI_Allreduce(&s, &total, 1, MPI_DOUBLE, MPI_SUM, MPI_COMM_WORLD);
          return s;
        }"""),
    "deadlock": ("timeout", """
        double sumOfSquares(const std::vector<double> &x) {
          double v = 0; MPI_Recv(&v, 1, MPI_DOUBLE, MPI_ANY_SOURCE, 0, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
          return v;
        }"""),
}
SRUN = "srun --ntasks={ranks} --overcommit --kill-on-bad-exit=1 --time={timeout_min}"


def _slurm_reason() -> str | None:
    """Why the slurm tests cannot run here, or None."""
    if not shutil.which("srun") or not shutil.which("sinfo"):
        return "no srun/sinfo on PATH (install: scripts/slurm-single-node.sh install)"
    try:
        done = subprocess.run(["sinfo", "-h", "-o", "%T"], capture_output=True, text=True, timeout=10)
    except subprocess.TimeoutExpired:
        return "sinfo did not answer within 10 s"
    states = done.stdout.split()
    if done.returncode != 0 or not any(s.rstrip("*~#").startswith(("idle", "mixed")) for s in states):
        return (f"no idle Slurm node ({(done.stderr or done.stdout).strip() or 'no nodes'}); "
                "start one with scripts/slurm-single-node.sh start")
    return None


slurm = pytest.mark.slurm
UNSAFE = "--pareval-unsafe=cluster"  # every cluster launcher needs the opt-in


@pytest.fixture(autouse=True)
def cluster_accepted():
    """In-process calls of run.execute / cluster.launch: the user accepted cluster launchers."""
    before = sandbox.accepted()
    sandbox.accept({"cluster"})
    yield
    sandbox.accept(before)


@pytest.fixture(scope="module")
def slurm_up():
    reason = _slurm_reason()
    if reason:
        pytest.skip(reason)


@pytest.fixture
def shared() -> Path:
    """A stand-in for a cluster's shared directory, reachable by the sandbox's uids (tmp_path is not)."""
    path = Path(tempfile.mkdtemp(prefix="pareval-shared-"))
    path.chmod(0o711)
    yield path
    shutil.rmtree(path, ignore_errors=True)


def _replay(root: Path) -> list[str]:
    for name, (_, code) in ANSWERS.items():
        path = root / name / PROBLEM / "mpi.txt"
        path.parent.mkdir(parents=True)
        path.write_text("```cpp\n" + textwrap.dedent(code).strip() + "\n```\n")
    return [f"replay:{root / name}" for name in ANSWERS]


def _outcomes(records) -> dict[tuple[str, str, int], str]:
    return {(r["model_id"], r["mode"], r["ranks"]): r["outcome"] for r in records}


# --- without Slurm -----------------------------------------------------------------------------------

def test_launcher_placeholders_are_filled_per_word(tmp_path):
    workdir = tmp_path / "with space"
    argv = launchers.launcher_argv("srun --ntasks={ranks} --time={timeout_min} --chdir={workdir} -f {hostfile} "
                             "--signal={timeout_s}", ranks=4, timeout=61.2, hostfile="/etc/hosts", workdir=workdir)
    assert argv == ["srun", "--ntasks=4", "--time=2", f"--chdir={workdir}", "-f", "/etc/hosts", "--signal=62"]
    assert launchers.launcher_argv(launchers.DEFAULT_LAUNCHER, ranks=2, timeout=5) == ["mpirun", "-n", "2"]
    assert launchers.launcher_argv("srun -t {timeout_min}", ranks=1, timeout=0.5) == ["srun", "-t", "1"]


@pytest.mark.parametrize("template, message", [
    ("srun -n {nodes}", "unknown placeholder {nodes}"),
    ("srun -n {}", "unknown placeholder {}"),
    ("srun -n {ranks", "malformed launcher"),
    ("srun 'unclosed", "malformed launcher"),
    ("", "empty"),
])
def test_bad_launcher_templates_are_refused(template, message):
    with pytest.raises(ValueError, match=message.replace("{", r"\{").replace("}", r"\}")):
        launchers.check_launcher(template)


def test_local_and_cluster_launchers():
    assert launchers.is_local("mpirun -n {ranks}") and launchers.is_local("/opt/mpich/bin/mpiexec -np {ranks}")
    for template in ("srun --ntasks={ranks}", "mpirun -n {ranks} -f {hostfile}", "mpirun -n {ranks} -f hosts",
                     "mpiexec --hostfile=hosts -n {ranks}", "salloc -n {ranks} mpirun -n {ranks}"):
        assert not launchers.is_local(template), template


def test_unknown_placeholder_is_one_usage_error_line(pytester):
    result = pytester.runpytest_subprocess(str(REFERENCES.parent.parent.parent / "problems"),
                                           "--pareval-launcher=srun -n {nodes}", "--collect-only", "-q")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["ERROR: --pareval-launcher: unknown placeholder {nodes} in launcher*"])


def test_several_rank_counts_make_one_mpi_item_each(pytester):
    result = pytester.runpytest_subprocess(str(REFERENCES.parent.parent.parent / "problems"), "--collect-only",
                                           "-q", "--pareval-ranks=4,2", "-k", PROBLEM, "--pareval-models=reference")
    ids = sorted(line.split("[", 1)[1].rstrip("]") for line in result.stdout.lines if "::test_problem[" in line)
    assert ids == [f"{PROBLEM}-mpi2-reference", f"{PROBLEM}-mpi4-reference", f"{PROBLEM}-serial-reference"]
    [problem] = [p for p in discover() if p.id == PROBLEM]
    assert Case(problem, _Model(), "mpi", ranks=2).id == f"{PROBLEM}-mpi-m"  # one count: ids as before


class _Model:
    slug = "m"


def _refusing_launcher(tmp_path: Path, message: str) -> Path:
    """A stand-in for srun (a scheduler cannot be made to refuse on demand): it refuses to start the program
    with ``message`` on stderr, as srun does, and runs the shared-directory probe (``cat .../marker``)."""
    script = tmp_path / "fake-srun"
    script.write_text(textwrap.dedent(f"""\
        #!/bin/sh
        n=$1; shift
        case "$*" in *pareval-probe-*/marker) ;; *) echo "{message}" >&2; exit 1;; esac
        i=0; while [ $i -lt $n ]; do "$@" || exit $?; i=$((i + 1)); done
        """))
    script.chmod(0o755)
    return script


@pytest.mark.parametrize("message", [
    "srun: error: Unable to allocate resources: Job violates accounting/QOS policy (job submit limit)",
    "srun: error: Unable to allocate resources: Invalid partition name specified",
    "srun: error: Node failure on node17",
    "slurmstepd-node17: error: *** JOB 42 ON node17 CANCELLED AT 2024-05-01T10:00:00 DUE TO NODE FAILURE ***",
])
def test_scheduler_refusals_are_infrastructure_errors(tmp_path, message):
    launcher = _refusing_launcher(tmp_path, message)
    [problem] = [p for p in discover() if p.id == PROBLEM]
    with pytest.raises(run.SchedulerError, match="refused or lost"):
        run.execute(tmp_path / "missing.so", problem.signature, problem.cases(0), "mpi", tmp_path, ranks=2,
                    timeout=10, launcher=f"{launcher} {{ranks}}")


def _launcher_running_the_ranks(tmp_path: Path, message: str = "") -> Path:
    """A stand-in for srun that prints ``message`` as its own and runs every rank (tasks share its stderr,
    as srun's do)."""
    script = tmp_path / "plain-srun"
    script.write_text(f"#!/bin/sh\n[ -n '{message}' ] && echo '{message}' >&2\nn=$1; shift\ni=0\n"
                      "while [ $i -lt $n ]; do SLURM_PROCID=$i \"$@\" || exit $?; i=$((i + 1)); done\n")
    script.chmod(0o755)
    return script


def test_a_rank_printing_a_scheduler_line_is_still_the_models_failure(tmp_path):
    """Only the launcher's own lines count: a rank that prints srun's words and fails stays a failure."""
    rank = ["sh", "-c", "echo 'srun: error: Node failure on node17' >&2; echo 'slurmstepd: error: *** JOB 4 "
            "CANCELLED AT 2024-05-01T10:00:00 DUE TO NODE FAILURE ***' >&2; echo out; exit 1"]
    done = cluster.launch([str(_launcher_running_the_ranks(tmp_path)), "2"], rank, workdir=tmp_path, timeout=10,
                          env={"PATH": os.environ["PATH"]}, limits=run.Limits(), queue_timeout=0)
    assert done.returncode == 1 and done.launcher_log == ""
    assert "Node failure on node17" in done.stderr and done.stdout == "out\n"  # kept for the message
    # The same line from the launcher itself is the cluster's fault.
    with pytest.raises(run.SchedulerError, match="Node failure on node17"):
        cluster.launch([str(_launcher_running_the_ranks(tmp_path, "srun: error: Node failure on node17")), "2"],
                       rank, workdir=tmp_path, timeout=10, env={"PATH": os.environ["PATH"]}, limits=run.Limits(),
                       queue_timeout=0)


def test_the_classification_reads_the_launcher_log_only():
    line = "srun: error: Unable to allocate resources: Invalid partition name specified"
    from_ranks = run.Completed(returncode=1, stdout="", stderr=line, seconds=1.0)
    cluster.classify(from_ranks, queue_timeout=1)  # no error: the ranks said it
    with pytest.raises(run.SchedulerError, match="Invalid partition"):
        cluster.classify(run.Completed(returncode=1, stdout="", stderr=line, seconds=1.0, launcher_log=line), 1)
    stopped = run.Completed(returncode=1, stdout="", stderr="", seconds=1.0,
                            launcher_log="slurmstepd: error: *** STEP 3.0 ON n1 CANCELLED AT 2024-05-01T10:00:00 "
                                         "DUE TO TIME LIMIT ***")
    cluster.classify(stopped, 1)
    assert stopped.timed_out


def test_a_cluster_launcher_needs_the_opt_in(pytester, tmp_path):
    result = pytester.runpytest_subprocess(str(REFERENCES.parent.parent.parent / "problems"), "--collect-only",
                                           "-q", "--pareval-launcher=srun --ntasks={ranks}")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["ERROR: --pareval-launcher 'srun --ntasks={ranks}' runs the ranks outside the "
                                 "sandbox*--pareval-unsafe=cluster"])
    sandbox.accept(set())
    with pytest.raises(sandbox.SandboxError, match="--pareval-unsafe=cluster"):
        cluster.launch(["srun"], ["true"], workdir=tmp_path, timeout=1, env={}, limits=run.Limits(),
                       queue_timeout=0)
    assert list(tmp_path.iterdir()) == []  # refused before anything was written


def test_a_job_that_never_leaves_the_queue_is_an_error(tmp_path):
    script = tmp_path / "queued-srun"
    script.write_text("#!/bin/sh\necho 'srun: job 7 queued and waiting for resources' >&2\nexec sleep 60\n")
    script.chmod(0o755)
    [problem] = [p for p in discover() if p.id == PROBLEM]
    with pytest.raises(run.SchedulerError, match="queue timeout"):
        run.execute(tmp_path / "missing.so", problem.signature, problem.cases(0), "mpi", tmp_path, ranks=2,
                    timeout=0.5, launcher=f"{script} {{ranks}}", queue_timeout=0.5)


def test_refused_items_error_with_the_schedulers_line_and_serial_items_run(run_suite, tmp_path, shared):
    launcher = _refusing_launcher(tmp_path, "srun: error: Unable to allocate resources: Job violates "
                                            "accounting/QOS policy (job submit limit)")
    result, records = run_suite("--pareval-models=reference", f"--pareval-launcher={launcher} {{ranks}}",
                                f"--pareval-shared-dir={shared}", UNSAFE, "-k", PROBLEM)
    outcomes = {r["mode"]: r for r in records}
    assert outcomes["serial"]["outcome"] == "pass"
    assert outcomes["mpi"]["outcome"] == "error"
    assert "Job violates accounting/QOS policy" in outcomes["mpi"]["message"]
    result.assert_outcomes(passed=1, errors=1)


# --- against a real Slurm ----------------------------------------------------------------------------

@slurm
def test_srun_gives_the_same_outcomes_as_mpirun(slurm_up, run_suite, tmp_path, shared):
    models = ",".join(["reference", *_replay(tmp_path / "replay")])
    common = (f"--pareval-models={models}", "-k", f"{PROBLEM}-mpi", "--pareval-ranks=2,3", "--pareval-timeout=8")
    output = tmp_path / "out"  # shared: the second run reuses the first one's builds
    _, local = run_suite(*common, output=output)
    result, on_cluster = run_suite(*common, f"--pareval-launcher={SRUN}", f"--pareval-shared-dir={shared}",
                                   "--pareval-queue-timeout=20", UNSAFE, "-n", "2", output=output)
    expected = {(f"replay-{name}", "mpi", ranks): outcome for name, (outcome, _) in ANSWERS.items()
                for ranks in (2, 3)} | {("reference", "mpi", 2): "pass", ("reference", "mpi", 3): "pass"}
    assert _outcomes(local) == expected, [(r["model_id"], r["ranks"], r["message"]) for r in local]
    assert _outcomes(on_cluster) == expected, [(r["model_id"], r["ranks"], r["message"]) for r in on_cluster]
    result.stdout.fnmatch_lines(["pareval launcher: srun --ntasks={ranks}*"])
    # The deadlocked runs were cancelled, not left running on the cluster.
    queue = subprocess.run(["squeue", "-h", "-u", str(os.getuid()), "-o", "%i %j"], capture_output=True, text=True)
    assert "answer" not in queue.stdout, queue.stdout  # the compiled program's job steps


@slurm
def test_a_real_refusal_is_an_error(slurm_up, tmp_path):
    [problem] = [p for p in discover() if p.id == PROBLEM]
    with pytest.raises(run.SchedulerError, match="Invalid partition name specified"):
        run.execute(tmp_path / "missing.so", problem.signature, problem.cases(0), "mpi", tmp_path, ranks=2,
                    timeout=10, launcher="srun --partition=pareval-no-such-partition --ntasks={ranks}")


@slurm
@pytest.mark.skipif(os.geteuid() != 0 or not shutil.which("unshare"), reason="needs root and unshare(1)")
def test_a_directory_the_nodes_do_not_see_is_one_usage_error(slurm_up, tmp_path):
    """The controller sees a tmpfs in a mount namespace of its own; slurmd, outside it, does not: a shared
    directory that is not shared, for real."""
    private = tmp_path / "private"
    private.mkdir()
    pytest_args = [sys.executable, "-m", "pytest", str(REFERENCES.parent.parent.parent / "problems"),
                   "-p", "no:cacheprovider", f"--pareval-output={tmp_path / 'out'}", "-k", f"{PROBLEM}-mpi",
                   "--pareval-models=reference",
                   f"--pareval-launcher={SRUN}", f"--pareval-shared-dir={private}", UNSAFE]
    done = subprocess.run(["unshare", "--mount", "--propagation", "private", "sh", "-c",
                           f'mount -t tmpfs pareval "{private}" && exec "$@"', "sh", *pytest_args],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == pytest.ExitCode.USAGE_ERROR, done.stdout + done.stderr
    assert f"--pareval-shared-dir {private} is not shared with the ranks" in done.stdout + done.stderr
