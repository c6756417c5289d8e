r"""Alternating training of the 1-D GAN of :mod:`wbcode.gan`, one run or many at once.

:func:`train_gan` is Algorithm 1 of Goodfellow et al. (2014): for every
generator step, ``k`` discriminator steps of gradient **ascent** on the value
:math:`V` (:func:`wbcode.gan_backprop.discriminator_step`), then one generator
step of gradient **descent** on its loss :math:`J`
(:func:`wbcode.gan_backprop.generator_step`).

:func:`train_gan_runs` trains several independent runs together, one per
random generator, with every array given a leading run axis, so that a group
of runs shares each numpy call (a study over many seeds, for example).
Each run draws its minibatches from its own generator in the order
:func:`train_gan` does, and the arithmetic of a run never mixes with another's,
so every run gives exactly (to the last bit) the history that
:func:`train_gan` gives with that generator; :func:`train_gan` is the case of
one run. The tests check both identities against the step functions.

Every function rejects NaN and infinite input with a ``ValueError`` naming the
argument; a run whose weights overflow (a learning rate far too large) raises
a ``ValueError`` naming ``lr``.

References
----------
Goodfellow, I. et al. (2014). Generative adversarial nets. *NeurIPS 27*.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from . import _gan_runs as runs
from ._checks import FloatArray, as_array, check_choice, check_int, check_positive, check_rng
from .gan import GENERATOR_LOSSES, Theta, _beta, _theta, init_theta

__all__ = ["GANHistory", "train_gan", "train_gan_runs"]


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
    checkpoints: Iterable[int] = (),
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
        Initial discriminator; by default :func:`wbcode.gan.init_theta` with ``m`` units.
    m : int, default 8
        Hidden units of the default discriminator (not used with ``theta``).
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
    checkpoints : iterable of int, optional
        Generator steps (``0..steps``) after which to keep ``n_samples``
        generated samples (always from the same noise) and the discriminator.
    n_samples : int, default 2000
        Samples kept per checkpoint.

    Returns
    -------
    GANHistory

    Raises
    ------
    ValueError
        For invalid settings, and if the weights overflow during training
        (``lr`` far too large).

    Notes
    -----
    Each generator step ``t`` (``1..steps``):

    1. ``k`` times: draw real :math:`x_1..x_n` and noise :math:`z_1..z_n`, and
       take a discriminator step
       (:math:`\theta \leftarrow \theta + \lambda\,\partial V/\partial\theta`);
    2. draw new noise and take a generator step
       (:math:`\beta \leftarrow \beta - \lambda\,\partial J/\partial\beta`).

    The losses are recorded on the generator's minibatch, after the
    discriminator's steps and before the generator's. The steps are those of
    :func:`wbcode.gan_backprop.discriminator_step` and
    :func:`wbcode.gan_backprop.generator_step`, to the last bit; this is
    :func:`train_gan_runs` with one run.

    Examples
    --------
    >>> import numpy as np
    >>> rng = np.random.default_rng(1)
    >>> data = rng.normal(3.0, 0.7, 1000)
    >>> hist = train_gan(data, rng, steps=300)
    >>> hist.beta.shape, hist.d_loss.shape
    ((301, 2), (300,))
    """
    rng = check_rng(rng)
    theta = None if theta is None else _theta(theta)
    return train_gan_runs(
        data,
        [rng],
        beta=beta,
        theta=theta,
        m=m,
        lr=lr,
        k=k,
        steps=steps,
        batch=batch,
        loss=loss,
        checkpoints=checkpoints,
        n_samples=n_samples,
    )[0]


