"""Containment of generated code: the sandbox directly, and the hostile corpus through the whole suite.

Every hostile program in tests/hostile/ is a replay answer to reduce/sum_of_squares whose first line states
its mode and the outcome it must get. The corpus runs in ONE pytest session (a subprocess, like a user's)
and is then checked for: each outcome, a session that finished normally, no process left behind (every
process of the run carries a unique marker in its command line or environment), and no file outside the
run's temporary directory (the programs try to write at marked paths that must not exist afterwards).
"""
from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

import pytest

from pytest_pareval.sandbox import core as sandbox
from pytest_pareval.report.records import read_jsonl

REPO = Path(__file__).resolve().parent.parent
CORPUS = Path(__file__).resolve().parent / "hostile"
PROBLEM = "reduce/sum_of_squares"
HEADER = re.compile(r"//\s*mode:\s*(\w+)\s+outcome:\s*(\w+)")


def corpus() -> dict[str, tuple[str, str, str]]:
    """name -> (mode, expected outcome, source)."""
    cases = {}
    for path in sorted(CORPUS.glob("*.cpp")):
        text = path.read_text()
        mode, outcome = HEADER.match(text).groups()
        cases[path.stem] = (mode, outcome, text)
    return cases


def marked_processes(marker: str) -> list[str]:
    """Command lines of every process whose command line or environment contains ``marker``."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes()
            environ = (entry / "environ").read_bytes()
        except OSError:
            continue
        if marker.encode() in cmdline or marker.encode() in environ:
            found.append(entry.name + ": " + cmdline.replace(b"\0", b" ").decode(errors="replace")[:200])
    return found


class Listener:
    """A TCP server on 127.0.0.1 that records every connection it accepts."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen()
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.connections = 0
        self._stop = False
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self):
        while not self._stop:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            self.connections += 1
            conn.close()

    def close(self):
        self._stop = True
        self._thread.join()
        self.sock.close()


# --- the sandbox directly -------------------------------------------------------------------------------

ENV = {"PATH": os.environ["PATH"], "LANG": "C"}


@pytest.fixture
def workdir():
    path = sandbox.make_workdir()
    yield path
    sandbox.remove_workdir(path)


def run(script: str, workdir: Path, timeout: float = 10, **limits) -> sandbox.Completed:
    return sandbox.run(["sh", "-c", script], cwd=workdir, timeout=timeout, env=dict(ENV),
                       limits=sandbox.Limits(**limits))


def test_the_environment_is_exactly_what_the_caller_passes(workdir, monkeypatch):
    monkeypatch.setenv("OPENAI_API_KEY", "sk-must-not-leak")
    done = run("env", workdir)
    names = {line.split("=", 1)[0] for line in done.stdout.splitlines()}
    assert names - {"PWD", "SHLVL", "_"} == {"PATH", "LANG", "HOME", "TMPDIR", sandbox.MARKER}
    assert "sk-must-not-leak" not in done.stdout


def test_a_timeout_kills_every_process_the_command_started(workdir):
    marker = f"pareval-test-{uuid.uuid4().hex}"
    # A grandchild in a session of its own escapes a kill of the process group; the cgroup still holds it.
    script = f"setsid sh -c 'sleep 1000; : {marker}' & sh -c 'sleep 1000; : {marker}' & sleep 1000"
    start = time.monotonic()
    done = run(script, workdir, timeout=1)
    assert done.timed_out and done.returncode is None
    assert time.monotonic() - start < 4
    assert marked_processes(marker) == []


def test_processes_left_behind_by_a_finished_command_are_killed(workdir):
    marker = f"pareval-test-{uuid.uuid4().hex}"
    done = run(f"setsid sh -c 'sleep 1000; : {marker}' > /dev/null 2>&1 & echo started", workdir)
    assert done.returncode == 0 and not done.timed_out and done.stdout == "started\n"
    assert marked_processes(marker) == []


