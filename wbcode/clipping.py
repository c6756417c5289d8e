r"""Gradient clipping by norm (Pascanu, Mikolov & Bengio 2013).

A gradient whose Euclidean norm exceeds a threshold :math:`\tau` is rescaled to
norm :math:`\tau`; its direction is kept:

.. math::

    \hat g \leftarrow \begin{cases} \dfrac{\tau}{\lVert \hat g\rVert}\,\hat g
        & \lVert \hat g\rVert > \tau, \\ \hat g & \text{otherwise.} \end{cases}

:func:`clip_by_norm` clips one array, :func:`clip_global_norm` several arrays
together by their joint norm (the norm of all entries of all of them), which
keeps the direction of the full gradient. Discussed in the Q16 chapter.

The norm is computed on the gradient scaled by a power of two, chosen so that
its largest entry lies in :math:`[1, 2)`: no square overflows or underflows, so
gradients of any finite size (``1e200`` or ``1e-200``) are clipped correctly,
and since scaling by a power of two is exact, in the ordinary range the result
is bit for bit that of the literal formula. NaN and infinite entries are
rejected.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
from numpy.typing import ArrayLike

from ._checks import FloatArray, as_array, check_positive

__all__ = ["clip_by_norm", "clip_global_norm"]


def _clip(arrays: list[FloatArray], threshold: float) -> tuple[FloatArray, ...]:
    """Scale ``arrays`` by ``min(1, threshold / ||g||)``, with ``||g||`` their joint norm."""
    peak = max(float(np.max(np.abs(g))) for g in arrays)
    if peak == 0.0:
        return tuple(g.copy() for g in arrays)
    e = math.frexp(peak)[1] - 1  # peak = m * 2**e with 1 <= m < 2
    scaled = [np.ldexp(g, -e) for g in arrays]  # exact: g / 2**e
    norm_scaled = math.sqrt(sum(float(np.sum(s**2)) for s in scaled))  # ||g|| / 2**e
    try:
        too_long = math.ldexp(norm_scaled, e) > threshold
    except OverflowError:  # ||g|| beyond the float range: certainly above the threshold
        too_long = True
    if not too_long:
        return tuple(g.copy() for g in arrays)
    # g * tau / ||g|| = (g / 2**e) * (tau / (||g|| / 2**e))
    return tuple(s * (threshold / norm_scaled) for s in scaled)


def clip_by_norm(g: ArrayLike, threshold: float) -> FloatArray:
    r"""Rescale a gradient whose norm exceeds ``threshold`` (Pascanu et al. 2013).

    Parameters
    ----------
    g : array_like
        A gradient, any shape; its norm is the Euclidean norm of all entries.
    threshold : float
        The largest norm allowed, finite and :math:`> 0`.

    Returns
    -------
    numpy.ndarray
        A copy of ``g`` if :math:`\|g\| \le` ``threshold``, else
        ``threshold * g / ||g||``: same direction, norm ``threshold``.

    Raises
    ------
    ValueError
        If ``g`` is empty or holds NaN or infinite entries, or ``threshold``
        is not finite and positive.

    Notes
    -----
    .. math::

        \hat g \leftarrow \begin{cases} \dfrac{\tau}{\|\hat g\|}\,\hat g & \|\hat g\| > \tau \\
        \hat g & \text{otherwise} \end{cases}

    (Pascanu, Mikolov & Bengio 2013, algorithm 1). Discussed in the Q16 chapter.

    Examples
    --------
    >>> clip_by_norm([3.0, 4.0], 1.0)
    array([0.6, 0.8])
    >>> clip_by_norm([0.3, 0.4], 1.0)
    array([0.3, 0.4])
    >>> clip_by_norm([3e200, 4e200], 1.0)  # no overflow
    array([0.6, 0.8])
    """
    g = as_array(g, "g")
    threshold = check_positive(threshold, "threshold")
    return _clip([g], threshold)[0]


def clip_global_norm(grads: Sequence[ArrayLike], threshold: float) -> tuple[FloatArray, ...]:
    r"""Clip several gradients together by their joint norm.

    Parameters
    ----------
    grads : sequence of array_like
        The gradients of all parameters (e.g. an :class:`wbcode.rnn.RNNGrads`).
    threshold : float
        The largest joint norm allowed, finite and :math:`> 0`.

    Returns
    -------
    tuple of numpy.ndarray
        New arrays: the gradients, all scaled by the same factor
        :math:`\min(1, \tau / \sqrt{\sum_i \|g_i\|^2})`, so the direction of the
        full gradient is kept.

    Raises
    ------
    TypeError
        If ``grads`` is not a sequence (a single array is not: use
        :func:`clip_by_norm`).
    ValueError
        If ``grads`` is empty, one of its arrays is empty or holds NaN or
        infinite entries, or ``threshold`` is not finite and positive.

    Examples
    --------
    >>> clip_global_norm(([3.0], [[4.0]]), 1.0)
    (array([0.6]), array([[0.8]]))
    """
    if isinstance(grads, str | bytes | np.ndarray) or not isinstance(grads, Sequence):
        raise TypeError(
            f"grads must be a sequence of arrays (a list or tuple), got {type(grads).__name__}"
        )
    if len(grads) == 0:
        raise ValueError("grads must hold at least one gradient, got an empty sequence")
    arrays = [as_array(g, f"grads[{i}]") for i, g in enumerate(grads)]
    threshold = check_positive(threshold, "threshold")
    return _clip(arrays, threshold)
