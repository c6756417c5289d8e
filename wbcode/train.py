r"""Training loops for small dense networks, and many seeds at once.

:func:`train` trains one network of :mod:`wbcode.mlp` with an optimizer of
:mod:`wbcode.optim`, full batch (one step per epoch on the loss summed over
the samples) or per sample (one step per sample, in row order), with an
optional weight penalty of :mod:`wbcode.regularization`. It records the loss
after every epoch and the epoch at which the network has **converged**. The
criterion is

.. math::

    \max_i\, \lvert y_i - \hat y_i \rvert < \mathrm{tol},

with ``tol = 0.25`` by default, i.e. for 0/1 targets every prediction lies on
the right side of 0.5 by at least 0.25. A run has converged at epoch
:math:`e` if the criterion holds after epoch :math:`e` and after every later
epoch until the end of training; a run that meets it and loses it again
(a weight penalty can pull a solution apart) has not converged.

:func:`compare` answers "how often, and how fast?" for many random starts and
several optimizers. Instead of a Python loop over seeds it trains :math:`S`
networks **side by side as one wider network** (:func:`stack_networks`): the
first layers are stacked (they share the input), every later layer is
block-diagonal, and the :math:`S` outputs are the :math:`S` networks'
predictions. The loss of the wide network is the sum of the :math:`S`
losses, and no weight is shared, so its gradient in block :math:`s` is
exactly network :math:`s`'s gradient; the off-block entries are zero and are
kept at zero by masking their gradient. The optimizers are elementwise, so
each block follows exactly the path it would follow alone. The Q9 and Q11
chapters use these functions on XOR.
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from ._checks import FloatArray, as_array, check_choice, check_positive, check_rng
from .losses import loss as mlp_loss
from .mlp import backward, forward
from .optim import Optimizer
from .regularization import Penalty

__all__ = [
    "MODES",
    "RunStats",
    "TrainResult",
    "compare",
    "converged",
    "init_network",
    "stack_networks",
    "train",
    "unstack_networks",
]

MODES = ("batch", "sample")
"""``"batch"``: one step per epoch on the summed loss; ``"sample"``: one step per sample."""


def init_network(
    sizes: Sequence[int], rng: np.random.Generator, *, std: float = 1.0
) -> list[FloatArray]:
    r"""Gaussian initial weights for a dense network, biases included.

    Parameters
    ----------
    sizes : sequence of int
        Units per layer, input first: ``(2, 2, 1)`` is the 2-2-1 XOR network.
    rng : numpy.random.Generator
        Source of randomness (``numpy.random.default_rng(seed)``).
    std : float, default 1.0
        Standard deviation :math:`s` of every weight and bias,
        :math:`w \sim \mathcal N(0, s^2)`.

    Returns
    -------
    list of numpy.ndarray
        One bias-first matrix of shape ``(sizes[l+1], 1 + sizes[l])`` per
        layer (see :mod:`wbcode.mlp`); a last layer with one unit is a vector
        ``(1 + sizes[-2],)``, like the workbook's :math:`v`. They are drawn
        in this order, each row-major.

    Examples
    --------
    >>> import numpy as np
    >>> W, v = init_network((2, 2, 1), np.random.default_rng(0), std=0.5)
    >>> W.shape, v.shape
    ((2, 3), (3,))
    """
    rng = check_rng(rng)
    s = check_positive(std, "std")
    if isinstance(sizes, str) or len(sizes) < 2:
        raise ValueError(f"sizes must list at least an input and an output size, got {sizes!r}")
    for i, n in enumerate(sizes):
        if isinstance(n, bool) or not isinstance(n, int | np.integer) or n < 1:
            raise ValueError(f"sizes[{i}] must be a positive integer, got {n!r}")
    shapes = [(int(n_out), 1 + int(n_in)) for n_in, n_out in itertools.pairwise(sizes)]
    weights = [rng.normal(0.0, s, size=shape) for shape in shapes]
    if shapes[-1][0] == 1:
        weights[-1] = weights[-1][0]
    return weights


def converged(yhat: ArrayLike, y: ArrayLike, *, tol: float = 0.25) -> bool:
    r"""Whether every prediction is within ``tol`` of its target.

    Parameters
    ----------
    yhat, y : array_like, same shape
        Predictions and targets.
    tol : float, default 0.25
        For 0/1 targets, ``tol = 0.25`` means every prediction is on the
        right side of 0.5 with a margin of at least 0.25.

    Returns
    -------
    bool
        :math:`\max_i |y_i - \hat y_i| < \mathrm{tol}`.

    Examples
    --------
    >>> converged([0.9, 0.1, 0.2, 0.8], [1, 0, 0, 1])
    True
    >>> converged([0.9, 0.1, 0.3, 0.8], [1, 0, 0, 1])
    False
    """
    yhat = as_array(yhat, "yhat")
    y = as_array(y, "y")
    if yhat.shape != y.shape:
        raise ValueError(f"yhat and y must have the same shape, got {yhat.shape} and {y.shape}")
    t = check_positive(tol, "tol")
    return bool(np.max(np.abs(y - yhat)) < t)


# -- many networks as one -----------------------------------------------------------------


def _as_matrices(net: Sequence[ArrayLike], name: str) -> list[FloatArray]:
    if isinstance(net, np.ndarray | str) or not isinstance(net, Sequence) or len(net) == 0:
        raise TypeError(f"{name} must be a non-empty list of weight matrices, got {net!r}"[:160])
    out = [as_array(W, f"{name}[{i}]", ndim=(1, 2)) for i, W in enumerate(net)]
    return [W.reshape(1, -1) if W.ndim == 1 else W for W in out]


def stack_networks(
    nets: Sequence[Sequence[ArrayLike]],
) -> tuple[list[FloatArray], list[FloatArray]]:
    r"""Put :math:`S` networks of the same shape side by side as one wider network.

    Parameters
    ----------
    nets : sequence of S networks
        Each a list of bias-first weight matrices (as :func:`init_network`
        returns), all with the same shapes.

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
    mats = [_as_matrices(net, f"nets[{s}]") for s, net in enumerate(nets)]
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
        Return a last layer with one unit as a vector, like :func:`init_network`.

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
    mats = _as_matrices(weights, "weights")
    if isinstance(n_nets, bool) or not isinstance(n_nets, int | np.integer) or n_nets < 1:
        raise ValueError(f"n_nets must be a positive integer, got {n_nets!r}")
    S = int(n_nets)
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


