r"""Autoencoders: the linear autoencoder against PCA, and the sparse autoencoder of Q19.

An autoencoder encodes :math:`x \in \R^d` as a code :math:`h = g(Wx) \in \R^k`
with an encoder :math:`W` of shape ``(k, d)`` and decodes it as
:math:`\tilde x = V h` with a decoder :math:`V` of shape ``(d, k)``. A batch
holds one sample a row, :math:`X \in \R^{n \times d}`, so that
:math:`H = g(X W^\top)` and :math:`\tilde X = H V^\top`.

* **Linear autoencoder** (:math:`g` the identity), trained by gradient descent
  on the squared reconstruction error, learns the same subspace as PCA
  (Baldi and Hornik, 1989), but not PCA's orthonormal, ordered basis. The Q18
  chapter compares the two with :func:`subspace_angles`.
* **Sparse autoencoder**: the loss of Q19,
  :math:`\L = \sum_i (\tilde x_i - x_i)^2 + \lambda \sum_j |h_j|`, and its
  gradients by :math:`W` and :math:`V` in matrix form for any activation
  :math:`g` (ReLU and sigmoid built in). The Q19 chapter derives them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from ._checks import FloatArray, as_array, check_positive, check_rng
from .activations import drelu, dsigmoid, relu, sigmoid

__all__ = [
    "LinearAEFit",
    "SparseAEPass",
    "linear_ae_grad",
    "linear_ae_loss",
    "low_rank_data",
    "pca",
    "sparse_ae_backward",
    "sparse_ae_grad",
    "sparse_ae_loss",
    "subspace_angles",
    "train_linear_ae",
]

Activation = Callable[[FloatArray], FloatArray]

#: The activations known by name, each with its derivative (written in terms of the input).
ACTIVATIONS: dict[str, tuple[Activation, Activation]] = {
    "relu": (relu, drelu),
    "sigmoid": (sigmoid, dsigmoid),
}


# -- validation helpers --------------------------------------------------------------------


def _coder(X: ArrayLike, W: ArrayLike, V: ArrayLike) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Check a sample or batch ``X`` (d,) / (n, d), an encoder (k, d) and a decoder (d, k)."""
    X = as_array(X, "x", ndim=(1, 2))
    W = as_array(W, "W", ndim=2)
    V = as_array(V, "V", ndim=2)
    k, d = W.shape
    if X.shape[-1] != d:
        raise ValueError(
            f"x must have {d} features (the columns of W, shape {W.shape}), "
            f"got x of shape {X.shape}"
        )
    if V.shape != (d, k):
        raise ValueError(
            f"V must have shape ({d}, {k}) to decode W of shape {W.shape}, got {V.shape}"
        )
    return X, W, V


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


# -- data and PCA ----------------------------------------------------------------------------


def low_rank_data(
    rng: np.random.Generator,
    n: int,
    d: int,
    stds: ArrayLike,
    *,
    noise: float = 0.1,
) -> FloatArray:
    r"""Centred samples near a random ``k``-dimensional subspace of :math:`\R^d`.

    Parameters
    ----------
    rng : numpy.random.Generator
        The source of randomness.
    n, d : int
        Number of samples and of features.
    stds : array_like, shape (k,)
        Standard deviations of the data along ``k`` random orthonormal
        directions (``k < d``), largest first.
    noise : float, default 0.1
        Standard deviation of isotropic Gaussian noise added to every feature.

    Returns
    -------
    numpy.ndarray, shape (n, d)
        :math:`X = Z\,\mathrm{diag}(\text{stds})\,Q^\top + \text{noise}\cdot E`,
        then centred (every column has mean 0), with :math:`Z, E` standard
        normal and :math:`Q` a random ``(d, k)`` matrix with orthonormal columns.

    Examples
    --------
    >>> import numpy as np
    >>> X = low_rank_data(np.random.default_rng(0), 100, 5, [3.0, 1.0])
    >>> X.shape, bool(np.allclose(X.mean(axis=0), 0.0))
    ((100, 5), True)
    """
    rng = check_rng(rng)
    if not isinstance(n, int | np.integer) or not isinstance(d, int | np.integer):
        raise TypeError(f"n and d must be integers, got {n!r} and {d!r}")
    if n < 2 or d < 2:
        raise ValueError(f"n and d must be at least 2, got n={n}, d={d}")
    stds = as_array(stds, "stds", ndim=1)
    if stds.shape[0] >= d or np.any(stds <= 0):
        raise ValueError(f"stds must hold fewer than d={d} positive numbers, got {stds}")
    noise = check_positive(noise, "noise", strict=False)
    Q, _ = np.linalg.qr(rng.standard_normal((d, stds.shape[0])))
    X = (rng.standard_normal((n, stds.shape[0])) * stds) @ Q.T
    X = X + noise * rng.standard_normal((n, d))
    return X - X.mean(axis=0)


