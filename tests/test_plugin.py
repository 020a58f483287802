"""The plugin as a user meets it: dormant in other projects, one line for every bad value, one record per
item whatever happens to the item (a crashed worker, a failing fixture, a rerun), the run manifest and
the end of the terminal summary."""
from __future__ import annotations

import json
import os
import stat
import sys
from pathlib import Path

import litellm  # noqa: F401 - loaded before any in-process run: pytester unloads modules first imported in one
import pytest
from openai_server import ChatServer, Reply

from conftest import PROBLEMS
from pytest_pareval.sandbox import core as sandbox
from pytest_pareval.common import toolchain
from pytest_pareval.report.records import read_manifest
from pytest_pareval.plugin.settings import OPTIONS

PROBLEM = "reduce/sum_of_squares"
#: A cluster launcher runs ranks outside the sandbox: accepted explicitly where the option exists.
CLUSTER_OPT_IN = ["--pareval-unsafe=cluster"] if any(name == "unsafe" for name, *_ in OPTIONS) else []


def _pareval_lines(result) -> list[str]:
    """Lines the plugin printed (pytest's own "plugins: pareval-..." line aside, and pytest's note that an
    in-process run cannot assert-rewrite our package, which the test process imported already)."""
    return [line for line in result.outlines + result.errlines
            if any("pareval" in word.lower() and "/" not in word for word in line.split())  # not in a path:
            and not line.startswith("plugins:")  # a checkout named pytest-pareval is no output of ours
            and "PytestAssertRewriteWarning: Module already imported" not in line]


def test_an_unrelated_project_sees_nothing_of_the_plugin(pytester, monkeypatch):
    probes = []
    monkeypatch.setattr(sandbox, "features", lambda: probes.append(1))  # forks, cgroups, the stale sweep
    monkeypatch.setenv("PAREVAL_SEED", "abc")
    monkeypatch.setenv("PAREVAL_MODELS", "nonexistent")
    monkeypatch.setenv("PAREVAL_MODELS_FILE", str(pytester.path / "missing.toml"))
    pytester.makepyfile(test_theirs="def test_theirs():\n    assert True\n")
    result = pytester.runpytest_inprocess("-p", "no:cacheprovider")
    assert result.ret == 0, result.outlines + result.errlines
    assert any("pareval" in line for line in result.outlines if line.startswith("plugins:"))  # it is loaded
    assert _pareval_lines(result) == [] and probes == []
    markers = pytester.runpytest_inprocess("--markers", "-p", "no:cacheprovider").outlines
    assert not [line for line in markers if line.startswith(("@pytest.mark.sort", "@pytest.mark.pareval"))]


def test_collect_only_asks_no_model_and_submits_no_job(pytester, tmp_path):
    log = tmp_path / "launches.log"
    launcher = _logging_launcher(tmp_path, log)
    models_file = tmp_path / "models.toml"
    with ChatServer(lambda body: Reply(content="no code")) as server:
        models_file.write_text(f'[models.srv]\nmodel = "openai/m"\napi_base = "{server.url}"\napi_key = "sk-x"\n')
        result = pytester.runpytest_subprocess(
            str(PROBLEMS), "--collect-only", "-q", "-p", "no:cacheprovider", "-k", PROBLEM,
            "--pareval-models=srv", f"--pareval-models-file={models_file}", f"--pareval-output={tmp_path / 'out'}",
            f"--pareval-launcher={launcher} {{ranks}}", *CLUSTER_OPT_IN)
        assert result.ret == 0, result.outlines
        assert server.requests == []
    assert "2/120 tests collected" in result.stdout.str()
    assert not log.exists() and not (tmp_path / "out" / "results.jsonl").exists()


def _logging_launcher(directory: Path, log: Path) -> Path:
    """A cluster launcher (not a plain mpirun, so the probe applies) that logs each job and runs it under
    mpirun on this machine."""
    script = directory / "launch.sh"
    script.write_text(f'#!/bin/sh\necho "$@" >> {log}\nn=$1; shift\nexec mpirun -n "$n" "$@"\n')
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return script


