r"""First-order optimizers with explicit state: the interface, GD, momentum and Nesterov.

Every optimizer is a small object holding its hyperparameters (``lr``,
``momentum``, ...), a step counter ``t`` and its state arrays, with one method,

.. code-block:: python

    new_theta = opt.step(theta, grad)

which returns the updated parameters and advances the state. ``theta`` is one
array or a list/tuple of arrays (the parameters of a network, e.g.
``(W, b, v, c)``); ``grad`` has the same structure and shapes, and the result
comes back in that structure. The arguments are never modified in place, so
``opt.step`` plugs into :func:`wbcode.linear.sgd_pass` as ``update=`` or into
a training loop. The state is created (as zeros) at the first step with the
shapes of ``theta``; ``reset()`` clears it. Each class's ``_update`` is its
update equation, one line per line of the Notes. Every update is elementwise,
so parameters stacked along a leading axis (many networks at once) are updated
exactly as each one alone.

This module holds the interface (:class:`Optimizer`) and the basic methods
(section 8.3 of :cite:t:`goodfellow2016`); :mod:`wbcode.adaptive` holds the
methods with adaptive step sizes (AdaGrad, RMSProp, Adam) and
:func:`~wbcode.adaptive.make_optimizer`. The Q10 chapter explains the methods
and Q11 compares them on XOR.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable
from types import SimpleNamespace
from typing import Any, ClassVar

import numpy as np
from numpy.typing import ArrayLike

from ._checks import FloatArray, as_array, check_positive, check_real

__all__ = ["GD", "Momentum", "Nesterov", "Optimizer", "Params"]

#: One parameter array, or a list/tuple of them (the parameters of a network).
Params = FloatArray | list[FloatArray] | tuple[FloatArray, ...]


def _check_decay(value: object, name: str) -> float:
    """A decay rate or momentum coefficient: a real number in ``[0, 1)``."""
    val = check_real(value, name)
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


def _split(theta: object, grad: object) -> tuple[list[FloatArray], list[FloatArray]]:
    """Check ``theta`` and ``grad`` and return them as lists of float arrays."""
    multi = _is_multi(theta)
    if multi:
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
    for p, g, (name_p, name_g) in zip(thetas, grads, names, strict=True):
        if p.shape != g.shape:
            raise ValueError(f"{name_g} must have the shape of {name_p}, {p.shape}, got {g.shape}")
    return thetas, grads


class Optimizer(ABC):
    """Base class: the ``step(theta, grad)`` interface and the state it keeps.

    A subclass names its state arrays in ``state_names`` and its
    hyperparameters in ``hyper_names``, and writes its update for one array
    in ``_update(theta, g, s)``, reading and replacing the state ``s.<name>``.

    Attributes
    ----------
    t : int
        Number of steps taken since creation or the last :meth:`reset`.
    """

    state_names: ClassVar[tuple[str, ...]] = ()
    hyper_names: ClassVar[tuple[str, ...]] = ("lr",)
    name: ClassVar[str] = "optimizer"
    _states: list[SimpleNamespace]  # one namespace of state arrays per parameter array
    _shapes: list[tuple[int, ...]]
    _multi: bool  # whether theta is a list/tuple of arrays
    _container: Callable[[list[FloatArray]], Any]  # list or tuple, like theta

    def __init__(self, lr: float) -> None:
        self.lr = check_positive(lr, "lr")
        self.reset()

    def step(self, theta: Params | ArrayLike, grad: Params | ArrayLike) -> Any:
        """Return the parameters after one update with gradient ``grad``.

        Parameters
        ----------
        theta : array_like, or list/tuple of numpy.ndarray
            Current parameters, finite. A list or tuple of numpy arrays is
            several parameter arrays; anything else is one array.
        grad : same structure and shapes as ``theta``
            Gradient of the loss at ``theta``, finite.

        Returns
        -------
        numpy.ndarray, or list/tuple of numpy.ndarray
            New parameters, in the structure of ``theta``. ``theta`` and
            ``grad`` are left unchanged.
        """
        thetas, grads = _split(theta, grad)
        multi = _is_multi(theta)
        new = self._advance(thetas, grads, multi, type(theta) if multi else tuple)
        return self._container(new) if multi else new[0]

    def _advance(
        self,
        thetas: list[FloatArray],
        grads: list[FloatArray],
        multi: bool = True,
        container: Callable[[list[FloatArray]], Any] = list,
    ) -> list[FloatArray]:
        """:meth:`step` on checked lists of finite arrays (the training loop calls it)."""
        shapes = [p.shape for p in thetas]
        if self.t == 0 or not self.state_names:  # a stateless method takes any shapes
            self._states = [
                SimpleNamespace(**{k: np.zeros(n) for k in self.state_names}) for n in shapes
            ]
            self._shapes, self._multi, self._container = shapes, multi, container
        elif (shapes, multi) != (self._shapes, self._multi):
            raise ValueError(
                f"theta has shapes {shapes} but the optimizer's state was created for shapes "
                f"{self._shapes}; call reset() before optimizing other parameters"
            )
        self.t += 1
        return [self._update(p, g, s) for p, g, s in zip(thetas, grads, self._states, strict=True)]

    __call__ = step

    @abstractmethod
    def _update(self, theta: FloatArray, g: FloatArray, s: Any) -> FloatArray:
        """The update of one parameter array; replaces the state arrays of ``s``."""

    def reset(self) -> None:
        """Forget the state: the next :meth:`step` starts from ``t = 0`` and zero state."""
        self.t, self._states, self._shapes, self._multi, self._container = 0, [], [], False, tuple

    def clone(self) -> Optimizer:
        """A new optimizer of the same kind and hyperparameters, with empty state."""
        return type(self)(**self.hyperparameters)

    @property
    def hyperparameters(self) -> dict[str, float]:
        """The hyperparameters by name (``lr`` first)."""
        return {k: getattr(self, k) for k in self.hyper_names}

    def __repr__(self) -> str:
        hyper = ", ".join(f"{k}={v:g}" for k, v in self.hyperparameters.items())
        return f"{type(self).__name__}({hyper})"

    def _state(self, f: Callable[[Any], FloatArray]) -> Any:
        """``f(state)`` of each parameter array, in the structure of ``theta`` (None at first)."""
        if self.t == 0:
            return None
        with np.errstate(over="ignore"):  # r = sqrt_r**2 is inf beyond the float range
            arrays = [np.array(f(s), dtype=np.float64) for s in self._states]
        return self._container(arrays) if self._multi else arrays[0]


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

    def _update(self, theta: FloatArray, g: FloatArray, s: Any) -> FloatArray:
        return theta - self.lr * g


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
    v : numpy.ndarray or list/tuple of numpy.ndarray
        Velocity, shaped like ``theta`` (``None`` before the first step).

    Notes
    -----
    .. math::

        v \leftarrow \mu v - \alpha g, \qquad \theta \leftarrow \theta + v,

    with :math:`v = 0` at the start :cite:p:`polyak1964,sutskever2013`
    (Algorithm 8.2 of :cite:t:`goodfellow2016`). The velocity is an
    exponentially decaying sum of past gradients: where the gradients agree it
    builds up a step up to :math:`1/(1-\mu)` times longer, while oscillating
    components cancel. Libraries that store :math:`u = -v/\alpha`
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
    hyper_names = ("lr", "momentum")
    name = "momentum"

    def __init__(self, lr: float, momentum: float = 0.9) -> None:
        super().__init__(lr)
        self.momentum = _check_decay(momentum, "momentum")

    @property
    def v(self) -> Any:
        return self._state(lambda s: s.v)

    def _update(self, theta: FloatArray, g: FloatArray, s: Any) -> FloatArray:
        s.v = self.momentum * s.v - self.lr * g
        return theta + s.v


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
    v : numpy.ndarray or list/tuple of numpy.ndarray
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
    >>> # v = -0.2, theta = 1 + 0.9 * -0.2 - 0.2
    >>> theta = opt.step([1.0], [2.0])
    >>> theta.round(10), opt.v
    (array([0.62]), array([-0.2]))
    """

    name = "nesterov"

    def _update(self, theta: FloatArray, g: FloatArray, s: Any) -> FloatArray:
        s.v = self.momentum * s.v - self.lr * g
        return theta + self.momentum * s.v - self.lr * g