def pca(X: ArrayLike, k: int) -> tuple[FloatArray, FloatArray]:
    r"""The first ``k`` principal directions of ``X`` and the variance along each.

    Parameters
    ----------
    X : array_like, shape (n, d)
        Data, one sample a row. It is centred here (PCA is defined on
        centred data).
    k : int
        Number of components, ``1 <= k <= min(n, d)``.

    Returns
    -------
    components : numpy.ndarray, shape (k, d)
        Orthonormal rows, ordered by decreasing variance (the top right
        singular vectors of the centred ``X``).
    variances : numpy.ndarray, shape (k,)
        The sample variance :math:`s_j^2 / (n - 1)` along each component.

    Notes
    -----
    Each component's sign is fixed so that its largest-magnitude entry is
    positive (a singular vector is only defined up to sign).

    Examples
    --------
    >>> import numpy as np
    >>> C, var = pca([[1.0, 0.0], [-1.0, 0.0], [0.0, 0.5], [0.0, -0.5]], 1)
    >>> C, var.round(4)
    (array([[1., 0.]]), array([0.6667]))
    """
    X = as_array(X, "X", ndim=2)
    n, d = X.shape
    if not isinstance(k, int | np.integer) or isinstance(k, bool):
        raise TypeError(f"k must be an integer, got {k!r}")
    if not 1 <= k <= min(n, d):
        raise ValueError(f"k must lie in [1, min(n, d)] = [1, {min(n, d)}], got {k}")
    Xc = X - X.mean(axis=0)
    _, s, Vt = np.linalg.svd(Xc, full_matrices=False)
    C = Vt[:k]
    sign = np.sign(C[np.arange(k), np.argmax(np.abs(C), axis=1)])
    return C * sign[:, None], s[:k] ** 2 / max(n - 1, 1)


def _orth(A: FloatArray) -> FloatArray:
    """Orthonormal basis of the column space of ``A`` (numerical rank from the SVD)."""
    U, s, _ = np.linalg.svd(A, full_matrices=False)
    tol = max(A.shape) * np.finfo(np.float64).eps * (s[0] if s.size else 0.0)
    return U[:, : int(np.sum(s > tol))]


def subspace_angles(A: ArrayLike, B: ArrayLike) -> FloatArray:
    r"""Principal angles between the column spaces of ``A`` and ``B``, largest first.

    Parameters
    ----------
    A : array_like, shape (d, p)
    B : array_like, shape (d, q)
        Each column is a vector in :math:`\R^d`; the columns span the subspace.

    Returns
    -------
    numpy.ndarray, shape (min(rank A, rank B),)
        The angles in radians, in :math:`[0, \pi/2]`, in decreasing order
        (the order of ``scipy.linalg.subspace_angles``).

    Notes
    -----
    With orthonormal bases :math:`Q_A, Q_B` of the two spaces, the cosines of
    the principal angles are the singular values of :math:`Q_A^\top Q_B`
    (Björck and Golub, 1973). ``arccos`` loses all precision for small
    angles (:math:`\cos\vartheta = 1 - \vartheta^2/2` rounds to 1 below
    :math:`\vartheta \approx 10^{-8}`), so, as in Knyazev and Argentati (2002),
    angles with :math:`\cos^2\vartheta \ge 1/2` are taken from the sines: the
    singular values of :math:`Q_B - Q_A (Q_A^\top Q_B)` (the part of
    :math:`Q_B` outside the span of :math:`Q_A`; roles swapped if :math:`A`
    spans fewer dimensions). The Q18 chapter uses the largest angle to
    compare a linear autoencoder with PCA: it is 0 exactly when the two
    subspaces coincide.

    References
    ----------
    Björck, Å. and Golub, G. H. (1973). Numerical methods for computing angles
    between linear subspaces. *Mathematics of Computation* 27(123), 579-594.

    Knyazev, A. V. and Argentati, M. E. (2002). Principal angles between
    subspaces in an A-based scalar product. *SIAM J. Sci. Comput.* 23(6),
    2008-2040.

    Examples
    --------
    >>> import numpy as np
    >>> A = [[1.0], [0.0]]
    >>> B = [[1.0], [1.0]]
    >>> np.degrees(subspace_angles(A, B)).round(6)
    array([45.])
    >>> subspace_angles([[1.0, 0], [0, 1], [0, 0]], [[2.0], [3.0], [0.0]])
    array([0.])
    """
    A = as_array(A, "A", ndim=2)
    B = as_array(B, "B", ndim=2)
    if A.shape[0] != B.shape[0]:
        raise ValueError(
            f"A and B must have the same number of rows (the dimension d), "
            f"got shapes {A.shape} and {B.shape}"
        )
    QA, QB = _orth(A), _orth(B)
    for name, Q, M in (("A", QA, A), ("B", QB, B)):
        if Q.shape[1] == 0:
            raise ValueError(f"{name} must span at least one dimension, got rank 0 ({M.shape})")
    if QA.shape[1] < QB.shape[1]:
        QA, QB = QB, QA
    C = QA.T @ QB
    cos = np.linalg.svd(C, compute_uv=False)[::-1]  # increasing cosines: decreasing angles
    sin = np.linalg.svd(QB - QA @ C, compute_uv=False)  # decreasing sines: decreasing angles
    small = cos**2 >= 0.5
    return np.where(small, np.arcsin(np.clip(sin, 0.0, 1.0)), np.arccos(np.clip(cos, 0.0, 1.0)))


