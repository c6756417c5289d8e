r"""Step tables for the book: rows of numbers rendered as aligned Markdown.

A hand calculation with several steps (samples, layers, time steps) is shown
as a table, one row a step. :func:`table` formats the numbers once, in one
place, and returns an object that Jupyter and myst-nb display as a Markdown
table (numbers right-aligned), so pages never type a number by hand.

By default a vector prints as ``(a, b, c)`` and a matrix as
``[[a, b], [c, d]]``. With ``arrays=`` a table (or some of its columns)
typesets them as math instead, in one of :data:`wbcode.typeset.ARRAY_STYLES`:
a compact row :math:`(a,\ b,\ c)`, or a column vector or a matrix as a
``smallmatrix`` or ``bmatrix``. :func:`written_out` writes one unit's
pre-activation with its numbers, for a table cell that shows the arithmetic.
"""

from __future__ import annotations

import numbers
from collections.abc import Iterable, Mapping, Sequence

import numpy as np
from numpy.typing import ArrayLike

from ._checks import as_array, check_choice
from ._format import check_spec, check_texts
from .typeset import ARRAY_STYLES, array_latex, number_latex

__all__ = ["Table", "fmt_number", "table", "written_out"]

#: The values of ``table(arrays=...)``: plain text, or one of the math styles.
_STYLES = ("text", *ARRAY_STYLES)
_ALIGN = {"left": ":---", "right": "---:", "center": ":---:"}


def _numbers(value: object, name: str) -> np.ndarray | None:
    """``value`` as a float array of at most 2 dimensions; None for a non-numpy number."""
    if value is None or isinstance(value, complex | np.complexfloating):
        raise TypeError(
            f"{name} must be a string, a real number, a vector or a matrix, got {value!r}"
        )
    try:
        arr = np.asarray(value)
    except (ValueError, TypeError) as err:  # ragged nested lists
        raise ValueError(f"{name} must be a rectangular vector or matrix, got {value!r}") from err
    if arr.dtype.kind not in "iuf":
        if arr.ndim == 0 and isinstance(value, numbers.Real):
            return None  # a Fraction or a Decimal: written as it prints
        raise TypeError(f"cannot format {type(value).__name__} {value!r} for a table cell ({name})")
    if arr.ndim > 2:
        raise ValueError(f"{name} must be a number, a vector or a matrix, got shape {arr.shape}")
    return arr.astype(np.float64)


