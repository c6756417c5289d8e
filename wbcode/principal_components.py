r"""Principal components and the angles between subspaces (Q18).

:func:`pca` finds the directions of largest variance of centred data,
:func:`subspace_angles` measures how far apart two subspaces are (the Q18
chapter compares a linear autoencoder's decoder with PCA by it), and
:func:`low_rank_data` makes data that lie near a known subspace. NaN and
infinite input is rejected with a ``ValueError`` naming the argument.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from ._checks import FloatArray, as_array, check_int, check_positive, check_rng

__all__ = ["low_rank_data", "pca", "subspace_angles"]


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
    n = check_int(n, "n", minimum=2)
    d = check_int(d, "d", minimum=2)
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
    k = check_int(k, "k")
    if not 1 <= k <= min(n, d):
        raise ValueError(f"k must lie in [1, min(n, d)] = [1, {min(n, d)}], got {k}")
    Xc = X - X.mean(axis=0)
    _, s, Vt = np.linalg.svd(Xc, full_matrices=False)
    C = Vt[:k]
    sign = np.sign(C[np.arange(k), np.argmax(np.abs(C), axis=1)])
    return C * sign[:, None], _variances(s[:k], n)


def _variances(s: FloatArray, n: int) -> FloatArray:
    """s^2 / (n - 1), scaled first where s^2 alone would overflow; ValueError if it must."""
    with np.errstate(over="ignore"):
        var = s**2 / max(n - 1, 1)
        if not np.all(np.isfinite(var)):
            var = (s / np.sqrt(max(n - 1, 1))) ** 2
    if not np.all(np.isfinite(var)):
        raise ValueError("X has a variance beyond the float64 range (entries near 1e154 or more)")
    return var


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
