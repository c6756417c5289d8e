r"""A one-dimensional GAN small enough to differentiate by hand (Q21): networks and losses.

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
Every gradient of these losses is written out by hand in
:mod:`wbcode.gan_backprop`, and :mod:`wbcode.gan_training` alternates the
players' steps; :mod:`wbcode.gradient_play` is the two-number game of the Q20
chapter. Every function rejects NaN and infinite input with a ``ValueError``
naming the argument.

References
----------
Goodfellow, I. et al. (2014). Generative adversarial nets. *NeurIPS 27*.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from ._checks import FloatArray, as_array, check_int, check_positive, check_rng
from .activations import sigmoid

__all__ = [
    "GANLosses",
    "Theta",
    "discriminate",
    "gan_losses",
    "generate",
    "init_theta",
]

GENERATOR_LOSSES = ("minimax", "nonsaturating")


@dataclass(frozen=True)
class Theta:
    r"""The discriminator's weights :math:`\theta = (w, b, v, c)`, or a gradient by them.

    The arrays are copied and checked: editing the arrays passed in later
    never changes a ``Theta``.

    Attributes
    ----------
    w : numpy.ndarray
        Input-to-hidden weights :math:`w_j`, shape ``(m,)``, ``m >= 1``.
    b : numpy.ndarray
        Hidden biases :math:`b_j`, shape ``(m,)``.
    v : numpy.ndarray
        Hidden-to-output weights :math:`v_j`, shape ``(m,)``.
    c : float
        Output bias.

    Raises
    ------
    ValueError
        If ``b`` or ``v`` has another shape than ``w``, or any weight is NaN or
        infinite.

    Examples
    --------
    >>> import numpy as np
    >>> w = np.array([1.0, -2.0])
    >>> th = Theta(w=w, b=[0.0, 1.0], v=[0.5, 1.0], c=-0.25)
    >>> w[0] = 99.0                      # the caller's array, not th.w
    >>> th.w, th.m
    (array([ 1., -2.]), 2)
    >>> th.flat()
    array([ 1.  , -2.  ,  0.  ,  1.  ,  0.5 ,  1.  , -0.25])
    """

    w: FloatArray
    b: FloatArray
    v: FloatArray
    c: float

    def __post_init__(self) -> None:
        w = as_array(self.w, "w", ndim=1, copy=True)
        object.__setattr__(self, "w", w)
        for name in ("b", "v"):
            arr = as_array(getattr(self, name), name, ndim=1, copy=True)
            if arr.shape != w.shape:
                raise ValueError(
                    f"{name} must have one entry per hidden unit, shape {w.shape} like w, "
                    f"got shape {arr.shape}"
                )
            object.__setattr__(self, name, arr)
        object.__setattr__(self, "c", float(as_array(self.c, "c", ndim=0)))

    @property
    def m(self) -> int:
        """Number of hidden units."""
        return int(self.w.shape[0])

    def flat(self) -> FloatArray:
        """All weights in one new vector ``(w_1..w_m, b_1..b_m, v_1..v_m, c)``."""
        return np.concatenate([self.w, self.b, self.v, [self.c]])

    @classmethod
    def from_flat(cls, vector: ArrayLike) -> Theta:
        """The inverse of :meth:`flat`: ``vector`` of length ``3 m + 1`` (copied)."""
        vec = as_array(vector, "vector", ndim=1)
        if vec.shape[0] % 3 != 1 or vec.shape[0] < 4:
            raise ValueError(
                f"vector must have 3 m + 1 entries (w, b, v and c, m >= 1), got {vec.shape[0]}"
            )
        m = (vec.shape[0] - 1) // 3
        return cls(w=vec[:m], b=vec[m : 2 * m], v=vec[2 * m : 3 * m], c=float(vec[-1]))


def _theta(theta: object) -> Theta:
    if not isinstance(theta, Theta):
        raise TypeError(f"theta must be a wbcode.gan.Theta, got {type(theta).__name__}")
    return theta


def _beta(beta: ArrayLike, name: str = "beta") -> FloatArray:
    return as_array(beta, name, shape=(2,))


def _forward(theta: Theta, x: FloatArray) -> tuple[FloatArray, FloatArray]:
    """Hidden activations h (n, m) and logits o (n,) of the discriminator.

    A product ``x w_j`` beyond the float64 range saturates its unit,
    ``tanh(+-inf) = +-1``, which is the exact value; no warning is raised.
    """
    with np.errstate(over="ignore"):
        h = np.tanh(np.outer(x, theta.w) + theta.b)
    return h, theta.c + h @ theta.v


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
    m = check_int(m, "m", minimum=1)
    rng = check_rng(rng)
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

    Raises
    ------
    ValueError
        If a sample lies beyond the float64 range (:math:`|\beta_1 z|` near
        :math:`10^{308}`), or an input is NaN or infinite.

    Examples
    --------
    >>> generate([1.0, 2.0], [0.0, 1.0, -1.0])
    array([ 1.,  3., -1.])
    """
    beta = _beta(beta)
    z = as_array(z, "z", ndim=1)
    with np.errstate(over="ignore", invalid="ignore"):
        x = beta[0] + beta[1] * z
    if not np.all(np.isfinite(x)):
        raise ValueError(
            f"beta = {beta} and z (up to {np.max(np.abs(z)):.3g} in size) give samples "
            "beyond the float64 range"
        )
    return x


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
    >>> # D = 1/2 everywhere
    >>> theta = Theta(w=[1.0], b=[0.0], v=[0.0], c=0.0)
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
