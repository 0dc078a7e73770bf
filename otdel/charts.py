"""Charts drawn on the server as SVG: they print, need no script, and show the same numbers as
the tables beside them."""

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from otdel.numbers import whole


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    css: str
    title: str


@dataclass
class BarChart:
    width: int
    height: int
    bars: list[Bar] = field(default_factory=list)
    labels: list[tuple[float, str]] = field(default_factory=list)  # x of the middle, text
    legend: list[tuple[str, str]] = field(default_factory=list)  # css class, name
    top: str = ""  # the value of the highest bar, written at the axis


AXIS = 16  # room for the labels under the bars


def grouped_bars(
    labels: Sequence[str],
    series: Sequence[tuple[str, str, Sequence[Decimal]]],
    *,
    height: int = 160,
    group: int = 36,
) -> BarChart:
    """Bars side by side for each label (plan and fact of a week, say), scaled to the highest."""
    highest = max((v for _n, _c, values in series for v in values), default=Decimal(0))
    scale = (height - AXIS - 4) / float(highest) if highest > 0 else 0.0
    chart = BarChart(
        width=max(len(labels) * group, group),
        height=height,
        legend=[(css, name) for name, css, _v in series],
        top=whole(highest),
    )
    width = (group - 6) / max(len(series), 1)
    for n, text in enumerate(labels):
        chart.labels.append((n * group + group / 2, text))
        for k, (name, css, values) in enumerate(series):
            value = values[n]
            bar_height = max(float(value) * scale, 0.0)
            chart.bars.append(
                Bar(
                    x=n * group + 3 + k * width,
                    y=height - AXIS - bar_height,
                    width=width - 1,
                    height=bar_height,
                    css=css,
                    title=f"{text} · {name}: {whole(value)}",
                )
            )
    return chart


def shares(items: Sequence[tuple[object, Decimal]]) -> list[tuple[object, Decimal, int]]:
    """(label, value, % of the largest) for bars drawn as widths."""
    largest = max((v for _l, v in items), default=Decimal(0))
    return [
        (label, value, int(value * 100 / largest) if largest > 0 else 0) for label, value in items
    ]
