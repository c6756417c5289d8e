r"""Negative log-likelihood of sigmoid and softmax outputs, and its gradients.

A classifier outputs logits :math:`o`; a sigmoid turns one logit into
:math:`p = P(y = 1 \mid x)`, a softmax turns :math:`k` logits into class
probabilities. Training maximises the likelihood of the targets, that is it
minimises the negative log-likelihood (NLL, the cross-entropy)

.. math::

    \mathcal L &= -\bigl[y \log p + (1 - y)\log(1 - p)\bigr]
    \quad\text{(sigmoid)}, \\
    \mathcal L &= -\sum_{i=1}^k y_i \log p_i
    \quad\text{(softmax)},

and for both the gradient by the logits is the same simple expression,

.. math::

    \frac{\partial \mathcal L}{\partial o} = p - y .

The Q4 chapter derives it and carries it through a linear model and a model
with one hidden layer. Weights are stored **bias first**, as in
:mod:`wbcode.layers`, whose :func:`~wbcode.layers.dense` and
:func:`~wbcode.layers.dense_backward` this module reuses, with
:func:`wbcode.mlp.forward`. Over a batch, losses and gradients are **sums** over the samples (the
log-likelihood of independent samples is a sum).
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from ._checks import FloatArray, as_array, check_choice, check_int, check_unit_interval
from .activations import sigmoid
from .layers import ACTIVATIONS, _dense_inputs, activate, activate_grad, dense, dense_backward
from .softmax import log_softmax, softmax

__all__ = [
    "OUTPUTS",
    "hidden_nll",
    "hidden_nll_grad",
    "linear_nll",
    "linear_nll_grad",
    "nll",
    "nll_grad",
    "one_hot",
]

OUTPUTS = ("sigmoid", "softmax")
"""Names of the outputs, ``"sigmoid"`` (independent units) or ``"softmax"`` (over the last axis)."""


def one_hot(labels: ArrayLike, k: int) -> FloatArray:
    """Rows of the identity matrix: class ``labels[j]`` becomes a 1 at that position.

    Parameters
    ----------
    labels : array_like of int, shape (n,) or ()
        Class indices in ``0, ..., k - 1``.
    k : int
        Number of classes.

    Returns
    -------
    numpy.ndarray, shape (n, k) or (k,)

    Examples
    --------
    >>> one_hot([2, 0], 3)
    array([[0., 0., 1.],
           [1., 0., 0.]])
    """
    return _one_hot(labels, check_int(k, "k", minimum=1), "labels")


def _one_hot(labels: ArrayLike, k: int, name: str) -> FloatArray:
    """:func:`one_hot`, naming the labels as the caller's argument ``name``."""
    lab = as_array(labels, name, ndim=(0, 1))
    if np.any(lab != np.round(lab)) or np.any(lab < 0) or np.any(lab >= k):
        raise ValueError(f"{name} must be class indices, integers in 0, ..., {k - 1}, got {lab}")
    return np.eye(k)[lab.astype(int)]


def _targets(y: ArrayLike, o: FloatArray, output: str) -> FloatArray:
    """Targets as an array shaped like ``o`` (class indices become one-hot rows)."""
    if output == "sigmoid":
        y = as_array(y, "y", ndim=o.ndim)
        if y.shape != o.shape:
            raise ValueError(f"y must have shape {o.shape} like the logits o, got {y.shape}")
        return check_unit_interval(y, "y")
    y = as_array(y, "y", ndim=(o.ndim - 1, o.ndim))
    if y.shape == o.shape[:-1]:
        return _one_hot(y, o.shape[-1], "y")
    if y.shape != o.shape:
        raise ValueError(
            f"y must be class indices of shape {o.shape[:-1]} or one-hot rows of shape "
            f"{o.shape} for logits o of shape {o.shape}, got {y.shape}"
        )
    if np.any(y < 0) or not np.allclose(y.sum(axis=-1), 1.0):
        raise ValueError("y must hold one-hot (or probability) rows: non-negative, summing to 1")
    return y


def _logits(o: ArrayLike, output: str) -> tuple[FloatArray, str]:
    name = check_choice(output, "output", OUTPUTS)
    o = as_array(o, "o", ndim=range(0 if name == "sigmoid" else 1, 33))
    return o, name


