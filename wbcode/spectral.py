r"""Spectral tools: the short-time Fourier transform, spectrograms in decibels.

=========================  ====================================================
looking at a signal        :func:`spectrogram`, :func:`power_to_db`
=========================  ====================================================

The phase vocoder of :func:`wbcode.augment.time_stretch` and the masks of
:mod:`wbcode.specaugment` are built on these.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view
from numpy.typing import ArrayLike

from ._audio import integer, wave
from ._checks import FloatArray, as_array, check_positive

__all__ = ["Spectrogram", "power_to_db", "spectrogram"]


def _hann(n_fft: int) -> FloatArray:
    """Periodic Hann window (the one whose shifted copies at hop n/4 sum to a constant)."""
    return 0.5 - 0.5 * np.cos(2.0 * np.pi * np.arange(n_fft) / n_fft)


def _frames(x: FloatArray, n_fft: int, hop: int) -> FloatArray:
    return sliding_window_view(x, n_fft)[::hop]


def _stft(x: FloatArray, n_fft: int, hop: int) -> np.ndarray:
    """Centred STFT, shape (n_frames, n_fft // 2 + 1); x padded by n_fft // 2 on both sides."""
    xp = np.pad(x, n_fft // 2)
    return np.fft.rfft(_frames(xp, n_fft, hop) * _hann(n_fft), axis=-1)


def _istft(S: np.ndarray, n_fft: int, hop: int, length: int) -> FloatArray:
    """Inverse of :func:`_stft` by weighted overlap-add, cut to ``length`` samples."""
    w = _hann(n_fft)
    frames = np.fft.irfft(S, n=n_fft, axis=-1) * w
    n_frames = S.shape[0]
    total = (n_frames - 1) * hop + n_fft
    idx = (np.arange(n_frames)[:, None] * hop + np.arange(n_fft)).ravel()
    y = np.bincount(idx, weights=frames.ravel(), minlength=total)
    norm = np.bincount(idx, weights=np.tile(w**2, n_frames), minlength=total)
    y = np.divide(y, norm, out=np.zeros_like(y), where=norm > 1e-8)
    y = y[n_fft // 2 :][:length]
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

    Notes
    -----
    Frame :math:`m` holds the samples :math:`x_{mH}, \dots, x_{mH + N - 1}` (no
    padding, incomplete frames dropped), multiplied by the periodic Hann window
    :math:`w_t = \tfrac12 - \tfrac12\cos(2\pi t / N)`:

    .. math::

        S_{k,m} = \Bigl|\sum_{t=0}^{N-1} w_t\, x_{mH + t}\, e^{-2\pi i k t / N}\Bigr|^2,
        \qquad f_k = k\, f_s / N .

    A pure tone of frequency :math:`f` peaks in the bin :math:`k` nearest to
    :math:`f N / f_s`.

    Examples
    --------
    >>> import numpy as np
    >>> x = np.sin(2 * np.pi * 1000 * np.arange(1024) / 8000)
    >>> spec = spectrogram(x, 8000, n_fft=256, hop=128)
    >>> spec.S.shape, float(spec.freqs[spec.S[:, 0].argmax()])
    ((129, 7), 1000.0)
    """
    x = wave(x)
    sr = check_positive(sr, "sr")
    n_fft = integer(n_fft, "n_fft", low=2)
    hop = integer(hop, "hop", low=1)
    if x.shape[0] < n_fft:
        raise ValueError(f"x must have at least n_fft = {n_fft} samples, got {x.shape[0]}")
    S = np.abs(np.fft.rfft(_frames(x, n_fft, hop) * _hann(n_fft), axis=-1)) ** 2
    freqs = np.arange(n_fft // 2 + 1) * sr / n_fft
    times = ((np.arange(S.shape[0]) * hop + n_fft / 2) / sr).astype(np.float64)
    return Spectrogram(S.T, freqs, times)


def power_to_db(S: ArrayLike, *, ref: float | None = None, top_db: float = 80.0) -> FloatArray:
    r"""Power in decibels, :math:`10\log_{10}(S / \mathrm{ref})`, floored ``top_db`` below the peak.

    Parameters
    ----------
    S : array_like
        Non-negative power values.
    ref : float, optional
        The 0 dB reference; default the maximum of ``S``.
    top_db : float, default 80
        Values more than this far below the maximum are raised to it (so
        silence does not give :math:`-\infty`).

    Examples
    --------
    >>> power_to_db([1.0, 0.1, 0.0], top_db=60.0)
    array([  0., -10., -60.])
    """
    S = as_array(S, "S", ndim=range(1, 33))
    if np.any(S < 0):
        raise ValueError("S must hold non-negative power values")
    top_db = check_positive(top_db, "top_db")
    ref = float(S.max()) if ref is None else check_positive(ref, "ref")
    if ref == 0:
        raise ValueError("S is all zeros: give a positive ref")
    tiny = ref * 10.0 ** (-top_db / 10.0)
    db = 10.0 * np.log10(np.maximum(S, tiny) / ref)
    return np.maximum(db, db.max() - top_db)
