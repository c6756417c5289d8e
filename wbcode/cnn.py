r"""The small two-layer CNN of the workbook's Q13/Q14: forward and backward pass.

.. math::

    Z^{(1)} &= V^{0} \star K^{(1)}, \quad V^{(1)} = \operatorname{ReLU}(Z^{(1)}), \\
    Z^{(2)} &= V^{(1)} \star K^{(2)}, \quad V^{(2)} = \operatorname{ReLU}(Z^{(2)}),

.. math::

    o &= V^{(2)}_{1,1} + \theta, \qquad p = P(y = 1) = \sigma(o), \\
    \mathcal L &= -\,[\,y \log p + (1 - y) \log(1 - p)\,],

where :math:`\star` is the multi-channel cross-correlation of
:func:`wbcode.conv.conv2d` ("valid", stride 1) and the kernels are stored as
``(out, in, kh, kw)``. (The workbook indexes its kernels the other way round,
``K_{in,out}``: transpose them with ``K.transpose(1, 0, 2, 3)`` before use.)
With ``second_relu=False`` the second layer has no ReLU, :math:`V^{(2)} = Z^{(2)}`
(the workbook's formula :math:`\sigma(Z^{(2)}_{1,1} + \theta)` read literally).
Forward pass in the Q13 chapter, backward pass in Q14. Every function rejects NaN
and infinite entries with a ``ValueError``.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
from numpy.typing import ArrayLike

from ._checks import FloatArray, as_array, check_bool, check_probability
from ._windows import check_fit
from .activations import relu, sigmoid
from .conv import conv2d, conv2d_backward
from .losses import logistic_loss

__all__ = ["CNNForward", "CNNGrads", "cnn_backward", "cnn_forward", "cnn_loss"]


class CNNForward(NamedTuple):
    """Every intermediate value of :func:`cnn_forward`.

    Attributes
    ----------
    V0 : numpy.ndarray, shape (in, H, W)
        A copy of the input image (a single-channel image gets a channel axis).
    Z1, V1 : numpy.ndarray, shape (c1, h1, w1)
        First-layer maps before and after ReLU.
    Z2, V2 : numpy.ndarray, shape (1, 1, 1)
        Second-layer map before and after ReLU (``V2`` equals ``Z2`` without
        the second ReLU).
    o : float
        The logit :math:`V^{(2)}_{1,1} + \\theta`.
    p : float
        :math:`P(y = 1) = \\sigma(o)`.
    """

    V0: FloatArray
    Z1: FloatArray
    V1: FloatArray
    Z2: FloatArray
    V2: FloatArray
    o: float
    p: float


class CNNGrads(NamedTuple):
    """Every gradient of :func:`cnn_backward`, of the loss by the named quantity.

    The first four follow the order of the arguments of :func:`cnn_forward`;
    the rest are the intermediate (local) gradients of the chain.

    Attributes
    ----------
    dV0 : numpy.ndarray, shape of the ``V0`` passed in, (H, W) or (in, H, W)
    dK1 : numpy.ndarray, shape (c1, in, kh, kw)
    dK2 : numpy.ndarray, shape (1, c1, kh, kw)
    dtheta : float
    do : float
        :math:`\\partial \\mathcal L / \\partial o = p - y`.
    dV2, dZ2 : numpy.ndarray, shape (1, 1, 1)
    dV1, dZ1 : numpy.ndarray, shape (c1, h1, w1)
    """

    dV0: FloatArray
    dK1: FloatArray
    dK2: FloatArray
    dtheta: float
    do: float
    dV2: FloatArray
    dZ2: FloatArray
    dV1: FloatArray
    dZ1: FloatArray


def _inputs(
    V0: ArrayLike, K1: ArrayLike, K2: ArrayLike, theta: float
) -> tuple[FloatArray, FloatArray, FloatArray, float]:
    """The arguments checked against each other, with V0 as a (copied) (in, H, W) array."""
    V0 = as_array(V0, "V0", ndim=(2, 3), copy=True)  # kept by CNNForward
    if V0.ndim == 2:
        V0 = V0[None]
    K1 = as_array(K1, "K1", ndim=4)
    K2 = as_array(K2, "K2", ndim=4)
    if K1.shape[1] != V0.shape[0]:
        raise ValueError(
            f"V0 has {V0.shape[0]} channel(s) but K1 of shape {K1.shape} (out, in, kh, kw) "
            f"expects {K1.shape[1]} input channel(s)"
        )
    check_fit(V0.shape[1:], K1.shape[2:], (0, 0), "V0", "K1")
    if K2.shape[0] != 1:
        raise ValueError(
            f"K2 must have one output channel (shape (1, c1, kh, kw)), got shape {K2.shape}"
        )
    if K2.shape[1] != K1.shape[0]:
        raise ValueError(
            f"K2 of shape {K2.shape} expects {K2.shape[1]} input channel(s), but K1 of shape "
            f"{K1.shape} makes {K1.shape[0]}"
        )
    maps = (V0.shape[1] - K1.shape[2] + 1, V0.shape[2] - K1.shape[3] + 1)
    if K2.shape[2:] != maps:
        raise ValueError(
            f"the second layer must give one 1x1 map, so K2 must have the spatial shape "
            f"{maps} of the first layer's maps (V0 of shape {V0.shape} through K1 of shape "
            f"{K1.shape}), got K2 of shape {K2.shape}"
        )
    theta_arr = as_array(theta, "theta", ndim=0)
    return V0, K1, K2, float(theta_arr)


def cnn_forward(
    V0: ArrayLike, K1: ArrayLike, K2: ArrayLike, theta: float, *, second_relu: bool = True
) -> CNNForward:
    r"""Forward pass of the two-layer CNN, returning every intermediate map.

    Parameters
    ----------
    V0 : array_like, shape (H, W) or (in, H, W)
        Input image.
    K1 : array_like, shape (c1, in, kh1, kw1)
        First-layer kernels, ``(out, in, kh, kw)``.
    K2 : array_like, shape (1, c1, kh2, kw2)
        Second-layer kernels; the second layer's map must come out 1x1.
    theta : float
        Output bias :math:`\theta`.
    second_relu : bool, default True
        Whether the second layer has a ReLU, :math:`o = \operatorname{ReLU}(Z^{(2)}) + \theta`;
        with ``False``, :math:`o = Z^{(2)} + \theta`.

    Returns
    -------
    CNNForward
        ``V0, Z1, V1, Z2, V2, o, p``.

    Raises
    ------
    ValueError
        Wrong ranks, channel mismatches, kernels larger than their input, a
        second-layer map that is not 1x1, or NaN or infinite entries.

    Notes
    -----
    .. math::

        Z^{(1)}_{o} = \sum_{c} V^{0}_{c} \star K^{(1)}_{o,c},\quad
        Z^{(2)} = \sum_{c} V^{(1)}_{c} \star K^{(2)}_{c},\quad
        p = \sigma\bigl(\operatorname{ReLU}(Z^{(2)})_{1,1} + \theta\bigr)

    The Q13 chapter works through it by hand.

    Examples
    --------
    >>> import numpy as np
    >>> V0 = np.arange(9.0).reshape(3, 3)
    >>> K1 = np.ones((1, 1, 2, 2))
    >>> K2 = np.full((1, 1, 2, 2), 0.1)
    >>> fwd = cnn_forward(V0, K1, K2, theta=-3.0)
    >>> fwd.Z1
    array([[[ 8., 12.],
            [20., 24.]]])
    >>> round(fwd.o, 6), round(fwd.p, 4)
    (3.4, 0.9677)
    >>> # o = ReLU(-6.4) - 3
    >>> cnn_forward(V0, K1, -K2, -3.0).o
    -3.0
    >>> # without the second ReLU, o = -6.4 - 3
    >>> round(cnn_forward(V0, K1, -K2, -3.0, second_relu=False).o, 6)
    -9.4
    """
    V0, K1, K2, theta = _inputs(V0, K1, K2, theta)
    relu2 = check_bool(second_relu, "second_relu")
    Z1 = conv2d(V0, K1)
    V1 = relu(Z1)
    Z2 = conv2d(V1, K2)  # one 1x1 map, as _inputs checked
    V2 = relu(Z2) if relu2 else Z2.copy()
    o = float(V2[0, 0, 0]) + theta
    p = float(sigmoid(o))
    return CNNForward(V0=V0, Z1=Z1, V1=V1, Z2=Z2, V2=V2, o=o, p=p)


def cnn_loss(
    V0: ArrayLike,
    K1: ArrayLike,
    K2: ArrayLike,
    theta: float,
    y: float,
    *,
    second_relu: bool = True,
) -> float:
    r"""Logistic loss (binary cross-entropy) of the CNN's prediction for label ``y``.

    Parameters
    ----------
    V0, K1, K2, theta
        As for :func:`cnn_forward`.
    y : float
        The label, in :math:`[0, 1]`.
    second_relu : bool, default True
        As for :func:`cnn_forward`.

    Returns
    -------
    float
        :math:`-[y \log p + (1 - y)\log(1 - p)]`, computed from the logit
        :math:`o` by :func:`wbcode.losses.logistic_loss` (finite for any logit).

    Examples
    --------
    >>> import numpy as np
    >>> K1, K2 = np.ones((1, 1, 1, 1)), np.ones((1, 1, 2, 2))
    >>> round(cnn_loss(np.zeros((2, 2)), K1, K2, 0.0, 0), 6)
    0.693147
    """
    y = check_probability(y, "y")
    fwd = cnn_forward(V0, K1, K2, theta, second_relu=second_relu)
    return float(logistic_loss(y, fwd.o))


def cnn_backward(
    V0: ArrayLike,
    K1: ArrayLike,
    K2: ArrayLike,
    theta: float,
    y: float,
    *,
    second_relu: bool = True,
) -> CNNGrads:
    r"""Backward pass of the two-layer CNN under the logistic loss.

    Parameters
    ----------
    V0, K1, K2, theta
        As for :func:`cnn_forward` (the forward pass is recomputed).
    y : float
        The label, in :math:`[0, 1]`.
    second_relu : bool, default True
        As for :func:`cnn_forward`; without the second ReLU,
        :math:`\partial\mathcal L/\partial Z^{(2)} = \partial\mathcal L/\partial V^{(2)}`.

    Returns
    -------
    CNNGrads
        Gradients of the loss by every parameter and every intermediate map.

    Notes
    -----
    The chain, from the loss back to the input (:math:`\odot` is the
    entrywise product, :math:`\mathbb 1[\cdot]` the ReLU derivative with
    value 0 at 0):

    .. math::

        \frac{\partial\mathcal L}{\partial o} &= p - y, \quad
        \frac{\partial\mathcal L}{\partial\theta} = \frac{\partial\mathcal L}{\partial o}, \quad
        \frac{\partial\mathcal L}{\partial V^{(2)}} = \frac{\partial\mathcal L}{\partial o}, \\
        \frac{\partial\mathcal L}{\partial Z^{(2)}} &= \frac{\partial\mathcal L}{\partial V^{(2)}}
            \odot \mathbb 1[Z^{(2)} > 0],

    then :math:`\partial\mathcal L/\partial K^{(2)}` and
    :math:`\partial\mathcal L/\partial V^{(1)}` by
    :func:`~wbcode.conv.conv2d_backward`,

    .. math::

        \frac{\partial\mathcal L}{\partial Z^{(1)}} = \frac{\partial\mathcal L}{\partial V^{(1)}}
            \odot \mathbb 1[Z^{(1)} > 0],

    and :math:`\partial\mathcal L/\partial K^{(1)}` and
    :math:`\partial\mathcal L/\partial V^{0}` likewise.

    Derived step by step in the Q14 chapter.

    Examples
    --------
    >>> import numpy as np
    >>> V0 = np.arange(9.0).reshape(3, 3)
    >>> K1 = np.ones((1, 1, 2, 2))
    >>> K2 = np.full((1, 1, 2, 2), 0.1)
    >>> g = cnn_backward(V0, K1, K2, theta=-3.0, y=1)
    >>> round(g.dtheta, 4)
    -0.0323
    >>> g.dK2.round(4)
    array([[[[-0.2584, -0.3875],
             [-0.6459, -0.7751]]]])
    """
    V0_shape = as_array(V0, "V0", ndim=(2, 3)).shape  # dV0 in this shape
    V0, K1, K2, theta = _inputs(V0, K1, K2, theta)
    y = check_probability(y, "y")
    relu2 = check_bool(second_relu, "second_relu")
    fwd = cnn_forward(V0, K1, K2, theta, second_relu=relu2)
    do = fwd.p - y
    dtheta = do
    dV2 = np.full_like(fwd.V2, do)
    # dZ2 = dV2 * relu'(Z2), with relu'(0) = 0
    dZ2 = np.where(fwd.Z2 > 0, dV2, 0.0) if relu2 else dV2
    dV1, dK2 = conv2d_backward(dZ2, fwd.V1, K2)
    dZ1 = np.where(fwd.Z1 > 0, dV1, 0.0)  # dV1 * relu'(Z1)
    dV0, dK1 = conv2d_backward(dZ1, fwd.V0, K1)
    return CNNGrads(
        dV0=dV0.reshape(V0_shape),
        dK1=dK1,
        dK2=dK2,
        dtheta=dtheta,
        do=do,
        dV2=dV2,
        dZ2=dZ2,
        dV1=dV1,
        dZ1=dZ1,
    )
