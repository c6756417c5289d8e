"""Where a network diagram puts its units, and where each weight label sits on its edge.

Positions are in data units: layer ``l`` stands at ``x = l * DX``, its units
are centred on ``y = 0`` at a distance ``DY``, and a bias unit stands one
``DY`` above the tallest layer. :func:`place_labels` slides every weight label
along its edge to keep it clear of the labels placed before it and of the
units. Pure geometry: nothing here draws.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

__all__ = ["DX", "DY", "INCH", "Layout", "R", "layout", "place_labels"]

DX = 3.0  #: distance between layers
DY = 1.25  #: distance between the units of a layer
R = 0.36  #: unit radius
INCH = 0.6  #: inches per data unit of a new figure (at ``scale=1``)

Point = tuple[float, float]
#: An edge to label: from ``(x0, y0)`` to ``(x1, y1)``, with its label's text.
Segment = tuple[float, float, float, float, str]


@dataclass(frozen=True)
class Layout:
    """Unit positions and the drawing's bounds, in data units."""

    pos: list[list[Point]]  #: ``pos[l][i]``: unit ``i`` of layer ``l``
    bias_pos: list[Point]  #: the bias unit of layer ``l`` (drawn where ``has_bias[l]``)
    has_bias: list[bool]
    x_lo: float
    x_hi: float
    y_lo: float
    y_hi: float

    @property
    def nodes(self) -> list[Point]:
        """Every unit and every drawn bias unit: what a weight label must not cover."""
        nodes = [p for layer_pos in self.pos for p in layer_pos]
        return nodes + [p for p, shown in zip(self.bias_pos, self.has_bias, strict=True) if shown]


def layout(
    sizes: Sequence[int],
    has_bias: Sequence[bool],
    *,
    title: bool,
    values: bool,
    layer_titles: bool,
) -> Layout:
    """Place the units of layers of ``sizes`` units, leaving room for titles and values."""
    n_layers = len(sizes)
    y_top = (max(sizes) - 1) / 2 * DY
    y_bias = y_top + DY
    pos = [
        [(layer * DX, ((n - 1) / 2 - i) * DY) for i in range(n)] for layer, n in enumerate(sizes)
    ]
    bias_pos = [(layer * DX, y_bias) for layer in range(n_layers)]
    y_hi = (y_bias if any(has_bias) else y_top) + 0.6 + (0.35 if title else 0.0)
    y_lo = -y_top - 0.6 - (0.35 if values else 0.0) - (0.4 if layer_titles else 0.0)
    return Layout(pos, bias_pos, list(has_bias), -0.8, (n_layers - 1) * DX + 0.8, y_lo, y_hi)


_COMMAND = re.compile(r"\\[A-Za-z]+")


def _visible_len(text: str) -> int:
    """About how many characters ``text`` shows: mathtext's ``$``, braces and markup drawn as none.

    ``"$w_{1}$"`` shows 2 characters, ``"$\\beta_0$"`` 2; plain text counts as written.
    """
    if "$" not in text:
        return len(text)
    shown = _COMMAND.sub("x", text)  # \beta is one glyph
    return sum(1 for c in shown if c not in "${}_^ ")


@dataclass
class _Label:
    x: float
    y: float
    w: float
    h: float


def place_labels(
    segments: Sequence[Segment],
    nodes: Sequence[Point],
    t0: float,
    char_w: float,
    h: float,
) -> list[Point]:
    """Greedy label placement along edges: near ``t0``, away from other labels and nodes.

    ``t`` runs along an edge from 0 (its source) to 1; a label of ``n``
    characters is ``char_w * (n + 0.8)`` wide and ``h`` high. Each label takes
    the spot with ``t`` in [0.2, 0.7] that keeps it clearest of the labels
    placed before it and of the units, with a pull towards ``t0``; a spot
    where it would overlap one of them is taken only when no clear spot is
    left. A mathtext label counts the characters it shows, not its markup.
    """
    ts = np.linspace(0.2, 0.7, 21)
    placed: list[_Label] = []
    out = []
    for x0, y0, x1, y1, text in segments:
        w = char_w * (_visible_len(text) + 0.8)
        best, best_val = (x0, y0), -np.inf
        for t in ts:
            x, y = x0 + t * (x1 - x0), y0 + t * (y1 - y0)
            score = 2.0
            for q in placed:
                score = min(score, max(abs(x - q.x) / ((w + q.w) / 2), abs(y - q.y) / h))
            for nx, ny in nodes:
                score = min(score, max(abs(x - nx) / (w / 2 + R), abs(y - ny) / (h / 2 + R)))
            val = min(score, 1.15) - 0.6 * abs(t - t0) - (1.0 if score < 1 else 0.0)
            if val > best_val:
                best, best_val = (x, y), val
        placed.append(_Label(best[0], best[1], w, h))
        out.append(best)
    return out
