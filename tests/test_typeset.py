"""Tests of wbcode.typeset: matrices typeset as LaTeX."""

from __future__ import annotations

import pytest

from wbcode.typeset import MatrixMath, bmatrix


def test_bmatrix() -> None:
    m = bmatrix([[1, -0.0], [2.5, 3]], prefix="A = ")
    assert isinstance(m, MatrixMath)
    assert str(m) == r"A = \begin{bmatrix} 1 & 0 \\ 2.5 & 3 \end{bmatrix}"
    assert m._repr_markdown_().startswith("$$\n") and m._repr_markdown_().endswith("\n$$")
    assert str(bmatrix([1, 2])) == r"\begin{bmatrix} 1 & 2 \end{bmatrix}"


def test_bmatrix_bad_input() -> None:
    with pytest.raises(TypeError, match="prefix must be a string"):
        bmatrix([[1.0]], prefix=3)  # type: ignore[arg-type]
