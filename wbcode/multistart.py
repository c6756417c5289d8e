r"""Many random starts at once: how often, and how fast, does a network train?

:func:`compare` answers it for several optimizers: one network per seed, all
started from the same seeds for every method, and per method the share of
seeds that converge (see :mod:`wbcode.train`) and the median epoch at which
they do. A run that diverges counts as not converged and does not stop the
others.

Instead of a Python loop over seeds, the :math:`S` networks of a method are
trained **side by side as one**. Written as one wide network
(:func:`stack_networks`), the first layers are stacked (they share the
input), every later layer is block-diagonal, and the :math:`S` outputs are
the :math:`S` networks' predictions. The loss of the wide network is the sum
of the :math:`S` losses, and no weight is shared, so its gradient in block
:math:`s` is exactly network :math:`s`'s gradient. The training loop stores
only the blocks, one array ``(S, n_out, 1 + n_in)`` per layer, and multiplies
each network by its own block; the optimizers are elementwise, so each
network follows exactly the path it would follow alone. The Q9 and Q11
chapters use it on XOR.

A success rate over :math:`n` seeds is an estimate: :func:`wilson_interval`
gives its confidence interval, and :func:`mcnemar_exact` tests whether two
methods run from the same seeds differ (an exact test on the seeds where
only one of them succeeds).
"""

from __future__ import annotations

import math
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from statistics import NormalDist

import numpy as np
from numpy.typing import ArrayLike

from . import _stacked as stk
from ._checks import FloatArray, check_bool, check_int, check_real
from .optim import Optimizer
from .regularization import Penalty
from .train import _Fit, _fit, init_network

__all__ = [
    "McNemar",
    "RunStats",
    "compare",
    "mcnemar_exact",
    "stack_networks",
    "unstack_networks",
    "wilson_interval",
]


def _matrices(net: Sequence[ArrayLike], name: str) -> list[FloatArray]:
    """A network whose layers fit one another, as bias-first matrices (a vector is one row)."""
    stack, _ = stk.check_network(net, None, None, name)
    return [W[0] for W in stack]


def stack_networks(
    nets: Sequence[Sequence[ArrayLike]],
) -> tuple[list[FloatArray], list[FloatArray]]:
    r"""Put :math:`S` networks of the same shape side by side as one wider network.

    Parameters
    ----------
    nets : sequence of S networks
        Each a list of bias-first weight matrices (as
        :func:`wbcode.train.init_network` returns) whose layers fit one
        another (each layer has one column more than the layer below has
        units), all with the same shapes.

    Returns
    -------
    weights : list of numpy.ndarray
        Layer 1 of shape ``(S * n_1, 1 + d)``: the networks' first layers
        stacked (they read the same input). Layer :math:`l > 1` of shape
        ``(S * n_l, 1 + S * n_{l-1})``: the bias column stacked, the weights
        block-diagonal. Output :math:`s \cdot n_L + k` of the wide network is
        output :math:`k` of network :math:`s`.
    masks : list of numpy.ndarray
        1 where a weight belongs to some network, 0 on the off-block entries;
        multiply gradients by them to keep the off-block entries at zero.

    Notes
    -----
    With targets repeated for every network, the wide loss is
    :math:`\sum_s \mathcal L_s(\theta_s)`, and each weight belongs to one
    network only, so :math:`\partial \mathcal L / \partial \theta_s =
    \partial \mathcal L_s / \partial \theta_s`: the masked gradient of the
    wide network is the list of the networks' own gradients.

    Examples
    --------
    >>> import numpy as np
    >>> a = [np.array([[1.0, 2.0]]), np.array([3.0, 4.0])]
    >>> b = [np.array([[5.0, 6.0]]), np.array([7.0, 8.0])]
    >>> weights, masks = stack_networks([a, b])
    >>> weights[1]
    array([[3., 4., 0.],
           [7., 0., 8.]])
    >>> masks[1]
    array([[1., 1., 0.],
           [1., 0., 1.]])
    """
    if isinstance(nets, np.ndarray | str) or not isinstance(nets, Sequence) or len(nets) == 0:
        raise TypeError("nets must be a non-empty list of networks (lists of weight matrices)")
    mats = [_matrices(net, f"nets[{s}]") for s, net in enumerate(nets)]
    shapes = [W.shape for W in mats[0]]
    for s, net in enumerate(mats):
        if [W.shape for W in net] != shapes:
            raise ValueError(
                f"every network must have the layer shapes of nets[0], {shapes}; "
                f"nets[{s}] has {[W.shape for W in net]}"
            )
    S = len(mats)
    weights = [np.concatenate([net[0] for net in mats])]
    masks = [np.ones_like(weights[0])]
    for layer, (n_out, n_in1) in enumerate(shapes[1:], start=1):
        n_in = n_in1 - 1
        W = np.zeros((S * n_out, 1 + S * n_in))
        M = np.zeros_like(W)
        for s, net in enumerate(mats):
            rows = slice(s * n_out, (s + 1) * n_out)
            cols = slice(1 + s * n_in, 1 + (s + 1) * n_in)
            W[rows, 0] = net[layer][:, 0]
            W[rows, cols] = net[layer][:, 1:]
            M[rows, 0] = 1.0
            M[rows, cols] = 1.0
        weights.append(W)
        masks.append(M)
    return weights, masks


