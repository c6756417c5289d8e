r"""One dense layer: bias-first weights, the affine map, its gradients, activations by name.

A dense layer with :math:`n_\text{in}` inputs and :math:`n_\text{out}` units
keeps its biases in front of its weights, **bias first** (see the conventions
page): one matrix :math:`W` of shape ``(n_out, 1 + n_in)`` whose column 0 holds
the biases, so that

.. math::

    a = W \begin{pmatrix} 1 \\ h \end{pmatrix} = b + W_{:,1:}\, h, \qquad
    h' = f(a) .

A plain vector of length ``1 + n_in`` is a layer with one unit (like the
workbook's :math:`v`); its pre-activation is a number per sample. Given the
local gradient :math:`\delta = \partial\mathcal L/\partial a`, the layer's
gradients are

.. math::

    \frac{\partial\mathcal L}{\partial W} = \delta \begin{pmatrix} 1 \\ h \end{pmatrix}^{\!\top},
    \qquad
    \frac{\partial\mathcal L}{\partial h} = W_{:,1:}^{\top}\, \delta ,

summed over the samples of a batch ``(n, n_in)``. :mod:`wbcode.mlp` chains
these layers into a network; the chapters on forward propagation (Q3) and
backpropagation (Q5) derive them.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from numpy.typing import ArrayLike

from ._checks import FloatArray, as_array, check_choice
from .activations import drelu, dsigmoid, relu, sigmoid

__all__ = [
    "ACTIVATIONS",
    "activate",
    "activate_grad",
    "dense",
    "dense_backward",
    "join_bias",
    "split_bias",
]

ACTIVATIONS = ("identity", "relu", "sigmoid")
"""Activation names accepted by :func:`activate`, :mod:`wbcode.mlp` and :mod:`wbcode.loglik`."""


# -- bias first -----------------------------------------------------------------------


def join_bias(W: ArrayLike, b: ArrayLike) -> FloatArray:
    r"""Put the biases ``b`` in front of the weights ``W``: :math:`[\,b \mid W\,]`.

    The inverse of :func:`split_bias`.

    Parameters
    ----------
    W : array_like, shape (n_out, n_in) or (n_in,)
        Weights without bias.
    b : array_like, shape (n_out,) or ()
        Biases, one per output unit.

    Returns
    -------
    numpy.ndarray, shape (n_out, 1 + n_in) or (1 + n_in,)
        The bias-first matrix of this module (a new array).

    Examples
    --------
    >>> join_bias([[2.0, 1.0], [1.0, 2.0]], [1.0, 1.0])
    array([[1., 2., 1.],
           [1., 1., 2.]])
    >>> join_bias([-1.0, 2.0], 1.0)
    array([ 1., -1.,  2.])
    """
    W = as_array(W, "W", ndim=(1, 2))
    b = as_array(b, "b", ndim=W.ndim - 1)
    if b.shape != W.shape[:-1]:
        raise ValueError(
            f"b must have shape {W.shape[:-1]} to match W of shape {W.shape}, got {b.shape}"
        )
    return np.concatenate([b[..., None], W], axis=-1)


def split_bias(W: ArrayLike) -> tuple[FloatArray, FloatArray]:
    """Split a bias-first matrix into biases and weights (the inverse of :func:`join_bias`).

    Parameters
    ----------
    W : array_like, shape (n_out, 1 + n_in) or (1 + n_in,)
        Bias-first weights, at least one weight column after the bias.

    Returns
    -------
    b : numpy.ndarray, shape (n_out,) or ()
        Column 0, the biases (a copy).
    W : numpy.ndarray, shape (n_out, n_in) or (n_in,)
        The remaining columns, the weights (a copy).

    Examples
    --------
    >>> b, W = split_bias([[1.0, 2.0, 1.0], [1.0, 1.0, 2.0]])
    >>> b, W
    (array([1., 1.]), array([[2., 1.],
           [1., 2.]]))
    """
    W = as_array(W, "W", ndim=(1, 2))
    if W.shape[-1] < 2:
        raise ValueError(f"W must have a bias column and at least one weight column, got {W.shape}")
    return W[..., 0].copy(), W[..., 1:].copy()


def _with_one(h: FloatArray) -> FloatArray:
    """:math:`(1, h)`: a column of ones in front of the last axis."""
    return np.concatenate([np.ones((*h.shape[:-1], 1)), h], axis=-1)


def _plain(z: ArrayLike) -> FloatArray:
    """``z`` as a new array, with IEEE ``-0.0`` turned into ``0.0`` (``-0.0 + 0.0 == 0.0``).

    A dead unit passes ``0 * (negative number) = -0.0`` backwards; printed
    tables should read 0, not -0.
    """
    out = np.array(z, dtype=np.float64)
    out += 0.0
    return out


# -- the affine map ------------------------------------------------------------------


def _dense_inputs(
    W: ArrayLike, h: ArrayLike, w_name: str = "W", h_name: str = "h"
) -> tuple[FloatArray, FloatArray]:
    """``W`` and ``h`` as arrays after checking they fit, named as the caller's arguments."""
    W = as_array(W, w_name, ndim=(1, 2))
    h = as_array(h, h_name, ndim=(1, 2))
    if h.shape[-1] != W.shape[-1] - 1:
        raise ValueError(
            f"a layer with weights {w_name} of shape {W.shape} takes {W.shape[-1] - 1} inputs "
            f"(1 bias column + inputs), got {h_name} of shape {h.shape}"
        )
    return W, h


