"""One look for every figure of the book.

:func:`use_book_style` is called once at the top of each chapter. It sets a
colour-blind-safe palette (Okabe & Ito), an opaque white background (so
figures stay legible when the book is read in dark mode), and makes the SVG
output reproducible: no creation date, fixed element ids. In a Jupyter
kernel it also switches inline figures to SVG, and it prints numpy scalars
as plain numbers (``0.25``, not ``np.float64(0.25)``), which the book's glued
numbers need.
"""

from __future__ import annotations

import matplotlib as mpl
import numpy as np
from cycler import cycler

from ._checks import check_bool

__all__ = ["OKABE_ITO", "use_book_style"]

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