@pytest.mark.skipif(not sandbox.features().cgroups, reason="no cgroup on this machine")
def test_a_killed_session_leaves_nothing_once_the_next_one_starts(workdir):
    marker = f"pareval-test-{uuid.uuid4().hex}"
    started = workdir / "started"  # the only place the command may write
    # disk_mb=0: the run writes its directory itself (no tmpfs), so that `started` shows while it runs.
    session = ("import os, sys\nfrom pathlib import Path\nfrom pytest_pareval.sandbox import core as sandbox\n"
               f"sandbox.run(['sh', '-c', \"setsid sh -c 'sleep 1000; : {marker}' & touch {started}; "
               f"sleep 1000; : {marker}\"], cwd=Path('{workdir}'), timeout=100, "
               "env={'PATH': os.environ['PATH']}, limits=sandbox.Limits(disk_mb=0))\n")
    proc = subprocess.Popen([sys.executable, "-c", session], cwd=REPO)
    deadline = time.monotonic() + 30
    while not started.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert started.exists()
    proc.kill()  # no chance to clean up
    proc.wait()
    time.sleep(0.3)
    # The command itself died with its parent; with a PID namespace so did the daemon it left (its init
    # died too); without one, the daemon sits in the dead session's cgroup...
    assert len(marked_processes(marker)) == (0 if sandbox.features().pid else 1)
    # ... until the next session starts.
    subprocess.run([sys.executable, "-c", "from pytest_pareval.sandbox import core; core.features()"], cwd=REPO,
                   check=True)
    assert marked_processes(marker) == []


def test_output_beyond_the_cap_stops_the_command(workdir):
    start = time.monotonic()
    done = run("yes", workdir, output_bytes=1 << 16)
    assert done.output_capped and len(done.stdout) == 1 << 16
    assert time.monotonic() - start < 5


@pytest.mark.skipif(not sandbox.features().cgroups.get("pids"), reason="no pids cgroup on this machine")
def test_the_process_count_is_bounded(workdir):
    done = run("for i in $(seq 100); do sleep 5 & done; wait", workdir, processes=20)
    assert "fork" in done.stderr.lower()  # sh reports "Cannot fork" once the limit is reached


@pytest.mark.skipif(not sandbox.features().cgroups.get("memory"), reason="no memory cgroup on this machine")
def test_the_memory_of_the_tree_is_bounded(workdir):
    # Within the address-space limit of the process, beyond the memory limit of the tree: killed.
    done = sandbox.run([sys.executable, "-c", "b = bytearray(1200 << 20); print('allocated')"], cwd=workdir,
                       timeout=30, env=dict(ENV), limits=sandbox.Limits(memory_mb=512, address_space_mb=4096))
    assert done.signal == signal.SIGKILL and "allocated" not in done.stdout


@pytest.mark.skipif(not sandbox.features().files_isolated, reason="no mount namespace on this machine")
def test_only_the_working_directory_is_writable(workdir):
    outside = Path("/tmp") / f"pareval-test-{uuid.uuid4().hex}"
    done = sandbox.run(["sh", "-c", f"touch {outside}; touch {REPO}/{outside.name}; touch inside && echo wrote"],
                       cwd=workdir, timeout=10, env=dict(ENV), limits=sandbox.Limits(), keep=("inside",))
    assert done.stdout == "wrote\n"
    assert (workdir / "inside").exists()
    assert not outside.exists() and not (REPO / outside.name).exists()


@pytest.mark.skipif(not (sandbox.features().files and sandbox.features().pid), reason="no private file view here")
def test_a_run_writes_no_more_than_its_disk_limit_in_all_its_files(workdir):
    """Many small files, each far below the file size limit: the run's directory fills at disk_mb, the
    machine's disk is not touched, and only the names the caller keeps come back."""
    (workdir / "given.txt").write_text("from the caller")
    script = ("cat given.txt; i=0; while [ $i -lt 100000 ]; do head -c 100000 /dev/zero > f$i || break; "
              "i=$((i+1)); done; rm f0; echo written $i > kept.txt")
    done = sandbox.run(["sh", "-c", script], cwd=workdir, timeout=60, env=dict(ENV),
                       limits=sandbox.Limits(disk_mb=32), keep=("kept.txt",))
    assert done.stdout.startswith("from the caller"), done
    assert "No space left on device" in done.stderr
    written = int((workdir / "kept.txt").read_text().split()[1])
    assert 0 < written * 100_000 <= 32 << 20
    assert sorted(p.name for p in workdir.iterdir()) == ["given.txt", "kept.txt"]


