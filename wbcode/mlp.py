r"""Fully connected (dense) networks: forward pass, backpropagation, one gradient step.

A network with :math:`L` layers is a list of weight matrices
``weights = [W1, ..., WL]`` and a list of activation names
``activations = ["relu", ..., "identity"]``. Each layer is a dense layer of
:mod:`wbcode.layers`, biases **first** (column 0 of :math:`W^{(l)}`, shape
``(n_out, 1 + n_in)``), so with :math:`h^{(0)} = x`

.. math::

    a^{(l)} = W^{(l)} \begin{pmatrix} 1 \\ h^{(l-1)} \end{pmatrix}, \qquad
    h^{(l)} = f_l\bigl(a^{(l)}\bigr), \qquad
    \hat y = h^{(L)} .

The last layer may be a plain vector of length ``1 + n_in`` (like the workbook's
:math:`v`): the network then has one output unit and :math:`\hat y` is a number
per sample. Backpropagation (:func:`backward`) runs the chain rule from a loss
of :mod:`wbcode.losses` back to the input. Inputs are one sample ``x`` of shape
``(d,)`` or a batch ``X`` of shape ``(n, d)``; for a batch the loss and every
gradient are **sums** over the samples. The chapters on forward propagation
(Q3), backpropagation (Q5) and regularization (Q6) derive these formulas; Q8,
Q9 and Q11 reuse them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from ._checks import FloatArray, as_array, check_choice, check_positive
from .layers import _DF, _F, ACTIVATIONS, _dense_backward, _plain, _with_one
from .losses import _loss, _loss_grad, _loss_output, _targets
from .regularization import Penalty

__all__ = ["Backward", "Forward", "Step", "backward", "forward", "gradients", "step"]


# -- a whole network --------------------------------------------------------------------


def _network(
    weights: Sequence[ArrayLike], x: ArrayLike, activations: Sequence[str]
) -> tuple[tuple[FloatArray, ...], FloatArray, tuple[str, ...]]:
    """The checked weights, input and activation names of a network."""
    Ws = _weights(weights)
    if isinstance(activations, str) or not isinstance(activations, Sequence):
        raise TypeError(
            f"activations must be a list of activation names, one a layer, got {activations!r}"
        )
    if len(activations) != len(Ws):
        raise ValueError(
            f"activations must name one activation per layer ({len(Ws)}), "
            f"got {len(activations)} names"
        )
    acts = tuple(
        check_choice(f, f"activations[{i}]", ACTIVATIONS) for i, f in enumerate(activations)
    )
    x = as_array(x, "x", ndim=(1, 2))
    if x.shape[-1] != Ws[0].shape[-1] - 1:
        raise ValueError(
            f"x must have {Ws[0].shape[-1] - 1} columns (inputs per sample) to fit weights[0] "
            f"of shape {Ws[0].shape} (1 bias column + inputs), got x of shape {x.shape}"
        )
    n_in = x.shape[-1]
    for i, W in enumerate(Ws):
        if W.shape[-1] != 1 + n_in:
            raise ValueError(
                f"weights[{i}] must have {1 + n_in} columns (1 bias + {n_in} inputs), "
                f"got shape {W.shape}"
            )
        n_in = W.shape[0] if W.ndim == 2 else 1
    return Ws, x, acts


def _weights(weights: Sequence[ArrayLike]) -> tuple[FloatArray, ...]:
    """Every layer's weights as an array: matrices, the last one possibly a vector."""
    if isinstance(weights, np.ndarray | str) or not isinstance(weights, Sequence):
        raise TypeError(
            f"weights must be a list of weight matrices, one a layer, got {type(weights).__name__}"
        )
    if len(weights) == 0:
        raise ValueError("weights must hold at least one layer, got an empty list")
    Ws = tuple(as_array(W, f"weights[{i}]", ndim=(1, 2)) for i, W in enumerate(weights))
    for i, W in enumerate(Ws[:-1]):
        if W.ndim != 2:
            raise ValueError(
                f"weights[{i}] must be a matrix (n_out, 1 + n_in); only the last layer may be "
                f"a vector, got shape {W.shape}"
            )
    return Ws


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
        One name from :data:`~wbcode.layers.ACTIVATIONS` per layer.

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

    >>> weights = [[[1, 2, 1], [1, 1, 2]], [1, -1, 2]]
    >>> fw = forward(weights, [-1, 1], ["relu", "identity"])
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
        # a = W (1, inp), bias first
        a.append(np.asarray(_with_one(inp) @ W.T))
        h.append(_F[f](a[-1]))  # h = f(a)
        inp = h[-1]
    return Forward(a=tuple(a), h=tuple(h))


