r"""Room acoustics: synthetic impulse responses, reverberation, the reverberation time.

In a room the microphone receives the direct sound and then a dense tail of
reflections whose energy decays exponentially. The reverberation time
:math:`T_{60}` is the time that energy takes to fall by 60 dB.

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

from ._audio import pow2_scale, sample_count, wave
from ._checks import FloatArray, check_positive, check_rng

__all__ = ["estimate_rt60", "reverberate", "room_impulse_response"]


def room_impulse_response(
    sr: float, rt60: float, rng: np.random.Generator, *, duration: float | None = None
) -> FloatArray:
    r"""A synthetic room impulse response: Gaussian noise under an exponential decay.

    Parameters
    ----------
    sr : float
        Sample rate in Hz.
    rt60 : float
        Reverberation time in seconds: the time the energy takes to fall by
        60 dB (a living room about 0.4 s, a lecture hall 1 s, a church
        several). At least one sample, ``rt60 * sr >= 1``.
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
    if rt60 * sr < 1.0:
        raise ValueError(f"rt60 * sr must be at least one sample, got {rt60 * sr:.3g}")
    n = sample_count(duration * sr, "duration * sr")
    t = np.arange(n) / sr
    h = rng.standard_normal(n) * 10.0 ** (-3.0 * (t / rt60))
    return h / np.sqrt(np.sum(h**2))


def estimate_rt60(h: ArrayLike, sr: float) -> float:
    r"""Reverberation time of an impulse response by Schroeder backward integration.

    Parameters
    ----------
    h : array_like, shape (n,)
        Impulse response; its energy decay must reach :math:`-25` dB.
    sr : float
        Sample rate in Hz.

    Returns
    -------
    float
        :math:`T_{60}` in seconds, extrapolated from the decay between
        :math:`-5` and :math:`-25` dB (the "T20" of ISO 3382).

    Raises
    ------
    ValueError
        If ``h`` is all zeros, or its energy decay does not reach
        :math:`-25` dB (the response is too short to measure), or fewer than
        two samples lie between :math:`-5` and :math:`-25` dB.

    Notes
    -----
    The energy decay curve :math:`E(t) = \sum_{u \ge t} h_u^2` (Schroeder 1965)
    is smooth even when :math:`h` is noise. A straight line is fitted to
    :math:`10\log_{10} E(t)/E(0)` where it lies between :math:`-5` and
    :math:`-25` dB; :math:`T_{60} = -60 / \text{slope}`. The energies are
    computed from :math:`h / 2^j` (an exact scaling that cancels in the
    ratio), so responses of any magnitude, ``1e200`` or ``1e-200``, give the
    same result.

    Examples
    --------
    >>> import numpy as np
    >>> # a noiseless 0.5 s decay
    >>> h = 10.0 ** (-3.0 * np.arange(8000) / 8000 / 0.5)
    >>> round(estimate_rt60(h, 8000), 2)
    0.5
    """
    h = wave(h, "h")
    sr = check_positive(sr, "sr")
    hs = pow2_scale(h)[0]
    energy = np.cumsum((hs**2)[::-1])[::-1]
    if energy[0] == 0:
        raise ValueError("h must not be all zeros")
    edc = np.full(h.shape, -np.inf)  # decay curve in dB; -inf after the last non-zero sample
    np.log10(energy / energy[0], out=edc, where=energy > 0)
    edc *= 10.0
    if edc[-1] > -25.0:
        raise ValueError(
            f"h is too short to measure: its energy decays only to {edc[-1]:.1f} dB, "
            "and the fit needs the decay from -5 dB to -25 dB"
        )
    k = np.flatnonzero((edc <= -5.0) & (edc >= -25.0))
    if k.shape[0] < 2:
        raise ValueError(
            "h is too short to measure: fewer than two samples lie between -5 dB and -25 dB"
        )
    slope = np.polyfit(k, edc[k], 1)[0]  # dB per sample
    return float(-60.0 / slope / sr)


def reverberate(x: ArrayLike, h: ArrayLike) -> FloatArray:
    r"""Convolve ``x`` with the impulse response ``h``; keep the first ``len(x)`` samples.

    Parameters
    ----------
    x : array_like, shape (n,)
        The dry signal.
    h : array_like, shape (m,)
        The impulse response.

    Returns
    -------
    numpy.ndarray, shape (n,)

    Raises
    ------
    ValueError
        If the reverberant signal exceeds float64 (``x`` and ``h`` both very
        loud, say ``1e200`` each).

    Notes
    -----
    :math:`y_t = \sum_u h_u x_{t-u}` (a true convolution: the room responds to
    each sample with a delayed, scaled copy of :math:`h`), computed with the
    FFT of :math:`x / 2^i` and :math:`h / 2^j`, scaled back by
    :math:`2^{i+j}` (exact). The tail that rings on after the end of ``x``
    is cut, so the result is as long as the input; samples of ``h`` beyond
    ``len(x)`` cannot reach it and are left out of the FFT.

    Examples
    --------
    >>> reverberate([1.0, 2.0, 0.0], [1.0, 0.5]).round(12)
    array([1. , 2.5, 1. ])
    """
    x = wave(x)
    h = wave(h, "h")
    n = x.shape[0]
    xs, i = pow2_scale(x)
    hs, j = pow2_scale(h[:n])
    size = 1 << (n + hs.shape[0] - 2).bit_length()  # a power of 2 >= the full length: fast FFT
    ys = np.fft.irfft(np.fft.rfft(xs, size) * np.fft.rfft(hs, size), size)[:n]
    peak = float(np.abs(ys).max())
    if peak > 0 and np.log2(peak) + i + j >= 1024:  # 2**1024 overflows
        raise ValueError("x and h are too loud together: the reverberant signal exceeds float64")
    return np.ldexp(ys, i + j)
