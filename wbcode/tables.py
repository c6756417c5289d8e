"""Step tables for the book: rows of numbers rendered as aligned Markdown.

A hand calculation with several steps (samples, layers, time steps) is shown
as a table, one row a step. :func:`table` formats the numbers once, in one
place, and returns an object that Jupyter and myst-nb display as a Markdown
table (numbers right-aligned), so pages never type a number by hand.
:func:`written_out` writes one unit's pre-activation with its numbers, for a
table cell that shows the arithmetic.
"""

from __future__ import annotations

import numbers
from collections.abc import Sequence

import numpy as np
from numpy.typing import ArrayLike

from wbcode._checks import as_array

__all__ = ["Table", "fmt_number", "table", "written_out"]


def fmt_number(value: object, spec: str = ".4g") -> str:
    """Format a number, a vector or a matrix for a table cell.

    Integers print without a decimal point, vectors as ``(a, b, c)`` and
    matrices as ``[[a, b], [c, d]]``. Negative zero prints as ``0``.

    Examples
    --------
    >>> fmt_number(2.0), fmt_number(0.12345), fmt_number([0.5, -1.0])
    ('2', '0.1235', '(0.5, -1)')
    >>> fmt_number("ReLU")
    'ReLU'
    """
    if isinstance(value, str):
        return value
    if isinstance(value, bool | np.bool_):
        return str(bool(value))
    arr = np.asarray(value)
    if arr.dtype.kind in "iuf" and arr.ndim == 0:
        x = float(arr)
        if x == 0:
            x = 0.0
        text = format(x, spec)
        return text
    if arr.dtype.kind in "iuf" and arr.ndim == 1:
        return "(" + ", ".join(fmt_number(v, spec) for v in arr) + ")"
    if arr.dtype.kind in "iuf" and arr.ndim == 2:
        return (
            "["
            + ", ".join("[" + ", ".join(fmt_number(v, spec) for v in row) + "]" for row in arr)
            + "]"
        )
    if isinstance(value, numbers.Number):
        return str(value)
    raise TypeError(f"cannot format {type(value).__name__} {value!r} for a table cell")


class Table:
    """A Markdown table that Jupyter and myst-nb display as a table.

    Attributes
    ----------
    header : tuple of str
    rows : tuple of tuple of str
        The formatted cells.
    """

    def __init__(self, header: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
        self.header = tuple(header)
        self.rows = tuple(tuple(r) for r in rows)

    def to_markdown(self) -> str:
        """The table as GitHub-flavoured Markdown, numbers right-aligned."""

        def esc(cell: str) -> str:
            return cell.replace("|", "\\|")

        def numeric(col: int) -> bool:
            return all(
                r[col].lstrip("-(").replace(".", "", 1)[:1].isdigit() or r[col] in ("", "nan")
                for r in self.rows
            )

        align = ["---:" if numeric(i) else ":---" for i in range(len(self.header))]
        lines = [
            "| " + " | ".join(esc(h) for h in self.header) + " |",
            "| " + " | ".join(align) + " |",
        ]
        lines += ["| " + " | ".join(esc(c) for c in row) + " |" for row in self.rows]
        return "\n".join(lines)

    def _repr_markdown_(self) -> str:
        return self.to_markdown()

    def __str__(self) -> str:
        return self.to_markdown()

    def __repr__(self) -> str:
        return self.to_markdown()


def table(
    header: Sequence[str],
    rows: Sequence[Sequence[object]],
    *,
    spec: str = ".4g",
) -> Table:
    """Build a :class:`Table` from rows of numbers (or strings).

    Parameters
    ----------
    header : sequence of str
        Column titles; may contain MyST inline math such as ``$\\hat y$``.
    rows : sequence of sequences
        One row a step; numbers, vectors and matrices are formatted with
        :func:`fmt_number`, strings are kept.
    spec : str, default ".4g"
        Format specification for every number.

    Returns
    -------
    Table

    Examples
    --------
    >>> print(table(["step", "loss"], [[1, 0.25], [2, 0.0625]]))
    | step | loss |
    | ---: | ---: |
    | 1 | 0.25 |
    | 2 | 0.0625 |
    """
    header = [str(h) for h in header]
    if not header:
        raise ValueError("header must name at least one column")
    out = []
    for i, row in enumerate(rows):
        if isinstance(row, str) or len(row) != len(header):
            got = "a string" if isinstance(row, str) else f"{len(row)} cells"
            raise ValueError(f"row {i} must have {len(header)} cells like the header, got {got}")
        out.append([fmt_number(c, spec) for c in row])
    return Table(header, out)


def written_out(w: ArrayLike, h: ArrayLike) -> str:
    r"""Write a unit's pre-activation :math:`w_0 + \sum_k w_k h_k` with its numbers, in LaTeX.

    Parameters
    ----------
    w : array_like, shape (k + 1,)
        The unit's weight row, bias **first** (a row of ``W`` or ``v``).
    h : array_like, shape (k,)
        The layer's input (``x`` for the first layer, a hidden layer's ``h``).
        May be empty (a unit with a bias only).

    Returns
    -------
    str
        Inline MyST math ``$w_0 + w_1\cdot h_1 + ...$``, numbers formatted with
        ``g`` and negative numbers in parentheses, ready for a :func:`table` cell.
        Negative zero prints as ``0``.

    Raises
    ------
    ValueError
        If ``w`` or ``h`` is not a finite vector, or ``w`` does not have exactly
        one entry more than ``h``.

    Notes
    -----
    The bias-first layout is the book's convention for augmented weights,
    :math:`a = w^\top (1, h)`; the question-3 chapter explains the reading.

    Examples
    --------
    >>> print(written_out([1, 2, 1], [-1, 1]))
    $1 + 2\cdot (-1) + 1\cdot 1$
    >>> print(written_out([0.5, -1.25], [3]))
    $0.5 + (-1.25)\cdot 3$
    """
    w = as_array(w, "w", ndim=1)
    h = as_array(h, "h", ndim=1, allow_empty=True)
    if w.size != h.size + 1:
        raise ValueError(
            f"w must have one entry more than h (its bias first), got {w.size} and {h.size} entries"
        )

    def num(value: float) -> str:
        value = value + 0.0  # negative zero prints as 0
        return f"({value:g})" if value < 0 else f"{value:g}"

    terms = [num(w[0])] + [rf"{num(wk)}\cdot {num(hk)}" for wk, hk in zip(w[1:], h, strict=True)]
    return "$" + " + ".join(terms) + "$"
