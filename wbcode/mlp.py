r"""Fully connected (dense) networks: forward pass, backpropagation, one gradient step.

A network with :math:`L` layers is a list of weight matrices
``weights = [W1, ..., WL]`` and a list of activation names
``activations = ["relu", ..., "identity"]``. Biases are folded into the
weights, **bias first** (see the conventions page): layer :math:`l` has a
matrix :math:`W^{(l)}` of shape ``(n_out, 1 + n_in)`` whose column 0 holds the
biases, so with :math:`h^{(0)} = x`

.. math::

    a^{(l)} = W^{(l)} \begin{pmatrix} 1 \\ h^{(l-1)} \end{pmatrix}, \qquad
    h^{(l)} = f_l\bigl(a^{(l)}\bigr), \qquad
    \hat y = h^{(L)} .

The last layer may be a plain vector of length ``1 + n_in`` (like the workbook's
:math:`v`): the network then has one output unit and :math:`\hat y` is a number
per sample. Backpropagation runs the chain rule from the output back, with the
local gradient :math:`\delta^{(l)} = \partial \mathcal L / \partial a^{(l)}`:

.. math::

    \delta^{(L)} = \frac{\partial \mathcal L}{\partial \hat y}\, f_L'\bigl(a^{(L)}\bigr),
    \qquad
    \frac{\partial \mathcal L}{\partial W^{(l)}} = \delta^{(l)}
        \begin{pmatrix} 1 \\ h^{(l-1)} \end{pmatrix}^{\!\top},
    \qquad
    \delta^{(l-1)} = \bigl(W^{(l)}_{:,1:}\bigr)^{\!\top} \delta^{(l)}
        \odot f_{l-1}'\bigl(a^{(l-1)}\bigr).

Inputs are one sample ``x`` of shape ``(d,)`` or a batch ``X`` of shape
``(n, d)``; for a batch the loss and every gradient are **sums** over the
samples. The chapters on forward propagation (Q3), backpropagation (Q5) and
regularization (Q6) derive these formulas; Q8, Q9 and Q11 reuse them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from ._checks import FloatArray, as_array, check_choice, check_positive
from .activations import drelu, dsigmoid, relu, sigmoid
from .regularization import Penalty

__all__ = [
    "ACTIVATIONS",
    "LOSSES",
    "Backward",
    "Forward",
    "Step",
    "activate",
    "activate_grad",
    "augment",
    "backward",
    "dense",
    "dense_backward",
    "forward",
    "gradients",
    "logistic_loss",
    "loss",
    "loss_grad",
    "split_bias",
    "step",
]

ACTIVATIONS = ("identity", "relu", "sigmoid")
"""Activation names accepted by every function of this module."""

LOSSES = ("squared", "logistic", "yhat_minus_y", "y_minus_yhat")
"""The loss names, in order the squared error ``(y - yhat)**2``, the binary
cross-entropy computed from the logit (it needs a sigmoid output), and the two
unbounded losses ``yhat - y`` and ``y - yhat`` of Q5 b)."""


# -- one layer ------------------------------------------------------------------------


def augment(W: ArrayLike, b: ArrayLike) -> FloatArray:
    r"""Put the biases ``b`` in front of the weights ``W``: :math:`[\,b \mid W\,]`.

    Parameters
    ----------
    W : array_like, shape (n_out, n_in) or (n_in,)
        Weights without bias.
    b : array_like, shape (n_out,) or ()
        Biases, one per output unit.

    Returns
    -------
    numpy.ndarray, shape (n_out, 1 + n_in) or (1 + n_in,)
        The bias-first matrix this module uses.

    Examples
    --------
    >>> augment([[2.0, 1.0], [1.0, 2.0]], [1.0, 1.0])
    array([[1., 2., 1.],
           [1., 1., 2.]])
    >>> augment([-1.0, 2.0], 1.0)
    array([ 1., -1.,  2.])
    """
    W = as_array(W, "W", ndim=(1, 2))
    b = as_array(b, "b", ndim=W.ndim - 1)
    if b.shape != W.shape[:-1]:
        raise ValueError(
            f"b must have shape {W.shape[:-1]} to match W of shape {W.shape}, got {b.shape}"
        )
    return np.concatenate([b[..., None], W], axis=-1)


def split_bias(W: ArrayLike) -> tuple[FloatArray, FloatArray]:
    """Split a bias-first matrix into biases and weights (the inverse of :func:`augment`).

    Examples
    --------
    >>> b, W = split_bias([[1.0, 2.0, 1.0], [1.0, 1.0, 2.0]])
    >>> b, W
    (array([1., 1.]), array([[2., 1.],
           [1., 2.]]))
    """
    W = as_array(W, "W", ndim=(1, 2))
    if W.shape[-1] < 2:
        raise ValueError(f"W must have a bias column and at least one weight column, got {W.shape}")
    return W[..., 0], W[..., 1:]


def _with_one(h: FloatArray) -> FloatArray:
    """:math:`(1, h)`: a column of ones in front of the last axis."""
    return np.concatenate([np.ones((*h.shape[:-1], 1)), h], axis=-1)


def _plain(z: ArrayLike) -> FloatArray:
    """``z`` as an array, with IEEE ``-0.0`` turned into ``0.0`` (``-0.0 + 0.0 == 0.0``).

    A dead unit passes ``0 * (negative number) = -0.0`` backwards; printed
    tables should read 0, not -0.
    """
    out = np.array(z, dtype=np.float64)
    out += 0.0
    return out


def _layer_input(W: FloatArray, h: FloatArray) -> None:
    if h.shape[-1] != W.shape[-1] - 1:
        raise ValueError(
            f"a layer with weights of shape {W.shape} takes {W.shape[-1] - 1} inputs "
            f"(1 bias column + inputs), got input of shape {h.shape}"
        )


def dense(W: ArrayLike, h: ArrayLike) -> FloatArray:
    r"""Pre-activation of a dense layer, :math:`a = W \binom{1}{h}` (bias first).

    Parameters
    ----------
    W : array_like, shape (n_out, 1 + n_in) or (1 + n_in,)
        Weights, column 0 the biases. A vector is a single output unit.
    h : array_like, shape (n_in,) or (n, n_in)
        The layer's input, one sample or a batch.

    Returns
    -------
    numpy.ndarray, shape (n_out,), (n, n_out), () or (n,)
        :math:`a = b + W_{:,1:}\, h` per sample.

    Examples
    --------
    >>> dense([[1, 2, 1], [1, 1, 2]], [-1, 1])
    array([0., 2.])
    >>> dense([1, -1, 2], [0, 2])
    array(5.)
    """
    W = as_array(W, "W", ndim=(1, 2))
    h = as_array(h, "h", ndim=(1, 2))
    _layer_input(W, h)
    return np.asarray(_with_one(h) @ W.T)


def dense_backward(da: ArrayLike, W: ArrayLike, h: ArrayLike) -> tuple[FloatArray, FloatArray]:
    r"""Gradients of a dense layer, given :math:`\delta = \partial\mathcal L/\partial a`.

    Parameters
    ----------
    da : array_like
        Gradient of the loss by the layer's pre-activation, shaped like
        ``dense(W, h)``.
    W : array_like, shape (n_out, 1 + n_in) or (1 + n_in,)
    h : array_like, shape (n_in,) or (n, n_in)

    Returns
    -------
    dW : numpy.ndarray, shaped like ``W``
        :math:`\delta\,(1, h)^\top`, summed over a batch.
    dh : numpy.ndarray, shaped like ``h``
        :math:`W_{:,1:}^\top \delta` (the bias column does not reach ``h``).

    Examples
    --------
    >>> dW, dh = dense_backward([2.0, -1.0], [[1, 2, 1], [1, 1, 2]], [-1, 1])
    >>> dW
    array([[ 2., -2.,  2.],
           [-1.,  1., -1.]])
    >>> dh
    array([3., 0.])
    """
    W = as_array(W, "W", ndim=(1, 2))
    h = as_array(h, "h", ndim=(1, 2))
    _layer_input(W, h)
    want = (*h.shape[:-1], *W.shape[:-1])
    da = as_array(da, "da", ndim=len(want))
    if da.shape != want:
        raise ValueError(f"da must have shape {want} like dense(W, h), got {da.shape}")
    return _dense_backward(da, W, h)


def _dense_backward(da: FloatArray, W: FloatArray, h: FloatArray) -> tuple[FloatArray, FloatArray]:
    """:func:`dense_backward` without the input checks."""
    W2 = W.reshape(-1, W.shape[-1])  # a vector W is one output unit
    d2 = da.reshape(*h.shape[:-1], W2.shape[0])
    h1 = _with_one(h)
    dW = np.outer(d2, h1) if h.ndim == 1 else d2.T @ h1  # delta (1, h)^T, summed over a batch
    dh = d2 @ W2[:, 1:]  # the bias column does not reach h
    return _plain(dW.reshape(W.shape)), _plain(dh)


# -- activations and losses -------------------------------------------------------------

#: Each activation and its derivative, by name (ReLU'(0) = 0).
_F: dict[str, Callable[[FloatArray], FloatArray]] = {
    "identity": lambda a: np.array(a, dtype=np.float64),
    "relu": relu,
    "sigmoid": sigmoid,
}
_DF: dict[str, Callable[[FloatArray], FloatArray]] = {
    "identity": np.ones_like,
    "relu": drelu,
    "sigmoid": dsigmoid,
}


def activate(a: ArrayLike, activation: str) -> FloatArray:
    """Apply an activation by name: ``"identity"``, ``"relu"`` or ``"sigmoid"``.

    Examples
    --------
    >>> activate([-1.0, 2.0], "relu")
    array([0., 2.])
    """
    name = check_choice(activation, "activation", ACTIVATIONS)
    return _F[name](as_array(a, "a", allow_empty=True))


def activate_grad(a: ArrayLike, activation: str) -> FloatArray:
    r"""Derivative :math:`f'(a)` of an activation, at the pre-activation ``a``.

    ReLU's derivative at 0 is taken as 0 (see :func:`wbcode.activations.drelu`).

    Examples
    --------
    >>> activate_grad([-1.0, 0.0, 2.0], "relu")
    array([0., 0., 1.])
    >>> activate_grad([0.0], "sigmoid")
    array([0.25])
    """
    name = check_choice(activation, "activation", ACTIVATIONS)
    return _DF[name](as_array(a, "a", allow_empty=True))


def logistic_loss(y: ArrayLike, o: ArrayLike) -> FloatArray:
    r"""Binary cross-entropy of a sigmoid output, computed from the logit ``o``.

    Parameters
    ----------
    y : array_like
        Targets in [0, 1] (usually 0 or 1).
    o : array_like
        Logits (the output pre-activations), same shape; :math:`\hat y = \sigma(o)`.

    Returns
    -------
    numpy.ndarray
        Per-sample :math:`-[y \log\hat y + (1 - y)\log(1 - \hat y)]`.

    Notes
    -----
    With :math:`\log\sigma(o) = -\log(1 + e^{-o})` the loss is
    :math:`\log(1 + e^{o}) - y\,o`, evaluated as
    :math:`\max(o, 0) - y\,o + \log(1 + e^{-|o|})`, which never overflows and
    never takes :math:`\log 0`. Its gradient is :math:`\sigma(o) - y`.

    Examples
    --------
    >>> logistic_loss([1.0, 0.0], [0.0, 0.0]).round(4)
    array([0.6931, 0.6931])
    >>> logistic_loss([0.0], [1e4])
    array([10000.])
    """
    y = as_array(y, "y", allow_empty=True)
    o = as_array(o, "o", allow_empty=True)
    if y.shape != o.shape:
        raise ValueError(f"y and o must have the same shape, got {y.shape} and {o.shape}")
    return np.maximum(o, 0.0) - y * o + np.log1p(np.exp(-np.abs(o)))


def _targets(y: ArrayLike, o: FloatArray) -> FloatArray:
    y = as_array(y, "y", allow_empty=o.size == 0)
    if y.shape != o.shape:
        raise ValueError(f"y must have shape {o.shape} like the network's output, got {y.shape}")
    return y


def _loss_output(loss_name: str, output: str) -> str:
    name = check_choice(loss_name, "loss", LOSSES)
    check_choice(output, "output", ACTIVATIONS)
    if name == "logistic" and output != "sigmoid":
        raise ValueError(
            f"the logistic loss needs a sigmoid output (it is computed from the logit), "
            f"got output {output!r}"
        )
    return name


def loss(y: ArrayLike, o: ArrayLike, *, loss: str = "squared", output: str = "identity") -> float:
    r"""Loss of the output pre-activation ``o``, summed over samples.

    Parameters
    ----------
    y : array_like
        Targets, shaped like ``o``.
    o : array_like
        Output pre-activations :math:`a^{(L)}`; the prediction is
        :math:`\hat y = f_L(o)` with ``f_L`` named by ``output``.
    loss : {"squared", "logistic", "yhat_minus_y", "y_minus_yhat"}
        :math:`(y - \hat y)^2` (no factor 1/2), binary cross-entropy (only with
        a sigmoid output), :math:`\hat y - y`, :math:`y - \hat y`.
    output : {"identity", "relu", "sigmoid"}
        The output activation.

    Returns
    -------
    float

    Examples
    --------
    >>> loss(2.0, 1.0)
    1.0
    >>> round(loss([1.0], [0.0], loss="logistic", output="sigmoid"), 4)
    0.6931
    """
    name = _loss_output(loss, output)
    o = as_array(o, "o")
    return _loss(_targets(y, o), o, name, output)


def _loss(y: FloatArray, o: FloatArray, name: str, output: str) -> float:
    """:func:`loss` without the input checks."""
    if name == "logistic":
        return float(np.sum(np.maximum(o, 0.0) - y * o + np.log1p(np.exp(-np.abs(o)))))
    yhat = _F[output](o)
    if name == "squared":
        return float(np.sum((y - yhat) ** 2))
    if name == "yhat_minus_y":
        return float(np.sum(yhat - y))
    return float(np.sum(y - yhat))


def loss_grad(
    y: ArrayLike, o: ArrayLike, *, loss: str = "squared", output: str = "identity"
) -> tuple[FloatArray, FloatArray]:
    r"""Gradients of :func:`loss` by the prediction and by the output pre-activation.

    Returns
    -------
    dyhat : numpy.ndarray, shaped like ``o``
        :math:`\partial\mathcal L/\partial\hat y`: :math:`-2(y - \hat y)`, or
        :math:`1`, :math:`-1` for the unbounded losses, or
        :math:`(\hat y - y)/(\hat y(1 - \hat y))` for the logistic loss
        (infinite where the sigmoid saturates in float64).
    do : numpy.ndarray, shaped like ``o``
        :math:`\delta^{(L)} = \partial\mathcal L/\partial o
        = \partial\mathcal L/\partial\hat y \cdot f_L'(o)`; for the logistic
        loss computed directly as :math:`\sigma(o) - y`, finite for every ``o``.

    Examples
    --------
    >>> loss_grad(2.0, 1.0)
    (array(-2.), array(-2.))
    >>> loss_grad([1.0], [0.0], loss="logistic", output="sigmoid")
    (array([-2.]), array([-0.5]))
    """
    name = _loss_output(loss, output)
    o = as_array(o, "o")
    return _loss_grad(_targets(y, o), o, name, output)


def _loss_grad(
    y: FloatArray, o: FloatArray, name: str, output: str
) -> tuple[FloatArray, FloatArray]:
    """:func:`loss_grad` without the input checks."""
    yhat = _F[output](o)
    if name == "logistic":
        with np.errstate(divide="ignore", invalid="ignore"):
            dyhat = (yhat - y) / (yhat * (1.0 - yhat))
        return _plain(dyhat), _plain(yhat - y)
    if name == "squared":
        dyhat = -2.0 * (y - yhat)
    elif name == "yhat_minus_y":
        dyhat = np.ones_like(o)
    else:
        dyhat = -np.ones_like(o)
    return _plain(dyhat), _plain(dyhat * _DF[output](o))


# -- a whole network --------------------------------------------------------------------


def _network(
    weights: Sequence[ArrayLike], x: ArrayLike, activations: Sequence[str]
) -> tuple[tuple[FloatArray, ...], FloatArray, tuple[str, ...]]:
    if isinstance(weights, np.ndarray | str) or not isinstance(weights, Sequence):
        raise TypeError(
            f"weights must be a list of weight matrices, one a layer, got {type(weights).__name__}"
        )
    if len(weights) == 0:
        raise ValueError("weights must hold at least one layer, got an empty list")
    if isinstance(activations, str) or len(activations) != len(weights):
        got = repr(activations) if isinstance(activations, str) else f"{len(activations)} names"
        raise ValueError(
            f"activations must name one activation per layer ({len(weights)}), got {got}"
        )
    acts = tuple(
        check_choice(f, f"activations[{i}]", ACTIVATIONS) for i, f in enumerate(activations)
    )
    Ws = tuple(as_array(W, f"weights[{i}]", ndim=(1, 2)) for i, W in enumerate(weights))
    for i, W in enumerate(Ws[:-1]):
        if W.ndim != 2:
            raise ValueError(
                f"weights[{i}] must be a matrix (n_out, 1 + n_in); only the last layer may be "
                f"a vector, got shape {W.shape}"
            )
    x = as_array(x, "x", ndim=(1, 2))
    n_in = x.shape[-1]
    for i, W in enumerate(Ws):
        if W.shape[-1] != 1 + n_in:
            raise ValueError(
                f"weights[{i}] must have {1 + n_in} columns (1 bias + {n_in} inputs), "
                f"got shape {W.shape}"
            )
        n_in = W.shape[0] if W.ndim == 2 else 1
    return Ws, x, acts


@dataclass(frozen=True)
class Forward:
    """The forward pass of :func:`forward`: every layer's pre-activation and activation."""

    a: tuple[FloatArray, ...]  #: pre-activations :math:`a^{(l)}`, one a layer
    h: tuple[FloatArray, ...]  #: activations :math:`h^{(l)} = f_l(a^{(l)})`; ``h[-1]`` is yhat

    @property
    def yhat(self) -> FloatArray:
        """The prediction :math:`\\hat y = h^{(L)}`."""
        return self.h[-1]


