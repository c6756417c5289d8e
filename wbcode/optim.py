r"""First-order optimizers with explicit state: GD, momentum, Nesterov, AdaGrad, RMSProp, Adam.

Every optimizer is a small object that holds its hyperparameters (``lr``,
``momentum``, ``beta1``, ...) and its state (the step counter ``t`` and the
arrays ``v``, ``r``, ``m``, ...) as plain attributes, and has one method,

.. code-block:: python

    new_theta = opt.step(theta, grad)

which returns the updated parameters and advances the state. ``theta`` is one
array or a list/tuple of arrays (the parameters of a network, e.g.
``(W, b, v, c)``); ``grad`` has the same structure and shapes, and the result
comes back in that structure. The arguments are never modified in place, so a
step can be plugged into :func:`wbcode.linear.sgd_pass` as
``update=opt.step`` or into a training loop. State arrays are created (as
zeros) at the first step with the shapes of ``theta``; ``reset()`` clears
them. Every update is elementwise, so parameters stacked along a leading axis
(many networks at once) are updated exactly as each one alone.

Where the small constant :math:`\epsilon` sits differs between the papers and
the libraries; each class states it. The Q10 chapter explains the methods and
Q11 compares them on XOR.
"""

from __future__ import annotations

import numbers
from collections.abc import Callable, Sequence
from typing import Any, ClassVar

import numpy as np
from numpy.typing import ArrayLike

from ._checks import FloatArray, as_array, check_choice, check_positive

__all__ = [
    "GD",
    "OPTIMIZERS",
    "AdaGrad",
    "Adam",
    "Momentum",
    "Nesterov",
    "Optimizer",
    "Params",
    "RMSProp",
    "make_optimizer",
]

#: One parameter array, or a list/tuple of them (the parameters of a network).
Params = FloatArray | list[FloatArray] | tuple[FloatArray, ...]


