"""Text a generated program controls (exception text, its stderr, the compiler's log of its code) is cleaned
here before it is stored or published (results.jsonl, report.md, JUnit XML): cut to a length, stripped of
control characters, and with every known secret replaced.

Secrets are the values of environment variables whose name says they are one (API keys, tokens,
passwords) and whatever the models file holds under such keys (``register_secret``).
"""
from __future__ import annotations

import os
import re

#: Variable or parameter names whose values are secrets.
SECRET_NAME = re.compile(r"KEY|TOKEN|SECRET|PASSW|CREDENTIAL|AUTH|COOKIE|SESSION", re.I)
#: ... except token counts (``max_tokens``, ``max_completion_tokens``): a sampling cap, not a secret.
TOKEN_COUNT = re.compile(r"^(max|min)_(\w+_)?tokens$", re.I)
#: Shorter values are too common to redact without mangling ordinary text.
MIN_SECRET_LENGTH = 8
REDACTED = "[redacted]"
#: Control characters other than newline and tab (terminal escapes, NULs, carriage returns).
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")

_registered: set[str] = set()


def register_secret(value: object) -> None:
    """Redact ``value`` from every cleaned text from now on (a models file's api_key, say)."""
    if isinstance(value, str) and len(value) >= MIN_SECRET_LENGTH:
        _registered.add(value)


def is_secret_name(name: str) -> bool:
    return bool(SECRET_NAME.search(name)) and not TOKEN_COUNT.match(name)


def known_secrets() -> list[str]:
    """Every value to redact, longest first (so a secret containing another is replaced whole)."""
    values = {v for k, v in os.environ.items() if is_secret_name(k) and len(v) >= MIN_SECRET_LENGTH}
    return sorted(values | _registered, key=len, reverse=True)


def clean(text: str | None, limit: int = 2000) -> str:
    """``text`` safe to publish: secrets replaced, control characters dropped, at most ``limit`` characters."""
    if not text:
        return ""
    text = str(text)[: limit * 4]  # bound the work; secrets are replaced before the final cut
    for secret in known_secrets():
        text = text.replace(secret, REDACTED)
    text = _CONTROL.sub("", text)
    return text if len(text) <= limit else text[: limit - 1] + "…"
