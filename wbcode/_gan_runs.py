r"""The players' steps of many 1-D GAN runs at once, for :mod:`wbcode.gan_training`.

Every array carries a leading run axis ``R``: the generators' ``beta`` is
``(R, 2)``, the discriminators' ``w, b, v`` are ``(R, m)`` and ``c`` is
``(R,)``; minibatches are ``(R, n)``. Each function repeats the arithmetic of
its single-run counterpart in :mod:`wbcode.gan` and :mod:`wbcode.gan_backprop`
operation by operation (elementwise operations, sums along a run's own axis,
matrix products per run), so a run's numbers never depend on the other runs
and equal the single-run functions' to the last bit; the tests check it.
The minibatches are drawn from each run's own generator, in the order of
the single-run loop, and :class:`Record` keeps what
:class:`wbcode.gan_training.GANHistory` reports. Inputs are not checked here:
:mod:`wbcode.gan_training` checks them once.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

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


# -- minibatches of every run ---------------------------------------------------------------


def minibatch(data: FloatArray, rngs: list[np.random.Generator], n: int) -> FloatArray:
    """n real samples per run, drawn with replacement, shape (R, n).

    ``data[rng.integers(0, N, n)]`` is what ``rng.choice(data, n)`` draws, without
    its per-call overhead.
    """
    return data[np.array([r.integers(0, data.shape[0], n) for r in rngs])]


def noise(rngs: list[np.random.Generator], n: int) -> FloatArray:
    """n standard normal noise values per run, shape (R, n)."""
    return np.array([r.standard_normal(n) for r in rngs])


# -- what is recorded --------------------------------------------------------------------------


class Record:
    """The generator weights and losses of every step, and the checkpoints, of R runs."""

    def __init__(
        self, steps: int, marks: tuple[int, ...], lr: float, minimax: bool, z_show: FloatArray
    ) -> None:
        self.marks, self.lr, self.minimax = marks, lr, minimax
        self.z_show = z_show  # (R, n_samples): the same noise at every checkpoint
        self.beta = np.empty((steps + 1, len(z_show), 2))
        self.d_loss = np.empty((steps, len(z_show)))
        self.g_loss = np.empty((steps, len(z_show)))
        self.samples: list[FloatArray] = []
        self.thetas: list[list[Theta]] = []

    def losses(self, t: int, p: Players, x_real: FloatArray, o_fake: FloatArray) -> None:
        """-V and J on the generator's minibatch, before its step ``t``."""
        self.d_loss[t - 1], self.g_loss[t - 1] = losses(p, x_real, o_fake, self.minimax)

    def keep(self, t: int, p: Players) -> None:
        """Record beta after step ``t``; at a checkpoint also samples and discriminators."""
        self.beta[t] = p.beta
        if t in self.marks:
            self.check_finite(t, p)
        for _ in range(self.marks.count(t)):
            self.samples.append(generate(p, self.z_show))
            self.thetas.append([p.theta(r) for r in range(len(p.c))])

    def check_finite(self, t: int, p: Players) -> None:
        """Raise if a run diverged: its weights left the float64 range by step ``t``."""
        if not all(np.all(np.isfinite(a)) for a in (self.beta[: t + 1], p.w, p.b, p.v, p.c)):
            raise ValueError(
                f"training diverged by generator step {t}: the weights overflowed float64 "
                f"with lr = {self.lr:g}; take a smaller lr"
            )

    def run(self, p: Players, r: int) -> dict[str, Any]:
        """The fields of run ``r``'s GANHistory, each array a copy of its own."""
        samples = np.array(self.samples).reshape(len(self.marks), *self.z_show.shape)
        return {
            "beta": self.beta[:, r].copy(),
            "d_loss": self.d_loss[:, r].copy(),
            "g_loss": self.g_loss[:, r].copy(),
            "checkpoints": self.marks,
            "samples": samples[:, r].copy(),
            "thetas": tuple(ths[r] for ths in self.thetas),
            "theta": p.theta(r),
        }
