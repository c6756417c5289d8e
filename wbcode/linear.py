r"""The linear model with squared loss, and stochastic gradient descent on it.

With augmented inputs :math:`x = (1, x_1, \dots, x_d)` (bias first, see the
conventions page) and weights :math:`\theta = (\theta_0, \dots, \theta_d)`:

.. math::

    \hat y(x, \theta) = \theta^\top x, \qquad
    \mathcal L(\theta; x, y) = (y - \hat y)^2, \qquad
    \nabla_\theta \mathcal L = -2\,(y - \hat y)\,x .

The Q2 chapter derives the gradient; Q10 reuses it. A loss, prediction or
gradient whose value lies beyond the float range (residuals above about
:math:`10^{154}` squared) raises a ``ValueError`` instead of turning into
``inf``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from ._checks import FloatArray, as_array, check_callable, check_positive
from ._overflow import overflow_is_an_error

__all__ = [
    "SGDPass",
    "SGDStep",
    "least_squares",
    "max_stable_lr",
    "predict",
    "sgd_pass",
    "sgd_pass_matrix",
    "squared_loss",
    "squared_loss_grad",
    "total_loss",
]


def _data(theta: ArrayLike, X: ArrayLike) -> tuple[FloatArray, FloatArray]:
    theta = as_array(theta, "theta", ndim=1)
    X = as_array(X, "X", ndim=(1, 2))
    if X.shape[-1] != theta.shape[0]:
        raise ValueError(
            f"X must have {theta.shape[0]} columns to match theta of shape {theta.shape}, "
            f"got X of shape {X.shape}"
        )
    return theta, X


def _targets(y: ArrayLike, X: FloatArray) -> FloatArray:
    want = X.shape[:-1]
    y = as_array(y, "y", ndim=len(want))
    if y.shape != want:
        raise ValueError(f"y must have shape {want} to match X of shape {X.shape}, got {y.shape}")
    return y


@overflow_is_an_error("the prediction X @ theta")
def predict(theta: ArrayLike, X: ArrayLike) -> FloatArray:
    r"""Predictions :math:`\hat y = X\theta` of the linear model.

    Parameters
    ----------
    theta : array_like, shape (d,)
        Weights, bias weight first.
    X : array_like, shape (n, d) or (d,)
        Augmented inputs (a column of ones first), or one augmented input.

    Returns
    -------
    numpy.ndarray, shape (n,) or ()
        The predictions.

    Examples
    --------
    >>> predict([0.5, 1.5, 0.5], [[1, 1, 2], [1, 2, 4]])
    array([3. , 5.5])
    """
    theta, X = _data(theta, X)
    return np.asarray(X @ theta)


@overflow_is_an_error("the squared error of y and yhat")
def squared_loss(y: ArrayLike, yhat: ArrayLike) -> FloatArray:
    r"""Per-sample squared error :math:`(y - \hat y)^2` (no factor 1/2).

    Examples
    --------
    >>> squared_loss([2.0, 4.0], [3.0, 5.5])
    array([1.  , 2.25])
    """
    y = as_array(y, "y", allow_empty=True)
    yhat = as_array(yhat, "yhat", allow_empty=True)
    if y.shape != yhat.shape:
        raise ValueError(f"y and yhat must have the same shape, got {y.shape} and {yhat.shape}")
    return (y - yhat) ** 2


@overflow_is_an_error("the total loss of theta on (X, y)")
def total_loss(theta: ArrayLike, X: ArrayLike, y: ArrayLike) -> float:
    r"""Total loss :math:`\sum_i (y_i - \theta^\top x_i)^2` over a data set.

    Examples
    --------
    >>> total_loss([0.5, 1.5, 0.5], [[1, 1, 2], [1, 2, 4]], [2, 4])
    3.25
    """
    theta, X = _data(theta, X)
    y = _targets(y, X)
    return float(np.sum((y - X @ theta) ** 2))


@overflow_is_an_error("the gradient of the squared loss of theta on (X, y)")
def squared_loss_grad(theta: ArrayLike, X: ArrayLike, y: ArrayLike) -> FloatArray:
    r"""Gradient of the squared loss with respect to ``theta``.

    Parameters
    ----------
    theta : array_like, shape (d,)
    X : array_like, shape (d,) or (n, d)
        One augmented sample, or a batch (then the gradient of the *sum* of
        the per-sample losses is returned).
    y : float or array_like, shape () or (n,)

    Returns
    -------
    numpy.ndarray, shape (d,)

    Notes
    -----
    .. math::

        \nabla_\theta (y - \theta^\top x)^2 = -2\,(y - \theta^\top x)\,x .

    With the alternative loss :math:`\tfrac12 (y - \hat y)^2` every gradient
    is halved.

    Examples
    --------
    >>> squared_loss_grad([0.5, 1.5, 0.5], [1, 1, 2], 2)
    array([2., 2., 4.])
    """
    theta, X = _data(theta, X)
    y = _targets(y, X)
    residual = y - X @ theta
    return -2.0 * (residual @ X if X.ndim == 2 else residual * X)


def least_squares(X: ArrayLike, y: ArrayLike) -> FloatArray:
    r"""Minimiser of :math:`\sum_i (y_i - \theta^\top x_i)^2` (minimum-norm if not unique).

    Examples
    --------
    >>> least_squares([[1, 0], [1, 1], [1, 2]], [1, 3, 5]).round(6)
    array([1., 2.])
    """
    X = as_array(X, "X", ndim=2)
    y = _targets(y, X)
    theta, *_ = np.linalg.lstsq(X, y, rcond=None)
    return np.asarray(theta, dtype=np.float64)


@dataclass(frozen=True)
class SGDStep:
    """One single-sample update of :func:`sgd_pass` (one row of a step table)."""

    index: int  #: row of the data set used (0-based)
    theta: FloatArray  #: weights before the update
    yhat: float  #: prediction for this row before the update
    error: float  #: ``y - yhat``
    loss: float  #: ``(y - yhat)**2`` before the update
    grad: FloatArray  #: gradient of this row's loss at ``theta``
    theta_new: FloatArray  #: weights after the update
    total_loss: float  #: loss summed over all rows at ``theta_new``


@dataclass(frozen=True)
class SGDPass:
    """Result of one pass of :func:`sgd_pass`."""

    steps: tuple[SGDStep, ...]
    theta: FloatArray  #: weights after the pass
    total_loss_before: float
    total_loss_after: float


Update = Callable[[FloatArray, FloatArray], FloatArray]


def sgd_pass(
    theta: ArrayLike,
    X: ArrayLike,
    y: ArrayLike,
    lr: float | None = None,
    *,
    update: Update | None = None,
) -> SGDPass:
    r"""One pass of stochastic gradient descent over the rows of ``X`` in order.

    Parameters
    ----------
    theta : array_like, shape (d,)
        Starting weights.
    X : array_like, shape (n, d)
        Augmented inputs, one sample a row.
    y : array_like, shape (n,)
        Targets.
    lr : float, optional
        Step size :math:`\alpha` of the plain update
        :math:`\theta \leftarrow \theta - \alpha \nabla_\theta \mathcal L_i`.
    update : callable, optional
        Instead of ``lr``: a function ``(theta, grad) -> new theta`` (for
        example the ``step`` of an optimizer from ``wbcode.optim``).
        Exactly one of ``lr`` and ``update`` must be given.

    Returns
    -------
    SGDPass
        Every step (the rows of a hand calculation's table) and the totals.

    Examples
    --------
    >>> res = sgd_pass([0.5, 1.5, 0.5], [[1, 1, 2]], [2], lr=0.001)
    >>> res.theta
    array([0.498, 1.498, 0.496])
    >>> res.total_loss_before, round(res.total_loss_after, 6)
    (1.0, 0.976144)
    """
    theta, X = _data(theta, X)
    if X.ndim != 2:
        raise ValueError(f"X must have 2 dimensions (one sample a row), got shape {X.shape}")
    y = _targets(y, X)
    if (lr is None) == (update is None):
        raise TypeError("give exactly one of lr (plain SGD) and update (a custom step)")
    if lr is not None:
        alpha = check_positive(lr, "lr")

        def update(t: FloatArray, g: FloatArray) -> FloatArray:
            return t - alpha * g

    check_callable(update, "update")
    assert update is not None
    theta = theta.copy()  # the first step keeps it: never the caller's array
    before = total_loss(theta, X, y)
    steps = []
    for i in range(X.shape[0]):
        steps.append(_sgd_step(i, theta, X, y, update))
        theta = steps[-1].theta_new
    return SGDPass(
        steps=tuple(steps),
        theta=theta.copy(),
        total_loss_before=before,
        total_loss_after=steps[-1].total_loss,
    )


def _sgd_step(i: int, theta: FloatArray, X: FloatArray, y: FloatArray, update: Update) -> SGDStep:
    """The update on row ``i``; a step whose numbers overflow float64 is reported as divergence."""
    with np.errstate(over="ignore", invalid="ignore"):
        yhat = float(X[i] @ theta)
        grad = -2.0 * (y[i] - yhat) * X[i]  # squared_loss_grad(theta, X[i], y[i])
        new = as_array(update(theta, grad), "update(theta, grad)", shape=theta.shape, copy=True)
        total = float(np.sum((y - X @ new) ** 2))
        loss = (y[i] - yhat) ** 2
    if not np.all(np.isfinite([yhat, total, loss, *grad])):
        raise ValueError(
            f"SGD diverged at step {i + 1}: the loss overflows float64; "
            "take a smaller step size (lr) or rescale X"
        )
    error = float(y[i] - yhat)
    return SGDStep(
        index=i,
        theta=theta,
        yhat=yhat,
        error=error,
        loss=float(loss),
        grad=grad,
        theta_new=new,
        total_loss=total,
    )


@overflow_is_an_error("the pass matrix of X and lr")
def sgd_pass_matrix(X: ArrayLike, lr: float) -> FloatArray:
    r"""The matrix by which one SGD pass multiplies the weight error.

    If the data are consistent (some :math:`\theta^*` has
    :math:`X\theta^* = y`), the update on row :math:`x_i` gives
    :math:`\theta' - \theta^* = (I - 2\alpha\, x_i x_i^\top)(\theta - \theta^*)`,
    so one pass over the rows in order multiplies the error by

    .. math::

        A(\alpha) = (I - 2\alpha\, x_n x_n^\top) \cdots (I - 2\alpha\, x_1 x_1^\top).

    Parameters
    ----------
    X : array_like, shape (n, d)
        Augmented inputs in the order they are visited.
    lr : float
        The step size :math:`\alpha > 0`.

    Returns
    -------
    numpy.ndarray, shape (d, d)

    Examples
    --------
    >>> sgd_pass_matrix([[1.0, 0.0]], 0.25)
    array([[0.5, 0. ],
           [0. , 1. ]])
    """
    X = as_array(X, "X", ndim=2)
    alpha = check_positive(lr, "lr")
    d = X.shape[1]
    A = np.eye(d)
    for x in X:
        A = (np.eye(d) - 2.0 * alpha * np.outer(x, x)) @ A
    return A


def max_stable_lr(X: ArrayLike, *, tol: float = 1e-10) -> float:
    r"""The largest step size for which SGD passes over ``X`` (in order) converge.

    SGD converges (for consistent data) exactly when the spectral radius of
    :func:`sgd_pass_matrix` restricted to the row space of :math:`X` is below
    1: directions orthogonal to every :math:`x_i` are never changed and do not
    matter. The function walks up from a surely stable step to the first
    unstable one and bisects: it returns the end of the first interval of
    stable steps, :math:`\sup\{\alpha : \rho(A(\alpha')) < 1 \ \forall \alpha' \le \alpha\}`.

    Parameters
    ----------
    X : array_like, shape (n, d)
        Augmented inputs in the order they are visited.
    tol : float, default 1e-10
        Relative width, in (0, 1), of the bracket at which the bisection
        stops; it also stops when the bracket's ends are neighbouring floats.

    Returns
    -------
    float
        The largest stable step size :math:`\alpha_{\max}`.

    Notes
    -----
    A single update on row :math:`x_i` multiplies that row's residual by
    :math:`1 - 2\alpha \lVert x_i\rVert^2`, so :math:`\alpha < 1/\lVert x_i\rVert^2`
    is necessary for every row visited alone; the Q2 chapter compares both.
    Scaling :math:`X` by :math:`c` scales :math:`\alpha_{\max}` by
    :math:`1/c^2`; the search runs on :math:`X` scaled by a power of two to
    entries of order 1, which changes no rounding.

    Examples
    --------
    >>> round(max_stable_lr([[1.0, 0.0]]), 6)
    1.0
    """
    X = as_array(X, "X", ndim=2)
    tol = check_positive(tol, "tol")
    if tol >= 1.0:
        raise ValueError(f"tol must be a relative tolerance in (0, 1), got {tol}")
    biggest = float(np.max(np.abs(X)))
    if biggest == 0.0:
        raise ValueError("X must have at least one non-zero row")
    scale = float(np.ldexp(1.0, int(np.frexp(biggest)[1])))  # a power of two near max |X|
    alpha = _first_stable_interval_end(X / scale, tol) / scale / scale
    if alpha == 0.0 or not np.isfinite(alpha):
        raise ValueError(
            f"the largest stable step size of X lies outside the float range (X's entries "
            f"reach {biggest:g}, and the step size scales like 1 / |X|**2)"
        )
    return alpha


def _first_stable_interval_end(X: FloatArray, tol: float) -> float:
    """:func:`max_stable_lr` for an ``X`` with entries of order 1."""
    _, sv, vt = np.linalg.svd(X)
    rank = int(np.sum(sv > sv.max() * 1e-12))
    Q = vt[:rank].T  # orthonormal basis of the row space

    def radius(alpha: float) -> float:
        B = Q.T @ sgd_pass_matrix(X, alpha) @ Q
        return float(np.max(np.abs(np.linalg.eigvals(B))))

    # Walk up from a step that is surely stable (the residual factor of every
    # row is then in (0, 1)) in small geometric steps to the first unstable
    # one, then bisect: the result is the end of the first stable interval.
    lo = 0.5 / float(np.max(np.sum(X**2, axis=1)))
    if radius(lo) >= 1.0:
        raise ValueError("SGD on X is unstable even for tiny steps; is X degenerate?")
    hi = lo * 1.05
    for _ in range(2000):  # 1.05**2000: 1e42 times the first step
        if radius(hi) >= 1.0:
            break
        lo, hi = hi, hi * 1.05
    else:
        raise ValueError(f"SGD on X stays stable up to a step size of {hi:g}; no bound found")
    while hi - lo > tol * hi:
        mid = 0.5 * (lo + hi)
        if mid in (lo, hi):  # lo and hi are neighbouring floats: the bracket cannot shrink
            break
        if radius(mid) < 1.0:
            lo = mid
        else:
            hi = mid
    return lo
