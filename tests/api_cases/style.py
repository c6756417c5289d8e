"""API cases of wbcode.style."""

import matplotlib as mpl
import numpy as np

from api_cases import Case, Flag
from wbcode.style import use_book_style


def _use_book_style_and_restore(**kwargs):
    """Apply the book style, then put matplotlib's and numpy's settings back for other tests."""
    printing = np.get_printoptions()
    try:
        with mpl.rc_context():
            use_book_style(**kwargs)
    finally:
        np.set_printoptions(**printing)


CASES = {
    "use_book_style": Case(
        {"inline_svg": False}, {"inline_svg": Flag()}, call=_use_book_style_and_restore
    ),
}
