r"""Convolution, cross-correlation and max pooling, with their backward passes.

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

A layer with :math:`C_\text{in}` input and :math:`C_\text{out}` output
channels uses kernels shaped ``(out, in, kh, kw)`` and sums over the input
channels:

.. math::

    Z[o, i, j] = \sum_{c=1}^{C_\text{in}} \sum_{p, q} K[o, c, p, q]\; X[c,\ s i + p,\ s j + q] .

Implementation: the padded input is viewed as a stack of windows with
:func:`numpy.lib.stride_tricks.sliding_window_view` (no copy). The window
view at a fixed kernel tap ``(p, q)`` is the whole input shifted by
``(p, q)``, so the sum is accumulated as ``kh * kw`` vectorised passes, one per
kernel tap, each over every output pixel at once. There is no Python loop over
pixels. Derived in the Q12 chapter; the backward passes in Q14.

Output size of every operation here: an axis of length :math:`n`, padded by
:math:`P` zeros on each side and scanned by a window of length :math:`k` with
stride :math:`s`, gives :math:`\lfloor (n + 2P - k) / s \rfloor + 1` outputs
(:func:`conv_output_size`). Windows that would run past the end are dropped.
"""

from __future__ import annotations

import numbers
from typing import NamedTuple

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view
from numpy.typing import ArrayLike, NDArray

from ._checks import FloatArray, as_array, check_choice

__all__ = [
    "MaxPool",
    "conv2d",
    "conv2d_backward",
    "conv_output_size",
    "convolve1d",
    "convolve2d",
    "correlate1d",
    "correlate2d",
    "max_pool2d",
    "max_pool2d_backward",
]

IntArray = NDArray[np.intp]
Padding = str | int | tuple[int, int]
Stride = int | tuple[int, int]

PADDING_NAMES = ("valid", "same", "full")


# ---------------------------------------------------------------------------
# argument checks
# ---------------------------------------------------------------------------


def _check_int(value: object, name: str, *, minimum: int) -> int:
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be an integer, got {type(value).__name__} {value!r}")
    if int(value) < minimum:
        raise ValueError(f"{name} must be an integer >= {minimum}, got {value}")
    return int(value)


def _pair(value: object, name: str, *, minimum: int) -> tuple[int, int]:
    """An int or a pair of ints, as a pair (one entry per spatial axis)."""
    if isinstance(value, tuple | list):
        if len(value) != 2:
            raise ValueError(f"{name} must be an integer or a pair of integers, got {value!r}")
        return (
            _check_int(value[0], name, minimum=minimum),
            _check_int(value[1], name, minimum=minimum),
        )
    v = _check_int(value, name, minimum=minimum)
    return v, v