def nll(y: ArrayLike, o: ArrayLike, *, output: str) -> float:
    r"""Negative log-likelihood of the targets ``y`` under the logits ``o``, summed.

    Parameters
    ----------
    y : array_like
        Sigmoid: targets in [0, 1] shaped like ``o``. Softmax: class indices of
        shape ``o.shape[:-1]`` or one-hot rows shaped like ``o``.
    o : array_like
        Logits: shape () or (n,) for a sigmoid output, (k,) or (n, k) for a
        softmax output.
    output : {"sigmoid", "softmax"}

    Returns
    -------
    float

    Notes
    -----
    Softmax: :math:`\mathcal L = -\sum_i y_i \log\operatorname{softmax}(o)_i`,
    with :func:`wbcode.softmax.log_softmax`, which never takes :math:`\log 0`.
    A sigmoid is a softmax over the two logits :math:`(0, o)`, because
    :math:`\sigma(o) = e^{o} / (e^{0} + e^{o})`; so

    .. math::

        \log \sigma(o) = \operatorname{log\_softmax}(0, o)_2, \qquad
        \log(1 - \sigma(o)) = \operatorname{log\_softmax}(0, o)_1,

    and the binary loss uses the same stable routine.

    Examples
    --------
    >>> round(nll([1.0, 0.0], [0.0, 0.0], output="sigmoid"), 4)
    1.3863
    >>> nll([0.0], [1e4], output="sigmoid")
    10000.0
    >>> round(nll([2], [[1.0, 0.0, 2.0]], output="softmax"), 4)
    0.4076
    """
    o, name = _logits(o, output)
    y = _targets(y, o, name)
    if name == "sigmoid":
        logp = log_softmax(np.stack([np.zeros_like(o), o], axis=-1))
        return float(-np.sum(y * logp[..., 1] + (1.0 - y) * logp[..., 0]))
    return float(-np.sum(y * log_softmax(o)))


def nll_grad(y: ArrayLike, o: ArrayLike, *, output: str) -> FloatArray:
    r"""Gradient of :func:`nll` by the logits: :math:`p - y`.

    Parameters
    ----------
    y, o, output
        As in :func:`nll`.

    Returns
    -------
    numpy.ndarray, shaped like ``o``
        :math:`\sigma(o) - y` or :math:`\operatorname{softmax}(o) - y` (one-hot
        :math:`y`), sample by sample.

    Notes
    -----
    .. math::

        \frac{\partial\mathcal L}{\partial o} = p - y

    for both outputs; the Q4 chapter derives it.

    Examples
    --------
    >>> nll_grad([1.0, 0.0], [0.0, 0.0], output="sigmoid")
    array([-0.5,  0.5])
    >>> nll_grad([2], [[1.0, 0.0, 2.0]], output="softmax").round(4)
    array([[ 0.2447,  0.09  , -0.3348]])
    """
    o, name = _logits(o, output)
    y = _targets(y, o, name)
    p = sigmoid(o) if name == "sigmoid" else softmax(o)
    return p - y


# -- a linear model -----------------------------------------------------------------


def linear_nll(W: ArrayLike, X: ArrayLike, y: ArrayLike, *, output: str) -> float:
    r"""NLL of a linear model :math:`o = W \binom{1}{x}` (bias first), summed over samples.

    Parameters
    ----------
    W : array_like, shape (1 + d,) or (k, 1 + d)
        Weights with the bias in column 0: a vector for one sigmoid output,
        a matrix (one row a class) for a softmax output.
    X : array_like, shape (d,) or (n, d)
        One input or a batch, *without* the column of ones.
    y : array_like
        Targets, as in :func:`nll`.
    output : {"sigmoid", "softmax"}

    Returns
    -------
    float

    Examples
    --------
    >>> W, X, y = [0.0, 1.0], [[2.0], [-1.0]], [1.0, 0.0]
    >>> round(linear_nll(W, X, y, output="sigmoid"), 4)
    0.4402
    """
    W, X = _linear_model(W, X, output)
    return nll(y, dense(W, X), output=output)


def _linear_model(W: ArrayLike, X: ArrayLike, output: str) -> tuple[FloatArray, FloatArray]:
    """``W`` and ``X`` after checking they fit each other and the output."""
    name = check_choice(output, "output", OUTPUTS)
    W, X = _dense_inputs(W, X, "W", "X")
    _one_row_a_class(W, "W", name)
    return W, X


def _one_row_a_class(W: FloatArray, w_name: str, output: str) -> None:
    """A softmax is taken over classes: the output weights must be a matrix, one row a class."""
    if output == "softmax" and W.ndim != 2:
        raise ValueError(
            f"{w_name} must be a matrix (k, 1 + d), one row a class, for a softmax output; "
            f"a vector {w_name} of shape {W.shape} gives one logit per sample "
            "(use output='sigmoid')"
        )


