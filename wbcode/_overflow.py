"""Results beyond the float range are errors, not ``inf`` or warnings.

A loss or a gradient of large but finite input can be too large for float64
(``1e200 ** 2``). :func:`overflow_is_an_error` runs a function with numpy's
overflow warnings off and raises a ``ValueError`` that says what overflowed
if the result is not finite, so that such input never returns ``inf``/``NaN``
and never warns.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import ParamSpec, TypeVar

import numpy as np

P = ParamSpec("P")
R = TypeVar("R")


def overflow_is_an_error(what: str) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Decorate a function whose result ``what`` must be finite for finite input."""

    def decorate(func: Callable[P, R]) -> Callable[P, R]:
        @functools.wraps(func)
        def checked(*args: P.args, **kwargs: P.kwargs) -> R:
            with np.errstate(over="ignore", invalid="ignore"):
                out = func(*args, **kwargs)
            values = out if isinstance(out, tuple) else (out,)
            if not all(np.all(np.isfinite(np.asarray(v, dtype=np.float64))) for v in values):
                raise ValueError(
                    f"{what} overflows float64 (it would exceed 1.8e308); rescale the input"
                )
            return out

        return checked

    return decorate
