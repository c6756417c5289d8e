"""One look for every figure of the book.

:func:`use_book_style` is called once at the top of each chapter. It sets a
colour-blind-safe palette (Okabe & Ito), an opaque white background (so
figures stay legible when the book is read in dark mode), and makes the SVG
output reproducible: no creation date, fixed element ids. In a Jupyter
kernel it also switches inline figures to SVG, and it prints numpy scalars
as plain numbers (``0.25``, not ``np.float64(0.25)``), which the book's glued
numbers need.

Text in a figure must stay legible where the book shows it: in the text
column, where a figure inside a solution box at a 1280 px window gets
:data:`COLUMN_WIDTH` inches (605 CSS px), a figure wider than that is
scaled down to fit.
:func:`legible_size` is the font size that keeps text at
:data:`MIN_TEXT_PX` or more there, and :func:`smallest_text_px` measures a
figure's smallest text as shown. The drawing functions of :mod:`wbcode.draw`
and :mod:`wbcode.heatmap` size their text with them.
"""

from __future__ import annotations

import io
import re

import matplotlib as mpl
import numpy as np
from cycler import cycler
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.text import Text

from ._checks import check_bool, check_positive

__all__ = [
    "COLUMN_WIDTH",
    "MIN_TEXT_PX",
    "OKABE_ITO",
    "legible_size",
    "smallest_text_px",
    "use_book_style",
]

#: The width a figure gets inside a solution box at a 1280 px window, in inches
#: (605 CSS px at 96 px an inch, measured in the built book); a wider figure is shown
#: scaled down to it.
COLUMN_WIDTH = 605 / 96

#: The smallest text a figure may show in the text column, in CSS px.
MIN_TEXT_PX = 9.0

#: Jupyter's inline backend saves a figure with a tight box and this padding (inches).
_TIGHT_PAD = 0.1

#: mathtext draws a sub- or superscript at 70 % of the font size.
_SCRIPT = 0.7
_SCRIPT_RE = re.compile(r"\$[^$]*[_^][^$]*\$")

#: The Okabe-Ito palette, distinguishable with every common colour-vision deficiency.
OKABE_ITO = (
    "#0072B2",  # blue
    "#E69F00",  # orange
    "#009E73",  # bluish green
    "#D55E00",  # vermillion
    "#CC79A7",  # reddish purple
    "#56B4E9",  # sky blue
    "#F0E442",  # yellow
    "#000000",  # black
)


def use_book_style(*, inline_svg: bool = True) -> None:
    """Apply the book's matplotlib settings.

    Parameters
    ----------
    inline_svg : bool, default True
        In an IPython kernel, render inline figures as SVG without a date
        stamp. Ignored outside IPython.

    Raises
    ------
    TypeError
        If ``inline_svg`` is not ``True`` or ``False``.

    Examples
    --------
    >>> use_book_style(inline_svg=False)
    >>> import matplotlib as mpl
    >>> mpl.rcParams["figure.facecolor"], mpl.rcParams["svg.hashsalt"]
    ('white', 'wbcode')
    """
    check_bool(inline_svg, "inline_svg")
    mpl.rcParams.update(
        {
            "axes.prop_cycle": cycler(color=list(OKABE_ITO)),
            "figure.facecolor": "white",
            "axes.facecolor": "white",
            "savefig.facecolor": "white",
            "savefig.transparent": False,
            "figure.dpi": 100,
            "figure.figsize": (6.4, 4.0),
            "font.size": 11,
            "axes.grid": True,
            "grid.alpha": 0.3,
            "axes.spines.top": False,
            "axes.spines.right": False,
            "image.cmap": "viridis",
            "svg.hashsalt": "wbcode",
            "svg.fonttype": "path",
        }
    )
    # numpy >= 2 writes scalars as np.float64(0.25); glued numbers need 0.25.
    np.set_printoptions(legacy="1.25")
    if not inline_svg:
        return
    try:
        from IPython import get_ipython
    except ImportError:  # plain Python: nothing to configure
        return
    if get_ipython() is None:
        return
    from matplotlib_inline.backend_inline import set_matplotlib_formats

    set_matplotlib_formats("svg", metadata={"Date": None})


