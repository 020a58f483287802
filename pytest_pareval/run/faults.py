"""A local launcher's own faults (hydra could not start or lost a proxy) told apart from the program's.

The ranks' stdout and stderr go to files of their own (cluster.wrapped), so the launcher's stderr holds its
own lines. That alone proves nothing: a rank runs as the same user, in the same PID namespace, as its hydra
proxy. It can kill the proxy (hydra then reports a real fault of its own), or write hydra-looking lines into
the proxy's stderr through /proc/PID/fd/2. So a fault line decides nothing by itself. It calls for a probe:
the same launcher, rank count, threads, environment and sandbox running ``true``, a program of ours. Only when
the probe fails as well is the fault the machine's (``error``); when the probe runs, the fault came with this
answer and is its ``run_fail`` (the correctness runs try it once more first). The answer cannot reach the
probe: it runs after the answer's sandbox and every process in it are gone.
"""
from __future__ import annotations

import re
from collections.abc import Callable

from ..common.redact import clean
from ..sandbox.core import Completed

#: The launcher's own fault lines: hydra's ``[mpiexec@host]`` and ``[proxy:0:0@host]`` error lines (HYD_
#: errors, "unable to ...", a failed assert), Open MPI's "... was unable to ...". Not the report that a rank
#: exited badly or was killed ("BAD TERMINATION ..." on hydra's stdout, "mpirun noticed that process rank 1
#: ... exited on signal 11"): that is the program's.
FAULT_LINE = re.compile(r"^(?:\[(?:mpiexec|proxy:[\d:]+)@[^\]\n]*\] .*\S.*"
                        r"|(?:mpirun|mpiexec|prterun|prte|ORTE|PRTE) was unable to .*)$", re.M)
#: What the probe runs on every rank: a program of ours that cannot fail by itself.
PROBE_PROGRAM = ["true"]
#: Seconds the probe gets, whatever the run's own limit: hydra starts ``true`` on a few ranks in about 0.1 s
#: (0.07 s at load 17 here), so a probe this slow means a launcher that cannot start ranks; a short limit
#: would let a loaded machine pass for a faulty launcher.
PROBE_TIMEOUT = 30.0


def fault_line(log: str) -> str | None:
    """The launcher's first fault line in its own stderr ``log``, else None."""
    match = FAULT_LINE.search(log)
    return clean(match.group(0).strip(), 300) if match else None


def probe_failure(probe: Completed) -> str | None:
    """How the probe failed (its launcher's fault line, its exit status, its timeout), or None when every
    rank of it ran."""
    if probe.timed_out:
        return "it did not finish"
    if probe.returncode == 0:
        return None
    line = fault_line(probe.launcher_log or probe.stderr)
    return line or (f"killed by signal {probe.signal}" if probe.signal else f"exit status {probe.returncode}")


def attribute(line: str, probe: Callable[[], Completed]) -> tuple[str, str]:
    """Whose fault is a launcher fault ``line`` seen in a run: ``("error", why)`` when ``probe()`` (the same
    launch running a program of ours) fails too, else ``("run_fail", why)``. The line only ever calls for
    the probe: a run_fail stays the answer's whatever its launcher printed."""
    failed = probe_failure(probe())
    if failed is None:
        return "run_fail", (f"the launcher failed only with this answer: {line} (a trivial program runs under "
                            "the same launcher)")
    same = "the same way" if failed == line else f"under it too ({failed})"
    return "error", f"the launcher failed: {line}; a trivial program fails {same}"