def test_the_shared_directory_probe_runs_once_under_xdist(run_suite, tmp_path):
    log = tmp_path / "launches.log"
    launcher = _logging_launcher(tmp_path, log)
    result, records = run_suite("--pareval-models=reference", "-k", f"{PROBLEM}-serial", "-n", "2",
                                f"--pareval-launcher={launcher} {{ranks}}", *CLUSTER_OPT_IN)
    assert result.ret == 0, result.outlines
    assert len(records) == 1
    jobs = log.read_text().splitlines()
    # The probe, once for the whole session: its ranks (behind the per-rank output wrapper) cat the marker.
    assert len(jobs) == 1 and jobs[0].split()[-2:][0] == "cat" and jobs[0].endswith("/marker"), jobs


def test_a_cluster_that_cannot_see_the_work_directories_is_one_line_under_xdist(pytester, tmp_path):
    launcher = tmp_path / "refusing.sh"
    launcher.write_text('#!/bin/sh\necho "srun: error: Unable to allocate resources" >&2\nexit 1\n')
    launcher.chmod(0o755)
    result = pytester.runpytest_subprocess(
        str(PROBLEMS), "-p", "no:cacheprovider", "-n", "2", "--pareval-models=reference", "-k", PROBLEM,
        f"--pareval-launcher={launcher} {{ranks}}", f"--pareval-output={tmp_path / 'out'}", *CLUSTER_OPT_IN)
    _assert_one_error_line(result, "could not read")
    assert "Unable to allocate resources" in "\n".join(result.errlines)


@pytest.mark.parametrize("args, models_toml, phrase", [
    (["--pareval-timeout=inf"], None, "--pareval-timeout: 'inf' is not a finite number"),
    (["--pareval-timeout=nan"], None, "--pareval-timeout: 'nan' is not a finite number"),
    (["--pareval-seed=-1"], None, "--pareval-seed: -1 is negative"),
    (["--pareval-output={file}"], None, "is not a directory"),
    ([], "models = 3", "has no [models.NAME] tables"),
    ([], '[models.reference]\nmodel = "openai/x"', "[models.reference] has the name of a built-in model"),
    ([], '[models.x]\nmodel = "openai/x"\nvram_gb = true', "vram_gb must be a positive number"),
    ([], '[models.x]\nmodel = "openai/x"\ntimeout = 120', "sets timeout, which pytest-pareval sets itself"),
    (["--pareval-models=nonexistent"], None, "unknown model 'nonexistent'"),
])
def test_every_bad_value_is_one_error_line_with_status_4(pytester, tmp_path, args, models_toml, phrase):
    afile = tmp_path / "a-file"
    afile.write_text("")
    args = [a.format(file=afile) for a in args]
    if models_toml is not None:
        (tmp_path / "m.toml").write_text(models_toml)
        args += ["--pareval-models=x", f"--pareval-models-file={tmp_path / 'm.toml'}"]
    result = pytester.runpytest_inprocess(str(PROBLEMS), "-p", "no:cacheprovider", "--collect-only", *args)
    _assert_one_error_line(result, phrase)


def _assert_one_error_line(result, phrase: str) -> None:
    text = "\n".join(result.outlines + result.errlines)
    assert result.ret == 4, text
    errors = [line for line in result.outlines + result.errlines if line.startswith("ERROR:")]
    assert len(errors) == 1 and phrase in errors[0], text
    for noise in ("Traceback", "INTERNALERROR", "Provider List", "_pytest.outcomes.Exit"):
        assert noise not in text


def test_a_bad_environment_value_stops_the_suite_with_one_line(pytester, monkeypatch):
    monkeypatch.setenv("PAREVAL_SEED", "abc")
    result = pytester.runpytest_inprocess(str(PROBLEMS), "-p", "no:cacheprovider", "--collect-only")
    _assert_one_error_line(result, "--pareval-seed: 'abc' is not a valid int")


