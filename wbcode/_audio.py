"""Checks and exact scalings shared by the audio modules.

:mod:`wbcode.augment`, :mod:`wbcode.spectral`, :mod:`wbcode.room` and
:mod:`wbcode.voice` work on waveforms whose samples may be as loud as ``1e200``
or as quiet as ``1e-200``. Squaring such samples overflows or underflows
float64, so powers are taken after dividing by a power of two: that division
is exact, so wherever the unscaled computation would not overflow, the scaled
one gives the very same bits.
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import ArrayLike

from ._checks import FloatArray, as_array
from ._numerics import norm

__all__ = ["MAX_SAMPLES", "pow2_scale", "rms", "sample_count", "wave"]

#: The longest signal the audio functions create (about 1.7 hours at 16 kHz, 800 MB).
MAX_SAMPLES = 10**8


def wave(x: ArrayLike, name: str = "x") -> FloatArray:
    """A waveform: a finite, non-empty 1-D float array."""
    return as_array(x, name, ndim=1)


def sample_count(value: float, what: str, *, minimum: int = 1) -> int:
    """``round(value)`` samples, after checking ``minimum <= round(value) <= MAX_SAMPLES``.

    ``what`` is the expression the user's arguments give, e.g. ``"duration * sr"``.

    Examples
    --------
    >>> sample_count(0.25 * 8000, "duration * sr")
    2000
    >>> sample_count(1e200, "duration * sr")
    Traceback (most recent call last):
    ...
    ValueError: duration * sr gives 1e+200 samples, more than the 100000000
    a signal may have
    """
    if not value <= MAX_SAMPLES:  # also catches inf
        raise ValueError(
            f"{what} gives {value:.3g} samples, more than the {MAX_SAMPLES} a signal may have"
        )
    n = round(value)
    if n < minimum:
        raise ValueError(f"{what} must give at least {minimum} sample(s), got {value:.3g}")
    return n


def pow2_scale(x: FloatArray) -> tuple[FloatArray, int]:
    """``x = xs * 2**k`` with ``max |xs|`` in [0.5, 1): an exact rescaling (no rounding).

    Examples
    --------
    >>> xs, k = pow2_scale(np.array([3e200, -1e200]))
    >>> back = np.ldexp(xs, k)
    >>> float(abs(xs).max()) < 1.0, bool(np.all(back == [3e200, -1e200]))
    (True, True)
    """
    peak = float(np.max(np.abs(x))) if x.size else 0.0
    if peak == 0.0:
        return x.copy(), 0
    k = math.frexp(peak)[1]
    return np.ldexp(x, -k), k


def rms(x: FloatArray) -> float:
    r"""Root mean square :math:`\sqrt{\tfrac1n \sum_t x_t^2}`, without overflow or underflow.

    Examples
    --------
    >>> round(rms(np.array([3e200, -3e200])) / 1e200, 12)
    3.0
    """
    return norm(x) / math.sqrt(x.shape[0])
