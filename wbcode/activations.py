r"""Elementwise activation functions and their derivatives.

Each derivative is written in terms of the function's *input*, so a backward
pass multiplies the upstream gradient by ``d<name>(a)`` with the stored
pre-activation ``a``.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from ._checks import FloatArray, as_array

__all__ = ["drelu", "dsigmoid", "relu", "sigmoid"]


def sigmoid(a: ArrayLike) -> FloatArray:
    r"""Logistic sigmoid :math:`\sigma(a) = 1 / (1 + e^{-a})`, stable for any real ``a``.

    Parameters
    ----------
    a : array_like
        Pre-activations, any shape.

    Returns
    -------
    numpy.ndarray
        :math:`\sigma(a)`, same shape, in ``[0, 1]``.

    Notes
    -----
    For :math:`a < 0` the equivalent form :math:`e^{a} / (1 + e^{a})` is used,
    so ``exp`` is only ever called on non-positive numbers and cannot overflow.

    Examples
    --------
    >>> sigmoid([0.0, 1e4, -1e4])
    array([0.5, 1. , 0. ])
    """
    a = as_array(a, "a", allow_empty=True)
    e = np.exp(-np.abs(a))
    return np.where(a >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def dsigmoid(a: ArrayLike) -> FloatArray:
    r"""Derivative :math:`\sigma'(a) = \sigma(a)\,(1 - \sigma(a))`.

    Notes
    -----
    Computed as :math:`\sigma(a)\,\sigma(-a)`, since :math:`1 - \sigma(a) = \sigma(-a)`:
    for :math:`a > 37`, :math:`\sigma(a)` rounds to 1 and :math:`1 - \sigma(a)` to 0,
    while :math:`\sigma(-a)` keeps the tail :math:`e^{-a}`.

    Examples
    --------
    >>> dsigmoid([0.0])
    array([0.25])
    >>> dsigmoid([40.0])
    array([4.24835426e-18])
    """
    a = as_array(a, "a", allow_empty=True)
    return sigmoid(a) * sigmoid(-a)


def relu(a: ArrayLike) -> FloatArray:
    r"""Rectified linear unit :math:`\max(a, 0)`.

    Examples
    --------
    >>> relu([-1.0, 0.0, 2.0])
    array([0., 0., 2.])
    """
    a = as_array(a, "a", allow_empty=True)
    return np.maximum(a, 0.0)


def drelu(a: ArrayLike) -> FloatArray:
    r"""Derivative of ReLU, :math:`\mathbb{1}[a > 0]`.

    Notes
    -----
    ReLU has no derivative at :math:`a = 0`; like every deep-learning library
    this book takes the subgradient **0** there (a unit exactly at the kink
    passes no gradient).

    Examples
    --------
    >>> drelu([-1.0, 0.0, 2.0])
    array([0., 0., 1.])
    """
    a = as_array(a, "a", allow_empty=True)
    return (a > 0).astype(np.float64)
