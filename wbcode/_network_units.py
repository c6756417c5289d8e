"""The units of a network diagram, the text on and under them, and the layer titles.

:func:`draw_layer` draws one layer of a :class:`~wbcode._network_checks.Network`
placed by :func:`~wbcode._network_layout.layout`: a circle per unit (greyed
out, dashed and crossed when dropped) with its label and its value, the
layer's bias unit (a square labelled 1) and its title. :func:`fonts` chooses
the font sizes, legible at the figure's width (:func:`wbcode.style.legible_size`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from matplotlib.axes import Axes
from matplotlib.lines import Line2D
from matplotlib.patches import Circle, Rectangle

from ._format import Fmt
from ._network_checks import Network
from ._network_edges import format_weight
from ._network_layout import DX, Layout, R
from .style import _has_scripts, legible_size

__all__ = ["Fonts", "draw_layer", "fonts"]


@dataclass(frozen=True)
class Fonts:
    """Font sizes (points) of unit labels, values and layer titles."""

    unit: float
    value: float
    layer_title: float


def _legible(size: float, width: float, texts: Sequence[str]) -> float:
    """``size``, or larger if text of a figure ``width`` inches wide would show too small."""
    return legible_size(size, width, script=any(_has_scripts(t) for t in texts))


def fonts(
    names: Sequence[Sequence[str]],
    layer_titles: Sequence[str] | None,
    width: float,
    *,
    unit: float,
    text: float,
) -> Fonts:
    """Sizes ``unit`` (labels) and ``text`` (values, titles), raised for a wide figure.

    A label set with a sub- or superscript is sized so that its script stays legible.
    """
    labels = [n for layer in names for n in layer] + ["$1$"]
    return Fonts(
        unit=_legible(unit, width, labels),
        value=_legible(text, width, []),
        layer_title=_legible(text, width, layer_titles or []),
    )


def draw_layer(
    ax: Axes,
    net: Network,
    lay: Layout,
    layer: int,
    names: Sequence[str],
    *,
    fmt: Fmt,
    fonts: Fonts,
    palette: Mapping[str, str],
) -> None:
    """Draw the units of ``layer``, its bias unit (if it feeds one) and its title (if any)."""
    _draw_units(ax, net, lay, layer, names, fmt, fonts, palette)
    if lay.has_bias[layer]:
        _draw_bias_unit(ax, lay.bias_pos[layer], layer, fonts.unit, palette)
    if net.layer_titles is not None:
        _draw_layer_title(ax, lay, layer, net.layer_titles[layer], fonts.layer_title, palette)


def _draw_units(
    ax: Axes,
    net: Network,
    lay: Layout,
    layer: int,
    names: Sequence[str],
    fmt: Fmt,
    fonts: Fonts,
    palette: Mapping[str, str],
) -> None:
    """The units of one layer: a circle each (grey and crossed if dropped), label and value."""
    role = "input" if layer == 0 else "output" if layer == len(net.sizes) - 1 else "hidden"
    ink, grey = palette["ink"], palette["dropped"]
    for i, (x, y) in enumerate(lay.pos[layer]):
        dropped = net.kept[layer][i] == 0
        ax.add_patch(
            Circle(
                (x, y),
                R,
                facecolor=palette["dropped_fill"] if dropped else palette[role],
                edgecolor=grey if dropped else ink,
                lw=1.0 if dropped else 1.4,
                ls=(0, (3, 2)) if dropped else "-",
                zorder=4,
                gid=f"unit:{layer}:{i}",
            )
        )
        if dropped:
            c = R * 0.72
            for sx in (1, -1):
                ax.add_line(
                    Line2D([x - c, x + c], [y - sx * c, y + sx * c], color=grey, lw=1.0, zorder=5)
                )
        text_color = "#777777" if dropped else "black"
        ax.text(
            x,
            y,
            names[i],
            ha="center",
            va="center",
            fontsize=fonts.unit,
            color=text_color,
            zorder=6,
            gid=f"label:{layer}:{i}",
        )
        v = net.values[layer]
        if v is not None:
            ax.text(
                x,
                y - R - 0.08,
                "= " + format_weight(fmt, float(v[i])),
                ha="center",
                va="top",
                fontsize=fonts.value,
                color=text_color,
                zorder=6,
                gid=f"value:{layer}:{i}",
                bbox={"boxstyle": "round,pad=0.1", "fc": "white", "ec": "none", "alpha": 0.92},
            )


def _draw_bias_unit(
    ax: Axes, at: tuple[float, float], layer: int, fontsize: float, palette: Mapping[str, str]
) -> None:
    """The bias unit of ``layer``: a yellow square labelled 1."""
    x, y = at
    s = 1.7 * R
    ax.add_patch(
        Rectangle(
            (x - s / 2, y - s / 2),
            s,
            s,
            facecolor=palette["bias"],
            edgecolor=palette["ink"],
            lw=1.4,
            zorder=4,
            gid=f"bias:{layer}",
        )
    )
    ax.text(x, y, "$1$", ha="center", va="center", fontsize=fontsize, zorder=6)


def _draw_layer_title(
    ax: Axes, lay: Layout, layer: int, text: str, fontsize: float, palette: Mapping[str, str]
) -> None:
    ax.text(
        layer * DX,
        lay.y_lo + 0.15,
        text,
        ha="center",
        va="bottom",
        fontsize=fontsize,
        color=palette["ink"],
    )
