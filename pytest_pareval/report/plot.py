"""heatmap.png: overall success per model and domain (only where matplotlib is installed)."""
from __future__ import annotations

from pathlib import Path

import numpy as np


def write_heatmap(report: dict, path: Path) -> bool:
    """Overall success per model and domain as a PNG; False when matplotlib is not installed."""
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return False
    models, domains = report["models"], report["domains"]
    grid = np.array([[e["by_domain"].get(d, {}).get("overall_rate") for d in domains] for e in models],
                    dtype=float)
    fig, ax = plt.subplots(figsize=(1.0 + 0.7 * len(domains), 1.5 + 0.3 * len(models)))
    image = ax.imshow(grid * 100, vmin=0, vmax=100, cmap="viridis", aspect="auto")
    ax.set_xticks(range(len(domains)), domains, rotation=45, ha="right")
    ax.set_yticks(range(len(models)), [e["model"] for e in models])
    fig.colorbar(image, ax=ax, label="overall success (%)")
    ax.set_title("Overall success rate by domain")
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)
    return True
