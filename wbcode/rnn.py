r"""A simple recurrent network: forward pass, loss and backpropagation through time.

The letters are those of Goodfellow, Bengio & Courville (2016), eqs. 10.8-10.11,
with a sigmoid output (one probability per output unit):

.. math::

    a^{(t)} &= b + W h^{(t-1)} + U x^{(t)}, \qquad
    h^{(t)} = f\bigl(a^{(t)}\bigr), \\
    o^{(t)} &= c + V h^{(t)}, \qquad
    \hat y^{(t)} = \sigma\bigl(o^{(t)}\bigr),

for :math:`t = 1, \dots, T`, starting from a given :math:`h^{(0)}`. The hidden
activation :math:`f` is ReLU (the workbook's Q15), tanh (the book's choice) or
the identity (a linear RNN, useful to isolate the effect of :math:`W`).

Shapes: ``X`` is ``(T, d)`` (one time step a row), ``U`` is ``(n, d)``, ``W`` is
``(n, n)``, ``b`` and ``h0`` are ``(n,)``, ``V`` is ``(k, n)`` with ``c`` of shape
``(k,)``; or ``V`` is ``(n,)`` with a scalar ``c`` for a single output, and then
``o`` and ``yhat`` have shape ``(T,)``. The Q15 chapter computes a forward pass by
hand, the Q16 chapter derives BPTT. The Jacobian products behind vanishing and
exploding gradients are in :mod:`wbcode.jacobian`, gradient clipping in
:mod:`wbcode.clipping`.

Every function rejects NaN and infinite entries with a ``ValueError``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

import numpy as np
from numpy.typing import ArrayLike

from ._checks import FloatArray, as_array, check_choice, check_unit_interval
from .activations import drelu, relu, sigmoid
from .losses import logistic_loss

__all__ = ["RNNForward", "RNNGrads", "rnn_backward", "rnn_forward", "rnn_loss"]

ACTIVATIONS = ("relu", "tanh", "identity")
LOSSES = ("bce", "squared")


def _f(a: FloatArray, activation: str) -> FloatArray:
    if activation == "relu":
        return relu(a)
    if activation == "tanh":
        return np.tanh(a)
    return a.copy()


def _df(a: FloatArray, activation: str) -> FloatArray:
    if activation == "relu":
        return drelu(a)
    if activation == "tanh":
        return 1.0 - np.tanh(a) ** 2
    return np.ones_like(a)


@dataclass(frozen=True)
class RNNForward:
    """Every intermediate of :func:`rnn_forward`, one row a time step.

    Row ``t - 1`` holds time step ``t`` (the workbook counts from 1).
    """

    a: FloatArray  #: pre-activations :math:`a^{(t)}`, shape ``(T, n)``
    h: FloatArray  #: hidden states :math:`h^{(t)}`, shape ``(T, n)``
    o: FloatArray  #: output logits :math:`o^{(t)}`, shape ``(T, k)`` or ``(T,)``
    yhat: FloatArray  #: outputs :math:`\sigma(o^{(t)})`, shaped like ``o``
    h0: FloatArray  #: the initial state :math:`h^{(0)}`, shape ``(n,)``


class RNNGrads(NamedTuple):
    """Gradients of :func:`rnn_backward`, in the order of the arguments."""

    dU: FloatArray
    dW: FloatArray
    dV: FloatArray
    db: FloatArray
    dc: FloatArray
    dh0: FloatArray


def _params(
    X: ArrayLike,
    U: ArrayLike,
    W: ArrayLike,
    V: ArrayLike,
    b: ArrayLike,
    c: ArrayLike,
    h0: ArrayLike,
) -> tuple[FloatArray, ...]:
    X = as_array(X, "X", ndim=2)
    d = X.shape[1]
    U = as_array(U, "U", ndim=2)
    n = U.shape[0]
    if U.shape[1] != d:
        raise ValueError(f"U must have shape ({n}, {d}) to match X with {d} columns, got {U.shape}")
    W = as_array(W, "W", shape=(n, n))
    b = as_array(b, "b", shape=(n,))
    h0 = as_array(h0, "h0", shape=(n,), copy=True)  # kept by RNNForward
    V = as_array(V, "V", ndim=(1, 2))
    if V.shape[-1] != n:
        raise ValueError(f"V must have {n} columns to match U with {n} rows, got shape {V.shape}")
    c = as_array(c, "c", shape=V.shape[:-1])
    return X, U, W, V, b, c, h0


def rnn_forward(
    X: ArrayLike,
    U: ArrayLike,
    W: ArrayLike,
    V: ArrayLike,
    b: ArrayLike,
    c: ArrayLike,
    h0: ArrayLike,
    *,
    activation: str = "tanh",
) -> RNNForward:
    r"""Run the RNN over a sequence and keep every intermediate.

    Parameters
    ----------
    X : array_like, shape (T, d)
        The inputs :math:`x^{(1)}, \dots, x^{(T)}`, one time step a row.
    U : array_like, shape (n, d)
        Input-to-hidden weights.
    W : array_like, shape (n, n)
        Hidden-to-hidden (recurrent) weights.
    V : array_like, shape (k, n) or (n,)
        Hidden-to-output weights; a vector means a single output.
    b : array_like, shape (n,)
        Hidden bias.
    c : array_like, shape (k,) or ()
        Output bias (a scalar when ``V`` is a vector).
    h0 : array_like, shape (n,)
        Initial state :math:`h^{(0)}`.
    activation : {"tanh", "relu", "identity"}, default "tanh"
        The hidden activation :math:`f`.

    Returns
    -------
    RNNForward
        ``a``, ``h``, ``o``, ``yhat`` per time step, and ``h0``.

    Notes
    -----
    Goodfellow et al. (2016), eqs. 10.8-10.11, with a sigmoid output:

    .. math::

        a^{(t)} &= b + W h^{(t-1)} + U x^{(t)}, \quad h^{(t)} = f(a^{(t)}), \\
        o^{(t)} &= c + V h^{(t)}, \quad \hat y^{(t)} = \sigma(o^{(t)}).

    The same weights are used at every time step. Computed by hand in the Q15
    chapter.

    References
    ----------
    .. [1] I. Goodfellow, Y. Bengio, A. Courville, *Deep Learning*, MIT Press,
       2016, section 10.2.

    Examples
    --------
    >>> import numpy as np
    >>> X = [[1.0], [0.0]]
    >>> U, W, V, b, c, h0 = [[1.0]], [[0.5]], [2.0], [0.0], 0.0, [0.0]
    >>> fw = rnn_forward(X, U, W, V, b, c, h0, activation="relu")
    >>> fw.a, fw.h
    (array([[1. ],
           [0.5]]), array([[1. ],
           [0.5]]))
    >>> fw.o, fw.yhat.round(4)
    (array([2., 1.]), array([0.8808, 0.7311]))
    """
    X, U, W, V, b, c, h0 = _params(X, U, W, V, b, c, h0)
    activation = check_choice(activation, "activation", ACTIVATIONS)
    T, n = X.shape[0], U.shape[0]
    inputs = X @ U.T + b  # b + U x(t) for every t at once
    a = np.empty((T, n))
    h = np.empty((T, n))
    h_prev = h0
    for t in range(T):
        a[t] = inputs[t] + W @ h_prev
        h[t] = _f(a[t], activation)
        h_prev = h[t]
    o = h @ V.T + c
    return RNNForward(a=a, h=h, o=o, yhat=sigmoid(o), h0=h0)


def _targets(y: ArrayLike, o: FloatArray) -> FloatArray:
    y = as_array(y, "y", ndim=o.ndim)
    if y.shape != o.shape:
        raise ValueError(
            f"y must have shape {o.shape} (one target per step and output), got {y.shape}"
        )
    return check_unit_interval(y, "y")


def _loss_and_do(o: FloatArray, y: FloatArray, loss: str) -> tuple[float, FloatArray]:
    p = sigmoid(o)
    if loss == "bce":
        # -[y log p + (1-y) log(1-p)], computed stably from the logit
        value = float(np.sum(logistic_loss(y, o)))
        return value, p - y
    value = float(np.sum((y - p) ** 2))
    return value, -2.0 * (y - p) * p * (1.0 - p)


def rnn_loss(
    X: ArrayLike,
    y: ArrayLike,
    U: ArrayLike,
    W: ArrayLike,
    V: ArrayLike,
    b: ArrayLike,
    c: ArrayLike,
    h0: ArrayLike,
    *,
    activation: str = "tanh",
    loss: str = "bce",
) -> float:
    r"""The loss summed over time steps (and output units).

    Parameters
    ----------
    X, U, W, V, b, c, h0 : array_like
        As in :func:`rnn_forward`.
    y : array_like, shape (T, k) or (T,)
        Targets in ``[0, 1]``, shaped like ``rnn_forward(...).o``.
    activation : {"tanh", "relu", "identity"}, default "tanh"
    loss : {"bce", "squared"}, default "bce"
        Binary cross-entropy :math:`-[y\log\hat y + (1-y)\log(1-\hat y)]` or
        squared error :math:`(y - \hat y)^2` (no factor 1/2).

    Returns
    -------
    float
        :math:`\mathcal L = \sum_t \ell(y^{(t)}, \hat y^{(t)})`.

    Raises
    ------
    ValueError
        Shapes that do not fit together, NaN or infinite entries, targets
        outside ``[0, 1]`` (for either loss), or an unknown option.

    Examples
    --------
    >>> U, W, V, b, c, h0 = [[1.0]], [[0.5]], [2.0], [0.0], 0.0, [0.0]
    >>> round(rnn_loss([[1.0]], [1.0], U, W, V, b, c, h0), 4)
    0.1972
    """
    loss = check_choice(loss, "loss", LOSSES)
    fw = rnn_forward(X, U, W, V, b, c, h0, activation=activation)
    return _loss_and_do(fw.o, _targets(y, fw.o), loss)[0]


def rnn_backward(
    X: ArrayLike,
    y: ArrayLike,
    U: ArrayLike,
    W: ArrayLike,
    V: ArrayLike,
    b: ArrayLike,
    c: ArrayLike,
    h0: ArrayLike,
    *,
    activation: str = "tanh",
    loss: str = "bce",
) -> RNNGrads:
    r"""Backpropagation through time: gradients of :func:`rnn_loss`.

    Parameters
    ----------
    X, y, U, W, V, b, c, h0, activation, loss
        As in :func:`rnn_loss`.

    Returns
    -------
    RNNGrads
        ``(dU, dW, dV, db, dc, dh0)``, each shaped like its parameter.

    Notes
    -----
    Going backwards from :math:`t = T` with :math:`\delta a^{(T+1)} = 0`
    (Goodfellow et al. 2016, section 10.2.2):

    .. math::

        \delta o^{(t)} &= \frac{\partial \mathcal L}{\partial o^{(t)}}
            \quad (\hat y - y \text{ for cross-entropy}), \\
        \delta h^{(t)} &= V^\top \delta o^{(t)} + W^\top \delta a^{(t+1)}, \qquad
        \delta a^{(t)} = f'(a^{(t)}) \odot \delta h^{(t)}, \\
        \nabla_V \mathcal L &= \sum_t \delta o^{(t)} h^{(t)\top}, \quad
        \nabla_c \mathcal L = \sum_t \delta o^{(t)}, \quad
        \nabla_U \mathcal L = \sum_t \delta a^{(t)} x^{(t)\top}, \\
        \nabla_W \mathcal L &= \sum_t \delta a^{(t)} h^{(t-1)\top}, \quad
        \nabla_b \mathcal L = \sum_t \delta a^{(t)}, \quad
        \nabla_{h^{(0)}} \mathcal L = W^\top \delta a^{(1)} .

    The shared weights collect one term per time step. Derived in the Q16
    chapter and checked there by finite differences.

    Examples
    --------
    >>> import numpy as np
    >>> U, W, V, b, c, h0 = [[1.0]], [[0.5]], [2.0], [0.0], 0.0, [0.0]
    >>> g = rnn_backward([[1.0]], [1.0], U, W, V, b, c, h0)
    >>> [round(float(np.sum(d)), 4) for d in g]  # dU, dW, dV, db, dc, dh0
    [-0.1503, 0.0, -0.1363, -0.1503, -0.179, -0.0752]
    """
    X, U, W, V, b, c, h0 = _params(X, U, W, V, b, c, h0)
    loss = check_choice(loss, "loss", LOSSES)
    fw = rnn_forward(X, U, W, V, b, c, h0, activation=activation)
    _, do = _loss_and_do(fw.o, _targets(y, fw.o), loss)
    do2 = do.reshape(do.shape[0], -1)  # (T, k), also for a single output
    V2 = V.reshape(-1, V.shape[-1])
    dh_out = do2 @ V2  # V^T do(t) for every t, shape (T, n)
    dfa = _df(fw.a, activation)
    T, n = fw.h.shape
    da = np.empty((T, n))
    da_next = np.zeros(n)
    for t in range(T - 1, -1, -1):
        da[t] = dfa[t] * (dh_out[t] + W.T @ da_next)
        da_next = da[t]
    h_prev = np.vstack([h0[None, :], fw.h[:-1]])
    dV = (do2.T @ fw.h).reshape(V.shape)
    dc = do2.sum(axis=0).reshape(c.shape)
    return RNNGrads(
        dU=da.T @ X,
        dW=da.T @ h_prev,
        dV=dV,
        db=da.sum(axis=0),
        dc=dc,
        dh0=W.T @ da[0],
    )