def forward(weights: Sequence[ArrayLike], x: ArrayLike, activations: Sequence[str]) -> Forward:
    r"""Forward pass through a dense network.

    Parameters
    ----------
    weights : sequence of array_like
        ``[W1, ..., WL]``, layer ``l`` of shape ``(n_l, 1 + n_{l-1})`` with the
        biases in column 0; the last may be a vector ``(1 + n_{L-1},)``.
    x : array_like, shape (d,) or (n, d)
        One input or a batch.
    activations : sequence of str
        One name from :data:`ACTIVATIONS` per layer.

    Returns
    -------
    Forward
        ``a`` and ``h`` per layer; ``.yhat`` is the prediction.

    Notes
    -----
    .. math::

        a^{(l)} = W^{(l)}\binom{1}{h^{(l-1)}},\quad h^{(l)} = f_l(a^{(l)}),
        \quad h^{(0)} = x,\quad \hat y = h^{(L)} .

    Examples
    --------
    The network of Q3 (bias first) with a ReLU hidden layer and a linear output:

    >>> fw = forward([[[1, 2, 1], [1, 1, 2]], [1, -1, 2]], [-1, 1], ["relu", "identity"])
    >>> fw.a
    (array([0., 2.]), array(5.))
    >>> fw.yhat
    array(5.)
    """
    return _forward(*_network(weights, x, activations))