def test_the_starter_marker_selects_six_problems_of_six_domains_in_each_mode(pytester):
    """The README's first look (`pytest -m starter`): six problems, each of its own domain, serial and MPI."""
    result = pytester.runpytest_inprocess(str(PROBLEMS), "-p", "no:cacheprovider", "--collect-only", "-q",
                                          "--pareval-models=reference", "-m", "starter")
    ids = [line.split("[", 1)[1].rstrip("]") for line in result.outlines if "test_problem[" in line]
    assert result.ret == 0 and len(ids) == 12, result.outlines[-5:]
    problems = {i.rsplit("-", 2)[0] for i in ids}
    assert len(problems) == 6 and len({p.split("/")[0] for p in problems}) == 6
    assert sorted(i.rsplit("-", 2)[1] for i in ids) == ["mpi"] * 6 + ["serial"] * 6


def test_the_suite_copied_elsewhere_wakes_the_plugin_when_collected(pytester, monkeypatch):
    """Not named on the command line, the suite still gets its items (and a bad setting is one line)."""
    pytester.makepyfile(test_copy=(PROBLEMS / "test_pareval.py").read_text())
    monkeypatch.setenv("PAREVAL_MODELS", "reference")
    result = pytester.runpytest_inprocess("-p", "no:cacheprovider", "--collect-only", "-q")
    assert result.ret == 0 and "120 tests collected" in result.stdout.str()
    monkeypatch.setenv("PAREVAL_SEED", "abc")
    result = pytester.runpytest_inprocess("-p", "no:cacheprovider", "--collect-only", "-q")
    _assert_one_error_line(result, "--pareval-seed: 'abc' is not a valid int")


def test_a_missing_mpicxx_is_one_line_when_mpi_items_are_selected(pytester, monkeypatch, tmp_path):
    """Without the venv on PATH and with an interpreter that has no mpicxx beside it (a system one)."""
    monkeypatch.setenv("PATH", "/usr/bin:/bin")
    monkeypatch.setattr(sys, "executable", "/usr/bin/python3")
    if toolchain.find("mpicxx") is not None:
        pytest.skip("this machine has a system mpicxx")
    common = [str(PROBLEMS), "-p", "no:cacheprovider", "--pareval-models=reference",
              f"--pareval-output={tmp_path / 'out'}"]
    result = pytester.runpytest_inprocess(*common, "-k", f"{PROBLEM}-mpi")
    _assert_one_error_line(result, "mpicxx, mpirun not found on PATH nor beside /usr/bin/python3")
    assert not (tmp_path / "out" / "results.jsonl").exists()


def test_mpicxx_is_found_beside_the_interpreter_when_the_venv_is_not_on_path(monkeypatch):
    beside = Path(sys.executable).parent / "mpicxx"
    if not beside.exists():
        pytest.skip("no mpicxx beside this interpreter (MPI comes from elsewhere)")
    monkeypatch.setenv("PATH", "/usr/bin:/bin")
    assert toolchain.find("mpicxx") == str(beside)
    assert toolchain.find("no-such-tool-here") is None


def test_mpi_items_run_with_the_venv_not_on_path(run_suite, monkeypatch):
    """`.venv/bin/pytest` without activating the venv: the mpich wheel's tools are beside the interpreter."""
    if not (Path(sys.executable).parent / "mpicxx").exists():
        pytest.skip("no mpicxx beside this interpreter (MPI comes from elsewhere)")
    monkeypatch.setenv("PATH", "/usr/bin:/bin")
    result, records = run_suite("--pareval-models=reference", "-k", f"{PROBLEM}-mpi")
    assert [r["outcome"] for r in records] == ["pass"], result.outlines


