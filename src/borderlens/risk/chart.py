"""The backtest as a picture: each score against the inspection rate, one line per policy."""

from __future__ import annotations

from pathlib import Path

from borderlens.risk.metrics import RATES

PANELS = (
    ("precision", "precision (share of inspections that find fraud)"),
    ("recall", "recall (share of frauds found)"),
    ("revenue", "revenue captured (share of duty at stake)"),
    ("critical", "critical-fraud recall"),
)
STYLES = {
    "default": ("#1b6ca8", "-"),
    "probability": ("#2a9d8f", "--"),
    "revenue": ("#e9a23b", "--"),
    "random": ("#8d8d8d", ":"),
}


def backtest_chart(policies: dict[str, dict[str, float]], path: Path, title: str) -> Path:
    """Draw four panels (precision, recall, revenue, critical recall) to a PNG at ``path``."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot as plt

    figure, axes = plt.subplots(2, 2, figsize=(10, 7.5), sharex=True)
    for axis, (metric, label) in zip(axes.flat, PANELS, strict=True):
        for name, scores in policies.items():
            colour, line = STYLES.get(name, ("black", "-"))
            values = [scores[f"{metric}@{rate}"] for rate in RATES]
            axis.plot(RATES, values, line, marker="o", color=colour, label=name, linewidth=2)
        axis.set_title(label, fontsize=10)
        axis.set_ylim(0, 1.02)
        axis.set_xticks(RATES, [f"{rate}%" for rate in RATES])
        axis.grid(alpha=0.3)
    for axis in axes[1]:
        axis.set_xlabel("inspection rate (share of declarations inspected)")
    axes[0][0].legend(loc="lower left", fontsize=9)
    figure.suptitle(title)
    figure.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(path, dpi=110)
    plt.close(figure)
    return path