def _forward(Ws: Sequence[FloatArray], x: FloatArray, acts: Sequence[str]) -> Forward:
    """:func:`forward` without the input checks."""
    a: list[FloatArray] = []
    h: list[FloatArray] = []
    inp = x
    for W, f in zip(Ws, acts, strict=True):
        a.append(np.asarray(_with_one(inp) @ W.T))  # a = W (1, inp), bias first
        h.append(_F[f](a[-1]))  # h = f(a)
        inp = h[-1]
    return Forward(a=tuple(a), h=tuple(h))


@dataclass(frozen=True)
class Backward:
    """The backward pass of :func:`backward`, from the output back to the input."""

    dW: tuple[FloatArray, ...]  #: :math:`\partial\mathcal L/\partial W^{(l)}`, one a layer
    dx: FloatArray  #: :math:`\partial\mathcal L/\partial x`
    da: tuple[FloatArray, ...]  #: local gradients :math:`\delta^{(l)}`, one a layer
    dh: tuple[FloatArray, ...]  #: :math:`\partial\mathcal L/\partial h^{(l)}`; ``dh[-1]``: dL/dyhat
    fprime: tuple[FloatArray, ...]  #: activation derivatives :math:`f_l'(a^{(l)})`


def backward(
    weights: Sequence[ArrayLike],
    x: ArrayLike,
    y: ArrayLike,
    activations: Sequence[str],
    *,
    loss: str = "squared",
    fw: Forward | None = None,
) -> Backward:
    r"""Backpropagation through a dense network.

    Parameters
    ----------
    weights, x, activations
        As in :func:`forward`.
    y : array_like
        Targets, shaped like the prediction.
    loss : str, default "squared"
        One of :data:`LOSSES`; see :func:`loss`.
    fw : Forward, optional
        The forward pass at ``(weights, x)``, if already computed.

    Returns
    -------
    Backward
        ``dW`` (shaped like ``weights``) and ``dx`` first, in the order of
        the arguments, then the intermediate ``da``, ``dh`` and ``fprime``.

    Notes
    -----
    .. math::

        \delta^{(L)} = \frac{\partial\mathcal L}{\partial\hat y} f_L'(a^{(L)}),\quad
        \frac{\partial\mathcal L}{\partial W^{(l)}}
            = \delta^{(l)}\binom{1}{h^{(l-1)}}^{\!\top},\quad
        \frac{\partial\mathcal L}{\partial h^{(l-1)}} = W^{(l)\top}_{:,1:}\,\delta^{(l)},\quad
        \delta^{(l-1)} = \frac{\partial\mathcal L}{\partial h^{(l-1)}} \odot f_{l-1}'(a^{(l-1)}).

    Examples
    --------
    >>> bw = backward([[[1, 2, 1], [1, 1, 2]], [1, -1, 2]], [-1, 1], 2.0, ["relu", "identity"])
    >>> bw.dW
    (array([[  0.,   0.,   0.],
           [ 12., -12.,  12.]]), array([ 6.,  0., 12.]))
    >>> bw.da
    (array([ 0., 12.]), array(6.))
    """
    Ws, x, acts = _network(weights, x, activations)
    name = _loss_output(loss, acts[-1])
    if fw is None:
        fw = _forward(Ws, x, acts)
    return _backward(Ws, x, _targets(y, fw.a[-1]), acts, name, fw)


