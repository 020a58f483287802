"""`pareval diff`'s figures: two runs of the same models compared item by item, and their manifests.

An item is problem x mode x ranks (results.item_key without the sample); a run's samples of an item are
repeats, so each item counts once, by the share of its samples that built / passed, and the paired test is
the exact sign test over the items both runs have (McNemar's exact test with one sample per item).
"""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from . import stats
from .records import item_key
from .figures import ERROR, IS_BUILT, OUTCOME_CODE, SIGNIFICANCE, latest_per_item, outcome_codes

#: Manifest fields that say what was asked: when they differ, a change is not a regression.
PROBLEM_SET_FIELDS = ("problems_hash", "prompts_hash")
#: Other spellings of those fields, read when the agreed name is absent (manifests written before the
#: names were agreed).
_ALIASES = {"problems_hash": ("problem_set_sha256",), "prompts_hash": ("prompts_sha256",)}


def _problem_set_field(flat: Mapping[str, Any], name: str) -> Any:
    for key in (name, *_ALIASES[name]):
        if flat.get(key) is not None:
            return flat[key]
    return None


def _flatten(value: Any, prefix: str = "") -> dict[str, Any]:
    if isinstance(value, Mapping):
        out: dict[str, Any] = {}
        for key, inner in value.items():
            out.update(_flatten(inner, f"{prefix}{key}."))
        return out
    return {prefix.rstrip("."): value}


def compare_manifests(manifest_a: Mapping[str, Any] | None, manifest_b: Mapping[str, Any] | None,
                      allow_different_problems: bool = False) -> dict[str, Any]:
    """Which manifest fields differ (dotted paths), and whether the runs may be compared for regressions.

    Runs are comparable for regressions only when both name the same problem set and prompts hashes (or
    the caller allows any difference): a run without a manifest, or without those hashes, cannot be
    checked (``checked`` False), and a drop against it is not called a regression.
    """
    flat_a, flat_b = _flatten(manifest_a or {}), _flatten(manifest_b or {})
    differing = [{"field": key, "a": flat_a.get(key), "b": flat_b.get(key)}
                 for key in sorted(set(flat_a) | set(flat_b)) if flat_a.get(key) != flat_b.get(key)]
    hashes = {name: (_problem_set_field(flat_a, name), _problem_set_field(flat_b, name)) for name in PROBLEM_SET_FIELDS}
    changed = [name for name, (a, b) in hashes.items() if a is not None and b is not None and a != b]
    checked = all(a is not None and b is not None for a, b in hashes.values())
    return {"differing": differing, "problem_set_changed": changed, "checked": checked,
            "comparable": (checked and not changed) or allow_different_problems,
            "allowed": bool((changed or not checked) and allow_different_problems),
            "missing": [side for side, manifest in (("A", manifest_a), ("B", manifest_b)) if not manifest]}


def diff_runs(records_a: list[dict[str, Any]], records_b: list[dict[str, Any]], *,
              manifest_a: Mapping[str, Any] | None = None, manifest_b: Mapping[str, Any] | None = None,
              allow_different_problems: bool = False) -> dict[str, Any]:
    """Two runs per model, overall and per domain: each run's rates, and exact sign tests of build and pass
    over the items both runs have ("model" = run B, "baseline" = run A). ``regressions``: the models whose
    overall build or pass rate dropped significantly, only when the runs asked the same problems and prompts
    (``manifest``: the problem set and prompts hashes) or ``allow_different_problems``."""
    runs = []
    for records in (records_a, records_b):
        items: dict[tuple, dict[str, Any]] = {}
        for r in latest_per_item(records):
            key = item_key(r)
            items.setdefault((key[0], r.get("domain"), *key[1:4]), []).append(r["outcome"])
        runs.append(items)
    keys = list(dict.fromkeys([*runs[0], *runs[1]]))
    rates = np.full((2, 2, len(keys)), np.nan)  # (run, built/passed, item): share of the item's counted samples
    for side, run in enumerate(runs):
        for index, key in enumerate(keys):
            codes = outcome_codes(run.get(key, []))
            codes = codes[codes != ERROR]
            if codes.size:
                rates[side, 0, index] = IS_BUILT[codes].mean()
                rates[side, 1, index] = (codes == OUTCOME_CODE["pass"]).mean()
    groups: dict[tuple[str, str | None], list[int]] = {}
    for index, (model, domain, *_) in enumerate(keys):
        for group in ((model, None), (model, domain)):
            groups.setdefault(group, []).append(index)
    rows = []
    for (model, domain), members in sorted(groups.items(), key=lambda kv: (kv[0][0], kv[0][1] or "")):
        part = rates[:, :, members]
        sides = []
        for side in part:
            present = ~np.isnan(side[0])
            sides.append({"total": int(present.sum()),
                          "build_rate": float(side[0][present].mean()) if present.any() else None,
                          "overall_rate": float(side[1][present].mean()) if present.any() else None})
        rows.append({"model": model, "domain": domain, "a": sides[0], "b": sides[1],
                     **stats.paired_rates_test(part[1], part[0])})
    manifests = compare_manifests(manifest_a, manifest_b, allow_different_problems)
    regressions = []
    if manifests["comparable"]:
        for row in rows:
            if row["domain"] is None:  # per-domain rows would multiply the false alarms
                for test in ("build", "pass"):
                    result = row[test]
                    if result["p_value"] < SIGNIFICANCE and result["only_baseline"] > result["only_model"]:
                        regressions.append({"model": row["model"], "test": test, "p_value": result["p_value"]})
    return {"significance": SIGNIFICANCE, "rows": rows, "manifest": manifests, "regressions": regressions}
