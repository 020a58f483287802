"""litellm's process-wide set-up, in one place that models.py and generate.py both import (neither imports
the other for it)."""
from __future__ import annotations

import os


def quiet_litellm() -> None:
    """Keep litellm offline and quiet: no price-map download at import, no telemetry, no banner lines."""
    os.environ["LITELLM_LOCAL_MODEL_COST_MAP"] = "True"
    os.environ.setdefault("LITELLM_TELEMETRY", "False")
    os.environ.setdefault("LITELLM_LOG", "ERROR")
