"""Tests of wbcode.style: the book's figure settings and legible text."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import matplotlib as mpl
import numpy as np
import pytest
from matplotlib.figure import Figure

import wbcode
from wbcode.style import COLUMN_WIDTH, MIN_TEXT_PX, legible_size, smallest_text_px, use_book_style

PKG = Path(wbcode.__file__).parent


def test_legible_size_keeps_text_at_9_px_in_the_column() -> None:
    # a figure narrower than the column is shown at its size: 6.75 pt are 9 px
    assert legible_size(10.0, 4.0) == 10.0
    assert legible_size(5.0, 4.0) == pytest.approx(6.75)
    # a wider one is scaled down to the column, so its text must be larger
    for width in (8.0, 12.0, 30.0):
        size = legible_size(5.0, width)
        assert size * 96 / 72 * COLUMN_WIDTH / width == pytest.approx(MIN_TEXT_PX)
    # a subscript is drawn at 70 %: the label is set so that the subscript makes 9 px
    assert legible_size(5.0, 4.0, script=True) * 0.7 == pytest.approx(6.75)
    with pytest.raises(ValueError, match="fig_width must be finite and > 0"):
        legible_size(10.0, 0.0)
    with pytest.raises(TypeError, match="script must be True or False"):
        legible_size(10.0, 4.0, script=1)  # type: ignore[arg-type]


def test_smallest_text_px_measures_the_figure_as_shown() -> None:
    fig = Figure(figsize=(4, 3))
    fig.text(0.1, 0.5, "plain", fontsize=10)
    fig.text(0.5, 0.5, "$x_1$", fontsize=12)  # its subscript: 8.4 pt
    assert smallest_text_px(fig) == pytest.approx(8.4 * 96 / 72)
    # the same text in a figure twice the column's width shows at about half the size
    wide = Figure(figsize=(2 * COLUMN_WIDTH, 3))
    wide.text(0.0, 0.5, "left", fontsize=10)
    wide.text(0.95, 0.5, "right", fontsize=10)
    assert smallest_text_px(wide) == pytest.approx(10 * 96 / 72 / 2, rel=0.03)
    assert smallest_text_px(Figure()) == np.inf
    with pytest.raises(TypeError, match="fig must be a matplotlib Figure"):
        smallest_text_px("fig")  # type: ignore[arg-type]


def test_use_book_style_sets_the_look_and_checks_its_flag() -> None:
    printing = np.get_printoptions()
    try:
        with mpl.rc_context():
            use_book_style(inline_svg=False)
            assert mpl.rcParams["svg.hashsalt"] == "wbcode"
            assert mpl.rcParams["figure.facecolor"] == "white"
    finally:
        np.set_printoptions(**printing)
    with pytest.raises(TypeError, match="inline_svg must be True or False"):
        use_book_style(inline_svg="no")  # type: ignore[arg-type]


def _mathtext_strings(path: Path) -> list[str]:
    """Every string in a module that holds mathtext ($...$), docstrings left out."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.FunctionDef | ast.ClassDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    return [
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in docstrings
        and re.search(r"\$[^$]+\$", node.value)
    ]


def test_no_mathtext_in_wbcode_writes_the_loss_as_backslash_L() -> None:
    # mathtext reads \L as the Polish letter Ł; the book's script L is \mathcal{L}
    strings = [s for path in sorted(PKG.glob("*.py")) for s in _mathtext_strings(path)]
    assert strings, "the scan finds the figures' mathtext"
    assert not [s for s in strings if re.search(r"\\L(?![a-zA-Z])", s)]
