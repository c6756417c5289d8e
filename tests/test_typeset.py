"""Tests of wbcode.typeset: numbers, vectors and matrices typeset as LaTeX."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from wbcode.typeset import MatrixMath, array_latex, bmatrix, number_latex


def test_bmatrix() -> None:
    m = bmatrix([[1, -0.0], [2.5, 3]], prefix="A = ")
    assert isinstance(m, MatrixMath)
    assert str(m) == r"A = \begin{bmatrix} 1 & 0 \\ 2.5 & 3 \end{bmatrix}"
    assert m._repr_markdown_().startswith("$$\n") and m._repr_markdown_().endswith("\n$$")
    assert str(bmatrix([1, 2])) == r"\begin{bmatrix} 1 & 2 \end{bmatrix}"


def test_bmatrix_bad_input() -> None:
    with pytest.raises(TypeError, match="prefix must be a string"):
        bmatrix([[1.0]], prefix=3)  # type: ignore[arg-type]


def test_bmatrix_fmt_is_checked() -> None:
    assert (
        str(bmatrix([[0.123, -0.0]], fmt="{:.2f}")) == r"\begin{bmatrix} 0.12 & 0.00 \end{bmatrix}"
    )
    with pytest.raises(ValueError, match="fmt must format a float"):
        bmatrix([[1.0]], fmt="{:d}")
    with pytest.raises(TypeError, match="fmt must be a format string"):
        bmatrix([[1.0]], fmt=None)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="latex must be a string"):
        MatrixMath(3)  # type: ignore[arg-type]


def test_number_latex_writes_powers_of_ten_and_specials() -> None:
    assert number_latex(2.0) == "2"
    assert number_latex(-0.0) == "0"
    assert number_latex(1e-5) == "10^{-5}"
    assert number_latex(-1e200) == "-10^{200}"
    assert number_latex(-2.5e-7) == r"-2.5 \times 10^{-7}"
    assert number_latex(123456.0) == r"1.235 \times 10^{5}"
    assert number_latex(0.5, ".3f") == "0.500"
    assert number_latex(12.5, ".2e") == r"1.25 \times 10^{1}"
    assert number_latex(np.float32(0.25)) == "0.25"
    assert number_latex(np.nan) == r"\mathrm{nan}"
    assert (number_latex(np.inf), number_latex(-np.inf)) == (r"\infty", r"-\infty")
    with pytest.raises(TypeError, match="value must be a real number"):
        number_latex(True)
    with pytest.raises(ValueError, match="spec must be a format specification"):
        number_latex(1.0, "d")


def test_array_latex_styles() -> None:
    v, M = [1, -0.5, 0], [[1, 2], [3, 4]]
    assert array_latex(v, "tuple") == r"(1,\ {-0.5},\ 0)"
    assert array_latex(v, "bmatrix") == r"\begin{bmatrix} 1 \\ -0.5 \\ 0 \end{bmatrix}"
    small_v = r"\left[\begin{smallmatrix} 1 \\ -0.5 \\ 0 \end{smallmatrix}\right]"
    assert array_latex(v, "smallmatrix") == small_v
    small_M = r"\left[\begin{smallmatrix} 1 & 2 \\ 3 & 4 \end{smallmatrix}\right]"
    assert array_latex(M, "smallmatrix") == small_M
    assert array_latex(M, "tuple") == small_M  # a matrix has no row form
    assert array_latex(M, "bmatrix") == r"\begin{bmatrix} 1 & 2 \\ 3 & 4 \end{bmatrix}"
    assert array_latex([1e-9, np.nan], "tuple", spec=".2g") == r"(10^{-9},\ \mathrm{nan})"
    assert array_latex([], "tuple") == "()"
    with pytest.raises(ValueError, match="style must be one of"):
        array_latex(v, "pmatrix")
    with pytest.raises(ValueError, match="value must have 1 or 2 dimension"):
        array_latex(np.ones((2, 2, 2)))
    with pytest.raises(TypeError, match="value must hold real numbers"):
        array_latex(["a", "b"])


def _read_back(latex: str) -> float:
    """The number a ``number_latex`` string stands for."""
    if latex.lstrip("-").startswith("10^{"):
        return (-1.0 if latex.startswith("-") else 1.0) * 10.0 ** int(latex.lstrip("-")[4:-1])
    mantissa, _, power = latex.partition(r" \times 10^{")
    return float(mantissa) * (10.0 ** int(power[:-1]) if power else 1.0)


@given(
    st.builds(
        lambda sign, m, e: sign * m * 10.0**e,
        st.sampled_from([-1.0, 1.0]),
        st.floats(1.0, 9.99),
        st.integers(-200, 200),
    )
)
def test_extreme_numbers_are_written_exactly_to_their_digits(x: float) -> None:
    latex = number_latex(x, ".6g")
    assert "e+" not in latex and "e-" not in latex
    assert _read_back(latex) == pytest.approx(x, rel=1e-5)
    pos, neg = (latex, number_latex(-x, ".6g")) if x > 0 else (number_latex(-x, ".6g"), latex)
    assert array_latex([abs(x), -abs(x)], "tuple", spec=".6g") == f"({pos},\\ {{{neg}}})"