def _backward(
    Ws: Sequence[FloatArray],
    x: FloatArray,
    y: FloatArray,
    acts: Sequence[str],
    loss_name: str,
    fw: Forward,
) -> Backward:
    """:func:`backward` without the input checks."""
    fprime = [_DF[f](a) for a, f in zip(fw.a, acts, strict=True)]
    dyhat, delta = _loss_grad(y, fw.a[-1], loss_name, acts[-1])
    # Lists filled from the output layer back to the first; reversed at the end.
    dh, da, dW = [dyhat], [delta], []
    for layer in reversed(range(len(Ws))):
        inp = x if layer == 0 else fw.h[layer - 1]  # what this layer multiplied
        dW_layer, d_inp = _dense_backward(da[-1], Ws[layer], inp)
        dW.append(dW_layer)
        if layer > 0:  # on into the layer below, through its activation
            dh.append(d_inp)
            da.append(_plain(d_inp * fprime[layer - 1]))
    return Backward(
        dW=tuple(dW[::-1]),
        dx=d_inp,
        da=tuple(da[::-1]),
        dh=tuple(dh[::-1]),
        fprime=tuple(fprime),
    )


def _evaluate(
    weights: Sequence[ArrayLike],
    x: ArrayLike,
    y: ArrayLike,
    activations: Sequence[str],
    loss: str,
    penalty: Penalty | None,
) -> tuple[
    tuple[FloatArray, ...], FloatArray, FloatArray, tuple[str, ...], str, Forward, Backward, float
]:
    """Check the inputs, then run the forward and backward pass at ``weights``.

    Shared by :func:`gradients` and :func:`step`; returns the checked weights,
    input, targets, activations and loss name, the two passes and the loss.
    """
    Ws, xs, acts = _network(weights, x, activations)
    name = _loss_output(loss, acts[-1])
    if penalty is not None and not isinstance(penalty, Penalty):
        raise TypeError(f"penalty must be a wbcode.regularization.Penalty, got {penalty!r}")
    fw = _forward(Ws, xs, acts)
    ys = _targets(y, fw.a[-1])
    bw = _backward(Ws, xs, ys, acts, name, fw)
    return Ws, xs, ys, acts, name, fw, bw, _loss(ys, fw.a[-1], name, acts[-1])


