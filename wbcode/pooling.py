r"""Max pooling over windows of the last two axes, and its backward pass.

A window of :math:`\phi_h \times \phi_w` entries slides over each map in steps
of :math:`s`, without padding, and keeps its largest entry,

.. math::

    y[i, j] = \max_{0 \le p < \phi_h,\ 0 \le q < \phi_w} x[s_h i + p,\ s_w j + q],

so an axis of length :math:`n` gives :math:`\lfloor (n - \phi)/s \rfloor + 1`
outputs (:func:`wbcode.conv.conv_output_size` with no padding): windows that
would run past the end are dropped. With ``partial=True`` they are kept
instead: every window that starts inside the map gives an output, the maximum
of the part of the window inside the map, so an axis gives
:math:`\lceil n/s \rceil` outputs. The backward pass routes each output's
gradient to the entry that won its window. Derived in the Q12 chapter.

Both functions reject NaN and infinite entries with a ``ValueError``.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view
from numpy.typing import ArrayLike, NDArray

from ._checks import FloatArray, as_array, check_bool, check_int
from ._windows import Stride, check_fit, ints

__all__ = ["MaxPool", "max_pool2d", "max_pool2d_backward"]

IntArray = NDArray[np.intp]


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


def max_pool2d(
    x: ArrayLike, size: Stride = 2, stride: Stride | None = None, *, partial: bool = False
) -> MaxPool:
    r"""Max pooling over windows of the last two axes, no padding.

    Parameters
    ----------
    x : array_like, shape (..., H, W)
        One map, or maps stacked along leading axes (channels, batch).
    size : int or (int, int), default 2
        Window size :math:`\phi`.
    stride : int or (int, int), optional
        Step between windows; defaults to ``size`` (non-overlapping windows).
    partial : bool, default False
        Keep the incomplete windows at the right and bottom edges (those that
        start inside the map but run past its end): each gives the maximum of
        its part inside the map. By default they are dropped.

    Returns
    -------
    MaxPool
        ``(y, argmax)``: the maxima, shape ``(..., oh, ow)``, and where each
        came from. An axis of length :math:`n` gives
        :math:`o = \lfloor (n - \phi)/s \rfloor + 1` outputs (incomplete
        windows dropped), or :math:`o = \lceil n/s \rceil` with ``partial``.

    Notes
    -----
    .. math::

        y[i, j] = \max_{0 \le p, q < \phi,\ s i + p < H,\ s j + q < W}
                  x[s i + p,\ s j + q]

    (the conditions :math:`s i + p < H`, :math:`s j + q < W` only matter with
    ``partial``). Derived in the Q12 chapter.

    Examples
    --------
    >>> import numpy as np
    >>> x = np.array([[1.0, 5.0, 2.0], [3.0, 4.0, 9.0], [0.0, 8.0, 7.0]])
    >>> max_pool2d(x)                 # one complete 2x2 window
    MaxPool(y=array([[5.]]), argmax=array([[1]]))
    >>> max_pool2d(x, stride=1).y
    array([[5., 9.],
           [8., 9.]])
    >>> # the windows cut off by the edges too
    >>> max_pool2d(x, partial=True).y
    array([[5., 9.],
           [8., 7.]])
    """
    x = as_array(x, "x", ndim=range(2, 33))
    win = ints(size, "size", minimum=1)
    step = win if stride is None else ints(stride, "stride", minimum=1)
    keep = check_bool(partial, "partial")
    check_fit(x.shape[-2:], win, (0, 0), "x", "the pooling window of size")
    xw = _pad_partial(x, win, step) if keep else x
    windows = sliding_window_view(xw, win, axis=(-2, -1))[..., :: step[0], :: step[1], :, :]
    flat = windows.reshape((*windows.shape[:-2], -1))  # (..., oh, ow, ph * pw)
    k = flat.argmax(axis=-1)
    y = np.take_along_axis(flat, k[..., None], axis=-1)[..., 0]
    oh, ow = y.shape[-2:]
    rows = np.arange(oh)[:, None] * step[0] + k // win[1]
    cols = np.arange(ow)[None, :] * step[1] + k % win[1]
    return MaxPool(y, (rows * x.shape[-1] + cols).astype(np.intp))


def _pad_partial(x: FloatArray, win: tuple[int, ...], step: tuple[int, ...]) -> FloatArray:
    """``x`` padded with -inf at the end, so every window starting inside the map fits."""
    pads = [(0, 0)] * (x.ndim - 2)
    for n, w, s in zip(x.shape[-2:], win, step, strict=True):
        last_start = (-(-n // s) - 1) * s  # ceil(n / s) windows start inside the map
        pads.append((0, max(0, last_start + w - n)))
    return np.pad(x, pads, constant_values=-np.inf)  # -inf never wins: each window holds x


def _input_shape(shape: object) -> tuple[int, ...]:
    if not isinstance(shape, tuple | list) or len(shape) < 2:
        raise TypeError(f"shape must be the input's shape (a tuple of >= 2 ints), got {shape!r}")
    return tuple(check_int(n, "shape", minimum=1) for n in shape)


def _argmax(argmax: ArrayLike, pooled: tuple[int, ...], shape: tuple[int, ...]) -> IntArray:
    """``argmax`` checked against the pooled shape and the maps it indexes."""
    try:
        idx = np.asarray(argmax)
    except (ValueError, TypeError) as err:  # ragged nested lists
        raise ValueError(
            "argmax must be a rectangular array of integers, got a ragged sequence"
        ) from err
    if idx.dtype.kind not in "iu":
        raise TypeError(f"argmax must hold integers (from max_pool2d), got dtype {idx.dtype}")
    if idx.shape != pooled:
        raise ValueError(f"argmax must have the shape of dy, {pooled}, got {idx.shape}")
    plane = shape[-2] * shape[-1]
    if idx.size and (idx.min() < 0 or idx.max() >= plane):
        raise ValueError(
            f"argmax must index a {shape[-2]}x{shape[-1]} map (the last two axes of "
            f"shape = {shape}), got indices {idx.min()} to {idx.max()}"
        )
    return idx.astype(np.intp)


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
    shape = _input_shape(shape)
    dy = as_array(dy, "dy", ndim=len(shape))
    if dy.shape[:-2] != shape[:-2]:
        raise ValueError(
            f"dy must have the pooled shape (..., oh, ow) with the leading axes of "
            f"shape = {shape}, got dy of shape {dy.shape}"
        )
    idx = _argmax(argmax, dy.shape, shape)
    plane = shape[-2] * shape[-1]
    lead = int(np.prod(shape[:-2], dtype=np.intp))
    offsets = (np.arange(lead) * plane).reshape((*shape[:-2], 1, 1))
    dx = np.bincount((idx + offsets).ravel(), weights=dy.ravel(), minlength=lead * plane)
    return dx.astype(np.float64).reshape(shape)
