r"""Softmax and log-softmax over the last axis, numerically stable.

.. math::

    \operatorname{softmax}(x)_i = \frac{e^{x_i}}{\sum_j e^{x_j}}
    = \frac{e^{x_i - m}}{\sum_j e^{x_j - m}}, \qquad m = \max_j x_j .

Subtracting the maximum changes nothing mathematically (numerator and
denominator are both multiplied by :math:`e^{-m}`) but keeps every exponent
:math:`\le 0`, so nothing overflows. Derived in the Q1 chapter.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from ._checks import FloatArray, as_array, check_positive

__all__ = ["log_softmax", "softmax", "softmax_naive"]


def softmax(x: ArrayLike, *, temperature: float = 1.0) -> FloatArray:
    r"""Softmax of ``x / temperature`` over the last axis.

    Parameters
    ----------
    x : array_like, shape (..., k)
        Logits; each row along the last axis is one distribution.
    temperature : float, default 1.0
        :math:`T > 0`; large :math:`T` flattens the distribution, small
        :math:`T` sharpens it towards the arg-max (any finite :math:`T > 0`
        works, down to the smallest float).

    Returns
    -------
    numpy.ndarray, shape (..., k)
        Probabilities, non-negative and summing to 1 along the last axis.

    Notes
    -----
    .. math::

        \operatorname{softmax}(x)_i = \frac{e^{(x_i - m)/T}}{\sum_j e^{(x_j - m)/T}},
        \qquad m = \max_j x_j .

    See the Q1 chapter for why the shift by :math:`m` is needed.

    Examples
    --------
    >>> softmax([1.0, 0.0, 2.0]).round(4)
    array([0.2447, 0.09  , 0.6652])
    >>> softmax([1e4, 0.0])
    array([1., 0.])
    """
    x = as_array(x, "x", ndim=range(1, 33))
    t = check_positive(temperature, "temperature")
    # z <= 0; it is -inf only below -1.8e308, where e^z is 0 anyway
    with np.errstate(over="ignore"):
        z = (x - x.max(axis=-1, keepdims=True)) / t
    e = np.exp(z)
    return e / e.sum(axis=-1, keepdims=True)


def log_softmax(x: ArrayLike) -> FloatArray:
    r"""Logarithm of :func:`softmax` over the last axis, computed without ``log(0)``.

    Parameters
    ----------
    x : array_like, shape (..., k)
        Logits.

    Returns
    -------
    numpy.ndarray, shape (..., k)
        :math:`\log \operatorname{softmax}(x)`, every entry :math:`\le 0`; ``-inf``
        only where the exact value lies below the float range (a gap
        :math:`\max_j x_j - x_i` above about :math:`1.8 \cdot 10^{308}`).

    Notes
    -----
    .. math::

        \log \operatorname{softmax}(x)_i = (x_i - m) - \log \sum_j e^{x_j - m}

    (the log-sum-exp trick). Taking ``np.log(softmax(x))`` instead gives
    ``-inf`` as soon as a probability underflows to 0.

    Examples
    --------
    >>> log_softmax([0.0, 0.0]).round(4)
    array([-0.6931, -0.6931])
    >>> log_softmax([1e4, 0.0])
    array([     0., -10000.])
    """
    x = as_array(x, "x", ndim=range(1, 33))
    with np.errstate(over="ignore"):  # a gap beyond the float range (1e308 - -1e308) is -inf
        z = x - x.max(axis=-1, keepdims=True)
    return z - np.log(np.exp(z).sum(axis=-1, keepdims=True))


def softmax_naive(x: ArrayLike) -> FloatArray:
    r"""The textbook formula :math:`e^{x_i} / \sum_j e^{x_j}` *without* the shift.

    Kept only to show what goes wrong: for logits above about 709,
    :math:`e^{x}` overflows float64 and the result is ``nan``. Use
    :func:`softmax` in real code.

    Examples
    --------
    >>> softmax_naive([1.0, 0.0, 2.0]).round(4)
    array([0.2447, 0.09  , 0.6652])
    >>> import numpy as np
    >>> with np.errstate(over="ignore", invalid="ignore"):
    ...     softmax_naive([1000.0, 0.0])
    array([nan,  0.])
    """
    x = as_array(x, "x", ndim=range(1, 33))
    e = np.exp(x)
    return e / e.sum(axis=-1, keepdims=True)
