"""Charts for the printed report, drawn by matplotlib as SVG (text as outlines, so the
PDF needs no font of its own and Armenian labels look the same on every machine)."""

from __future__ import annotations

import functools
import io
from collections.abc import Sequence
from typing import Any

# Colours that stay apart in grey print too.
INK, ACCENT, GOOD, MUTED = "#1f4e79", "#c0504d", "#4f8a3c", "#9aa5b1"
FONT = ["DejaVu Sans"]  # matplotlib's own font: Latin, Armenian and the Swahili letters


@functools.cache
def _figure_class() -> Any:
    """matplotlib takes most of a second to import: only the PDF report pays for it,
    never the table, CSV or JSON report (as WeasyPrint, in kiosk.letters.pdf)."""
    import matplotlib

    matplotlib.rcParams.update({
        "svg.fonttype": "path", "svg.hashsalt": "kiosk-report", "font.family": FONT,
        "font.size": 8, "axes.spines.top": False, "axes.spines.right": False,
        "axes.edgecolor": MUTED, "xtick.color": "#333333", "ytick.color": "#333333"})
    from matplotlib.figure import Figure

    return Figure


def _svg(figure: Any) -> str:
    out = io.StringIO()
    figure.savefig(out, format="svg", bbox_inches="tight", metadata={"Date": None})
    return out.getvalue()


def hbars(labels: Sequence[str], values: Sequence[float], value_text: Sequence[str],
          colour: str = INK, width_in: float = 6.2) -> str:
    """Horizontal bars, largest first as given, each with its value written at its end."""
    figure = _figure_class()(figsize=(width_in, 0.32 * max(len(labels), 1) + 0.4))
    ax = figure.add_subplot()
    positions = list(range(len(labels)))
    ax.barh(positions, values, color=colour, height=0.6)
    ax.set_yticks(positions, labels=list(labels))
    ax.invert_yaxis()
    ax.xaxis.set_visible(False)
    ax.spines["bottom"].set_visible(False)
    top = max(values, default=0) or 1
    for y, (value, text) in enumerate(zip(values, value_text, strict=True)):
        ax.text(value + top * 0.01, y, text, va="center", fontsize=7.5)
    ax.set_xlim(0, top * 1.18)
    return _svg(figure)


def columns(labels: Sequence[str], values: Sequence[float], colours: Sequence[str] | str = INK,
            width_in: float = 6.2, height_in: float = 1.9, every: int = 1) -> str:
    """Vertical columns with their labels under them (every ``every``-th one shown, for a
    long row of weeks), counts on top."""
    figure = _figure_class()(figsize=(width_in, height_in))
    ax = figure.add_subplot()
    positions = list(range(len(labels)))
    ax.bar(positions, values, color=colours, width=0.7)
    shown = [label if i % every == 0 else "" for i, label in enumerate(labels)]
    crowded = sum(len(label) + 2 for label in shown) > width_in * 11  # ~11 letters an inch
    ax.set_xticks(positions, labels=shown, rotation=45 if crowded else 0,
                  ha="right" if crowded else "center")
    ax.yaxis.set_visible(False)
    ax.spines["left"].set_visible(False)
    top = max(values, default=0) or 1
    for x, value in enumerate(values):
        if value:
            ax.text(x, value + top * 0.02, f"{value:g}", ha="center", fontsize=7)
    ax.set_ylim(0, top * 1.2)
    return _svg(figure)