def _shown(fig_width: float) -> float:
    """How much a figure ``fig_width`` inches wide is scaled when shown in the column."""
    return min(1.0, COLUMN_WIDTH / fig_width)


def _has_scripts(text: str) -> bool:
    """Whether ``text`` holds mathtext with a sub- or superscript (drawn smaller)."""
    return bool(_SCRIPT_RE.search(text))


def legible_size(size: float, fig_width: float, *, script: bool = False) -> float:
    """The font size, in points, to use instead of ``size`` so that text stays legible.

    A figure ``fig_width`` inches wide is shown at its size in the text
    column, or scaled down to :data:`COLUMN_WIDTH` if it is wider. The
    result is ``size``, or more if ``size`` would then show below
    :data:`MIN_TEXT_PX` (at 96 px an inch). With ``script`` the text's sub-
    and superscripts, drawn at 70 %, are kept at that size too.

    Parameters
    ----------
    size : float
        The font size wanted, in points.
    fig_width : float
        The width of the whole figure, in inches.
    script : bool, default False
        Whether the text has sub- or superscripts (mathtext such as ``"$h_1$"``).

    Returns
    -------
    float

    Examples
    --------
    >>> # narrower than the column: 10 pt show as 13.3 px
    >>> legible_size(10, 4.5)
    10.0
    >>> # shown at 0.6: 8 pt would be 6.4 px
    >>> round(legible_size(8, 10.5), 2)
    11.25
    >>> # its 70 % subscript shows at 9 px
    >>> round(legible_size(6, 4.5, script=True), 2)
    9.64
    """
    size = check_positive(size, "size")
    fig_width = check_positive(fig_width, "fig_width")
    check_bool(script, "script")
    smallest = MIN_TEXT_PX * 72 / 96 / _shown(fig_width) / (_SCRIPT if script else 1.0)
    return size if size >= smallest else smallest


def smallest_text_px(fig: Figure) -> float:
    """The smallest visible text of ``fig``, in CSS px, as the text column shows it.

    The figure is measured as the book shows it: saved with a tight bounding
    box (as Jupyter's inline backend saves it), at its size or scaled down
    to :data:`COLUMN_WIDTH`. Every visible, non-empty text counts (titles,
    labels, tick labels, annotations); a sub- or superscript of mathtext
    counts at 70 % of its font size.

    Parameters
    ----------
    fig : matplotlib.figure.Figure

    Returns
    -------
    float
        ``inf`` for a figure without text.

    Examples
    --------
    >>> from matplotlib.figure import Figure
    >>> fig = Figure(figsize=(4, 3))
    >>> _ = fig.text(0.5, 0.5, "$h_1$", fontsize=12)
    >>> # the subscript: 12 pt * 0.7 * 96 / 72
    >>> round(smallest_text_px(fig), 2)
    11.2
    """
    if not isinstance(fig, Figure):
        raise TypeError(f"fig must be a matplotlib Figure, got {type(fig).__name__}")
    hidden = {  # the tick labels of an Axes drawn without axes
        id(t)
        for ax in fig.findobj(Axes)
        if not ax.axison
        for axis in (ax.xaxis, ax.yaxis)
        for t in axis.findobj(Text)
    }
    sizes = [
        float(t.get_fontsize()) * (_SCRIPT if _has_scripts(t.get_text()) else 1.0)
        for t in fig.findobj(Text)
        if t.get_visible() and t.get_text().strip() and id(t) not in hidden
    ]
    if not sizes:
        return float(np.inf)
    buf = io.BytesIO()
    fig.savefig(buf, format="svg", bbox_inches="tight")
    width_pt = float(re.search(rb'<svg[^>]* width="([0-9.]+)pt"', buf.getvalue()).group(1))  # type: ignore[union-attr]
    return min(sizes) * 96 / 72 * _shown(width_pt / 72)


def _shown_width(ax: Axes) -> float:
    """How wide the figure of ``ax`` shows at most, in inches: its top-level figure, saved."""
    return _saved_width(float(ax.figure.figure.get_figwidth()))  # also for an Axes in a subfigure


def _saved_width(width: float) -> float:
    """The width of a figure ``width`` inches wide as saved with a tight box and its padding."""
    return width + 2 * _TIGHT_PAD
