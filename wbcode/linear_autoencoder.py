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

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from ._checks import FloatArray, as_array, check_int, check_positive, check_rng

__all__ = [
    "LinearAEFit",
    "linear_ae_grad",
    "linear_ae_loss",
    "train_linear_ae",
    "train_linear_ae_runs",
]


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
        Draws the initial weights, :math:`\mathcal N(0, \text{init\_scale}^2)`,
        first ``W`` then ``V``.
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
    and the same for :math:`V`, with :math:`\L` and its gradients those of
    :func:`linear_ae_loss` and :func:`linear_ae_grad`. With the residual
    :math:`E = VW - I` and the second-moment matrix :math:`S = X^\top X / n`
    they read

    .. math::

        \frac{\L}{n} = \operatorname{tr}(E S E^\top), \qquad
        \frac1n \frac{\partial \L}{\partial W} = 2 V^\top E S, \qquad
        \frac1n \frac{\partial \L}{\partial V} = 2 E S W^\top ,

    which is how they are computed (``d x d`` matrices, whatever ``n``); this
    is :func:`train_linear_ae_runs` with one run. Baldi and Hornik (1989)
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
    >>> from wbcode.principal_components import (
    ...     low_rank_data, pca, subspace_angles)
    >>> rng = np.random.default_rng(0)
    >>> X = low_rank_data(rng, 200, 4, [2.0], noise=0.05)
    >>> fit = train_linear_ae(X, 1, rng, lr=0.05, steps=500)
    >>> bool(subspace_angles(fit.V, pca(X, 1)[0].T)[0] < 1e-3)
    True
    """
    rng = check_rng(rng)
    return train_linear_ae_runs(X, k, [rng], lr=lr, steps=steps, init_scale=init_scale)[0]


def train_linear_ae_runs(
    X: ArrayLike,
    k: int,
    rngs: Sequence[np.random.Generator],
    *,
    lr: float = 0.01,
    steps: int = 2000,
    init_scale: float = 0.1,
) -> tuple[LinearAEFit, ...]:
    r"""Several runs of :func:`train_linear_ae` on the same data, trained together.

    Parameters
    ----------
    X : array_like, shape (n, d)
        Training data, shared by every run.
    k : int
        Code size, ``1 <= k < d``.
    rngs : sequence of numpy.random.Generator
        One generator per run, each distinct; run ``i`` draws its initial
        weights from ``rngs[i]``.
    lr, steps, init_scale
        As in :func:`train_linear_ae`, the same for every run.

    Returns
    -------
    tuple of LinearAEFit
        One per run; ``train_linear_ae_runs(X, k, rngs)[i]`` equals
        ``train_linear_ae(X, k, rngs[i])`` exactly.

    Raises
    ------
    ValueError
        If any run diverges (``lr`` too large), and for invalid input.

    Examples
    --------
    Fifty random starts on the same data all find the same subspace:

    >>> import numpy as np
    >>> from wbcode.principal_components import (
    ...     low_rank_data, pca, subspace_angles)
    >>> rng = np.random.default_rng(0)
    >>> X = low_rank_data(rng, 200, 4, [2.0, 1.0], noise=0.05)
    >>> rngs = [np.random.default_rng(s) for s in range(50)]
    >>> fits = train_linear_ae_runs(X, 2, rngs, lr=0.05, steps=500)
    >>> C = pca(X, 2)[0]
    >>> angles = [float(subspace_angles(f.V, C.T)[0]) for f in fits]
    >>> len(fits), max(angles) < 1e-3
    (50, True)
    """
    X = as_array(X, "X", ndim=2)
    n, d = X.shape
    k = check_int(k, "k")
    if not 1 <= k < d:
        raise ValueError(f"k must lie in [1, d) = [1, {d}) for an undercomplete code, got {k}")
    rngs = _checked_rngs(rngs)
    lr = check_positive(lr, "lr")
    init_scale = check_positive(init_scale, "init_scale")
    steps = check_int(steps, "steps", minimum=0)
    W = np.empty((len(rngs), k, d))
    V = np.empty((len(rngs), d, k))
    for r, rng in enumerate(rngs):  # each run draws W, then V, from its own generator
        W[r] = init_scale * rng.standard_normal((k, d))
        V[r] = init_scale * rng.standard_normal((d, k))
    with np.errstate(over="ignore", invalid="ignore"):
        S = X.T @ X / n  # the loss and its gradients need X only through S
    losses = np.empty((steps + 1, len(rngs)))
    for t in range(steps + 1):
        with np.errstate(over="ignore", invalid="ignore"):
            E = V @ W - np.eye(d)  # (runs, d, d)
            ES = E @ S
            losses[t] = np.sum(ES * E, axis=(1, 2))  # tr(E S E^T)
        if t == 0:
            _finite(losses[0], "squared error of the initial weights")
        bad = ~np.isfinite(losses[t]) | (losses[t] > 1e6 * (losses[0] + 1.0))
        if np.any(bad):
            raise ValueError(
                f"training diverged at step {t} with lr = {lr:g} (run {int(np.argmax(bad))}); "
                "take a smaller lr"
            )
        if t < steps:  # the gradients of linear_ae_grad, divided by n
            dW = 2.0 * np.swapaxes(V, 1, 2) @ ES
            dV = 2.0 * ES @ np.swapaxes(W, 1, 2)
            W, V = W - lr * dW, V - lr * dV
    return tuple(
        LinearAEFit(W=W[r].copy(), V=V[r].copy(), losses=losses[:, r].copy())
        for r in range(len(rngs))
    )


def _checked_rngs(rngs: object) -> list[np.random.Generator]:
    """A non-empty list of distinct generators, one a run."""
    if isinstance(rngs, np.random.Generator) or not isinstance(rngs, Sequence) or not rngs:
        raise TypeError(
            "rngs must be a non-empty list of numpy.random.Generator, one a run "
            f"(for one run use train_linear_ae), got {type(rngs).__name__}"
        )
    out = []
    for i, r in enumerate(rngs):
        if not isinstance(r, np.random.Generator):
            raise TypeError(f"rngs[{i}] must be a numpy.random.Generator, got {type(r).__name__}")
        out.append(check_rng(r))
    ids = [id(r.bit_generator) for r in out]
    if len(set(ids)) != len(ids):
        j = next(i for i, x in enumerate(ids) if ids.index(x) != i)
        raise ValueError(
            f"rngs[{j}] draws from the same stream as rngs[{ids.index(ids[j])}]: "
            "give each run its own"
        )
    return out