def _pads(padding: object, kernel: tuple[int, int]) -> tuple[int, int]:
    """Zeros added on *each* side of the two spatial axes."""
    if isinstance(padding, str):
        check_choice(padding, "padding", PADDING_NAMES)
        if padding == "valid":
            return 0, 0
        if padding == "full":
            return kernel[0] - 1, kernel[1] - 1
        if kernel[0] % 2 == 0 or kernel[1] % 2 == 0:
            raise ValueError(
                "padding='same' needs odd kernel sizes (k // 2 zeros on each side keep "
                f"the size only for odd k), got a kernel of spatial shape {kernel}; "
                "use padding='valid' or an explicit number of zeros"
            )
        return kernel[0] // 2, kernel[1] // 2
    if isinstance(padding, tuple | list | numbers.Integral) and not isinstance(padding, bool):
        return _pair(padding, "padding", minimum=0)
    raise TypeError(
        f"padding must be one of {list(PADDING_NAMES)} or a number of zeros, "
        f"got {type(padding).__name__} {padding!r}"
    )


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
    ValueError
        If the window does not fit even once (:math:`k > n + 2P`).

    Examples
    --------
    >>> conv_output_size(3, 2, stride=2)   # a 2-window on 3 entries, stride 2
    1
    >>> conv_output_size(8, 3, padding=1)  # "same" for an odd kernel
    8
    """
    n = _check_int(n, "n", minimum=1)
    k = _check_int(k, "k", minimum=1)
    padding = _check_int(padding, "padding", minimum=0)
    stride = _check_int(stride, "stride", minimum=1)
    if k > n + 2 * padding:
        raise ValueError(
            f"the kernel (length {k}) is larger than the input (length {n}) padded by "
            f"{padding} on each side"
        )
    return (n + 2 * padding - k) // stride + 1


def _fit(
    spatial: tuple[int, ...], kernel: tuple[int, int], pads: tuple[int, int], what: str
) -> None:
    for axis in (0, 1):
        if kernel[axis] > spatial[axis] + 2 * pads[axis]:
            raise ValueError(
                f"the {what} of spatial shape {kernel} is larger than the input of spatial "
                f"shape {spatial} padded by {pads} on each side"
            )


# ---------------------------------------------------------------------------
# the core: multi-channel cross-correlation and its backward pass
# ---------------------------------------------------------------------------


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
    pads = _pads(padding, kernel)
    strides = _pair(stride, "stride", minimum=1)
    _fit(x.shape[1:], kernel, pads, "kernel")
    return x, K, pads, strides


# ---------------------------------------------------------------------------
# public convolutions
# ---------------------------------------------------------------------------


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
        :math:`Z[o, i, j] = \sum_{c, p, q} K[o, c, p, q]\, X[c, s_h i + p, s_w j + q]`
        on the padded input, with ``oh, ow`` from :func:`conv_output_size`.

    Raises
    ------
    ValueError
        Wrong ranks, channel mismatch, unknown padding name, an even kernel
        with ``"same"``, or a kernel larger than the padded input.

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
          = \sum_{i,j} \frac{\partial \mathcal L}{\partial Z[o,i,j]}\, X[c, s i + p, s j + q],
        \qquad
        \frac{\partial \mathcal L}{\partial X[c, m, n]}
          = \sum_{o} \sum_{\substack{i,j,p,q \\ s i + p = m,\ s j + q = n}}
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
    dZ = as_array(dZ, "dZ", shape=out_shape)
    return _correlate_backward(dZ, x, K, pads, strides)


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
        As in :func:`conv2d`.

    Returns
    -------
    numpy.ndarray, shape (oh, ow)
        :math:`(M \star K)[i,j] = \sum_{p,q} K[p,q]\, M[s_h i + p, s_w j + q]`.

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
    return conv2d(M[None], K[None, None], padding=padding, stride=stride)[0]


def convolve2d(
    M: ArrayLike, K: ArrayLike, *, padding: Padding = "valid", stride: Stride = 1
) -> FloatArray:
    r"""True 2-D convolution: :func:`correlate2d` with the kernel rotated by 180 degrees.

    Returns
    -------
    numpy.ndarray, shape (oh, ow)
        :math:`(M * K)[i,j] = \sum_{p,q} K[k_h-1-p,\ k_w-1-q]\; M[s_h i + p, s_w j + q]`.

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
        As in :func:`conv2d`, for the one axis.
    stride : int, default 1

    Returns
    -------
    numpy.ndarray, shape (n_out,)
        :math:`(M \star K)[i] = \sum_{p} K[p]\, M[s i + p]`.

    Examples
    --------
    >>> correlate1d([1, 2, 3, 4], [1, 0, -1], padding="same")
    array([-2., -2., -2.,  3.])
    """
    M = as_array(M, "M", ndim=1)
    K = as_array(K, "K", ndim=1)
    if isinstance(padding, str):
        check_choice(padding, "padding", PADDING_NAMES)
        if padding == "same" and K.shape[0] % 2 == 0:
            raise ValueError(
                "padding='same' needs an odd kernel length (k // 2 zeros on each side keep "
                f"the length only for odd k), got a kernel of length {K.shape[0]}"
            )
        pad = {"valid": 0, "same": K.shape[0] // 2, "full": K.shape[0] - 1}[padding]
    else:
        pad = _check_int(padding, "padding", minimum=0)
    s = _check_int(stride, "stride", minimum=1)
    return conv2d(M[None, None], K[None, None, None], padding=(0, pad), stride=(1, s))[0, 0]


def convolve1d(
    M: ArrayLike, K: ArrayLike, *, padding: str | int = "valid", stride: int = 1
) -> FloatArray:
    r"""True 1-D convolution: :func:`correlate1d` with the kernel reversed.

    Examples
    --------
    >>> correlate1d([1, 2, 3, 4], [1, 0, -1]), convolve1d([1, 2, 3, 4], [1, 0, -1])
    (array([-2., -2.]), array([2., 2.]))
    """
    K = as_array(K, "K", ndim=1)
    return correlate1d(M, K[::-1], padding=padding, stride=stride)


# ---------------------------------------------------------------------------
# max pooling
# ---------------------------------------------------------------------------


class MaxPool(NamedTuple):
    """Result of :func:`max_pool2d`.

    Attributes
    ----------
    y : numpy.ndarray, shape (..., oh, ow)
        The pooled maps.
    argmax : numpy.ndarray of int, shape (..., oh, ow)
        For every output, the flat index ``r * W + c`` of the input entry that
        won its window (the first one in row-major order on ties), per map.
        :func:`max_pool2d_backward` routes the gradient back through it.
    """

    y: FloatArray
    argmax: IntArray


def max_pool2d(x: ArrayLike, size: Stride = 2, stride: Stride | None = None) -> MaxPool:
    r"""Max pooling over windows of the last two axes, no padding.

    Parameters
    ----------
    x : array_like, shape (..., H, W)
        One map, or maps stacked along leading axes (channels, batch).
    size : int or (int, int), default 2
        Window size :math:`\phi`.
    stride : int or (int, int), optional
        Step between windows; defaults to ``size`` (non-overlapping windows).

    Returns
    -------
    MaxPool
        ``(y, argmax)``: the maxima, shape ``(..., oh, ow)`` with
        :math:`o = \lfloor (n - \phi)/s \rfloor + 1` (incomplete windows at
        the right and bottom edges are dropped), and where each came from.

    Notes
    -----
    .. math::

        y[i, j] = \max_{0 \le p, q < \phi} x[s i + p,\ s j + q]

    Derived in the Q12 chapter.

    Examples
    --------
    >>> import numpy as np
    >>> x = np.array([[1.0, 5.0, 2.0], [3.0, 4.0, 9.0], [0.0, 8.0, 7.0]])
    >>> max_pool2d(x)                 # one complete 2x2 window
    MaxPool(y=array([[5.]]), argmax=array([[1]]))
    >>> max_pool2d(x, stride=1).y
    array([[5., 9.],
           [8., 9.]])
    """
    x = as_array(x, "x", ndim=range(2, 33))
    win = _pair(size, "size", minimum=1)
    step = win if stride is None else _pair(stride, "stride", minimum=1)
    _fit(x.shape[-2:], win, (0, 0), "pooling window")
    windows = sliding_window_view(x, win, axis=(-2, -1))[..., :: step[0], :: step[1], :, :]
    flat = windows.reshape((*windows.shape[:-2], -1))  # (..., oh, ow, ph * pw)
    k = flat.argmax(axis=-1)
    y = np.take_along_axis(flat, k[..., None], axis=-1)[..., 0]
    oh, ow = y.shape[-2:]
    rows = np.arange(oh)[:, None] * step[0] + k // win[1]
    cols = np.arange(ow)[None, :] * step[1] + k % win[1]
    return MaxPool(y, (rows * x.shape[-1] + cols).astype(np.intp))


def max_pool2d_backward(dy: ArrayLike, argmax: ArrayLike, shape: tuple[int, ...]) -> FloatArray:
    r"""Gradient of a loss through :func:`max_pool2d`, for its input.

    Parameters
    ----------
    dy : array_like, shape (..., oh, ow)
        :math:`\partial \mathcal L / \partial y`.
    argmax : array_like of int, shape (..., oh, ow)
        ``max_pool2d(x).argmax``.
    shape : tuple of int
        ``x.shape``.

    Returns
    -------
    numpy.ndarray, shape ``shape``
        :math:`\partial \mathcal L / \partial x`: each window's gradient goes
        to the entry that won the window, all other entries get 0. An entry
        that won several overlapping windows (stride < size) collects the sum.

    Notes
    -----
    .. math::

        \frac{\partial \mathcal L}{\partial x[m, n]}
        = \sum_{(i, j):\ (m, n) = \operatorname{argmax\ of\ window}(i, j)}
          \frac{\partial \mathcal L}{\partial y[i, j]}

    Examples
    --------
    >>> import numpy as np
    >>> x = np.array([[1.0, 5.0, 2.0], [3.0, 4.0, 9.0], [0.0, 8.0, 7.0]])
    >>> pooled = max_pool2d(x, stride=1)
    >>> max_pool2d_backward(np.ones((2, 2)), pooled.argmax, x.shape)
    array([[0., 1., 0.],
           [0., 0., 2.],
           [0., 1., 0.]])
    """
    if not isinstance(shape, tuple | list) or len(shape) < 2:
        raise TypeError(f"shape must be the input's shape (a tuple of >= 2 ints), got {shape!r}")
    shape = tuple(_check_int(n, "shape", minimum=1) for n in shape)
    dy = as_array(dy, "dy", ndim=len(shape))
    idx = np.asarray(argmax)
    if idx.dtype.kind not in "iu":
        raise TypeError(f"argmax must hold integers (from max_pool2d), got dtype {idx.dtype}")
    if idx.shape != dy.shape or dy.shape[:-2] != shape[:-2]:
        raise ValueError(
            f"dy and argmax must have the pooled shape (..., oh, ow) with leading axes "
            f"{shape[:-2]}, got {dy.shape} and {idx.shape}"
        )
    plane = shape[-2] * shape[-1]
    if idx.size and (idx.min() < 0 or idx.max() >= plane):
        raise ValueError(
            f"argmax must index a {shape[-2]}x{shape[-1]} map, got {idx.min()}..{idx.max()}"
        )
    lead = int(np.prod(shape[:-2], dtype=np.intp))
    offsets = (np.arange(lead) * plane).reshape((*shape[:-2], 1, 1))
    dx = np.bincount((idx + offsets).ravel(), weights=dy.ravel(), minlength=lead * plane)
    return dx.astype(np.float64).reshape(shape)
