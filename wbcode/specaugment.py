r"""SpecAugment: time and frequency masks on a spectrogram (Park et al. 2019).

A spectrogram here is a 2-D array with frequency down the rows and time along
the columns, as :func:`wbcode.spectral.spectrogram` returns it. SpecAugment
works on the log spectrogram (:func:`wbcode.spectral.power_to_db`)
normalised to zero mean, where the default mask value 0 is the mean. Every
function returns a masked copy and leaves its input alone.

References: D. S. Park et al., "SpecAugment: a simple data augmentation method
for automatic speech recognition", Interspeech 2019.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
from numpy.typing import ArrayLike

from ._checks import FloatArray, as_array, check_int, check_real, check_rng

__all__ = ["SpecAugment", "freq_mask", "spec_augment", "time_mask"]

Bands = tuple[tuple[int, int], ...]


def _band(S: FloatArray, start: object, width: object, axis: int, what: str) -> tuple[int, int]:
    n = S.shape[axis]
    s = check_int(start, "start", minimum=0)
    w = check_int(width, "width", minimum=0)
    if s + w > n:
        raise ValueError(f"start + width must be at most the number of {what} ({n}), got {s} + {w}")
    return s, w


def time_mask(S: ArrayLike, start: int, width: int, *, value: float = 0.0) -> FloatArray:
    r"""Set the frames ``start, ..., start + width - 1`` of a spectrogram to ``value``.

    Parameters
    ----------
    S : array_like, shape (n_freqs, n_frames)
        A spectrogram, frequency down the rows (as
        :func:`wbcode.spectral.spectrogram` returns it); finite.
    start, width : int
        The masked frames; ``start + width <= n_frames``. Width 0 masks nothing.
    value : float, default 0.0

    Returns
    -------
    numpy.ndarray, shape (n_freqs, n_frames)
        A masked copy.

    Examples
    --------
    >>> import numpy as np
    >>> time_mask(np.ones((2, 4)), 1, 2)
    array([[1., 0., 0., 1.],
           [1., 0., 0., 1.]])
    """
    S = as_array(S, "S", ndim=2).copy()
    s, w = _band(S, start, width, 1, "frames")
    S[:, s : s + w] = check_real(value, "value")
    return S


def freq_mask(S: ArrayLike, start: int, width: int, *, value: float = 0.0) -> FloatArray:
    r"""Set the frequency rows ``start, ..., start + width - 1`` of a spectrogram to ``value``.

    Parameters and returns as :func:`time_mask`, with rows instead of columns.

    Examples
    --------
    >>> import numpy as np
    >>> freq_mask(np.ones((3, 2)), 0, 2)
    array([[0., 0.],
           [0., 0.],
           [1., 1.]])
    """
    S = as_array(S, "S", ndim=2).copy()
    s, w = _band(S, start, width, 0, "frequency rows")
    S[s : s + w, :] = check_real(value, "value")
    return S


class SpecAugment(NamedTuple):
    """Result of :func:`spec_augment`: the masked spectrogram and the bands chosen."""

    S: FloatArray  #: the masked copy, shape (n_freqs, n_frames)
    freq_bands: Bands  #: (start, width) of each frequency mask
    time_bands: Bands  #: (start, width) of each time mask


def _draw_bands(rng: np.random.Generator, count: int, max_width: int, n: int) -> Bands:
    widths = rng.integers(0, min(max_width, n) + 1, size=count)
    starts = rng.integers(0, n - widths + 1)
    return tuple((int(s), int(w)) for s, w in zip(starts, widths, strict=True))


def _cover(bands: Bands, n: int) -> np.ndarray:
    """Boolean mask of the indices ``0..n-1`` inside any band."""
    idx = np.arange(n)
    if not bands:
        return np.zeros(n, dtype=bool)
    b = np.array(bands)
    return ((idx >= b[:, :1]) & (idx < b[:, :1] + b[:, 1:])).any(axis=0)


def spec_augment(
    S: ArrayLike,
    rng: np.random.Generator,
    *,
    freq_masks: int = 1,
    max_freq_width: int = 8,
    time_masks: int = 1,
    max_time_width: int = 10,
    value: float = 0.0,
) -> SpecAugment:
    r"""Random frequency and time masks (SpecAugment without time warping).

    Parameters
    ----------
    S : array_like, shape (n_freqs, n_frames)
        A (normalised log) spectrogram; finite.
    rng : numpy.random.Generator
    freq_masks, time_masks : int, default 1
        How many masks of each kind (they may overlap).
    max_freq_width, max_time_width : int, default 8, 10
        The parameters :math:`F` and :math:`T` of Park et al. (2019).
    value : float, default 0.0
        What the masked entries are set to.

    Returns
    -------
    SpecAugment
        The masked copy and the ``(start, width)`` of every band.

    Notes
    -----
    For each frequency mask a width :math:`f` is drawn uniformly from
    :math:`\{0, \dots, F\}` and a start :math:`f_0` from
    :math:`\{0, \dots, \nu - f\}` (:math:`\nu` rows); the rows
    :math:`[f_0, f_0 + f)` are masked. Time masks likewise with :math:`T`
    over the :math:`\tau` frames. A width larger than the spectrogram is
    capped at its size.

    Examples
    --------
    >>> import numpy as np
    >>> rng = np.random.default_rng(1)
    >>> out = spec_augment(np.ones((6, 8)), rng, max_freq_width=2)
    >>> out.S.shape, len(out.freq_bands), len(out.time_bands)
    ((6, 8), 1, 1)
    """
    S = as_array(S, "S", ndim=2).copy()
    rng = check_rng(rng)
    n_f = check_int(freq_masks, "freq_masks", minimum=0)
    w_f = check_int(max_freq_width, "max_freq_width", minimum=0)
    n_t = check_int(time_masks, "time_masks", minimum=0)
    w_t = check_int(max_time_width, "max_time_width", minimum=0)
    v = check_real(value, "value")
    nf, nt = S.shape
    fb = _draw_bands(rng, n_f, w_f, nf)
    tb = _draw_bands(rng, n_t, w_t, nt)
    S[_cover(fb, nf), :] = v
    S[:, _cover(tb, nt)] = v
    return SpecAugment(S, fb, tb)