def test_the_cpu_limit_follows_the_timeout(workdir):
    """RLIMIT_CPU is no fixed 120 s: a run allowed 300 s of wall clock may compute for 300 s."""
    done = run("ulimit -t", workdir, timeout=300)
    assert int(done.stdout) >= 300
    assert int(run("ulimit -t", workdir, timeout=5).stdout) < 300


@pytest.mark.skipif(not sandbox.features().files, reason="no private file view here")
def test_without_a_recursive_read_only_sys_generated_code_is_refused(monkeypatch):
    """Before Linux 5.12 the mounts under /sys cannot be made read-only: fail closed, unless accepted."""
    monkeypatch.setattr(sandbox, "kernel_version", lambda: (5, 4))
    sandbox.features.cache_clear()
    try:
        assert "files: Linux 5.4 cannot make the mounts under /sys read-only" in sandbox.refusal()
        with pytest.raises(sandbox.SandboxError, match=r"--pareval-unsafe=\S*files"):
            sandbox.run(["true"], cwd=Path("/tmp"), timeout=5, env=dict(ENV), limits=sandbox.Limits())
        sandbox.accept(["files"])
        # (Linux 5.4 also lacks what bounds an ordinary user's process count without a cgroup: not this test's.)
        assert "files:" not in (sandbox.refusal() or "")
        assert "--shallow-ro" in sandbox.helper_argv(["true"], Path("/tmp"), {}, sandbox.Limits(), uid=None,
                                                     cgroup=None, error_fd=2)
    finally:
        sandbox.accept([])
        monkeypatch.undo()
        sandbox.features.cache_clear()


@pytest.mark.skipif(not sandbox.features().network_isolated, reason="no network namespace on this machine")
def test_no_network_but_a_working_loopback(workdir):
    listener = Listener()
    try:
        probe = ("import socket\n"
                 "s = socket.socket(); s.bind(('127.0.0.1', 0)); s.listen()\n"
                 "socket.create_connection(s.getsockname(), timeout=2).close(); print('loopback')\n"
                 f"socket.create_connection(('127.0.0.1', {listener.port}), timeout=2)\n")
        done = sandbox.run([sys.executable, "-c", probe], cwd=workdir, timeout=10, env=dict(ENV),
                           limits=sandbox.Limits())
    finally:
        listener.close()
    assert done.stdout == "loopback\n"
    assert "ConnectionRefusedError" in done.stderr
    assert listener.connections == 0


def test_every_cgroup_of_a_run_is_removed(workdir):
    run("true", workdir)
    run("sleep 100", workdir, timeout=0.5)
    mine = f"pareval-{os.getpid()}-"
    left = [p for parent in set(sandbox.features().cgroups.values()) for p in parent.iterdir() if
            p.name.startswith(mine)]
    assert left == []


def test_the_header_names_the_network_mechanism():
    line = sandbox.describe()
    assert line.startswith("pareval sandbox: network=")
    if sandbox.features().network_isolated:
        assert "network namespace" in line and sandbox.warnings() == [] or "network" not in " ".join(
            sandbox.warnings())