# -- the training loop ----------------------------------------------------------------------


@dataclass(frozen=True)
class TrainResult:
    """Outcome of :func:`train`."""

    weights: tuple[FloatArray, ...]  #: weights after the last epoch
    loss: FloatArray  #: data loss (summed over samples) after each epoch; ``loss[0]`` at the start
    objective: FloatArray  #: ``loss`` plus the penalty, after each epoch
    yhat: FloatArray  #: predictions after the last epoch
    converged_epoch: int | None  #: epoch from which :func:`converged` holds to the end, or None
    epochs: int  #: epochs run


def _penalties(penalty: Penalty | None, mode: str, n: int) -> Penalty | None:
    """The penalty each step uses: in per-sample mode 1/n of it, so an epoch adds one penalty."""
    if penalty is None or mode == "batch":
        return penalty
    return Penalty(penalty.kind, penalty.lam / n, penalty.bias)


def _fit(
    weights: list[FloatArray],
    X: FloatArray,
    Y: FloatArray,
    acts: Sequence[str],
    optimizer: Optimizer,
    loss_name: str,
    penalty: Penalty | None,
    epochs: int,
    mode: str,
    masks: list[FloatArray] | None,
    tol: float,
    n_nets: int,
    record: bool,
) -> tuple[list[FloatArray], FloatArray, FloatArray, FloatArray, FloatArray]:
    """The loop shared by :func:`train` (one network) and :func:`compare` (a wide one)."""
    step_penalty = _penalties(penalty, mode, X.shape[0])
    first = np.full(n_nets, -1)  # start of the current run of epochs meeting the criterion
    losses = np.full(epochs + 1, np.nan)
    objectives = np.full(epochs + 1, np.nan)

    def check(epoch: int, fw_yhat: FloatArray, a_out: FloatArray) -> None:
        ok = np.abs(Y - fw_yhat).reshape(Y.shape[0], n_nets, -1).max(axis=(0, 2)) < tol
        first[~ok] = -1
        first[(first < 0) & ok] = epoch
        if record:
            losses[epoch] = mlp_loss(Y, a_out, loss=loss_name, output=acts[-1])
            objectives[epoch] = losses[epoch] + (0.0 if penalty is None else penalty.value(weights))

    def update(x: FloatArray, y: FloatArray, fw_: object = None) -> None:
        nonlocal weights
        bw = backward(weights, x, y, acts, loss=loss_name, fw=fw_)  # type: ignore[arg-type]
        grads = list(bw.dW)
        if step_penalty is not None:
            grads = [g + p for g, p in zip(grads, step_penalty.grad(weights), strict=True)]
        if masks is not None:
            grads = [g * m for g, m in zip(grads, masks, strict=True)]
        weights = list(optimizer.step(weights, grads))

    fw = forward(weights, X, acts)
    check(0, fw.yhat, fw.a[-1])
    for epoch in range(1, epochs + 1):
        if mode == "batch":
            update(X, Y, fw)
        else:
            for i in range(X.shape[0]):
                update(X[i], Y[i])
        fw = forward(weights, X, acts)
        check(epoch, fw.yhat, fw.a[-1])
    return weights, losses, objectives, fw.yhat, first


