r"""The convolution layer of a CNN: multi-channel cross-correlation and its backward pass.

A layer with :math:`C_\text{in}` input and :math:`C_\text{out}` output
channels uses kernels shaped ``(out, in, kh, kw)`` and sums over the input
channels:

.. math::

    Z[o, i, j] = \sum_{c=1}^{C_\text{in}} \sum_{p, q} K[o, c, p, q]\; X[c,\ s i + p,\ s j + q] .

The kernel is slid over the input without being flipped: deep-learning
libraries call this cross-correlation "convolution", and so does this book
(:mod:`wbcode.correlation` has the true convolution and the single-kernel
forms; the conventions page and the Q12 chapter show both).

Implementation: the padded input is viewed as a stack of windows with
:func:`numpy.lib.stride_tricks.sliding_window_view` (no copy). The window
view at a fixed kernel tap ``(p, q)`` is the whole input shifted by
``(p, q)``, so the sum is accumulated as ``kh * kw`` vectorised passes, one per
kernel tap, each over every output pixel at once. There is no Python loop over
pixels. Derived in the Q12 chapter; the backward pass in Q14.

Output size: an axis of length :math:`n`, padded by :math:`P` zeros on each
side and scanned by a window of length :math:`k` with stride :math:`s`, gives
:math:`\lfloor (n + 2P - k) / s \rfloor + 1` outputs (:func:`conv_output_size`).
Windows that would run past the end are dropped.

Every function rejects NaN and infinite entries with a ``ValueError``.
"""

from __future__ import annotations

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view
from numpy.typing import ArrayLike

from ._checks import FloatArray, as_array, check_int
from ._windows import Padding, Stride, check_fit, ints, padding_amounts

__all__ = ["conv2d", "conv2d_backward", "conv_output_size"]


def conv_output_size(n: int, k: int, *, padding: int = 0, stride: int = 1) -> int:
    r"""Length of a convolution or pooling output along one axis.

    Parameters
    ----------
    n : int
        Input length.
    k : int
        Kernel (or pooling window) length.
    padding : int, default 0
        Zeros added on each side.
    stride : int, default 1
        Step between windows.

    Returns
    -------
    int
        :math:`\lfloor (n + 2P - k)/s \rfloor + 1`; windows that would run past
        the end are dropped.

    Raises
    ------
    TypeError
        If an argument is not an integer (floats are not truncated).
    ValueError
        If an argument is below its minimum (``n, k, stride >= 1``,
        ``padding >= 0``) or the window does not fit even once (:math:`k > n + 2P`).

    Examples
    --------
    >>> # a 2-window on 3 entries, stride 2
    >>> conv_output_size(3, 2, stride=2)
    1
    >>> conv_output_size(8, 3, padding=1)  # "same" for an odd kernel
    8
    """
    n = check_int(n, "n", minimum=1)
    k = check_int(k, "k", minimum=1)
    padding = check_int(padding, "padding", minimum=0)
    stride = check_int(stride, "stride", minimum=1)
    if k > n + 2 * padding:
        raise ValueError(
            f"the window length k = {k} is larger than the input length n = {n} padded by "
            f"padding = {padding} zero(s) on each side"
        )
    return (n + 2 * padding - k) // stride + 1


def _correlate(
    x: FloatArray,
    K: FloatArray,
    pads: tuple[int, int],
    strides: tuple[int, int],
) -> FloatArray:
    """Z[o,i,j] = sum_{c,p,q} K[o,c,p,q] xpad[c, s i + p, s j + q] (checked input)."""
    out_ch, in_ch, kh, kw = K.shape
    (ph, pw), (sh, sw) = pads, strides
    xp = np.pad(x, ((0, 0), (ph, ph), (pw, pw)))  # zero padding
    # windows[c, i, j] is the (kh, kw) window at output (i, j); no copy
    windows = sliding_window_view(xp, (kh, kw), axis=(1, 2))
    windows = windows[:, ::sh, ::sw]  # stride
    Z = np.zeros((out_ch, *windows.shape[1:3]))
    tmp = np.empty_like(Z)
    for p, q in np.ndindex(kh, kw):  # one pass per kernel tap
        shifted = windows[..., p, q]  # the input shifted by (p, q)
        for c in range(in_ch):
            # Z[o] += K[o, c, p, q] * shifted[c], for every pixel at once
            np.multiply(K[:, c, p, q, None, None], shifted[c], out=tmp)
            Z += tmp
    return Z


