r"""Losses of a network's output and their gradients: squared error, binary cross-entropy.

Every loss here is a function of the targets :math:`y` and the output
**pre-activation** :math:`o = a^{(L)}`; the prediction is
:math:`\hat y = f_L(o)` with the output activation :math:`f_L` named by
``output``. The gradient by :math:`o` is the start of backpropagation,

.. math::

    \delta^{(L)} = \frac{\partial \mathcal L}{\partial o}
    = \frac{\partial \mathcal L}{\partial \hat y}\, f_L'(o) .

Over a batch the losses are **sums** over the samples. The binary
cross-entropy is computed from the logit :math:`o`, never from
:math:`\hat y = \sigma(o)`, so that it stays finite where the sigmoid rounds
to 0 or 1. The chapters on backpropagation (Q5), log-likelihood (Q4) and the
XOR network (Q9) use these losses.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from ._checks import FloatArray, as_array, check_choice, check_unit_interval
from ._numerics import sigmoid_from_logit
from .layers import _DF, _F, ACTIVATIONS, _plain

__all__ = ["LOSSES", "logistic_loss", "loss", "loss_grad"]

LOSSES = ("squared", "logistic", "yhat_minus_y", "y_minus_yhat")
"""The loss names, in order the squared error ``(y - yhat)**2``, the binary
cross-entropy computed from the logit (it needs a sigmoid output), and the two
unbounded losses ``yhat - y`` and ``y - yhat`` of Q5 b)."""


def logistic_loss(y: ArrayLike, o: ArrayLike) -> FloatArray:
    r"""Binary cross-entropy of a sigmoid output, computed from the logit ``o``.

    Parameters
    ----------
    y : array_like
        Targets in [0, 1] (usually 0 or 1).
    o : array_like
        Logits (the output pre-activations), same shape; :math:`\hat y = \sigma(o)`.

    Returns
    -------
    numpy.ndarray
        Per-sample :math:`-[y \log\hat y + (1 - y)\log(1 - \hat y)]`.

    Raises
    ------
    ValueError
        If a target lies outside [0, 1] (the loss would be negative), or if
        ``y`` and ``o`` differ in shape or hold NaN or infinite entries.

    Notes
    -----
    With :math:`\log\sigma(o) = -\log(1 + e^{-o})` the loss is
    :math:`\log(1 + e^{o}) - y\,o`, evaluated as
    :math:`\max(o, 0) - y\,o + \log(1 + e^{-|o|})`, which never overflows,
    never takes :math:`\log 0` and keeps the tail :math:`e^{-|o|}` where
    :math:`\sigma(o)` rounds to 0 or 1. Its gradient is :math:`\sigma(o) - y`.

    Examples
    --------
    >>> logistic_loss([1.0, 0.0], [0.0, 0.0]).round(4)
    array([0.6931, 0.6931])
    >>> logistic_loss([0.0], [1e4])
    array([10000.])
    """
    y = as_array(y, "y", allow_empty=True)
    o = as_array(o, "o", allow_empty=True)
    if y.shape != o.shape:
        raise ValueError(f"y and o must have the same shape, got {y.shape} and {o.shape}")
    return _bce(check_unit_interval(y, "y"), o)


def _bce(y: FloatArray, o: FloatArray) -> FloatArray:
    """The binary cross-entropy of the logit ``o``, per sample, without input checks."""
    return np.maximum(o, 0.0) - y * o + np.log1p(np.exp(-np.abs(o)))


def _targets(y: ArrayLike, o: FloatArray, loss_name: str) -> FloatArray:
    """The targets ``y`` after checking them against the output ``o`` and the loss."""
    y = as_array(y, "y", allow_empty=o.size == 0)
    if y.shape != o.shape:
        raise ValueError(f"y must have shape {o.shape} like the network's output, got {y.shape}")
    if loss_name == "logistic":
        check_unit_interval(y, "y")
    return y


def _loss_output(loss_name: str, output: str, output_name: str = "output") -> str:
    """The loss name after checking it fits the output activation (named ``output_name``)."""
    name = check_choice(loss_name, "loss", LOSSES)
    check_choice(output, output_name, ACTIVATIONS)
    if name == "logistic" and output != "sigmoid":
        raise ValueError(
            f"the logistic loss needs a sigmoid output (it is computed from the logit), "
            f"got {output_name} {output!r}"
        )
    return name


def loss(y: ArrayLike, o: ArrayLike, *, loss: str = "squared", output: str = "identity") -> float:
    r"""Loss of the output pre-activation ``o``, summed over samples.

    Parameters
    ----------
    y : array_like
        Targets, shaped like ``o``; in [0, 1] for the logistic loss.
    o : array_like
        Output pre-activations :math:`a^{(L)}`; the prediction is
        :math:`\hat y = f_L(o)` with ``f_L`` named by ``output``.
    loss : {"squared", "logistic", "yhat_minus_y", "y_minus_yhat"}
        :math:`(y - \hat y)^2` (no factor 1/2), binary cross-entropy (only with
        a sigmoid output), :math:`\hat y - y`, :math:`y - \hat y`.
    output : {"identity", "relu", "sigmoid"}
        The output activation.

    Returns
    -------
    float

    Examples
    --------
    >>> loss(2.0, 1.0)
    1.0
    >>> round(loss([1.0], [0.0], loss="logistic", output="sigmoid"), 4)
    0.6931
    """
    name = _loss_output(loss, output)
    o = as_array(o, "o")
    return _loss(_targets(y, o, name), o, name, output)


def _loss(y: FloatArray, o: FloatArray, name: str, output: str) -> float:
    """:func:`loss` without the input checks."""
    if name == "logistic":
        return float(np.sum(_bce(y, o)))
    yhat = _F[output](o)
    if name == "squared":
        return float(np.sum((y - yhat) ** 2))
    if name == "yhat_minus_y":
        return float(np.sum(yhat - y))
    return float(np.sum(y - yhat))


def loss_grad(
    y: ArrayLike, o: ArrayLike, *, loss: str = "squared", output: str = "identity"
) -> tuple[FloatArray, FloatArray]:
    r"""Gradients of :func:`loss` by the prediction and by the output pre-activation.

    Parameters
    ----------
    y, o, loss, output
        As in :func:`loss`.

    Returns
    -------
    dyhat : numpy.ndarray, shaped like ``o``
        :math:`\partial\mathcal L/\partial\hat y`: :math:`-2(y - \hat y)`, or
        :math:`1`, :math:`-1` for the unbounded losses, or
        :math:`(\hat y - y)/(\hat y(1 - \hat y))` for the logistic loss.
    do : numpy.ndarray, shaped like ``o``
        :math:`\delta^{(L)} = \partial\mathcal L/\partial o
        = \partial\mathcal L/\partial\hat y \cdot f_L'(o)`; for the logistic
        loss :math:`\sigma(o) - y`, finite for every ``o``.

    Notes
    -----
    The logistic loss's gradients are computed from the logit, never from
    :math:`\hat y = \sigma(o)`, which rounds to exactly 0 or 1 for
    :math:`|o| > 37`. With :math:`1 - \sigma(o) = \sigma(-o)`,

    .. math::

        \frac{\partial\mathcal L}{\partial o}
        &= (1 - y)\,\sigma(o) - y\,\sigma(-o), \\
        \frac{\partial\mathcal L}{\partial\hat y}
        &= \frac{1 - y}{\sigma(-o)} - \frac{y}{\sigma(o)}
        = (1 - y)(1 + e^{o}) - y\,(1 + e^{-o}),

    each term exact in its tail. A confident, correct prediction (``y = 1``,
    ``o = 40``) gets :math:`\partial\mathcal L/\partial\hat y \approx -1`; a
    confidently wrong one gets a huge value, which is ``inf`` only where it
    exceeds the float64 range (:math:`e^{|o|}` with :math:`|o| > 709.78`);
    :math:`\partial\mathcal L/\partial o` is finite for every logit.

    Examples
    --------
    >>> loss_grad(2.0, 1.0)
    (array(-2.), array(-2.))
    >>> loss_grad([1.0], [0.0], loss="logistic", output="sigmoid")
    (array([-2.]), array([-0.5]))
    """
    name = _loss_output(loss, output)
    o = as_array(o, "o")
    return _loss_grad(_targets(y, o, name), o, name, output)


def _loss_grad(
    y: FloatArray, o: FloatArray, name: str, output: str
) -> tuple[FloatArray, FloatArray]:
    """:func:`loss_grad` without the input checks."""
    if name == "logistic":  # from the logit: sigma(o) - y, exact where sigma(o) rounds to 0 or 1
        do = (1.0 - y) * sigmoid_from_logit(o) - y * sigmoid_from_logit(-o)
        return _plain(_logistic_dyhat(y, o)), _plain(do)
    yhat = _F[output](o)
    if name == "squared":
        dyhat = -2.0 * (y - yhat)
    elif name == "yhat_minus_y":
        dyhat = np.ones_like(o)
    else:
        dyhat = -np.ones_like(o)
    return _plain(dyhat), _plain(dyhat * _DF[output](o))


def _logistic_dyhat(y: FloatArray, o: FloatArray) -> FloatArray:
    r""":math:`\partial\mathcal L/\partial\hat y = (1 - y)(1 + e^{o}) - y\,(1 + e^{-o})`."""
    return _times_1pexp(1.0 - y, o) - _times_1pexp(y, -o)


def _times_1pexp(c: FloatArray, z: FloatArray) -> FloatArray:
    r""":math:`c\,(1 + e^{z})` for :math:`c \ge 0`, computed as :math:`c + e^{z + \log c}`.

    It is ``inf`` only where the exact value exceeds the float64 range, and 0
    (not ``0 * inf = nan``) where :math:`c = 0`.
    """
    out = np.zeros_like(z)
    on = c > 0
    with np.errstate(over="ignore"):  # inf is the value beyond the float range
        out[on] = c[on] + np.exp(z[on] + np.log(c[on]))
    return out
