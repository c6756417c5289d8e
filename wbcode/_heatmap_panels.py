"""The panels of :mod:`wbcode.heatmap`: one annotated matrix, and rows of them in a figure.

:func:`draw_panel` draws one checked matrix into an Axes; :func:`rows_figure`
lays out rows of panels (the same cell size everywhere, narrower rows
centred, symbols between the panels) in a new figure. :func:`check_row`
checks one row's matrices, titles and symbols, named as the user wrote them.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from matplotlib.axes import Axes
from matplotlib.colors import Colormap, Normalize
from matplotlib.figure import Figure, SubFigure
from matplotlib.image import AxesImage
from numpy.typing import ArrayLike

from ._checks import FloatArray, as_array, check_positive
from ._format import Fmt, apply_fmt, check_fmt, check_text, check_texts
from .style import _has_scripts, _saved_width, legible_size

__all__ = ["as_matrix", "check_row", "draw_panel", "per_row", "rows_figure"]

CELL = 0.55  #: inches per matrix cell at ``scale=1``
# Font sizes (points) of the numbers, tick labels, symbols between panels and row labels;
# a figure wider than the text column gets larger ones (style.legible_size).
FONT, TICK_FONT, SYMBOL_FONT, ROW_FONT = 10.0, 8.0, 20.0, 12.0


def as_matrix(M: ArrayLike, name: str) -> FloatArray:
    """``M`` as a finite float matrix; a vector is one row."""
    arr = as_array(M, name, ndim=(1, 2))
    return arr[None, :] if arr.ndim == 1 else arr


def draw_panel(
    ax: Axes,
    A: FloatArray,
    scale: float,
    fmt: Fmt,
    title: str | None,
    cmap: Colormap,
    fontsize: float,
    width: float,
) -> AxesImage:
    """Draw a checked matrix ``A`` in ``ax``, colours from ``-scale`` to ``scale``.

    The text is set at ``fontsize`` (numbers), ``TICK_FONT`` (ticks) and
    ``fontsize + 1`` (title), or larger if a figure ``width`` inches wide
    would show it too small.
    """
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
    ax.tick_params(which="both", length=0, labelsize=legible_size(TICK_FONT, width), colors="0.35")
    for spine in ax.spines.values():
        spine.set_visible(True)
        spine.set_color("0.55")
    if title is not None:
        ax.set_title(title, fontsize=legible_size(fontsize + 1, width, script=_has_scripts(title)))
    return im


def check_row(
    maps: object, titles: object, between: object, names: tuple[str, str, str]
) -> tuple[list[FloatArray], list[str] | None, list[str] | None]:
    """One row's matrices, titles and symbols; ``names``: the arguments as the user wrote them."""
    maps_name, titles_name, between_name = names
    if isinstance(maps, str | bytes) or not isinstance(maps, Sequence | np.ndarray):
        raise TypeError(f"{maps_name} must be a list of matrices, got {type(maps).__name__}")
    mats = [as_matrix(M, f"{maps_name}[{k}]") for k, M in enumerate(maps)]
    if not mats:
        raise ValueError(f"{maps_name} must hold at least one matrix")
    heads = None if titles is None else check_texts(titles, titles_name, len(mats), "map")
    gaps = None
    if between is not None:
        gaps = check_texts(between, between_name, len(mats) - 1, "gap between two maps")
    return mats, heads, gaps


def per_row(value: object, name: str, n_rows: int) -> list[Any]:
    """Check a list with one entry per row (``None``: a None for every row)."""
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
    cmap: Colormap,
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
        draw_panel(ax, A, scale, fmt, title, cmap, FONT, fig_width)
        if k < len(mats) - 1:
            sym = fig.add_subplot(grid[0, first + 2 * k + 1])
            sym.axis("off")
            if between is not None and between[k]:
                size = legible_size(SYMBOL_FONT, fig_width, script=_has_scripts(between[k]))
                sym.text(0.5, 0.5, between[k], ha="center", va="center", fontsize=size)


def rows_figure(
    mats: list[list[FloatArray]],
    titles: list[list[str] | None],
    between: list[list[str] | None],
    row_labels: list[str] | None,
    shared_scale: bool | str,
    fmt: object,
    suptitle: object,
    scale: object,
    cmap: Colormap,
    *,
    has_between: bool,
) -> Figure:
    """The figure of checked rows: one subfigure a row, a cell the same size everywhere."""
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
            scale * CELL * (max(sum(w) for w in widths) + 0.6 + label_w),
            scale * CELL * (sum(heights) + (0.6 if suptitle else 0.2)),
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
            cmap,
            max(sum(w) for w in widths),
            shown,
        )
        if row_labels is not None:
            size = legible_size(ROW_FONT, shown, script=_has_scripts(row_labels[r]))
            sub.supylabel(row_labels[r], rotation=0, fontsize=size)
    if suptitle is not None:
        text = fig.suptitle(suptitle)  # type: ignore[arg-type]
        script = _has_scripts(suptitle)  # type: ignore[arg-type]
        text.set_fontsize(legible_size(float(text.get_fontsize()), shown, script=script))
    return fig
