r"""Small matrices as annotated heat maps.

In a heat map every cell shows its number, and its colour encodes the same number on a
diverging scale centred at zero (blue negative, white zero, red positive;
ColorBrewer's RdBu, which stays distinguishable with the common colour-vision
deficiencies). The text in a cell is black or white, whichever contrasts more
with the cell. Figures have an opaque white background so they read in dark
mode too. Rows and columns are numbered from 1, as in the workbook's
:math:`K[1,1]`. To typeset a matrix as LaTeX instead, see :mod:`wbcode.typeset`.

The drawing of a panel and the layout of rows of panels live beside this
module, in ``_heatmap_panels``.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from matplotlib import colormaps
from matplotlib.axes import Axes
from matplotlib.colors import Colormap
from matplotlib.figure import Figure
from matplotlib.image import AxesImage
from numpy.typing import ArrayLike

from ._checks import check_bool, check_choice, check_positive
from ._format import Fmt, check_fmt, check_text, check_texts
from ._heatmap_panels import as_matrix, check_row, draw_panel, per_row, rows_figure
from .style import _shown_width

__all__ = ["DIVERGING", "heatmap", "heatmap_row", "heatmap_rows"]

#: The diverging colour map of every heat map (negative blue, zero white, positive red).
DIVERGING = "RdBu_r"


def _check_cmap(cmap: object) -> Colormap:
    if isinstance(cmap, Colormap):
        return cmap
    if not isinstance(cmap, str):
        raise TypeError(f"cmap must be a colour map name or a Colormap, got {type(cmap).__name__}")
    try:
        return colormaps[cmap]
    except KeyError:
        raise ValueError(
            f"cmap must name a matplotlib colour map such as {DIVERGING!r}, got {cmap!r}"
        ) from None


def heatmap(
    ax: Axes,
    M: ArrayLike,
    *,
    vmax: float | None = None,
    fmt: Fmt = "{:g}",
    title: str | None = None,
    cmap: str | Colormap = DIVERGING,
    fontsize: float = 10.0,
) -> AxesImage:
    """Draw one matrix (or vector) as a heat map with its numbers in the cells.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        Where to draw.
    M : array_like, shape (n,) or (h, w)
        The numbers; a vector is drawn as one row.
    vmax : float, optional
        The colour scale runs from ``-vmax`` to ``vmax`` (zero is white).
        Defaults to the largest absolute entry (1 for an all-zero matrix).
    fmt : str or callable, default "{:g}"
        How a number is written in its cell: a format string or a function
        of the number that returns a string (minus signs become true minus
        signs, negative zero is 0).
    title : str, optional
        Axes title (mathtext allowed).
    cmap : str or Colormap, default :data:`DIVERGING`
        A matplotlib colour map or its name.
    fontsize : float, default 10
        Size of the numbers in points, raised if the figure of ``ax`` is so
        wide that they would show below :data:`wbcode.style.MIN_TEXT_PX` in
        the text column (:func:`wbcode.style.legible_size`); tick labels (8 pt)
        and the title (``fontsize + 1``) likewise.

    Returns
    -------
    matplotlib.image.AxesImage

    Raises
    ------
    TypeError
        If ``ax`` is not a matplotlib Axes, ``M`` holds non-numbers, ``fmt``
        is neither a format string nor a function returning a string, or
        ``title``, ``cmap`` or ``fontsize`` has the wrong type.
    ValueError
        If ``M`` is not a non-empty vector or matrix of finite numbers,
        ``vmax`` or ``fontsize`` is not positive, ``fmt`` cannot format a
        number, or ``cmap`` names no colour map.

    Examples
    --------
    >>> from matplotlib.figure import Figure, SubFigure
    >>> ax = Figure().add_subplot()
    >>> im = heatmap(ax, [[1, -2], [0, 3]], title="K")
    >>> [t.get_text() for t in ax.texts]
    ['1', '−2', '0', '3']
    """
    if not isinstance(ax, Axes):
        raise TypeError(f"ax must be a matplotlib Axes, got {type(ax).__name__}")
    A = as_matrix(M, "M")
    scale = float(np.abs(A).max()) if vmax is None else check_positive(vmax, "vmax")
    fmt = check_fmt(fmt, "fmt")
    check_text(title, "title")
    cmap = _check_cmap(cmap)
    fontsize = check_positive(fontsize, "fontsize")
    return draw_panel(ax, A, scale, fmt, title, cmap, fontsize, _shown_width(ax))


def heatmap_row(
    maps: Sequence[ArrayLike],
    titles: Sequence[str] | None = None,
    *,
    between: Sequence[str] | None = None,
    shared_scale: bool = False,
    fmt: Fmt = "{:g}",
    suptitle: str | None = None,
    scale: float = 1.0,
) -> Figure:
    r"""A row of annotated heat maps, for example input, kernel and output.

    Parameters
    ----------
    maps : sequence of array_like, each shape (n,) or (h, w)
        The matrices, left to right; panel widths follow their column counts,
        so a cell has the same size in every panel.
    titles : sequence of str, optional
        One title per map.
    between : sequence of str, optional
        ``len(maps) - 1`` symbols drawn between the panels, such as
        ``["$\star$", "="]``; empty strings leave a gap.
    shared_scale : bool, default False
        One colour scale for all panels (to compare magnitudes) instead of one
        per panel.
    fmt : str or callable, default "{:g}"
        How numbers are written.
    suptitle : str, optional
        Title over the whole row.
    scale : float, default 1.0
        Multiplies the figure size: 0.55 inches a matrix cell at ``scale=1``.
        Text in a figure wider than the text column is set larger, so that it
        stays legible (:func:`wbcode.style.legible_size`).

    Returns
    -------
    matplotlib.figure.Figure
        A new figure (not registered with pyplot), opaque white background.

    Raises
    ------
    TypeError
        If ``maps`` is not a list of matrices, a title or symbol is not a
        string, ``shared_scale`` is not ``True``/``False``, or ``fmt`` is
        neither a format string nor a function returning a string.
    ValueError
        If a map is not a non-empty vector or matrix of finite numbers, the
        number of titles or symbols does not fit the maps, or ``scale`` is
        not positive.

    Examples
    --------
    >>> maps = [[[1, 2], [3, 4]], [[0, 1]], [[2, 3]]]
    >>> fig = heatmap_row(maps, ["M", "K", "out"],
    ...                   between=["$\\star$", "="])
    >>> [ax.get_title() for ax in fig.axes if ax.get_title()]
    ['M', 'K', 'out']
    """
    mats, titles, between = check_row(maps, titles, between, ("maps", "titles", "between"))
    shared = check_bool(shared_scale, "shared_scale")
    return rows_figure(
        [mats],
        [titles],
        [between],
        None,
        shared,
        fmt,
        suptitle,
        scale,
        colormaps[DIVERGING],
        has_between=between is not None,
    )


def heatmap_rows(
    rows: Sequence[Sequence[ArrayLike]],
    titles: Sequence[Sequence[str]] | None = None,
    *,
    between: Sequence[Sequence[str]] | None = None,
    row_labels: Sequence[str] | None = None,
    shared_scale: bool | str = False,
    fmt: Fmt = "{:g}",
    suptitle: str | None = None,
    scale: float = 1.0,
) -> Figure:
    r"""Several rows of annotated heat maps in one figure (one row per step or case).

    Parameters
    ----------
    rows : sequence of sequences of array_like
        ``rows[r]`` are the matrices of row ``r``, left to right. A cell has
        the same size everywhere; narrower rows are centred.
    titles, between : sequences of sequences of str, optional
        Per row, as in :func:`heatmap_row`.
    row_labels : sequence of str, optional
        A label written at the left of each row.
    shared_scale : bool or "row", default False
        ``True``: one colour scale for every panel of the figure; ``"row"``:
        one per row; ``False``: one per panel.
    fmt, suptitle, scale
        As in :func:`heatmap_row`.

    Returns
    -------
    matplotlib.figure.Figure

    Raises
    ------
    TypeError, ValueError
        As :func:`heatmap_row`, with the arguments named per row
        (``rows[1][0]``, ``titles[1]``); also if ``titles``, ``between`` or
        ``row_labels`` does not have one entry per row, or ``shared_scale``
        is none of ``True``, ``False`` and ``"row"``.

    Examples
    --------
    >>> rows = [[[[1, 2]], [[3]]], [[[0, -1], [1, 0]]]]
    >>> fig = heatmap_rows(rows, row_labels=["a)", "b)"])
    >>> len([ax for ax in fig.axes if ax.images])
    3
    """
    if isinstance(rows, str | bytes) or not isinstance(rows, Sequence | np.ndarray):
        raise TypeError(f"rows must be a list of rows of matrices, got {type(rows).__name__}")
    if len(rows) == 0:
        raise ValueError("rows must hold at least one row of matrices")
    titles_of, between_of = (
        per_row(titles, "titles", len(rows)),
        per_row(between, "between", len(rows)),
    )
    labels = None if row_labels is None else check_texts(row_labels, "row_labels", len(rows), "row")
    checked = [
        check_row(
            maps, titles_of[r], between_of[r], (f"rows[{r}]", f"titles[{r}]", f"between[{r}]")
        )
        for r, maps in enumerate(rows)
    ]
    if isinstance(shared_scale, str):
        shared: bool | str = check_choice(shared_scale, "shared_scale", ["row"])
    else:
        shared = check_bool(shared_scale, "shared_scale")
    return rows_figure(
        [c[0] for c in checked],
        [c[1] for c in checked],
        [c[2] for c in checked],
        labels,
        shared,
        fmt,
        suptitle,
        scale,
        colormaps[DIVERGING],
        has_between=between is not None,
    )
