"""ParEval's metrics for items of ParEval's problem set, computed as ParEval's analysis computes them, and
the answers where ParEval's verdict and ours differ.

ParEval's definitions (analysis/metrics.py of its checkout; facts of its code, not its text):

- pass@k and build@k: the unbiased estimator ``1 - prod(1 - k / arange(n - c + 1, n + 1))`` (1 when
  ``n - c < k``) per problem, then the mean over the problems of an execution model and problem type.
  ParEval counts build@k over run rows (a built MPI output once per launch configuration, an unbuilt one
  once); we count answers, as pass@k does.
- speedup_n@k: per problem only the *valid* samples, T* the smallest time of ParEval's serial baseline
  (``BestSequential``), runtimes sorted ascending and ``sum_j C(j-1, k-1) / C(N, k) * T* / T_j`` with N the
  number of valid samples and ParEval's ``C(n, r)`` = 1 when n < r (so the j < k fastest samples get weight
  1/C(N, k) instead of 0, and with N <= k the value is the sum of the N speedups); the mean over the problems
  that have a valid sample. Ours (performance.py) is the expected best of k of all N samples, an invalid one
  counting 0, against our serial reference timed apart. efficiency_n@k divides each term by n. ParEval's
  published n is 512 ranks (mpi), 32 threads (omp; its efficiency divides by 8 there), 4x64 (mpi+omp); ours is
  the item's ranks x threads. Runtimes are the means ParEval's driver prints,
  measured in the answer's process.
"""
from __future__ import annotations

from collections import defaultdict
from math import comb
from typing import Any

import numpy as np

from .tables import Section, Table, Text, fixed, pct

K_VALUES = (1, 5, 10, 20)


def pass_at_k(n: int, c: int, k: int) -> float:
    """ParEval's estimator of pass@k (and build@k) for one problem."""
    if n - c < k:
        return 1.0
    return float(1.0 - np.prod(1.0 - k / np.arange(n - c + 1, n + 1)))


def _ncr(n: int, r: int) -> int:
    return 1 if n < r else comb(n, r)


def speedup_at_k(runtimes: list[float], baseline: float, k: int, resources: int = 1) -> float:
    """ParEval's speedup_n@k (efficiency_n@k with ``resources`` = n) of one problem's valid samples."""
    ordered = sorted(runtimes)
    total = 0.0
    for j, runtime in enumerate(ordered, start=1):
        total += _ncr(j - 1, k - 1) * baseline / (_ncr(len(ordered), k) * max(runtime, 1e-8) * resources)
    return total


def _resources(record: dict[str, Any]) -> tuple[int, int]:
    """(ranks, threads) of an item: its n is their product."""
    mode = record["mode"]
    ranks = record.get("ranks") or 1 if mode in ("mpi", "mpi+omp") else 1
    threads = record.get("threads") or 1 if mode in ("omp", "mpi+omp") else 1
    return ranks, threads


def _label(record: dict[str, Any]) -> str:
    mode, (ranks, threads) = record["mode"], _resources(record)
    n = {"serial": "", "mpi": f"{ranks}", "omp": f"{threads}"}.get(mode, f"{ranks}x{threads}")
    return f"{mode} (n={n})" if n else mode


