"""End-to-end behaviour of the suite as a user sees it: outcomes, selection, JUnit, xdist, providers."""
from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

from openai_server import ChatServer, Reply

from pytest_pareval.suite.problems import discover

PROBLEM = "reduce/sum_of_squares"
REFERENCES = Path(__file__).resolve().parent.parent / "references" / PROBLEM

#: scenario -> (mode, answer text, expected outcome, a phrase the failure message must contain)
SCENARIOS = {
    "compile_error": ("serial", "```cpp\ndouble sumOfSquares(const std::vector<double> &x) { return x.sum(); }\n```",
                      "build_fail", "error"),
    "segfault": ("serial", "```cpp\n#include <csignal>\ndouble sumOfSquares(const std::vector<double> &x) "
                 "{ std::raise(SIGSEGV); return 0; }\n```", "run_fail", "signal"),
    "wrong_value": ("serial", "```cpp\ndouble sumOfSquares(const std::vector<double> &x) {\n"
                    "  double s = 0; for (double v : x) s += v; return s; }\n```", "wrong", "expected"),
    "prose_only": ("serial", "I would loop over the vector and add the squares.", "no_code", "no definition"),
    "infinite_loop": ("serial", "```cpp\ndouble sumOfSquares(const std::vector<double> &x) {\n"
                      "  volatile double s = 0; while (true) s = s + 1; return s; }\n```", "timeout", "within"),
    "right_on_rank_1": ("mpi", """```cpp
double sumOfSquares(const std::vector<double> &x) {
  int rank, size; MPI_Comm_rank(MPI_COMM_WORLD, &rank); MPI_Comm_size(MPI_COMM_WORLD, &size);
  double local = 0, total = 0;
  for (size_t i = x.size() * rank / size; i < x.size() * (rank + 1) / size; ++i) local += x[i] * x[i];
  MPI_Reduce(&local, &total, 1, MPI_DOUBLE, MPI_SUM, size - 1, MPI_COMM_WORLD);
  return total;
}
```""", "wrong", "expected"),
    "divisible_only": ("mpi", """```cpp
double sumOfSquares(const std::vector<double> &x) {
  int rank, size; MPI_Comm_rank(MPI_COMM_WORLD, &rank); MPI_Comm_size(MPI_COMM_WORLD, &size);
  size_t chunk = x.size() / size; double local = 0, total = 0;
  for (size_t i = rank * chunk; i < (rank + 1) * chunk; ++i) local += x[i] * x[i];
  MPI_Reduce(&local, &total, 1, MPI_DOUBLE, MPI_SUM, 0, MPI_COMM_WORLD);
  return total;
}
```""", "wrong", "(size 1)"),
}


def _replay_tree(root: Path, scenarios: dict) -> list[str]:
    models = []
    for name, (mode, text, _, _) in scenarios.items():
        path = root / name / PROBLEM / f"{mode}.txt"
        path.parent.mkdir(parents=True)
        path.write_text(text)
        models.append(f"replay:{root / name}")
    return models


def test_reference_answers_pass_every_item(run_suite):
    result, records = run_suite("--pareval-models=reference")
    problems = discover()
    assert len(records) == 2 * len(problems)
    assert {r["outcome"] for r in records} == {"pass"}, [r for r in records if r["outcome"] != "pass"]
    result.assert_outcomes(passed=2 * len(problems))


def test_defective_answers_get_their_outcome_and_a_reason(run_suite, tmp_path):
    models = _replay_tree(tmp_path / "replay", SCENARIOS)
    result, records = run_suite(f"--pareval-models={','.join(models)}", "-k", PROBLEM, "--pareval-timeout=4")
    got = {(r["model_id"], r["mode"]): r for r in records}
    for name, (mode, _, outcome, phrase) in SCENARIOS.items():
        record = got[(f"replay-{name}", mode)]
        assert record["outcome"] == outcome, (name, record["message"])
        assert phrase in record["message"], (name, record["message"])
    # A model failure is a test failure with a short reason, never an error; the items of the other mode
    # have no saved answer in these replay directories, which is ours to fix: errors, not failures.
    assert result.parseoutcomes().get("failed", 0) == len(SCENARIOS)
    missing = [r for r in records if r["outcome"] == "error"]
    assert len(missing) == result.parseoutcomes().get("errors", 0) == len(SCENARIOS)
    assert all("no saved answer" in r["message"] for r in missing)
    result.stdout.fnmatch_lines(["*mpi-replay-divisible_only*", "wrong: at 2 ranks: case 1 (size 1): return = 0.0, expected*"])


