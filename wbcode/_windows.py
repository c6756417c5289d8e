r"""Window geometry shared by convolution, cross-correlation and pooling.

A kernel or a pooling window of length :math:`k` slides over an axis of length
:math:`n`, padded by :math:`P` zeros on each side, in steps of :math:`s`; it
fits :math:`\lfloor (n + 2P - k)/s \rfloor + 1` times. The helpers here turn
the user's ``padding``, ``stride`` and ``size`` arguments into one integer per
axis and check that the window fits, naming the arguments as the user passed
them.
"""

from __future__ import annotations

import numbers
from collections.abc import Sequence

import numpy as np

from ._checks import check_choice, check_int

__all__ = ["PADDING_NAMES", "Padding", "Stride", "check_fit", "ints", "padding_amounts"]

Padding = str | int | tuple[int, int]
Stride = int | tuple[int, int]

PADDING_NAMES = ("valid", "same", "full")


def ints(value: object, name: str, *, minimum: int, axes: int = 2) -> tuple[int, ...]:
    """An integer, or (for two axes) a pair of integers, as one integer per axis."""
    if axes > 1 and isinstance(value, tuple | list):
        if len(value) != axes:
            raise ValueError(f"{name} must be an integer or a pair of integers, got {value!r}")
        return tuple(check_int(v, name, minimum=minimum) for v in value)
    return (check_int(value, name, minimum=minimum),) * axes


def padding_amounts(padding: object, kernel: Sequence[int], kernel_name: str) -> tuple[int, ...]:
    """Zeros added on *each* side of every spatial axis, for a kernel of spatial shape ``kernel``.

    ``"valid"`` adds none, ``"full"`` ``k - 1``, ``"same"`` ``k // 2`` (odd ``k``
    only: only then does it keep the size); a number (or a pair, for two axes)
    is taken as it is.
    """
    if isinstance(padding, str):
        check_choice(padding, "padding", PADDING_NAMES)
        if padding == "valid":
            return (0,) * len(kernel)
        if padding == "full":
            return tuple(k - 1 for k in kernel)
        if any(k % 2 == 0 for k in kernel):
            what = (
                f"an odd kernel length, got {kernel_name} of length {kernel[0]}"
                if len(kernel) == 1
                else f"odd kernel sizes, got {kernel_name} of spatial shape {tuple(kernel)}"
            )
            raise ValueError(
                f"padding='same' needs {what} (k // 2 zeros on each side keep the size only "
                "for odd k); use padding='valid' or an explicit number of zeros"
            )
        return tuple(k // 2 for k in kernel)
    if isinstance(padding, bool | np.bool_) or not isinstance(
        padding, numbers.Integral | tuple | list
    ):
        raise TypeError(
            f"padding must be one of {list(PADDING_NAMES)} or a number of zeros, "
            f"got {type(padding).__name__} {padding!r}"
        )
    return ints(padding, "padding", minimum=0, axes=len(kernel))


def check_fit(
    spatial: Sequence[int],
    window: Sequence[int],
    padded: Sequence[int],
    input_name: str,
    window_name: str,
) -> None:
    """Raise ``ValueError`` unless the window fits at least once into the padded input."""
    if any(w > n + 2 * p for n, w, p in zip(spatial, window, padded, strict=True)):
        raise ValueError(
            f"{window_name} (spatial shape {tuple(window)}) is larger than the input "
            f"{input_name} of spatial shape {tuple(spatial)} padded by {tuple(padded)} "
            "on each side"
        )
