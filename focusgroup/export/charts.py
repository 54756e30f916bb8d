"""Charts for the reports, drawn with matplotlib's Agg backend (no display needed) as PNG bytes; titles,
axis labels and legend in the language in force (``messages.export_report``)."""

from __future__ import annotations

import io
import textwrap

from focusgroup.export._stats import SENTIMENT_LABELS, ThemeStats
from focusgroup.export._text import code, num, t

SENTIMENT_COLORS = {"positiv": "#4c9f38", "neutral": "#b0b0b0", "negativ": "#c0392b"}
MAX_THEMES = 20  # more bars than this do not fit a page; the rest are in the tables


def _pyplot():
    import matplotlib

    matplotlib.use("Agg", force=False)
    import matplotlib.pyplot as plt

    return plt


def _labels(stats: list[ThemeStats]) -> list[str]:
    return [textwrap.shorten(s.theme.label, 45, placeholder="…") for s in stats]


def _largest(shown: int, total: int) -> str:
    """A second title line "De 20 største af 33 temaer" when a chart leaves themes out, else nothing."""
    return t("exp_c_largest", shown=num(shown), total=num(total)) if shown < total else ""


def _png(fig) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=150, bbox_inches="tight")
    _pyplot().close(fig)
    return buf.getvalue()


def prevalence_chart(stats: list[ThemeStats]) -> bytes:
    """Horizontal bars: share of the analysed quotes per theme, largest on top."""
    plt = _pyplot()
    shown = stats[:MAX_THEMES][::-1]
    fig, ax = plt.subplots(figsize=(7, 0.4 * len(shown) + 1.2))
    values = [100 * s.prevalence for s in shown]
    bars = ax.barh(_labels(shown), values, color="#3b6ea5")
    gap = 0.01 * max(values, default=1.0)  # beside the bar at any scale (a fixed 0.5 was 10 % of a 5 % axis)
    for bar, s in zip(bars, shown, strict=True):
        ax.text(bar.get_width() + gap, bar.get_y() + bar.get_height() / 2, num(s.size), va="center", fontsize=8)
    ax.set_xlabel(t("exp_c_prevalence_x"))
    ax.set_title(t("exp_c_prevalence_title") + _largest(len(shown), len(stats)))
    ax.spines[["top", "right"]].set_visible(False)
    return _png(fig)


def sentiment_chart(stats: list[ThemeStats]) -> bytes:
    """Stacked bars: positive, neutral and negative share of each theme's scored quotes."""
    plt = _pyplot()
    shown = [s for s in stats[:MAX_THEMES] if s.sentiment][::-1]
    fig, ax = plt.subplots(figsize=(7, 0.4 * max(len(shown), 1) + 1.4))
    left = [0.0] * len(shown)
    for label in SENTIMENT_LABELS:
        values = [100 * s.sentiment.get(label, 0.0) for s in shown]
        ax.barh(_labels(shown), values, left=left, color=SENTIMENT_COLORS[label], label=code("sentiment", label))
        left = [a + b for a, b in zip(left, values, strict=True)]
    ax.set_xlim(0, 100)
    ax.set_xlabel(t("exp_c_sentiment_x"))
    ax.set_title(t("exp_c_sentiment_title") + _largest(len(shown), len([s for s in stats if s.sentiment])))
    ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False)
    ax.spines[["top", "right"]].set_visible(False)
    return _png(fig)
