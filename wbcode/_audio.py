"""Input checks shared by the audio modules (augment, spectral, specaugment, room, voice)."""

from __future__ import annotations

import numbers

import numpy as np
from numpy.typing import ArrayLike

from ._checks import FloatArray, as_array

__all__ = ["integer", "power", "real", "wave"]


def wave(x: ArrayLike, name: str = "x") -> FloatArray:
    return as_array(x, name, ndim=1)


def integer(value: object, name: str, *, low: int | None = None) -> int:
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be an integer, got {type(value).__name__} {value!r}")
    val = int(value)
    if low is not None and val < low:
        raise ValueError(f"{name} must be >= {low}, got {val}")
    return val


def real(value: object, name: str) -> float:
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a real number, got {type(value).__name__} {value!r}")
    val = float(value)
    if not np.isfinite(val):
        raise ValueError(f"{name} must be finite, got {val}")
    return val


def power(x: FloatArray) -> float:
    return float(np.mean(x**2))