def _common(
    X: ArrayLike,
    y: ArrayLike,
    activations: Sequence[str],
    loss_name: str,
    epochs: int,
    mode: str,
    tol: float,
    penalty: Penalty | None,
) -> tuple[FloatArray, FloatArray, int, float]:
    X = as_array(X, "X", ndim=2)
    y = as_array(y, "y", ndim=(1, 2))
    if y.shape[0] != X.shape[0]:
        raise ValueError(f"y must have one target per row of X ({X.shape[0]}), got {y.shape}")
    if isinstance(epochs, bool) or not isinstance(epochs, int | np.integer) or epochs < 0:
        raise ValueError(f"epochs must be a non-negative integer, got {epochs!r}")
    check_choice(mode, "mode", MODES)
    if isinstance(activations, str):
        raise TypeError(f"activations must be a list of names, one a layer, got {activations!r}")
    if penalty is not None and not isinstance(penalty, Penalty):
        raise TypeError(f"penalty must be a wbcode.regularization.Penalty, got {penalty!r}")
    return X, y, int(epochs), check_positive(tol, "tol")


def train(
    weights: Sequence[ArrayLike],
    X: ArrayLike,
    y: ArrayLike,
    activations: Sequence[str],
    *,
    optimizer: Optimizer,
    loss: str = "logistic",
    penalty: Penalty | None = None,
    epochs: int = 1000,
    mode: str = "batch",
    tol: float = 0.25,
) -> TrainResult:
    r"""Train a dense network and record its loss after every epoch.

    Parameters
    ----------
    weights : list of array_like
        Initial bias-first weights (see :func:`init_network`); not modified.
    X : array_like, shape (n, d)
        Inputs, one sample a row.
    y : array_like, shape (n,) or (n, k)
        Targets, shaped like the network's prediction for ``X``.
    activations : sequence of str
        One activation per layer (see :mod:`wbcode.mlp`).
    optimizer : Optimizer
        From :mod:`wbcode.optim`; a :meth:`~wbcode.optim.Optimizer.clone`
        with empty state is used, so the argument can be reused.
    loss : str, default "logistic"
        A loss of :mod:`wbcode.mlp`; ``"logistic"`` (binary cross-entropy,
        summed over the samples) needs a sigmoid output.
    penalty : Penalty, optional
        Weight penalty :math:`\Omega` added to the summed loss (by default
        it spares the biases).
    epochs : int, default 1000
        Passes over the data.
    mode : {"batch", "sample"}, default "batch"
        ``"batch"``: one step per epoch on :math:`\sum_i \mathcal L_i + \Omega`.
        ``"sample"``: one step per sample, in row order, on
        :math:`\mathcal L_i + \Omega / n` (so one epoch applies the penalty
        once, as a batch step does).
    tol : float, default 0.25
        Convergence tolerance of :func:`converged`.

    Returns
    -------
    TrainResult
        Final weights, ``loss`` and ``objective`` per epoch (index 0 before
        training), final predictions and the epoch from which the network
        stays converged (``None`` if it is not converged at the end).

    Notes
    -----
    A batch epoch is :math:`\theta \leftarrow \mathrm{step}(\theta,
    \nabla_\theta [\sum_i \mathcal L_i + \Omega])` with the optimizer's
    ``step``; the gradient comes from :func:`wbcode.mlp.backward` and
    :meth:`wbcode.regularization.Penalty.grad`.

    Examples
    --------
    >>> import numpy as np
    >>> from wbcode.optim import GD
    >>> from wbcode.workbook import Q9
    >>> w0 = init_network((2, 2, 1), np.random.default_rng(0))
    >>> res = train(w0, Q9.X, Q9.y, ["sigmoid", "sigmoid"], optimizer=GD(lr=1.0), epochs=300)
    >>> res.converged_epoch, res.yhat.round(2)
    (55, array([0.99, 0.01, 0.01, 0.99]))
    """
    loss_name = loss
    X, y, epochs, tol = _common(X, y, activations, loss_name, epochs, mode, tol, penalty)
    if not isinstance(optimizer, Optimizer):
        raise TypeError(f"optimizer must be a wbcode.optim.Optimizer, got {optimizer!r}")
    W = [as_array(w, f"weights[{i}]", ndim=(1, 2)).copy() for i, w in enumerate(weights)]
    fw0 = forward(W, X, activations)  # validates the network against X
    if fw0.yhat.shape != y.shape:
        raise ValueError(f"y must have the prediction's shape {fw0.yhat.shape}, got {y.shape}")
    W, losses, objectives, yhat, first = _fit(
        W,
        X,
        y,
        activations,
        optimizer.clone(),
        loss_name,
        penalty,
        epochs,
        mode,
        masks=None,
        tol=tol,
        n_nets=1,
        record=True,
    )
    return TrainResult(
        weights=tuple(W),
        loss=losses,
        objective=objectives,
        yhat=yhat,
        converged_epoch=int(first[0]) if first[0] >= 0 else None,
        epochs=epochs,
    )