def gradients(
    weights: Sequence[ArrayLike],
    x: ArrayLike,
    y: ArrayLike,
    activations: Sequence[str],
    *,
    loss: str = "squared",
    penalty: Penalty | None = None,
) -> tuple[float, tuple[FloatArray, ...]]:
    r"""The objective and its gradient by every weight matrix (for a training loop).

    Parameters
    ----------
    weights, x, y, activations, loss
        As in :func:`backward`.
    penalty : Penalty, optional
        A weight penalty from :mod:`wbcode.regularization`, added to the loss.

    Returns
    -------
    objective : float
        Loss summed over the samples, plus the penalty.
    dW : tuple of numpy.ndarray
        Its gradient by each weight matrix, shaped like ``weights``.

    Examples
    --------
    >>> J, dW = gradients([[[1, 2, 1], [1, 1, 2]], [1, -1, 2]], [-1, 1], 2.0, ["relu", "identity"])
    >>> J, dW[1]
    (9.0, array([ 6.,  0., 12.]))
    """
    Ws, _, _, _, _, _, bw, J = _evaluate(weights, x, y, activations, loss, penalty)
    if penalty is None:
        return J, bw.dW
    return J + penalty.value(Ws), tuple(g + p for g, p in zip(bw.dW, penalty.grad(Ws), strict=True))


