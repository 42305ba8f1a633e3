"""Charts of the dashboard and the reports: a `Table` in, an SVG or PNG image out.

Each chart is drawn on a `matplotlib.figure.Figure` of its own, never through pyplot, so requests served in
parallel share no drawing state. Text uses the Noto fonts as a fallback list, so Latin, Chinese and Arabic labels
render on the server (matplotlib shapes Arabic itself); SVG text is drawn as paths, so readers need no fonts.
"""

from __future__ import annotations

import io
import textwrap
import unicodedata
from collections.abc import Mapping, Sequence
from decimal import Decimal

from matplotlib import colormaps
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import to_rgb
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.patches import Rectangle
from matplotlib.text import Text
from matplotlib.ticker import MaxNLocator

from uprtrack.reporting.figures import TOTAL, Table

FONTS = ["Noto Sans", "Noto Sans CJK SC", "Noto Sans Arabic"]
WIDTH = 6.4  # inches: about 615 px at 96 dpi, a panel on a laptop
NARROW = 3.7  # inches: about 355 px, a phone's width, so that its text is not shrunk
FONT_SIZE = 10
INK, MUTED, GRID = "#1b2733", "#4a5866", "#d5dde5"
# Okabe-Ito: told apart by people with colour-blindness, for columns that have no colour of their own.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")


def render(figure: Figure, fmt: str = "svg", description: str = "") -> bytes:
    """Return the figure as SVG or PNG bytes; the description goes into the file's metadata."""
    for text in figure.findobj(Text):
        text.set_fontfamily(FONTS)
    buffer = io.BytesIO()
    if fmt == "svg":
        figure.savefig(
            buffer, format="svg", metadata={"Description": description or None, "Date": None}
        )
    elif fmt == "png":
        figure.savefig(buffer, format="png", dpi=150, metadata={"Description": description or None})
    else:
        raise ValueError(fmt)
    return buffer.getvalue()


def stacked_bars(
    table: Table,
    colours: Mapping[str, str],
    value_label: str,
    width: float = WIDTH,
    limit: int | None = None,
) -> Figure:
    """Draw one horizontal bar per row, split into the columns that have a colour (a status each).

    With a limit, only that many rows with the largest totals are drawn, largest first (the table keeps them all).
    """
    columns = [(i, key) for i, key in enumerate(table.keys) if key in colours]
    rows = table.rows
    if not rows:
        return empty(table.caption, width)
    if limit is not None and len(rows) > limit:
        rows = sorted(rows, key=lambda row: -sum(_number(row[1][i]) for i, _key in columns))[:limit]
    figure, ax = _figure(width, 0.9 + 0.42 * len(rows) + 0.25 * _legend_lines(len(columns), width))
    labels = [shorten(label, _label_width(width)) for label, _values in rows]
    positions = list(range(len(rows)))
    left = [0.0] * len(rows)
    widest = max(sum(_number(values[i]) for i, _key in columns) for _label, values in rows) or 1
    for i, key in columns:
        widths = [_number(values[i]) for _label, values in rows]
        bars = ax.barh(
            positions,
            widths,
            left=left,
            color=colours[key],
            label=table.header[i + 1],
            height=0.7,
            edgecolor="white",
            linewidth=0.6,
        )
        for bar, value in zip(bars, widths, strict=False):
            if (
                value and value / widest >= 0.06
            ):  # a count is written only where it fits inside its segment
                ax.text(
                    bar.get_x() + value / 2,
                    bar.get_y() + bar.get_height() / 2,
                    _format(value),
                    ha="center",
                    va="center",
                    fontsize=FONT_SIZE - 1,
                    color=_ink_on(colours[key]),
                )
        left = [a + b for a, b in zip(left, widths, strict=False)]
    ax.set_yticks(positions, labels)
    ax.invert_yaxis()  # the first row on top, as in the table after the chart
    ax.set_xlabel(value_label, color=MUTED)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.grid(axis="x", color=GRID, linewidth=0.8)
    _legend(figure, ax, len(columns), width)
    _finish(figure, ax)
    return figure


