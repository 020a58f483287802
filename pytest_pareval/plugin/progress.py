"""Progress of the answer fetching: a live line on a terminal, plain periodic lines elsewhere (CI).

``Progress`` draws what ``Generator.prefetch`` reports: done/total per model, failures so far, the rate
of answers actually asked for (cached ones come at once and would flatter it) and the time left.
Under xdist the workers fetch and the controller prints: each worker appends its reports to a shared
file (``FileProgress``) and the controller follows that file (``follow``).
"""
from __future__ import annotations

import json
import os
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from ..generate.generator import FetchProgress

#: Seconds between redraws of the live line, and between plain lines when the output is not a terminal.
TTY_INTERVAL_S = 0.5
PLAIN_INTERVAL_S = 5.0


def _duration(seconds: float) -> str:
    seconds = int(round(seconds))
    if seconds >= 3600:
        return f"{seconds // 3600}h{seconds % 3600 // 60:02d}m"
    return f"{seconds // 60}m{seconds % 60:02d}s" if seconds >= 60 else f"{seconds}s"


class Progress(FetchProgress):
    """Counts per model and draws them through ``write`` (text without a newline; the caller flushes)."""

    def __init__(self, write: Callable[[str], None], *, tty: bool, interval_s: float | None = None,
                 clock: Callable[[], float] = time.monotonic):
        self.write = write
        self.tty = tty
        self.interval_s = interval_s if interval_s is not None else (TTY_INTERVAL_S if tty else PLAIN_INTERVAL_S)
        self.clock = clock
        self.totals: dict[str, int] = {}
        self.done_count: dict[str, int] = {}
        self.failed = 0
        self.asked = 0          # finished jobs that were real requests (not cached)
        self.started = 0.0
        self._last_drawn: float | None = None
        self._width = 0
        self._lock = threading.Lock()

    def begin(self, totals: dict[str, int]) -> None:
        with self._lock:
            self.totals = dict(totals)
            self.done_count = {name: 0 for name in totals}
            self.started = self.clock()
        self._draw(force=True)

    def done(self, model: str, key: str = "", *, failed: bool, cached: bool) -> None:
        with self._lock:
            self.done_count[model] = self.done_count.get(model, 0) + 1
            self.failed += failed
            self.asked += not cached
        self._draw()

    def recovered(self) -> None:
        """A job reported failed was answered after all (another xdist worker asked again)."""
        with self._lock:
            self.failed -= 1

    def tick(self) -> None:
        self._draw()

    def end(self) -> None:
        self._draw(force=True)
        if self.tty and self._last_drawn is not None:
            self.write("\n")

    def line(self) -> str:
        """One status line: ``answers local 12/120, gpt 3/120 | 2 failed | 4.1/min | ETA 3m05s``."""
        with self._lock:
            counts = ", ".join(f"{name} {self.done_count.get(name, 0)}/{total}" for name, total in self.totals.items())
            done, total = sum(self.done_count.values()), sum(self.totals.values())
            elapsed = max(self.clock() - self.started, 1e-9)
            parts = [f"pareval: answers {counts}", f"{self.failed} failed"]
            if self.asked:
                rate = self.asked / elapsed * 60
                parts.append(f"{rate:.1f}/min")
                if done < total:
                    parts.append(f"ETA {_duration((total - done) / rate * 60)}")
            elif done < total:
                parts.append("waiting for the first answer")
            parts.append(f"elapsed {_duration(elapsed)}")
            return " | ".join(parts)

    def _draw(self, force: bool = False) -> None:
        now = self.clock()
        if not force and self._last_drawn is not None and now - self._last_drawn < self.interval_s:
            return
        self._last_drawn = now
        text = self.line()
        if self.tty:
            pad = max(0, self._width - len(text))  # blank what a longer previous line left behind
            self._width = len(text)
            self.write("\r" + text + " " * pad)
        else:
            self.write(text + "\n")


