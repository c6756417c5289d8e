r"""Jacobian products of a recurrent network: vanishing and exploding gradients.

In the RNN of :mod:`wbcode.rnn`, :math:`h^{(t)} = f(a^{(t)})` with
:math:`a^{(t)} = b + W h^{(t-1)} + U x^{(t)}`, so every step contributes the
Jacobian :math:`\partial h^{(i)} / \partial h^{(i-1)} =
\operatorname{diag}(f'(a^{(i)}))\, W`, and the gradient that backpropagation
through time carries :math:`t` steps back is multiplied by their product.
:func:`jacobian_norms` computes the spectral norm of that product for every
:math:`t`. The Q16 chapter plots it.
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import ArrayLike

from ._checks import FloatArray, as_array, check_choice
from .rnn import ACTIVATIONS, _df

__all__ = ["jacobian_norms"]


def jacobian_norms(W: ArrayLike, a: ArrayLike, *, activation: str = "tanh") -> FloatArray:
    r"""Spectral norms of :math:`\partial h^{(t)} / \partial h^{(0)}` for :math:`t = 1, \dots, T`.

    Parameters
    ----------
    W : array_like, shape (n, n)
        Recurrent weights.
    a : array_like, shape (T, n)
        The pre-activations of a forward pass (``rnn_forward(...).a``).
    activation : {"tanh", "relu", "identity"}, default "tanh"
        The hidden activation that produced ``h = f(a)``.

    Returns
    -------
    numpy.ndarray, shape (T,)
        Entry ``t - 1`` is the 2-norm (largest singular value) of the product
        of the step Jacobians up to step ``t``. A norm beyond the float64
        range (above about ``1.8e308``) is returned as ``inf``, without a
        warning; the product itself is kept scaled by a power of two, so it
        never overflows.

    Raises
    ------
    ValueError
        If ``W`` is not square, ``a`` does not have ``n`` columns, an array
        is empty or holds NaN or infinite entries, or ``activation`` is unknown.

    Notes
    -----
    Each step contributes :math:`\partial h^{(i)} / \partial h^{(i-1)} =
    \operatorname{diag}(f'(a^{(i)}))\, W`, so

    .. math::

        \frac{\partial h^{(t)}}{\partial h^{(0)}}
        = \prod_{i=t}^{1} \operatorname{diag}\bigl(f'(a^{(i)})\bigr)\, W,
        \qquad
        \Bigl\| \frac{\partial h^{(t)}}{\partial h^{(0)}} \Bigr\|_2
        \le \prod_{i=1}^{t} \|f'(a^{(i)})\|_\infty \, \|W\|_2 .

    With :math:`\gamma = \max|f'|` (1 for tanh and ReLU), the bound gives the
    conditions of Pascanu, Mikolov & Bengio (2013, section 2.1), stated on the
    *largest singular value* :math:`\|W\|_2`, not on the spectral radius:

    - :math:`\gamma\,\|W\|_2 < 1` is **sufficient** for vanishing: the norm
      shrinks at least geometrically, like :math:`(\gamma\,\|W\|_2)^t`;
    - :math:`\gamma\,\|W\|_2 > 1` is therefore **necessary** for exploding.

    The spectral radius :math:`\rho(W)` decides the long run only for a linear
    RNN, whose product is :math:`W^t`. With a nonlinearity, :math:`\rho(W) > 1`
    is not necessary for exploding, nor :math:`\rho(W) < 1` sufficient for
    vanishing: the nilpotent :math:`W = 1.5 \begin{pmatrix} 1 & -1 \\ 1 & -1 \end{pmatrix}`
    has :math:`\rho(W) = 0` and :math:`\|W\|_2 = 3`; a linear RNN's product is
    0 from :math:`t = 2` on, yet a tanh RNN whose second unit is saturated
    (:math:`f' \approx 0`) while the first sits at :math:`a = 0` (:math:`f' =
    1`) has a product of norm :math:`\sqrt 2 \cdot 1.5^t`, which explodes.

    References
    ----------
    .. [1] R. Pascanu, T. Mikolov, Y. Bengio, "On the difficulty of training
       recurrent neural networks", *ICML* 2013.
    .. [2] Y. Bengio, P. Simard, P. Frasconi, "Learning long-term dependencies
       with gradient descent is difficult", *IEEE Trans. Neural Networks* 5(2), 1994.

    Examples
    --------
    >>> import numpy as np
    >>> a = np.zeros((3, 2))
    >>> jacobian_norms(0.5 * np.eye(2), a, activation="identity")
    array([0.5  , 0.25 , 0.125])
    >>> # spectral radius 0
    >>> W = 1.5 * np.array([[1.0, -1.0], [1.0, -1.0]])
    >>> jacobian_norms(W, a, activation="identity")
    array([3., 0., 0.])
    >>> # f'(a) = (1, 0)
    >>> saturated = np.tile([0.0, 40.0], (3, 1))
    >>> (jacobian_norms(W, saturated) / np.sqrt(2)).round(6)
    array([1.5  , 2.25 , 3.375])
    """
    W = as_array(W, "W", ndim=2)
    n = W.shape[0]
    if W.shape != (n, n):
        raise ValueError(f"W must be square, got shape {W.shape}")
    a = as_array(a, "a", ndim=2)
    if a.shape[1] != n:
        raise ValueError(f"a must have shape (T, {n}) to match W, got {a.shape}")
    activation = check_choice(activation, "activation", ACTIVATIONS)
    dfa = _df(a, activation)
    # The product is kept as 2**e * J with the entries of J below 2 in size;
    # scaling by powers of two is exact, so nothing overflows and nothing is rounded.
    e_W = math.frexp(float(np.max(np.abs(W))))[1]
    W_scaled = np.ldexp(W, -e_W)
    J, e = np.eye(n), 0
    norms = np.zeros(a.shape[0])
    for t in range(a.shape[0]):
        J = dfa[t][:, None] * (W_scaled @ J)  # diag(f'(a(t))) W J, divided by 2**e_W
        peak = float(np.max(np.abs(J)))
        if peak == 0.0:  # the product is 0 from here on
            break
        shift = math.frexp(peak)[1]
        J, e = np.ldexp(J, -shift), e + e_W + shift
        norms[t] = _times_power_of_two(float(np.linalg.norm(J, ord=2)), e)
    return norms


def _times_power_of_two(m: float, e: int) -> float:
    """``m * 2**e``, ``inf`` past the float64 range (no warning) and 0 below it."""
    try:
        return math.ldexp(m, e)
    except OverflowError:
        return math.inf