def stacked_area(
    table: Table, colours: Mapping[str, str], value_label: str, width: float = WIDTH
) -> Figure:
    """Draw the columns that have a colour as stacked areas over the rows, read as periods in order."""
    columns = [(i, key) for i, key in enumerate(table.keys) if key in colours]
    rows = table.rows
    if not rows:
        return empty(table.caption, width)
    figure, ax = _figure(width, 3.4 + 0.25 * _legend_lines(len(columns), width))
    x = list(range(len(rows)))
    series = [[_number(values[i]) for _label, values in rows] for i, _key in columns]
    if len(rows) == 1:  # one period: widen it into a band so that it shows as an area
        x, series = [-0.4, 0.4], [[s[0], s[0]] for s in series]
    ax.stackplot(
        x,
        *series,
        colors=[colours[key] for _i, key in columns],
        labels=[table.header[i + 1] for i, _key in columns],
        edgecolor="white",
        linewidth=0.6,
    )
    most = 8 if width >= 5 else 4  # period labels that fit side by side
    step = max(1, -(-len(rows) // most))
    ticks = list(range(0, len(rows), step))
    ax.set_xticks(ticks, [rows[t][0] for t in ticks])
    ax.set_xlim(min(x), max(x))
    ax.set_ylabel(value_label, color=MUTED)
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.grid(axis="y", color=GRID, linewidth=0.8)
    _legend(figure, ax, len(columns), width)
    _finish(figure, ax)
    ax.set_axisbelow(False)  # the grid over the areas, to read the levels
    return figure


def grouped_bars(
    table: Table,
    value_label: str,
    only: Sequence[str] = (),
    colours: Mapping[str, str] | None = None,
    width: float = WIDTH,
) -> Figure:
    """Draw, for each row, one horizontal bar per value column: those in `only` if given, else all but a total
    (columns of another unit, such as amounts, are left to the table)."""
    columns = [
        (i, key)
        for i, key in enumerate(table.keys or table.header[1:])
        if (key in only if only else key != TOTAL)
    ]
    rows = table.rows
    if not rows or not columns:
        return empty(table.caption, width)
    figure, ax = _figure(
        width,
        0.9 + (0.22 * len(columns) + 0.25) * len(rows) + 0.25 * _legend_lines(len(columns), width),
    )
    band = 0.8 / len(columns)
    for n, (i, key) in enumerate(columns):
        colour = (colours or {}).get(key, PALETTE[n % len(PALETTE)])
        positions = [r - 0.4 + band * (n + 0.5) for r in range(len(rows))]
        widths = [_number(values[i]) for _label, values in rows]
        bars = ax.barh(
            positions, widths, height=band * 0.92, color=colour, label=table.header[i + 1]
        )
        ax.bar_label(
            bars,
            labels=[_format(w) if w else "" for w in widths],
            padding=2,
            fontsize=FONT_SIZE - 1,
            color=INK,
        )
    ax.set_yticks(
        range(len(rows)), [shorten(label, _label_width(width)) for label, _values in rows]
    )
    ax.invert_yaxis()
    ax.set_xlabel(value_label, color=MUTED)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.margins(x=0.12)  # room for the counts written after the bars
    ax.grid(axis="x", color=GRID, linewidth=0.8)
    _legend(figure, ax, len(columns), width)
    _finish(figure, ax)
    return figure


def heat_map(
    table: Table,
    row_label: str,
    column_label: str,
    muted: tuple[str, ...] = (),
    width: float = WIDTH,
) -> Figure:
    """Draw the table as a grid of cells shaded by their count, each count written in its cell.

    Columns whose key is in `muted` (such as "not assessed") are shaded in grey on a scale of their own, so that
    they do not wash out the others. On a narrow chart the column labels stand upright.
    """
    columns = [(i, key) for i, key in enumerate(table.keys or table.header[1:]) if key != TOTAL]
    rows = table.rows
    if not rows or not columns:
        return empty(table.caption, width)
    values = [[_number(row_values[i]) for i, _key in columns] for _label, row_values in rows]

    def highest(keep) -> float:
        return (
            max(
                (line[c] for line in values for c, (_i, key) in enumerate(columns) if keep(key)),
                default=0,
            )
            or 1
        )

    scales = {
        False: (colormaps["Blues"], highest(lambda k: k not in muted), 0.8),
        True: (colormaps["Greys"], highest(lambda k: k in muted), 0.5),
    }
    upright = width < 5
    figure, ax = _figure(width, (2.6 if upright else 1.6) + 0.42 * len(rows))
    for r, line in enumerate(values):
        for c, value in enumerate(line):
            cmap, top, depth = scales[columns[c][1] in muted]
            fill = cmap(0.04 + value / top * depth)
            ax.add_patch(
                Rectangle((c - 0.5, r - 0.5), 1, 1, facecolor=fill, edgecolor="white", linewidth=2)
            )
            ax.text(
                c,
                r,
                _format(value),
                ha="center",
                va="center",
                fontsize=FONT_SIZE - (1 if upright else 0),
                color=_ink_on(fill),
            )
    ax.set_xlim(-0.5, len(columns) - 0.5)
    ax.set_ylim(len(rows) - 0.5, -0.5)  # the first row on top
    column_labels = [
        shorten(table.header[i + 1], 22 if upright else 11, lines=1 if upright else 3)
        for i, _key in columns
    ]
    ax.set_xticks(range(len(columns)), column_labels, rotation=90 if upright else 0)
    ax.set_yticks(
        range(len(rows)), [shorten(label, 14 if upright else 24) for label, _values in rows]
    )
    ax.xaxis.tick_top()
    ax.xaxis.set_label_position("top")
    ax.tick_params(length=0)
    ax.tick_params(axis="x", labelsize=FONT_SIZE - 1.5)
    ax.set_xlabel(column_label, color=MUTED, labelpad=8)
    ax.set_ylabel(row_label, color=MUTED)
    for spine in ax.spines.values():
        spine.set_visible(False)
    figure.set_layout_engine("constrained")
    return figure


def empty(message: str, width: float = WIDTH) -> Figure:
    """Draw a small image that says there is nothing to show."""
    figure = Figure(figsize=(width, 1.2), facecolor="white")
    FigureCanvasAgg(figure)
    figure.text(
        0.5, 0.5, message, ha="center", va="center", color=MUTED, fontsize=FONT_SIZE + 1, wrap=True
    )
    return figure


def shorten(label: str, width: int, lines: int = 2) -> str:
    """Wrap a label to lines of about `width` columns (Chinese characters count two); end a cut label with '…'."""
    label = " ".join(str(label).split())
    wrapped = _wrap(label, width)
    if len(wrapped) <= lines:
        return "\n".join(wrapped)
    kept = wrapped[:lines]
    last = kept[-1]
    while _columns(last) > width - 1 and len(last) > 1:
        last = last[:-1]
    return "\n".join([*kept[:-1], last.rstrip() + "…"])


def _wrap(label: str, width: int) -> list[str]:
    if _columns(label) == len(label):
        return textwrap.wrap(label, width, break_on_hyphens=True) or [""]
    # Scripts written without spaces (Chinese) are broken between characters, measured in display columns.
    lines, line = [], ""
    for char in label:
        if _columns(line + char) > width and line:
            lines.append(line.rstrip())
            line = "" if char == " " else char
        else:
            line += char
    return [*lines, line] if line else lines or [""]


def _columns(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _figure(width: float, height: float) -> tuple[Figure, object]:
    figure = Figure(figsize=(width, height), facecolor="white")
    FigureCanvasAgg(figure)
    ax = figure.add_subplot()
    ax.tick_params(labelsize=FONT_SIZE, labelcolor=INK, labelfontfamily=FONTS, color=GRID)
    return figure, ax


def _label_width(width: float) -> int:
    """Columns of text a row label may take on a chart of this width."""
    return 26 if width >= 5 else 16


def _legend_columns(width: float) -> int:
    return 3 if width >= 5 else 2


def _legend_lines(count: int, width: float) -> int:
    return -(-count // _legend_columns(width))


def _legend(figure: Figure, ax, count: int, width: float) -> None:
    """Put the legend above the plot, across the whole figure, in the columns' order."""
    handles, labels = ax.get_legend_handles_labels()
    figure.legend(
        handles,
        labels,
        loc="outside upper center",
        ncols=min(count, _legend_columns(width)),
        frameon=False,
        prop=FontProperties(family=FONTS, size=FONT_SIZE),
        handlelength=1.2,
        columnspacing=1.4,
    )


def _finish(figure: Figure, ax) -> None:
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    for side in ("left", "bottom"):
        ax.spines[side].set_color(GRID)
    ax.set_axisbelow(True)
    figure.set_layout_engine("constrained")


def _number(value) -> float:
    if value is None or value == "":
        return 0.0
    return float(value) if isinstance(value, (int, float, Decimal)) else float(str(value))


def _format(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"


def _ink_on(colour) -> str:
    """Choose dark or white text for a fill: whichever contrasts more with it (WCAG relative luminance)."""

    def luminance(rgb) -> float:
        r, g, b = (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb)
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    fill, ink = luminance(to_rgb(colour)), luminance(to_rgb(INK))
    return INK if (fill + 0.05) / (ink + 0.05) >= 1.05 / (fill + 0.05) else "white"