@pytest.mark.skipif(not shutil.which("unshare"), reason="needs unshare(1)")
def test_a_missing_mechanism_makes_items_error_unless_the_user_accepts_it(tmp_path):
    """In a user namespace that maps only root, no unprivileged uid can be had: generated code would run as
    (namespace) root, for real. The items then error with one line, until the user accepts exactly that."""
    command = ["unshare", "--user", "--map-root-user", sys.executable, "-m", "pytest", str(REPO / "problems"),
               "-p", "no:cacheprovider", "-p", "no:randomly", "--pareval-models=reference",
               "--pareval-modes=serial", "-k", PROBLEM, f"--pareval-output={tmp_path / 'out'}"]
    done = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, timeout=300)
    [record] = read_jsonl(tmp_path / "out" / "results.jsonl")
    assert record["outcome"] == "error", record
    message = record["message"]
    assert message.startswith("pareval sandbox: generated code does not run here: ") and "\n" not in message
    assert "user: cannot drop to an unprivileged uid" in message
    assert "Traceback" not in done.stdout + done.stderr
    assert "REFUSES to run generated code" in done.stdout  # the header says so before any item runs
    names = re.search(r"--pareval-unsafe=([\w,]+)", message).group(1)
    done = subprocess.run([*command, f"--pareval-unsafe={names}"], cwd=tmp_path, capture_output=True, text=True,
                          timeout=300)
    assert [r["outcome"] for r in read_jsonl(tmp_path / "out" / "results.jsonl")] == ["pass"], done.stdout[-2000:]
    assert f"ACCEPTED UNSAFE: {','.join(sorted(names.split(',')))}" in done.stdout


def test_an_unknown_unsafe_name_is_one_usage_error(tmp_path):
    done = subprocess.run([sys.executable, "-m", "pytest", str(REPO / "problems"), "-p", "no:cacheprovider",
                           "--collect-only", "-q", "--pareval-models=reference", "--pareval-unsafe=network,nope"],
                          cwd=tmp_path, capture_output=True, text=True)
    assert done.returncode == 4 and "--pareval-unsafe: unknown mechanism nope" in done.stderr, done.stderr


def test_runs_of_concurrent_processes_never_share_a_uid():
    """Per-run uids are leased (flock), so xdist workers and parallel sessions cannot collide."""
    if sandbox.features().uid is None:
        pytest.skip("no per-run uids (not root)")
    script = ("import sys, time\nfrom pytest_pareval.sandbox.host import lease_uid\n"
              "with lease_uid(1000) as uid:\n    print(uid, flush=True)\n    time.sleep(1.5)\n")
    procs = [subprocess.Popen([sys.executable, "-c", script], cwd=REPO, stdout=subprocess.PIPE, text=True)
             for _ in range(6)]
    uids = [int(p.communicate(timeout=60)[0]) for p in procs]
    assert len(set(uids)) == 6, uids


# --- the hostile corpus through the suite -----------------------------------------------------------------

