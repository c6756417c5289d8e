r"""The sparse autoencoder of Q19: its loss and its gradients in matrix form.

With the encoder :math:`W` ``(k, d)``, the decoder :math:`V` ``(d, k)`` and an
activation :math:`g`, the code is :math:`h = g(Wx)` and the reconstruction
:math:`\tilde x = V h` (as in :mod:`wbcode.linear_autoencoder`). The loss of
Q19 is :math:`\L = \sum_i (\tilde x_i - x_i)^2 + \lambda \sum_j |h_j|`; its
gradients by :math:`W` and :math:`V` hold for any activation :math:`g` (ReLU
and sigmoid built in). The Q19 chapter derives them. NaN and infinite input
is rejected with a ``ValueError`` naming the argument, and so is input whose
loss would exceed the float64 range.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from ._checks import FloatArray, as_array, check_positive
from .activations import drelu, dsigmoid, relu, sigmoid
from .linear_autoencoder import _coder, _finite

__all__ = ["SparseAEPass", "sparse_ae_backward", "sparse_ae_grad", "sparse_ae_loss"]

Activation = Callable[[FloatArray], FloatArray]

#: The activations known by name, each with its derivative (written in terms of the input).
ACTIVATIONS: dict[str, tuple[Activation, Activation]] = {
    "relu": (relu, drelu),
    "sigmoid": (sigmoid, dsigmoid),
}


def _activation(g: str | Activation, dg: Activation | None) -> tuple[Activation, Activation | None]:
    if isinstance(g, str):
        if g not in ACTIVATIONS:
            raise ValueError(f"g must be one of {sorted(ACTIVATIONS)} or a callable, got {g!r}")
        if dg is not None:
            raise TypeError(f"dg must not be given with g={g!r}: its derivative is built in")
        return ACTIVATIONS[g]
    if not callable(g):
        raise TypeError(f"g must be a name in {sorted(ACTIVATIONS)} or a callable, got {g!r}")
    if dg is not None and not callable(dg):
        raise TypeError(f"dg must be a callable (the derivative of g), got {dg!r}")
    return g, dg


@dataclass(frozen=True)
class SparseAEPass:
    r"""Every intermediate quantity of :func:`sparse_ae_backward` (rows: samples)."""

    a: FloatArray  #: pre-activations :math:`a = Wx`
    h: FloatArray  #: code :math:`h = g(a)`
    xt: FloatArray  #: reconstruction :math:`\tilde x = V h`
    loss: float  #: :math:`\L`, summed over the samples
    dxt: FloatArray  #: :math:`\partial\L/\partial\tilde x = 2(\tilde x - x)`
    dh: FloatArray  #: :math:`\partial\L/\partial h`, see :func:`sparse_ae_backward`
    da: FloatArray  #: :math:`\partial\L/\partial a = \partial\L/\partial h \odot g'(a)`
    dW: FloatArray  #: :math:`\partial\L/\partial W = (\partial\L/\partial a)\, x^\top`
    dV: FloatArray  #: :math:`\partial\L/\partial V = (\partial\L/\partial\tilde x)\, h^\top`


def _loss(xt: FloatArray, X: FloatArray, h: FloatArray, lam: float) -> float:
    """The loss sum (xt - x)^2 + lam sum |h|, or a ValueError if it exceeds float64."""
    with np.errstate(over="ignore", invalid="ignore"):
        loss = np.sum((xt - X) ** 2) + lam * np.sum(np.abs(h))
    _finite(loss, "loss", "x")
    return float(loss)


def sparse_ae_loss(
    x: ArrayLike, W: ArrayLike, V: ArrayLike, lam: float, *, g: str | Activation = "relu"
) -> float:
    r"""The sparse autoencoder loss of Q19, summed over a batch.

    Parameters
    ----------
    x : array_like, shape (d,) or (n, d)
        One sample, or a batch with one sample a row.
    W : array_like, shape (k, d)
        Encoder.
    V : array_like, shape (d, k)
        Decoder.
    lam : float
        Penalty strength :math:`\lambda \ge 0`.
    g : {"relu", "sigmoid"} or callable, default "relu"
        The encoder's activation.

    Returns
    -------
    float

    Notes
    -----
    .. math::

        \L(x, W, V) = \sum_{i=1}^{d} (\tilde x_i - x_i)^2 + \lambda \sum_{j=1}^{k} |h_j|,
        \qquad h = g(Wx), \quad \tilde x = V h ,

    summed over the rows of a batch.

    Examples
    --------
    >>> W, V = [[1, 0, 1], [-1, 2, 1]], [[1, 0], [0, 1], [1, -1]]
    >>> sparse_ae_loss([1.0, 0.0, 2.0], W, V, 0.5)
    7.0
    """
    X, W, V = _coder(x, W, V, "x")
    lam = check_positive(lam, "lam", strict=False)
    g, _ = _activation(g, None)
    X2 = X.reshape(-1, X.shape[-1])
    h = as_array(g(X2 @ W.T), "g(a)", shape=(X2.shape[0], W.shape[0]))
    return _loss(h @ V.T, X2, h, lam)


def sparse_ae_backward(
    x: ArrayLike,
    W: ArrayLike,
    V: ArrayLike,
    lam: float,
    *,
    g: str | Activation = "relu",
    dg: Activation | None = None,
) -> SparseAEPass:
    r"""Forward and backward pass of the sparse autoencoder, every step kept.

    Parameters
    ----------
    x, W, V, lam, g
        As in :func:`sparse_ae_loss`.
    dg : callable, optional
        The derivative :math:`g'`, as a function of the pre-activation
        :math:`a`; required when ``g`` is a callable, and must be left out
        when ``g`` names a built-in activation.

    Returns
    -------
    SparseAEPass
        The quantities of the chain rule, with a leading sample axis when
        ``x`` is a batch; ``dW`` and ``dV`` are summed over the batch.

    Notes
    -----
    In matrix form (Q19 derives it), for one sample,

    .. math::

        \frac{\partial \L}{\partial \tilde x} &= 2(\tilde x - x), \qquad &
        \frac{\partial \L}{\partial V} &= 2(\tilde x - x)\, h^\top, \\
        \frac{\partial \L}{\partial h} &= 2 V^\top (\tilde x - x)
            + \lambda \mathrm{sign}(h), \qquad &
        \frac{\partial \L}{\partial W} &= \Big[\frac{\partial \L}{\partial h}
            \odot g'(Wx)\Big] x^\top .

    :math:`|h_j|` has no derivative at :math:`h_j = 0`; the subgradient
    :math:`\operatorname{sign}(0) = 0` is used there. With ReLU it never
    matters (:math:`h_j = 0` means :math:`a_j \le 0`, where
    :math:`g'(a_j) = 0` blocks it), and with the sigmoid :math:`h_j > 0`
    always, so :math:`|h_j| = h_j`.

    Examples
    --------
    >>> p = sparse_ae_backward([1.0, 0.0, 2.0], [[1, 0, 1], [-1, 2, 1]],
    ...                        [[1, 0], [0, 1], [1, -1]], 0.5)
    >>> p.h, p.xt, p.loss
    (array([3., 1.]), array([3., 1., 2.]), 7.0)
    >>> p.dW
    array([[4.5, 0. , 9. ],
           [2.5, 0. , 5. ]])
    """
    X, W, V = _coder(x, W, V, "x")
    lam = check_positive(lam, "lam", strict=False)
    g, dg = _activation(g, dg)
    if dg is None:
        raise TypeError("dg (the derivative of g) is required when g is a callable")
    X2 = X.reshape(-1, X.shape[-1])
    a = X2 @ W.T
    h = as_array(g(a), "g(a)", shape=a.shape)
    xt = h @ V.T
    loss = _loss(xt, X2, h, lam)
    dxt = 2.0 * (xt - X2)
    dh = dxt @ V + lam * np.sign(h)  # subgradient sign(0) = 0
    da = dh * as_array(dg(a), "dg(a)", shape=a.shape)
    dW = da.T @ X2
    dV = dxt.T @ h
    if X.ndim == 1:
        a, h, xt, dxt, dh, da = (q[0] for q in (a, h, xt, dxt, dh, da))
    return SparseAEPass(a=a, h=h, xt=xt, loss=loss, dxt=dxt, dh=dh, da=da, dW=dW, dV=dV)


def sparse_ae_grad(
    x: ArrayLike,
    W: ArrayLike,
    V: ArrayLike,
    lam: float,
    *,
    g: str | Activation = "relu",
    dg: Activation | None = None,
) -> tuple[FloatArray, FloatArray]:
    r"""Gradients of :func:`sparse_ae_loss` by the encoder and the decoder.

    Parameters
    ----------
    x, W, V, lam, g, dg
        As in :func:`sparse_ae_backward`.

    Returns
    -------
    dW : numpy.ndarray, shape (k, d)
    dV : numpy.ndarray, shape (d, k)
        Summed over the samples of a batch.

    Notes
    -----
    For a batch :math:`X \in \R^{n \times d}` (one sample a row) with
    :math:`A = X W^\top`, :math:`H = g(A)`, :math:`\tilde X = H V^\top`:

    .. math::

        \frac{\partial \L}{\partial V} = 2 (\tilde X - X)^\top H, \qquad
        \frac{\partial \L}{\partial W} =
        \Big[\big(2 (\tilde X - X) V + \lambda \operatorname{sign}(H)\big) \odot g'(A)\Big]^\top X .

    Examples
    --------
    >>> dW, dV = sparse_ae_grad([1.0, 0.0, 2.0], [[1, 0, 1], [-1, 2, 1]],
    ...                         [[1, 0], [0, 1], [1, -1]], 0.5)
    >>> dV
    array([[12.,  4.],
           [ 6.,  2.],
           [ 0.,  0.]])
    """
    p = sparse_ae_backward(x, W, V, lam, g=g, dg=dg)
    return p.dW, p.dV
