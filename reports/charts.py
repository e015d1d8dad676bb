"""The geometry of the dashboard's charts, drawn server-side as inline SVG by the templates.

No JavaScript and no style attributes (the CSP): coordinates and presentation attributes only, the
colours in portal.css by class. Every chart prints its numbers next to the marks and patterns tell
the series apart, so none depends on colour; each also comes with its numbers as a table.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.utils import formats

from reports.dashboard import TimelinePoint

WIDTH = 560
HEIGHT = 260
LEFT, RIGHT, TOP, BOTTOM = 40, 56, 16, 36


@dataclass
class Tick:
    x: float
    y: float
    label: str


def timeline_chart(points: list[TimelinePoint], due: date) -> dict[str, Any]:
    """A step line of the response rate (0–100 %) per day, a marked due date and today's value."""
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    start = points[0].day
    end = max(points[-1].day, due)
    span = max((end - start).days, 1)

    def x(day: date) -> float:
        return round(LEFT + plot_w * (day - start).days / span, 1)

    def y(rate: float | None) -> float:
        return round(TOP + plot_h * (1 - (rate or 0) / 100), 1)

    path = []
    previous_y = None
    for p in points:
        px, py = x(p.day), y(p.rate)
        if previous_y is None:
            path.append(f"M{px},{py}")
        else:
            path.append(f"H{px}V{py}")
        previous_y = py
    y_ticks = [Tick(x=LEFT - 6, y=y(v), label=f"{v}%") for v in (0, 25, 50, 75, 100)]
    step = max(span // 6, 1)
    x_ticks = []
    for i in range(0, span + 1, step):
        day = start.fromordinal(start.toordinal() + i)
        x_ticks.append(Tick(x=x(day), y=HEIGHT - BOTTOM + 18, label=formats.date_format(day, "j M")))
    last = points[-1]
    return {
        "width": WIDTH,
        "height": HEIGHT,
        "left": LEFT,
        "right": WIDTH - RIGHT,
        "top": TOP,
        "bottom": HEIGHT - BOTTOM,
        "path": "".join(path),
        "y_ticks": y_ticks,
        "x_ticks": x_ticks,
        "due_x": x(due),
        "last_x": x(last.day),
        "last_y": y(last.rate),
        "last": last,
    }


BAR_H = 30
BAR_GAP = 16
BAR_LEFT = 100
BAR_W = 480


def smelter_chart(by_metal: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """One stacked bar per metal: Conformant, Active, the rest; each segment labelled with its number."""
    widest = max((m["total"] for m in by_metal.values()), default=0) or 1
    bars = []
    for i, (metal, m) in enumerate(by_metal.items()):
        y = 10 + i * (BAR_H + BAR_GAP)
        x = float(BAR_LEFT)
        segments = []
        for kind in ("conformant", "active", "other"):
            w = round(BAR_W * m[kind] / widest, 1)
            segments.append({"kind": kind, "x": x, "w": w, "n": m[kind], "mid": round(x + w / 2, 1)})
            x += w
        bars.append({"metal": metal, "y": y, "text_y": y + BAR_H / 2 + 5, "segments": segments, "end": x, "m": m})
    return {
        "width": BAR_LEFT + BAR_W + 130,
        "height": 10 + len(bars) * (BAR_H + BAR_GAP),
        "bar_h": BAR_H,
        "label_x": BAR_LEFT - 8,
        "bars": bars,
    }


FUNNEL_W = 300


def funnel_chart(steps: list[dict[str, Any]]) -> dict[str, Any]:
    """One bar per step of the funnel, as wide as its share of the requested, with count and share."""
    bars = []
    for i, step in enumerate(steps):
        y = 10 + i * (BAR_H + BAR_GAP)
        w = round(FUNNEL_W * (step["pct"] or 0) / 100, 1)
        bars.append({**step, "y": y, "text_y": y + BAR_H / 2 + 5, "w": w, "end": BAR_LEFT + 40 + w})
    return {
        "width": BAR_LEFT + 40 + FUNNEL_W + 110,
        "height": 10 + len(bars) * (BAR_H + BAR_GAP),
        "bar_h": BAR_H,
        "x": BAR_LEFT + 40,
        "label_x": BAR_LEFT + 32,
        "bars": bars,
    }