def dense(W: ArrayLike, h: ArrayLike) -> FloatArray:
    r"""Pre-activation of a dense layer, :math:`a = W \binom{1}{h}` (bias first).

    Parameters
    ----------
    W : array_like, shape (n_out, 1 + n_in) or (1 + n_in,)
        Weights, column 0 the biases. A vector is a single output unit.
    h : array_like, shape (n_in,) or (n, n_in)
        The layer's input, one sample or a batch.

    Returns
    -------
    numpy.ndarray, shape (n_out,), (n, n_out), () or (n,)
        :math:`a = b + W_{:,1:}\, h` per sample.

    Examples
    --------
    >>> dense([[1, 2, 1], [1, 1, 2]], [-1, 1])
    array([0., 2.])
    >>> dense([1, -1, 2], [0, 2])
    array(5.)
    """
    W, h = _dense_inputs(W, h)
    return np.asarray(_with_one(h) @ W.T)


def dense_backward(da: ArrayLike, W: ArrayLike, h: ArrayLike) -> tuple[FloatArray, FloatArray]:
    r"""Gradients of a dense layer, given :math:`\delta = \partial\mathcal L/\partial a`.

    Parameters
    ----------
    da : array_like
        Gradient of the loss by the layer's pre-activation, shaped like
        ``dense(W, h)``.
    W : array_like, shape (n_out, 1 + n_in) or (1 + n_in,)
    h : array_like, shape (n_in,) or (n, n_in)

    Returns
    -------
    dW : numpy.ndarray, shaped like ``W``
        :math:`\delta\,(1, h)^\top`, summed over a batch.
    dh : numpy.ndarray, shaped like ``h``
        :math:`W_{:,1:}^\top \delta` (the bias column does not reach ``h``).

    Examples
    --------
    >>> W = [[1, 2, 1], [1, 1, 2]]
    >>> dW, dh = dense_backward([2.0, -1.0], W, [-1, 1])
    >>> dW
    array([[ 2., -2.,  2.],
           [-1.,  1., -1.]])
    >>> dh
    array([3., 0.])
    """
    W, h = _dense_inputs(W, h)
    want = (*h.shape[:-1], *W.shape[:-1])
    da = as_array(da, "da", ndim=len(want))
    if da.shape != want:
        raise ValueError(f"da must have shape {want} like dense(W, h), got {da.shape}")
    return _dense_backward(da, W, h)


def _dense_backward(da: FloatArray, W: FloatArray, h: FloatArray) -> tuple[FloatArray, FloatArray]:
    """:func:`dense_backward` without the input checks."""
    W2 = W.reshape(-1, W.shape[-1])  # a vector W is one output unit
    d2 = da.reshape(*h.shape[:-1], W2.shape[0])
    h1 = _with_one(h)
    # delta (1, h)^T, summed over a batch
    dW = np.outer(d2, h1) if h.ndim == 1 else d2.T @ h1
    dh = d2 @ W2[:, 1:]  # the bias column does not reach h
    return _plain(dW.reshape(W.shape)), _plain(dh)


# -- activations by name --------------------------------------------------------------

#: Each activation and its derivative, by name (ReLU'(0) = 0).
_F: dict[str, Callable[[FloatArray], FloatArray]] = {
    "identity": lambda a: np.array(a, dtype=np.float64),
    "relu": relu,
    "sigmoid": sigmoid,
}
_DF: dict[str, Callable[[FloatArray], FloatArray]] = {
    "identity": np.ones_like,
    "relu": drelu,
    "sigmoid": dsigmoid,
}


def activate(a: ArrayLike, activation: str) -> FloatArray:
    """Apply an activation by name: ``"identity"``, ``"relu"`` or ``"sigmoid"``.

    Parameters
    ----------
    a : array_like
        Pre-activations, any shape (finite).
    activation : {"identity", "relu", "sigmoid"}

    Returns
    -------
    numpy.ndarray
        :math:`f(a)`, same shape, a new array.

    Examples
    --------
    >>> activate([-1.0, 2.0], "relu")
    array([0., 2.])
    """
    name = check_choice(activation, "activation", ACTIVATIONS)
    return _F[name](as_array(a, "a", allow_empty=True))


def activate_grad(a: ArrayLike, activation: str) -> FloatArray:
    r"""Derivative :math:`f'(a)` of an activation, at the pre-activation ``a``.

    ReLU's derivative at 0 is taken as 0 (see :func:`wbcode.activations.drelu`).

    Parameters
    ----------
    a : array_like
        Pre-activations, any shape (finite).
    activation : {"identity", "relu", "sigmoid"}

    Returns
    -------
    numpy.ndarray
        :math:`f'(a)`, same shape.

    Examples
    --------
    >>> activate_grad([-1.0, 0.0, 2.0], "relu")
    array([0., 0., 1.])
    >>> activate_grad([0.0], "sigmoid")
    array([0.25])
    """
    name = check_choice(activation, "activation", ACTIVATIONS)
    return _DF[name](as_array(a, "a", allow_empty=True))
