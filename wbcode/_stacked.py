r"""Forward and backward passes of S dense networks of one shape at once.

The training loop of :mod:`wbcode.train` runs on a *stack* of networks: layer
:math:`l` of all :math:`S` networks is one array of shape
``(S, n_l, 1 + n_{l-1})`` (bias first, as in :mod:`wbcode.mlp`), and every
pass below is the one of :mod:`wbcode.mlp` with a leading network axis,

.. math::

    a^{(l)}_s = W^{(l)}_s \binom{1}{h^{(l-1)}_s}, \qquad
    \delta^{(l-1)}_s = \bigl(W^{(l)}_{s,:,1:}\bigr)^{\!\top} \delta^{(l)}_s
        \odot f'\bigl(a^{(l-1)}_s\bigr), \qquad
    \frac{\partial \mathcal L_s}{\partial W^{(l)}_s} = \delta^{(l)}_s
        \binom{1}{h^{(l-1)}_s}^{\!\top},

for each network :math:`s` (``@`` with ``.mT``, the transpose of the last two
axes, multiplies every network by its own weights). This is the wide network
of :func:`wbcode.multistart.stack_networks` with its block-diagonal layers
stored as their :math:`S` diagonal blocks: no weight is shared, so each block
receives exactly its own network's gradient. With :math:`S = 1` it is one
network.

Unlike :mod:`wbcode.mlp` these passes do not check their input and let
``inf`` and ``NaN`` through (the caller runs them under ``numpy.errstate``),
so that one network whose weights overflow can be detected and stopped
(:func:`finite_nets`) without stopping the others. The checks that
``wbcode.train.train`` and ``wbcode.multistart.compare`` share are here too.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

import numpy as np
from numpy.typing import ArrayLike

from ._checks import (
    FloatArray,
    as_array,
    check_choice,
    check_int,
    check_positive,
    check_unit_interval,
)
from .optim import Optimizer
from .regularization import Penalty


def _sigmoid(a: FloatArray) -> FloatArray:
    """``wbcode.activations.sigmoid`` without its input check: inf and NaN pass through."""
    e = np.exp(-np.abs(a))  # exp of a non-positive number: no overflow
    return np.where(a >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


#: Each activation f, and its derivative f' from the pre-activation a and h = f(a).
F: dict[str, Callable[[FloatArray], FloatArray]] = {
    "identity": lambda a: a,
    "relu": lambda a: np.maximum(a, 0.0),
    "sigmoid": _sigmoid,
}
DF: dict[str, Callable[[FloatArray, FloatArray], FloatArray]] = {
    "identity": lambda a, h: np.ones_like(a),
    "relu": lambda a, h: (a > 0).astype(np.float64),  # ReLU'(0) = 0
    "sigmoid": lambda a, h: h * (1.0 - h),
}
LOSSES = ("squared", "logistic", "yhat_minus_y", "y_minus_yhat")
MODES = ("batch", "sample")

#: A forward pass: every layer's input with its ones column, pre-activation, activation.
Pass = tuple[list[FloatArray], list[FloatArray], list[FloatArray]]


def with_one(h: FloatArray) -> FloatArray:
    """:math:`(1, h)`: a column of ones in front of the last axis."""
    return np.concatenate([np.ones((*h.shape[:-1], 1)), h], axis=-1)


def forward(Ws: Sequence[FloatArray], X: FloatArray, acts: Sequence[str]) -> Pass:
    """Every layer's input with its ones column, pre-activation and activation.

    Returns ``(inp1, a, h)``: ``inp1[l]`` is :math:`(1, h^{(l-1)})` (the
    first, ``(n, 1 + d)``, shared by the networks), ``a[l]`` and ``h[l]``
    are ``(S, n, n_l)``.
    """
    inp1: list[FloatArray] = []
    a: list[FloatArray] = []
    h: list[FloatArray] = []
    inp = X  # (n, d): the networks share their input
    for W, f in zip(Ws, acts, strict=True):
        inp1.append(with_one(inp))
        a.append(inp1[-1] @ W.mT)  # a = W (1, inp), bias first, for every network
        h.append(F[f](a[-1]))  # h = f(a)
        inp = h[-1]
    return inp1, a, h


def output_delta(Y: FloatArray, o: FloatArray, yhat: FloatArray, loss: str, out: str) -> FloatArray:
    r""":math:`\delta^{(L)} = \partial\mathcal L/\partial o` of each sample and network."""
    if loss == "logistic":  # with a sigmoid output: sigma(o) - y
        return yhat - Y
    if loss == "squared":
        dyhat = -2.0 * (Y - yhat)
    else:
        dyhat = np.full_like(o, 1.0 if loss == "yhat_minus_y" else -1.0)
    return dyhat * DF[out](o, yhat)


def backward(
    Ws: Sequence[FloatArray],
    Y: FloatArray,
    acts: Sequence[str],
    loss: str,
    fw: Pass,
) -> list[FloatArray]:
    """Gradient of each network's loss (summed over the samples) by each of its layers.

    ``fw`` is :func:`forward` at ``Ws``; ``Y`` the targets, ``(n, n_L)``.
    """
    inp1, a, h = fw
    delta = output_delta(Y, a[-1], h[-1], loss, acts[-1])
    dW: list[FloatArray] = []
    for layer in reversed(range(len(Ws))):
        dW.append(delta.mT @ inp1[layer])  # delta (1, inp)^T, summed over the samples
        if layer > 0:  # on into the layer below, through its activation
            dh = delta @ Ws[layer][..., 1:]  # the bias column does not reach h
            delta = dh * DF[acts[layer - 1]](a[layer - 1], h[layer - 1])
    return dW[::-1]


def losses(Y: FloatArray, o: FloatArray, yhat: FloatArray, loss: str) -> FloatArray:
    """The loss of each network, summed over its samples and outputs: shape ``(S,)``."""
    if loss == "logistic":  # from the logit: never log(0)
        per = np.maximum(o, 0.0) - Y * o + np.log1p(np.exp(-np.abs(o)))
    elif loss == "squared":
        per = (Y - yhat) ** 2
    else:
        per = yhat - Y if loss == "yhat_minus_y" else Y - yhat
    return np.sum(per, axis=(1, 2))


def finite_nets(arrays: Sequence[FloatArray]) -> np.ndarray:
    """Which networks have only finite numbers in every array (stacks ``(S, ...)``): ``(S,)``."""
    S = arrays[0].shape[0]
    with np.errstate(over="ignore", invalid="ignore"):
        total = sum(float(np.sum(arr)) for arr in arrays)
    if math.isfinite(total):  # the usual case, quickly: no inf or NaN anywhere
        return np.ones(S, dtype=bool)
    ok = np.ones(S, dtype=bool)
    for arr in arrays:
        ok &= np.isfinite(arr).reshape(S, -1).all(axis=1)
    return ok


def check_network(
    weights: Sequence[ArrayLike],
    n_in: int | None,
    activations: Sequence[str] | None,
    name: str = "weights",
) -> tuple[list[FloatArray], tuple[str, ...]]:
    """Check one network; return it (copied) as a stack of one, layers ``(1, n_out, 1 + n_in)``.

    Every layer is a bias-first matrix ``(n_out, 1 + n_in)`` whose ``n_in``
    is the previous layer's ``n_out`` (the first layer's is ``n_in``, the
    input's size, unless ``None``); the last may be a vector ``(1 + n_in,)``,
    one output unit. ``activations`` (unless ``None``) names one per layer.
    """
    if isinstance(weights, np.ndarray | str) or not isinstance(weights, Sequence):
        raise TypeError(
            f"{name} must be a list of weight matrices, one a layer, got {type(weights).__name__}"
        )
    if len(weights) == 0:
        raise ValueError(f"{name} must hold at least one layer, got an empty list")
    acts: tuple[str, ...] = ()
    if activations is not None:
        if isinstance(activations, str) or len(activations) != len(weights):
            got = repr(activations) if isinstance(activations, str) else f"{len(activations)}"
            raise ValueError(
                f"activations must name one activation per layer of {name} ({len(weights)}), "
                f"got {got}"
            )
        acts = tuple(
            check_choice(f, f"activations[{i}]", tuple(F)) for i, f in enumerate(activations)
        )
    stack = []
    for i, W in enumerate(weights):
        last = i == len(weights) - 1
        M = as_array(W, f"{name}[{i}]", ndim=(1, 2) if last else 2, copy=True)
        M = M.reshape(1, -1) if M.ndim == 1 else M
        if M.shape[1] < 2 or (n_in is not None and M.shape[1] != 1 + n_in):
            if n_in is None:
                want = "at least 2 columns (1 bias + at least one input)"
            elif i == 0:
                want = f"{1 + n_in} columns (1 bias + one weight per column of X, {n_in})"
            else:
                want = (
                    f"{1 + n_in} columns (1 bias + one weight per unit of {name}[{i - 1}], {n_in})"
                )
            raise ValueError(f"{name}[{i}] must have {want}, got shape {np.shape(W)}")
        n_in = M.shape[0]
        stack.append(M[None])
    return stack, acts


# -- the checks of train and compare -------------------------------------------------


def check_sizes(sizes: object) -> list[int]:
    """Units per layer: a sequence (or 1-D integer array) of at least two positive integers."""
    if (
        isinstance(sizes, str)
        or not isinstance(sizes, Sequence | np.ndarray)
        or np.ndim(sizes) != 1
        or len(sizes) < 2
    ):
        raise ValueError(f"sizes must list at least an input and an output size, got {sizes!r}")
    return [check_int(n, f"sizes[{i}]", minimum=1) for i, n in enumerate(sizes)]


def check_training(
    X: ArrayLike,
    y: ArrayLike,
    activations: Sequence[str],
    loss: str,
    epochs: int,
    mode: str,
    tol: float,
    penalty: Penalty | None,
) -> tuple[FloatArray, FloatArray, int, float]:
    """The checks ``train`` and ``compare`` share; returns X, y, epochs, tol."""
    X = as_array(X, "X", ndim=2)
    y = as_array(y, "y", ndim=(1, 2))
    if y.shape[0] != X.shape[0]:
        raise ValueError(f"y must have one target per row of X ({X.shape[0]}), got {y.shape}")
    if isinstance(activations, str) or not isinstance(activations, Sequence):
        raise TypeError(f"activations must be a list of names, one a layer, got {activations!r}")
    check_choice(loss, "loss", LOSSES)
    if loss == "logistic":
        if len(activations) and activations[-1] != "sigmoid":
            raise ValueError(
                f"the logistic loss needs a sigmoid output, got activations[-1] = "
                f"{activations[-1]!r} (loss='logistic')"
            )
        check_unit_interval(y, "y")
    check_choice(mode, "mode", MODES)
    if penalty is not None and not isinstance(penalty, Penalty):
        raise TypeError(f"penalty must be a wbcode.regularization.Penalty, got {penalty!r}")
    return X, y, check_int(epochs, "epochs", minimum=0), check_positive(tol, "tol")


def check_optimizer(optimizer: object, name: str) -> Optimizer:
    if not isinstance(optimizer, Optimizer):
        raise TypeError(f"{name} must be a wbcode.optim.Optimizer, got {optimizer!r}")
    return optimizer


def check_start(
    Ws: list[FloatArray], X: FloatArray, Y: FloatArray, acts: Sequence[str], loss: str, name: str
) -> None:
    """The initial networks' outputs for ``X``, and their losses, must be finite."""
    with np.errstate(over="ignore", invalid="ignore"):
        _, a, h = forward(Ws, X, acts)
        L = losses(Y, a[-1], h[-1], loss)
    if not (finite_nets([*a, *h]).all() and np.isfinite(L).all()):
        raise ValueError(f"{name} make the network's outputs or loss for X overflow float64")
