"""Speed figures: ParEval's speedup_n@k and efficiency_n@k, fast_p, scaling over rank counts, per domain.

speedup_n@k (ParEval's definition) is the expected best speedup among k samples drawn from an item's N
samples at n ranks, averaged over items; a sample that is not correct counts as speedup 0:

    speedup_n@k = mean over items of  sum_{j=1..N} C(j-1, k-1) / C(N, k) * s_(j)

where s_(1) <= ... <= s_(N) are the item's sample speedups (our serial reference's time on the timing
input / the answer's time at n ranks) sorted ascending: C(j-1, k-1)/C(N, k) is the chance that the j-th
smallest is the largest of k samples drawn without replacement. efficiency_n@k = speedup_n@k / n.
fast_p is the share of samples, averaged over items, that are correct and more than p times faster
than the reference (fast_1: faster at all).
"""
from __future__ import annotations

from typing import Any

import numpy as np

from . import stats

#: The speedup fast_p asks for by default: faster than our serial reference at all.
FAST_P = 1.0

FORMULA = ("speedup_n@k = mean over items of sum_{j=1..N} C(j-1,k-1)/C(N,k) * s_(j), with s_(1) <= ... <= s_(N) "
           "the speedups of an item's N samples at n ranks (reference time / answer time; 0 for a sample "
           "that is not correct): the expected best speedup of k samples. efficiency_n@k = speedup_n@k / n. "
           "fast_p = share of an item's samples that are correct and over p times faster than the reference, "
           "averaged over items.")


class _BestOfK:
    """Per cell: the expected maximum of k of its values drawn without replacement (NaN: under k values).
    The values are sorted once; each k only reweights them."""

    def __init__(self, cell: np.ndarray, value: np.ndarray, cells: int):
        order = np.lexsort((value, cell))
        self.cell, self.value, self.cells = cell[order], value[order], cells
        self.rank = np.arange(self.cell.size) - np.searchsorted(self.cell, self.cell, side="left") + 1
        self.count = np.bincount(self.cell, minlength=cells)
        self._cache: dict[int, np.ndarray] = {}

    def __call__(self, k: int) -> np.ndarray:
        if k not in self._cache:
            weights = stats.expected_max_weights(self.rank, self.count[self.cell], k)
            best = np.bincount(self.cell, weights=weights * self.value, minlength=self.cells)
            self._cache[k] = np.where(self.count >= k, best, np.nan)
        return self._cache[k]


#: Row order of the speed tables, and the modes every summary has (the seed's two; the others when run).
MODE_ORDER = ("serial", "mpi", "omp", "mpi+omp")


def performance_figures(*, model: np.ndarray, item: np.ndarray, serial: np.ndarray, ranks: np.ndarray,
                        domain: np.ndarray, valid: np.ndarray, speedup: np.ndarray, use: np.ndarray, models: int,
                        items: int, domains: list[str], fast_p: float = FAST_P, threads: np.ndarray | None = None,
                        mode: np.ndarray | None = None
                        ) -> tuple[list[list[dict[str, Any]]], list[dict[str, Any] | None]]:
    """Per model: one row per (mode, ranks, threads) with speedup_n@k, efficiency_n@k (n = ranks x threads,
    the units the work is divided among), fast_p and speedup_n@1 per domain; and the geometric-mean speedup
    of the correct timed samples per mode (``mode``: each record's; without it serial or MPI by ``serial``).

    ``use`` marks the records that count (see figures._speedups); ``speedup`` is NaN where a record has
    none. A model without any timed sample gets no rows (and None).
    """
    if threads is None:
        threads = np.ones_like(ranks)
    if mode is None:
        mode = np.where(serial, "serial", "mpi")
    mode_code = np.array([MODE_ORDER.index(m) if m in MODE_ORDER else len(MODE_ORDER) for m in mode.tolist()],
                         np.int64)
    units = ranks * threads
    value = np.where(valid & use, np.nan_to_num(speedup, nan=0.0), 0.0)
    timed = use & valid & (value > 0)
    has_timing = np.bincount(model[timed], minlength=models) > 0
    rows: list[list[dict[str, Any]]] = [[] for _ in range(models)]
    geometric: list[dict[str, Any] | None] = [None] * models
    keep = use & has_timing[model]
    if not keep.any():
        return rows, geometric
    cell = (model * items + item)[keep]
    cells = models * items
    kept_value, kept_fast = value[keep], (value[keep] > fast_p).astype(float)
    samples = np.bincount(cell, minlength=cells)
    fast = np.bincount(cell, weights=kept_fast, minlength=cells) / np.maximum(samples, 1)
    cell_mode = np.zeros(cells, np.int64)
    cell_ranks = np.zeros(cells, np.int64)
    cell_threads = np.zeros(cells, np.int64)
    cell_domain = np.zeros(cells, np.int64)
    cell_mode[cell], cell_ranks[cell], cell_domain[cell] = mode_code[keep], ranks[keep], domain[keep]
    cell_threads[cell] = threads[keep]
    present = samples > 0
    timed_samples = np.bincount(cell[kept_value > 0], minlength=cells)
    best = _BestOfK(cell, kept_value, cells)
    for code, name in enumerate(MODE_ORDER):
        shapes = sorted(set(zip((cell_ranks * cell_threads)[present & (cell_mode == code)].tolist(),
                                cell_ranks[present & (cell_mode == code)].tolist(),
                                cell_threads[present & (cell_mode == code)].tolist())))
        for n, r, t in shapes:
            group = present & (cell_mode == code) & (cell_ranks == r) & (cell_threads == t)
            for m in np.flatnonzero(has_timing):
                members = group[m * items:(m + 1) * items]
                if not members.any():
                    continue
                idx = np.flatnonzero(members) + m * items
                fewest = int(samples[idx].min())
                speedup_at_k: dict[str, float] = {}
                for k in stats.k_values(fewest):
                    speedup_at_k[str(k)] = float(best(k)[idx].mean())
                by_domain = {domains[d]: float(best(1)[idx][cell_domain[idx] == d].mean())
                             for d in sorted(set(cell_domain[idx].tolist()))}
                row: dict[str, Any] = {"mode": name, "ranks": int(r)}
                if name in ("omp", "mpi+omp"):  # serial and MPI rows stay the seed's
                    row.update(threads=int(t), units=int(n))
                rows[m].append({
                    **row, "items": int(idx.size),
                    "samples": int(samples[idx].sum()), "samples_per_item": fewest,
                    "timed": int(timed_samples[idx].sum()),
                    "speedup_at_k": speedup_at_k,
                    "efficiency_at_k": {k: v / n for k, v in speedup_at_k.items()},
                    "fast_p": float(fast[idx].mean()), "by_domain": by_domain})
    run_modes = [name for code, name in enumerate(MODE_ORDER) if name in ("serial", "mpi") or (mode_code == code).any()]
    for m in np.flatnonzero(has_timing):
        summary = {}
        for key in run_modes:
            mask = timed & (model == m) & (mode_code == MODE_ORDER.index(key))
            if not mask.any():
                summary[key] = None
                continue
            log_speedup = np.log(value[mask])
            summary[key] = {"count": int(mask.sum()), "speedup": float(np.exp(log_speedup.mean())),
                            "efficiency": float(np.exp((log_speedup - np.log(np.maximum(units[mask], 1))).mean()))}
        geometric[m] = summary
    return rows, geometric
