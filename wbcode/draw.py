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

This module assembles the figure from pieces that live beside it:
``_network_checks`` fits the arguments to the layer sizes,
``_network_layout`` places the units and the weight labels,
``_network_edges`` draws the edges with their labels, and
``_network_units`` the units, their labels and values, and the layer titles.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from types import MappingProxyType

from matplotlib.axes import Axes
from matplotlib.figure import Figure
from numpy.typing import ArrayLike

from ._checks import check_bool, check_positive, check_real
from ._format import Fmt, check_fmt, check_text
from ._network_checks import check_layers, check_network
from ._network_edges import draw_edges
from ._network_layout import INCH, Layout, layout
from ._network_units import draw_layer, fonts
from .style import _has_scripts, _saved_width, _shown_width, legible_size

__all__ = ["PALETTE", "default_labels", "draw_network"]

#: Okabe-Ito colours (colour-blind safe) and the greys used for dropped units (read-only).
PALETTE: Mapping[str, str] = MappingProxyType(
    {
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
)

# Font sizes (points) at which a figure up to about 8.5 inches wide, shown in the text
# column, keeps its text at 9 px or more; wider figures get larger text (style.legible_size).
_FONT = 10.0  # weight labels, values and layer titles
_UNIT_FONT = 13.0  # unit labels (their subscripts are drawn at 70 %)


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
    sizes = check_layers(layers)
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
        ``masks[l]`` holds a 0 (dropped) or 1 (kept), or a boolean, for every
        unit of layer ``l``; dropped units are greyed out and crossed, and every edge into
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
        How a weight (and a value) is written: a format string or a function
        of the number that returns a string. A minus is written as a true
        minus sign, and negative zero as 0.
    label_at : float, default 1/3
        Preferred position of a weight label along its edge (0 = at the
        source unit); labels move along the edge to avoid each other.
    color_by_sign : bool, default True
        Colour edges by the sign of their weight (blue positive, vermillion
        negative, grey zero); otherwise all edges are dark grey.
    scale : float, default 1.0
        Size of a new figure relative to the default: 0.6 inches a data unit,
        so ``0.6 * scale * (3 (L - 1) + 1.6)`` inches wide.

    Returns
    -------
    fig : matplotlib.figure.Figure
    ax : matplotlib.axes.Axes

    Raises
    ------
    ValueError
        If ``layers`` lists fewer than two layers or a count below 1, a weight
        matrix, bias, mask, value or label list does not fit the layer sizes,
        a weight, bias or value is NaN or infinite, a mask holds anything but
        0 and 1, a bias is given twice, ``label_at`` is outside (0, 1),
        ``scale`` is not positive, or the format string ``fmt`` cannot format
        a number.
    TypeError
        If an argument is not a list, a count is not an integer, an array
        holds non-numbers, a label or title is not a string, ``ax`` is not a
        matplotlib Axes, ``fmt`` is neither a format string nor a function
        returning a string, or ``color_by_sign`` is not ``True``/``False``.

    Notes
    -----
    Text stays legible where the book shows the figure: weight labels, values
    and layer titles are set at 10 pt and unit labels at 13 pt, or larger
    when the figure is wider than the text column
    (:func:`wbcode.style.legible_size`, taking the width of the whole figure
    that ``ax`` belongs to), so that every text, and every sub- or
    superscript of a label, shows at :data:`wbcode.style.MIN_TEXT_PX` or more.

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
    >>> def gids(artists):
    ...     return [a.get_gid() or "" for a in artists]
    >>> sum(1 for g in gids(ax.patches) if g.startswith("unit:"))
    5
    >>> sum(1 for g in gids(ax.texts) if g.startswith("weight:"))
    9

    Q8's network with separate biases and the first pair of dropout masks:

    >>> from wbcode.workbook import Q8
    >>> mu = Q8.masks[0]
    >>> fig, ax = draw_network(
    ...     [2, 3, 2, 2, 1],
    ...     weights=[Q8.W1T, Q8.W2T, Q8.W3T, Q8.vT],
    ...     biases=[Q8.b1, Q8.b2, Q8.b3, Q8.b4],
    ...     masks=[mu["mu0"], mu["mu1"], mu["mu2"]],
    ... )
    >>> from matplotlib.colors import to_rgba
    >>> grey = to_rgba(PALETTE["dropped_fill"])
    >>> [p.get_gid() for p in ax.patches if p.get_facecolor() == grey]
    ['unit:1:1', 'unit:2:1']
    """
    net = check_network(
        layers,
        weights=weights,
        biases=biases,
        masks=masks,
        labels=labels,
        values=values,
        layer_titles=layer_titles,
    )
    label_at, scale, fmt = _check_options(label_at, scale, fmt, color_by_sign, ax, title)
    lay = layout(
        net.sizes,
        net.has_bias,
        title=bool(title),
        values=any(v is not None for v in net.values),
        layer_titles=net.layer_titles is not None,
    )
    fig, ax, per_inch, width = _canvas(lay, ax, scale)
    draw_edges(
        ax,
        net,
        lay,
        palette=PALETTE,
        fmt=fmt,
        label_at=label_at,
        color_by_sign=color_by_sign,
        fontsize=_FONT,
        fig_width=width,
        per_inch=per_inch,
    )
    names = [
        given or default
        for given, default in zip(net.labels, default_labels(net.sizes), strict=True)
    ]
    sizes = fonts(names, net.layer_titles, width, unit=_UNIT_FONT, text=_FONT)
    for layer in range(len(net.sizes)):
        draw_layer(ax, net, lay, layer, names[layer], fmt=fmt, fonts=sizes, palette=PALETTE)
    if title:
        size = legible_size(_UNIT_FONT - 1, width, script=_has_scripts(title))
        ax.set_title(title, fontsize=size, color=PALETTE["ink"])
    return fig, ax


def _check_options(
    label_at: object, scale: object, fmt: object, color_by_sign: object, ax: object, title: object
) -> tuple[float, float, Fmt]:
    """Check the drawing options; return ``label_at``, ``scale`` and ``fmt`` as used."""
    check_bool(color_by_sign, "color_by_sign")
    if ax is not None and not isinstance(ax, Axes):
        raise TypeError(f"ax must be a matplotlib Axes or None, got {type(ax).__name__}")
    check_text(title, "title")
    at = check_real(label_at, "label_at")
    if not 0 < at < 1:
        raise ValueError(f"label_at must lie in (0, 1), got {at}")
    return at, check_positive(scale, "scale"), check_fmt(fmt, "fmt")


def _canvas(lay: Layout, ax: Axes | None, scale: float) -> tuple[Figure, Axes, float, float]:
    """The figure and axes to draw in, data units per inch, and the width the figure shows.

    A new figure is sized so that one data unit is ``INCH * scale`` inches; in a
    given Axes (also in a subfigure) the drawing is fitted to the Axes' box.
    """
    width, height = lay.x_hi - lay.x_lo, lay.y_hi - lay.y_lo
    if ax is None:
        fig = Figure(figsize=(scale * INCH * width, scale * INCH * height), layout="constrained")
        ax = fig.add_subplot()
        per_inch = 1 / (INCH * scale)
        shown = _saved_width(fig.get_figwidth())
    else:
        fig = ax.get_figure()  # type: ignore[assignment]
        root = ax.figure.figure  # the top-level Figure (ax may be in a subfigure)
        box = ax.bbox  # in pixels of the top-level figure, also in a subfigure
        per_inch = max(width / (box.width / root.dpi), height / (box.height / root.dpi))
        shown = _shown_width(ax)
    fig.patch.set_facecolor("white")
    fig.patch.set_alpha(1.0)
    ax.set_facecolor("white")
    ax.set_xlim(lay.x_lo, lay.x_hi)
    ax.set_ylim(lay.y_lo, lay.y_hi)
    ax.set_aspect("equal")
    ax.set_axis_off()
    return fig, ax, per_inch, shown