def unstack_networks(
    weights: Sequence[ArrayLike], n_nets: int, *, vector_output: bool = True
) -> list[list[FloatArray]]:
    """Split a wide network of :func:`stack_networks` into its ``n_nets`` networks.

    Parameters
    ----------
    weights : list of array_like
        The wide network.
    n_nets : int
        Number of networks :math:`S` it holds.
    vector_output : bool, default True
        Return a last layer with one unit as a vector, like
        :func:`wbcode.train.init_network`.

    Returns
    -------
    list of S lists of numpy.ndarray

    Examples
    --------
    >>> import numpy as np
    >>> a = [np.array([[1.0, 2.0]]), np.array([3.0, 4.0])]
    >>> b = [np.array([[5.0, 6.0]]), np.array([7.0, 8.0])]
    >>> nets = unstack_networks(stack_networks([a, b])[0], 2)
    >>> nets[1]
    [array([[5., 6.]]), array([7., 8.])]
    """
    S = check_int(n_nets, "n_nets", minimum=1)
    vector_output = check_bool(vector_output, "vector_output")
    mats = _matrices(weights, "weights")
    for i, W in enumerate(mats):
        if W.shape[0] % S or (i > 0 and (W.shape[1] - 1) % S):
            raise ValueError(f"weights[{i}] of shape {W.shape} does not split into {S} networks")
    nets: list[list[FloatArray]] = []
    for s in range(S):
        net = []
        for i, W in enumerate(mats):
            n_out = W.shape[0] // S
            rows = slice(s * n_out, (s + 1) * n_out)
            if i == 0:
                part = W[rows].copy()
            else:
                n_in = (W.shape[1] - 1) // S
                cols = slice(1 + s * n_in, 1 + (s + 1) * n_in)
                part = np.concatenate([W[rows, :1], W[rows, cols]], axis=1)
            net.append(part[0] if vector_output and i == len(mats) - 1 and n_out == 1 else part)
        nets.append(net)
    return nets


@dataclass(frozen=True)
class RunStats:
    """Outcome of one method in :func:`compare`."""

    name: str  #: the method's name
    optimizer: str  #: ``repr`` of the optimizer, with its hyperparameters
    seeds: tuple[int, ...]  #: the seeds, one network each
    converged_epoch: FloatArray  #: converged epoch per seed (see wbcode.train), NaN if none
    final_loss: FloatArray  #: data loss per seed after the last epoch (of its last finite weights)
    yhat: FloatArray  #: predictions after the last epoch, one row per seed, shape ``(S, n)``
    weights: tuple[tuple[FloatArray, ...], ...]  #: final weights, one network per seed
    success_rate: float  #: fraction of seeds that converged
    median_epochs: float  #: median ``converged_epoch`` of the seeds that converged (NaN if none)
    seconds: float  #: wall-clock time of this method's runs
    diverged_epoch: FloatArray  #: epoch per seed whose step left the float range, NaN if none


def _check_methods(optimizers: object) -> dict[str, Optimizer]:
    if not isinstance(optimizers, Mapping) or not optimizers:
        raise TypeError("optimizers must be a non-empty mapping of names to optimizers")
    for name in optimizers:
        if not isinstance(name, str):
            raise TypeError(f"optimizers must map names (str) to optimizers, got the key {name!r}")
    return {n: stk.check_optimizer(o, f"optimizers[{n!r}]") for n, o in optimizers.items()}


def _check_seeds(seeds: object) -> tuple[int, ...]:
    if isinstance(seeds, str) or not isinstance(seeds, Sequence | range | np.ndarray):
        raise TypeError(f"seeds must be a sequence of integers, got {seeds!r}"[:160])
    out = tuple(check_int(s, f"seeds[{i}]", minimum=0) for i, s in enumerate(seeds))
    if not out:
        raise ValueError("seeds must name at least one seed")
    return out