class FileProgress(FetchProgress):
    """A worker's reports, appended as JSON lines to ``path`` (one write each: lines never interleave)."""

    def __init__(self, path: Path, worker: str):
        self.path = path
        self.worker = worker

    def _append(self, record: dict) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        try:
            os.write(fd, (json.dumps(record) + "\n").encode())
        finally:
            os.close(fd)

    def begin(self, totals: dict[str, int]) -> None:
        self._append({"worker": self.worker, "begin": totals})

    def done(self, model: str, key: str, *, failed: bool, cached: bool) -> None:
        self._append({"worker": self.worker, "model": model, "key": key, "failed": failed, "cached": cached})

    def end(self) -> None:
        self._append({"worker": self.worker, "end": True})


def follow(path: Path, progress: Progress, stop: threading.Event, *, poll_s: float = 0.25) -> None:
    """Controller side: feed the workers' reports in ``path`` to ``progress`` until every key is answered,
    every worker that began is through, or ``stop`` is set (the session ends). Every worker fetches the
    whole list (their cache locks share the requests), so a key counts once: done when any worker has it,
    failed while its latest report is a failure."""
    offset, began, ended, started, total = 0, False, set(), set(), 0
    state: dict[str, tuple[str, bool]] = {}  # key -> (model, failed)
    while True:
        stopping = stop.is_set()  # read once more after the stop: the last reports count too
        try:
            with open(path, "rb") as handle:
                handle.seek(offset)
                chunk = handle.read()
        except FileNotFoundError:
            chunk = b""
        complete = chunk[: chunk.rfind(b"\n") + 1]
        offset += len(complete)
        for raw in complete.splitlines():
            record = json.loads(raw)
            if "begin" in record:
                started.add(record["worker"])
                if not began:
                    progress.begin(record["begin"])
                    began, total = True, sum(record["begin"].values())
            elif "end" in record:
                ended.add(record["worker"])
            elif "key" in record and began:
                key, failed = record["key"], record["failed"]
                if key not in state:
                    progress.done(record["model"], key, failed=failed, cached=record["cached"])
                elif state[key][1] and not failed:  # a failure another worker then answered
                    progress.recovered()
                state[key] = (record["model"], failed)
        # Every worker fetches the whole list: through when every key is answered or every worker is done.
        if stopping or (began and (len(state) >= total or ended >= started)):
            break
        if began:
            progress.tick()
        stop.wait(poll_s)
    if began:
        progress.end()


# --- the session's wiring (plugin.py calls these two) -----------------------------------------------

def _reporter_progress(config) -> Progress | None:
    reporter = config.pluginmanager.get_plugin("terminalreporter")
    if reporter is None:
        return None
    return Progress(lambda text: reporter.write(text, flush=True), tty=bool(reporter.isatty()))


def for_session(config) -> FetchProgress | None:
    """Where this process reports its fetching: the terminal, or under xdist the controller's file."""
    workerinput = getattr(config, "workerinput", None)
    if workerinput is None:
        return _reporter_progress(config)
    path = workerinput.get("pareval_progress")
    return FileProgress(Path(path), str(workerinput.get("workerid", "gw?"))) if path else None


class _Watch:
    """The xdist controller's follower thread; it ends when the workers are through, the first item reports
    or the session ends."""

    def __init__(self, path: Path, progress: Progress):
        self.path = path
        self.stop = threading.Event()
        self.thread = threading.Thread(target=follow, args=(path, progress, self.stop), daemon=True,
                                       name="pareval-progress")

    @pytest.hookimpl(tryfirst=True)
    def pytest_runtest_logreport(self, report) -> None:
        """The first item's report: the workers are through fetching. The last line is drawn now, before
        pytest draws the item's own progress."""
        self._finish()

    def pytest_sessionfinish(self, session) -> None:
        self._finish()
        self.path.unlink(missing_ok=True)

    def _finish(self) -> None:
        if not self.stop.is_set():
            self.stop.set()
            self.thread.join(timeout=5)


def watch_workers(config, node, directory: Path) -> None:
    """xdist controller, once per worker started: tell it where to report; follow the reports."""
    watch = config.pluginmanager.get_plugin("pareval-progress")
    if watch is None:
        progress = _reporter_progress(config)
        if progress is None:
            return
        directory.mkdir(parents=True, exist_ok=True)
        path = directory / f"session-{os.getpid()}.jsonl"
        path.write_bytes(b"")
        watch = _Watch(path, progress)
        config.pluginmanager.register(watch, "pareval-progress")
        watch.thread.start()
    node.workerinput["pareval_progress"] = str(watch.path)
