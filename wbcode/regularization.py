r"""Weight penalties: L1 and L2, their (sub)gradients, and the L1 proximal step.

With penalty strength :math:`\lambda \ge 0` the training objective becomes
:math:`J(W) = \mathcal L(W) + \Omega(W)` with

.. math::

    \Omega_{1}(W) = \lambda \sum_{i} |w_i|, \qquad
    \Omega_{2}(W) = \lambda \sum_{i} w_i^2 ,

summed over the penalized weights. L2 is written without a factor 1/2, like
the squared loss (see the conventions page), so its gradient is
:math:`2\lambda w`; with the :math:`\tfrac{\lambda}{2}\lVert w\rVert^2`
convention it would be :math:`\lambda w`.

**Biases are not penalized** by default: a :class:`Penalty` skips column 0 of
each bias-first weight matrix (see :mod:`wbcode.mlp`). A bias only shifts a
unit's input; shrinking it towards zero does not make the function smoother,
which is why the usual practice, and this book, leave biases out
:cite:p:`goodfellow2016` (section 7.1). The Q6 chapter derives the L1 case and
Q9 uses L2.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from ._checks import FloatArray, as_array, check_bool, check_choice, check_positive
from ._overflow import overflow_is_an_error

__all__ = [
    "PENALTIES",
    "Penalty",
    "l1_grad",
    "l1_penalty",
    "l1_prox",
    "l2_grad",
    "l2_penalty",
    "weight_mask",
]

PENALTIES = ("l1", "l2")
"""Names of the penalties :class:`Penalty` knows."""


def _lam(lam: object) -> float:
    return check_positive(lam, "lam", strict=False)


@overflow_is_an_error("the L1 penalty of W")
def l1_penalty(W: ArrayLike, lam: float) -> float:
    r"""L1 penalty :math:`\lambda \sum_i |w_i|` of all entries of ``W``.

    Examples
    --------
    >>> round(l1_penalty([[1.0, -2.0], [0.0, 0.5]], 0.1), 6)
    0.35
    """
    W = as_array(W, "W", allow_empty=True)
    return _lam(lam) * float(np.sum(np.abs(W)))


@overflow_is_an_error("the L1 subgradient lam sign(W)")
def l1_grad(W: ArrayLike, lam: float) -> FloatArray:
    r"""Subgradient :math:`\lambda\,\operatorname{sign}(w)` of the L1 penalty, with sign(0) = 0.

    Parameters
    ----------
    W : array_like
        Weights, any shape.
    lam : float
        Strength :math:`\lambda \ge 0`.

    Returns
    -------
    numpy.ndarray, shaped like ``W``

    Notes
    -----
    :math:`|w|` has no derivative at :math:`w = 0`; every number in
    :math:`[-\lambda, \lambda]` is a subgradient there. This function picks
    **0** (``numpy.sign(0) == 0``): a weight that is exactly zero feels no pull
    from the penalty, only from the loss.

    Examples
    --------
    >>> l1_grad([-2.0, 0.0, 0.5], 0.1)
    array([-0.1,  0. ,  0.1])
    """
    W = as_array(W, "W", allow_empty=True)
    return _lam(lam) * np.sign(W)


def l1_prox(W: ArrayLike, t: float) -> FloatArray:
    r"""Proximal step of :math:`t\sum_i|w_i|` (soft thresholding).

    Parameters
    ----------
    W : array_like
        Weights after a gradient step on the loss alone.
    t : float
        Threshold :math:`t = \eta\lambda` (learning rate times strength).

    Returns
    -------
    numpy.ndarray
        :math:`\operatorname{sign}(w)\max(|w| - t, 0)`: entries within
        :math:`t` of zero become exactly zero.

    Notes
    -----
    A plain subgradient step :math:`w - \eta\lambda\operatorname{sign}(w)`
    jumps over zero and makes a small weight oscillate around it; the proximal
    step stops at zero instead, which is how L1 produces exact zeros in
    practice :cite:p:`parikh2014`.

    Examples
    --------
    >>> l1_prox([-0.5, 0.05, 0.3], 0.1)
    array([-0.4,  0. ,  0.2])
    """
    W = as_array(W, "W", allow_empty=True)
    t = check_positive(t, "t", strict=False)
    return np.sign(W) * np.maximum(np.abs(W) - t, 0.0)


@overflow_is_an_error("the L2 penalty of W")
def l2_penalty(W: ArrayLike, lam: float) -> float:
    r"""L2 penalty :math:`\lambda \sum_i w_i^2` of all entries of ``W`` (no factor 1/2).

    Examples
    --------
    >>> round(l2_penalty([[1.0, -2.0], [0.0, 0.5]], 0.1), 6)
    0.525
    """
    W = as_array(W, "W", allow_empty=True)
    return _lam(lam) * float(np.sum(W**2))


@overflow_is_an_error("the L2 gradient 2 lam W")
def l2_grad(W: ArrayLike, lam: float) -> FloatArray:
    r"""Gradient :math:`2\lambda w` of :func:`l2_penalty`.

    Examples
    --------
    >>> l2_grad([-2.0, 0.0, 0.5], 0.1)
    array([-0.4,  0. ,  0.1])
    """
    W = as_array(W, "W", allow_empty=True)
    return 2.0 * _lam(lam) * W


def weight_mask(W: ArrayLike, *, bias: bool = False) -> FloatArray:
    """1 for each penalized entry of a bias-first weight matrix, 0 for the biases.

    Parameters
    ----------
    W : array_like, shape (n_out, 1 + n_in) or (1 + n_in,)
        Column (entry) 0 holds the biases.
    bias : bool, default False
        Whether the biases are penalized too (then the mask is all ones).

    Examples
    --------
    >>> weight_mask([[1.0, 2.0, 1.0], [1.0, 1.0, 2.0]])
    array([[0., 1., 1.],
           [0., 1., 1.]])
    """
    W = as_array(W, "W", ndim=(1, 2))
    return _mask(W, check_bool(bias, "bias"))


def _mask(W: FloatArray, bias: bool) -> FloatArray:
    """:func:`weight_mask` without the checks; column 0 of the last axis holds the biases."""
    mask = np.ones_like(W)
    if not bias:
        mask[..., 0] = 0.0
    return mask


@dataclass(frozen=True)
class Penalty:
    r"""A weight penalty for a list of bias-first weight matrices.

    Parameters
    ----------
    kind : {"l1", "l2"}
        :math:`\lambda\sum|w|` or :math:`\lambda\sum w^2`.
    lam : float
        Strength :math:`\lambda \ge 0`.
    bias : bool, default False
        Whether column 0 (the biases) is penalized too.

    Examples
    --------
    >>> import numpy as np
    >>> pen = Penalty("l1", 0.1)
    >>> W = [np.array([[1.0, 2.0, -1.0]]), np.array([3.0, -1.0])]
    >>> round(pen.value(W), 6)
    0.4
    >>> pen.grad(W)
    (array([[ 0. ,  0.1, -0.1]]), array([ 0. , -0.1]))
    """

    kind: str
    lam: float
    bias: bool = False

    def __post_init__(self) -> None:
        check_choice(self.kind, "kind", PENALTIES)
        object.__setattr__(self, "lam", _lam(self.lam))
        object.__setattr__(self, "bias", check_bool(self.bias, "bias"))

    def _weights(self, weights: Sequence[ArrayLike]) -> list[FloatArray]:
        if isinstance(weights, np.ndarray | str) or not isinstance(weights, Sequence):
            raise TypeError(
                f"weights must be a list of weight matrices, got {type(weights).__name__}"
            )
        return [as_array(W, f"weights[{i}]", ndim=(1, 2)) for i, W in enumerate(weights)]

    @overflow_is_an_error("the penalty")
    def value(self, weights: Sequence[ArrayLike]) -> float:
        r""":math:`\Omega` summed over the penalized entries of every matrix."""
        return self._value(self._weights(weights))

    @overflow_is_an_error("the penalty's gradient")
    def grad(self, weights: Sequence[ArrayLike]) -> tuple[FloatArray, ...]:
        """(Sub)gradient of :meth:`value` by each matrix; 0 on unpenalized biases."""
        return self._grad(self._weights(weights))

    # The unchecked forms work elementwise on any stack of bias-first matrices
    # (column 0 of the last axis holds the biases); wbcode.train uses them on
    # many networks at once.
    def _value(self, Ws: Sequence[FloatArray]) -> float:
        """:meth:`value` without the checks."""
        f = np.abs if self.kind == "l1" else np.square
        return sum((self.lam * float(np.sum(f(W * _mask(W, self.bias)))) for W in Ws), 0.0)

    def _grad(self, Ws: Sequence[FloatArray]) -> tuple[FloatArray, ...]:
        """:meth:`grad` without the checks: lam sign(w) (L1) or 2 lam w (L2), 0 on spared biases."""
        out = []
        for W in Ws:
            if self.kind == "l1":
                dW = self.lam * np.sign(W)
            else:
                dW = 2.0 * self.lam * W
            if not self.bias:
                dW[..., 0] = 0.0  # the biases are spared
            out.append(dW)
        return tuple(out)
