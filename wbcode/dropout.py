r"""Dropout: multiply units by a random 0/1 mask, with or without inverted scaling.

A dropout mask :math:`\mu` holds a 1 for every unit that is kept and a 0 for
every unit that is dropped; during training each entry is drawn independently,
:math:`\mu_j \sim \operatorname{Bernoulli}(p)` with the **keep probability**
:math:`p` :cite:p:`srivastava2014dropout,hinton2012improving`. The layer's
output is

.. math::

    \tilde h = \mu \odot h \quad \text{(plain)}, \qquad
    \tilde h = \frac{\mu \odot h}{p} \quad \text{(inverted dropout)} .

Inverted dropout divides by :math:`p` during training so that
:math:`\mathbb E[\tilde h_j] = h_j` and the network is used unchanged at test
time; plain dropout instead multiplies the outgoing weights by :math:`p` at
test time. The gradient is the mask (and the same scaling) times the upstream
gradient, :math:`\partial\mathcal L/\partial h = \mu \odot
\partial\mathcal L/\partial \tilde h \,/\, p`.

:mod:`wbcode.dropout_network` applies masks to a whole network. A mask may be
given as 0/1 numbers or as booleans (True keeps). NaN and infinite values are
rejected with a ``ValueError`` naming the argument, and so is a keep
probability so small that ``h / p`` leaves the float64 range.
"""

from __future__ import annotations

import numbers

import numpy as np
from numpy.typing import ArrayLike

from ._checks import FloatArray, as_array, check_bool, check_int, check_probability, check_rng

__all__ = ["dropout", "dropout_backward", "dropout_mask", "dropout_sample"]


def _keep(p: object, name: str = "p") -> float:
    val = check_probability(p, name)
    if val == 0.0:
        raise ValueError(f"{name} is a keep probability and must be > 0 (p = 0 drops every unit)")
    return val


def _mask(mask: ArrayLike, name: str = "mask", *, copy: bool = False) -> FloatArray:
    """A 0/1 mask as floats; a boolean mask (True keeps) is accepted too."""
    if isinstance(mask, np.ndarray) and mask.dtype == np.bool_:
        mask = mask.astype(np.float64)
    m = as_array(mask, name, allow_empty=True, copy=copy)
    if not np.all((m == 0) | (m == 1)):
        bad = m[(m != 0) & (m != 1)]
        raise ValueError(f"{name} must hold only 0 (drop) and 1 (keep), got {bad[:5]}")
    return m


def _layer(
    h: ArrayLike, mask: ArrayLike, p: float | None, name: str
) -> tuple[FloatArray, FloatArray, float]:
    """Checked values ``h`` (named ``name``), a mask that fits them, and the scale 1 or 1/p."""
    h = as_array(h, name, allow_empty=True)
    m = _mask(mask)
    try:
        shape = np.broadcast_shapes(h.shape, m.shape)
    except ValueError:
        shape = None
    if shape != h.shape:
        raise ValueError(
            f"mask must have the shape of {name} {h.shape} (or broadcast to it), got {m.shape}"
        )
    return h, m, 1.0 if p is None else 1.0 / _keep(p)


def _in_range(out: FloatArray, name: str, p: float | None) -> FloatArray:
    """``out`` after checking that scaling by 1/p kept it in the float64 range."""
    if not np.all(np.isfinite(out)):
        raise ValueError(f"{name} / p exceeds the float64 range: p = {p!r} is too small for {name}")
    return out


def dropout_mask(shape: int | tuple[int, ...], p: float, rng: np.random.Generator) -> FloatArray:
    r"""Draw a dropout mask: independent :math:`\mu_j \sim \operatorname{Bernoulli}(p)`.

    Parameters
    ----------
    shape : int or tuple of int
        Shape of the mask (the shape of the layer's activations).
    p : float
        Keep probability, :math:`0 < p \le 1`.
    rng : numpy.random.Generator
        Source of randomness.

    Returns
    -------
    numpy.ndarray
        Float64 array of 0s (dropped) and 1s (kept).

    Examples
    --------
    >>> import numpy as np
    >>> dropout_mask(6, 0.5, np.random.default_rng(0))
    array([0., 1., 1., 1., 0., 0.])
    >>> dropout_mask((2, 3), 1.0, np.random.default_rng(0))
    array([[1., 1., 1.],
           [1., 1., 1.]])
    """
    keep = _keep(p)
    rng = check_rng(rng)
    given = [shape] if isinstance(shape, numbers.Integral) else shape
    if not isinstance(given, tuple | list):
        raise TypeError(f"shape must be an int or a tuple of ints, got {type(shape).__name__}")
    dims = tuple(check_int(d, "shape") for d in given)
    if any(d < 0 for d in dims):
        raise ValueError(f"shape must hold non-negative integers, got {shape!r}")
    return (rng.random(dims) < keep).astype(np.float64)