@dataclass(frozen=True)
class Step:
    """Every intermediate value of one gradient-descent step (see :func:`step`)."""

    weights: tuple[FloatArray, ...]  #: weights before the step
    x: FloatArray  #: input (one sample or a batch)
    y: FloatArray  #: targets
    activations: tuple[str, ...]  #: activation of each layer
    loss_name: str  #: name of the loss
    lr: float  #: learning rate
    a: tuple[FloatArray, ...]  #: pre-activations per layer
    h: tuple[FloatArray, ...]  #: activations per layer; ``h[-1]`` is yhat
    yhat: FloatArray  #: prediction
    loss: float  #: data loss (summed over samples)
    penalty: float  #: weight penalty (0 without one)
    objective: float  #: ``loss + penalty``
    dyhat: FloatArray  #: dL/dyhat
    fprime: tuple[FloatArray, ...]  #: activation derivatives per layer
    da: tuple[FloatArray, ...]  #: local gradients delta per layer
    dh: tuple[FloatArray, ...]  #: dL/dh per layer
    dx: FloatArray  #: dL/dx
    dW_loss: tuple[FloatArray, ...]  #: gradient of the data loss per layer
    dW_penalty: tuple[FloatArray, ...]  #: gradient (subgradient) of the penalty per layer
    dW: tuple[FloatArray, ...]  #: total gradient per layer
    weights_new: tuple[FloatArray, ...]  #: ``weights - lr * dW``
    yhat_new: FloatArray  #: prediction with the new weights
    loss_new: float  #: data loss with the new weights
    penalty_new: float  #: penalty of the new weights
    objective_new: float  #: ``loss_new + penalty_new``