def _stats(
    name: str, opt: Optimizer, seeds: tuple[int, ...], run: _Fit, seconds: float
) -> RunStats:
    """The summary of one method's runs (one network per seed)."""
    ok = run.first >= 0
    vector = run.weights[-1].shape[1] == 1
    last = len(run.weights) - 1
    weights = tuple(
        tuple((w[s, 0] if vector and i == last else w[s]).copy() for i, w in enumerate(run.weights))
        for s in range(len(seeds))
    )
    return RunStats(
        name=name,
        optimizer=repr(opt),
        seeds=seeds,
        converged_epoch=np.where(ok, run.first, np.nan),
        final_loss=run.loss[-1].copy(),
        yhat=np.ascontiguousarray(run.yhat[..., 0]),
        weights=weights,
        success_rate=float(ok.mean()),
        median_epochs=float(np.median(run.first[ok])) if ok.any() else float("nan"),
        seconds=seconds,
        diverged_epoch=np.where(run.diverged >= 0, run.diverged, np.nan),
    )


def compare(
    optimizers: Mapping[str, Optimizer],
    seeds: Sequence[int],
    X: ArrayLike,
    y: ArrayLike,
    *,
    sizes: Sequence[int] = (2, 2, 1),
    activations: Sequence[str] = ("sigmoid", "sigmoid"),
    std: float = 1.0,
    loss: str = "logistic",
    penalty: Penalty | None = None,
    epochs: int = 1000,
    mode: str = "batch",
    tol: float = 0.25,
) -> dict[str, RunStats]:
    r"""Train one network per seed with every optimizer; success rate and median epochs.

    Parameters
    ----------
    optimizers : mapping of str to Optimizer
        The methods by name; each is cloned, so they can be reused.
    seeds : sequence of int
        One network per seed, initialised by
        ``init_network(sizes, numpy.random.default_rng(seed), std=std)``;
        every method starts from the same networks.
    X, y, activations, loss, penalty, epochs, mode, tol
        As in :func:`wbcode.train.train`; ``y`` has shape ``(n,)`` (one
        output), in [0, 1] for the logistic loss.
    sizes : sequence of int, default (2, 2, 1)
        Units per layer, from ``X``'s columns to 1 output.
    std : float, default 1.0
        Standard deviation of the initial weights.

    Returns
    -------
    dict of str to RunStats
        Per method: the converged epoch of every seed, the success rate (the
        fraction converged at the end of training; a diverged run counts as
        not converged) and the median epochs of the successful runs.

    Notes
    -----
    The seeds of one method are trained together as one stack of networks,
    which takes the time of a few single runs. Each network follows the same
    steps as in :func:`wbcode.train.train`.

    Examples
    --------
    >>> from wbcode.optim import GD, Momentum
    >>> from wbcode.workbook import Q9
    >>> stats = compare({"GD": GD(lr=1.0), "momentum": Momentum(lr=0.1)}, range(20), Q9.X, Q9.y)
    >>> [(s.name, s.success_rate) for s in stats.values()]
    [('GD', 0.7), ('momentum', 0.7)]
    """
    methods = _check_methods(optimizers)
    seed_list = _check_seeds(seeds)
    X, y, epochs, tol = stk.check_training(X, y, activations, loss, epochs, mode, tol, penalty)
    if y.ndim != 1:
        raise ValueError(f"y must have shape (n,) (one output per sample), got {y.shape}")
    units = stk.check_sizes(sizes)
    if units[-1] != 1 or units[0] != X.shape[1]:
        raise ValueError(
            f"sizes must start with X's {X.shape[1]} inputs and end with 1 output, got {sizes}"
        )
    nets = [init_network(units, np.random.default_rng(s), std=std) for s in seed_list]
    _, acts = stk.check_network(nets[0], X.shape[1], activations)
    stack = [np.stack([np.atleast_2d(net[i]) for net in nets]) for i in range(len(units) - 1)]
    stk.check_start(stack, X, y[:, None], acts, loss, f"initial weights of std {std:g}")
    out = {}
    for name, opt in methods.items():
        start = time.perf_counter()
        args = (opt.clone(), loss, penalty, epochs, mode, tol, False)
        run = _fit(list(stack), X, y[:, None], acts, *args)
        out[name] = _stats(name, opt, seed_list, run, time.perf_counter() - start)
    return out


# -- success rates with their uncertainty ----------------------------------------------


