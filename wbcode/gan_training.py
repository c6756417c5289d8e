r"""Alternating training of the 1-D GAN of :mod:`wbcode.gan` (Goodfellow et al., 2014).

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
from .gan import GENERATOR_LOSSES, Theta, _beta, _theta, gan_losses, generate, init_theta
from .gan_backprop import discriminator_step, generator_step

__all__ = ["GANHistory", "train_gan"]


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
