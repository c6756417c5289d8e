r"""Backpropagation through the 1-D GAN of :mod:`wbcode.gan` (Q21): every gradient by hand.

The discriminator ascends the value :math:`V(\theta, \beta)` and the generator
descends its loss :math:`J` (minimax or non-saturating); the networks, the
value and the losses are defined in :mod:`wbcode.gan`. Every gradient here is
the explicit per-parameter formula derived in the Q21 chapter (no automatic
differentiation); the tests compare each with finite differences of
:func:`wbcode.gan.gan_losses`. Every function rejects NaN and infinite
input with a ``ValueError`` naming the argument.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from ._checks import FloatArray, as_array, check_choice, check_positive
from .activations import sigmoid
from .gan import GENERATOR_LOSSES, Theta, _beta, _forward, _theta, generate

__all__ = [
    "discriminator_grad",
    "discriminator_step",
    "generator_grad",
    "generator_step",
]


def discriminator_grad(theta: Theta, x_real: ArrayLike, x_fake: ArrayLike) -> Theta:
    r"""Gradient of the value :math:`V` by every discriminator weight.

    Parameters
    ----------
    theta : Theta
    x_real : array_like, shape (n,)
        Real samples.
    x_fake : array_like, shape (n,)
        Generated samples :math:`\tilde x_i = G(z_i)` (the generator is
        fixed while the discriminator learns).

    Returns
    -------
    Theta
        :math:`(\partial V/\partial w, \partial V/\partial b, \partial V/\partial v,
        \partial V/\partial c)`.

    Notes
    -----
    With :math:`D = \sigma(o)`, :math:`\partial \log D / \partial o = 1 - D` and
    :math:`\partial \log(1 - D)/\partial o = -D`. Write
    :math:`\delta_i = 1 - D(x_i)` for a real sample and
    :math:`\tilde\delta_i = -D(\tilde x_i)` for a fake one; then for every
    weight, with :math:`h_{ij} = \tanh(w_j x_i + b_j)`,

    .. math::

        \frac{\partial V}{\partial c} &= \frac1n \sum_i (\delta_i + \tilde\delta_i), \\
        \frac{\partial V}{\partial v_j} &= \frac1n \sum_i
            (\delta_i h_{ij} + \tilde\delta_i \tilde h_{ij}), \\
        \frac{\partial V}{\partial b_j} &= \frac1n \sum_i \big(\delta_i v_j (1 - h_{ij}^2)
            + \tilde\delta_i v_j (1 - \tilde h_{ij}^2)\big), \\
        \frac{\partial V}{\partial w_j} &= \frac1n \sum_i \big(\delta_i v_j (1 - h_{ij}^2)\, x_i
            + \tilde\delta_i v_j (1 - \tilde h_{ij}^2)\, \tilde x_i\big).

    Examples
    --------
    >>> theta = Theta(w=[1.0], b=[0.0], v=[0.0], c=0.0)
    >>> discriminator_grad(theta, [1.0], [-1.0]).v.round(4)
    array([0.7616])
    """
    theta = _theta(theta)
    x_real = as_array(x_real, "x_real", ndim=1)
    x_fake = as_array(x_fake, "x_fake", ndim=1)
    if x_real.shape != x_fake.shape:
        raise ValueError(
            f"x_real and x_fake must hold the same number of samples, "
            f"got {x_real.shape} and {x_fake.shape}"
        )
    n = x_real.shape[0]
    x = np.concatenate([x_real, x_fake])  # all 2n samples D sees
    h, o = _forward(theta, x)
    D = sigmoid(o)
    delta = np.concatenate([1.0 - D[:n], -D[n:]])  # dV/do, times n
    back = delta[:, None] * theta.v * (1.0 - h**2)  # dV/da_j
    return Theta(
        w=back.T @ x / n,
        b=back.sum(axis=0) / n,
        v=delta @ h / n,
        c=float(delta.sum() / n),
    )


def generator_grad(
    beta: ArrayLike, theta: Theta, z: ArrayLike, *, loss: str = "nonsaturating"
) -> FloatArray:
    r"""Gradient of the generator's loss by :math:`\beta = (\beta_0, \beta_1)`.

    Parameters
    ----------
    beta : array_like, shape (2,)
    theta : Theta
        The discriminator, fixed while the generator learns.
    z : array_like, shape (n,)
        Noise.
    loss : {"nonsaturating", "minimax"}, default "nonsaturating"
        :math:`J^{ns} = -\frac1n\sum_i \log D(G(z_i))` or
        :math:`J^{mm} = \frac1n\sum_i \log(1 - D(G(z_i)))`.

    Returns
    -------
    numpy.ndarray, shape (2,)
        :math:`(\partial J/\partial \beta_0, \partial J/\partial \beta_1)`.

    Notes
    -----
    The discriminator's logit changes with its input by
    :math:`o'(x) = \sum_j v_j w_j (1 - h_j^2)`. With
    :math:`\tilde x_i = \beta_0 + \beta_1 z_i`,

    .. math::

        \frac{\partial J}{\partial \tilde x_i} &=
        \begin{cases}
            -\frac1n D(\tilde x_i)\, o'(\tilde x_i) & \text{minimax,} \\
            -\frac1n \big(1 - D(\tilde x_i)\big)\, o'(\tilde x_i) & \text{non-saturating,}
        \end{cases}
        \\
        \frac{\partial J}{\partial \beta_0} &= \sum_i \frac{\partial J}{\partial \tilde x_i},
        \quad
        \frac{\partial J}{\partial \beta_1} = \sum_i \frac{\partial J}{\partial \tilde x_i}\, z_i .

    When the discriminator rejects the fakes confidently, :math:`D(\tilde x) \to 0`
    and the minimax gradient vanishes (it *saturates*) while the
    non-saturating one does not.

    Examples
    --------
    >>> theta = Theta(w=[1.0], b=[0.0], v=[2.0], c=0.0)
    >>> beta, z = [0.0, 1.0], [0.5]
    >>> generator_grad(beta, theta, z, loss="minimax").round(4)
    array([-1.126, -0.563])
    >>> generator_grad(beta, theta, z, loss="nonsaturating").round(4)
    array([-0.4469, -0.2234])
    """
    beta = _beta(beta)
    theta = _theta(theta)
    z = as_array(z, "z", ndim=1)
    loss = check_choice(loss, "loss", GENERATOR_LOSSES)
    x_fake = generate(beta, z)
    h, o = _forward(theta, x_fake)
    D = sigmoid(o)
    do_dx = (1.0 - h**2) @ (theta.v * theta.w)
    weight = D if loss == "minimax" else 1.0 - D
    dx = -weight * do_dx / z.shape[0]
    return np.array([dx.sum(), dx @ z])


def discriminator_step(theta: Theta, x_real: ArrayLike, x_fake: ArrayLike, lr: float) -> Theta:
    r"""One discriminator step, gradient **ascent** on the value :math:`V`.

    Parameters
    ----------
    theta : Theta
    x_real, x_fake : array_like, shape (n,)
        As in :func:`discriminator_grad`.
    lr : float
        The learning rate :math:`\lambda`.

    Returns
    -------
    Theta
        :math:`\theta + \lambda\, \partial V / \partial \theta`, for each of
        :math:`w, b, v, c`.

    Raises
    ------
    ValueError
        If the step overflows float64 (an ``lr`` far too large).

    Examples
    --------
    >>> theta = Theta(w=[1.0], b=[0.0], v=[0.0], c=0.0)
    >>> discriminator_step(theta, [1.0], [-1.0], 0.5).v.round(4)
    array([0.3808])
    """
    theta = _theta(theta)
    lr = check_positive(lr, "lr")
    g = discriminator_grad(theta, x_real, x_fake)
    with np.errstate(over="ignore", invalid="ignore"):
        w, b, v = theta.w + lr * g.w, theta.b + lr * g.b, theta.v + lr * g.v
        c = theta.c + lr * g.c
    _check_step([w, b, v, np.array(c)], lr)
    return Theta(w=w, b=b, v=v, c=c)


def generator_step(
    beta: ArrayLike, theta: Theta, z: ArrayLike, lr: float, *, loss: str = "nonsaturating"
) -> FloatArray:
    r"""One generator step, gradient **descent** on the generator's loss :math:`J`.

    Parameters
    ----------
    beta, theta, z, loss
        As in :func:`generator_grad`.
    lr : float
        The learning rate :math:`\lambda`.

    Returns
    -------
    numpy.ndarray, shape (2,)
        :math:`\beta - \lambda\, \partial J / \partial \beta`.

    Raises
    ------
    ValueError
        If the step overflows float64 (an ``lr`` far too large).

    Examples
    --------
    >>> theta = Theta(w=[1.0], b=[0.0], v=[2.0], c=0.0)
    >>> generator_step([0.0, 1.0], theta, [0.0], 0.1, loss="minimax")
    array([0.1, 1. ])
    """
    lr = check_positive(lr, "lr")
    grad = generator_grad(beta, theta, z, loss=loss)
    with np.errstate(over="ignore", invalid="ignore"):
        new = _beta(beta) - lr * grad
    _check_step([new], lr)
    return new


def _check_step(weights: list[FloatArray], lr: float) -> None:
    """Raise ValueError if a step left the float64 range (a huge ``lr`` times the gradient)."""
    if not all(np.all(np.isfinite(w)) for w in weights):
        raise ValueError(f"lr = {lr:g} times the gradient overflows float64: take a smaller lr")