def _cell(value: object, spec: str, style: str, name: str) -> str:
    """One cell: strings kept, numbers and arrays as text or, in a math style, as math."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool | np.bool_):
        return str(bool(value))
    arr = _numbers(value, name)
    if arr is None:
        return str(value)
    if style != "text":
        if arr.ndim == 0:
            return "$" + number_latex(float(arr), spec) + "$"
        return "$" + array_latex(arr, style, spec=spec) + "$"
    if arr.ndim == 0:
        return format(float(arr) + 0.0, spec)  # negative zero prints as 0
    if arr.ndim == 1:
        return "(" + ", ".join(format(v + 0.0, spec) for v in arr) + ")"
    rows = ("[" + ", ".join(format(v + 0.0, spec) for v in row) + "]" for row in arr)
    return "[" + ", ".join(rows) + "]"


def fmt_number(value: object, spec: str = ".4g") -> str:
    """Format a number, a vector or a matrix for a table cell.

    Integers print without a decimal point, vectors as ``(a, b, c)`` and
    matrices as ``[[a, b], [c, d]]``. Negative zero prints as ``0``; NaN
    and infinities print as ``nan`` and ``inf``. Strings are kept.

    Raises
    ------
    TypeError
        If ``value`` is not a string, a real number or an array of them, or
        ``spec`` is not a string.
    ValueError
        If ``value`` has more than 2 dimensions or is ragged, or ``spec`` is
        not a format specification for a float.

    Examples
    --------
    >>> fmt_number(2.0), fmt_number(0.12345), fmt_number([0.5, -1.0])
    ('2', '0.1235', '(0.5, -1)')
    >>> fmt_number("ReLU")
    'ReLU'
    """
    return _cell(value, check_spec(spec), "text", "value")


class Table:
    """A Markdown table that Jupyter and myst-nb display as a table.

    Parameters
    ----------
    header : sequence of str
        Column titles.
    rows : sequence of sequences of str
        The formatted cells, as many in every row as in ``header``.
    align : sequence of {"left", "right", "center"}, optional
        One per column. By default a column whose cells all start like a
        number is right-aligned, any other left-aligned.

    Attributes
    ----------
    header : tuple of str
    rows : tuple of tuple of str
        The formatted cells.
    align : tuple of str
    """

    def __init__(
        self,
        header: Sequence[str],
        rows: Sequence[Sequence[str]],
        align: Sequence[str] | None = None,
    ) -> None:
        self.header = tuple(_check_header(header))
        n = len(self.header)
        cells = _rows(rows)
        self.rows = tuple(
            tuple(check_texts(r, f"rows[{i}]", n, "column")) for i, r in enumerate(cells)
        )
        if align is None:
            align = ["right" if self._numeric(c) else "left" for c in range(n)]
        self.align = tuple(check_texts(align, "align", n, "column"))
        for i, a in enumerate(self.align):
            check_choice(a, f"align[{i}]", list(_ALIGN))

    def _numeric(self, col: int) -> bool:
        return all(
            r[col].lstrip("-(").replace(".", "", 1)[:1].isdigit() or r[col] in ("", "nan")
            for r in self.rows
        )

    def to_markdown(self) -> str:
        """The table as GitHub-flavoured Markdown, numbers right-aligned."""

        def esc(cell: str) -> str:
            return cell.replace("|", "\\|")

        lines = [
            "| " + " | ".join(esc(h) for h in self.header) + " |",
            "| " + " | ".join(_ALIGN[a] for a in self.align) + " |",
        ]
        lines += ["| " + " | ".join(esc(c) for c in row) + " |" for row in self.rows]
        return "\n".join(lines)

    def _repr_markdown_(self) -> str:
        return self.to_markdown()

    def __str__(self) -> str:
        return self.to_markdown()

    def __repr__(self) -> str:
        return self.to_markdown()


def _check_header(header: object) -> list[str]:
    if isinstance(header, str | bytes) or not isinstance(header, Iterable):
        raise TypeError(f"header must be a list of column titles, got {type(header).__name__}")
    heads = list(header)
    if not heads:
        raise ValueError("header must name at least one column")
    return check_texts(heads, "header", len(heads), "column")


def _rows(rows: object) -> list[object]:
    if isinstance(rows, str | bytes) or not isinstance(rows, Iterable):
        raise TypeError(f"rows must be a list of rows, got {type(rows).__name__}")
    return list(rows)


def _column_styles(arrays: object, header: list[str]) -> list[str]:
    """The style of every column: ``arrays`` for all, or per column from a mapping."""
    if isinstance(arrays, str):
        return [check_choice(arrays, "arrays", _STYLES)] * len(header)
    if not isinstance(arrays, Mapping):
        raise TypeError(
            f"arrays must be one of {list(_STYLES)} or a mapping from columns (index or "
            f"header) to them, got {type(arrays).__name__}"
        )
    styles = ["text"] * len(header)
    for key, style in arrays.items():
        if isinstance(key, str) and key in header:
            col = header.index(key)
        elif (
            isinstance(key, int | np.integer)
            and not isinstance(key, bool)
            and 0 <= key < len(header)
        ):
            col = int(key)
        else:
            raise ValueError(
                f"arrays: {key!r} is neither a column index (0 to {len(header) - 1}) nor a header"
            )
        styles[col] = check_choice(style, f"arrays[{key!r}]", _STYLES)
    return styles


def table(
    header: Sequence[str],
    rows: Sequence[Sequence[object]],
    *,
    spec: str = ".4g",
    arrays: str | Mapping[int | str, str] = "text",
) -> Table:
    r"""Build a :class:`Table` from rows of numbers (or strings).

    Parameters
    ----------
    header : sequence of str
        Column titles; may contain MyST inline math such as ``$\hat y$``.
    rows : sequence of sequences
        One row a step; numbers, vectors and matrices are formatted (see
        ``arrays``), strings are kept.
    spec : str, default ".4g"
        Format specification for every number.
    arrays : str or mapping, default "text"
        How numbers, vectors and matrices are written. ``"text"``: as
        :func:`fmt_number` writes them. ``"tuple"``, ``"smallmatrix"`` or
        ``"bmatrix"``: as inline math, numbers as math too and arrays as
        :func:`wbcode.typeset.array_latex` writes them, for every column;
        or a mapping from columns (index or header) to these styles, the
        other columns staying ``"text"``. A column that holds typeset
        arrays is centred.

    Returns
    -------
    Table

    Raises
    ------
    TypeError
        If ``header`` is not a list of strings, a cell is neither a string
        nor a real number or an array of them, or ``arrays`` is neither a
        style nor a mapping.
    ValueError
        If a row has a different number of cells than ``header``, an array
        has more than 2 dimensions, or ``arrays`` names an unknown style or
        column.

    Examples
    --------
    >>> print(table(["step", "loss"], [[1, 0.25], [2, 0.0625]]))
    | step | loss |
    | ---: | ---: |
    | 1 | 0.25 |
    | 2 | 0.0625 |
    >>> print(table(["step", "w"], [[1, [0.5, -1]]], arrays={"w": "tuple"}))
    | step | w |
    | ---: | :---: |
    | 1 | $(0.5,\ {-1})$ |
    >>> print(table(["W"], [[[[1, 2], [3, 4]]]], arrays="smallmatrix"))
    | W |
    | :---: |
    | $\left[\begin{smallmatrix} 1 & 2 \\ 3 & 4 \end{smallmatrix}\right]$ |
    """
    heads = _check_header(header)
    spec = check_spec(spec)
    styles = _column_styles(arrays, heads)
    out, arrayed = [], [False] * len(heads)
    for i, row in enumerate(_rows(rows)):
        if isinstance(row, str | bytes) or not isinstance(row, Sequence | np.ndarray):
            raise TypeError(f"rows[{i}] must be a list of cells, got {type(row).__name__}")
        if len(row) != len(heads):
            raise ValueError(
                f"rows[{i}] must have {len(heads)} cells like the header, got {len(row)} cells"
            )
        out.append([_cell(c, spec, styles[j], f"rows[{i}][{j}]") for j, c in enumerate(row)])
        arrayed = [
            a or (styles[j] != "text" and _is_array(c))
            for j, (a, c) in enumerate(zip(arrayed, row, strict=True))
        ]
    plain = Table(heads, out)  # the alignment of plain tables
    if not any(arrayed):
        return plain
    return Table(
        heads, out, ["center" if a else p for a, p in zip(arrayed, plain.align, strict=True)]
    )


def _is_array(value: object) -> bool:
    if isinstance(value, np.ndarray):
        return value.ndim > 0
    return isinstance(value, list | tuple)


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