def _correlate_backward(
    dZ: FloatArray,
    x: FloatArray,
    K: FloatArray,
    pads: tuple[int, int],
    strides: tuple[int, int],
) -> tuple[FloatArray, FloatArray]:
    """(dx, dK) of :func:`_correlate`, one vectorised pass per kernel tap."""
    kh, kw = K.shape[2:]
    (ph, pw), (sh, sw) = pads, strides
    oh, ow = dZ.shape[1:]
    xp = np.pad(x, ((0, 0), (ph, ph), (pw, pw)))
    windows = sliding_window_view(xp, (kh, kw), axis=(1, 2))
    windows = windows[:, ::sh, ::sw]
    dK = np.empty_like(K)
    dxp = np.zeros_like(xp)
    for p, q in np.ndindex(kh, kw):
        # dK[o,c,p,q] = sum_ij dZ[o,i,j] * xpad[c, s i + p, s j + q]
        dK[:, :, p, q] = np.einsum("oij,cij->oc", dZ, windows[..., p, q])
        # xpad[c, s i + p, s j + q] fed Z[o,i,j] with weight K[o,c,p,q]
        rows = slice(p, p + sh * oh, sh)
        cols = slice(q, q + sw * ow, sw)
        dxp[:, rows, cols] += np.einsum("oc,oij->cij", K[:, :, p, q], dZ)
    H, W = x.shape[1:]
    dx = dxp[:, ph : ph + H, pw : pw + W]  # drop the padding
    return np.ascontiguousarray(dx), dK


def _conv_args(
    x: ArrayLike, K: ArrayLike, padding: object, stride: object
) -> tuple[FloatArray, FloatArray, tuple[int, int], tuple[int, int]]:
    x = as_array(x, "x", ndim=3)
    K = as_array(K, "K", ndim=4)
    if x.shape[0] != K.shape[1]:
        raise ValueError(
            f"x has {x.shape[0]} channel(s) but K of shape {K.shape} (out, in, kh, kw) "
            f"expects {K.shape[1]} input channel(s)"
        )
    kernel = (K.shape[2], K.shape[3])
    ph, pw = padding_amounts(padding, kernel, "K")
    sh, sw = ints(stride, "stride", minimum=1)
    check_fit(x.shape[1:], kernel, (ph, pw), "x", "K")
    return x, K, (ph, pw), (sh, sw)


def conv2d(
    x: ArrayLike, K: ArrayLike, *, padding: Padding = "valid", stride: Stride = 1
) -> FloatArray:
    r"""Multi-channel 2-D cross-correlation, the "convolution" layer of a CNN.

    Parameters
    ----------
    x : array_like, shape (in, H, W)
        Input maps, one per channel.
    K : array_like, shape (out, in, kh, kw)
        Kernels: ``K[o, c]`` connects input channel ``c`` to output ``o``.
    padding : {"valid", "same", "full"} or int or (int, int), default "valid"
        Zeros added on each side of each spatial axis: ``"valid"`` none,
        ``"same"`` ``k // 2`` (odd kernels only: with stride 1 the output keeps
        the input's size; even kernels are rejected), ``"full"`` ``k - 1``, or
        that many zeros.
    stride : int or (int, int), default 1
        Step between windows along the rows and the columns.

    Returns
    -------
    numpy.ndarray, shape (out, oh, ow)
        On the padded input,

        .. math::

            Z[o, i, j] = \sum_{c, p, q} K[o, c, p, q]\, X[c, s_h i + p, s_w j + q],

        with ``oh, ow`` from :func:`conv_output_size`.

    Raises
    ------
    TypeError
        Non-numeric arrays, or a ``padding``/``stride`` that is not an integer.
    ValueError
        Wrong ranks, channel mismatch, NaN or infinite entries, an unknown
        padding name, an even kernel with ``"same"``, or a kernel larger than
        the padded input.

    Notes
    -----
    The kernel is **not** flipped (cross-correlation, as in every deep-learning
    library). For a true convolution pass ``K[..., ::-1, ::-1]``. Derived in
    the Q12 chapter; used by the network of Q13.

    Examples
    --------
    >>> import numpy as np
    >>> x = np.arange(9.0).reshape(1, 3, 3)
    >>> K = np.array([[[[1.0, 0.0], [0.0, -1.0]]]])
    >>> conv2d(x, K)
    array([[[-4., -4.],
            [-4., -4.]]])
    >>> conv2d(x, K, padding=1, stride=2)[0]
    array([[ 0., -2.],
           [-6., -4.]])
    """
    x, K, pads, strides = _conv_args(x, K, padding, stride)
    return _correlate(x, K, pads, strides)


