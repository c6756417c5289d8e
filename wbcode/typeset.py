r"""Matrices typeset as LaTeX math, for display equations in the book.

:func:`bmatrix` writes a matrix as a LaTeX ``bmatrix`` and wraps it in a
:class:`MatrixMath`, which Jupyter and myst-nb display as math. Pure text:
nothing here imports matplotlib.
"""

from __future__ import annotations

from collections.abc import Callable

from numpy.typing import ArrayLike

from ._checks import FloatArray, as_array

__all__ = ["MatrixMath", "bmatrix"]


def _as_matrix(M: ArrayLike, name: str) -> FloatArray:
    arr = as_array(M, name, ndim=(1, 2))
    return arr[None, :] if arr.ndim == 1 else arr


class MatrixMath:
    """A matrix typeset as display math; Jupyter and myst-nb show it as such.

    Attributes
    ----------
    latex : str
        The LaTeX source, ``prefix`` followed by a ``bmatrix``.
    """

    def __init__(self, latex: str) -> None:
        self.latex = latex

    def _repr_markdown_(self) -> str:
        return f"$$\n{self.latex}\n$$"

    def _repr_latex_(self) -> str:
        return f"$${self.latex}$$"

    def __str__(self) -> str:
        return self.latex

    def __repr__(self) -> str:
        return self.latex


def bmatrix(
    M: ArrayLike, *, prefix: str = "", fmt: str | Callable[[float], str] = "{:g}"
) -> MatrixMath:
    r"""Typeset a matrix (or a vector, as one row) as LaTeX display math.

    Parameters
    ----------
    M : array_like, shape (n,) or (h, w)
    prefix : str, optional
        LaTeX put before the matrix, such as ``"M \\star K = "``.
    fmt : str or callable, default "{:g}"
        How a number is written.

    Returns
    -------
    MatrixMath
        Displays as math in Jupyter; glue it and show it with myst-nb's
        ``{glue:md}`` directive (``:format: myst``).

    Examples
    --------
    >>> print(bmatrix([[1, -2.5], [0, 3]], prefix="K = "))
    K = \begin{bmatrix} 1 & -2.5 \\ 0 & 3 \end{bmatrix}
    """
    A = _as_matrix(M, "M")
    if not isinstance(prefix, str):
        raise TypeError(f"prefix must be a string of LaTeX, got {type(prefix).__name__}")

    def cell(value: float) -> str:
        value = float(value) + 0.0
        return fmt(value) if callable(fmt) else fmt.format(value)

    rows = [" & ".join(cell(v) for v in row) for row in A]
    return MatrixMath(prefix + r"\begin{bmatrix} " + r" \\ ".join(rows) + r" \end{bmatrix}")