# -- the linear autoencoder -------------------------------------------------------------------


def linear_ae_loss(X: ArrayLike, W: ArrayLike, V: ArrayLike) -> float:
    r"""Sum of squared reconstruction errors :math:`\sum_n \lVert V W x_n - x_n \rVert^2`.

    Parameters
    ----------
    X : array_like, shape (n, d) or (d,)
        Samples, one a row (or one sample).
    W : array_like, shape (k, d)
        Encoder.
    V : array_like, shape (d, k)
        Decoder.

    Returns
    -------
    float

    Examples
    --------
    >>> linear_ae_loss([[1.0, 2.0]], [[1.0, 0.0]], [[1.0], [0.0]])
    4.0
    """
    X, W, V = _coder(X, W, V)
    R = X @ W.T @ V.T - X
    return float(np.sum(R**2))


def linear_ae_grad(X: ArrayLike, W: ArrayLike, V: ArrayLike) -> tuple[FloatArray, FloatArray]:
    r"""Gradients of :func:`linear_ae_loss` by the encoder ``W`` and the decoder ``V``.

    Parameters
    ----------
    X : array_like, shape (n, d) or (d,)
    W : array_like, shape (k, d)
    V : array_like, shape (d, k)

    Returns
    -------
    dW : numpy.ndarray, shape (k, d)
    dV : numpy.ndarray, shape (d, k)

    Notes
    -----
    With :math:`H = X W^\top` and the residuals :math:`R = H V^\top - X`,

    .. math::

        \frac{\partial \L}{\partial V} = 2 R^\top H, \qquad
        \frac{\partial \L}{\partial W} = 2 V^\top R^\top X ,

    the case :math:`g(a) = a`, :math:`\lambda = 0` of :func:`sparse_ae_grad`.

    Examples
    --------
    >>> dW, dV = linear_ae_grad([[1.0, 2.0]], [[1.0, 0.0]], [[1.0], [0.0]])
    >>> dW, dV
    (array([[0., 0.]]), array([[ 0.],
           [-4.]]))
    """
    X, W, V = _coder(X, W, V)
    X2 = X.reshape(-1, X.shape[-1])
    H = X2 @ W.T
    R = H @ V.T - X2
    return 2.0 * (R @ V).T @ X2, 2.0 * R.T @ H


@dataclass(frozen=True)
class LinearAEFit:
    """Result of :func:`train_linear_ae`."""

    W: FloatArray  #: the trained encoder, shape (k, d)
    V: FloatArray  #: the trained decoder, shape (d, k)
    losses: FloatArray  #: mean reconstruction error per sample, before each step and at the end