@dataclass(frozen=True)
class RunStats:
    """Outcome of one method in :func:`compare`."""

    name: str  #: the method's name
    optimizer: str  #: ``repr`` of the optimizer, with its hyperparameters
    seeds: tuple[int, ...]  #: the seeds, one network each
    converged_epoch: FloatArray  #: converged epoch per seed (see :func:`train`), NaN if none
    final_loss: FloatArray  #: data loss per seed after the last epoch
    yhat: FloatArray  #: predictions after the last epoch, one row per seed, shape ``(S, n)``
    weights: tuple[tuple[FloatArray, ...], ...]  #: final weights, one network per seed
    success_rate: float  #: fraction of seeds that converged
    median_epochs: float  #: median ``converged_epoch`` of the seeds that converged (NaN if none)
    seconds: float  #: wall-clock time of this method's runs


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
        As in :func:`train`; ``y`` has shape ``(n,)`` (one output).
    sizes : sequence of int, default (2, 2, 1)
    std : float, default 1.0

    Returns
    -------
    dict of str to RunStats
        Per method: the converged epoch of every seed, the success rate
        (the fraction converged at the end of training) and the median
        epochs of the successful runs.

    Notes
    -----
    The seeds of one method are trained together as one wide network
    (:func:`stack_networks`), which takes the time of a few single runs.
    Each network follows the same steps as in :func:`train`.

    Examples
    --------
    >>> from wbcode.optim import GD, Momentum
    >>> from wbcode.workbook import Q9
    >>> stats = compare({"GD": GD(lr=1.0), "momentum": Momentum(lr=0.1)}, range(20), Q9.X, Q9.y)
    >>> [(s.name, s.success_rate) for s in stats.values()]
    [('GD', 0.7), ('momentum', 0.7)]
    """
    if not isinstance(optimizers, Mapping) or not optimizers:
        raise TypeError("optimizers must be a non-empty mapping of names to optimizers")
    for name, opt in optimizers.items():
        if not isinstance(opt, Optimizer):
            raise TypeError(f"optimizers[{name!r}] must be a wbcode.optim.Optimizer, got {opt!r}")
    seed_list = [int(s) for s in seeds]
    if not seed_list:
        raise ValueError("seeds must name at least one seed")
    X, y, epochs, tol = _common(X, y, activations, loss, epochs, mode, tol, penalty)
    if y.ndim != 1:
        raise ValueError(f"y must have shape (n,) (one output per sample), got {y.shape}")
    if int(sizes[-1]) != 1 or int(sizes[0]) != X.shape[1]:
        raise ValueError(
            f"sizes must start with X's {X.shape[1]} inputs and end with 1 output, got {sizes}"
        )
    nets = [init_network(sizes, np.random.default_rng(s), std=std) for s in seed_list]
    wide, masks = stack_networks(nets)
    S = len(seed_list)
    Y = np.repeat(y[:, None], S, axis=1)
    out: dict[str, RunStats] = {}
    for name, opt in optimizers.items():
        start = time.perf_counter()
        W, _, _, yhat, first = _fit(
            [w.copy() for w in wide],
            X,
            Y,
            activations,
            opt.clone(),
            loss,
            penalty,
            epochs,
            mode,
            masks=masks,
            tol=tol,
            n_nets=S,
            record=False,
        )
        seconds = time.perf_counter() - start
        nets = unstack_networks(W, S)
        final = [_loss_of(net, X, y, activations, loss) for net in nets]
        ok = first >= 0
        out[name] = RunStats(
            name=name,
            optimizer=repr(opt),
            seeds=tuple(seed_list),
            converged_epoch=np.where(ok, first, np.nan).astype(np.float64),
            final_loss=np.array(final),
            yhat=np.ascontiguousarray(yhat.T),
            weights=tuple(tuple(net) for net in nets),
            success_rate=float(ok.mean()),
            median_epochs=float(np.median(first[ok])) if ok.any() else float("nan"),
            seconds=seconds,
        )
    return out


def _loss_of(
    weights: Sequence[ArrayLike], X: FloatArray, y: FloatArray, acts: Sequence[str], name: str
) -> float:
    """Data loss of one network on ``(X, y)``, summed over samples."""
    return mlp_loss(y, forward(weights, X, acts).a[-1], loss=name, output=acts[-1])