def conv2d_backward(
    dZ: ArrayLike,
    x: ArrayLike,
    K: ArrayLike,
    *,
    padding: Padding = "valid",
    stride: Stride = 1,
) -> tuple[FloatArray, FloatArray]:
    r"""Gradients of a loss through :func:`conv2d`, for its input and its kernels.

    Parameters
    ----------
    dZ : array_like, shape (out, oh, ow)
        :math:`\partial \mathcal L / \partial Z`, the gradient at the output.
    x, K, padding, stride
        As given to :func:`conv2d`.

    Returns
    -------
    dx : numpy.ndarray, shape (in, H, W)
        :math:`\partial \mathcal L / \partial X`.
    dK : numpy.ndarray, shape (out, in, kh, kw)
        :math:`\partial \mathcal L / \partial K`.

    Notes
    -----
    Every output entry :math:`Z[o,i,j]` is a sum of products
    :math:`K[o,c,p,q]\, X[c, s i + p, s j + q]`, so each factor's gradient is
    the other factor times :math:`\partial \mathcal L/\partial Z[o,i,j]`,
    summed over everything the factor touched:

    .. math::

        \frac{\partial \mathcal L}{\partial K[o,c,p,q]}
          &= \sum_{i,j} \frac{\partial \mathcal L}{\partial Z[o,i,j]}\, X[c, s i + p, s j + q],
        \\
        \frac{\partial \mathcal L}{\partial X[c, m, n]}
          &= \sum_{o} \sum_{\substack{i,j,p,q \\ s i + p = m,\ s j + q = n}}
            \frac{\partial \mathcal L}{\partial Z[o,i,j]}\, K[o,c,p,q] .

    The kernel gradient is the cross-correlation of the input with
    :math:`\partial \mathcal L / \partial Z`; with stride 1 and no padding the
    input gradient is the *full* true convolution of
    :math:`\partial \mathcal L / \partial Z` with :math:`K`. Derived in the
    Q14 chapter.

    Examples
    --------
    >>> import numpy as np
    >>> x = np.arange(9.0).reshape(1, 3, 3)
    >>> K = np.array([[[[1.0, 0.0], [0.0, -1.0]]]])
    >>> dx, dK = conv2d_backward(np.ones((1, 2, 2)), x, K)
    >>> dK[0, 0]
    array([[ 8., 12.],
           [20., 24.]])
    >>> dx[0]
    array([[ 1.,  1.,  0.],
           [ 1.,  0., -1.],
           [ 0., -1., -1.]])
    """
    x, K, pads, strides = _conv_args(x, K, padding, stride)
    out_shape = (
        K.shape[0],
        (x.shape[1] + 2 * pads[0] - K.shape[2]) // strides[0] + 1,
        (x.shape[2] + 2 * pads[1] - K.shape[3]) // strides[1] + 1,
    )
    dZ = as_array(dZ, "dZ", ndim=3)
    if dZ.shape != out_shape:
        raise ValueError(
            f"dZ must have shape {out_shape}, the output shape of conv2d for x of shape "
            f"{x.shape}, K of shape {K.shape}, padding={padding!r} and stride={stride!r}; "
            f"got {dZ.shape}"
        )
    return _correlate_backward(dZ, x, K, pads, strides)
