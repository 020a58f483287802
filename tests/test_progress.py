"""Progress of the answer fetching: the live line on a terminal, periodic lines elsewhere, the xdist
controller alone printing, and Ctrl-C while answers are fetched."""
from __future__ import annotations

import os
import re
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from openai_server import ChatServer, Reply

from pytest_pareval.plugin.progress import Progress

REPO = Path(__file__).resolve().parent.parent
PROSE = "Loop over the values and add them up."  # no code: the items end at once as no_code


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_a_terminal_gets_one_redrawn_line_with_counts_rate_eta_and_failures():
    out, clock = [], Clock()
    progress = Progress(out.append, tty=True, clock=clock)
    progress.begin({"gpt": 10, "local": 10})
    for i in range(4):
        clock.now += 3
        progress.done("gpt", f"k{i}", failed=i == 3, cached=False)
    text = "".join(out)
    assert "\n" not in text and text.count("\r") == len(out)  # redrawn in place
    last = out[-1]
    assert "gpt 4/10" in last and "local 0/10" in last and "1 failed" in last
    assert "20.0/min" in last and "ETA 48s" in last  # 4 answers in 12 s; 16 left
    clock.now += 30  # nothing finishes, yet the line moves on (elapsed)
    progress.tick()
    assert "elapsed 42s" in out[-1]
    progress.end()
    assert out[-1] == "\n"


def test_without_a_terminal_plain_lines_come_periodically_not_per_answer():
    out, clock = [], Clock()
    progress = Progress(out.append, tty=False, interval_s=5, clock=clock)
    progress.begin({"local": 100})
    for i in range(100):
        clock.now += 0.5
        progress.done("local", str(i), failed=False, cached=i < 50)
    progress.end()
    assert all(line.endswith("\n") and "\r" not in line for line in out)
    assert 10 <= len(out) <= 13  # one line per 5 s of the 50 s, not one per answer
    assert "local 100/100" in out[-1] and "0 failed" in out[-1]
    assert "60.0/min" in out[-1]  # cached answers come at once: the rate counts the 50 real requests


def _models_file(tmp_path: Path, server: ChatServer) -> Path:
    path = tmp_path / "models.toml"
    path.write_text(f'[models.srv]\nname = "srv"\nmodel = "openai/test-model"\napi_base = "{server.url}"\n'
                    'api_key = "sk-test"\n')
    return path


def _command(tmp_path: Path, server: ChatServer, *args: str) -> list[str]:
    return [sys.executable, "-m", "pytest", str(REPO / "problems"), "-p", "no:cacheprovider",
            "--pareval-models=srv", f"--pareval-models-file={_models_file(tmp_path, server)}",
            f"--pareval-output={tmp_path / 'out'}", *args]


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(REPO)}


def test_plain_progress_lines_in_ci_and_under_xdist_only_the_controller_prints(tmp_path):
    with ChatServer(lambda body: Reply(content=PROSE, delay_s=0.5)) as server:
        result = subprocess.run(_command(tmp_path, server, "-k", "reduce", "-n", "2", "--pareval-concurrency=2"),
                                capture_output=True, text=True, env=_env(), cwd=tmp_path, timeout=300)
    lines = [line for line in result.stdout.splitlines() if line.startswith("pareval: answers")]
    assert lines, result.stdout[-3000:]
    assert "srv 10/10" in lines[-1] and "0 failed" in lines[-1], result.stdout[-4000:]
    assert "\r" not in result.stdout  # not a terminal: no redrawn line
    assert len(server.requests) == 10  # both workers fetch, each answer is asked once


def test_a_terminal_sees_the_live_line_move_while_answers_arrive(tmp_path):
    primary, secondary = os.openpty()
    with ChatServer(lambda body: Reply(content=PROSE, delay_s=1.0)) as server:
        proc = subprocess.Popen(_command(tmp_path, server, "-k", "reduce", "--pareval-concurrency=2"),
                                stdout=secondary, stderr=secondary, stdin=subprocess.DEVNULL, env=_env(),
                                cwd=tmp_path)
        os.close(secondary)
        output = b""
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline:
            ready, _, _ = select.select([primary], [], [], 1)
            if ready:
                try:
                    chunk = os.read(primary, 65536)
                except OSError:  # the child closed the terminal
                    break
                if not chunk:
                    break
                output += chunk
        proc.wait(timeout=60)
        os.close(primary)
    text = re.sub(r"\x1b\[[0-9;]*m", "", output.decode(errors="replace"))
    frames = re.findall(r"\rpareval: answers srv (\d+)/10", text)
    assert len(frames) >= 5, text[-3000:]  # redrawn in place, several times over the ~5 s of fetching
    assert frames[-1] == "10" and "ETA" in text


def test_ctrl_c_stops_fetching_at_once_keeps_answers_and_exits_interrupted(tmp_path):
    count = {"n": 0}

    def respond(body):
        count["n"] += 1
        return Reply(content=PROSE, delay_s=0.2 if count["n"] <= 4 else 150)  # then four hang in flight

    with ChatServer(respond) as server:
        proc = subprocess.Popen(_command(tmp_path, server, "-k", "reduce or scan", "--pareval-concurrency=4"),
                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=_env(), cwd=tmp_path)
        deadline = time.monotonic() + 120
        while len(server.requests) < 8 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert len(server.requests) == 8, proc.communicate(timeout=60)[0].decode()[-2000:]
        time.sleep(0.5)
        proc.send_signal(signal.SIGINT)
        interrupted = time.monotonic()
        output, _ = proc.communicate(timeout=120)
        stopped_after = time.monotonic() - interrupted
        time.sleep(1.5)
        asked = len(server.requests)
    assert proc.returncode == pytest.ExitCode.INTERRUPTED, output.decode()[-2000:]
    assert asked == 8  # nothing started after Ctrl-C (20 items were waiting)
    # The four requests hanging for 150 s were abandoned, not awaited (the margin is for a loaded machine).
    assert stopped_after < 60, output.decode()[-3000:]
    cached = list((tmp_path / "out" / "cache" / "responses").rglob("*.json"))
    assert len(cached) == 4  # every answer finished before Ctrl-C is kept
