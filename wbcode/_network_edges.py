"""The edges of a network diagram and the weight written on each.

An edge runs from the outline of its source unit to the outline of its target
unit. It is coloured by the sign of its weight (or dark grey), and drawn
dashed and faint when either end is a dropped unit. Its weight label is
placed by :func:`wbcode._network_layout.place_labels`.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
from matplotlib.axes import Axes
from matplotlib.lines import Line2D

from ._format import Fmt, apply_fmt
from ._network_checks import Network
from ._network_layout import Layout, Point, R, Segment, place_labels
from .style import _has_scripts, legible_size

__all__ = ["draw_edges", "format_weight"]

#: A source of one edge: its name in the gid ("b" for the bias unit), position,
#: whether it is dropped, and the weight (None: no label).
_Source = tuple[str, Point, bool, float | None]


def format_weight(fmt: Fmt, value: float) -> str:
    """Write a weight or a value with ``fmt``, with a true minus sign (and no "-0")."""
    return apply_fmt(fmt, value).replace("-", "\N{MINUS SIGN}")


def _edge_color(w: float | None, faint: bool, palette: Mapping[str, str], by_sign: bool) -> str:
    if faint:
        return palette["dropped"]
    if w is None or not by_sign:
        return palette["ink"]
    return palette["positive"] if w > 0 else palette["negative"] if w < 0 else palette["zero"]


def _sources(net: Network, lay: Layout, layer: int, i: int) -> list[_Source]:
    """The bias unit (if any) and every unit of ``layer``, as sources of unit ``i`` above."""
    W, b = net.weights[layer], net.biases[layer]
    sources: list[_Source] = []
    if b is not None:
        sources.append(("b", lay.bias_pos[layer], False, float(b[i])))
    for j, p in enumerate(lay.pos[layer]):
        w = None if W is None else float(W[i, j])
        sources.append((str(j), p, bool(net.kept[layer][j] == 0), w))
    return sources


def _edge(start: Point, end: Point, color: str, faint: bool, gid: str) -> Line2D:
    """The segment from ``start`` to ``end``, shortened to start and end at the unit outlines."""
    (x0, y0), (x1, y1) = start, end
    d = np.hypot(x1 - x0, y1 - y0)
    ux, uy = (x1 - x0) / d, (y1 - y0) / d
    return Line2D(
        [x0 + R * ux, x1 - R * ux],
        [y0 + R * uy, y1 - R * uy],
        color=color,
        lw=0.9 if faint else 1.3,
        ls=(0, (4, 3)) if faint else "-",
        alpha=0.8 if faint else 1.0,
        zorder=1,
        gid=gid,
    )


def draw_edges(
    ax: Axes,
    net: Network,
    lay: Layout,
    *,
    palette: Mapping[str, str],
    fmt: Fmt,
    label_at: float,
    color_by_sign: bool,
    fontsize: float,
    fig_width: float,
    per_inch: float,
) -> None:
    """Draw every edge of ``net`` and label it with its weight, one gap at a time.

    ``palette`` names the colours "positive", "negative", "zero", "ink" and
    "dropped" (:data:`wbcode.draw.PALETTE`).
    The labels are set at ``fontsize`` points, or larger if they would show
    too small in a figure ``fig_width`` inches wide
    (:func:`wbcode.style.legible_size`); ``per_inch`` is data units per inch.
    """
    texts = [
        format_weight(fmt, w)
        for layer in range(len(net.sizes) - 1)
        for i in range(net.sizes[layer + 1])
        for *_, w in _sources(net, lay, layer, i)
        if w is not None
    ]
    font = legible_size(fontsize, fig_width, script=any(_has_scripts(t) for t in texts))
    # The width of one character and the height of a line of label text, in data units.
    char_w, text_h = 0.6 * font / 72 * per_inch, 1.3 * font / 72 * per_inch
    nodes = lay.nodes
    for layer in range(len(net.sizes) - 1):
        segs: list[Segment] = []
        meta: list[tuple[str, bool, float]] = []
        for i, end in enumerate(lay.pos[layer + 1]):
            dead_out = bool(net.kept[layer + 1][i] == 0)
            for j_name, start, dead_in, w in _sources(net, lay, layer, i):
                faint = dead_in or dead_out
                color = _edge_color(w, faint, palette, color_by_sign)
                ax.add_line(_edge(start, end, color, faint, f"edge:{layer}:{i}:{j_name}"))
                if w is not None:
                    segs.append((*start, *end, format_weight(fmt, w)))
                    meta.append((f"weight:{layer}:{i}:{j_name}", faint, w))
        spots = place_labels(segs, nodes, label_at, char_w, text_h)
        for (x, y), seg, (gid, faint, w) in zip(spots, segs, meta, strict=True):
            ax.text(
                x,
                y,
                seg[4],
                ha="center",
                va="center",
                fontsize=font,
                color="#888888" if faint else _edge_color(w, False, palette, color_by_sign),
                zorder=3,
                gid=gid,
                bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.92},
            )