def linear_nll_grad(W: ArrayLike, X: ArrayLike, y: ArrayLike, *, output: str) -> FloatArray:
    r"""Gradient of :func:`linear_nll` by the weights.

    Returns
    -------
    dW : numpy.ndarray, shaped like ``W``

    Notes
    -----
    With :math:`\tilde x = (1, x)` and :math:`o = W\tilde x`, the chain rule
    gives

    .. math::

        \frac{\partial\mathcal L}{\partial W} &= (p - y)\,\tilde x^\top
        \quad\text{(one sample)}, \\
        \frac{\partial\mathcal L}{\partial W} &= (P - Y)^\top \tilde X
        \quad\text{(a batch, summed)},

    which for one sigmoid output is the vector :math:`\tilde X^\top (p - y)`.

    Examples
    --------
    >>> W, X, y = [0.0, 0.0], [[2.0], [-1.0]], [1.0, 0.0]
    >>> linear_nll_grad(W, X, y, output="sigmoid")
    array([ 0. , -1.5])
    """
    W, X = _linear_model(W, X, output)
    o = dense(W, X)
    do = nll_grad(y, o, output=output)
    dW, _ = dense_backward(do, W, X)
    return dW


# -- one hidden layer -----------------------------------------------------------------


def _hidden_logits(
    W: ArrayLike, V: ArrayLike, X: ArrayLike, activation: str, output: str
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """``a = W (1, x)``, ``h = f(a)`` and the logits ``o = V (1, h)``, after checking the inputs."""
    act = check_choice(activation, "activation", ACTIVATIONS)
    name = check_choice(output, "output", OUTPUTS)
    W = as_array(W, "W", ndim=2)
    W, X = _dense_inputs(W, X, "W", "X")
    V = as_array(V, "V", ndim=(1, 2))
    m = W.shape[0]
    if V.shape[-1] != 1 + m:
        raise ValueError(
            f"V must have {1 + m} columns (1 bias + the {m} hidden units of W), got shape {V.shape}"
        )
    _one_row_a_class(V, "V", name)
    a = dense(W, X)
    h = activate(a, act)
    return a, h, dense(V, h)


def hidden_nll(
    W: ArrayLike,
    V: ArrayLike,
    X: ArrayLike,
    y: ArrayLike,
    *,
    output: str,
    activation: str = "relu",
) -> float:
    r"""NLL of a network with one hidden layer, summed over samples.

    Parameters
    ----------
    W : array_like, shape (m, 1 + d)
        Input-to-hidden weights, bias in column 0.
    V : array_like, shape (1 + m,) or (k, 1 + m)
        Hidden-to-output weights, bias in column 0 (the workbook's :math:`v`
        for one output).
    X : array_like, shape (d,) or (n, d)
    y : array_like
        Targets, as in :func:`nll`.
    output : {"sigmoid", "softmax"}
    activation : {"relu", "sigmoid", "identity"}, default "relu"
        The hidden activation :math:`f`.

    Returns
    -------
    float

    Notes
    -----
    .. math::

        a = W\binom{1}{x}, \quad h = f(a), \quad o = V\binom{1}{h}, \quad
        \mathcal L = \operatorname{NLL}(y, o).

    Examples
    --------
    >>> W, V = [[1, 2, 1], [1, 1, 2]], [1, -1, 2]
    >>> round(hidden_nll(W, V, [-1, 1], 1.0, output="sigmoid"), 4)
    0.0067
    """
    _, _, o = _hidden_logits(W, V, X, activation, output)
    return nll(y, o, output=output)


def hidden_nll_grad(
    W: ArrayLike,
    V: ArrayLike,
    X: ArrayLike,
    y: ArrayLike,
    *,
    output: str,
    activation: str = "relu",
) -> tuple[FloatArray, FloatArray]:
    r"""Gradients of :func:`hidden_nll` by ``W`` and ``V`` (in that order).

    Returns
    -------
    dW : numpy.ndarray, shape (m, 1 + d)
    dV : numpy.ndarray, shaped like ``V``

    Notes
    -----
    Backwards from the logits, one sample (a batch sums the same terms):

    .. math::

        \delta_o &= p - y, \quad
        \frac{\partial\mathcal L}{\partial V} = \delta_o \binom{1}{h}^{\!\top}, \quad
        \frac{\partial\mathcal L}{\partial h} = V_{:,1:}^\top \delta_o, \\
        \delta_a &= \frac{\partial\mathcal L}{\partial h} \odot f'(a), \quad
        \frac{\partial\mathcal L}{\partial W} = \delta_a \binom{1}{x}^{\!\top} .

    Examples
    --------
    >>> W, V = [[1, 2, 1], [1, 1, 2]], [1, -1, 2]
    >>> dW, dV = hidden_nll_grad(W, V, [-1, 1], 0.0, output="sigmoid")
    >>> dV.round(4)
    array([0.9933, 0.    , 1.9866])
    >>> dW.round(4)
    array([[ 0.    ,  0.    ,  0.    ],
           [ 1.9866, -1.9866,  1.9866]])
    """
    a, h, o = _hidden_logits(W, V, X, activation, output)
    do = nll_grad(y, o, output=output)
    dV, dh = dense_backward(do, V, h)
    da = dh * activate_grad(a, activation)
    dW, _ = dense_backward(da, W, X)
    return dW, dV