@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    """Run the whole corpus in one pareval session; yield what the checks need."""
    root = tmp_path_factory.mktemp("hostile")
    marker = f"pareval-hostile-{uuid.uuid4().hex[:12]}"
    tmpdir = root / marker  # TMPDIR of the session: every workdir (so every rank's argv) contains the marker
    tmpdir.mkdir()
    secret = Path.home() / f".{marker}-secret"
    secret.write_text("sk-secret-in-the-home")
    secret.chmod(0o600)
    cache = root / "out" / "cache"  # the session's build cache: a canary there must stay as it is
    (cache / "builds").mkdir(parents=True)
    (cache / "builds" / "canary.part").write_text("canary\n")
    models_key = f"sk-models-{uuid.uuid4().hex}"  # a models file's api_key (not containing the marker)
    models_file = root / "models.toml"
    models_file.write_text(f'[models.unused]\nmodel = "openai/unused"\napi_key = "{models_key}"\n')
    repo_before = snapshot(REPO)
    listener = Listener()
    values = {"@MARKER@": marker, "@PORT@": str(listener.port), "@REPO@": str(REPO),
              "@REALHOME@": str(Path.home()), "@SECRET@": str(secret), "@CACHE@": str(cache),
              "@VENV@": sys.prefix, "@MODELKEY@": models_key}
    cases = corpus()
    models, selection = [], []
    for name, (mode, _, text) in cases.items():
        for key, value in values.items():
            text = text.replace(key, value)
        answer = root / "replay" / name / PROBLEM / f"{mode}.txt"
        answer.parent.mkdir(parents=True)
        answer.write_text(f"```cpp\n{text}\n```\n")
        models.append(f"replay:{answer.parent.parent.parent}")
        selection.append(f"{PROBLEM}-{mode}-replay-{name}]")
    env = {**os.environ, "TMPDIR": str(tmpdir), "OPENAI_API_KEY": f"sk-{marker}", "PAREVAL_TEST_TOKEN": marker}
    command = [sys.executable, "-m", "pytest", str(REPO / "problems"), "-p", "no:cacheprovider", "-p",
               "no:randomly", "-n", "2", "-q", f"--pareval-models={','.join(models)}",
               "-k", " or ".join(s.rstrip("]") for s in selection), "--pareval-timeout=6",
               f"--pareval-models-file={models_file}",
               "--pareval-build-timeout=20", f"--pareval-output={root / 'out'}", f"--basetemp={root / 'base'}"]
    start = time.monotonic()
    try:
        # A hang fails here (every program ends at its limits); the time is printed, not asserted: 84 s alone,
        # 371 s at a load of 15.
        done = subprocess.run(command, cwd=root, env=env, capture_output=True, text=True, timeout=900)
        seconds = time.monotonic() - start
        time.sleep(0.2)
        left = marked_processes(marker)
    finally:
        listener.close()
        secret.unlink()
    records = {r["model_id"].removeprefix("replay-"): r for r in read_jsonl(root / "out" / "results.jsonl")}
    print(f"hostile corpus: {len(cases)} programs in {seconds:.1f} s, {len(left)} processes left")
    for name, record in sorted(records.items()):
        print(f"  {name:24} {record['outcome']:10} {record['message'].splitlines()[0] if record['message'] else ''}")
    yield {"done": done, "records": records, "left": left, "marker": marker, "tmpdir": tmpdir,
           "connections": listener.connections, "seconds": seconds, "cases": cases, "cache": cache,
           "repo_before": repo_before, "repo_after": snapshot(REPO), "models_key": models_key,
           "published": [root / "out" / "results.jsonl", root / "out" / "report.md"]}
    for path in escape_paths(marker):
        path.unlink(missing_ok=True)  # only if the test failed


def escape_paths(marker: str) -> list[Path]:
    """Where the corpus tries to leave files outside its directories (each must not exist afterwards)."""
    venv = Path(sys.prefix)
    return [REPO / f"{marker}.txt", REPO / "pytest_pareval" / f"{marker}.py", REPO / "pytest_pareval" / f"{marker}.txt",
            Path.home() / f"{marker}.txt", Path(f"/tmp/{marker}.txt"), Path(f"/tmp/{marker}.sh.txt"),
            Path(f"/dev/shm/{marker}.txt"), venv / f"{marker}.txt", venv / "bin" / f"{marker}.txt"]


def snapshot(top: Path) -> dict[str, tuple[int, int]]:
    """path -> (size, mtime) of every file of a checkout (not .git, the venv or caches Python writes)."""
    found = {}
    for directory, subdirs, files in os.walk(top):
        subdirs[:] = [d for d in subdirs if d not in (".git", ".venv", "__pycache__") and not d.endswith(".egg-info")]
        for name in files:
            path = os.path.join(directory, name)
            try:
                st = os.lstat(path)
            except OSError:
                continue
            found[os.path.relpath(path, top)] = (st.st_size, st.st_mtime_ns)
    return found


@pytest.mark.parametrize("name", sorted(corpus()))
def test_hostile_program_gets_its_outcome(hostile, name):
    mode, expected, _ = hostile["cases"][name]
    record = hostile["records"].get(name)
    assert record is not None, f"no record for {name}:\n{hostile['done'].stdout[-3000:]}"
    assert record["mode"] == mode
    assert record["outcome"] == expected, record["message"]


def test_the_hostile_session_finished_normally(hostile):
    done = hostile["done"]
    assert done.returncode == 1, done.stdout[-3000:] + done.stderr[-3000:]  # 1: some items failed, as they must
    assert "INTERNALERROR" not in done.stdout + done.stderr
    assert re.search(r"\d+ failed, \d+ passed", done.stdout), done.stdout[-3000:]
    assert len(hostile["records"]) == len(hostile["cases"])


