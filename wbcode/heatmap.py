r"""Small matrices as annotated heat maps.

In a heat map every cell shows its number, and its colour encodes the same number on a
diverging scale centred at zero (blue negative, white zero, red positive;
ColorBrewer's RdBu, which stays distinguishable with the common colour-vision
deficiencies). The text in a cell is black or white, whichever contrasts more
with the cell. Figures have an opaque white background so they read in dark
mode too. Rows and columns are numbered from 1, as in the workbook's
:math:`K[1,1]`. To typeset a matrix as LaTeX instead, see :mod:`wbcode.typeset`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from matplotlib import colormaps
from matplotlib.axes import Axes
from matplotlib.colors import Colormap, Normalize
from matplotlib.figure import Figure, SubFigure
from matplotlib.image import AxesImage
from numpy.typing import ArrayLike

from ._checks import FloatArray, as_array, check_bool, check_choice, check_positive
from ._format import Fmt, apply_fmt, check_fmt, check_text, check_texts
from .style import _has_scripts, _saved_width, _shown_width, legible_size

__all__ = ["DIVERGING", "heatmap", "heatmap_row", "heatmap_rows"]

#: The diverging colour map of every heat map (negative blue, zero white, positive red).
DIVERGING = "RdBu_r"

_CELL = 0.55  # inches per matrix cell
_CMAP = colormaps[DIVERGING]
# Font sizes (points) of the numbers, tick labels, symbols between panels and row labels;
# a figure wider than the text column gets larger ones (style.legible_size).
_FONT, _TICK_FONT, _SYMBOL_FONT, _ROW_FONT = 10.0, 8.0, 20.0, 12.0


def _as_matrix(M: ArrayLike, name: str) -> FloatArray:
    arr = as_array(M, name, ndim=(1, 2))
    return arr[None, :] if arr.ndim == 1 else arr


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
    A = _as_matrix(M, "M")
    scale = float(np.abs(A).max()) if vmax is None else check_positive(vmax, "vmax")
    fmt = check_fmt(fmt, "fmt")
    check_text(title, "title")
    cmap = _check_cmap(cmap)
    fontsize = check_positive(fontsize, "fontsize")
    return _draw(ax, A, scale, fmt, title, cmap, fontsize, _shown_width(ax))


def _draw(
    ax: Axes,
    A: FloatArray,
    scale: float,
    fmt: Fmt,
    title: str | None,
    cmap: Colormap,
    fontsize: float,
    width: float,
) -> AxesImage:
    """Draw a checked matrix; the text is legible in a figure that shows ``width`` inches wide."""
    norm = Normalize(-(scale or 1.0), scale or 1.0)
    im = ax.imshow(A, cmap=cmap, norm=norm, aspect="equal", interpolation="nearest")
    texts = [apply_fmt(fmt, value).replace("-", "\N{MINUS SIGN}") for value in A.ravel()]
    size = legible_size(fontsize, width, script=any(_has_scripts(t) for t in texts))
    h, w = A.shape
    for (i, j), value in np.ndenumerate(A):
        r, g, b, _ = im.cmap(norm(value))
        luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b
        ax.text(
            j,
            i,
            texts[i * w + j],
            ha="center",
            va="center",
            fontsize=size,
            color="black" if luminance > 0.45 else "white",
        )
    ax.set_xticks(range(w), [str(j + 1) for j in range(w)])
    ax.set_yticks(range(h), [str(i + 1) for i in range(h)] if h > 1 else [""])
    ax.set_xticks(np.arange(-0.5, w), minor=True)
    ax.set_yticks(np.arange(-0.5, h), minor=True)
    ax.grid(False)
    ax.grid(which="minor", color="0.55", linewidth=0.8)
    ax.tick_params(which="both", length=0, labelsize=legible_size(_TICK_FONT, width), colors="0.35")
    for spine in ax.spines.values():
        spine.set_visible(True)
        spine.set_color("0.55")
    if title is not None:
        ax.set_title(title, fontsize=legible_size(fontsize + 1, width, script=_has_scripts(title)))
    return im


def _check_row(
    maps: object, titles: object, between: object, names: tuple[str, str, str]
) -> tuple[list[FloatArray], list[str] | None, list[str] | None]:
    """One row's matrices, titles and symbols; ``names``: the arguments as the user wrote them."""
    maps_name, titles_name, between_name = names
    if isinstance(maps, str | bytes) or not isinstance(maps, Sequence | np.ndarray):
        raise TypeError(f"{maps_name} must be a list of matrices, got {type(maps).__name__}")
    mats = [_as_matrix(M, f"{maps_name}[{k}]") for k, M in enumerate(maps)]
    if not mats:
        raise ValueError(f"{maps_name} must hold at least one matrix")
    heads = None if titles is None else check_texts(titles, titles_name, len(mats), "map")
    gaps = None
    if between is not None:
        gaps = check_texts(between, between_name, len(mats) - 1, "gap between two maps")
    return mats, heads, gaps


def _per_row(value: object, name: str, n_rows: int) -> list[Any]:
    if value is None:
        return [None] * n_rows
    if isinstance(value, str | bytes) or not isinstance(value, Sequence):
        raise TypeError(f"{name} must be a list with one entry per row, got {type(value).__name__}")
    if len(value) != n_rows:
        raise ValueError(f"{name} must have {n_rows} entries, one per row, got {len(value)}")
    return list(value)


def _widths(mats: Sequence[FloatArray], gap: float) -> list[float]:
    widths: list[float] = []
    for k, A in enumerate(mats):
        widths.append(A.shape[1])
        if k < len(mats) - 1:
            widths.append(gap)
    return widths


