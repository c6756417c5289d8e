r"""Numbers, vectors and matrices typeset as LaTeX math, for equations and table cells.

:func:`bmatrix` writes a matrix as a LaTeX ``bmatrix`` and wraps it in a
:class:`MatrixMath`, which Jupyter and myst-nb display as math.
:func:`array_latex` writes a vector or a matrix in one of three
:data:`ARRAY_STYLES`, for inline math such as a table cell, and
:func:`number_latex` writes one number (``1.5e-05`` becomes
:math:`1.5 \times 10^{-5}`). :func:`wbcode.tables.table` uses them for its
``arrays`` option. Pure text: nothing here imports matplotlib.
"""

from __future__ import annotations

import math
import numbers

import numpy as np
from numpy.typing import ArrayLike

from ._checks import FloatArray, as_array, check_choice
from ._format import Fmt, apply_fmt, check_fmt, check_spec

__all__ = ["ARRAY_STYLES", "MatrixMath", "array_latex", "bmatrix", "number_latex"]

#: How :func:`array_latex` writes a vector ``v`` and a matrix ``M``:
#: ``"tuple"``: ``v`` as a compact row :math:`(1,\ 2,\ 3)`, ``M`` as in
#: ``"smallmatrix"`` (a matrix has no row form);
#: ``"smallmatrix"``: ``v`` as a column and ``M`` in text-sized brackets
#: (:math:`\left[\begin{smallmatrix} 1 & 2 \\ 3 & 4 \end{smallmatrix}\right]`);
#: ``"bmatrix"``: ``v`` as a column and ``M`` at full size.
ARRAY_STYLES = ("tuple", "smallmatrix", "bmatrix")


def _as_matrix(M: ArrayLike, name: str) -> FloatArray:
    arr = as_array(M, name, ndim=(1, 2))
    return arr[None, :] if arr.ndim == 1 else arr


def number_latex(value: float, spec: str = ".4g") -> str:
    r"""Write a real number as LaTeX math (without the dollar signs).

    Parameters
    ----------
    value : float
        NaN and infinities are written as :math:`\mathrm{nan}` and
        :math:`\pm\infty`; negative zero as 0.
    spec : str, default ".4g"
        Format specification (as for ``format``); an exponent is written
        as a power of ten.

    Returns
    -------
    str

    Examples
    --------
    >>> number_latex(0.25), number_latex(-1.5e-05), number_latex(3e200)
    ('0.25', '-1.5 \\times 10^{-5}', '3 \\times 10^{200}')
    >>> number_latex(float("inf")), number_latex(-0.0)
    ('\\infty', '0')
    """
    if isinstance(value, bool | np.bool_) or not isinstance(value, numbers.Real):
        raise TypeError(f"value must be a real number, got {type(value).__name__} {value!r}")
    x = float(value) + 0.0  # no "-0"
    spec = check_spec(spec)
    if math.isnan(x):
        return r"\mathrm{nan}"
    if math.isinf(x):
        return r"\infty" if x > 0 else r"-\infty"
    text = format(x, spec)
    mantissa, e, exponent = text.replace("E", "e").partition("e")
    if not e:
        return text
    power = f"10^{{{int(exponent)}}}"
    if mantissa.lstrip("+-") in ("1", "1."):  # 1e-05 is 10^{-5}
        return ("-" if mantissa.startswith("-") else "") + power
    return rf"{mantissa} \times {power}"


def _environment(rows: list[list[str]], style: str) -> str:
    body = r" \\ ".join(" & ".join(row) for row in rows)
    if style == "bmatrix":
        return rf"\begin{{bmatrix}} {body} \end{{bmatrix}}"
    return rf"\left[\begin{{smallmatrix}} {body} \end{{smallmatrix}}\right]"