def test_items_that_end_without_a_record_get_an_error_record(run_suite, pytester, monkeypatch, tmp_path):
    """A worker killed while it runs an item, and an item whose set-up fails before its record exists."""
    pytester.makepyfile(faults=f'''
import os, signal
def pytest_runtest_setup(item):
    if os.environ.get("PYTEST_XDIST_WORKER") and "{PROBLEM}-serial-reference" in item.nodeid:
        os.kill(os.getpid(), signal.SIGKILL)
    if "{PROBLEM}-mpi-reference" in item.nodeid:
        raise RuntimeError("the set-up broke before the record existed")
''')
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join([str(pytester.path), os.environ.get("PYTHONPATH", "")]))
    output = tmp_path / "out"
    result, records = run_suite("--pareval-models=reference", "-k", PROBLEM, "-n", "2", "-p", "faults",
                                output=output)
    by_mode = {r["mode"]: r for r in records}
    assert len(records) == 2 and {r["outcome"] for r in records} == {"error"}, records
    assert "crashed while running this item" in by_mode["serial"]["message"]
    assert "the set-up broke before the record existed" in by_mode["mpi"]["message"]
    report = json.loads((output / "report.json").read_text())
    assert report["errors"] == 2
    assert "pareval: 1 item(s) of Reference errored: the pytest worker" in result.stdout.str()


def test_a_launcher_fault_of_the_machine_is_an_error_left_out_of_every_rate(run_suite, tmp_path):
    """A real hydra fault on demand (no interface nosuch0 in the run's network namespace): the MPI item's
    launcher fails for our probe as well, so the item is `error`, counted, and the rates hold the serial
    item alone."""
    output = tmp_path / "out"
    result, records = run_suite("--pareval-models=reference", "-k", PROBLEM,
                                "--pareval-launcher=mpirun -iface nosuch0 -n {ranks}", output=output)
    by_mode = {r["mode"]: r for r in records}
    assert {m: r["outcome"] for m, r in by_mode.items()} == {"serial": "pass", "mpi": "error"}, records
    assert "the launcher failed: [mpiexec@" in by_mode["mpi"]["message"]
    assert "a trivial program fails the same way" in by_mode["mpi"]["message"]
    report = json.loads((output / "report.json").read_text())
    [entry] = report["models"]
    assert (report["errors"], entry["errors"], entry["total"], entry["valid"]) == (1, 1, 1, 1)
    assert entry["overall_rate"] == 1.0


def test_a_rerun_replaces_the_items_record(run_suite, pytester, monkeypatch, tmp_path):
    """As pytest-rerunfailures does: the item runs again and its reports are logged again."""
    pytester.makepyfile(rerun='''
import pytest
from _pytest.runner import runtestprotocol

@pytest.hookimpl(tryfirst=True)
def pytest_runtest_protocol(item, nextitem):
    item.ihook.pytest_runtest_logstart(nodeid=item.nodeid, location=item.location)
    for attempt in range(2):
        for report in runtestprotocol(item, nextitem=nextitem, log=False):
            if attempt == 0:  # the first attempt "failed"
                report.user_properties = [(k, {**v, "outcome": "wrong", "message": "first attempt"})
                                          if k == "pareval_record" else (k, v) for k, v in report.user_properties]
            item.ihook.pytest_runtest_logreport(report=report)
    item.ihook.pytest_runtest_logfinish(nodeid=item.nodeid, location=item.location)
    return True
''')
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join([str(pytester.path), os.environ.get("PYTHONPATH", "")]))
    output = tmp_path / "out"
    result, records = run_suite("--pareval-models=reference", "-k", f"{PROBLEM}-serial", "-p", "rerun",
                                output=output)
    assert [r["outcome"] for r in records] == ["pass"], records
    assert json.loads((output / "report.json").read_text())["records"] == 1


