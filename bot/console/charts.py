"""Server-rendered SVG charts: no script, no CDN, printable, and countable in tests.

Each bar is a `<rect class="bar …">` and each point of a line a `<circle class="point">`;
the SVG scales to its container (viewBox + width 100%), so 375 px phones never scroll.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

WIDTH = 340
HEIGHT = 180
MARGIN_TOP = 16
MARGIN_BOTTOM = 36
MARGIN_LEFT = 28


@dataclass(frozen=True, slots=True)
class Bar:
    label: str
    value: float
    css: str = ""


def _svg(body: list[str], title: str) -> Markup:
    head = (
        f'<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'xmlns="http://www.w3.org/2000/svg" preserveAspectRatio="xMidYMid meet">'
        f"<title>{escape(title)}</title>"
    )
    return Markup(head + "".join(body) + "</svg>")


def bar_chart(bars: Sequence[Bar], title: str) -> Markup:
    """Vertical bars with their value above and label below."""
    plot_height = HEIGHT - MARGIN_TOP - MARGIN_BOTTOM
    top = max((bar.value for bar in bars), default=0) or 1
    slot = (WIDTH - MARGIN_LEFT) / max(len(bars), 1)
    width = slot * 0.6
    body = [_axis(plot_height)]
    for index, bar in enumerate(bars):
        height = plot_height * bar.value / top
        x = MARGIN_LEFT + index * slot + (slot - width) / 2
        y = MARGIN_TOP + plot_height - height
        centre = x + width / 2
        body.append(
            f'<rect class="bar {escape(bar.css)}" x="{x:.1f}" y="{y:.1f}" '
            f'width="{width:.1f}" height="{height:.1f}"><title>{escape(bar.label)} '
            f"{_number(bar.value)}</title></rect>"
            f'<text class="value" x="{centre:.1f}" y="{y - 3:.1f}">{_number(bar.value)}</text>'
            f'<text class="label" x="{centre:.1f}" y="{HEIGHT - MARGIN_BOTTOM + 14}">'
            f"{escape(bar.label)}</text>"
        )
    return _svg(body, title)


def line_chart(points: Sequence[tuple[str, float | None]], title: str) -> Markup:
    """A 0–100 % line; a point without a value (nothing due that quarter) breaks the line."""
    plot_height = HEIGHT - MARGIN_TOP - MARGIN_BOTTOM
    slot = (WIDTH - MARGIN_LEFT) / max(len(points), 1)
    body = [_axis(plot_height), _grid(plot_height, 1.0, "100%"), _grid(plot_height, 0.5, "50%")]
    segments: list[list[str]] = [[]]
    for index, (label, value) in enumerate(points):
        x = MARGIN_LEFT + index * slot + slot / 2
        if index % max(1, len(points) // 6) == 0 or index == len(points) - 1:
            body.append(
                f'<text class="label" x="{x:.1f}" y="{HEIGHT - MARGIN_BOTTOM + 14}">'
                f"{escape(label)}</text>"
            )
        if value is None:
            segments.append([])
            continue
        y = MARGIN_TOP + plot_height * (1 - value)
        segments[-1].append(f"{x:.1f},{y:.1f}")
        body.append(
            f'<circle class="point" cx="{x:.1f}" cy="{y:.1f}" r="3">'
            f"<title>{escape(label)} {value:.0%}</title></circle>"
        )
    for segment in segments:
        if len(segment) > 1:
            body.insert(1, f'<polyline class="line" points="{" ".join(segment)}"/>')
    return _svg(body, title)


def _axis(plot_height: float) -> str:
    bottom = MARGIN_TOP + plot_height
    return f'<line class="axis" x1="{MARGIN_LEFT}" y1="{bottom}" x2="{WIDTH}" y2="{bottom}"/>'


def _grid(plot_height: float, share: float, label: str) -> str:
    y = MARGIN_TOP + plot_height * (1 - share)
    return (
        f'<line class="grid" x1="{MARGIN_LEFT}" y1="{y:.1f}" x2="{WIDTH}" y2="{y:.1f}"/>'
        f'<text class="tick" x="{MARGIN_LEFT - 2}" y="{y + 3:.1f}">{label}</text>'
    )


def _number(value: float) -> str:
    return f"{value:g}"
