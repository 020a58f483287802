"""The report: the seed's tables rebuilt from a matching outcome matrix, report.json, edge cases, CLI."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from pytest_pareval import cli
from pytest_pareval.report import (build_report, diff_runs, load_records, render_diff, render_markdown,
                                   render_terminal, write_report)
from pytest_pareval.report.records import new_record, read_jsonl, read_manifest

from seed_matrix import BASELINE, MODELS, VRAM, seed_blocks, seed_records

REQUIRED_MODEL_KEYS = {"model", "total", "built", "valid", "build_rate", "build_rate_serial", "build_rate_mpi",
                       "validation_rate", "overall_rate", "tier", "vram_gb", "success_per_gb", "build_ci95",
                       "build_wilson95", "cohens_d", "effect_size", "latency", "avg_tokens",
                       "tokens_per_success", "by_domain", "pass_at_k"}


def record(model: str, outcome: str, problem: str = "fft/conjugate", mode: str = "serial", **fields):
    return new_record(model=model, domain=problem.split("/")[0], problem=problem, mode=mode,
                      outcome=outcome, **fields)


def normalised_lines(markdown: str) -> list[str]:
    """Content lines with heading marks, dashed rules and padding taken out."""
    return [re.sub(r"\s+", " ", line.lstrip("#").strip()) for line in markdown.splitlines()
            if line.strip() and not line.startswith("|-")]


@pytest.fixture(scope="module")
def seed_report() -> dict:
    return build_report(seed_records(), vram=VRAM, baseline=BASELINE)


# --- the seed ------------------------------------------------------------------------------------

def test_markdown_reproduces_every_seed_table_in_order(seed_report):
    rendered = normalised_lines(render_markdown(seed_report))
    for block in seed_blocks():
        wanted = normalised_lines("\n".join(block))
        starts = [i for i, line in enumerate(rendered) if line == wanted[0]]
        assert any(rendered[i:i + len(wanted)] == wanted for i in starts), f"seed block not reproduced:\n{block}"


def test_seed_rows_are_literal_pipe_rows(seed_report):
    markdown = render_markdown(seed_report)
    assert "\n| Gemini Flash | 120 | 87 | 72.5% |\n" in markdown
    assert "\n| Model | Total Tests | Successful Builds | Build Success Rate |\n" in markdown


def test_seed_numbers_in_json_are_unrounded(seed_report):
    by_name = {entry["model"]: entry for entry in seed_report["models"]}
    kimi = by_name["Kimi K2"]
    assert kimi["build_rate"] == 109 / 120
    assert kimi["success_per_gb"] == (78 / 120) / 1024
    assert by_name["Gemini Pro"]["vram_gb"] is None and by_name["Gemini Pro"]["success_per_gb"] is None
    assert by_name[BASELINE]["cohens_d"] is None and by_name[BASELINE]["mcnemar"] is None
    assert by_name["Gemma3 4Bit Quantized"]["avg_tokens"] == pytest.approx(1519.6)
    assert by_name["Gemini Flash"]["latency"] is None and by_name["Gemini Flash"]["avg_tokens"] is None
    assert [entry["model"] for entry in seed_report["models"]] == [name for name, *_ in MODELS]


def test_report_json_keeps_the_documented_keys(seed_report, tmp_path):
    write_report(seed_records(), tmp_path, vram=VRAM, baseline=BASELINE)
    saved = json.loads((tmp_path / "report.json").read_text())
    assert saved["baseline"] == BASELINE
    for entry in saved["models"]:
        assert REQUIRED_MODEL_KEYS <= entry.keys()
        assert len(entry["build_ci95"]) == 2 and len(entry["build_wilson95"]) == 2
        assert entry["latency"] is None or set(entry["latency"]) == {"count", "mean", "median", "std"}
        assert all(set(d) >= {"build_rate", "overall_rate"} for d in entry["by_domain"].values())
        assert "1" in entry["pass_at_k"]
    assert saved["models"][0]["pass_at_k"]["1"] == pytest.approx(72 / 120)
    assert (tmp_path / "report.md").read_text() == render_markdown(seed_report)


def test_heatmap_with_the_plots_extra(tmp_path):
    pytest.importorskip("matplotlib")
    write_report(seed_records(), tmp_path, vram=VRAM, baseline=BASELINE)
    assert (tmp_path / "heatmap.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


# --- edge cases ----------------------------------------------------------------------------------

def test_zero_and_full_rates():
    records = [record("All", "pass", f"fft/p{i}") for i in range(10)]
    records += [record("None", "build_fail", f"fft/p{i}") for i in range(10)]
    report = build_report(records)
    full, empty = report["models"]
    assert (full["build_rate"], full["overall_rate"], full["tier"]) == (1.0, 1.0, 1)
    assert (empty["build_rate"], empty["overall_rate"], empty["tier"]) == (0.0, 0.0, 3)
    assert full["build_ci95"] == (1.0, 1.0) and empty["build_ci95"] == (0.0, 0.0)
    assert full["build_wilson95"][1] == 1.0 and empty["build_wilson95"][0] == 0.0
    assert empty["validation_rate"] is None  # nothing built: no validation rate, not 0%
    assert empty["cohens_d"] is None and empty["effect_size"] is None  # both sds are 0
    markdown = render_markdown(report)
    assert "| None | 0 | 0 | N/A |" in markdown
    assert "| None | N/A | N/A | N/A |" in markdown  # Cohen's d undefined


def test_unequal_sample_sizes_use_the_pooled_sd():
    records = [record("A", "pass" if i < 7 else "wrong", f"fft/p{i}") for i in range(10)]
    records += [record("B", "pass" if i < 5 else "build_fail", f"fft/p{i}") for i in range(25)]
    entry = build_report(records, baseline="B")["models"][0]
    # A: 10 built of 10 (sd 0); B: 5 of 25, var = .2*.8*25/24; pooled over 10+25-2 degrees of freedom.
    pooled = ((24 * 0.2 * 0.8 * 25 / 24) / 33) ** 0.5
    assert entry["cohens_d"] == pytest.approx((1.0 - 0.2) / pooled)
    assert entry["mcnemar"]["pairs"] == 10


def test_missing_latency_tokens_and_vram_show_as_na_never_zero():
    records = [record("Quiet", "pass"), record("Quiet", "wrong", "fft/other")]
    report = build_report(records)
    entry = report["models"][0]
    assert entry["latency"] is None and entry["avg_tokens"] is None and entry["tokens_per_success"] is None
    assert entry["vram_gb"] is None and entry["success_per_gb"] is None
    markdown = render_markdown(report)
    assert "| Quiet | N/A | 50.0% | N/A |" in markdown
    assert "No model reported response times." in markdown
    assert "No model reported token counts." in markdown
    assert "Quiet" in render_terminal(report) and "N/A" in render_terminal(report)


def test_tokens_count_prompt_and_completion():
    records = [record("T", "pass", latency_s=2.0, prompt_tokens=100, completion_tokens=300),
               record("T", "build_fail", "fft/b", latency_s=4.0, prompt_tokens=None, completion_tokens=200),
               record("T", "build_fail", "fft/c")]
    entry = build_report(records)["models"][0]
    assert entry["avg_tokens"] == 300.0  # (400 + 200) / 2 responses with counts
    assert entry["tokens_per_success"] == pytest.approx(300.0 / (1 / 3))
    assert entry["latency"] == {"count": 2, "mean": 3.0, "median": 3.0, "std": pytest.approx(2**0.5)}


def test_a_single_model(tmp_path):
    report = write_report([record("Solo", "pass"), record("Solo", "wrong", mode="mpi")], tmp_path)
    assert report["baseline"] == "Solo"
    entry = report["models"][0]
    assert entry["build_rate_serial"] == 1.0 and entry["build_rate_mpi"] == 1.0
    markdown = render_markdown(report)
    assert "McNemar" not in markdown and "| Solo |" in markdown
    assert (tmp_path / "report.json").exists() and (tmp_path / "report.md").exists()


def test_unknown_baseline_is_a_one_line_error():
    with pytest.raises(ValueError, match="baseline 'Nobody' is not among the models: A") as info:
        build_report([record("A", "pass")], baseline="Nobody")
    assert "\n" not in str(info.value)


def test_infrastructure_errors_are_counted_apart():
    records = [record("A", "pass"), record("A", "error", "fft/x"), record("A", "build_fail", "fft/y")]
    report = build_report(records)
    entry = report["models"][0]
    assert (entry["total"], entry["errors"], entry["build_rate"]) == (2, 1, 0.5)
    assert entry["outcomes"]["error"] == 1 and report["errors"] == 1
    assert "| A | 1 | 0 | 0 | 0 | 0 | 1 | 0 | 0 | 1 |" in render_markdown(report)


def test_run_order_comes_from_order_then_vram_then_first_appearance():
    records = [record("Zed", "pass"), record("Ann", "pass"), record("Bob", "pass")]
    assert [e["model"] for e in build_report(records)["models"]] == ["Zed", "Ann", "Bob"]
    by_vram = build_report(records, vram={"Bob": 8, "Unused": 1})
    assert [e["model"] for e in by_vram["models"]] == ["Bob", "Zed", "Ann"]
    assert by_vram["baseline"] == "Bob"
    by_order = build_report(records, order=["Ann", "Zed"], vram={"Bob": 8})
    assert [e["model"] for e in by_order["models"]] == ["Ann", "Zed", "Bob"]


def test_pass_at_k_with_several_samples():
    records = [record(m, "pass" if s < passes else "wrong", f"fft/p{item}", sample=s)
               for m, per_item in (("M", (0, 2, 5)), ("N", (5, 5, 5)))
               for item, passes in enumerate(per_item) for s in range(5)]
    report = build_report(records)
    entry = report["models"][0]
    # items with 0, 2, 5 passes of 5: pass@2 = mean(0, 1 - C(3,2)/C(5,2), 1) = mean(0, .7, 1)
    assert entry["pass_at_k"]["1"] == pytest.approx(7 / 15)
    assert entry["pass_at_k"]["2"] == pytest.approx((0 + 0.7 + 1) / 3)
    assert entry["pass_at_k"]["5"] == pytest.approx(2 / 3)
    assert entry["build_at_k"]["5"] == 1.0
    assert entry["mcnemar"] is None and report["models"][1]["mcnemar"]["pairs"] == 3  # items, not samples
    assert "pass@k and build@k (beyond the seed)" in render_markdown(report)


def test_speedup_against_the_serial_reference():
    records = [record("M", "pass", runtime_s=0.5, baseline_runtime_s=1.0, ranks=1),
               record("M", "pass", mode="mpi", runtime_s=0.25, baseline_runtime_s=1.0, ranks=4),
               record("M", "wrong", "fft/x", mode="mpi", runtime_s=0.01, baseline_runtime_s=1.0, ranks=4)]
    speedup = build_report(records)["models"][0]["speedup"]
    assert speedup["serial"] == pytest.approx({"count": 1, "speedup": 2.0, "efficiency": 2.0})
    assert speedup["mpi"] == pytest.approx({"count": 1, "speedup": 4.0, "efficiency": 1.0})


def test_mcnemar_pairs_the_same_items():
    records = [record("Base", "pass" if i < 3 else "wrong", f"fft/p{i}") for i in range(10)]
    records += [record("New", "pass" if i >= 2 else "build_fail", f"fft/p{i}") for i in range(10)]
    test = build_report(records)["models"][1]["mcnemar"]
    assert test["pairs"] == 10
    assert (test["pass"]["only_model"], test["pass"]["only_baseline"]) == (7, 2)
    assert (test["build"]["only_model"], test["build"]["only_baseline"]) == (0, 2)


# --- files and the command line ----------------------------------------------------------------

def write_jsonl(path: Path, records: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r, sort_keys=True) + "\n" for r in records))
    return path


def test_load_records_agrees_with_read_jsonl_even_on_a_torn_line(tmp_path):
    path = write_jsonl(tmp_path / "results.jsonl", seed_records()[:5])
    assert load_records(path) == read_jsonl(path)
    with path.open("a") as out:
        out.write('{"model": "torn')
    assert load_records(path) == read_jsonl(path) == seed_records()[:5]


def test_pareval_report_on_the_results_file_matches_the_session_report(tmp_path, capsys):
    records = seed_records()
    session = write_report(records, tmp_path / "session", vram=VRAM, baseline=BASELINE)
    results = write_jsonl(tmp_path / "results.jsonl", records)
    models = tmp_path / "models.toml"
    models.write_text("".join(
        f'[models.m{i}]\nname = "{name}"\nmodel = "x/{i}"\n' + (f"vram_gb = {vram}\n" if vram else "")
        for i, (name, vram, *_) in enumerate(MODELS)))
    baseline_key = f"m{[name for name, *_ in MODELS].index(BASELINE)}"
    status = cli.main(["report", str(results), "--models", str(models), "--baseline", baseline_key,
                       "--json", str(tmp_path / "r.json"), "--markdown", str(tmp_path / "r.md")])
    assert status == 0
    assert json.loads((tmp_path / "r.json").read_text()) == json.loads(json.dumps(session))
    assert (tmp_path / "r.md").read_text() == (tmp_path / "session" / "report.md").read_text()
    assert capsys.readouterr().out == render_terminal(session)


def test_pareval_report_with_a_bad_baseline_fails_cleanly(tmp_path, capsys):
    results = write_jsonl(tmp_path / "results.jsonl", [record("A", "pass")])
    assert cli.main(["report", str(results), "--baseline", "Z"]) == 2
    assert "baseline 'Z' is not among the models" in capsys.readouterr().err


def test_diff_marks_significant_changes_only(tmp_path, capsys):
    before = [record("M", "build_fail", f"sort/p{i}") for i in range(30)] + \
             [record("M", "pass", f"fft/p{i}") for i in range(10)]
    after = [record("M", "pass", f"sort/p{i}") for i in range(30)] + \
            [record("M", "pass" if i else "wrong", f"fft/p{i}") for i in range(10)]
    diff = diff_runs(before, after)
    rows = {(row["model"], row["domain"]): row for row in diff["rows"]}
    assert rows["M", "sort"]["pass"]["p_value"] < 0.05
    assert rows["M", "fft"]["pass"]["p_value"] == 1.0
    text = render_diff(diff)
    assert re.search(r"M\s+sort\s+0\.0%\s+100\.0%\s+\+100\.0\*", text)
    assert re.search(r"M\s+fft .*-10\.0\s", text)  # one item worse: not significant, no star
    a, b = write_jsonl(tmp_path / "a.jsonl", before), write_jsonl(tmp_path / "b.jsonl", after)
    assert cli.main(["diff", str(a), str(b), "--json", str(tmp_path / "d.json")]) == 0
    assert capsys.readouterr().out == text
    assert json.loads((tmp_path / "d.json").read_text())["rows"][0]["model"] == "M"


def test_diff_pairs_only_items_both_runs_have():
    before = [record("M", "pass", f"fft/p{i}") for i in range(4)] + [record("M", "error", "fft/p4")]
    after = [record("M", "wrong", f"fft/p{i}") for i in range(2, 6)] + [record("Only B", "pass")]
    rows = {(row["model"], row["domain"]): row for row in diff_runs(before, after)["rows"]}
    row = rows["M", None]
    assert (row["a"]["total"], row["b"]["total"], row["pairs"]) == (4, 4, 2)  # p2, p3; p4 was an error in A
    assert (row["pass"]["only_model"], row["pass"]["only_baseline"]) == (0, 2)
    assert rows["Only B", None]["a"] == {"total": 0, "build_rate": None, "overall_rate": None}
    assert "Only B" in render_diff(diff_runs(before, after))


def test_unknown_outcome_is_a_value_error():
    bad = record("A", "pass") | {"outcome": "exploded"}
    with pytest.raises(ValueError, match="unknown outcome 'exploded'"):
        build_report([bad])
    with pytest.raises(ValueError, match="unknown outcome 'exploded'"):
        diff_runs([bad], [])


def test_a_model_with_only_infrastructure_errors():
    report = build_report([record("A", "pass"), record("Broken", "error")])
    broken = report["models"][1]
    assert (broken["total"], broken["errors"], broken["build_rate"], broken["tier"]) == (0, 1, None, None)
    assert broken["pass_at_k"] == {"1": None} and broken["build_ci95"] is None
    assert "| Broken | 0 | 0 | N/A |" in render_markdown(report)
    assert "Broken" in render_terminal(report)


# --- item identity: rank counts and samples (issue 13, items 5 and 6) ---------------------------

def ranked(model: str, outcome: str, problem: str, ranks: int, sample: int = 0, **fields):
    return record(model, outcome, problem, mode="mpi", ranks=ranks, sample=sample, **fields)


def test_two_rank_counts_are_two_items_not_two_samples():
    # M passes every problem at 2 ranks and fails each at 4; B the other way round. Over the 20 items
    # each model wins 10 and loses 10: the sign test gives p = 1 (pairing by problem alone gave 0.002).
    records = [ranked("M", "pass" if n == 2 else "wrong", f"fft/p{i}", n) for i in range(10) for n in (2, 4)]
    records += [ranked("B", "wrong" if n == 2 else "pass", f"fft/p{i}", n) for i in range(10) for n in (2, 4)]
    report = build_report(records, baseline="B")
    m = report["models"][0]
    assert m["items"] == 20 and m["samples_per_item"] == 1
    assert m["pass_at_k"] == {"1": 0.5}  # no pass@2: one sample per item
    assert m["mcnemar"]["pairs"] == 20
    assert (m["mcnemar"]["pass"]["only_model"], m["mcnemar"]["pass"]["only_baseline"]) == (10, 10)
    assert m["mcnemar"]["pass"]["p_value"] == 1.0
    assert report["mpi_ranks"] == [2, 4]
    assert m["by_ranks"]["2"]["overall_rate"] == 1.0 and m["by_ranks"]["4"]["overall_rate"] == 0.0
    markdown = render_markdown(report)
    assert "### Success by MPI rank count (beyond the seed)" in markdown
    assert "**MPI at 2 ranks**" in markdown and "**MPI at 4 ranks**" in markdown
    assert "| M | 10 | 10 | 10 | 100.0% | 100.0% | 100.0% |" in markdown
    assert "| M | 10 | 10 | 0 | 100.0% | 0.0% | 0.0% |" in markdown


def test_one_rank_count_has_no_rank_table():
    report = build_report([ranked("M", "pass", "fft/p0", 2)])
    assert "Success by MPI rank count" not in render_markdown(report)


def test_samples_are_aggregated_per_item_before_any_test_or_interval():
    # Three problems, four samples each. M passes 4, 2, 1 of 4; B passes 2, 2, 0 of 4.
    passes = {"M": (4, 2, 1), "B": (2, 2, 0)}
    records = [record(model, "pass" if s < k else "wrong", f"fft/p{i}", sample=s)
               for model, per_item in passes.items() for i, k in enumerate(per_item) for s in range(4)]
    report = build_report(records, baseline="B")
    m = report["models"][0]
    # Per-item pass rates M: 1, .5, .25; B: .5, .5, 0: M higher on 2 items, 1 tie -> p = 2 * (1/2)^2.
    assert m["mcnemar"]["pairs"] == 3
    assert (m["mcnemar"]["pass"]["only_model"], m["mcnemar"]["pass"]["only_baseline"]) == (2, 0)
    assert m["mcnemar"]["pass"]["p_value"] == 0.5
    # Renumbering B's samples changes nothing (samples are never paired across models).
    shuffled = [r | {"sample": 3 - r["sample"]} if r["model"] == "B" else r for r in records]
    assert build_report(shuffled, baseline="B")["models"][0]["mcnemar"] == m["mcnemar"]
    # Every answer built: build rates 1 per item, so the build t-interval has 3 items and no spread.
    assert m["build_ci95"] == (1.0, 1.0) and m["items"] == 3
    assert m["build_wilson95"] is None and m["wilson95"]["overall"] is None  # repeats are not trials
    assert m["total"] == 12  # the seed's counts stay over records


def test_interval_and_effect_size_over_items_by_hand():
    # A builds 2 of 2 samples of p0, 1 of 2 of p1, 0 of 2 of p2 -> per-item rates 1, .5, 0;
    # B builds all samples of p0 and p1, none of p2 -> 1, 1, 0.
    outcomes = {"A": ((1, 1), (1, 0), (0, 0)), "B": ((1, 1), (1, 1), (0, 0))}
    records = [record(model, "pass" if ok else "build_fail", f"fft/p{i}", sample=s)
               for model, items in outcomes.items() for i, built in enumerate(items) for s, ok in enumerate(built)]
    report = build_report(records, baseline="B")
    a = report["models"][0]
    half = 4.302652729749464 * 0.5 / 3**0.5  # t(0.975, 2) * sd(1, .5, 0) / sqrt(3)
    assert a["build_item_mean"] == 0.5
    assert a["build_ci95"] == pytest.approx((0.5 - half, 0.5 + half))
    pooled = ((0.25 + 1 / 3) / 2) ** 0.5  # variances .25 and 1/3, two degrees of freedom each
    assert a["cohens_d"] == pytest.approx((0.5 - 2 / 3) / pooled)
    assert "| A | 0.500 | " in render_markdown(report) and "| 3 |" in render_markdown(report)


def test_bootstrap_interval_is_seeded_and_labelled():
    records = [record("M", "pass" if i % 3 else "wrong", f"fft/p{i}") for i in range(30)]
    first, second = build_report(records), build_report(records)
    low, high = first["models"][0]["bootstrap95"]["overall"]
    assert first["models"][0]["bootstrap95"] == second["models"][0]["bootstrap95"]
    assert low < 20 / 30 < high
    assert "Problem-clustered bootstrap 95% intervals" in render_markdown(first)


def test_a_rerun_record_replaces_the_first(tmp_path):
    first = record("M", "error", message="worker crashed")
    rerun = record("M", "pass")
    path = write_jsonl(tmp_path / "results.jsonl", [first, record("M", "wrong", "fft/other"), rerun])
    records = load_records(path)
    assert len(records) == 2 and records[0]["outcome"] == "pass"
    entry = build_report([first, rerun])["models"][0]
    assert (entry["total"], entry["valid"], entry["errors"]) == (1, 1, 0)


# --- errors (issue 13, item 4) -------------------------------------------------------------------

def test_errors_are_counted_with_their_reasons_and_left_out_of_rates():
    records = [record("A", "pass", "fft/p0"), record("A", "wrong", "fft/p1"),
               record("A", "error", "fft/p2", message="provider error after 3 retries: quota exceeded\ndetails"),
               record("A", "error", "fft/p3", message="provider error after 3 retries: quota exceeded"),
               record("A", "error", "fft/p4", message="worker crashed before the item's record was written"),
               record("B", "pass", "fft/p0")]
    report = build_report(records)
    a = report["models"][0]
    assert (a["total"], a["overall_rate"], a["errors"]) == (2, 0.5, 3)
    assert a["error_reasons"] == [("provider error after 3 retries: quota exceeded", 2),
                                  ("worker crashed before the item's record was written", 1)]
    markdown = render_markdown(report)
    assert "### Infrastructure errors (beyond the seed)" in markdown
    assert "3 items ended in `error`" in markdown and "left out of every rate" in markdown
    assert "| A | 3 | provider error after 3 retries: quota exceeded | 2 |" in markdown
    assert "| A |  | worker crashed before the item's record was written | 1 |" in markdown
    assert "quota exceeded x2" in render_terminal(report)


# --- speed (issue 14, item 4) --------------------------------------------------------------------

def timed(model: str, outcome: str, problem: str, ranks: int, sample: int, speedup, baseline=1.0, mode="mpi"):
    return record(model, outcome, problem, mode=mode, ranks=ranks, sample=sample, speedup=speedup,
                  baseline_runtime_s=baseline, runtime_s=None if speedup is None else baseline / speedup)


def test_speedup_n_at_k_and_efficiency_by_hand():
    records = [timed("M", "pass", "fft/a", 2, 0, 2.0), timed("M", "wrong", "fft/a", 2, 1, None),
               timed("M", "pass", "fft/a", 2, 2, 4.0),
               timed("M", "pass", "sort/b", 2, 0, 1.0), timed("M", "pass", "sort/b", 2, 1, 1.0),
               timed("M", "pass", "sort/b", 2, 2, None),  # correct but too slow for the timed run: speedup 0
               timed("M", "pass", "sort/c", 2, 1, 3.0), timed("M", "pass", "sort/c", 2, 2, 3.0),
               timed("M", "pass", "fft/a", 4, 0, 3.0), timed("M", "pass", "fft/a", 4, 1, 3.0),
               timed("M", "pass", "fft/a", 1, 0, 0.5, mode="serial"),
               timed("M", "pass", "fft/a", 1, 1, 1.5, mode="serial")]
    rows = {(row["mode"], row["ranks"]): row for row in build_report(records)["models"][0]["performance"]}
    two = rows["mpi", 2]
    # fft/a at 2 ranks: speedups sorted 0, 2, 4. @1 = 2; @2 = (1/3)*2 + (2/3)*4 = 10/3.
    # sort/b: 0, 1, 1 -> @1 = 2/3, @2 = (1/3)*1 + (2/3)*1 = 1.  sort/c: 3, 3 (2 samples) -> 3, 3.
    assert two["items"] == 3 and two["samples_per_item"] == 2
    assert two["speedup_at_k"] == pytest.approx({"1": (2 + 2 / 3 + 3) / 3, "2": (10 / 3 + 1 + 3) / 3})
    assert two["efficiency_at_k"] == pytest.approx({"1": (2 + 2 / 3 + 3) / 6, "2": (10 / 3 + 1 + 3) / 6})
    # fast_1: share of samples correct and over 1x: fft/a 2 of 3, sort/b 0 of 3, sort/c 2 of 2.
    assert two["fast_p"] == pytest.approx((2 / 3 + 0 + 1) / 3)
    assert two["by_domain"] == pytest.approx({"fft": 2.0, "sort": (2 / 3 + 3) / 2})
    assert rows["mpi", 4]["speedup_at_k"] == pytest.approx({"1": 3.0, "2": 3.0})
    assert rows["mpi", 4]["efficiency_at_k"]["1"] == pytest.approx(0.75)
    assert rows["serial", 1]["speedup_at_k"] == pytest.approx({"1": 1.0, "2": 1.5})
    markdown = render_markdown(build_report(records))
    assert "speedup_n@k = mean over items of sum_{j=1..N} C(j-1,k-1)/C(N,k)" in markdown
    assert "### Scaling over MPI rank counts (beyond the seed)" in markdown
    assert "| M | 1.00 | 1.89 | 0.94 | 3.00 | 0.75 |" in markdown  # serial, n=2 speedup/eff, n=4
    assert "### speedup_n@1 by domain (beyond the seed)" in markdown


def test_an_item_our_reference_could_not_time_leaves_the_speed_figures_whole():
    # sort/x: our serial reference gave no time, so its correct sample has no speedup; its wrong sample
    # must not stay behind as a 0 (issue 21). sort/y is timed normally.
    records = [timed("M", "pass", "sort/x", 2, 0, None, baseline=None),
               timed("M", "wrong", "sort/x", 2, 1, None, baseline=None),
               timed("M", "wrong", "sort/z", 2, 0, None, baseline=None),  # only wrong samples: a 0 that counts
               timed("M", "pass", "sort/y", 2, 0, 2.0), timed("M", "pass", "sort/y", 2, 1, 4.0)]
    row = build_report(records)["models"][0]["performance"][0]
    assert row["items"] == 2 and row["samples"] == 3
    assert row["speedup_at_k"]["1"] == pytest.approx((0 + 3.0) / 2)


def test_fast_p_threshold():
    records = [timed("M", "pass", f"fft/p{i}", 2, 0, s) for i, s in enumerate((0.5, 1.5, 2.5, 3.5))]
    assert build_report(records)["models"][0]["performance"][0]["fast_p"] == 0.75
    assert build_report(records, fast_p=2.0)["models"][0]["performance"][0]["fast_p"] == 0.5


def test_no_speed_tables_without_timed_runs():
    markdown = render_markdown(build_report([record("M", "pass"), record("M", "wrong", "fft/x")]))
    assert "speedup_n@k" not in markdown and "Scaling" not in markdown


# --- manifest and diff (issue 16, item 4) --------------------------------------------------------

MANIFEST = {"version": "0.1.0", "problems_hash": "abc123", "prompts_hash": "def456", "seed": 1234,
            "ranks": [2], "models": {"m": {"model": "x/y", "temperature": 0.2}}}


def write_results(path: Path, records: list[dict], manifest: dict | None) -> Path:
    write_jsonl(path, records)
    if manifest is not None:
        path.write_text(json.dumps({"manifest": manifest}) + "\n" + path.read_text())
    return path


def test_manifest_goes_into_report_json_and_md(tmp_path):
    write_report([record("A", "pass")], tmp_path, manifest=MANIFEST)
    assert json.loads((tmp_path / "report.json").read_text())["manifest"] == MANIFEST
    markdown = (tmp_path / "report.md").read_text()
    assert "## Run\n\n### Run manifest" in markdown and "| problems_hash | abc123 |" in markdown
    # The results first, the manifest last; one model is "1 model".
    assert markdown.index("## Run\n") > markdown.index("### Build Success Rate Analysis")
    assert markdown.rstrip().endswith("|") and "1 model, 1 domain," in markdown
    assert '| models | {"m": {"model": "x/y", "temperature": 0.2}} |' in markdown


def test_pareval_report_carries_the_results_files_manifest(tmp_path):
    results = write_results(tmp_path / "r.jsonl", [record("A", "pass")], MANIFEST)
    assert cli.main(["report", str(results), "--quiet", "--json", str(tmp_path / "r.json")]) == 0
    assert json.loads((tmp_path / "r.json").read_text())["manifest"] == MANIFEST


def dropping_runs() -> tuple[list[dict], list[dict]]:
    before = [record("M", "pass", f"sort/p{i}") for i in range(30)]
    after = [record("M", "build_fail", f"sort/p{i}") for i in range(30)]
    return before, after


def test_diff_names_differing_manifest_fields_and_fails_on_a_regression(tmp_path, capsys):
    before, after = dropping_runs()
    a = write_results(tmp_path / "a.jsonl", before, MANIFEST)
    b = write_results(tmp_path / "b.jsonl", after, MANIFEST | {"seed": 99, "models": {"m": {"model": "x/z"}}})
    assert cli.main(["diff", str(a), str(b)]) == 0  # without --fail-on-regression the exit status stays 0
    out = capsys.readouterr().out
    assert "Manifest fields that differ: models.m.model (x/y -> x/z), models.m.temperature (0.2 -> null), " \
           "seed (1234 -> 99)." in out
    assert "Regressions (a significant drop of a model's overall build or pass rate): M build" in out
    assert cli.main(["diff", str(a), str(b), "--fail-on-regression"]) == 1
    assert cli.main(["diff", str(a), str(a), "--fail-on-regression"]) == 0
    assert "The two manifests agree on every field." in capsys.readouterr().out


def test_diff_refuses_to_call_a_change_of_problems_a_regression(tmp_path, capsys):
    before, after = dropping_runs()
    a = write_results(tmp_path / "a.jsonl", before, MANIFEST)
    b = write_results(tmp_path / "b.jsonl", after, MANIFEST | {"problems_hash": "other"})
    assert cli.main(["diff", str(a), str(b), "--fail-on-regression"]) == 0
    out = capsys.readouterr().out
    assert "asked different problems or prompts (problems_hash differ): no difference is called a regression" in out
    assert "Regressions" not in out
    c = write_results(tmp_path / "c.jsonl", after, MANIFEST | {"prompts_hash": "other"})
    assert diff_runs(before, after, manifest_a=MANIFEST, manifest_b=read_manifest(c))["regressions"] == []
    assert cli.main(["diff", str(a), str(b), "--fail-on-regression", "--allow-different-problems"]) == 1
    older = {"problem_set_sha256": "abc123", "prompts_sha256": "x"}  # a manifest with the earlier spellings
    assert diff_runs(before, after, manifest_a=older, manifest_b=older | {"prompts_sha256": "y"})["regressions"] == []
    unknown = diff_runs(before, after, manifest_a={"seed": 1}, manifest_b={"seed": 1})
    assert not unknown["regressions"] and "cannot be compared; no difference is called a regression" \
        in render_diff(unknown)


def test_diff_calls_no_regression_against_a_run_without_manifest(tmp_path, capsys):
    before, after = dropping_runs()
    a = write_results(tmp_path / "a.jsonl", before, MANIFEST)
    bare = write_jsonl(tmp_path / "bare.jsonl", after)  # an older results file: no manifest line
    assert cli.main(["diff", str(a), str(bare), "--fail-on-regression"]) == 0
    out = capsys.readouterr().out
    assert "No run manifest in B: the problem sets cannot be compared; no difference is called a regression" in out
    assert "Regressions" not in out
    assert cli.main(["diff", str(a), str(bare), "--fail-on-regression", "--allow-different-problems"]) == 1


def test_diff_keeps_every_rank_count_and_averages_samples():
    before = [ranked("M", "pass", f"fft/p{i}", n, s) for i in range(5) for n in (2, 4) for s in range(3)]
    after = [ranked("M", "pass" if n == 2 or s == 0 else "wrong", f"fft/p{i}", n, s)
             for i in range(5) for n in (2, 4) for s in range(3)]
    row = {(r["model"], r["domain"]): r for r in diff_runs(before, after)["rows"]}["M", None]
    assert (row["a"]["total"], row["b"]["total"], row["pairs"]) == (10, 10, 10)  # items at 2 and at 4 ranks
    assert row["b"]["overall_rate"] == pytest.approx((1 + 1 / 3) / 2)
    assert (row["pass"]["only_model"], row["pass"]["only_baseline"]) == (0, 5)


def test_the_summary_says_its_effect_size_is_over_build_rates():
    # The summary prints Cohen's d (the seed's, over build rates) beside pass-rate columns: its header must
    # say which rate it compares, or a reader takes it for the pass rates' effect size (issue 21).
    records = [record("A", "pass", f"sort/p{i}") for i in range(6)] + \
              [record("B", "build_fail" if i % 2 else "wrong", f"sort/p{i}") for i in range(6)]
    header = next(line for line in render_terminal(build_report(records)).splitlines() if "Tier" in line)
    assert "Build d vs A" in header and re.search(r"(?<!Build )d vs A", header) is None