def test_keyword_selects_domain_and_mode(pytester):
    result = pytester.runpytest_subprocess(str(Path(__file__).parent.parent / "problems"), "--collect-only",
                                           "-q", "--pareval-models=reference", "-k", "mpi and reduce")
    ids = [line for line in result.stdout.lines if "::test_problem[" in line]
    reduce_problems = [p for p in discover() if p.domain == "reduce"]
    assert len(ids) == len(reduce_problems)
    assert all("reduce/" in i and "-mpi-reference]" in i for i in ids)


def test_junit_xml_carries_the_outcome_record(run_suite, tmp_path):
    junit = tmp_path / "junit.xml"
    run_suite("--pareval-models=reference", "-k", PROBLEM, f"--junitxml={junit}")
    cases = ET.parse(junit).getroot().findall(".//testcase")
    assert len(cases) == 2
    for case in cases:
        props = {p.get("name"): p.get("value") for p in case.findall("properties/property")}
        assert props["model"] == "Reference" and props["domain"] == "reduce"
        assert props["problem"] == PROBLEM and props["mode"] in ("serial", "mpi")
        assert props["outcome"] == "pass"
        assert {"latency_s", "prompt_tokens", "completion_tokens"} <= set(props)


def _comparable(records):
    # timings and what depends on them, the shared cache
    drop = {"runtime_s", "baseline_runtime_s", "build_s", "run_s", "build_cached", "runtime_median_s", "speedup",
            "efficiency", "busiest_compute_s", "one_rank_compute_s", "serial_fraction", "timed_cached",
            "least_compute_s", "least_share",
            "timed_interval", "timed_s", "division_s"}
    return sorted((json.dumps({k: v for k, v in r.items() if k not in drop}, sort_keys=True) for r in records))


def test_xdist_gives_the_same_records_as_a_serial_run(run_suite, tmp_path):
    models = _replay_tree(tmp_path / "replay", {k: SCENARIOS[k] for k in ("wrong_value", "divisible_only")})
    args = (f"--pareval-models=reference,{','.join(models)}", "-k", PROBLEM)
    _, serial = run_suite(*args, output=tmp_path / "serial")
    _, parallel = run_suite(*args, "-n", "2", output=tmp_path / "parallel")
    assert len(serial) == 6
    assert _comparable(serial) == _comparable(parallel)


def test_pareval_report_of_the_results_file_matches_the_session_report(run_suite, tmp_path):
    from pytest_pareval import cli

    models = _replay_tree(tmp_path / "replay", {k: SCENARIOS[k] for k in ("wrong_value", "divisible_only")})
    output = tmp_path / "session"
    run_suite(f"--pareval-models={','.join(models)},reference", "-k", PROBLEM, "-n", "2", output=output)
    assert cli.main(["report", str(output / "results.jsonl"), "--json", str(tmp_path / "r.json"),
                     "--markdown", str(tmp_path / "r.md"), "--quiet"]) == 0
    session = json.loads((output / "report.json").read_text())
    assert json.loads((tmp_path / "r.json").read_text()) == session
    assert (tmp_path / "r.md").read_text() == (output / "report.md").read_text()
    assert [m["model"] for m in session["models"]] == ["Replay wrong_value", "Replay divisible_only", "Reference"]


def test_litellm_round_trip_to_an_openai_compatible_server(run_suite, tmp_path):
    answer = "Here it is:\n```cpp\n" + (REFERENCES / "serial.cpp").read_text() + "```\nDone."
    models_file = tmp_path / "models.toml"
    with ChatServer(lambda body: Reply(content=answer)) as server:
        models_file.write_text(f'[models.local-server]\nname = "Local Server"\nmodel = "openai/test-model"\n'
                               f'api_base = "{server.url}"\napi_key = "sk-test"\nvram_gb = 8\n')
        result, records = run_suite("--pareval-models=local-server", f"--pareval-models-file={models_file}",
                                    "-k", f"{PROBLEM}-serial")
        assert len(server.requests) == 1
        request = server.requests[0]
    assert request["model"] == "test-model"
    assert "sumOfSquares" in request["messages"][-1]["content"]
    [record] = records
    assert record["outcome"] == "pass", record["message"]
    assert record["model"] == "Local Server" and record["vram_gb"] == 8
    assert record["prompt_tokens"] == 100 and record["completion_tokens"] == 50
    assert record["latency_s"] > 0