def train_gan_runs(
    data: ArrayLike,
    rngs: Sequence[np.random.Generator],
    *,
    beta: ArrayLike = (0.0, 1.0),
    theta: Theta | Sequence[Theta] | None = None,
    m: int = 8,
    lr: float = 0.05,
    k: int = 3,
    steps: int = 1500,
    batch: int = 64,
    loss: str = "nonsaturating",
    checkpoints: Iterable[int] = (),
    n_samples: int = 2000,
) -> tuple[GANHistory, ...]:
    r"""Several independent runs of :func:`train_gan`, vectorised over the runs.

    Parameters
    ----------
    data : array_like, shape (N,)
        The real samples, shared by every run.
    rngs : sequence of numpy.random.Generator
        One generator per run, each distinct (two runs drawing from one
        generator would not be independent).
    theta : Theta or sequence of Theta, optional
        The initial discriminator of every run, or one per run; by default
        each run draws its own with :func:`wbcode.gan.init_theta` (``m`` units).
    beta, m, lr, k, steps, batch, loss, checkpoints, n_samples
        As in :func:`train_gan`, the same for every run.

    Returns
    -------
    tuple of GANHistory
        One per run: ``train_gan_runs(data, rngs, **kw)[i]`` equals
        ``train_gan(data, rngs[i], **kw)`` (with ``theta[i]``) exactly.

    Examples
    --------
    Twenty runs from seeds 0..19, each as :func:`train_gan` would train it:

    >>> import numpy as np
    >>> data = np.random.default_rng(0).normal(1.5, 0.5, 500)
    >>> rngs = [np.random.default_rng(s) for s in range(20)]
    >>> runs = train_gan_runs(data, rngs, steps=30)
    >>> one = train_gan(data, np.random.default_rng(7), steps=30)
    >>> len(runs), bool(np.array_equal(runs[7].beta, one.beta))
    (20, True)
    """
    cfg = _Settings.checked(
        data,
        beta=beta,
        m=m,
        lr=lr,
        k=k,
        steps=steps,
        batch=batch,
        loss=loss,
        checkpoints=checkpoints,
        n_samples=n_samples,
    )
    rngs = _checked_rngs(rngs)
    thetas = _initial_thetas(theta, len(rngs))
    group = max(1, _GROUP_BYTES // (8 * 2 * cfg.batch * cfg.m))  # runs trained together
    return tuple(
        history
        for i in range(0, len(rngs), group)
        for history in _train_together(cfg, rngs[i : i + group], thetas[i : i + group])
    )


#: Runs are trained in groups whose largest array, (group, 2 batch, m) floats, stays below
#: this size: small arrays are reused from the heap, large ones cost page faults each step.
_GROUP_BYTES = 96 * 1024


def _train_together(
    cfg: _Settings, rngs: list[np.random.Generator], thetas: list[Theta | None]
) -> tuple[GANHistory, ...]:
    """Algorithm 1 for a group of runs: initial players, the alternating steps, the record."""
    start = [init_theta(cfg.m, r) if th is None else th for th, r in zip(thetas, rngs, strict=True)]
    players = runs.Players.start(cfg.beta, start)
    z_show = np.array([r.standard_normal(cfg.n_samples) for r in rngs])
    record = runs.Record(cfg.steps, cfg.marks, cfg.lr, cfg.minimax, z_show)
    _alternate(players, rngs, cfg, record)
    record.check_finite(cfg.steps, players)
    return tuple(GANHistory(**record.run(players, r)) for r in range(len(rngs)))


# -- settings, checked once --------------------------------------------------------------------


@dataclass(frozen=True)
class _Settings:
    data: FloatArray
    beta: FloatArray
    m: int
    lr: float
    k: int
    steps: int
    batch: int
    minimax: bool
    marks: tuple[int, ...]
    n_samples: int

    @classmethod
    def checked(
        cls,
        data: ArrayLike,
        *,
        beta: ArrayLike,
        m: int,
        lr: float,
        k: int,
        steps: int,
        batch: int,
        loss: str,
        checkpoints: Iterable[int],
        n_samples: int,
    ) -> _Settings:
        steps = check_int(steps, "steps", minimum=0)
        if isinstance(checkpoints, str | bytes) or not isinstance(checkpoints, Iterable):
            raise TypeError(f"checkpoints must be a sequence of integers, got {checkpoints!r}")
        marks = tuple(
            check_int(c, f"checkpoints[{i}]", minimum=0) for i, c in enumerate(checkpoints)
        )
        if any(c > steps for c in marks):
            raise ValueError(f"checkpoints must lie in [0, steps] = [0, {steps}], got {marks}")
        return cls(
            data=as_array(data, "data", ndim=1),
            beta=_beta(beta),
            m=check_int(m, "m", minimum=1),
            lr=check_positive(lr, "lr"),
            k=check_int(k, "k", minimum=1),
            steps=steps,
            batch=check_int(batch, "batch", minimum=1),
            minimax=check_choice(loss, "loss", GENERATOR_LOSSES) == "minimax",
            marks=marks,
            n_samples=check_int(n_samples, "n_samples", minimum=1),
        )


def _checked_rngs(rngs: object) -> list[np.random.Generator]:
    if isinstance(rngs, np.random.Generator) or not isinstance(rngs, Sequence) or not rngs:
        raise TypeError(
            "rngs must be a non-empty list of numpy.random.Generator, one a run "
            f"(for one run use train_gan), got {type(rngs).__name__}"
        )
    out = [
        check_rng(r) if isinstance(r, np.random.Generator) else _bad_rng(i, r)
        for i, r in enumerate(rngs)
    ]
    seen: dict[int, int] = {}
    for i, r in enumerate(out):
        j = seen.setdefault(id(r.bit_generator), i)
        if j != i:
            raise ValueError(
                f"rngs[{i}] draws from the same stream as rngs[{j}]: give each run its own"
            )
    return out


def _bad_rng(i: int, r: object) -> np.random.Generator:
    raise TypeError(f"rngs[{i}] must be a numpy.random.Generator, got {type(r).__name__}")


def _initial_thetas(theta: object, runs: int) -> list[Theta | None]:
    if theta is None:
        return [None] * runs
    if isinstance(theta, Theta):
        return [theta] * runs
    if not isinstance(theta, Sequence) or len(theta) != runs:
        raise ValueError(
            f"theta must be a Theta or a sequence of {runs} (one a run), got {theta!r}"
        )
    thetas = [_theta_at(i, th) for i, th in enumerate(theta)]
    if len({th.m for th in thetas}) != 1:
        raise ValueError("theta must give every run the same number of hidden units m")
    return list(thetas)


def _theta_at(i: int, th: object) -> Theta:
    if not isinstance(th, Theta):
        raise TypeError(f"theta[{i}] must be a wbcode.gan.Theta, got {type(th).__name__}")
    return th


# -- Algorithm 1 -------------------------------------------------------------------------------


def _alternate(
    p: runs.Players, rngs: list[np.random.Generator], cfg: _Settings, record: runs.Record
) -> None:
    """k discriminator steps, then one generator step, ``steps`` times."""
    record.keep(0, p)
    with np.errstate(over="ignore", invalid="ignore"):
        for t in range(1, cfg.steps + 1):
            for _ in range(cfg.k):  # 1. k ascent steps of the discriminators on V
                x_real = runs.minibatch(cfg.data, rngs, cfg.batch)
                x_fake = runs.generate(p, runs.noise(rngs, cfg.batch))
                runs.ascend_value(p, x_real, x_fake, cfg.lr)
            z = runs.noise(rngs, cfg.batch)  # 2. one descent step of the generators on J
            x_real = runs.minibatch(cfg.data, rngs, cfg.batch)
            h, o = runs.forward(p, runs.generate(p, z))
            record.losses(t, p, x_real, o)
            runs.descend_loss(p, z, h, o, cfg.lr, cfg.minimax)
            record.keep(t, p)
