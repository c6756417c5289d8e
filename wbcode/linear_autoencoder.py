r"""The linear autoencoder, trained by gradient descent, against PCA (Q18).

An autoencoder encodes :math:`x \in \R^d` as a code :math:`h = g(Wx) \in \R^k`
with an encoder :math:`W` of shape ``(k, d)`` and decodes it as
:math:`\tilde x = V h` with a decoder :math:`V` of shape ``(d, k)``. A batch
holds one sample a row, :math:`X \in \R^{n \times d}`, so that
:math:`H = g(X W^\top)` and :math:`\tilde X = H V^\top`.

The **linear autoencoder** (:math:`g` the identity), trained by gradient
descent on the squared reconstruction error, learns the same subspace as PCA
(Baldi and Hornik, 1989), but not PCA's orthonormal, ordered basis. The Q18
chapter compares the two with :func:`wbcode.principal_components.subspace_angles`;
:mod:`wbcode.sparse_autoencoder` adds an activation and a sparsity penalty.
NaN and infinite input is rejected with a ``ValueError`` naming the argument,
and so is input whose squared error would exceed the float64 range.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from ._checks import FloatArray, as_array, check_int, check_positive, check_rng

__all__ = ["LinearAEFit", "linear_ae_grad", "linear_ae_loss", "train_linear_ae"]


def _coder(
    X: ArrayLike, W: ArrayLike, V: ArrayLike, name: str = "X"
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Check a sample or batch ``X`` (d,) / (n, d), an encoder (k, d) and a decoder (d, k).

    ``name`` is the public name of ``X`` in the calling function.
    """
    X = as_array(X, name, ndim=(1, 2))
    W = as_array(W, "W", ndim=2)
    V = as_array(V, "V", ndim=2)
    k, d = W.shape
    if X.shape[-1] != d:
        raise ValueError(
            f"{name} must have {d} features (the columns of W, shape {W.shape}), "
            f"got {name} of shape {X.shape}"
        )
    if V.shape != (d, k):
        raise ValueError(
            f"V must have shape ({d}, {k}) to decode W of shape {W.shape}, got {V.shape}"
        )
    return X, W, V


def _finite(value: ArrayLike, what: str, name: str = "X") -> None:
    """Raise a ValueError naming the inputs if a result left the float64 range."""
    if not np.all(np.isfinite(value)):
        raise ValueError(
            f"the {what} exceeds the float64 range: {name}, W and V are too large "
            "(squared errors of entries above about 1e154 overflow)"
        )


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
    with np.errstate(over="ignore", invalid="ignore"):
        loss = np.sum((X @ W.T @ V.T - X) ** 2)
    _finite(loss, "squared error")
    return float(loss)


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

    the case :math:`g(a) = a`, :math:`\lambda = 0` of
    :func:`wbcode.sparse_autoencoder.sparse_ae_grad`.

    Examples
    --------
    >>> dW, dV = linear_ae_grad([[1.0, 2.0]], [[1.0, 0.0]], [[1.0], [0.0]])
    >>> dW, dV
    (array([[0., 0.]]), array([[ 0.],
           [-4.]]))
    """
    X, W, V = _coder(X, W, V)
    X2 = X.reshape(-1, X.shape[-1])
    with np.errstate(over="ignore", invalid="ignore"):
        H = X2 @ W.T
        R = H @ V.T - X2
        dW, dV = 2.0 * (R @ V).T @ X2, 2.0 * R.T @ H
    _finite(dW, "gradient")
    _finite(dV, "gradient")
    return dW, dV


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

    Raises
    ------
    ValueError
        If the loss grows a million-fold or overflows (``lr`` too large), and
        for invalid input (NaN and infinite entries of ``X`` too).

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
    >>> from wbcode.principal_components import low_rank_data, pca, subspace_angles
    >>> rng = np.random.default_rng(0)
    >>> X = low_rank_data(rng, 200, 4, [2.0], noise=0.05)
    >>> fit = train_linear_ae(X, 1, rng, lr=0.05, steps=500)
    >>> bool(subspace_angles(fit.V, pca(X, 1)[0].T)[0] < 1e-3)
    True
    """
    X = as_array(X, "X", ndim=2)
    n, d = X.shape
    k = check_int(k, "k")
    rng = check_rng(rng)
    if not 1 <= k < d:
        raise ValueError(f"k must lie in [1, d) = [1, {d}) for an undercomplete code, got {k}")
    lr = check_positive(lr, "lr")
    init_scale = check_positive(init_scale, "init_scale")
    steps = check_int(steps, "steps", minimum=0)
    W = init_scale * rng.standard_normal((k, d))
    V = init_scale * rng.standard_normal((d, k))
    losses = np.empty(steps + 1)
    for t in range(steps + 1):
        with np.errstate(over="ignore", invalid="ignore"):
            H = X @ W.T
            R = H @ V.T - X
            losses[t] = np.sum(R**2) / n
        if t == 0:
            _finite(losses[0], "squared error of the initial weights")
        if not np.isfinite(losses[t]) or losses[t] > 1e6 * (losses[0] + 1.0):
            raise ValueError(f"training diverged at step {t} with lr = {lr:g}; take a smaller lr")
        if t < steps:  # the gradients of linear_ae_grad, for the mean loss
            dW, dV = 2.0 * (R @ V).T @ X, 2.0 * R.T @ H
            W, V = W - lr / n * dW, V - lr / n * dV
    return LinearAEFit(W=W, V=V, losses=losses)
