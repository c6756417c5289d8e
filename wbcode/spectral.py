r"""Spectral tools: the short-time Fourier transform, its inverse, spectrograms in decibels.

=========================  ====================================================
transform and inverse      :func:`stft`, :func:`istft` (Hann window, weighted
                           overlap-add)
looking at a signal        :func:`spectrogram`, :func:`power_to_db`
=========================  ====================================================

The phase vocoder of :func:`wbcode.augment.time_stretch` and the masks of
:mod:`wbcode.specaugment` are built on these. Every window is the periodic
Hann window :math:`w_t = \tfrac12 - \tfrac12\cos(2\pi t / N)` of length
:math:`N` = ``n_fft``, whose copies shifted by :math:`N/4` sum to a constant.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view
from numpy.typing import ArrayLike, NDArray

from ._audio import MAX_SAMPLES, pow2_scale, wave
from ._checks import FloatArray, as_array, check_bool, check_int, check_positive

__all__ = ["Spectrogram", "istft", "power_to_db", "spectrogram", "stft"]

ComplexArray = NDArray[np.complex128]


def _hann(n_fft: int) -> FloatArray:
    """Periodic Hann window (the one whose shifted copies at hop n/4 sum to a constant)."""
    return 0.5 - 0.5 * np.cos(2.0 * np.pi * np.arange(n_fft) / n_fft)


def stft(x: ArrayLike, n_fft: int = 1024, hop: int = 256, *, center: bool = True) -> ComplexArray:
    r"""Short-time Fourier transform with a Hann window.

    Parameters
    ----------
    x : array_like, shape (n,)
        The waveform.
    n_fft : int, default 1024
        Frame length and FFT size :math:`N` (at least 2).
    hop : int, default 256
        Samples :math:`H` between the starts of consecutive frames.
    center : bool, default True
        Pad ``x`` with ``n_fft // 2`` zeros on both sides, so that frame
        :math:`m` is centred on sample :math:`mH` and every sample is covered
        (what :func:`istft` inverts). ``False``: frames start at sample 0 and
        incomplete frames at the end are dropped (``n >= n_fft`` is needed).

    Returns
    -------
    numpy.ndarray of complex, shape (n_fft // 2 + 1, n_frames)
        :math:`Z_{k,m}`, frequency down the rows, time along the columns.

    Notes
    -----
    .. math::

        Z_{k,m} = \sum_{t=0}^{N-1} w_t\, x_{mH + t}\, e^{-2\pi i k t / N},
        \qquad k = 0, \dots, N/2,

    with :math:`x` padded first when ``center`` is true. Linear in :math:`x`,
    so it is finite for any finite signal below about ``1e300 / n_fft``.

    Examples
    --------
    >>> Z = stft(np.ones(8), n_fft=4, hop=2)
    >>> Z.shape, complex(Z[0, 2])
    ((3, 5), (2+0j))
    """
    x = wave(x)
    n_fft = check_int(n_fft, "n_fft", minimum=2)
    hop = check_int(hop, "hop", minimum=1)
    if check_bool(center, "center"):
        x = np.pad(x, n_fft // 2)
    elif x.shape[0] < n_fft:
        raise ValueError(f"x must have at least n_fft = {n_fft} samples, got {x.shape[0]}")
    frames = sliding_window_view(x, n_fft)[::hop]
    return np.fft.rfft(frames * _hann(n_fft), axis=-1).T


def _spectrum(Z: ArrayLike, n_fft: int) -> ComplexArray:
    """``Z`` as a finite complex array of shape (n_fft // 2 + 1, n_frames)."""
    if isinstance(Z, str | bytes) or Z is None:
        raise TypeError(f"Z must be a complex array (an STFT), got {type(Z).__name__}")
    try:
        arr = np.asarray(Z)
    except (TypeError, ValueError) as err:
        raise ValueError("Z must be a rectangular complex array (an STFT)") from err
    if arr.dtype.kind not in "iufc":
        raise TypeError(f"Z must hold complex numbers, got dtype {arr.dtype}")
    want = n_fft // 2 + 1
    if arr.ndim != 2 or arr.shape[0] != want or arr.shape[1] == 0:
        raise ValueError(
            f"Z must have shape (n_fft // 2 + 1, n_frames) = ({want}, n_frames) with "
            f"n_frames >= 1, got {arr.shape}"
        )
    if not np.all(np.isfinite(arr)):
        raise ValueError("Z must be finite, got NaN or infinite entries")
    return arr.astype(np.complex128, copy=False)


def istft(Z: ArrayLike, n_fft: int, hop: int, length: int, *, center: bool = True) -> FloatArray:
    r"""Inverse of :func:`stft` by weighted overlap-add, cut or zero-padded to ``length``.

    Parameters
    ----------
    Z : array_like of complex, shape (n_fft // 2 + 1, n_frames)
        A short-time spectrum, as :func:`stft` returns it (or a modified one).
    n_fft, hop : int
        The frame length and hop it was made with.
    length : int
        Samples of the result.
    center : bool, default True
        Whether the frames were centred (``stft(..., center=True)``).

    Returns
    -------
    numpy.ndarray, shape (length,)

    Notes
    -----
    Each frame :math:`m` is transformed back, :math:`y^{(m)} = \mathrm{IDFT}(Z_{\cdot,m})`,
    windowed again and added at its place:

    .. math::

        y_t = \frac{\sum_m w_{t - mH}\, y^{(m)}_{t - mH}}{\sum_m w_{t - mH}^2}.

    For an unmodified :math:`Z` this returns :math:`x` exactly (up to
    rounding) wherever the denominator is positive; samples no window covers
    (denominator below ``1e-8``) are 0. For a modified :math:`Z` it is the
    signal whose STFT is closest to :math:`Z` in the least-squares sense
    (Griffin and Lim 1984).

    Examples
    --------
    >>> x = np.sin(np.arange(50.0))
    >>> bool(np.allclose(istft(stft(x, 16, 4), 16, 4, 50), x))
    True
    """
    n_fft = check_int(n_fft, "n_fft", minimum=2)
    hop = check_int(hop, "hop", minimum=1)
    length = check_int(length, "length", minimum=1)
    if length > MAX_SAMPLES:
        raise ValueError(f"length must be at most {MAX_SAMPLES} samples, got {length}")
    center = check_bool(center, "center")
    Z = _spectrum(Z, n_fft)
    w = _hann(n_fft)
    frames = np.fft.irfft(Z.T, n=n_fft, axis=-1) * w
    n_frames = frames.shape[0]
    total = (n_frames - 1) * hop + n_fft
    idx = (np.arange(n_frames)[:, None] * hop + np.arange(n_fft)).ravel()
    y = np.bincount(idx, weights=frames.ravel(), minlength=total)
    norm = np.bincount(idx, weights=np.tile(w**2, n_frames), minlength=total)
    y = np.divide(y, norm, out=np.zeros_like(y), where=norm > 1e-8)
    y = y[n_fft // 2 if center else 0 :][:length]
    return np.pad(y, (0, length - y.shape[0]))


class Spectrogram(NamedTuple):
    """Result of :func:`spectrogram`."""

    S: FloatArray  #: power, shape (n_freqs, n_frames)
    freqs: FloatArray  #: bin centre frequencies in Hz, shape (n_freqs,)
    times: FloatArray  #: frame centre times in seconds, shape (n_frames,)


def spectrogram(x: ArrayLike, sr: float, n_fft: int = 512, hop: int = 128) -> Spectrogram:
    r"""Power spectrogram :math:`|\mathrm{STFT}|^2` with a Hann window.

    Parameters
    ----------
    x : array_like, shape (n,)
        The waveform, with ``n >= n_fft``.
    sr : float
        Sample rate in Hz.
    n_fft : int, default 512
        Frame length (and FFT size); the frequency resolution is ``sr / n_fft``.
    hop : int, default 128
        Samples between the starts of consecutive frames.

    Returns
    -------
    Spectrogram
        ``S`` of shape ``(n_fft // 2 + 1, 1 + (n - n_fft) // hop)`` (frequency
        down the rows, time along the columns, as it is drawn), ``freqs`` and
        ``times``.

    Raises
    ------
    ValueError
        If the power of ``x`` exceeds float64 (samples above about ``1e150``).

    Notes
    -----
    Frame :math:`m` holds the samples :math:`x_{mH}, \dots, x_{mH + N - 1}` (no
    padding, incomplete frames dropped: :func:`stft` with ``center=False``):

    .. math::

        S_{k,m} = \Bigl|\sum_{t=0}^{N-1} w_t\, x_{mH + t}\, e^{-2\pi i k t / N}\Bigr|^2,
        \qquad f_k = k\, f_s / N .

    A pure tone of frequency :math:`f` peaks in the bin :math:`k` nearest to
    :math:`f N / f_s`. The power is computed from :math:`x / 2^j` and scaled
    back by :math:`2^{2j}`, exactly, so quiet signals (``1e-200``) do not
    underflow to zero before the end.

    Examples
    --------
    >>> x = np.sin(2 * np.pi * 1000 * np.arange(1024) / 8000)
    >>> spec = spectrogram(x, 8000, n_fft=256, hop=128)
    >>> spec.S.shape, float(spec.freqs[spec.S[:, 0].argmax()])
    ((129, 7), 1000.0)
    """
    x = wave(x)
    sr = check_positive(sr, "sr")
    n_fft = check_int(n_fft, "n_fft", minimum=2)
    hop = check_int(hop, "hop", minimum=1)
    xs, j = pow2_scale(x)
    P = np.abs(stft(xs, n_fft, hop, center=False)) ** 2
    peak_power = float(P.max())
    if peak_power > 0 and np.log2(peak_power) + 2 * j >= 1024:  # 2**1024 overflows
        raise ValueError(
            f"x is too loud for its power to fit float64 (peak sample {np.abs(x).max():.3g})"
        )
    S = np.ldexp(P, 2 * j)
    freqs = np.arange(n_fft // 2 + 1) * sr / n_fft
    times = ((np.arange(S.shape[1]) * hop + n_fft / 2) / sr).astype(np.float64)
    return Spectrogram(S, freqs, times)


def power_to_db(S: ArrayLike, *, ref: float | None = None, top_db: float = 80.0) -> FloatArray:
    r"""Power in decibels, :math:`10\log_{10}(S / \mathrm{ref})`, floored ``top_db`` below the top.

    Parameters
    ----------
    S : array_like
        Non-negative power values (at least one dimension).
    ref : float, optional
        The 0 dB reference; default the maximum of ``S``.
    top_db : float, default 80
        Values more than this far below the larger of the maximum of ``S`` and
        ``ref`` are raised to it (so silence does not give :math:`-\infty`).

    Returns
    -------
    numpy.ndarray, the shape of ``S``

    Notes
    -----
    Computed as :math:`10(\log_{10} S - \log_{10}\mathrm{ref})`, so ``S`` and
    ``ref`` may lie hundreds of orders of magnitude apart; zeros get the floor
    directly, so any ``top_db`` (``1e4``, ``1e300``) gives a finite result.

    Examples
    --------
    >>> power_to_db([1.0, 0.1, 0.0], top_db=60.0)
    array([  0., -10., -60.])
    """
    S = as_array(S, "S", ndim=range(1, 33))
    if np.any(S < 0):
        raise ValueError("S must hold non-negative power values")
    top_db = check_positive(top_db, "top_db")
    peak = float(S.max())
    if ref is None and peak == 0:
        raise ValueError("S is all zeros: give a positive ref")
    ref = peak if ref is None else check_positive(ref, "ref")
    log_ref = float(np.log10(ref))
    top = 10.0 * (float(np.log10(peak)) - log_ref) if peak > 0 else -np.inf
    floor = max(top, 0.0) - top_db
    db = np.full(S.shape, floor)
    pos = S > 0
    db[pos] = 10.0 * (np.log10(S[pos]) - log_ref)
    return np.maximum(db, floor)
