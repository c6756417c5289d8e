r"""Network diagrams drawn from the weights.

:func:`draw_network` draws a fully connected feed-forward network as the book
shows it: layers of units from left to right, a square bias unit labelled
:math:`1` at the top of every layer that feeds a bias into the next one, and
every edge labelled with its weight. Units dropped by a dropout mask are
greyed out, and their edges dashed and faint.

Weights come in either of the book's two forms, per layer:

* **augmented, bias first** (the conventions page): a matrix of shape
  ``(n_out, 1 + n_in)`` whose column 0 holds the bias weights, as Q3's ``W``
  (2x3) and ``v`` (3 entries, one output unit);
* **separate**: a matrix of shape ``(n_out, n_in)`` with the bias vector of
  shape ``(n_out,)`` passed in ``biases``, as Q8's :math:`W^{1\top}` (3x2) and
  :math:`b^1`. This is the matrix that multiplies the input,
  :math:`a = W x + b`, so Q8's transposed matrices are passed as printed.

The two forms are told apart by the number of columns, which is either the
number of units of the layer below or one more. A one-dimensional weight
vector is one output unit's row.

Every drawn object carries a ``gid`` so that a reader (or a test) can find it:
``"unit:l:i"`` for unit ``i`` of layer ``l`` (a circle), ``"bias:l"`` for the
bias unit of layer ``l`` (a square), ``"edge:l:i:j"`` and ``"weight:l:i:j"``
for the edge from unit ``j`` of layer ``l`` to unit ``i`` of layer ``l + 1``
and its label (``j = "b"`` for the bias unit). Indices count from 0.

Figures have an opaque white background, so they stay legible when a page is
read in dark mode, and use Okabe and Ito's colour-blind-safe palette.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Circle, Rectangle
from numpy.typing import ArrayLike

from ._checks import FloatArray, as_array, check_positive

__all__ = ["PALETTE", "default_labels", "draw_network"]

#: Okabe-Ito colours (colour-blind safe) and the greys used for dropped units.
PALETTE = {
    "input": "#56B4E9",  # sky blue
    "hidden": "#E69F00",  # orange
    "output": "#009E73",  # bluish green
    "bias": "#F0E442",  # yellow
    "positive": "#0072B2",  # blue
    "negative": "#D55E00",  # vermillion
    "zero": "#999999",
    "ink": "#222222",
    "dropped": "#BBBBBB",
    "dropped_fill": "#EEEEEE",
}

# Layout in data units; the figure is sized so that one unit is ``_INCH`` inches.
_DX = 3.0  # distance between layers
_DY = 1.25  # distance between units of a layer
_R = 0.36  # unit radius
_INCH = 0.6
_FONT = 10.0  # weight labels and values (points)
_UNIT_FONT = 13.0  # unit labels


def default_labels(layers: Sequence[int]) -> list[list[str]]:
    r"""The unit labels :func:`draw_network` uses when none are given.

    Inputs are :math:`x_1, x_2, \dots`; with one hidden layer its units are
    :math:`h_1, h_2, \dots`, with several :math:`h^{(l)}_j`; a single output
    is :math:`\hat y`, several are :math:`\hat y_1, \hat y_2, \dots`.

    Parameters
    ----------
    layers : sequence of int
        Number of units per layer, input first.

    Returns
    -------
    list of list of str
        One mathtext string per unit.

    Examples
    --------
    >>> default_labels([2, 1])
    [['$x_{1}$', '$x_{2}$'], ['$\\hat{y}$']]
    """
    sizes = _check_layers(layers)
    n_hidden = len(sizes) - 2
    out: list[list[str]] = []
    for layer, n in enumerate(sizes):
        if layer == 0:
            out.append([f"$x_{{{i + 1}}}$" for i in range(n)])
        elif layer == len(sizes) - 1:
            out.append(
                [r"$\hat{y}$"] if n == 1 else [rf"$\hat{{y}}_{{{i + 1}}}$" for i in range(n)]
            )
        elif n_hidden == 1:
            out.append([f"$h_{{{i + 1}}}$" for i in range(n)])
        else:
            out.append([f"$h^{{({layer})}}_{{{i + 1}}}$" for i in range(n)])
    return out


def _check_layers(layers: Sequence[int]) -> list[int]:
    if isinstance(layers, str | bytes) or not isinstance(layers, Sequence | np.ndarray):
        raise TypeError(f"layers must be a sequence of unit counts, got {type(layers).__name__}")
    sizes = []
    for i, n in enumerate(layers):
        if isinstance(n, bool) or not isinstance(n, int | np.integer) or n < 1:
            raise ValueError(f"layers[{i}] must be a positive integer, got {n!r}")
        sizes.append(int(n))
    if len(sizes) < 2:
        raise ValueError(f"layers must list at least 2 layers (input and output), got {sizes}")
    return sizes


def _per_gap(value: object, name: str, n_gaps: int) -> list[Any]:
    """Check a per-layer-gap list (weights, biases) and pad ``None``."""
    if value is None:
        return [None] * n_gaps
    if isinstance(value, str | bytes | np.ndarray) or not isinstance(value, Sequence):
        raise TypeError(
            f"{name} must be a list with one entry per pair of adjacent layers "
            f"({n_gaps}), got {type(value).__name__}"
        )
    if len(value) != n_gaps:
        raise ValueError(
            f"{name} must have one entry per pair of adjacent layers ({n_gaps}), got {len(value)}"
        )
    return list(value)


def _split_weights(
    sizes: list[int], weights: object, biases: object
) -> tuple[list[FloatArray | None], list[FloatArray | None]]:
    """Return per-gap weight matrices ``(n_out, n_in)`` and bias vectors ``(n_out,)``."""
    n_gaps = len(sizes) - 1
    w_list = _per_gap(weights, "weights", n_gaps)
    b_list = _per_gap(biases, "biases", n_gaps)
    out_w: list[FloatArray | None] = []
    out_b: list[FloatArray | None] = []
    for layer, (w, b) in enumerate(zip(w_list, b_list, strict=True)):
        n_in, n_out = sizes[layer], sizes[layer + 1]
        bias = None
        if b is not None:
            bias = as_array(b, f"biases[{layer}]", ndim=(0, 1)).reshape(-1)
            if bias.shape != (n_out,):
                raise ValueError(
                    f"biases[{layer}] must have {n_out} entries (units of layer {layer + 1}), "
                    f"got shape {bias.shape}"
                )
        if w is None:
            out_w.append(None)
            out_b.append(bias)
            continue
        mat = as_array(w, f"weights[{layer}]", ndim=(1, 2))
        if mat.ndim == 1:
            mat = mat[None, :]
        if mat.shape == (n_out, 1 + n_in):
            if bias is not None:
                raise ValueError(
                    f"weights[{layer}] already holds the bias in column 0 (shape {mat.shape}); "
                    f"pass biases[{layer}] = None or the weights without the bias column"
                )
            bias, mat = mat[:, 0], mat[:, 1:]
        elif mat.shape != (n_out, n_in):
            raise ValueError(
                f"weights[{layer}] must have shape ({n_out}, {n_in}) or, bias first, "
                f"({n_out}, {1 + n_in}) for layers of {n_in} and {n_out} units, "
                f"got {mat.shape}"
            )
        out_w.append(mat)
        out_b.append(bias)
    return out_w, out_b


def _check_masks(sizes: list[int], masks: object) -> list[FloatArray]:
    kept = [np.ones(n) for n in sizes]
    if masks is None:
        return kept
    if isinstance(masks, str | bytes | np.ndarray) or not isinstance(masks, Sequence):
        raise TypeError(
            f"masks must be a list with one entry per layer, got {type(masks).__name__}"
        )
    if len(masks) > len(sizes):
        raise ValueError(
            f"masks must have at most {len(sizes)} entries (one a layer), got {len(masks)}"
        )
    for layer, m in enumerate(masks):
        if m is None:
            continue
        mask = as_array(m, f"masks[{layer}]", ndim=1)
        if mask.shape != (sizes[layer],):
            raise ValueError(
                f"masks[{layer}] must have {sizes[layer]} entries (units of layer {layer}), "
                f"got shape {mask.shape}"
            )
        if not np.all((mask == 0) | (mask == 1)):
            raise ValueError(f"masks[{layer}] must hold only 0 (drop) and 1 (keep), got {mask}")
        kept[layer] = mask
    return kept


def _check_labels(sizes: list[int], labels: object) -> list[list[str]]:
    out = default_labels(sizes)
    if labels is None:
        return out
    if isinstance(labels, str | bytes) or not isinstance(labels, Sequence):
        raise TypeError(
            f"labels must be a list with one entry per layer, got {type(labels).__name__}"
        )
    if len(labels) != len(sizes):
        raise ValueError(f"labels must have one entry per layer ({len(sizes)}), got {len(labels)}")
    for layer, names in enumerate(labels):
        if names is None:
            continue
        if isinstance(names, str) or len(names) != sizes[layer]:
            got = "a string" if isinstance(names, str) else f"{len(names)} labels"
            raise ValueError(f"labels[{layer}] must hold {sizes[layer]} strings, got {got}")
        out[layer] = [str(s) for s in names]
    return out


@dataclass
class _Label:
    x: float
    y: float
    w: float
    h: float


def _place(
    segments: list[tuple[float, float, float, float, str]],
    nodes: list[tuple[float, float]],
    t0: float,
    char_w: float,
    h: float,
) -> list[tuple[float, float]]:
    """Greedy label placement along edges: near ``t0``, away from other labels and nodes."""
    ts = np.linspace(0.2, 0.7, 21)
    placed: list[_Label] = []
    out = []
    for x0, y0, x1, y1, text in segments:
        w = char_w * (len(text) + 0.8)
        best, best_val = (x0, y0), -np.inf
        for t in ts:
            x, y = x0 + t * (x1 - x0), y0 + t * (y1 - y0)
            score = 2.0
            for q in placed:
                score = min(score, max(abs(x - q.x) / ((w + q.w) / 2), abs(y - q.y) / h))
            for nx, ny in nodes:
                score = min(score, max(abs(x - nx) / (w / 2 + _R), abs(y - ny) / (h / 2 + _R)))
            val = min(score, 1.15) - 0.6 * abs(t - t0)
            if val > best_val:
                best, best_val = (x, y), val
        placed.append(_Label(best[0], best[1], w, h))
        out.append(best)
    return out


def _fmt(fmt: str | Callable[[float], str], value: float) -> str:
    text = fmt(value) if callable(fmt) else fmt.format(value)
    return text.replace("-", "\N{MINUS SIGN}")


def draw_network(
    layers: Sequence[int],
    *,
    weights: Sequence[ArrayLike | None] | None = None,
    biases: Sequence[ArrayLike | None] | None = None,
    masks: Sequence[ArrayLike | None] | None = None,
    labels: Sequence[Sequence[str] | None] | None = None,
    values: Sequence[ArrayLike | None] | None = None,
    layer_titles: Sequence[str] | None = None,
    title: str | None = None,
    ax: Axes | None = None,
    fmt: str | Callable[[float], str] = "{:g}",
    label_at: float = 1 / 3,
    color_by_sign: bool = True,
    scale: float = 1.0,
) -> tuple[Figure, Axes]:
    r"""Draw a fully connected feed-forward network, every edge labelled with its weight.

    Parameters
    ----------
    layers : sequence of int, length L
        Number of units per layer, input layer first, output layer last.
    weights : list of L - 1 array_like or None, optional
        ``weights[l]`` connects layer ``l`` to layer ``l + 1``: shape
        ``(n_out, n_in)`` (the matrix :math:`W` of :math:`a = W h + b`), or
        ``(n_out, 1 + n_in)`` with the bias weights first (the book's augmented
        form), or a vector of ``n_in`` or ``1 + n_in`` entries when
        ``n_out = 1``. ``None`` (the whole list or one entry) draws the edges
        without labels.
    biases : list of L - 1 array_like or None, optional
        ``biases[l]``, shape ``(n_out,)`` (a number when ``n_out = 1``): the
        bias of layer ``l + 1``, drawn as a square unit :math:`1` in layer ``l``.
        Must be ``None`` for a layer whose weights are augmented.
    masks : list of at most L array_like or None, optional
        ``masks[l]`` holds a 0 (dropped) or 1 (kept) for every unit of layer
        ``l``; dropped units are greyed out and crossed, and every edge into
        or out of them is dashed and faint. Missing or ``None`` entries keep
        every unit. Bias units are never dropped.
    labels : list of L lists of str (or None), optional
        Unit labels (mathtext such as ``"$h_1$"``); ``None`` for a layer keeps
        :func:`default_labels`.
    values : list of L array_like or None, optional
        Numbers written under the units (for example the activations of a
        forward pass), ``values[l]`` of shape ``(n_l,)``.
    layer_titles : list of L str, optional
        Titles printed under the layers ("input", "hidden 1", ...).
    title : str, optional
        Axes title.
    ax : matplotlib.axes.Axes, optional
        Draw into this Axes (its figure background is set to opaque white).
        By default a new :class:`~matplotlib.figure.Figure` is created, not
        registered with pyplot, sized to the network.
    fmt : str or callable, default "{:g}"
        How a weight is written: a format string or a function of the number.
    label_at : float, default 1/3
        Preferred position of a weight label along its edge (0 = at the
        source unit); labels move along the edge to avoid each other.
    color_by_sign : bool, default True
        Colour edges by the sign of their weight (blue positive, vermillion
        negative, grey zero); otherwise all edges are dark grey.
    scale : float, default 1.0
        Size of a new figure relative to the default.

    Returns
    -------
    fig : matplotlib.figure.Figure
    ax : matplotlib.axes.Axes

    Raises
    ------
    ValueError
        If ``layers`` is not a list of at least two positive integers, a weight
        matrix, bias, mask, value or label list does not fit the layer sizes,
        a mask holds anything but 0 and 1, or a bias is given twice.
    TypeError
        If an argument is not a list or holds non-numbers.

    Notes
    -----
    Unit ``i`` of layer ``l + 1`` computes
    :math:`a_i = b_i + \sum_j W_{ij} h_j` from the units :math:`h_j` of layer
    ``l``, which is the edge from :math:`h_j` to unit ``i`` labelled
    :math:`W_{ij}` and the edge from the bias unit labelled :math:`b_i`. The
    chapters on forward propagation (Q3) and dropout (Q8) use these diagrams.

    Examples
    --------
    Q3's network, weights bias first:

    >>> from wbcode.draw import draw_network
    >>> from wbcode.workbook import Q3
    >>> fig, ax = draw_network([2, 2, 1], weights=[Q3.W, Q3.v])
    >>> sum(1 for p in ax.patches if (p.get_gid() or "").startswith("unit:"))
    5
    >>> sum(1 for t in ax.texts if (t.get_gid() or "").startswith("weight:"))
    9

    Q8's network with separate biases and the first pair of dropout masks:

    >>> from wbcode.workbook import Q8
    >>> fig, ax = draw_network(
    ...     [2, 3, 2, 2, 1],
    ...     weights=[Q8.W1T, Q8.W2T, Q8.W3T, Q8.vT],
    ...     biases=[Q8.b1, Q8.b2, Q8.b3, Q8.b4],
    ...     masks=[Q8.masks[0]["mu0"], Q8.masks[0]["mu1"], Q8.masks[0]["mu2"]],
    ... )
    >>> from matplotlib.colors import to_rgba
    >>> grey = to_rgba(PALETTE["dropped_fill"])
    >>> [p.get_gid() for p in ax.patches if p.get_facecolor() == grey]
    ['unit:1:1', 'unit:2:1']
    """
    sizes = _check_layers(layers)
    n_layers = len(sizes)
    w_list, b_list = _split_weights(sizes, weights, biases)
    kept = _check_masks(sizes, masks)
    names = _check_labels(sizes, labels)
    label_at = check_positive(label_at, "label_at")
    if label_at >= 1:
        raise ValueError(f"label_at must lie in (0, 1), got {label_at}")
    scale = check_positive(scale, "scale")
    if not (isinstance(fmt, str) or callable(fmt)):
        raise TypeError(f"fmt must be a format string or a callable, got {type(fmt).__name__}")
    vals: list[FloatArray | None] = [None] * n_layers
    if values is not None:
        for layer, v in enumerate(_per_gap(values, "values", n_layers)):
            if v is not None:
                vals[layer] = as_array(v, f"values[{layer}]", ndim=(0, 1)).reshape(-1)
                if vals[layer].shape != (sizes[layer],):  # type: ignore[union-attr]
                    raise ValueError(
                        f"values[{layer}] must have {sizes[layer]} entries, "
                        f"got shape {vals[layer].shape}"  # type: ignore[union-attr]
                    )
    if layer_titles is not None:
        layer_titles = [str(s) for s in _per_gap(layer_titles, "layer_titles", n_layers)]

    # Positions: layer l at x = l * _DX, units centred on y = 0, bias squares on top.
    n_max = max(sizes)
    has_bias = [b is not None for b in b_list] + [False]
    y_top = (n_max - 1) / 2 * _DY
    y_bias = y_top + _DY
    pos = [
        [(layer * _DX, ((n - 1) / 2 - i) * _DY) for i in range(n)] for layer, n in enumerate(sizes)
    ]
    bias_pos = [(layer * _DX, y_bias) for layer in range(n_layers)]

    x_lo, x_hi = -0.8, (n_layers - 1) * _DX + 0.8
    y_hi = (y_bias if any(has_bias) else y_top) + 0.6 + (0.35 if title else 0.0)
    y_lo = -y_top - 0.6 - (0.35 if any(v is not None for v in vals) else 0.0)
    y_lo -= 0.4 if layer_titles is not None else 0.0
    if ax is None:
        fig = Figure(
            figsize=(scale * _INCH * (x_hi - x_lo), scale * _INCH * (y_hi - y_lo)),
            layout="constrained",
        )
        ax = fig.add_subplot()
        per_inch = 1 / (_INCH * scale)  # data units per inch
    else:
        fig = ax.get_figure()  # type: ignore[assignment]
        box = ax.get_position()
        per_inch = max(
            (x_hi - x_lo) / (fig.get_figwidth() * box.width),
            (y_hi - y_lo) / (fig.get_figheight() * box.height),
        )
    # Size of one character and of a line of weight-label text, in data units.
    char_w, text_h = 0.6 * _FONT / 72 * per_inch, 1.3 * _FONT / 72 * per_inch
    fig.patch.set_facecolor("white")
    fig.patch.set_alpha(1.0)
    ax.set_facecolor("white")
    ax.set_xlim(x_lo, x_hi)
    ax.set_ylim(y_lo, y_hi)
    ax.set_aspect("equal")
    ax.set_axis_off()

    role = ["input"] + ["hidden"] * (n_layers - 2) + ["output"]
    ink, grey = PALETTE["ink"], PALETTE["dropped"]

    def edge_color(w: float | None, faint: bool) -> str:
        if faint:
            return grey
        if w is None or not color_by_sign:
            return ink
        return PALETTE["positive"] if w > 0 else PALETTE["negative"] if w < 0 else PALETTE["zero"]

    # Edges and their labels, one gap at a time.
    nodes = [p for layer_pos in pos for p in layer_pos]
    nodes += [bias_pos[layer] for layer in range(n_layers) if has_bias[layer]]
    for layer in range(n_layers - 1):
        W, b = w_list[layer], b_list[layer]
        segs: list[tuple[float, float, float, float, str]] = []
        meta: list[tuple[str, bool, float | None]] = []
        for i, (x1, y1) in enumerate(pos[layer + 1]):
            dead_out = kept[layer + 1][i] == 0
            sources: list[tuple[str, tuple[float, float], bool, float | None]] = []
            if b is not None:
                sources.append(("b", bias_pos[layer], False, float(b[i])))
            for j, p in enumerate(pos[layer]):
                sources.append(
                    (str(j), p, kept[layer][j] == 0, None if W is None else float(W[i, j]))
                )
            for j_name, (x0, y0), dead_in, w in sources:
                faint = dead_in or dead_out
                # Shorten the segment so it starts and ends at the unit outlines.
                d = np.hypot(x1 - x0, y1 - y0)
                ux, uy = (x1 - x0) / d, (y1 - y0) / d
                line = Line2D(
                    [x0 + _R * ux, x1 - _R * ux],
                    [y0 + _R * uy, y1 - _R * uy],
                    color=edge_color(w, faint),
                    lw=0.9 if faint else 1.3,
                    ls=(0, (4, 3)) if faint else "-",
                    alpha=0.8 if faint else 1.0,
                    zorder=1,
                    gid=f"edge:{layer}:{i}:{j_name}",
                )
                ax.add_line(line)
                if w is not None:
                    segs.append((x0, y0, x1, y1, _fmt(fmt, w)))
                    meta.append((f"weight:{layer}:{i}:{j_name}", faint, w))
        spots = _place(segs, nodes, label_at, char_w, text_h)
        for (x, y), seg, (gid, faint, w) in zip(spots, segs, meta, strict=True):
            ax.text(
                x,
                y,
                seg[4],
                ha="center",
                va="center",
                fontsize=_FONT,
                color="#888888" if faint else edge_color(w, False),
                zorder=3,
                gid=gid,
                bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.92},
            )

    # Units.
    for layer in range(n_layers):
        for i, (x, y) in enumerate(pos[layer]):
            dropped = kept[layer][i] == 0
            ax.add_patch(
                Circle(
                    (x, y),
                    _R,
                    facecolor=PALETTE["dropped_fill"] if dropped else PALETTE[role[layer]],
                    edgecolor=grey if dropped else ink,
                    lw=1.0 if dropped else 1.4,
                    ls=(0, (3, 2)) if dropped else "-",
                    zorder=4,
                    gid=f"unit:{layer}:{i}",
                )
            )
            if dropped:
                c = _R * 0.72
                for sx in (1, -1):
                    ax.add_line(
                        Line2D(
                            [x - c, x + c], [y - sx * c, y + sx * c], color=grey, lw=1.0, zorder=5
                        )
                    )
            ax.text(
                x,
                y,
                names[layer][i],
                ha="center",
                va="center",
                fontsize=_UNIT_FONT,
                color="#777777" if dropped else "black",
                zorder=6,
                gid=f"label:{layer}:{i}",
            )
            v = vals[layer]
            if v is not None:
                ax.text(
                    x,
                    y - _R - 0.08,
                    "= " + _fmt(fmt, float(v[i])),
                    ha="center",
                    va="top",
                    fontsize=_FONT,
                    color="#777777" if dropped else "black",
                    zorder=6,
                    gid=f"value:{layer}:{i}",
                    bbox={"boxstyle": "round,pad=0.1", "fc": "white", "ec": "none", "alpha": 0.92},
                )
        if has_bias[layer]:
            x, y = bias_pos[layer]
            s = 1.7 * _R
            ax.add_patch(
                Rectangle(
                    (x - s / 2, y - s / 2),
                    s,
                    s,
                    facecolor=PALETTE["bias"],
                    edgecolor=ink,
                    lw=1.4,
                    zorder=4,
                    gid=f"bias:{layer}",
                )
            )
            ax.text(x, y, "$1$", ha="center", va="center", fontsize=_UNIT_FONT, zorder=6)
        if layer_titles is not None:
            ax.text(
                layer * _DX,
                y_lo + 0.15,
                layer_titles[layer],
                ha="center",
                va="bottom",
                fontsize=_FONT,
                color=ink,
            )
    if title:
        ax.set_title(title, fontsize=_UNIT_FONT - 1, color=ink)
    return fig, ax
