r"""Gradient descent on many small RNNs at once, with or without gradient clipping.

A statement about training a recurrent network ("clipping helps") cannot rest
on one run: in the exploding-gradient regime training is chaotic, so a
rounding difference of :math:`10^{-16}` grows until two correct
implementations of the same run end at different losses. It must rest on many
runs, and :func:`train_rnn_runs` trains many together: every array gets a
leading *run* axis, and each numpy call serves all runs.

Each run is the single-output RNN of :mod:`wbcode.rnn` with a sigmoid output
and the cross-entropy loss summed over time (``rnn_loss``'s default), trained
by plain gradient descent on all six parameters :math:`U, W, V, b, c,
h^{(0)}`. Before each step the full gradient :math:`g` (all six gradients as
one vector) may be clipped to norm :math:`\tau` (:mod:`wbcode.clipping`):

.. math::

    \theta \leftarrow \theta - \alpha \min\Bigl(1, \frac{\tau}{\lVert g\rVert}\Bigr) g .

The runs never mix: run ``r`` follows the same equations as
``rnn_backward`` and ``clip_global_norm`` applied to that run alone (the
tests compare the two, and the gradients with finite differences). The Q16
chapter uses it for its clipping demonstration.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from ._checks import FloatArray, as_array, check_choice, check_int, check_unit_interval
from .rnn import ACTIVATIONS, _df, _f

__all__ = ["RNNRuns", "train_rnn_runs"]


@dataclass(frozen=True)
class RNNRuns:
    """What :func:`train_rnn_runs` records, one row a run."""

    loss: FloatArray  #: the loss before each step and after the last, shape ``(R, steps + 1)``
    grad_norm: FloatArray  #: norm of the full gradient before clipping, shape ``(R, steps)``
    yhat: FloatArray  #: every run's outputs after the last step, shape ``(R, T)``
    params: tuple[FloatArray, ...]  #: the final ``(U, W, V, b, c, h0)``, run axis first


def _per_run(value: ArrayLike, name: str, R: int, *, finite: bool = True) -> FloatArray:
    """A positive number, or one per run, as an array of shape ``(R,)``."""
    arr = as_array(value, name, ndim=(0, 1), finite=finite)
    if arr.ndim == 1 and arr.shape != (R,):
        raise ValueError(f"{name} must be a number or one per run, shape ({R},), got {arr.shape}")
    if np.any(np.isnan(arr)) or np.any(arr <= 0):
        raise ValueError(f"{name} must be > 0, got {value!r}")
    return np.broadcast_to(arr, (R,)).copy()


def _checked(
    X: ArrayLike,
    y: ArrayLike,
    params: tuple[ArrayLike, ...],
) -> tuple[FloatArray, FloatArray, list[FloatArray]]:
    X = as_array(X, "X", ndim=3)
    R, T, d = X.shape
    y = check_unit_interval(as_array(y, "y", shape=(R, T)), "y")
    U = as_array(params[0], "U", ndim=3)
    n = U.shape[1]
    if U.shape != (R, n, d):
        raise ValueError(f"U must have shape ({R}, n, {d}) for X of shape {X.shape}, got {U.shape}")
    shapes = {"W": (R, n, n), "V": (R, n), "b": (R, n), "c": (R,), "h0": (R, n)}
    rest = [as_array(p, k, shape=s) for p, (k, s) in zip(params[1:], shapes.items(), strict=True)]
    return X, y, [U, *rest]


def _loss_and_grads(
    X: FloatArray, y: FloatArray, p: list[FloatArray], activation: str
) -> tuple[FloatArray, FloatArray, list[FloatArray]]:
    """Loss, outputs and the six gradients of every run; the run axis is *last* here.

    ``X`` is ``(T, d, R)``, ``y`` ``(T, R)``, ``U`` ``(n, d, R)``, ``W`` ``(n, n, R)``,
    ``V``, ``b``, ``h0`` ``(n, R)`` and ``c`` ``(R,)``: every operation then works on
    contiguous runs, which is fast for the small networks this is meant for.
    """
    U, W, V, b, c, h0 = p
    T = X.shape[0]
    inputs = (U[None] * X[:, None]).sum(axis=2) + b  # b + U x(t), shape (T, n, R)
    a = np.empty_like(inputs)
    h = np.empty_like(inputs)
    h_prev = h0
    for t in range(T):  # a(t) = b + W h(t-1) + U x(t), h(t) = f(a(t))
        a[t] = inputs[t] + (W * h_prev[None]).sum(axis=1)
        h[t] = h_prev = _f(a[t], activation)
    o = (h * V).sum(axis=1) + c  # o(t) = c + V h(t), shape (T, R)
    loss = (np.logaddexp(0.0, o) - y * o).sum(axis=0)  # cross-entropy from the logit
    yhat = 0.5 * (1.0 + np.tanh(0.5 * o))  # sigmoid(o), without overflow
    do = yhat - y
    dfa = _df(a, activation)
    da = np.empty_like(a)
    da_next = np.zeros_like(h0)
    for t in range(T - 1, -1, -1):  # da(t) = f'(a(t)) * (V^T do(t) + W^T da(t+1))
        da[t] = da_next = dfa[t] * (do[t] * V + (W * da_next[:, None]).sum(axis=0))
    h_prev_all = np.concatenate([h0[None], h[:-1]])
    grads = [
        (da[:, :, None] * X[:, None]).sum(axis=0),  # dU = sum_t da(t) x(t)^T
        (da[:, :, None] * h_prev_all[:, None]).sum(axis=0),  # dW = sum_t da(t) h(t-1)^T
        (do[:, None] * h).sum(axis=0),  # dV = sum_t do(t) h(t)^T
        da.sum(axis=0),  # db
        do.sum(axis=0),  # dc
        (W * da[0][:, None]).sum(axis=0),  # dh0 = W^T da(1)
    ]
    return loss, yhat, grads


def train_rnn_runs(
    X: ArrayLike,
    y: ArrayLike,
    U: ArrayLike,
    W: ArrayLike,
    V: ArrayLike,
    b: ArrayLike,
    c: ArrayLike,
    h0: ArrayLike,
    *,
    lr: ArrayLike,
    steps: int,
    threshold: ArrayLike | None = None,
    activation: str = "tanh",
) -> RNNRuns:
    r"""Train ``R`` single-output RNNs by gradient descent, each on its own sequence.

    Parameters
    ----------
    X : array_like, shape (R, T, d)
        The input sequence of every run.
    y : array_like, shape (R, T)
        Targets in ``[0, 1]``, one per run and time step.
    U, W, V, b, c, h0 : array_like
        The starting parameters of every run, shapes ``(R, n, d)``, ``(R, n, n)``,
        ``(R, n)``, ``(R, n)``, ``(R,)`` and ``(R, n)`` (as in
        :func:`wbcode.rnn.rnn_forward` with a vector ``V``, plus the run axis).
    lr : float or array_like, shape (R,)
        The step size :math:`\alpha`, for all runs or one per run, > 0.
    steps : int
        Number of gradient-descent steps, at least 1.
    threshold : float or array_like, shape (R,), optional
        The clipping threshold :math:`\tau` (> 0), for all runs or one per
        run; ``inf`` leaves a run unclipped. ``None`` (the default) clips
        no run.
    activation : {"tanh", "relu", "identity"}, default "tanh"

    Returns
    -------
    RNNRuns

    Raises
    ------
    ValueError
        Shapes that do not fit together, NaN or infinite entries, targets
        outside ``[0, 1]``, ``lr`` or ``threshold`` not positive, fewer than
        one step, an unknown activation, or a step size so large that the
        weights of a run overflow (named ``lr``).

    Notes
    -----
    Per run, with :math:`g_k` the gradient of all six parameters at step
    :math:`k` (backpropagation through time, as derived in the Q16 chapter):

    .. math::

        \theta_{k+1} = \theta_k - \alpha \min\bigl(1, \tau / \lVert g_k\rVert\bigr)\, g_k .

    Examples
    --------
    >>> import numpy as np
    >>> # two runs of three steps
    >>> X, y = np.ones((2, 3, 1)), np.ones((2, 3))
    >>> U, W = np.full((2, 1, 1), 0.5), np.zeros((2, 1, 1))
    >>> V, c = np.ones((2, 1)), np.zeros(2)
    >>> b, h0 = np.zeros((2, 1)), np.zeros((2, 1))
    >>> runs = train_rnn_runs(X, y, U, W, V, b, c, h0, lr=1.0, steps=2,
    ...                       threshold=[np.inf, 0.1])
    >>> runs.loss.round(4)  # the second run takes short, clipped steps
    array([[1.4656, 0.2   , 0.1379],
           [1.4656, 1.292 , 1.1375]])
    >>> runs.grad_norm.round(4)
    array([[1.8366, 0.2721],
           [1.8366, 1.6391]])
    """
    X, y, p = _checked(X, y, (U, W, V, b, c, h0))
    R = X.shape[0]
    lr = _per_run(lr, "lr", R)
    tau = (
        np.full(R, np.inf)
        if threshold is None
        else _per_run(threshold, "threshold", R, finite=False)
    )
    steps = check_int(steps, "steps", minimum=1)
    activation = check_choice(activation, "activation", ACTIVATIONS)
    Xr, yr = np.moveaxis(X, 0, -1), y.T  # the run axis last, as _loss_and_grads wants
    p = [np.moveaxis(q, 0, -1).copy() for q in p]
    losses, norms = np.empty((steps + 1, R)), np.empty((steps, R))
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        for k in range(steps):
            losses[k], _, g = _loss_and_grads(Xr, yr, p, activation)
            norms[k] = np.sqrt(sum((gi**2).reshape(-1, R).sum(axis=0) for gi in g))
            scale = lr * np.minimum(1.0, tau / norms[k])  # min(1, tau/||g||) is 1 for tau = inf
            p = [q - gi * scale for q, gi in zip(p, g, strict=True)]
        losses[steps], yhat, _ = _loss_and_grads(Xr, yr, p, activation)
    bad = ~(np.isfinite(losses).all(axis=0) & np.isfinite(norms).all(axis=0))
    bad |= ~np.all([np.isfinite(q).reshape(-1, R).all(axis=0) for q in p], axis=0)
    if bad.any():
        r = int(np.argmax(bad))
        raise ValueError(
            f"lr = {lr[r]:g} is too large: the weights of run {r} overflowed "
            f"(the loss or the gradient is no longer finite)"
        )
    return RNNRuns(
        loss=losses.T.copy(),
        grad_norm=norms.T.copy(),
        yhat=yhat.T.copy(),
        params=tuple(np.moveaxis(q, -1, 0).copy() for q in p),
    )
