r"""The training loop for small dense networks, for one network or many at once.

:func:`train` trains one network (a list of bias-first weight matrices, as in
:mod:`wbcode.mlp`) with an optimizer of :mod:`wbcode.optim` or
:mod:`wbcode.adaptive`, full batch (one step per epoch on the loss summed
over the samples) or per sample (one step per sample, in row order), with an
optional weight penalty of :mod:`wbcode.regularization`. It records the loss
after every epoch and the epoch at which the network has **converged**. The
criterion is

.. math::

    \max_i\, \lvert y_i - \hat y_i \rvert < \mathrm{tol},

with ``tol = 0.25`` by default, i.e. for 0/1 targets every prediction lies on
the right side of 0.5 by at least 0.25. A run has converged at epoch
:math:`e` if the criterion holds after epoch :math:`e` and after every later
epoch until the end of training; a run that meets it and loses it again
(a weight penalty can pull a solution apart) has not converged.

A run **diverges** when a step drives a weight, a gradient or the loss beyond
the float range (a step size far too large): training stops there, the
result keeps the last finite weights and says at which epoch it diverged, and
the run counts as not converged.

The loop works on a stack of :math:`S` networks of one shape at once (one
array per layer, the networks along the first axis; see
``wbcode._stacked``): :func:`wbcode.multistart.compare` trains hundreds of
random starts in the time of a few single runs. With :math:`S = 1` it is the
loop of :func:`train`. The Q9 and Q11 chapters use it on XOR.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from . import _stacked as stk
from ._checks import (
    FloatArray,
    as_array,
    check_positive,
    check_rng,
)
from .optim import Optimizer
from .regularization import Penalty

__all__ = ["MODES", "TrainResult", "converged", "init_network", "train"]

MODES = stk.MODES
"""``"batch"``: one step per epoch on the summed loss; ``"sample"``: one step per sample."""


def init_network(
    sizes: Sequence[int], rng: np.random.Generator, *, std: float = 1.0
) -> list[FloatArray]:
    r"""Gaussian initial weights for a dense network, biases included.

    Parameters
    ----------
    sizes : sequence of int
        Units per layer, input first: ``(2, 2, 1)`` is the 2-2-1 XOR network
        (a 1-D integer array works too).
    rng : numpy.random.Generator
        Source of randomness (``numpy.random.default_rng(seed)``).
    std : float, default 1.0
        Standard deviation :math:`s` of every weight and bias,
        :math:`w \sim \mathcal N(0, s^2)`.

    Returns
    -------
    list of numpy.ndarray
        One bias-first matrix of shape ``(sizes[l+1], 1 + sizes[l])`` per
        layer (see :mod:`wbcode.mlp`); a last layer with one unit is a vector
        ``(1 + sizes[-2],)``, like the workbook's :math:`v`. They are drawn
        in this order, each row-major.

    Examples
    --------
    >>> import numpy as np
    >>> W, v = init_network((2, 2, 1), np.random.default_rng(0), std=0.5)
    >>> W.shape, v.shape
    ((2, 3), (3,))
    """
    rng = check_rng(rng)
    s = check_positive(std, "std")
    sizes = stk.check_sizes(sizes)
    shapes = [(n_out, 1 + n_in) for n_in, n_out in itertools.pairwise(sizes)]
    weights = [rng.normal(0.0, s, size=shape) for shape in shapes]
    if shapes[-1][0] == 1:
        weights[-1] = weights[-1][0]
    return weights


def converged(yhat: ArrayLike, y: ArrayLike, *, tol: float = 0.25) -> bool:
    r"""Whether every prediction is within ``tol`` of its target.

    Parameters
    ----------
    yhat, y : array_like, same shape
        Predictions and targets.
    tol : float, default 0.25
        For 0/1 targets, ``tol = 0.25`` means every prediction is on the
        right side of 0.5 with a margin of at least 0.25.

    Returns
    -------
    bool
        :math:`\max_i |y_i - \hat y_i| < \mathrm{tol}`.

    Examples
    --------
    >>> converged([0.9, 0.1, 0.2, 0.8], [1, 0, 0, 1])
    True
    >>> converged([0.9, 0.1, 0.3, 0.8], [1, 0, 0, 1])
    False
    """
    yhat = as_array(yhat, "yhat")
    y = as_array(y, "y")
    if yhat.shape != y.shape:
        raise ValueError(f"yhat and y must have the same shape, got {yhat.shape} and {y.shape}")
    t = check_positive(tol, "tol")
    return bool(np.max(np.abs(y - yhat)) < t)


# -- the loop, on a stack of networks ---------------------------------------------------


class _Fit:
    """The record of :func:`_fit` for a stack of S networks, filled epoch by epoch."""

    def __init__(self, Ws: list[FloatArray], Y: FloatArray, tol: float, epochs: int) -> None:
        S = Ws[0].shape[0]
        self.Y, self.tol = Y, tol  # the targets (n, k) and the criterion's tolerance
        self.weights = Ws  # the last finite weights, one stack (S, n_out, 1 + n_in) a layer
        self.yhat = np.zeros(0)  # (S, n, k): predictions with them
        self.loss = np.zeros((epochs + 1, S))  # data loss after each epoch
        self.objective = np.zeros((epochs + 1, S))  # loss + penalty (when recorded)
        self.first = np.full(S, -1)  # start of the run of epochs meeting the criterion
        self.diverged = np.full(S, -1)  # epoch whose step left the float range
        self.epochs = 0  # epochs run: all, unless every network diverged
        self.frozen = np.zeros(S, dtype=bool)  # networks stopped at their last finite weights

    def update(
        self, epoch: int, Ws: list[FloatArray], yhat: FloatArray, L: FloatArray, J: FloatArray
    ) -> bool:
        """Book-keep ``epoch``; False (and the record cut there) once every network diverged."""
        bad = ~(np.isfinite(yhat).reshape(len(L), -1).all(axis=1) & np.isfinite(J))
        bad &= ~self.frozen
        if bad.any():  # finite weights whose outputs overflow: back to the previous epoch
            self.frozen |= bad
            Ws = [np.where(_nets(bad, w), w0, w) for w, w0 in zip(Ws, self.weights, strict=True)]
            yhat = np.where(_nets(bad, yhat), self.yhat, yhat)
            L, J = (
                np.where(bad, self.loss[epoch - 1], L),
                np.where(bad, self.objective[epoch - 1], J),
            )
        self.diverged[self.frozen & (self.diverged < 0)] = epoch
        if self.frozen.all():
            self.loss, self.objective = self.loss[:epoch], self.objective[:epoch]
            return False
        ok = (np.abs(self.Y - yhat).reshape(len(L), -1).max(axis=1) < self.tol) & ~self.frozen
        self.first[~ok] = -1
        self.first[(self.first < 0) & ok] = epoch
        self.loss[epoch], self.objective[epoch] = L, J
        self.weights, self.yhat, self.epochs = Ws, yhat, epoch
        return True


def _nets(mask: NDArray[np.bool_], like: FloatArray) -> NDArray[np.bool_]:
    """A per-network mask ``(S,)`` shaped to broadcast against a stack ``(S, ...)``."""
    return mask.reshape(-1, *([1] * (like.ndim - 1)))


def _step(
    Ws: list[FloatArray],
    x: FloatArray,
    y: FloatArray,
    acts: Sequence[str],
    optimizer: Optimizer,
    loss: str,
    penalty: Penalty | None,
    frozen: NDArray[np.bool_],
    fw: stk.Pass | None = None,
) -> list[FloatArray]:
    """One optimizer step of every network on ``(x, y)``; a network that overflows is frozen."""
    grads = stk.backward(Ws, y, acts, loss, stk.forward(Ws, x, acts) if fw is None else fw)
    if penalty is not None:
        grads = [g + p for g, p in zip(grads, penalty._grad(Ws), strict=True)]
    frozen |= ~stk.finite_nets(grads)
    if frozen.any():
        grads = [np.where(_nets(frozen, g), 0.0, g) for g in grads]
    new = optimizer._advance(Ws, grads)  # Ws and grads are checked and finite
    frozen |= ~stk.finite_nets(new)
    if not frozen.any():
        return new
    return [np.where(_nets(frozen, w), w, w_new) for w, w_new in zip(Ws, new, strict=True)]


def _fit(
    Ws: list[FloatArray],
    X: FloatArray,
    Y: FloatArray,
    acts: Sequence[str],
    optimizer: Optimizer,
    loss: str,
    penalty: Penalty | None,
    epochs: int,
    mode: str,
    tol: float,
    record: bool,
) -> _Fit:
    """Train a stack of networks on checked input: the loop of :func:`train` and ``compare``.

    ``record`` adds the penalty to the recorded objective (for a stack of one
    network); without it only the loss is kept.
    """
    n = X.shape[0]
    batches = [(X, Y)] if mode == "batch" else [(X[i : i + 1], Y[i : i + 1]) for i in range(n)]
    step_penalty = penalty  # per sample 1/n of it, so that an epoch applies it once
    if penalty is not None and mode == "sample":
        step_penalty = Penalty(penalty.kind, penalty.lam / n, penalty.bias)
    run = _Fit(Ws, Y, tol, epochs)
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        fw = stk.forward(Ws, X, acts)
        for epoch in range(epochs + 1):
            _, a, h = fw
            L = stk.losses(Y, a[-1], h[-1], loss)
            J = L + penalty._value(Ws) if record and penalty is not None else L
            if not run.update(epoch, Ws, h[-1], L, J) or epoch == epochs:
                break
            Ws = run.weights  # with any network whose outputs overflowed set back
            for x, y in batches:  # the next epoch: one pass over the data, a step per batch
                cached = fw if mode == "batch" else None  # the forward pass at Ws on X
                Ws = _step(Ws, x, y, acts, optimizer, loss, step_penalty, run.frozen, cached)
            fw = stk.forward(Ws, X, acts)
    return run


# -- one network -------------------------------------------------------------------------


@dataclass(frozen=True)
class TrainResult:
    """Outcome of :func:`train`."""

    weights: tuple[FloatArray, ...]  #: weights after the last epoch (the last finite ones)
    loss: FloatArray  #: data loss (summed over samples) after each epoch; ``loss[0]`` at the start
    objective: FloatArray  #: ``loss`` plus the penalty, after each epoch
    yhat: FloatArray  #: predictions after the last epoch
    converged_epoch: int | None  #: epoch from which :func:`converged` holds to the end, or None
    epochs: int  #: epochs run (fewer than asked if the run diverged)
    diverged_epoch: int | None = None  #: epoch whose step left the float range, or None


def train(
    weights: Sequence[ArrayLike],
    X: ArrayLike,
    y: ArrayLike,
    activations: Sequence[str],
    *,
    optimizer: Optimizer,
    loss: str = "logistic",
    penalty: Penalty | None = None,
    epochs: int = 1000,
    mode: str = "batch",
    tol: float = 0.25,
) -> TrainResult:
    r"""Train a dense network and record its loss after every epoch.

    Parameters
    ----------
    weights : list of array_like
        Initial bias-first weights (see :func:`init_network`); not modified.
    X : array_like, shape (n, d)
        Inputs, one sample a row.
    y : array_like, shape (n,) or (n, k)
        Targets, shaped like the network's prediction for ``X``; in [0, 1]
        for the logistic loss.
    activations : sequence of str
        One activation per layer (``"identity"``, ``"relu"``, ``"sigmoid"``).
    optimizer : Optimizer
        From :mod:`wbcode.optim` or :mod:`wbcode.adaptive`; a
        :meth:`~wbcode.optim.Optimizer.clone` with empty state is used, so the
        argument can be reused.
    loss : str, default "logistic"
        A loss of :mod:`wbcode.mlp`; ``"logistic"`` (binary cross-entropy,
        summed over the samples) needs a sigmoid output.
    penalty : Penalty, optional
        Weight penalty :math:`\Omega` added to the summed loss (by default
        it spares the biases).
    epochs : int, default 1000
        Passes over the data.
    mode : {"batch", "sample"}, default "batch"
        ``"batch"``: one step per epoch on :math:`\sum_i \mathcal L_i + \Omega`.
        ``"sample"``: one step per sample, in row order, on
        :math:`\mathcal L_i + \Omega / n` (so one epoch applies the penalty
        once, as a batch step does).
    tol : float, default 0.25
        Convergence tolerance of :func:`converged`.

    Returns
    -------
    TrainResult
        Final weights, ``loss`` and ``objective`` per epoch (index 0 before
        training), final predictions, the epoch from which the network stays
        converged (``None`` if it is not converged at the end), and the epoch
        at which it diverged (``None`` if it did not; training stops there and
        keeps the last finite weights).

    Notes
    -----
    A batch epoch is :math:`\theta \leftarrow \mathrm{step}(\theta,
    \nabla_\theta [\sum_i \mathcal L_i + \Omega])` with the optimizer's
    ``step``; the gradient is backpropagation as in :func:`wbcode.mlp.backward`
    plus :meth:`wbcode.regularization.Penalty.grad`.

    Examples
    --------
    >>> import numpy as np
    >>> from wbcode.optim import GD
    >>> from wbcode.workbook import Q9
    >>> w0 = init_network((2, 2, 1), np.random.default_rng(0))
    >>> acts = ["sigmoid", "sigmoid"]
    >>> res = train(w0, Q9.X, Q9.y, acts, optimizer=GD(lr=1.0), epochs=300)
    >>> res.converged_epoch, res.yhat.round(2)
    (55, array([0.99, 0.01, 0.01, 0.99]))

    A step size far too large makes the squared loss of a linear output
    overflow: the run stops and says so.

    >>> res = train(w0, Q9.X, Q9.y, ["sigmoid", "identity"],
    ...             optimizer=GD(lr=10.0), loss="squared", epochs=300)
    >>> res.diverged_epoch, res.epochs, res.converged_epoch
    (80, 79, None)
    """
    X, y, epochs, tol = stk.check_training(X, y, activations, loss, epochs, mode, tol, penalty)
    opt = stk.check_optimizer(optimizer, "optimizer").clone()
    Ws, acts = stk.check_network(weights, X.shape[1], activations)
    k = Ws[-1].shape[1]
    vector = np.ndim(weights[-1]) == 1
    want = (X.shape[0],) if vector else (X.shape[0], k)
    if y.shape != want:
        raise ValueError(f"y must have the prediction's shape {want}, got {y.shape}")
    Y = y.reshape(X.shape[0], k)
    stk.check_start(Ws, X, Y, acts, loss, "weights")
    if penalty is not None:
        penalty.value([w[0] for w in Ws])  # a penalty beyond the float range is an error
    run = _fit(Ws, X, Y, acts, opt, loss, penalty, epochs, mode, tol, True)
    W = [w[0] for w in run.weights]
    if vector:
        W[-1] = W[-1][0]
    return TrainResult(
        weights=tuple(W),
        loss=run.loss[:, 0],
        objective=run.objective[:, 0],
        yhat=run.yhat[0].reshape(want),
        converged_epoch=int(run.first[0]) if run.first[0] >= 0 else None,
        epochs=run.epochs,
        diverged_epoch=int(run.diverged[0]) if run.diverged[0] >= 0 else None,
    )
