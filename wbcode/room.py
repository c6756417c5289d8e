r"""Room acoustics: synthetic impulse responses, reverberation, the reverberation time.

=========================  ====================================================
make a room                :func:`room_impulse_response`
apply it                   :func:`reverberate`
measure it                 :func:`estimate_rt60`
=========================  ====================================================

References: M. R. Schroeder, "New method of measuring reverberation time",
J. Acoust. Soc. Am. 37, 1965; T. Ko et al., "A study on data augmentation of
reverberant speech for robust speech recognition", ICASSP 2017.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from ._audio import wave
from ._checks import FloatArray, check_positive, check_rng

__all__ = ["estimate_rt60", "reverberate", "room_impulse_response"]


def room_impulse_response(
    sr: float, rt60: float, rng: np.random.Generator, *, duration: float | None = None
) -> FloatArray:
    r"""A synthetic room impulse response: white noise under an exponential decay.

    Parameters
    ----------
    sr : float
        Sample rate in Hz.
    rt60 : float
        Reverberation time in seconds: the time the energy takes to fall by
        60 dB (a living room about 0.4 s, a lecture hall 1 s, a church several).
    rng : numpy.random.Generator
    duration : float, optional
        Length of the response in seconds; default ``rt60`` (where the
        envelope has fallen by 60 dB already).

    Returns
    -------
    numpy.ndarray, shape (round(duration * sr),)
        Scaled to unit energy, :math:`\sum_t h_t^2 = 1`.

    Notes
    -----
    .. math::

        h_t = c\, \varepsilon_t\, 10^{-3 t / (f_s T_{60})},
        \qquad \varepsilon_t \sim \mathcal N(0, 1),

    so the energy envelope :math:`h_t^2 \propto 10^{-6 t / (f_s T_{60})}`
    loses 60 dB in :math:`T_{60}` seconds. A real room adds a direct path and
    sparse early reflections first; the late, diffuse tail that this models
    is what smears speech in time (Ko et al. 2017 use measured and simulated
    responses).

    Examples
    --------
    >>> import numpy as np
    >>> h = room_impulse_response(8000, 0.3, np.random.default_rng(0))
    >>> h.shape, round(float(np.sum(h**2)), 12)
    ((2400,), 1.0)
    """
    sr = check_positive(sr, "sr")
    rt60 = check_positive(rt60, "rt60")
    rng = check_rng(rng)
    duration = rt60 if duration is None else check_positive(duration, "duration")
    n = round(duration * sr)
    if n < 1:
        raise ValueError(f"duration * sr must give at least one sample, got {duration * sr}")
    t = np.arange(n) / sr
    h = rng.standard_normal(n) * 10.0 ** (-3.0 * t / rt60)
    return h / np.sqrt(np.sum(h**2))


def estimate_rt60(h: ArrayLike, sr: float) -> float:
    r"""Reverberation time of an impulse response by Schroeder backward integration.

    Parameters
    ----------
    h : array_like, shape (n,)
        Impulse response.
    sr : float
        Sample rate in Hz.

    Returns
    -------
    float
        :math:`T_{60}` in seconds, extrapolated from the decay between
        :math:`-5` and :math:`-25` dB (the "T20" of ISO 3382).

    Notes
    -----
    The energy decay curve :math:`E(t) = \sum_{u \ge t} h_u^2` (Schroeder 1965)
    is smooth even when :math:`h` is noise. A straight line is fitted to
    :math:`10\log_{10} E(t)/E(0)` where it lies between :math:`-5` and
    :math:`-25` dB; :math:`T_{60} = -60 / \text{slope}`.

    Examples
    --------
    >>> import numpy as np
    >>> h = 10.0 ** (-3.0 * np.arange(8000) / 8000 / 0.5)  # a noiseless 0.5 s decay
    >>> round(estimate_rt60(h, 8000), 2)
    0.5
    """
    h = wave(h, "h")
    sr = check_positive(sr, "sr")
    energy = np.cumsum((h**2)[::-1])[::-1]
    if energy[0] == 0:
        raise ValueError("h must not be all zeros")
    with np.errstate(divide="ignore"):
        edc = 10.0 * np.log10(energy / energy[0])
    sel = (edc <= -5.0) & (edc >= -25.0)
    if np.count_nonzero(sel) < 2:
        raise ValueError("h does not decay from -5 dB to -25 dB; it is too short to measure")
    t = np.arange(h.shape[0]) / sr
    slope = np.polyfit(t[sel], edc[sel], 1)[0]
    return float(-60.0 / slope)


def reverberate(x: ArrayLike, h: ArrayLike) -> FloatArray:
    r"""Convolve ``x`` with the impulse response ``h``; keep the first ``len(x)`` samples.

    Notes
    -----
    :math:`y_t = \sum_u h_u x_{t-u}` (a true convolution: the room responds to
    each sample with a delayed, scaled copy of :math:`h`), computed with the
    FFT. The tail that rings on after the end of ``x`` is cut, so the result is
    as long as the input.

    Examples
    --------
    >>> reverberate([1.0, 2.0, 0.0], [1.0, 0.5]).round(12)
    array([1. , 2.5, 1. ])
    """
    x = wave(x)
    h = wave(h, "h")
    n = x.shape[0]
    size = 1 << (n + h.shape[0] - 2).bit_length()  # a power of 2 >= the full length: fast FFT
    y = np.fft.irfft(np.fft.rfft(x, size) * np.fft.rfft(h, size), size)
    return y[:n]