def test_the_hostile_session_left_no_process(hostile):
    assert hostile["left"] == []


def test_the_hostile_session_left_no_file_outside_its_temp_dir(hostile):
    marker = hostile["marker"]
    escaped = [p for p in escape_paths(marker) if p.exists()]
    assert escaped == []
    # Every per-item directory, with whatever the programs wrote into it (10 GB file included), is gone.
    assert list(hostile["tmpdir"].iterdir()) == []


def test_the_hostile_session_left_the_cache_and_the_repository_unchanged(hostile):
    """Nothing a run writes reaches the build cache (shared by every later build) or the checkout."""
    marker = hostile["marker"]
    written = marker[::-1].encode()  # what write_everywhere writes (the marker itself is in every binary)
    cache = hostile["cache"]
    assert (cache / "builds" / "canary.part").read_text() == "canary\n"
    poisoned = [str(p) for p in cache.rglob("*") if marker in p.name or p.is_file() and not p.is_symlink()
                and written in p.read_bytes()]
    assert poisoned == []
    before, after = hostile["repo_before"], hostile["repo_after"]
    assert {k: v for k, v in after.items() if before.get(k) != v} == {}
    assert set(before) - set(after) == set()


def _published_texts(hostile) -> str:
    return "".join(p.read_text() for p in hostile["published"])


def test_secrets_and_control_characters_never_reach_the_results(hostile):
    """A program that prints the environment's API key and terminal escapes (stderr, an exception):
    results.jsonl and report.md hold [redacted] and no control character."""
    for name in ("leak_key_stderr", "leak_key_exception"):
        message = hostile["records"][name]["message"]
        assert "[redacted]" in message and "sk-" + hostile["marker"] not in message, message
        assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f]", message), repr(message)
    published = _published_texts(hostile)
    assert "sk-" + hostile["marker"] not in published
    assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f]|\\u001b|\\u0007", published)


def test_a_models_file_key_never_reaches_the_results(hostile):
    """The models file's api_key is a secret too (the plugin registers it with redact.register_secret)."""
    assert hostile["models_key"] not in _published_texts(hostile) + hostile["done"].stdout


def test_the_hostile_session_reached_no_server(hostile):
    assert hostile["connections"] == 0


# --- a session survives its users -------------------------------------------------------------------------

@pytest.mark.parametrize("args, complaint", [
    (["--pareval-modes=foo"], "--pareval-modes"),
    (["--pareval-ranks=two"], "--pareval-ranks"),
    (["--pareval-timeout=-1"], "--pareval-timeout"),
    (["--pareval-models=no-such-model"], "no-such-model"),
    (["--pareval-models=x", "--pareval-models-file=/nonexistent/models.toml"], "/nonexistent/models.toml"),
    (["--pareval-models=x", "--pareval-models-file={bad}"], "models.toml"),
])
def test_a_bad_setting_is_one_clear_line(tmp_path, args, complaint):
    bad = tmp_path / "models.toml"
    bad.write_text("[models.x\nname = 'unterminated")
    args = [a.replace("{bad}", str(bad)) for a in args]
    done = subprocess.run([sys.executable, "-m", "pytest", str(REPO / "problems"), "-p", "no:cacheprovider",
                           "--collect-only", "-q", *args], cwd=tmp_path, capture_output=True, text=True,
                          env={**os.environ, "LITELLM_LOCAL_MODEL_COST_MAP": "True"})  # no fetch at import
    assert done.returncode == 4, done.stdout + done.stderr
    assert "Traceback" not in done.stdout + done.stderr
    errors = [line for line in done.stderr.splitlines() if line.startswith(("ERROR", "Exit:"))]
    assert len(errors) == 1 and complaint in errors[0], done.stderr


def test_an_unknown_domain_in_k_selects_nothing_without_error(tmp_path):
    done = subprocess.run([sys.executable, "-m", "pytest", str(REPO / "problems"), "-p", "no:cacheprovider",
                           "--collect-only", "-q", "--pareval-models=reference", "-k", "nosuchdomain/"],
                          cwd=tmp_path, capture_output=True, text=True)
    assert done.returncode == 5, done.stdout + done.stderr  # "no tests collected", not an error
    assert "Traceback" not in done.stdout + done.stderr