def step(
    weights: Sequence[ArrayLike],
    x: ArrayLike,
    y: ArrayLike,
    activations: Sequence[str],
    *,
    lr: float,
    loss: str = "squared",
    penalty: Penalty | None = None,
) -> Step:
    r"""One step of gradient descent, keeping every number a hand calculation writes down.

    Parameters
    ----------
    weights, x, y, activations, loss
        As in :func:`backward`.
    lr : float
        The learning rate :math:`\eta > 0`.
    penalty : Penalty, optional
        A weight penalty (:class:`wbcode.regularization.Penalty`); by default
        it spares the bias column.

    Returns
    -------
    Step
        Forward values, local gradients, weight gradients (of the loss, of the
        penalty and their sum), the new weights and the loss after the step.

    Notes
    -----
    .. math::

        W^{(l)} \leftarrow W^{(l)} - \eta\left(\frac{\partial\mathcal L}{\partial W^{(l)}}
        + \frac{\partial\Omega}{\partial W^{(l)}}\right)

    Examples
    --------
    >>> s = step([[[1, 2, 1], [1, 1, 2]], [1, -1, 2]], [-1, 1], 2.0, ["relu", "identity"], lr=0.1)
    >>> s.yhat, s.loss
    (array(5.), 9.0)
    >>> s.weights_new[1]
    array([ 0.4, -1. ,  0.8])
    """
    eta = check_positive(lr, "lr")
    # forward and backward at the old weights
    Ws, x, y, acts, name, fw, bw, L = _evaluate(weights, x, y, activations, loss, penalty)
    # the penalty's share of the gradient, then the update
    if penalty is None:
        dW_pen = tuple(np.zeros_like(W) for W in Ws)
    else:
        dW_pen = penalty.grad(Ws)
    dW = tuple(g + p for g, p in zip(bw.dW, dW_pen, strict=True))
    new = tuple(W - eta * g for W, g in zip(Ws, dW, strict=True))
    # the loss after the step
    fw_new = _forward(new, x, acts)
    L_new = _loss(y, fw_new.a[-1], name, acts[-1])
    pen = 0.0 if penalty is None else penalty.value(Ws)
    pen_new = 0.0 if penalty is None else penalty.value(new)
    return Step(
        weights=Ws,
        x=x,
        y=y,
        activations=acts,
        loss_name=name,
        lr=eta,
        a=fw.a,
        h=fw.h,
        yhat=fw.yhat,
        loss=L,
        penalty=pen,
        objective=L + pen,
        dyhat=bw.dh[-1],
        fprime=bw.fprime,
        da=bw.da,
        dh=bw.dh,
        dx=bw.dx,
        dW_loss=bw.dW,
        dW_penalty=dW_pen,
        dW=dW,
        weights_new=new,
        yhat_new=fw_new.yhat,
        loss_new=L_new,
        penalty_new=pen_new,
        objective_new=L_new + pen_new,
    )