def pareval_figures(records: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The ParEval section of report.json: metrics per model, execution model and problem type; the
    disagreements by reason; agreement with verdicts ParEval's runner stored in a generations file."""
    mine = [r for r in records if r.get("suite") == "pareval" and r.get("outcome") != "error"]
    if not mine:
        return None
    groups: dict[tuple, dict[str, list[dict]]] = defaultdict(lambda: defaultdict(list))
    for r in mine:
        groups[(r["model"], _label(r), r["domain"])][r["problem"]].append(r)
    fewest = min(len(samples) for problems in groups.values() for samples in problems.values())
    ks = [k for k in K_VALUES if k <= max(fewest, 1)]
    rows = []
    for (model, execution, kind), problems in sorted(groups.items()):
        row: dict[str, Any] = {"model": model, "execution_model": execution, "problem_type": kind,
                               "problems": len(problems), "samples": sum(len(s) for s in problems.values())}
        for k in ks:
            row[f"build@{k}"] = _mean(pass_at_k(len(s), sum(bool(x.get("pareval_built")) for x in s), k)
                                      for s in problems.values())
            row[f"pass@{k}"] = _mean(pass_at_k(len(s), sum(bool(x.get("pareval_valid")) for x in s), k)
                                     for s in problems.values())
            row[f"ours_pass@{k}"] = _mean(pass_at_k(len(s), sum(x["outcome"] == "pass" for x in s), k)
                                          for s in problems.values())
            speed, efficiency = [], []
            for samples in problems.values():
                valid = [x for x in samples if x.get("pareval_valid") and x.get("pareval_runtime_s") is not None
                         and x.get("pareval_best_s") is not None]
                if valid:
                    best = min(x["pareval_best_s"] for x in valid)
                    times = [x["pareval_runtime_s"] for x in valid]
                    ranks, threads = _resources(valid[0])
                    n = ranks * threads
                    speed.append(speedup_at_k(times, best, k))
                    efficiency.append(speedup_at_k(times, best, k, n))
            row[f"speedup_n@{k}"] = _mean(speed) if speed else 0.0
            row[f"efficiency_n@{k}"] = _mean(efficiency) if efficiency else 0.0
        rows.append(row)
    differ: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for r in mine:
        if r.get("pareval_differs"):
            differ[r["model"]][r["pareval_differs"]] += 1
    reported = [r for r in mine if "pareval_reported_valid" in r]
    agreement = None
    if reported:
        agreement = {"compared": len(reported),
                     "agree": sum(bool(r["pareval_reported_valid"]) == bool(r.get("pareval_valid")) for r in reported),
                     "disagree": [{"problem": r["problem"], "mode": r["mode"], "sample": r.get("sample"),
                                   "reported": r["pareval_reported_valid"], "ours": r.get("pareval_valid")}
                                  for r in reported if bool(r["pareval_reported_valid"]) != bool(r.get("pareval_valid"))]}
    return {"k": ks, "rows": rows, "differ": {m: dict(sorted(v.items(), key=lambda kv: (-kv[1], kv[0])))
                                             for m, v in sorted(differ.items())},
            "answers": len(mine), "disagreements": sum(1 for r in mine if r.get("pareval_differs")),
            "reported": agreement}


def _mean(values) -> float:
    values = list(values)
    return float(sum(values) / len(values)) if values else 0.0


def pareval_sections(figures: dict[str, Any]) -> list[Section]:
    """ParEval's metrics table and the disagreement table, as format-neutral sections."""
    ks = figures["k"]
    headers = ["Model", "Execution model", "Problem type", "Problems", "Samples"]
    for k in ks:
        headers += [f"build@{k}", f"pass@{k}", f"pass@{k} (ours)", f"speedup_n@{k}", f"efficiency_n@{k}"]
    rows = []
    for row in figures["rows"]:
        cells = [row["model"], row["execution_model"], row["problem_type"], str(row["problems"]), str(row["samples"])]
        for k in ks:
            cells += [pct(row[f"build@{k}"]), pct(row[f"pass@{k}"]), pct(row[f"ours_pass@{k}"]),
                      fixed(row[f"speedup_n@{k}"], 2), fixed(row[f"efficiency_n@{k}"], 2)]
        rows.append(cells)
    sections = [Section("pareval_metrics", "ParEval's metrics (ParEval's definitions)", [
        Text("Computed from the records as ParEval's analysis/metrics.py computes them: pass@k from "
             "`pareval_valid` (what ParEval's harness concludes), build@k over answers (ParEval counts run "
             "rows), speedup_n@k and efficiency_n@k over valid samples only with the runtimes ParEval's driver "
             "prints and its weights (runtimes ascending, C(n, r) = 1 for n < r). pass@k (ours) uses our "
             "outcome. n is the item's rank count, not ParEval's 512."),
        Table(headers, rows, note="Per problem, then the mean over the problems of the row.")])]
    differ_rows = [[model, reason, str(count)] for model, reasons in figures["differ"].items()
                   for reason, count in reasons.items()]
    sections.append(Section("pareval_differ", "Where ParEval's verdict and ours differ, by reason", [
        Text(f"{figures['disagreements']} of {figures['answers']} answers: ParEval's harness and ours conclude "
             "differently (valid for one, not for the other); each record carries the reason as "
             "`pareval_differs`."),
        Table(["Model", "Reason", "Answers"], differ_rows, empty="None: ParEval's verdict and ours agree on every answer.")]))
    agreement = figures.get("reported")
    if agreement:
        rows = [[d["problem"], d["mode"], str(d["sample"]), str(d["reported"]), str(d["ours"])]
                for d in agreement["disagree"][:50]]
        sections.append(Section("pareval_reported", "ParEval's stored verdicts against ours of them", [
            Text(f"The generations file held ParEval's own verdicts for {agreement['compared']} answers; "
                 f"`pareval_valid` as we compute it agrees on {agreement['agree']}."),
            Table(["Problem", "Mode", "Sample", "ParEval stored", "pareval_valid"], rows,
                  empty="No disagreement.")]))
    return sections
