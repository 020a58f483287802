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


def screenshot(page: Path, out: Path, *, width: int = 1280, height: int = 800, timeout: float = 120) -> Path:
    """A PNG of the first screen of ``page`` (``width`` x ``height``), as a person opening it sees it."""
    browser = find_chromium()
    if browser is None:
        raise RuntimeError("no Chromium found")
    with tempfile.TemporaryDirectory(prefix="pareval-chromium-") as profile:
        done = subprocess.run([browser, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                               "--hide-scrollbars", f"--window-size={width},{height}",
                               f"--user-data-dir={profile}/profile", f"--screenshot={out}",
                               Path(page).resolve().as_uri()],
                              capture_output=True, text=True, timeout=timeout, check=False)
    if done.returncode != 0 or not out.exists():
        raise RuntimeError(f"chromium exited with {done.returncode}: {done.stderr[-2000:]}")
    return out


def png_pixels(path: Path) -> tuple[int, int, list[bytes]]:
    """(width, height, rows of RGB(A) bytes) of an 8-bit RGB or RGBA, non-interlaced PNG (Chromium's)."""
    import struct
    import zlib

    data = Path(path).read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, idat, header = 8, b"", None
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    width, height, depth, colour, _, _, interlace = header
    assert depth == 8 and colour in (2, 6) and not interlace, header
    bpp = 3 if colour == 2 else 4
    raw, stride, rows, previous = zlib.decompress(idat), width * bpp, [], bytearray(width * bpp)
    for y in range(height):
        kind, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            left = line[i - bpp] if i >= bpp else 0
            up, corner = previous[i], previous[i - bpp] if i >= bpp else 0
            if kind == 1:
                line[i] = (line[i] + left) & 255
            elif kind == 2:
                line[i] = (line[i] + up) & 255
            elif kind == 3:
                line[i] = (line[i] + (left + up) // 2) & 255
            elif kind == 4:
                p = left + up - corner
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
                line[i] = (line[i] + (left if pa <= pb and pa <= pc else up if pb <= pc else corner)) & 255
        rows.append(bytes(line) if bpp == 3 else bytes(b for j in range(0, stride, 4) for b in line[j:j + 3]))
        previous = line
    return width, height, rows