def array_latex(value: ArrayLike, style: str = "bmatrix", *, spec: str = ".4g") -> str:
    r"""Write a vector or a matrix as LaTeX math (without the dollar signs).

    Parameters
    ----------
    value : array_like, shape (n,) or (h, w)
        Real numbers; NaN and infinities are written as such (see
        :func:`number_latex`). May be empty.
    style : {"tuple", "smallmatrix", "bmatrix"}, default "bmatrix"
        One of :data:`ARRAY_STYLES`. A vector is a column in the matrix
        styles and a compact row in ``"tuple"``.
    spec : str, default ".4g"
        Format specification of every number.

    Returns
    -------
    str
        Put it between dollar signs for inline math (a table cell) or in a
        display equation.

    Examples
    --------
    >>> print(array_latex([1, -0.5, 2], "tuple"))
    (1,\ {-0.5},\ 2)
    >>> print(array_latex([1, 2], "bmatrix"))
    \begin{bmatrix} 1 \\ 2 \end{bmatrix}
    >>> print(array_latex([[1, 2], [3, 4]], "smallmatrix"))
    \left[\begin{smallmatrix} 1 & 2 \\ 3 & 4 \end{smallmatrix}\right]
    """
    arr = as_array(value, "value", ndim=(1, 2), allow_empty=True, finite=False)
    style = check_choice(style, "style", ARRAY_STYLES)
    spec = check_spec(spec)
    cells = [[number_latex(float(x), spec) for x in row] for row in np.atleast_2d(arr)]
    if arr.ndim == 1 and style == "tuple":
        # braces keep a minus after a comma a sign, not a binary minus with spaces around it
        return "(" + r",\ ".join(f"{{{c}}}" if c.startswith("-") else c for c in cells[0]) + ")"
    if arr.ndim == 1:  # a column vector
        cells = [[c] for c in cells[0]]
    return _environment(cells, "bmatrix" if style == "bmatrix" else "smallmatrix")


class MatrixMath:
    """A matrix typeset as display math; Jupyter and myst-nb show it as such.

    Parameters
    ----------
    latex : str
        LaTeX source for a display equation (without ``$$``).

    Attributes
    ----------
    latex : str
        The LaTeX source, for :func:`bmatrix` ``prefix`` followed by a ``bmatrix``.

    Examples
    --------
    >>> print(MatrixMath("x^2 = 4")._repr_markdown_())
    $$
    x^2 = 4
    $$
    """

    def __init__(self, latex: str) -> None:
        if not isinstance(latex, str):
            raise TypeError(f"latex must be a string of LaTeX, got {type(latex).__name__}")
        self.latex = latex

    def _repr_markdown_(self) -> str:
        return f"$$\n{self.latex}\n$$"

    def _repr_latex_(self) -> str:
        return f"$${self.latex}$$"

    def __str__(self) -> str:
        return self.latex

    def __repr__(self) -> str:
        return self.latex


def bmatrix(M: ArrayLike, *, prefix: str = "", fmt: Fmt = "{:g}") -> MatrixMath:
    r"""Typeset a matrix (or a vector, as one row) as LaTeX display math.

    Parameters
    ----------
    M : array_like, shape (n,) or (h, w)
        Finite real numbers.
    prefix : str, optional
        LaTeX put before the matrix, such as ``"M \\star K = "``.
    fmt : str or callable, default "{:g}"
        How a number is written: a format string or a function of the number
        that returns a string. Negative zero is written as 0.

    Returns
    -------
    MatrixMath
        Displays as math in Jupyter; glue it and show it with myst-nb's
        ``{glue:md}`` directive (``:format: myst``).

    Raises
    ------
    TypeError
        If ``M`` holds non-numbers, ``prefix`` is not a string, or ``fmt`` is
        neither a format string nor a function returning a string.
    ValueError
        If ``M`` is empty, not finite or has more than 2 dimensions, or the
        format string ``fmt`` cannot format a number.

    Examples
    --------
    >>> print(bmatrix([[1, -2.5], [0, 3]], prefix="K = "))
    K = \begin{bmatrix} 1 & -2.5 \\ 0 & 3 \end{bmatrix}
    """
    A = _as_matrix(M, "M")
    if not isinstance(prefix, str):
        raise TypeError(f"prefix must be a string of LaTeX, got {type(prefix).__name__}")
    fmt = check_fmt(fmt, "fmt")
    rows = [[apply_fmt(fmt, v) for v in row] for row in A]
    return MatrixMath(prefix + _environment(rows, "bmatrix"))