def _interrupt_when(command: list[str], env: dict, ready, cwd: Path) -> str:
    """Start a session, send it SIGINT (Ctrl-C) once ``ready()`` holds, return its output."""
    proc = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline and not ready() and proc.poll() is None:
        time.sleep(0.05)
    proc.send_signal(signal.SIGINT)
    out, _ = proc.communicate(timeout=60)
    assert proc.returncode == 2, out  # interrupted, not crashed
    assert "KeyboardInterrupt" in out and "INTERNALERROR" not in out and "Traceback" not in out, out
    return out


def _session_command(models: str, output: Path, *extra: str) -> list[str]:
    return [sys.executable, "-m", "pytest", str(REPO / "problems"), "-p", "no:cacheprovider", "-p", "no:randomly",
            "-q", f"--pareval-models={models}", "--pareval-modes=serial", "-k", PROBLEM,
            f"--pareval-output={output}", *extra]


def test_ctrl_c_in_a_run_keeps_finished_records_and_leaves_nothing(tmp_path):
    marker = f"pareval-ctrlc-{uuid.uuid4().hex[:12]}"
    tmpdir = tmp_path / marker
    tmpdir.mkdir()
    models = []
    for i in range(6):  # six different programs: one program would run once, its verdict reused
        answer = tmp_path / "replay" / f"slow{i}" / PROBLEM / "serial.txt"
        answer.parent.mkdir(parents=True)
        answer.write_text("```cpp\n#include <unistd.h>\ndouble sumOfSquares(const std::vector<double> &x) {\n"
                          f"  usleep(300000 + {i}); double s = 0; for (double v : x) s += v * v; return s; }}\n```\n")
        models.append(f"replay:{answer.parent.parent.parent}")
    output = tmp_path / "out"
    results = output / "results.jsonl"
    command = _session_command(",".join(models), output)
    env = {**os.environ, "TMPDIR": str(tmpdir)}
    # Two records written (the manifest line is not one), the third item in the middle of its run.
    _interrupt_when(command, env, lambda: results.exists() and results.read_text().count('"outcome"') >= 2
                    and not time.sleep(0.5), tmp_path)
    first = read_jsonl(results)  # every line is a whole record
    assert 2 <= len(first) < 6 and {r["outcome"] for r in first} == {"pass"}
    time.sleep(0.2)
    assert marked_processes(marker) == []
    assert list(tmpdir.iterdir()) == []  # the interrupted item's directory is gone too
    done = subprocess.run(command, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout[-3000:]
    assert [r["outcome"] for r in read_jsonl(results)] == ["pass"] * 6


def test_ctrl_c_in_generation_keeps_finished_answers_for_the_next_run(tmp_path):
    from openai_server import ChatServer, Reply

    answer = "```cpp\n" + (REPO / "references" / PROBLEM / "serial.cpp").read_text() + "```"
    output = tmp_path / "out"
    models_file = tmp_path / "models.toml"
    env = {**os.environ, "LITELLM_LOCAL_MODEL_COST_MAP": "True"}
    with ChatServer(lambda body: Reply(content=answer, delay_s=0.4)) as server:
        models_file.write_text(f'[models.slow]\nmodel = "openai/slow"\napi_base = "{server.url}"\n'
                               'api_key = "sk-test"\ntemperature = 0.8\n')
        command = _session_command("slow", output, f"--pareval-models-file={models_file}",
                                   "--pareval-samples=6", "--pareval-concurrency=1")
        _interrupt_when(command, env, lambda: len(server.requests) >= 3, tmp_path)
        asked = len(server.requests)
        done = subprocess.run(command, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stdout[-3000:]
        # Answers finished before the interruption are not asked again (at most the one in flight is).
        assert len(server.requests) - asked <= 6 - (asked - 1)
        assert len(server.requests) <= 7
    assert [r["outcome"] for r in read_jsonl(output / "results.jsonl")] == ["pass"] * 6
