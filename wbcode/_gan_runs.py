r"""The players' steps of many 1-D GAN runs at once, for :mod:`wbcode.gan_training`.

Every array carries a leading run axis ``R``: the generators' ``beta`` is
``(R, 2)``, the discriminators' ``w, b, v`` are ``(R, m)`` and ``c`` is
``(R,)``; minibatches are ``(R, n)``. Each function repeats the arithmetic of
its single-run counterpart in :mod:`wbcode.gan` and :mod:`wbcode.gan_backprop`
operation by operation (elementwise operations, sums along a run's own axis,
matrix products per run), so a run's numbers never depend on the other runs
and equal the single-run functions' to the last bit; the tests check it.
Inputs are not checked here: :mod:`wbcode.gan_training` checks them once.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ._checks import FloatArray
from .gan import Theta

# -- the players of every run, and their steps (one leading run axis) -------------------------


@dataclass
class Players:
    """beta (R, 2) of the generators, and w, b, v (R, m), c (R,) of the discriminators."""

    beta: FloatArray
    w: FloatArray
    b: FloatArray
    v: FloatArray
    c: FloatArray

    @classmethod
    def start(cls, beta: FloatArray, thetas: list[Theta]) -> Players:
        return cls(
            beta=np.tile(beta, (len(thetas), 1)),
            w=np.array([th.w for th in thetas]),
            b=np.array([th.b for th in thetas]),
            v=np.array([th.v for th in thetas]),
            c=np.array([th.c for th in thetas]),
        )

    def theta(self, run: int) -> Theta:
        return Theta(w=self.w[run], b=self.b[run], v=self.v[run], c=float(self.c[run]))


def generate(p: Players, z: FloatArray) -> FloatArray:
    """The fakes of every run, x = beta_0 + beta_1 z, shape (R, n)."""
    return p.beta[:, :1] + p.beta[:, 1:] * z


def sigmoid(o: FloatArray) -> FloatArray:
    """sigma(o) as wbcode.activations.sigmoid computes it, without its input checks."""
    e = np.exp(-np.abs(o))
    return np.where(o >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def forward(p: Players, x: FloatArray) -> tuple[FloatArray, FloatArray]:
    """Hidden activations h (R, n, m) and logits o (R, n) of every run's discriminator."""
    h = np.tanh(x[:, :, None] * p.w[:, None, :] + p.b[:, None, :])
    return h, p.c[:, None] + (h @ p.v[:, :, None])[:, :, 0]


def ascend_value(p: Players, x_real: FloatArray, x_fake: FloatArray, lr: float) -> None:
    """theta <- theta + lr dV/dtheta, as in discriminator_grad (a run axis in front)."""
    n = x_real.shape[1]
    x = np.concatenate([x_real, x_fake], axis=1)
    h, o = forward(p, x)
    D = sigmoid(o)
    delta = -D  # dV/do times n: -D for a fake,
    delta[:, :n] += 1.0  # 1 - D for a real sample
    back = delta[:, :, None] * p.v[:, None, :] * (1.0 - h**2)
    p.w = p.w + lr * ((back.transpose(0, 2, 1) @ x[:, :, None])[:, :, 0] / n)
    p.b = p.b + lr * (back.sum(axis=1) / n)
    p.v = p.v + lr * ((delta[:, None, :] @ h)[:, 0, :] / n)
    p.c = p.c + lr * (delta.sum(axis=1) / n)


def descend_loss(
    p: Players, z: FloatArray, h: FloatArray, o: FloatArray, lr: float, minimax: bool
) -> None:
    """beta <- beta - lr dJ/dbeta, as in generator_grad, from the fakes' forward pass h, o."""
    D = sigmoid(o)
    do_dx = ((1.0 - h**2) @ (p.v * p.w)[:, :, None])[:, :, 0]
    weight = D if minimax else 1.0 - D
    dx = -weight * do_dx / z.shape[1]
    grad = np.empty_like(p.beta)
    grad[:, 0] = dx.sum(axis=1)
    grad[:, 1] = (dx[:, None, :] @ z[:, :, None])[:, 0, 0]
    p.beta = p.beta - lr * grad


def losses(
    p: Players, x_real: FloatArray, o_fake: FloatArray, minimax: bool
) -> tuple[FloatArray, FloatArray]:
    """-V and the generator's J on a minibatch, as gan_losses, from the fakes' logits."""
    n = x_real.shape[1]
    log_d_real = -np.logaddexp(0.0, -forward(p, x_real)[1])
    log_1m_d_fake = -np.logaddexp(0.0, o_fake)
    d_loss = -(log_d_real.sum(axis=1) / n + log_1m_d_fake.sum(axis=1) / n)
    if minimax:
        return d_loss, log_1m_d_fake.sum(axis=1) / n
    return d_loss, -((-np.logaddexp(0.0, -o_fake)).sum(axis=1) / n)
