r"""Cross-correlation and true convolution of one matrix (or vector) with one kernel.

Deep-learning libraries call *cross-correlation* "convolution": the kernel is
slid over the input without being flipped,

.. math::

    (M \star K)[i, j] = \sum_{p, q} M[s i + p,\ s j + q]\, K[p, q],

while the *true* convolution of signal processing flips the kernel first,
:math:`M * K = M \star \operatorname{flip}(K)` with
:math:`\operatorname{flip}(K)[p, q] = K[k_h - 1 - p,\ k_w - 1 - q]` (a 180 degree
rotation). The two agree exactly when the kernel is symmetric under that
rotation. This book follows the deep-learning reading (the conventions page);
the Q12 chapter shows both.

Every function here is the one-channel case of the layer
:func:`wbcode.conv.conv2d` (same padding and stride options, same output size
:func:`wbcode.conv.conv_output_size`), and rejects NaN and infinite entries
with a ``ValueError``.
"""

from __future__ import annotations

from numpy.typing import ArrayLike

from ._checks import FloatArray, as_array, check_int
from ._windows import Padding, Stride, check_fit, padding_amounts
from .conv import conv2d

__all__ = ["convolve1d", "convolve2d", "correlate1d", "correlate2d"]


def correlate2d(
    M: ArrayLike, K: ArrayLike, *, padding: Padding = "valid", stride: Stride = 1
) -> FloatArray:
    r"""2-D cross-correlation of one matrix with one kernel (kernel not flipped).

    Parameters
    ----------
    M : array_like, shape (H, W)
        Input matrix.
    K : array_like, shape (kh, kw)
        Kernel.
    padding, stride
        As in :func:`wbcode.conv.conv2d`.

    Returns
    -------
    numpy.ndarray, shape (oh, ow)
        .. math::

            (M \star K)[i,j] = \sum_{p,q} K[p,q]\, M[s_h i + p, s_w j + q] .

    Raises
    ------
    ValueError
        Wrong ranks, NaN or infinite entries, a bad ``padding`` or ``stride``,
        or a kernel larger than the padded input.

    Notes
    -----
    With ``padding="valid"`` or ``"same"`` (odd kernels) and stride 1 this
    equals ``scipy.signal.correlate2d(M, K, mode=...)``. Derived in the Q12
    chapter.

    Examples
    --------
    >>> import numpy as np
    >>> M = np.arange(9.0).reshape(3, 3)
    >>> correlate2d(M, [[0, 1, 0], [1, 0, 1], [0, 1, 0]], padding="same")
    array([[ 4.,  6.,  6.],
           [10., 16., 14.],
           [10., 18., 12.]])
    """
    M = as_array(M, "M", ndim=2)
    K = as_array(K, "K", ndim=2)
    check_fit(M.shape, K.shape, padding_amounts(padding, K.shape, "K"), "M", "K")
    return conv2d(M[None], K[None, None], padding=padding, stride=stride)[0]


def convolve2d(
    M: ArrayLike, K: ArrayLike, *, padding: Padding = "valid", stride: Stride = 1
) -> FloatArray:
    r"""True 2-D convolution: :func:`correlate2d` with the kernel rotated by 180 degrees.

    Parameters
    ----------
    M, K, padding, stride
        As in :func:`correlate2d`.

    Returns
    -------
    numpy.ndarray, shape (oh, ow)
        .. math::

            (M * K)[i,j] = \sum_{p,q} K[k_h-1-p,\ k_w-1-q]\; M[s_h i + p, s_w j + q] .

    Notes
    -----
    Equals ``scipy.signal.convolve2d(M, K, mode=...)`` for ``"valid"`` and
    ``"same"`` (odd kernels), stride 1.

    Examples
    --------
    >>> import numpy as np
    >>> M = np.arange(9.0).reshape(3, 3)
    >>> K = [[-1, 0], [0, 1]]
    >>> correlate2d(M, K), convolve2d(M, K)
    (array([[4., 4.],
           [4., 4.]]), array([[-4., -4.],
           [-4., -4.]]))
    """
    K = as_array(K, "K", ndim=2)
    return correlate2d(M, K[::-1, ::-1], padding=padding, stride=stride)


def correlate1d(
    M: ArrayLike, K: ArrayLike, *, padding: str | int = "valid", stride: int = 1
) -> FloatArray:
    r"""1-D cross-correlation of a vector with a kernel (kernel not flipped).

    Parameters
    ----------
    M : array_like, shape (n,)
        Input vector.
    K : array_like, shape (k,)
        Kernel.
    padding : {"valid", "same", "full"} or int, default "valid"
        As in :func:`wbcode.conv.conv2d`, for the one axis.
    stride : int, default 1

    Returns
    -------
    numpy.ndarray, shape (n_out,)
        .. math::

            (M \star K)[i] = \sum_{p} K[p]\, M[s i + p] .

    Examples
    --------
    >>> correlate1d([1, 2, 3, 4], [1, 0, -1], padding="same")
    array([-2., -2., -2.,  3.])
    """
    M = as_array(M, "M", ndim=1)
    K = as_array(K, "K", ndim=1)
    (pad,) = padding_amounts(padding, K.shape, "K")
    s = check_int(stride, "stride", minimum=1)
    check_fit(M.shape, K.shape, (pad,), "M", "K")
    return conv2d(M[None, None], K[None, None, None], padding=(0, pad), stride=(1, s))[0, 0]


def convolve1d(
    M: ArrayLike, K: ArrayLike, *, padding: str | int = "valid", stride: int = 1
) -> FloatArray:
    r"""True 1-D convolution: :func:`correlate1d` with the kernel reversed.

    Parameters
    ----------
    M, K, padding, stride
        As in :func:`correlate1d`.

    Returns
    -------
    numpy.ndarray, shape (n_out,)
        .. math::

            (M * K)[i] = \sum_{p} K[k-1-p]\, M[s i + p] .

    Examples
    --------
    >>> M, K = [1, 2, 3, 4], [1, 0, -1]
    >>> correlate1d(M, K), convolve1d(M, K)
    (array([-2., -2.]), array([2., 2.]))
    """
    K = as_array(K, "K", ndim=1)
    return correlate1d(M, K[::-1], padding=padding, stride=stride)