def test_the_manifest_heads_the_results_file_without_secrets(run_suite, tmp_path):
    secret = "sk-manifest-secret-0123456789"
    models_file = tmp_path / "models.toml"
    models_file.write_text(f'[models.srv]\nname = "Server"\nmodel = "openai/m"\napi_base = "http://127.0.0.1:9/v1"\n'
                           f'api_key = "{secret}"\ntemperature = 0.2\n')
    output = tmp_path / "out"
    result, records = run_suite("--pareval-models=reference,srv", f"--pareval-models-file={models_file}",
                                "-k", f"{PROBLEM}-serial-reference", "--pareval-seed=5", output=output)
    assert result.ret == 0 and len(records) == 1
    manifest = read_manifest(output / "results.jsonl")
    for field in ("pytest_pareval", "problems_hash", "prompts_hash", "compiler", "mpi_compiler", "mpirun",
                  "compile_flags", "cpu_model", "cpu_cores", "hostname", "started", "ended"):
        assert manifest[field], field
    assert manifest["seed"] == 5 and manifest["ranks"] == [2] and manifest["timeout_s"] == 60.0
    assert manifest["started"] <= manifest["ended"]
    assert [m["model"] for m in manifest["models"]] == [None, "openai/m"]
    assert manifest["models"][1]["params"] == {"api_base": "http://127.0.0.1:9/v1", "temperature": 0.2}
    for name in ("results.jsonl", "report.json", "report.md"):
        assert secret not in (output / name).read_text(), name


def test_the_summary_ends_with_the_files_and_a_line_per_uniformly_failing_model(run_suite, tmp_path):
    replay = tmp_path / "prose"
    for mode in ("serial", "mpi"):
        path = replay / PROBLEM / f"{mode}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("I would loop over the vector and add the squares.")
    output = tmp_path / "out"
    result, records = run_suite(f"--pareval-models=reference,replay:{replay}", "-k", PROBLEM, output=output)
    lines = result.outlines
    end = next(i for i in range(len(lines) - 1, -1, -1) if lines[i].startswith("pareval: files to open"))
    named = [line.strip() for line in lines[end + 1:] if line.startswith("  ")]
    html = [str(output / "report.html")] if (output / "report.html").exists() else []  # the html branch's page
    assert named == [*html, str(output / "report.md"), str(output / "report.json"), str(output / "results.jsonl")]
    assert all(line.startswith(("=", "FAILED")) for line in lines[end + 1 + len(named):])  # pytest's own lines
    [uniform] = [line for line in lines if line.startswith("pareval: all ") and "Replay prose" in line]
    assert uniform.startswith("pareval: all 2 counted items of Replay prose are no_code") and "max_tokens" in uniform


GOOD_RECORD = '{"model": "m", "problem": "reduce/sum_of_squares", "mode": "serial", "outcome": "pass"}\n'


@pytest.mark.parametrize("command, files", [
    (["report", "{missing}"], {}),
    (["report", "{dir}"], {}),
    (["report", "{a}"], {"a": '{"model": "m"\nnot json at all\n' + GOOD_RECORD}),
    (["report", "{a}"], {"a": '{"a": 1}\n{"b": 2}\n'}),
    (["report", "{a}"], {"a": "[1, 2]\n"}),
    (["report", "{good}", "--models", "{m}"], {"m": "models = 3\n"}),
    (["report", "{good}", "--models", "{m}"], {"m": "[models.x\n"}),
    (["diff", "{a}", "{good}"], {"a": '{"a": 1}\n'}),
    (["diff", "{good}", "{missing}"], {}),
])
def test_pareval_report_and_diff_on_bad_files_are_one_line_with_status_2(tmp_path, capsys, command, files):
    from pytest_pareval import cli

    paths = {"missing": tmp_path / "missing.jsonl", "dir": tmp_path, "good": tmp_path / "good.jsonl"}
    paths["good"].write_text(GOOD_RECORD)
    for name, text in files.items():
        paths[name] = tmp_path / f"{name}.file"
        paths[name].write_text(text)
    assert cli.main([part.format(**paths) for part in command]) == 2
    out, err = capsys.readouterr()
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("pareval: error: "), err
    assert "Traceback" not in out + err
