r"""A one-dimensional GAN small enough to differentiate by hand (Q20, Q21).

**Generator** :math:`G(z; \beta)`: one linear unit that turns noise
:math:`z \sim \mathcal N(0, 1)` into a sample

.. math::

    \tilde x = G(z; \beta) = \beta_0 + \beta_1 z ,

so it can produce every Gaussian :math:`\mathcal N(\beta_0, \beta_1^2)`.

**Discriminator** :math:`D(x; \theta)`: one hidden layer of :math:`m` tanh units
and a sigmoid output, :math:`\theta = (w, b, v, c)` with
:math:`w, b, v \in \R^m`, :math:`c \in \R`:

.. math::

    h_j = \tanh(w_j x + b_j), \qquad o = c + \sum_{j=1}^{m} v_j h_j, \qquad
    D(x; \theta) = \sigma(o) .

**Game** (Goodfellow et al., 2014): on a minibatch of real samples
:math:`x_1, \dots, x_n` and noise :math:`z_1, \dots, z_n`, the discriminator
ascends the value

.. math::

    V(\theta, \beta) = \frac1n \sum_{i=1}^{n} \Big[\log D(x_i) + \log\big(1 - D(G(z_i))\big)\Big]

and the generator descends either the minimax loss
:math:`J^{\mathrm{mm}} = \frac1n \sum_i \log(1 - D(G(z_i)))` or the
non-saturating loss :math:`J^{\mathrm{ns}} = -\frac1n \sum_i \log D(G(z_i))`.
Every gradient below is the explicit per-parameter formula derived in the
Q21 chapter (no automatic differentiation); the tests compare each with
finite differences. :func:`bilinear_game` is the two-number game of the Q20
chapter.

References
----------
Goodfellow, I. et al. (2014). Generative adversarial nets. *NeurIPS 27*.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from ._checks import FloatArray, as_array, check_choice, check_positive, check_rng
from .activations import sigmoid

__all__ = [
    "GANHistory",
    "GANLosses",
    "Theta",
    "bilinear_game",
    "discriminate",
    "discriminator_grad",
    "discriminator_step",
    "gan_losses",
    "generate",
    "generator_grad",
    "generator_step",
    "init_theta",
    "train_gan",
]

GENERATOR_LOSSES = ("minimax", "nonsaturating")


@dataclass(frozen=True)
class Theta:
    r"""The discriminator's weights :math:`\theta = (w, b, v, c)`, or a gradient by them.

    Attributes
    ----------
    w : numpy.ndarray
        Input-to-hidden weights :math:`w_j`, shape ``(m,)``.
    b : numpy.ndarray
        Hidden biases :math:`b_j`, shape ``(m,)``.
    v : numpy.ndarray
        Hidden-to-output weights :math:`v_j`, shape ``(m,)``.
    c : float
        Output bias.
    """

    w: FloatArray
    b: FloatArray
    v: FloatArray
    c: float

    def __post_init__(self) -> None:
        w = as_array(self.w, "theta.w", ndim=1)
        m = w.shape[0]
        object.__setattr__(self, "w", w)
        object.__setattr__(self, "b", as_array(self.b, "theta.b", shape=(m,)))
        object.__setattr__(self, "v", as_array(self.v, "theta.v", shape=(m,)))
        object.__setattr__(self, "c", float(as_array(self.c, "theta.c", ndim=0)))

    @property
    def m(self) -> int:
        """Number of hidden units."""
        return int(self.w.shape[0])

    def flat(self) -> FloatArray:
        """All weights in one vector ``(w_1..w_m, b_1..b_m, v_1..v_m, c)``."""
        return np.concatenate([self.w, self.b, self.v, [self.c]])

    @classmethod
    def from_flat(cls, vector: ArrayLike) -> Theta:
        """The inverse of :meth:`flat`."""
        vec = as_array(vector, "vector", ndim=1)
        if vec.shape[0] % 3 != 1:
            raise ValueError(f"vector must have 3 m + 1 entries, got {vec.shape[0]}")
        m = (vec.shape[0] - 1) // 3
        return cls(w=vec[:m], b=vec[m : 2 * m], v=vec[2 * m : 3 * m], c=float(vec[-1]))


def _theta(theta: object) -> Theta:
    if not isinstance(theta, Theta):
        raise TypeError(f"theta must be a wbcode.gan.Theta, got {type(theta).__name__}")
    return theta


def _beta(beta: ArrayLike) -> FloatArray:
    return as_array(beta, "beta", shape=(2,))


def init_theta(m: int, rng: np.random.Generator, *, scale: float = 1.0) -> Theta:
    r"""Random discriminator weights, :math:`w, b, v \sim \mathcal N(0, s^2)` and :math:`c = 0`.

    Parameters
    ----------
    m : int
        Number of hidden units.
    rng : numpy.random.Generator
    scale : float, default 1.0
        The standard deviation :math:`s`.

    Returns
    -------
    Theta


    Examples
    --------
    >>> import numpy as np
    >>> init_theta(3, np.random.default_rng(0)).m
    3
    """
    rng = check_rng(rng)
    if not isinstance(m, int | np.integer) or isinstance(m, bool) or m < 1:
        raise ValueError(f"m must be a positive integer (hidden units), got {m!r}")
    scale = check_positive(scale, "scale")
    w, b, v = scale * rng.standard_normal((3, m))
    return Theta(w=w, b=b, v=v, c=0.0)


def generate(beta: ArrayLike, z: ArrayLike) -> FloatArray:
    r"""Generator samples :math:`\tilde x = \beta_0 + \beta_1 z`.

    Parameters
    ----------
    beta : array_like, shape (2,)
        :math:`(\beta_0, \beta_1)`, bias first.
    z : array_like, shape (n,)
        Noise.

    Returns
    -------
    numpy.ndarray, shape (n,)

    Examples
    --------
    >>> generate([1.0, 2.0], [0.0, 1.0, -1.0])
    array([ 1.,  3., -1.])
    """
    beta = _beta(beta)
    z = as_array(z, "z", ndim=1)
    return beta[0] + beta[1] * z


def _forward(theta: Theta, x: FloatArray) -> tuple[FloatArray, FloatArray]:
    """Hidden activations h (n, m) and logits o (n,) of the discriminator."""
    h = np.tanh(np.outer(x, theta.w) + theta.b)
    return h, theta.c + h @ theta.v


def discriminate(theta: Theta, x: ArrayLike) -> FloatArray:
    r"""The discriminator's probability :math:`D(x; \theta)` that each ``x`` is real.

    Parameters
    ----------
    theta : Theta
    x : array_like, shape (n,)

    Returns
    -------
    numpy.ndarray, shape (n,)

    Examples
    --------
    >>> theta = Theta(w=[1.0], b=[0.0], v=[2.0], c=0.0)
    >>> discriminate(theta, [0.0, 100.0]).round(4)
    array([0.5   , 0.8808])
    """
    theta = _theta(theta)
    x = as_array(x, "x", ndim=1)
    return sigmoid(_forward(theta, x)[1])


def _batch(x_real: ArrayLike, z: ArrayLike) -> tuple[FloatArray, FloatArray]:
    x_real = as_array(x_real, "x_real", ndim=1)
    z = as_array(z, "z", ndim=1)
    if x_real.shape != z.shape:
        raise ValueError(
            f"x_real and z must hold the same number of samples, got {x_real.shape} and {z.shape}"
        )
    return x_real, z


@dataclass(frozen=True)
class GANLosses:
    """The minibatch losses of :func:`gan_losses`."""

    value: float  #: :math:`V(\theta, \beta)`, which the discriminator maximises
    d_loss: float  #: :math:`-V`, the discriminator's cross-entropy (minimised)
    g_minimax: float  #: :math:`J^{mm} = \frac1n\sum_i \log(1 - D(G(z_i)))`
    g_nonsaturating: float  #: :math:`J^{ns} = -\frac1n\sum_i \log D(G(z_i))`


def gan_losses(beta: ArrayLike, theta: Theta, x_real: ArrayLike, z: ArrayLike) -> GANLosses:
    r"""The value :math:`V` and both generator losses on one minibatch.

    Parameters
    ----------
    beta : array_like, shape (2,)
    theta : Theta
    x_real : array_like, shape (n,)
        Real samples.
    z : array_like, shape (n,)
        Noise for the fake samples :math:`G(z_i)`.

    Returns
    -------
    GANLosses

    Notes
    -----
    The logarithms are computed from the logit :math:`o` without forming
    :math:`D` first, :math:`\log\sigma(o) = -\log(1 + e^{-o})` and
    :math:`\log(1 - \sigma(o)) = -\log(1 + e^{o})`, so a confident
    discriminator gives finite losses.

    Examples
    --------
    >>> theta = Theta(w=[1.0], b=[0.0], v=[0.0], c=0.0)   # D = 1/2 everywhere
    >>> L = gan_losses([0.0, 1.0], theta, [1.0, 2.0], [0.0, 1.0])
    >>> round(L.value, 4), round(L.g_nonsaturating, 4)
    (-1.3863, 0.6931)
    """
    beta = _beta(beta)
    theta = _theta(theta)
    x_real, z = _batch(x_real, z)
    o_real = _forward(theta, x_real)[1]
    o_fake = _forward(theta, generate(beta, z))[1]
    log_d_real = -np.logaddexp(0.0, -o_real)
    log_1m_d_fake = -np.logaddexp(0.0, o_fake)
    log_d_fake = -np.logaddexp(0.0, -o_fake)
    value = float(np.mean(log_d_real) + np.mean(log_1m_d_fake))
    return GANLosses(
        value=value,
        d_loss=-value,
        g_minimax=float(np.mean(log_1m_d_fake)),
        g_nonsaturating=float(-np.mean(log_d_fake)),
    )


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
    x = np.concatenate([x_real, x_fake])  # the 2n samples the discriminator sees
    h, o = _forward(theta, x)
    D = sigmoid(o)
    delta = np.concatenate([1.0 - D[:n], -D[n:]])  # dV/do, times n
    back = delta[:, None] * theta.v * (1.0 - h**2)  # dV/da_j = delta v_j (1 - h_j^2)
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

        \frac{\partial J}{\partial \tilde x_i} =
        \begin{cases}
            -\frac1n D(\tilde x_i)\, o'(\tilde x_i) & \text{minimax,} \\
            -\frac1n \big(1 - D(\tilde x_i)\big)\, o'(\tilde x_i) & \text{non-saturating,}
        \end{cases}
        \qquad
        \frac{\partial J}{\partial \beta_0} = \sum_i \frac{\partial J}{\partial \tilde x_i},
        \quad
        \frac{\partial J}{\partial \beta_1} = \sum_i \frac{\partial J}{\partial \tilde x_i}\, z_i .

    When the discriminator rejects the fakes confidently, :math:`D(\tilde x) \to 0`
    and the minimax gradient vanishes (it *saturates*) while the
    non-saturating one does not.

    Examples
    --------
    >>> theta = Theta(w=[1.0], b=[0.0], v=[2.0], c=0.0)
    >>> generator_grad([0.0, 1.0], theta, [0.5], loss="minimax").round(4)
    array([-1.126, -0.563])
    >>> generator_grad([0.0, 1.0], theta, [0.5], loss="nonsaturating").round(4)
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


    Examples
    --------
    >>> theta = Theta(w=[1.0], b=[0.0], v=[0.0], c=0.0)
    >>> discriminator_step(theta, [1.0], [-1.0], 0.5).v.round(4)
    array([0.3808])
    """
    theta = _theta(theta)
    lr = check_positive(lr, "lr")
    g = discriminator_grad(theta, x_real, x_fake)
    return Theta(
        w=theta.w + lr * g.w, b=theta.b + lr * g.b, v=theta.v + lr * g.v, c=theta.c + lr * g.c
    )


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


    Examples
    --------
    >>> theta = Theta(w=[1.0], b=[0.0], v=[2.0], c=0.0)
    >>> generator_step([0.0, 1.0], theta, [0.0], 0.1, loss="minimax")
    array([0.1, 1. ])
    """
    lr = check_positive(lr, "lr")
    return _beta(beta) - lr * generator_grad(beta, theta, z, loss=loss)


@dataclass(frozen=True)
class GANHistory:
    """What :func:`train_gan` records."""

    beta: FloatArray  #: generator weights after each generator step, shape (steps + 1, 2)
    d_loss: FloatArray  #: discriminator loss :math:`-V` before each generator step, shape (steps,)
    g_loss: FloatArray  #: the generator's loss before each generator step, shape (steps,)
    checkpoints: tuple[int, ...]  #: generator steps at which samples were kept
    samples: FloatArray  #: generated samples per checkpoint, shape (len(checkpoints), n_samples)
    thetas: tuple[Theta, ...]  #: the discriminator at each checkpoint
    theta: Theta  #: the final discriminator


def train_gan(
    data: ArrayLike,
    rng: np.random.Generator,
    *,
    beta: ArrayLike = (0.0, 1.0),
    theta: Theta | None = None,
    m: int = 8,
    lr: float = 0.05,
    k: int = 3,
    steps: int = 1500,
    batch: int = 64,
    loss: str = "nonsaturating",
    checkpoints: Sequence[int] = (),
    n_samples: int = 2000,
) -> GANHistory:
    r"""Alternating GAN training, Algorithm 1 of Goodfellow et al. (2014).

    Parameters
    ----------
    data : array_like, shape (N,)
        The real samples; every minibatch is drawn from them with replacement.
    rng : numpy.random.Generator
        Draws minibatches, noise and (without ``theta``) the initial discriminator.
    beta : array_like, shape (2,), default (0, 1)
        Initial generator :math:`(\beta_0, \beta_1)`.
    theta : Theta, optional
        Initial discriminator; by default :func:`init_theta` with ``m`` units.
    m : int, default 8
        Hidden units of the default discriminator.
    lr : float, default 0.05
        Learning rate :math:`\lambda` of both players.
    k : int, default 3
        Discriminator steps per generator step.
    steps : int, default 1500
        Generator steps.
    batch : int, default 64
        Minibatch size :math:`n` (real and fake samples alike).
    loss : {"nonsaturating", "minimax"}, default "nonsaturating"
        The generator's loss.
    checkpoints : sequence of int, optional
        Generator steps (``0..steps``) after which to keep ``n_samples``
        generated samples (always from the same noise) and the discriminator.
    n_samples : int, default 2000
        Samples kept per checkpoint.

    Returns
    -------
    GANHistory

    Notes
    -----
    Each generator step ``t`` (``1..steps``):

    1. ``k`` times: draw real :math:`x_1..x_n` and noise :math:`z_1..z_n`, and
       take :func:`discriminator_step`
       (:math:`\theta \leftarrow \theta + \lambda\,\partial V/\partial\theta`);
    2. draw new noise and take :func:`generator_step`
       (:math:`\beta \leftarrow \beta - \lambda\,\partial J/\partial\beta`).

    The losses are recorded on the generator's minibatch, after the
    discriminator's steps and before the generator's.

    Examples
    --------
    >>> import numpy as np
    >>> rng = np.random.default_rng(1)
    >>> data = rng.normal(3.0, 0.7, 1000)
    >>> hist = train_gan(data, rng, steps=300)
    >>> hist.beta.shape, hist.d_loss.shape
    ((301, 2), (300,))
    """
    data = as_array(data, "data", ndim=1)
    rng = check_rng(rng)
    beta = _beta(beta).copy()
    th = init_theta(m, rng) if theta is None else _theta(theta)
    lr = check_positive(lr, "lr")
    loss = check_choice(loss, "loss", GENERATOR_LOSSES)
    for name, val, low in (
        ("k", k, 1),
        ("steps", steps, 0),
        ("batch", batch, 1),
        ("n_samples", n_samples, 1),
    ):
        if not isinstance(val, int | np.integer) or isinstance(val, bool) or val < low:
            raise ValueError(f"{name} must be an integer >= {low}, got {val!r}")
    marks = tuple(int(c) for c in checkpoints)
    if any(c < 0 or c > steps for c in marks):
        raise ValueError(f"checkpoints must lie in [0, steps] = [0, {steps}], got {marks}")
    z_show = rng.standard_normal(n_samples)  # the same noise at every checkpoint

    betas = np.empty((steps + 1, 2))
    betas[0] = beta
    d_loss = np.empty(steps)
    g_loss = np.empty(steps)
    samples: list[FloatArray] = []
    thetas: list[Theta] = []

    def keep(t: int) -> None:
        for _ in range(marks.count(t)):
            samples.append(generate(beta, z_show))
            thetas.append(th)

    keep(0)
    for t in range(1, steps + 1):
        for _ in range(k):
            x_real = rng.choice(data, batch)
            x_fake = generate(beta, rng.standard_normal(batch))
            th = discriminator_step(th, x_real, x_fake, lr)
        z = rng.standard_normal(batch)
        losses = gan_losses(beta, th, rng.choice(data, batch), z)
        d_loss[t - 1] = losses.d_loss
        g_loss[t - 1] = losses.g_minimax if loss == "minimax" else losses.g_nonsaturating
        beta = generator_step(beta, th, z, lr, loss=loss)
        betas[t] = beta
        keep(t)
    return GANHistory(
        beta=betas,
        d_loss=d_loss,
        g_loss=g_loss,
        checkpoints=marks,
        samples=np.array(samples).reshape(len(marks), n_samples),
        thetas=tuple(thetas),
        theta=th,
    )


def bilinear_game(
    x0: float, y0: float, lr: float, steps: int, *, scheme: str = "simultaneous"
) -> FloatArray:
    r"""Gradient play on :math:`\min_x \max_y\, f(x, y) = x y`.

    Parameters
    ----------
    x0, y0 : float
        Start. The only equilibrium is :math:`(0, 0)`.
    lr : float
        Step size :math:`\lambda` of both players.
    steps : int
        Number of rounds.
    scheme : {"simultaneous", "alternating"}, default "simultaneous"
        ``"simultaneous"``: both players step from the same point,
        :math:`x' = x - \lambda y`, :math:`y' = y + \lambda x`.
        ``"alternating"``: :math:`x` steps first and :math:`y` answers the new
        :math:`x`, :math:`y' = y + \lambda x'`.

    Returns
    -------
    numpy.ndarray, shape (steps + 1, 2)
        The points :math:`(x_t, y_t)`.

    Notes
    -----
    Simultaneous steps multiply the distance to the equilibrium by
    :math:`\sqrt{1 + \lambda^2} > 1` every round: the iterates spiral out.
    Alternating steps are a map of determinant 1 that keeps
    :math:`x^2 + y^2 - \lambda x y` constant, an ellipse for
    :math:`\lambda < 2`: the iterates circle for ever, neither escaping nor
    converging (Mescheder et al., 2018, study this in detail).

    Examples
    --------
    >>> bilinear_game(1.0, 0.0, 0.5, 2)
    array([[1.  , 0.  ],
           [1.  , 0.5 ],
           [0.75, 1.  ]])
    >>> bilinear_game(1.0, 0.0, 0.5, 2, scheme="alternating")
    array([[1.   , 0.   ],
           [1.   , 0.5  ],
           [0.75 , 0.875]])
    """
    x = float(as_array(x0, "x0", ndim=0))
    y = float(as_array(y0, "y0", ndim=0))
    lr = check_positive(lr, "lr")
    scheme = check_choice(scheme, "scheme", ("simultaneous", "alternating"))
    if not isinstance(steps, int | np.integer) or isinstance(steps, bool) or steps < 0:
        raise ValueError(f"steps must be a non-negative integer, got {steps!r}")
    path = np.empty((steps + 1, 2))
    path[0] = x, y
    for t in range(1, steps + 1):
        if scheme == "simultaneous":
            x, y = x - lr * y, y + lr * x
        else:
            x = x - lr * y
            y = y + lr * x
        path[t] = x, y
    return path
