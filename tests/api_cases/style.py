"""API cases of wbcode.style."""

import matplotlib

matplotlib.use("Agg")

import matplotlib as mpl
import numpy as np
from matplotlib.figure import Figure

from api_cases import Bad, Case, Flag, Other, Real
from wbcode.style import use_book_style


def _use_book_style_and_restore(**kwargs):
    """Apply the book style, then put matplotlib's and numpy's settings back for other tests."""
    printing = np.get_printoptions()
    try:
        with mpl.rc_context():
            use_book_style(**kwargs)
    finally:
        np.set_printoptions(**printing)


def _figure_with_text() -> Figure:
    fig = Figure(figsize=(4, 3))
    fig.text(0.5, 0.5, "$h_1$", fontsize=12)
    return fig


CASES = {
    "use_book_style": Case(
        {"inline_svg": False}, {"inline_svg": Flag()}, call=_use_book_style_and_restore
    ),
    "legible_size": Case(
        {"size": 8.0, "fig_width": 10.5, "script": True},
        {"size": Real(positive=True), "fig_width": Real(positive=True), "script": Flag()},
    ),
    "smallest_text_px": Case(
        {"fig": _figure_with_text()},
        {"fig": Other([Bad("fig", "a string"), Bad(None, "None"), Bad(3, "a number")])},
    ),
}