def wilson_interval(successes: int, n: int, *, confidence: float = 0.95) -> tuple[float, float]:
    r"""Wilson score confidence interval of a success rate :math:`k / n`.

    Parameters
    ----------
    successes : int
        :math:`k`, the number of successes, ``0 <= k <= n``.
    n : int
        :math:`n \ge 1`, the number of trials (seeds).
    confidence : float, default 0.95
        Confidence level, in (0, 1).

    Returns
    -------
    (low, high) : tuple of float
        The interval, inside [0, 1].

    Notes
    -----
    With :math:`\hat p = k/n` and :math:`z` the normal quantile of
    :math:`(1 + \text{confidence})/2` :cite:p:`wilson1927`,

    .. math::

        \frac{\hat p + z^2/2n \pm z\sqrt{\hat p(1-\hat p)/n + z^2/4n^2}}{1 + z^2/n} .

    Unlike :math:`\hat p \pm z\sqrt{\hat p(1-\hat p)/n}` it stays in [0, 1]
    and does not shrink to a point at :math:`k = 0` or :math:`k = n`.

    Examples
    --------
    >>> [round(v, 4) for v in wilson_interval(130, 200)]
    [0.5816, 0.7127]
    >>> wilson_interval(0, 10)[0]
    0.0
    """
    n = check_int(n, "n", minimum=1)
    k = check_int(successes, "successes", minimum=0)
    if k > n:
        raise ValueError(f"successes must be at most n = {n}, got {k}")
    c = check_real(confidence, "confidence")
    if not 0.0 < c < 1.0:
        raise ValueError(f"confidence must lie in (0, 1), got {c}")
    z = NormalDist().inv_cdf(0.5 + c / 2)
    p, z2 = k / n, z * z
    centre = (p + z2 / (2 * n)) / (1 + z2 / n)
    half = z / (1 + z2 / n) * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n))
    low = 0.0 if k == 0 else max(0.0, centre - half)  # exactly 0 and 1 at the ends
    return low, 1.0 if k == n else min(1.0, centre + half)


@dataclass(frozen=True)
class McNemar:
    """Outcome of :func:`mcnemar_exact`."""

    only_a: int  #: pairs (seeds) where ``a`` holds and ``b`` does not
    only_b: int  #: pairs where ``b`` holds and ``a`` does not
    p_value: float  #: two-sided exact p-value


def _outcomes(value: object, name: str) -> np.ndarray:
    arr = np.asarray(value) if isinstance(value, Sequence | np.ndarray) else None
    if arr is None or arr.dtype != np.bool_ or arr.ndim != 1 or arr.size == 0:
        raise TypeError(f"{name} must be a non-empty 1-D sequence of booleans, got {value!r}")
    return arr


def mcnemar_exact(a: Sequence[bool], b: Sequence[bool]) -> McNemar:
    r"""Exact McNemar test of two paired success/failure outcomes (one pair per seed).

    Parameters
    ----------
    a, b : sequence of bool, same length
        Whether method A and method B succeeded, seed by seed.

    Returns
    -------
    McNemar
        The discordant counts and the two-sided exact p-value.

    Notes
    -----
    Seeds where both succeed or both fail say nothing about the difference.
    Of the :math:`m = n_A + n_B` discordant seeds, :math:`n_A` favour A; if
    the methods were equally good, :math:`n_A \sim \mathrm{Bin}(m, 1/2)`, and

    .. math::

        p = \min\Bigl(1,\ 2 \sum_{i \le \min(n_A, n_B)} \binom{m}{i} 2^{-m}\Bigr)

    :cite:p:`mcnemar1947`, computed exactly with integers. Given the events
    "A converged first" and "B converged first" it is the sign test of which
    method is faster.

    Examples
    --------
    >>> res = mcnemar_exact([True] * 10 + [False] * 2, [False] * 10 + [True] * 2)
    >>> res.only_a, res.only_b, round(res.p_value, 4)
    (10, 2, 0.0386)
    """
    a_arr, b_arr = _outcomes(a, "a"), _outcomes(b, "b")
    if a_arr.shape != b_arr.shape:
        raise ValueError(
            f"a and b must pair up (one outcome per seed), got {a_arr.size} and {b_arr.size}"
        )
    n_a, n_b = int(np.sum(a_arr & ~b_arr)), int(np.sum(b_arr & ~a_arr))
    m = n_a + n_b
    tail = Fraction(sum(math.comb(m, i) for i in range(min(n_a, n_b) + 1)), 2**m)
    return McNemar(only_a=n_a, only_b=n_b, p_value=float(min(Fraction(1), 2 * tail)))