def _draw_row(
    fig: Figure | SubFigure,
    mats: Sequence[FloatArray],
    titles: Sequence[str] | None,
    between: Sequence[str] | None,
    widths: Sequence[float],
    vmax: float | None,
    fmt: Fmt,
    total: float,
    fig_width: float,
) -> None:
    """One row of panels in ``fig``, legible in a figure ``fig_width`` inches wide."""
    # empty columns of width `margin` on both sides centre a row narrower than `total`
    margin = (total - sum(widths)) / 2
    ratios = [margin, *widths, margin] if margin > 0 else list(widths)
    first = 1 if margin > 0 else 0
    grid = fig.add_gridspec(1, len(ratios), width_ratios=ratios)
    for k, A in enumerate(mats):
        ax = fig.add_subplot(grid[0, first + 2 * k])
        scale = float(np.abs(A).max()) if vmax is None else vmax
        title = None if titles is None else titles[k]
        _draw(ax, A, scale, fmt, title, _CMAP, _FONT, fig_width)
        if k < len(mats) - 1:
            sym = fig.add_subplot(grid[0, first + 2 * k + 1])
            sym.axis("off")
            if between is not None and between[k]:
                size = legible_size(_SYMBOL_FONT, fig_width, script=_has_scripts(between[k]))
                sym.text(0.5, 0.5, between[k], ha="center", va="center", fontsize=size)


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
    >>> fig = heatmap_row([[[1, 2], [3, 4]], [[0, 1]], [[2, 3]]], ["M", "K", "out"],
    ...                   between=["$\\star$", "="])
    >>> [ax.get_title() for ax in fig.axes if ax.get_title()]
    ['M', 'K', 'out']
    """
    mats, titles, between = _check_row(maps, titles, between, ("maps", "titles", "between"))
    shared = check_bool(shared_scale, "shared_scale")
    return _figure(
        [mats],
        [titles],
        [between],
        None,
        shared,
        fmt,
        suptitle,
        scale,
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
    >>> fig = heatmap_rows([[[[1, 2]], [[3]]], [[[0, -1], [1, 0]]]], row_labels=["a)", "b)"])
    >>> len([ax for ax in fig.axes if ax.images])
    3
    """
    if isinstance(rows, str | bytes) or not isinstance(rows, Sequence | np.ndarray):
        raise TypeError(f"rows must be a list of rows of matrices, got {type(rows).__name__}")
    if len(rows) == 0:
        raise ValueError("rows must hold at least one row of matrices")
    titles_of, between_of = (
        _per_row(titles, "titles", len(rows)),
        _per_row(between, "between", len(rows)),
    )
    labels = None if row_labels is None else check_texts(row_labels, "row_labels", len(rows), "row")
    checked = [
        _check_row(
            maps, titles_of[r], between_of[r], (f"rows[{r}]", f"titles[{r}]", f"between[{r}]")
        )
        for r, maps in enumerate(rows)
    ]
    if isinstance(shared_scale, str):
        shared: bool | str = check_choice(shared_scale, "shared_scale", ["row"])
    else:
        shared = check_bool(shared_scale, "shared_scale")
    return _figure(
        [c[0] for c in checked],
        [c[1] for c in checked],
        [c[2] for c in checked],
        labels,
        shared,
        fmt,
        suptitle,
        scale,
        has_between=between is not None,
    )


def _figure(
    mats: list[list[FloatArray]],
    titles: list[list[str] | None],
    between: list[list[str] | None],
    row_labels: list[str] | None,
    shared_scale: bool | str,
    fmt: object,
    suptitle: object,
    scale: object,
    *,
    has_between: bool,
) -> Figure:
    """The figure of :func:`heatmap_rows`: one subfigure a row, a cell the same size everywhere."""
    fmt = check_fmt(fmt, "fmt")
    check_text(suptitle, "suptitle")
    scale = check_positive(scale, "scale")
    row_max = [max(float(np.abs(A).max()) for A in row) or 1.0 for row in mats]
    gap = 0.6 if has_between else 0.35
    widths = [_widths(row, gap) for row in mats]
    heights = [max(A.shape[0] for A in row) + 1.2 for row in mats]
    label_w = 0.8 if row_labels else 0.0
    fig = Figure(
        figsize=(
            scale * _CELL * (max(sum(w) for w in widths) + 0.6 + label_w),
            scale * _CELL * (sum(heights) + (0.6 if suptitle else 0.2)),
        ),
        facecolor="white",
        layout="constrained",
    )
    subs = fig.subfigures(len(mats), 1, height_ratios=heights, squeeze=False)[:, 0]
    shown = _saved_width(fig.get_figwidth())
    for r, sub in enumerate(subs):
        vmax = max(row_max) if shared_scale is True else row_max[r] if shared_scale else None
        _draw_row(
            sub,
            mats[r],
            titles[r],
            between[r],
            widths[r],
            vmax,
            fmt,
            max(sum(w) for w in widths),
            shown,
        )
        if row_labels is not None:
            size = legible_size(_ROW_FONT, shown, script=_has_scripts(row_labels[r]))
            sub.supylabel(row_labels[r], rotation=0, fontsize=size)
    if suptitle is not None:
        text = fig.suptitle(suptitle)  # type: ignore[arg-type]
        script = _has_scripts(suptitle)  # type: ignore[arg-type]
        text.set_fontsize(legible_size(float(text.get_fontsize()), shown, script=script))
    return fig
