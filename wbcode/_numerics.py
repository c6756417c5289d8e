"""Arithmetic that cannot overflow, shared by the algorithms.

Squares and norms of large but finite numbers (``1e200``) overflow float64
when computed literally: ``g * g`` is ``inf`` for ``|g| > 1.3e154``. The
helpers here scale first, so every finite input gives a finite, correct
result without a warning.
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import ArrayLike

from ._checks import FloatArray

__all__ = ["log1pexp", "norm", "rms_update", "sigmoid_from_logit"]


def norm(x: ArrayLike) -> float:
    r"""Euclidean norm :math:`\lVert x\rVert_2` of all entries, without overflow or underflow.

    The entries are scaled by the power of two :math:`2^{-e}` with
    :math:`2^e \le \max_i |x_i| < 2^{e+1}`, so the largest scaled entry lies in
    :math:`[1, 2)`: the sum of squares neither overflows for huge ``x`` nor
    underflows to 0 for tiny ``x``, and because scaling by a power of two is
    exact, the result is bit for bit ``sqrt(sum(x**2))`` wherever that does not
    overflow. A norm beyond the float range is ``inf``.

    Examples
    --------
    >>> norm([3.0, 4.0])
    5.0
    >>> norm([1e200, 1e200]) / 1e200
    1.4142135623730951
    >>> norm([0.0, 0.0])
    0.0
    """
    a = np.abs(np.asarray(x, dtype=np.float64)).ravel()
    if a.size == 0:
        return 0.0
    m = float(a.max())
    if m == 0.0 or not np.isfinite(m):
        return m
    e = math.frexp(m)[1] - 1  # 2**e <= m < 2**(e + 1)
    r = float(np.sqrt(np.sum(np.ldexp(a, -e) ** 2)))
    try:
        return math.ldexp(r, e)
    except OverflowError:
        return math.inf


def rms_update(r: FloatArray, g: FloatArray, *, decay: float, gain: float) -> FloatArray:
    r"""The root of a running sum of squares, updated without forming ``g ** 2``.

    Returns :math:`\sqrt{\text{decay}\cdot r^2 + \text{gain}\cdot g^2}` elementwise, as
    ``np.hypot(sqrt(decay) * r, sqrt(gain) * g)``: AdaGrad's
    :math:`\sqrt{G + g^2}` (``decay = gain = 1``) and RMSProp's and Adam's
    :math:`\sqrt{\beta v + (1-\beta) g^2}` stay finite for every finite gradient.

    Examples
    --------
    >>> import numpy as np
    >>> rms_update(np.array([3.0]), np.array([4.0]), decay=1.0, gain=1.0)
    array([5.])
    >>> r, g = np.array([0.0]), np.array([1e200])
    >>> rms_update(r, g, decay=0.999, gain=0.001) / 1e200
    array([0.03162278])
    """
    return np.hypot(np.sqrt(decay) * r, np.sqrt(gain) * g)


def sigmoid_from_logit(o: FloatArray) -> FloatArray:
    r""":math:`\sigma(o) = 1/(1 + e^{-o})` without overflow for either sign of ``o``."""
    out = np.empty_like(o, dtype=np.float64)
    pos = o >= 0
    out[pos] = 1.0 / (1.0 + np.exp(-o[pos]))
    e = np.exp(o[~pos])
    out[~pos] = e / (1.0 + e)
    return out


def log1pexp(o: FloatArray) -> FloatArray:
    r""":math:`\log(1 + e^{o})` (softplus) without overflow: ``max(o, 0) + log1p(e^{-|o|})``.

    The binary cross-entropy of a logit is :math:`\log(1 + e^{o}) - y\,o`,
    finite for every finite ``o``; :mod:`wbcode.losses` evaluates it in the
    order ``max(o, 0) - y * o + log1p(exp(-|o|))``, which stays accurate where
    the two large terms cancel (``y = 1``, ``o >> 0``).

    Examples
    --------
    >>> import numpy as np
    >>> log1pexp(np.array([0.0, 1000.0, -1000.0])).tolist()
    [0.6931471805599453, 1000.0, 0.0]
    """
    return np.maximum(o, 0.0) + np.log1p(np.exp(-np.abs(o)))