def _check_decay(value: object, name: str) -> float:
    """A decay rate or momentum coefficient: a real number in ``[0, 1)``."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a real number in [0, 1), got {value!r}")
    val = float(value)
    if not 0.0 <= val < 1.0:
        raise ValueError(f"{name} must lie in [0, 1), got {val}")
    return val


def _is_multi(theta: object) -> bool:
    """A list/tuple of arrays is several parameters; anything else is one array."""
    return (
        isinstance(theta, list | tuple)
        and len(theta) > 0
        and all(isinstance(p, np.ndarray) for p in theta)
    )


class Optimizer:
    """Base class: state handling and the ``step(theta, grad)`` interface.

    Subclasses name their state arrays in ``state_names`` and implement
    ``_update`` for a single array.

    Attributes
    ----------
    t : int
        Number of steps taken since creation or the last :meth:`reset`.
    """

    state_names: ClassVar[tuple[str, ...]] = ()
    name: ClassVar[str] = "optimizer"

    def __init__(self, lr: float) -> None:
        self.lr = check_positive(lr, "lr")
        self.t = 0
        self._state: dict[str, list[FloatArray]] = {}
        self._multi = False
        self._container: type = tuple

    # -- the public interface -------------------------------------------------
    def step(self, theta: Params | ArrayLike, grad: Params | ArrayLike) -> Any:
        """Return the parameters after one update with gradient ``grad``.

        Parameters
        ----------
        theta : array_like, or list/tuple of numpy.ndarray
            Current parameters. A list or tuple whose items are all numpy
            arrays is taken as several parameter arrays; anything else as one
            array.
        grad : same structure and shapes as ``theta``
            Gradient of the loss at ``theta``.

        Returns
        -------
        numpy.ndarray, or list/tuple of numpy.ndarray
            New parameters, in the structure of ``theta``. ``theta`` and
            ``grad`` are left unchanged.
        """
        thetas, grads = self._split(theta, grad)
        multi = _is_multi(theta)
        if not self._state:
            self._state = {k: [np.zeros_like(p) for p in thetas] for k in self.state_names}
            self._multi = multi
            self._container = type(theta) if multi else tuple
        else:
            self._check_state(thetas, multi)
        self.t += 1
        new = []
        for i, (p, g) in enumerate(zip(thetas, grads, strict=True)):
            state = {k: s[i] for k, s in self._state.items()}
            p_new, state = self._update(p, g, state)
            for k in self.state_names:
                self._state[k][i] = state[k]
            new.append(p_new)
        return self._container(new) if self._multi else new[0]

    __call__ = step

    def reset(self) -> None:
        """Forget the state: the next :meth:`step` starts from ``t = 0`` and zero moments."""
        self.t = 0
        self._state = {}

    def clone(self) -> Optimizer:
        """A new optimizer of the same kind and hyperparameters, with empty state."""
        return type(self)(**self.hyperparameters)

    @property
    def hyperparameters(self) -> dict[str, float]:
        """The hyperparameters by name (``lr`` first)."""
        return {"lr": self.lr}

    def __repr__(self) -> str:
        hyper = ", ".join(f"{k}={v:g}" for k, v in self.hyperparameters.items())
        return f"{type(self).__name__}({hyper})"

    # -- helpers ----------------------------------------------------------------
    def _get(self, name: str) -> Any:
        """State array ``name`` in the structure of ``theta`` (``None`` before the first step)."""
        if not self._state:
            return None
        arrays = [s.copy() for s in self._state[name]]
        return self._container(arrays) if self._multi else arrays[0]

    def _update(
        self, theta: FloatArray, grad: FloatArray, state: dict[str, FloatArray]
    ) -> tuple[FloatArray, dict[str, FloatArray]]:
        raise NotImplementedError  # pragma: no cover

    def _split(self, theta: object, grad: object) -> tuple[list[FloatArray], list[FloatArray]]:
        if _is_multi(theta):
            assert isinstance(theta, list | tuple)
            if not isinstance(grad, list | tuple) or len(grad) != len(theta):
                got = f"{len(grad)} items" if isinstance(grad, list | tuple) else repr(type(grad))
                raise ValueError(
                    f"grad must be a list/tuple of {len(theta)} arrays like theta, got {got}"
                )
            thetas = [as_array(p, f"theta[{i}]", allow_empty=True) for i, p in enumerate(theta)]
            grads = [as_array(g, f"grad[{i}]", allow_empty=True) for i, g in enumerate(grad)]
            names = [(f"theta[{i}]", f"grad[{i}]") for i in range(len(theta))]
        else:
            thetas = [as_array(theta, "theta")]  # type: ignore[arg-type]
            if _is_multi(grad):
                raise ValueError(
                    "grad is a list of arrays but theta is a single array; "
                    "pass theta as a list/tuple of arrays too"
                )
            grads = [as_array(grad, "grad")]  # type: ignore[arg-type]
            names = [("theta", "grad")]
        for p, g, (np_, ng) in zip(thetas, grads, names, strict=True):
            if p.shape != g.shape:
                raise ValueError(f"{ng} must have the shape of {np_}, {p.shape}, got {g.shape}")
        return thetas, grads

    def _check_state(self, thetas: Sequence[FloatArray], multi: bool) -> None:
        first = next(iter(self._state.values()), None)
        if first is None:  # a stateless optimizer (GD) takes any shapes
            return
        shapes = [s.shape for s in first]
        if [p.shape for p in thetas] != shapes or multi != self._multi:
            raise ValueError(
                f"theta has shapes {[p.shape for p in thetas]} but the optimizer's state was "
                f"created for shapes {shapes}; call reset() before optimizing other parameters"
            )


class GD(Optimizer):
    r"""Plain (stochastic) gradient descent.

    Parameters
    ----------
    lr : float
        Step size :math:`\alpha > 0`.

    Notes
    -----
    .. math::

        \theta \leftarrow \theta - \alpha\, g, \qquad g = \nabla_\theta \L .

    No state (only the step counter ``t``). With a single-sample gradient this
    is SGD :cite:p:`robbins1951`; the Q2 chapter works it by hand.

    Examples
    --------
    >>> opt = GD(lr=0.1)
    >>> opt.step([1.0, 2.0], [10.0, -5.0])
    array([0. , 2.5])
    """

    name = "gd"

    def _update(
        self, theta: FloatArray, grad: FloatArray, state: dict[str, FloatArray]
    ) -> tuple[FloatArray, dict[str, FloatArray]]:
        return theta - self.lr * grad, state


class Momentum(Optimizer):
    r"""Gradient descent with (Polyak's heavy-ball) momentum.

    Parameters
    ----------
    lr : float
        Step size :math:`\alpha > 0`.
    momentum : float, default 0.9
        Momentum coefficient :math:`\mu \in [0, 1)`; 0 gives plain GD.

    Attributes
    ----------
    v : numpy.ndarray or tuple of numpy.ndarray
        Velocity, shaped like ``theta`` (``None`` before the first step).

    Notes
    -----
    .. math::

        v \leftarrow \mu v - \alpha g, \qquad \theta \leftarrow \theta + v,

    with :math:`v = 0` at the start :cite:p:`polyak1964,sutskever2013`
    (Algorithm 8.2 of :cite:t:`goodfellow2016`). The velocity is an exponentially
    decaying sum of past gradients: a direction in which the gradients agree
    builds up a step up to :math:`1/(1-\mu)` times longer, while oscillating
    components cancel. Libraries that store :math:`u = -v/\alpha` instead
    (:math:`u \leftarrow \mu u + g`, :math:`\theta \leftarrow \theta - \alpha u`)
    take exactly the same steps for a constant :math:`\alpha`.

    Examples
    --------
    >>> opt = Momentum(lr=0.1, momentum=0.9)
    >>> theta = opt.step([1.0], [2.0])       # v = -0.2
    >>> theta = opt.step(theta, [-1.0])      # v = 0.9 * -0.2 + 0.1 = -0.08
    >>> theta, opt.v
    (array([0.72]), array([-0.08]))
    """

    state_names = ("v",)
    name = "momentum"

    def __init__(self, lr: float, momentum: float = 0.9) -> None:
        super().__init__(lr)
        self.momentum = _check_decay(momentum, "momentum")

    @property
    def hyperparameters(self) -> dict[str, float]:
        return {"lr": self.lr, "momentum": self.momentum}

    @property
    def v(self) -> Any:
        return self._get("v")

    def _update(
        self, theta: FloatArray, grad: FloatArray, state: dict[str, FloatArray]
    ) -> tuple[FloatArray, dict[str, FloatArray]]:
        v = self.momentum * state["v"] - self.lr * grad
        return theta + v, {"v": v}


class Nesterov(Momentum):
    r"""Gradient descent with Nesterov's accelerated momentum.

    Parameters
    ----------
    lr : float
        Step size :math:`\alpha > 0`.
    momentum : float, default 0.9
        Momentum coefficient :math:`\mu \in [0, 1)`.

    Attributes
    ----------
    v : numpy.ndarray or tuple of numpy.ndarray
        Velocity, shaped like ``theta`` (``None`` before the first step).

    Notes
    -----
    Nesterov's method in the form of :cite:t:`sutskever2013` evaluates the
    gradient at the look-ahead point :math:`\theta + \mu v`
    :cite:p:`nesterov1983`:

    .. math::

        v \leftarrow \mu v - \alpha \nabla\L(\theta + \mu v), \qquad
        \theta \leftarrow \theta + v .

    So that ``step(theta, grad)`` can take the gradient at the parameters it
    is given, this class works with the look-ahead point itself,
    :math:`\phi = \theta + \mu v` :cite:p:`bengio2013advances`. With
    :math:`g = \nabla\L(\phi)` the same iteration reads

    .. math::

        v \leftarrow \mu v - \alpha g, \qquad
        \phi \leftarrow \phi + \mu v - \alpha g

    (the new :math:`v` on the right). At the start :math:`v = 0`, so
    :math:`\phi = \theta`; afterwards the parameters handed around are
    :math:`\phi`, which differ from Sutskever's :math:`\theta` by :math:`\mu v`
    and converge to the same point. Compared with :class:`Momentum`, the extra
    :math:`\mu v` is a correction: when the velocity overshoots, the gradient
    at the look-ahead point already pulls back.

    Examples
    --------
    >>> opt = Nesterov(lr=0.1, momentum=0.9)
    >>> theta = opt.step([1.0], [2.0])   # v = -0.2, theta = 1 + 0.9 * -0.2 - 0.2
    >>> theta.round(10), opt.v
    (array([0.62]), array([-0.2]))
    """

    name = "nesterov"

    def _update(
        self, theta: FloatArray, grad: FloatArray, state: dict[str, FloatArray]
    ) -> tuple[FloatArray, dict[str, FloatArray]]:
        v = self.momentum * state["v"] - self.lr * grad
        return theta + self.momentum * v - self.lr * grad, {"v": v}


class AdaGrad(Optimizer):
    r"""AdaGrad: a per-coordinate step size that shrinks with the accumulated squared gradient.

    Parameters
    ----------
    lr : float, default 0.01
        Global step size :math:`\alpha > 0`.
    eps : float, default 1e-7
        :math:`\epsilon > 0`, added **outside** the square root.

    Attributes
    ----------
    r : numpy.ndarray or tuple of numpy.ndarray
        Accumulated squared gradient, shaped like ``theta``.
    effective_lr : numpy.ndarray or tuple of numpy.ndarray
        The per-coordinate step size :math:`\alpha / (\epsilon + \sqrt r)` of
        the last step.

    Notes
    -----
    .. math::

        r \leftarrow r + g \odot g, \qquad
        \theta \leftarrow \theta - \frac{\alpha}{\epsilon + \sqrt{r}} \odot g,

    with :math:`r = 0` at the start :cite:p:`duchi2011` (Algorithm 8.4 of
    :cite:t:`goodfellow2016`, with :math:`\delta = \epsilon = 10^{-7}`). The
    :math:`\epsilon` only guards against :math:`0/0` for a coordinate whose
    gradient has always been zero. At the first step
    :math:`\sqrt{r} = |g|`, so every coordinate moves by almost exactly
    :math:`\alpha` against the sign of its gradient, whatever the gradient's
    size. Because :math:`r` only grows, the steps only shrink.

    Examples
    --------
    >>> opt = AdaGrad(lr=0.1, eps=1e-7)
    >>> theta = opt.step([1.0, 1.0], [4.0, -0.5])
    >>> theta.round(6), opt.r
    (array([0.9, 1.1]), array([16.  ,  0.25]))
    """

    state_names = ("r",)
    name = "adagrad"

    def __init__(self, lr: float = 0.01, eps: float = 1e-7) -> None:
        super().__init__(lr)
        self.eps = check_positive(eps, "eps")

    @property
    def hyperparameters(self) -> dict[str, float]:
        return {"lr": self.lr, "eps": self.eps}

    @property
    def r(self) -> Any:
        return self._get("r")

    @property
    def effective_lr(self) -> Any:
        r = self.r
        if r is None:
            return None
        if self._multi:
            return self._container(self.lr / (self.eps + np.sqrt(ri)) for ri in r)
        return self.lr / (self.eps + np.sqrt(r))

    def _update(
        self, theta: FloatArray, grad: FloatArray, state: dict[str, FloatArray]
    ) -> tuple[FloatArray, dict[str, FloatArray]]:
        r = state["r"] + grad * grad
        return theta - self.lr / (self.eps + np.sqrt(r)) * grad, {"r": r}


class RMSProp(Optimizer):
    r"""RMSProp: AdaGrad with an exponentially decaying average instead of a sum.

    Parameters
    ----------
    lr : float, default 0.001
        Step size :math:`\alpha > 0`.
    rho : float, default 0.9
        Decay rate :math:`\rho \in [0, 1)` of the average of squared gradients.
    eps : float, default 1e-6
        :math:`\epsilon > 0`, added **inside** the square root.

    Attributes
    ----------
    r : numpy.ndarray or tuple of numpy.ndarray
        Running average of the squared gradient, shaped like ``theta``.

    Notes
    -----
    .. math::

        r \leftarrow \rho r + (1 - \rho)\, g \odot g, \qquad
        \theta \leftarrow \theta - \frac{\alpha}{\sqrt{\epsilon + r}} \odot g,

    with :math:`r = 0` at the start :cite:p:`tieleman2012` (Algorithm 8.5 of
    :cite:t:`goodfellow2016`, :math:`\delta = \epsilon = 10^{-6}` inside the root;
    some libraries put it outside, which matters only when :math:`r` is tiny).
    Old gradients are forgotten, so the step size no longer decays to zero.

    Examples
    --------
    >>> opt = RMSProp(lr=0.01, rho=0.9, eps=1e-6)
    >>> theta = opt.step([1.0], [2.0])    # r = 0.1 * 4 = 0.4
    >>> opt.r, (1.0 - theta).round(6)     # step 0.01 * 2 / sqrt(0.400001)
    (array([0.4]), array([0.031623]))
    """

    state_names = ("r",)
    name = "rmsprop"

    def __init__(self, lr: float = 0.001, rho: float = 0.9, eps: float = 1e-6) -> None:
        super().__init__(lr)
        self.rho = _check_decay(rho, "rho")
        self.eps = check_positive(eps, "eps")

    @property
    def hyperparameters(self) -> dict[str, float]:
        return {"lr": self.lr, "rho": self.rho, "eps": self.eps}

    @property
    def r(self) -> Any:
        return self._get("r")

    def _update(
        self, theta: FloatArray, grad: FloatArray, state: dict[str, FloatArray]
    ) -> tuple[FloatArray, dict[str, FloatArray]]:
        r = self.rho * state["r"] + (1.0 - self.rho) * grad * grad
        return theta - self.lr / np.sqrt(self.eps + r) * grad, {"r": r}


class Adam(Optimizer):
    r"""Adam: momentum on the gradient, RMSProp scaling, and bias correction of both.

    Parameters
    ----------
    lr : float, default 0.001
        Step size :math:`\alpha > 0`.
    beta1 : float, default 0.9
        Decay rate :math:`\beta_1 \in [0, 1)` of the first moment.
    beta2 : float, default 0.999
        Decay rate :math:`\beta_2 \in [0, 1)` of the second moment.
    eps : float, default 1e-8
        :math:`\epsilon > 0`, added **outside** the square root.

    Attributes
    ----------
    m, v : numpy.ndarray or tuple of numpy.ndarray
        First and second moment estimates, shaped like ``theta``.
    m_hat, v_hat : numpy.ndarray or tuple of numpy.ndarray
        Their bias-corrected values used in the last step.

    Notes
    -----
    At step :math:`t = 1, 2, \dots`, with :math:`m = v = 0` at the start
    :cite:p:`kingma2015` (Algorithm 1):

    .. math::

        m &\leftarrow \beta_1 m + (1 - \beta_1)\, g, &
        v &\leftarrow \beta_2 v + (1 - \beta_2)\, g \odot g, \\
        \hat m &= m / (1 - \beta_1^t), &
        \hat v &= v / (1 - \beta_2^t), \\
        \theta &\leftarrow \theta - \alpha\, \hat m / (\sqrt{\hat v} + \epsilon) .

    The bias correction undoes the pull towards the zero start: at
    :math:`t = 1`, :math:`\hat m = g` and :math:`\hat v = g \odot g`, so the
    first step is :math:`\alpha\,\mathrm{sign}(g)` per coordinate. The
    step is invariant to rescaling the gradient and bounded by about
    :math:`\alpha`.

    Examples
    --------
    >>> opt = Adam(lr=0.1)
    >>> theta = opt.step([1.0, 1.0], [4.0, -0.5])
    >>> theta.round(6), opt.m_hat, opt.v_hat.round(12)
    (array([0.9, 1.1]), array([ 4. , -0.5]), array([16.  ,  0.25]))
    """

    state_names = ("m", "v")
    name = "adam"

    def __init__(
        self, lr: float = 0.001, beta1: float = 0.9, beta2: float = 0.999, eps: float = 1e-8
    ) -> None:
        super().__init__(lr)
        self.beta1 = _check_decay(beta1, "beta1")
        self.beta2 = _check_decay(beta2, "beta2")
        self.eps = check_positive(eps, "eps")

    @property
    def hyperparameters(self) -> dict[str, float]:
        return {"lr": self.lr, "beta1": self.beta1, "beta2": self.beta2, "eps": self.eps}

    @property
    def m(self) -> Any:
        return self._get("m")

    @property
    def v(self) -> Any:
        return self._get("v")

    def _corrected(self, name: str, beta: float) -> Any:
        arrays = self._get(name)
        if arrays is None:
            return None
        scale = 1.0 / (1.0 - beta**self.t)
        if self._multi:
            return self._container(a * scale for a in arrays)
        return arrays * scale

    @property
    def m_hat(self) -> Any:
        return self._corrected("m", self.beta1)

    @property
    def v_hat(self) -> Any:
        return self._corrected("v", self.beta2)

    def _update(
        self, theta: FloatArray, grad: FloatArray, state: dict[str, FloatArray]
    ) -> tuple[FloatArray, dict[str, FloatArray]]:
        m = self.beta1 * state["m"] + (1.0 - self.beta1) * grad
        v = self.beta2 * state["v"] + (1.0 - self.beta2) * grad * grad
        m_hat = m / (1.0 - self.beta1**self.t)
        v_hat = v / (1.0 - self.beta2**self.t)
        return theta - self.lr * m_hat / (np.sqrt(v_hat) + self.eps), {"m": m, "v": v}


#: The optimizers by name, for :func:`make_optimizer`.
OPTIMIZERS: dict[str, Callable[..., Optimizer]] = {
    cls.name: cls for cls in (GD, Momentum, Nesterov, AdaGrad, RMSProp, Adam)
}


def make_optimizer(name: str, **hyperparameters: float) -> Optimizer:
    """Create an optimizer by name.

    Parameters
    ----------
    name : {"gd", "momentum", "nesterov", "adagrad", "rmsprop", "adam"}
    **hyperparameters
        Passed to the class (``lr``, ``momentum``, ``rho``, ``beta1``,
        ``beta2``, ``eps``).

    Returns
    -------
    Optimizer
        A fresh optimizer with empty state.

    Examples
    --------
    >>> make_optimizer("adam", lr=0.01)
    Adam(lr=0.01, beta1=0.9, beta2=0.999, eps=1e-08)
    >>> make_optimizer("sgd", lr=0.1)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: name must be one of ['gd', 'momentum', ..., 'adam'], got 'sgd'
    """
    check_choice(name, "name", list(OPTIMIZERS))
    try:
        return OPTIMIZERS[name](**hyperparameters)
    except TypeError as err:
        raise TypeError(f"bad hyperparameters for {name!r}: {err}") from None
