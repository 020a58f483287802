"""`pareval diff`'s figures: two runs of the same models compared item by item."""
from __future__ import annotations

from typing import Any

import numpy as np

from .. import stats
from .figures import ERROR, IS_BUILT, OUTCOME_CODE, SIGNIFICANCE, outcome_codes


def diff_runs(records_a: list[dict[str, Any]], records_b: list[dict[str, Any]]) -> dict[str, Any]:
    """Two runs per model, overall and per domain: each run's rates, and McNemar tests of build and
    pass on the (problem, mode, sample) items both runs have ("model" = run B, "baseline" = run A)."""
    runs = [{(r["model"], r["domain"], r["problem"], r["mode"], r.get("sample") or 0): r["outcome"]
             for r in records} for records in (records_a, records_b)]
    keys = list(dict.fromkeys([*runs[0], *runs[1]]))
    status = outcome_codes([run.get(key, "error") for run in runs for key in keys]).reshape(2, -1)
    # (run, built/passed, item): 1/0, -1 where the run lacks the item or it ended in an error
    paired = np.where((status != ERROR)[:, None, :],
                      np.stack([IS_BUILT[status], status == OUTCOME_CODE["pass"]], 1), -1)
    groups: dict[tuple[str, str | None], list[int]] = {}
    for index, (model, domain, *_) in enumerate(keys):
        for group in ((model, None), (model, domain)):
            groups.setdefault(group, []).append(index)
    rows = []
    for (model, domain), members in sorted(groups.items(), key=lambda kv: (kv[0][0], kv[0][1] or "")):
        part = paired[:, :, members]
        sides = [{"total": int((side[0] >= 0).sum()),
                  "build_rate": stats.rate(int((side[0] == 1).sum()), int((side[0] >= 0).sum())),
                  "overall_rate": stats.rate(int((side[1] == 1).sum()), int((side[0] >= 0).sum()))}
                 for side in part]
        rows.append({"model": model, "domain": domain, "a": sides[0], "b": sides[1],
                     **stats.paired_mcnemar(part[1], part[0])})
    return {"significance": SIGNIFICANCE, "rows": rows}