def train_linear_ae(
    X: ArrayLike,
    k: int,
    rng: np.random.Generator,
    *,
    lr: float = 0.01,
    steps: int = 2000,
    init_scale: float = 0.1,
) -> LinearAEFit:
    r"""Train a linear autoencoder :math:`\tilde x = V W x` by full-batch gradient descent.

    Parameters
    ----------
    X : array_like, shape (n, d)
        Training data, one sample a row. Centre it first: the model has no
        biases.
    k : int
        Code size, ``1 <= k < d``.
    rng : numpy.random.Generator
        Draws the initial weights, :math:`\mathcal N(0, \text{init\_scale}^2)`.
    lr : float, default 0.01
        Step size for the *mean* loss per sample.
    steps : int, default 2000
        Number of gradient steps.
    init_scale : float, default 0.1
        Standard deviation of the initial weights.

    Returns
    -------
    LinearAEFit

    Notes
    -----
    One step is :math:`W \leftarrow W - \frac{\text{lr}}{n} \frac{\partial \L}{\partial W}`
    and the same for :math:`V`, with :math:`\L` and its gradients from
    :func:`linear_ae_loss` and :func:`linear_ae_grad`. Baldi and Hornik (1989)
    showed that every local minimum of :math:`\L` is global and projects onto
    the span of the first ``k`` principal directions; Q18 checks it.

    References
    ----------
    Baldi, P. and Hornik, K. (1989). Neural networks and principal component
    analysis: learning from examples without local minima. *Neural Networks*
    2(1), 53-58.

    Examples
    --------
    >>> import numpy as np
    >>> rng = np.random.default_rng(0)
    >>> X = low_rank_data(rng, 200, 4, [2.0], noise=0.05)
    >>> fit = train_linear_ae(X, 1, rng, lr=0.05, steps=500)
    >>> bool(subspace_angles(fit.V, pca(X, 1)[0].T)[0] < 1e-3)
    True
    """
    X = as_array(X, "X", ndim=2)
    n, d = X.shape
    rng = check_rng(rng)
    if not isinstance(k, int | np.integer) or isinstance(k, bool):
        raise TypeError(f"k must be an integer, got {k!r}")
    if not 1 <= k < d:
        raise ValueError(f"k must lie in [1, d) = [1, {d}) for an undercomplete code, got {k}")
    lr = check_positive(lr, "lr")
    init_scale = check_positive(init_scale, "init_scale")
    if not isinstance(steps, int | np.integer) or steps < 0:
        raise ValueError(f"steps must be a non-negative integer, got {steps!r}")
    W = init_scale * rng.standard_normal((k, d))
    V = init_scale * rng.standard_normal((d, k))
    losses = np.empty(steps + 1)
    for t in range(steps + 1):
        with np.errstate(over="ignore", invalid="ignore"):
            H = X @ W.T
            R = H @ V.T - X
            losses[t] = np.sum(R**2) / n
        if not np.isfinite(losses[t]) or losses[t] > 1e6 * (losses[0] + 1.0):
            raise FloatingPointError(
                f"training diverged at step {t} with lr={lr}; use a smaller step size"
            )
        if t < steps:  # the gradients of linear_ae_grad, for the mean loss
            dW, dV = 2.0 * (R @ V).T @ X, 2.0 * R.T @ H
            W, V = W - lr / n * dW, V - lr / n * dV
    return LinearAEFit(W=W, V=V, losses=losses)


# -- the sparse autoencoder of Q19 -------------------------------------------------------------


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
    >>> sparse_ae_loss([1.0, 0.0, 2.0], [[1, 0, 1], [-1, 2, 1]], [[1, 0], [0, 1], [1, -1]], 0.5)
    7.0
    """
    X, W, V = _coder(x, W, V)
    lam = check_positive(lam, "lam", strict=False)
    g, _ = _activation(g, None)
    X2 = X.reshape(-1, X.shape[-1])
    h = as_array(g(X2 @ W.T), "g(a)", shape=(X2.shape[0], W.shape[0]))
    return float(np.sum((h @ V.T - X2) ** 2) + lam * np.sum(np.abs(h)))


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
    X, W, V = _coder(x, W, V)
    lam = check_positive(lam, "lam", strict=False)
    g, dg = _activation(g, dg)
    if dg is None:
        raise TypeError("dg (the derivative of g) is required when g is a callable")
    X2 = X.reshape(-1, X.shape[-1])
    a = X2 @ W.T
    h = as_array(g(a), "g(a)", shape=a.shape)
    xt = h @ V.T
    loss = float(np.sum((xt - X2) ** 2) + lam * np.sum(np.abs(h)))
    dxt = 2.0 * (xt - X2)
    dh = dxt @ V + lam * np.sign(h)  # sign(0) = 0: the subgradient chosen at h = 0
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