@dataclass(frozen=True)
class Backward:
    """The backward pass of :func:`backward`, from the output back to the input."""

    dW: tuple[FloatArray, ...]  #: :math:`\partial\mathcal L/\partial W^{(l)}`, one a layer
    dx: FloatArray  #: :math:`\partial\mathcal L/\partial x`
    da: tuple[FloatArray, ...]  #: local gradients :math:`\delta^{(l)}`, one a layer
    #: :math:`\partial\mathcal L/\partial h^{(l)}`; ``dh[-1]`` is dL/dyhat, finite wherever its
    #: value is (``inf`` for a confidently wrong sigmoid output beyond
    #: :math:`|o| > 709`, see :func:`wbcode.losses.loss_grad`)
    dh: tuple[FloatArray, ...]
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
        One of :data:`~wbcode.losses.LOSSES`; see :func:`wbcode.losses.loss`.
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

        \delta^{(L)} &= \frac{\partial\mathcal L}{\partial\hat y} f_L'(a^{(L)}),\quad
        \frac{\partial\mathcal L}{\partial W^{(l)}}
            = \delta^{(l)}\binom{1}{h^{(l-1)}}^{\!\top}, \\
        \frac{\partial\mathcal L}{\partial h^{(l-1)}}
            &= W^{(l)\top}_{:,1:}\,\delta^{(l)},\quad
        \delta^{(l-1)} = \frac{\partial\mathcal L}{\partial h^{(l-1)}} \odot f_{l-1}'(a^{(l-1)}).

    Examples
    --------
    >>> weights = [[[1, 2, 1], [1, 1, 2]], [1, -1, 2]]
    >>> bw = backward(weights, [-1, 1], 2.0, ["relu", "identity"])
    >>> bw.dW
    (array([[  0.,   0.,   0.],
           [ 12., -12.,  12.]]), array([ 6.,  0., 12.]))
    >>> bw.da
    (array([ 0., 12.]), array(6.))
    """
    Ws, x, acts = _network(weights, x, activations)
    name = _loss_output(loss, acts[-1], "activations[-1]")
    fw = _forward(Ws, x, acts) if fw is None else _given_forward(fw, Ws, x)
    return _backward(Ws, x, _targets(y, fw.a[-1], name), acts, name, fw)


def _given_forward(fw: object, Ws: Sequence[FloatArray], x: FloatArray) -> Forward:
    """``fw`` after checking it is a forward pass with this network's shapes at this ``x``."""
    if not isinstance(fw, Forward) or not all(isinstance(t, tuple) for t in (fw.a, fw.h)):
        raise TypeError("fw must be the Forward that forward(weights, x, activations) returns")
    if len(fw.a) != len(Ws) or len(fw.h) != len(Ws):
        raise ValueError(f"fw must be the forward pass of these {len(Ws)} layers, got {len(fw.a)}")
    shapes = [(*x.shape[:-1], *W.shape[:-1]) for W in Ws]  # one a layer

    def checked(name: str, values: tuple[FloatArray, ...]) -> tuple[FloatArray, ...]:
        return tuple(as_array(v, f"fw.{name}[{i}]", shape=shapes[i]) for i, v in enumerate(values))

    return Forward(a=checked("a", fw.a), h=checked("h", fw.h))


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
    # Filled from the output layer back; reversed at the end.
    dh, da, dW = [dyhat], [delta], []
    for layer in reversed(range(len(Ws))):
        # what this layer multiplied
        inp = x if layer == 0 else fw.h[layer - 1]
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
    """Checked inputs, loss name, both passes and the loss (for :func:`gradients`, :func:`step`)."""
    Ws, xs, acts = _network(weights, x, activations)
    name = _loss_output(loss, acts[-1], "activations[-1]")
    if penalty is not None and not isinstance(penalty, Penalty):
        raise TypeError(f"penalty must be a wbcode.regularization.Penalty, got {penalty!r}")
    fw = _forward(Ws, xs, acts)
    ys = _targets(y, fw.a[-1], name)
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
    >>> weights = [[[1, 2, 1], [1, 1, 2]], [1, -1, 2]]
    >>> J, dW = gradients(weights, [-1, 1], 2.0, ["relu", "identity"])
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
    dyhat: FloatArray  #: dL/dyhat (``inf`` only where it exceeds the float range, see Backward)
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
    >>> weights = [[[1, 2, 1], [1, 1, 2]], [1, -1, 2]]
    >>> s = step(weights, [-1, 1], 2.0, ["relu", "identity"], lr=0.1)
    >>> s.yhat, s.loss
    (array(5.), 9.0)
    >>> s.weights_new[1]
    array([ 0.4, -1. ,  0.8])
    """
    eta = check_positive(lr, "lr")
    # forward and backward at the old weights
    Ws, x, y, acts, name, fw, bw, L = _evaluate(weights, x, y, activations, loss, penalty)
    # the penalty's share of the gradient, then the update
    dW_pen = tuple(np.zeros_like(W) for W in Ws) if penalty is None else penalty.grad(Ws)
    dW = tuple(g + p for g, p in zip(bw.dW, dW_pen, strict=True))
    new = tuple(W - eta * g for W, g in zip(Ws, dW, strict=True))
    # the loss after the step
    fw_new = _forward(new, x, acts)
    L_new = _loss(y, fw_new.a[-1], name, acts[-1])
    pen = 0.0 if penalty is None else penalty.value(Ws)
    pen_new = 0.0 if penalty is None else penalty.value(new)
    return Step(
        weights=tuple(W.copy() for W in Ws),  # the caller's arrays stay theirs
        x=x.copy(),
        y=y.copy(),
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
