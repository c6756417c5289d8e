"""Text in figures and tables: how a number is written, and labels and titles, checked.

Every drawing function takes ``fmt``, either a format string such as
``"{:.2f}"`` or a function of the number that returns the text. These helpers
check it (and labels and titles) once, at the public boundary, and apply it,
so that a wrong ``fmt`` gives an error naming ``fmt`` instead of an
``IndexError`` or ``AttributeError`` from deep inside the drawing code.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from string import Formatter

__all__ = ["Fmt", "apply_fmt", "check_fmt", "check_spec", "check_text", "check_texts"]

#: What ``fmt`` may be: a format string or a function of the number.
Fmt = str | Callable[[float], str]


def apply_fmt(fmt: Fmt, value: float, name: str = "fmt") -> str:
    """Write ``value`` with ``fmt``; a failing format names ``name``.

    Negative zero is written as zero.

    Examples
    --------
    >>> apply_fmt("{:.1f}", -0.0), apply_fmt(lambda v: f"<{v:g}>", 2.0)
    ('0.0', '<2>')
    >>> apply_fmt("{:d}", 1.5)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: fmt must format a float, such as "{:g}" or "{:.2f}"; "{:d}"
    fails on 1.5: ...
    """
    value = float(value) + 0.0  # no "-0"
    if callable(fmt):
        text = fmt(value)
        if not isinstance(text, str):
            raise TypeError(
                f"{name} must return a string, got {type(text).__name__} {text!r} for {value:g}"
            )
        return text
    try:
        return fmt.format(value)
    except (ValueError, TypeError, IndexError, KeyError, AttributeError) as err:
        raise ValueError(
            f'{name} must format a float, such as "{{:g}}" or "{{:.2f}}"; "{fmt}" fails on '
            f"{value:g}: {err}"
        ) from err


def check_fmt(fmt: object, name: str = "fmt") -> Fmt:
    """Return ``fmt`` after checking it is a format string that formats a float, or a callable.

    A format string must hold a replacement field and is tried on a number;
    a callable is checked on every use (it may accept only the numbers it is
    given, such as a lookup table).

    Examples
    --------
    >>> check_fmt("{:g}")
    '{:g}'
    >>> check_fmt(3)
    Traceback (most recent call last):
    ...
    TypeError: fmt must be a format string such as "{:g}" or a function of
    the number, got int 3
    """
    if callable(fmt):
        return fmt
    if not isinstance(fmt, str):
        raise TypeError(
            f'{name} must be a format string such as "{{:g}}" or a function of the number, '
            f"got {type(fmt).__name__} {fmt!r}"[:160]
        )
    try:
        fields = [field for _, field, _, _ in Formatter().parse(fmt) if field is not None]
    except ValueError as err:  # an unmatched brace
        raise ValueError(f"{name} is not a valid format string: {fmt!r}: {err}") from err
    if not fields:
        raise ValueError(f'{name} must hold a replacement field such as "{{:g}}", got {fmt!r}')
    apply_fmt(fmt, -1.5, name)
    return fmt


def check_spec(spec: object) -> str:
    """``spec``, if it is a format specification for a float (``'.4g'``), or a named error."""
    if not isinstance(spec, str):
        raise TypeError(f"spec must be a format specification such as '.4g', got {spec!r}")
    try:
        format(1.5, spec)
    except ValueError as err:
        raise ValueError(
            f"spec must be a format specification for a float such as '.4g', got {spec!r}: {err}"
        ) from err
    return spec


def check_text(value: object, name: str) -> str | None:
    """Return ``value`` after checking it is a string (a title, a label) or ``None``."""
    if value is not None and not isinstance(value, str):
        raise TypeError(f"{name} must be a string or None, got {type(value).__name__} {value!r}")
    return value


def check_texts(value: object, name: str, n: int, per: str) -> list[str]:
    """Return ``value`` as a list after checking it holds ``n`` strings, one per ``per``.

    Examples
    --------
    >>> check_texts(["in", "out"], "titles", 2, "layer")
    ['in', 'out']
    >>> check_texts(["in"], "titles", 2, "layer")
    Traceback (most recent call last):
    ...
    ValueError: titles must hold 2 strings, one per layer, got 1
    """
    if isinstance(value, str | bytes) or not isinstance(value, Sequence):
        raise TypeError(f"{name} must be a list of {n} strings, got {type(value).__name__}")
    if len(value) != n:
        plural = "" if n == 1 else "s"
        raise ValueError(f"{name} must hold {n} string{plural}, one per {per}, got {len(value)}")
    for i, text in enumerate(value):
        if not isinstance(text, str):
            raise TypeError(f"{name}[{i}] must be a string, got {type(text).__name__} {text!r}")
    return list(value)
