r"""Optimizers with adaptive step sizes: AdaGrad, RMSProp and Adam; every optimizer by name.

Each divides the step of a coordinate by the root of a running sum (AdaGrad)
or average (RMSProp, Adam) of that coordinate's squared gradients, so the
step length no longer scales with the gradient (section 8.5 of
:cite:t:`goodfellow2016`). They share the interface of
:class:`wbcode.optim.Optimizer`.

The classes keep the *root* of that sum, :math:`\sqrt r` or :math:`\sqrt v`,
updated by ``numpy.hypot`` (``wbcode._numerics.rms_update``) without
forming :math:`g \odot g`: a gradient of :math:`10^{200}`, whose square
overflows, or of :math:`10^{-200}`, whose square underflows to 0, still gives
the right step. The attributes ``r`` and ``v`` are its square, the quantity
of the equations (``inf`` beyond the float range, about :math:`10^{308}`,
which the steps never use). Where the small constant :math:`\epsilon` sits
differs between the papers and the libraries; each class states it.

:data:`OPTIMIZERS` and :func:`make_optimizer` name the optimizers of both
modules.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from ._checks import FloatArray, check_choice, check_positive
from ._numerics import rms_update
from .optim import GD, Momentum, Nesterov, Optimizer, _check_decay

__all__ = ["OPTIMIZERS", "AdaGrad", "Adam", "RMSProp", "make_optimizer"]


class _SumOfSquares(Optimizer):
    """AdaGrad and RMSProp: the state is the root ``sqrt_r`` of a running sum of squares."""

    state_names = ("sqrt_r",)

    @property
    def r(self) -> Any:
        return self._state(lambda s: s.sqrt_r**2)

    @property
    def sqrt_r(self) -> Any:
        return self._state(lambda s: s.sqrt_r)


class AdaGrad(_SumOfSquares):
    r"""AdaGrad: a per-coordinate step size that shrinks with the accumulated squared gradient.

    Parameters
    ----------
    lr : float, default 0.01
        Global step size :math:`\alpha > 0`.
    eps : float, default 1e-7
        :math:`\epsilon > 0`, added **outside** the square root.

    Attributes
    ----------
    r : numpy.ndarray or list/tuple of numpy.ndarray
        Accumulated squared gradient :math:`r`, shaped like ``theta`` (``inf``
        once it passes the float range, about :math:`10^{308}`).
    sqrt_r : numpy.ndarray or list/tuple of numpy.ndarray
        :math:`\sqrt r`, the state the steps use; finite for finite gradients.
    effective_lr : numpy.ndarray or list/tuple of numpy.ndarray
        The per-coordinate step size :math:`\alpha / (\epsilon + \sqrt r)` of
        the last step.

    Notes
    -----
    .. math::

        r \leftarrow r + g \odot g, \qquad
        \theta \leftarrow \theta - \frac{\alpha}{\epsilon + \sqrt{r}} \odot g,

    with :math:`r = 0` at the start :cite:p:`duchi2011` (Algorithm 8.4 of
    :cite:t:`goodfellow2016`, with :math:`\delta = \epsilon = 10^{-7}`). The
    class keeps :math:`\sqrt r` and updates it as
    :math:`\sqrt{r} \leftarrow \sqrt{(\sqrt r)^2 + g^2}` with ``numpy.hypot``.
    The :math:`\epsilon` only guards against :math:`0/0` for a coordinate whose
    gradient has always been zero. At the first step :math:`\sqrt{r} = |g|`,
    so every coordinate moves by :math:`\alpha |g| / (\epsilon + |g|)`, almost
    exactly :math:`\alpha`, against the sign of its gradient, whatever the
    gradient's size. Because :math:`r` only grows, the steps only shrink.

    Examples
    --------
    >>> opt = AdaGrad(lr=0.1, eps=1e-7)
    >>> theta = opt.step([1.0, 1.0], [4.0, -0.5])
    >>> theta.round(6), opt.r
    (array([0.9, 1.1]), array([16.  ,  0.25]))
    """

    hyper_names = ("lr", "eps")
    name = "adagrad"

    def __init__(self, lr: float = 0.01, eps: float = 1e-7) -> None:
        super().__init__(lr)
        self.eps = check_positive(eps, "eps")

    @property
    def effective_lr(self) -> Any:
        return self._state(lambda s: self.lr / (self.eps + s.sqrt_r))

    def _update(self, theta: FloatArray, g: FloatArray, s: Any) -> FloatArray:
        # sqrt(r + g * g), without forming g * g
        s.sqrt_r = rms_update(s.sqrt_r, g, decay=1.0, gain=1.0)
        return theta - self.lr * (g / (self.eps + s.sqrt_r))


class RMSProp(_SumOfSquares):
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
    r : numpy.ndarray or list/tuple of numpy.ndarray
        Running average of the squared gradient, shaped like ``theta``.
    sqrt_r : numpy.ndarray or list/tuple of numpy.ndarray
        :math:`\sqrt r`, the state the steps use.

    Notes
    -----
    .. math::

        r \leftarrow \rho r + (1 - \rho)\, g \odot g, \qquad
        \theta \leftarrow \theta - \frac{\alpha}{\sqrt{\epsilon + r}} \odot g,

    with :math:`r = 0` at the start :cite:p:`tieleman2012` (Algorithm 8.5 of
    :cite:t:`goodfellow2016`, :math:`\delta = \epsilon = 10^{-6}` inside the root;
    some libraries put it outside, which matters only when :math:`r` is tiny).
    As in :class:`AdaGrad` the class keeps :math:`\sqrt r`;
    :math:`\sqrt{\epsilon + r}` is ``hypot(sqrt(eps), sqrt_r)``. Old gradients
    are forgotten, so the step size no longer decays to zero.

    Examples
    --------
    >>> opt = RMSProp(lr=0.01, rho=0.9, eps=1e-6)
    >>> theta = opt.step([1.0], [2.0])    # r = 0.1 * 4 = 0.4
    >>> opt.r, (1.0 - theta).round(6)     # step 0.01 * 2 / sqrt(0.400001)
    (array([0.4]), array([0.031623]))
    """

    hyper_names = ("lr", "rho", "eps")
    name = "rmsprop"

    def __init__(self, lr: float = 0.001, rho: float = 0.9, eps: float = 1e-6) -> None:
        super().__init__(lr)
        self.rho = _check_decay(rho, "rho")
        self.eps = check_positive(eps, "eps")

    def _update(self, theta: FloatArray, g: FloatArray, s: Any) -> FloatArray:
        s.sqrt_r = rms_update(s.sqrt_r, g, decay=self.rho, gain=1.0 - self.rho)
        return theta - self.lr * (g / np.hypot(np.sqrt(self.eps), s.sqrt_r))  # sqrt(eps + r)


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
    m, v : numpy.ndarray or list/tuple of numpy.ndarray
        First and second moment estimates, shaped like ``theta``.
    sqrt_v : numpy.ndarray or list/tuple of numpy.ndarray
        :math:`\sqrt v`, the state the steps use; finite for finite gradients.
    m_hat, v_hat : numpy.ndarray or list/tuple of numpy.ndarray
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

    The class keeps :math:`\sqrt v` (updated by ``hypot``) and uses
    :math:`\sqrt{\hat v} = \sqrt v / \sqrt{1 - \beta_2^t}`. The bias
    correction undoes the pull towards the zero start: at :math:`t = 1`,
    :math:`\hat m = g` and :math:`\sqrt{\hat v} = |g|`, so the first step is
    :math:`\alpha g / (|g| + \epsilon)`, i.e. :math:`\alpha\,\mathrm{sign}(g)`
    per coordinate wherever :math:`|g| \gg \epsilon`. The step is invariant to
    rescaling the gradient and bounded by about :math:`\alpha`.

    Examples
    --------
    >>> opt = Adam(lr=0.1)
    >>> theta = opt.step([1.0, 1.0], [4.0, -0.5])
    >>> theta.round(6), opt.m_hat, opt.v_hat.round(12)
    (array([0.9, 1.1]), array([ 4. , -0.5]), array([16.  ,  0.25]))
    """

    state_names = ("m", "sqrt_v")
    hyper_names = ("lr", "beta1", "beta2", "eps")
    name = "adam"

    def __init__(
        self, lr: float = 0.001, beta1: float = 0.9, beta2: float = 0.999, eps: float = 1e-8
    ) -> None:
        super().__init__(lr)
        self.beta1 = _check_decay(beta1, "beta1")
        self.beta2 = _check_decay(beta2, "beta2")
        self.eps = check_positive(eps, "eps")

    @property
    def m(self) -> Any:
        return self._state(lambda s: s.m)

    @property
    def v(self) -> Any:
        return self._state(lambda s: s.sqrt_v**2)

    @property
    def sqrt_v(self) -> Any:
        return self._state(lambda s: s.sqrt_v)

    @property
    def m_hat(self) -> Any:
        return self._state(lambda s: s.m / (1.0 - self.beta1**self.t))

    @property
    def v_hat(self) -> Any:
        return self._state(lambda s: (s.sqrt_v / np.sqrt(1.0 - self.beta2**self.t)) ** 2)

    def _update(self, theta: FloatArray, g: FloatArray, s: Any) -> FloatArray:
        b1, b2, t = self.beta1, self.beta2, self.t
        s.m = b1 * s.m + (1.0 - b1) * g
        s.sqrt_v = rms_update(s.sqrt_v, g, decay=b2, gain=1.0 - b2)
        m_hat = s.m / (1.0 - b1**t)
        sqrt_v_hat = s.sqrt_v / np.sqrt(1.0 - b2**t)
        return theta - self.lr * (m_hat / (sqrt_v_hat + self.eps))


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
    ValueError: name must be one of ['gd', 'momentum', ..., 'adam'],
    got 'sgd'
    """
    check_choice(name, "name", list(OPTIMIZERS))
    try:
        return OPTIMIZERS[name](**hyperparameters)
    except TypeError as err:
        raise TypeError(f"bad hyperparameters for {name!r}: {err}") from None
