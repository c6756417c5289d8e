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

A success rate over :math:`n` seeds is an estimate: :mod:`wbcode.proportions`
gives its confidence interval and the paired test of two methods.
"""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from . import _stacked as stk
from ._checks import FloatArray, check_bool, check_int
from .optim import Optimizer
from .regularization import Penalty
from .train import _Fit, _fit, init_network

__all__ = ["RunStats", "compare", "stack_networks", "unstack_networks"]


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
    >>> optimizers = {"GD": GD(lr=1.0), "momentum": Momentum(lr=0.1)}
    >>> stats = compare(optimizers, range(20), Q9.X, Q9.y)
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
