r"""A synthetic voice, and measuring its pitch.

=========================  ====================================================
make a vowel               :func:`voiced_signal` (source-filter model)
measure its pitch          :func:`estimate_f0` (autocorrelation)
=========================  ====================================================

References: G. E. Peterson and H. L. Barney, "Control methods used in a study
of the vowels", J. Acoust. Soc. Am. 24, 1952.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from ._audio import wave
from ._checks import FloatArray, as_array, check_positive

__all__ = ["estimate_f0", "voiced_signal"]


def voiced_signal(
    f0: float,
    sr: float,
    duration: float,
    *,
    formants: ArrayLike = (730.0, 1090.0, 2440.0),
    bandwidths: ArrayLike = (90.0, 110.0, 170.0),
    fade: float = 0.02,
) -> FloatArray:
    r"""A synthetic sustained vowel: a harmonic series shaped by formant resonances.

    Parameters
    ----------
    f0 : float
        Fundamental frequency in Hz (the pitch; adult male voices about
        85-155 Hz, adult female voices about 165-255 Hz).
    sr : float
        Sample rate in Hz.
    duration : float
        Length in seconds.
    formants : array_like, shape (j,), default (730, 1090, 2440)
        Resonance frequencies :math:`F_i` of the vocal tract in Hz. The default
        is an adult male /a/ (Peterson and Barney 1952); a female /a/ is
        about (850, 1220, 2810): her shorter vocal tract raises them.
    bandwidths : array_like, shape (j,), default (90, 110, 170)
        Resonance bandwidths :math:`B_i` in Hz.
    fade : float, default 0.02
        Length in seconds of the raised-cosine fade-in and fade-out.

    Returns
    -------
    numpy.ndarray, shape (round(duration * sr),)
        Peak amplitude 0.9.

    Notes
    -----
    Source-filter model: a glottal pulse train has harmonics at
    :math:`h f_0` whose amplitudes fall as :math:`1/h` (glottal roll-off
    and lip radiation together, -6 dB per octave); the vocal tract multiplies
    them by a cascade of resonances,

    .. math::

        x(t) = \sum_{h=1}^{\lfloor f_s / (2 f_0) \rfloor} \frac{1}{h}
        \prod_i R_i(h f_0) \, \sin(2\pi h f_0 t),
        \qquad
        R_i(f) = \frac{F_i^2}{\sqrt{(F_i^2 - f^2)^2 + (f B_i)^2}} .

    :math:`R_i` is the gain of a second-order resonator (1 at 0 Hz, peak
    :math:`F_i / B_i` at :math:`F_i`). Pitch (f0) and timbre (formants)
    are separate knobs, the two cues a gender classifier can use.

    Examples
    --------
    >>> x = voiced_signal(110.0, 8000, 0.25)
    >>> x.shape, round(float(abs(x).max()), 6)
    ((2000,), 0.9)
    """
    f0 = check_positive(f0, "f0")
    sr = check_positive(sr, "sr")
    duration = check_positive(duration, "duration")
    fade = check_positive(fade, "fade", strict=False)
    F = as_array(formants, "formants", ndim=1, allow_empty=True)
    B = as_array(bandwidths, "bandwidths", ndim=1, allow_empty=True)
    if F.shape != B.shape:
        raise ValueError(
            f"formants and bandwidths must have the same length, got {F.shape[0]} and {B.shape[0]}"
        )
    if np.any(F <= 0) or np.any(B <= 0):
        raise ValueError("formants and bandwidths must be > 0 Hz")
    if f0 >= sr / 2:
        raise ValueError(f"f0 must be below the Nyquist frequency sr / 2 = {sr / 2}, got {f0}")
    n = round(duration * sr)
    if n < 2:
        raise ValueError(f"duration * sr must give at least two samples, got {duration * sr}")
    fh = f0 * np.arange(1, int((sr / 2) // f0) + 1)  # harmonic frequencies below Nyquist
    resonance = F**2 / np.sqrt((F**2 - fh[:, None] ** 2) ** 2 + (fh[:, None] * B) ** 2)
    amp = np.prod(resonance, axis=1) * f0 / fh
    t = np.arange(n) / sr
    x = np.sin(2.0 * np.pi * t[:, None] * fh) @ amp
    k = min(round(fade * sr), n // 2)
    if k > 0:
        ramp = 0.5 - 0.5 * np.cos(np.pi * np.arange(k) / k)
        x[:k] *= ramp
        x[n - k :] *= ramp[::-1]
    return 0.9 * x / np.abs(x).max()


def estimate_f0(x: ArrayLike, sr: float, *, fmin: float = 60.0, fmax: float = 400.0) -> float:
    r"""Fundamental frequency of a voiced signal from its autocorrelation.

    Parameters
    ----------
    x : array_like, shape (n,)
        A voiced waveform, at least two periods of ``fmin`` long.
    sr : float
        Sample rate in Hz.
    fmin, fmax : float, default 60, 400
        The search range in Hz.

    Returns
    -------
    float
        :math:`f_s / \ell^\ast` in Hz.

    Notes
    -----
    The autocorrelation :math:`r_\ell = \sum_t x_t x_{t+\ell}` (mean removed)
    of a periodic signal peaks at every multiple of the period, and the peaks
    are nearly equally high (a period that is not a whole number of samples
    can even make a later peak the highest). So :math:`\ell^\ast` is the
    *first* local maximum within :math:`[f_s / f_\mathrm{max},
    f_s / f_\mathrm{min}]` that reaches 90 % of the highest one there; it is
    refined by fitting a parabola through it and its two neighbours. The true
    :math:`f_0` must lie within the range: a signal without an
    autocorrelation peak there raises ``ValueError``, and one whose
    :math:`f_0` is above ``fmax`` may be reported an octave low.

    Examples
    --------
    >>> import numpy as np
    >>> round(estimate_f0(voiced_signal(110.0, 8000, 0.3), 8000), 1)
    110.0
    """
    x = wave(x)
    sr = check_positive(sr, "sr")
    fmin = check_positive(fmin, "fmin")
    fmax = check_positive(fmax, "fmax")
    if fmin >= fmax:
        raise ValueError(f"fmin must be below fmax, got {fmin} and {fmax}")
    n = x.shape[0]
    lo, hi = max(2, int(np.floor(sr / fmax))), int(np.ceil(sr / fmin))
    if hi + 1 >= n // 2:
        raise ValueError(f"x must be longer than two periods of fmin: {2 * (hi + 2)} samples")
    x = x - x.mean()
    spec = np.fft.rfft(x, 2 * n)
    r = np.fft.irfft(np.abs(spec) ** 2)[: hi + 2]
    if r[0] == 0:
        raise ValueError("x must not be constant")
    seg = r[lo - 1 : hi + 2]
    peak = (seg[1:-1] >= seg[:-2]) & (seg[1:-1] >= seg[2:])
    if not np.any(peak & (seg[1:-1] > 0)):
        raise ValueError(
            f"x shows no periodicity between fmin = {fmin} Hz and fmax = {fmax} Hz "
            "(no autocorrelation peak in that range)"
        )
    good = peak & (seg[1:-1] >= 0.9 * seg[1:-1].max())
    lag = lo + int(np.argmax(good))
    a, b, c = r[lag - 1], r[lag], r[lag + 1]
    denom = a - 2.0 * b + c
    shift = 0.5 * (a - c) / denom if denom < 0 else 0.0
    return float(sr / (lag + shift))
