"""Time limits of an answer's runs, derived from our serial reference's timed run on this machine."""
from __future__ import annotations

from pathlib import Path
from typing import Protocol

from .timed import TIMED_FLOOR_S, Timed

#: A correctness run derived from the reference (``--pareval-timeout-factor``) gets at least this.
CORRECTNESS_FLOOR_S = 10.0


class VerdictSettings(Protocol):
    """The settings the verdict stage reads (the plugin's Settings has them all)."""

    cache_dir: Path
    seed: int
    shared_dir: Path | None
    timeout: float
    timeout_factor: float
    timing_factor: float
    build_timeout: float
    check_ranks: tuple[int, ...]
    check_threads: tuple[int, ...]
    check_hybrid: tuple[tuple[int, int], ...]
    launcher: str
    hostfile: str
    queue_timeout: float


def correctness_timeout(settings: VerdictSettings, baseline: Timed | None) -> tuple[float, str]:
    """The correctness runs' limit and how it was reached: ``--pareval-timeout-factor`` x the wall time of
    our serial reference's timed launch (start-up and its calls on the timing input: a calibration of this
    machine and launcher), at least CORRECTNESS_FLOOR_S, at most ``--pareval-timeout``."""
    s = settings
    if s.timeout_factor <= 0 or baseline is None or not baseline.wall_s:
        return s.timeout, ""
    derived = max(CORRECTNESS_FLOOR_S, s.timeout_factor * baseline.wall_s)
    if derived >= s.timeout:
        return s.timeout, ""
    return derived, (f" ({s.timeout_factor:g}x the {baseline.wall_s:.2f} s our serial reference's run takes "
                     "on this machine, --pareval-timeout-factor)")


def timed_limit(settings: VerdictSettings, baseline: Timed | None) -> float:
    """Per-call limit of a timed run: ``--pareval-timing-factor`` x the reference's time, at least
    TIMED_FLOOR_S, at most ``--pareval-timeout``."""
    if baseline is None or baseline.runtime_s is None:
        return settings.timeout
    return min(settings.timeout, max(TIMED_FLOOR_S, settings.timing_factor * baseline.runtime_s))
