"""A headless Chromium for the HTML report's tests and benchmark: load a page from disk, let its scripts
run (plus an optional probe script that acts as a person would: clicks, filters) and return the DOM."""
from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


def find_chromium() -> str | None:
    """The browser to use: $PAREVAL_CHROMIUM, else the first of NAMES on PATH."""
    chosen = os.environ.get("PAREVAL_CHROMIUM")
    return chosen if chosen else next((path for path in map(shutil.which, NAMES) if path), None)


def dump_dom(page: Path, probe: str | None = None, *, timeout: float = 120) -> str:
    """The DOM of ``page`` once its scripts (and ``probe``, run after them) have run."""
    browser = find_chromium()
    if browser is None:
        raise RuntimeError("no Chromium found")
    with tempfile.TemporaryDirectory(prefix="pareval-chromium-") as profile:
        if probe is not None:
            text = Path(page).read_text(encoding="utf-8")
            page = Path(profile) / "probed.html"
            page.write_text(text.replace("</body>", f"<script>{probe}</script></body>"), encoding="utf-8")
        # --no-sandbox: Chromium refuses to start as root with its own sandbox; the page is our own.
        done = subprocess.run([browser, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                               f"--user-data-dir={profile}/profile", "--dump-dom", Path(page).resolve().as_uri()],
                              capture_output=True, text=True, timeout=timeout, check=False)
    if done.returncode != 0 or "<html" not in done.stdout:
        raise RuntimeError(f"chromium exited with {done.returncode}: {done.stderr[-2000:]}")
    return done.stdout