def dropout(h: ArrayLike, mask: ArrayLike, *, p: float | None = None) -> FloatArray:
    r"""Apply a given dropout mask: :math:`\mu \odot h`, or :math:`\mu \odot h / p` (inverted).

    Parameters
    ----------
    h : array_like
        Activations, any shape.
    mask : array_like
        0/1 mask of the same shape as ``h`` (or broadcastable to it, e.g. one
        mask of shape ``(k,)`` for a batch ``(n, k)``).
    p : float, optional
        Keep probability for **inverted** dropout: the kept units are divided
        by ``p``. ``None`` (default) applies the mask without rescaling.

    Returns
    -------
    numpy.ndarray
        The masked activations, shaped like ``h``.

    Examples
    --------
    >>> dropout([2.0, 1.0, 3.0], [1, 0, 1])
    array([2., 0., 3.])
    >>> dropout([2.0, 1.0, 3.0], [1, 0, 1], p=0.5)
    array([4., 0., 6.])
    """
    h, m, scale = _layer(h, mask, p, "h")
    with np.errstate(over="ignore", invalid="ignore"):
        out = h * (m * scale)
    return _in_range(out, "h", p) + 0.0  # + 0.0: no -0.0 from dropped negative units


def dropout_backward(dout: ArrayLike, mask: ArrayLike, *, p: float | None = None) -> FloatArray:
    r"""Gradient of :func:`dropout` by its input: :math:`\mu \odot \delta` (divided by ``p``).

    Parameters
    ----------
    dout : array_like
        Upstream gradient :math:`\delta = \partial\mathcal L/\partial\tilde h`,
        shaped like the output of :func:`dropout`.
    mask : array_like
        The mask used in the forward pass (same shape, or broadcastable).
    p : float, optional
        The keep probability if the forward pass was inverted, else ``None``.

    Returns
    -------
    dh : numpy.ndarray
        :math:`\partial\mathcal L/\partial h`, shaped like ``dout``. Dropped
        units get exactly zero gradient.

    Notes
    -----
    :math:`\tilde h_j = c\,\mu_j h_j` with :math:`c = 1` or :math:`1/p` is
    linear in :math:`h_j`, so
    :math:`\partial\mathcal L/\partial h_j = c\,\mu_j\,\partial\mathcal L/\partial\tilde h_j`.
    The mask is not a parameter; no gradient flows to it.

    Examples
    --------
    >>> dropout_backward([0.5, -1.0, 2.0], [1, 0, 1], p=0.5)
    array([1., 0., 4.])
    """
    dout, m, scale = _layer(dout, mask, p, "dout")
    with np.errstate(over="ignore", invalid="ignore"):
        dh = dout * (m * scale)  # the forward pass's masking, applied to the upstream gradient
    return _in_range(dh, "dout", p) + 0.0


def dropout_sample(
    h: ArrayLike, p: float, rng: np.random.Generator, *, inverted: bool = True
) -> tuple[FloatArray, FloatArray]:
    r"""Dropout with a freshly drawn mask (training mode).

    Parameters
    ----------
    h : array_like
        Activations, any shape.
    p : float
        Keep probability, :math:`0 < p \le 1`.
    rng : numpy.random.Generator
        Source of randomness.
    inverted : bool, default True
        Divide the kept units by ``p`` (inverted dropout), so that the
        expected output equals ``h``.

    Returns
    -------
    out : numpy.ndarray
        The masked (and possibly rescaled) activations.
    mask : numpy.ndarray
        The mask drawn, for the backward pass.

    Examples
    --------
    >>> import numpy as np
    >>> rng = np.random.default_rng(0)
    >>> out, mask = dropout_sample([1.0, 2.0, 3.0, 4.0], 0.5, rng)
    >>> mask, out
    (array([0., 1., 1., 1.]), array([0., 4., 6., 8.]))
    """
    h = as_array(h, "h", allow_empty=True)
    inverted = check_bool(inverted, "inverted")
    mask = dropout_mask(h.shape, p, rng)
    return dropout(h, mask, p=p if inverted else None), mask
