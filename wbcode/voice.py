r"""A synthetic voice, and measuring its pitch.

=========================  ====================================================
make a vowel               :func:`voiced_signal` (source-filter model: a
                           harmonic series shaped by formant resonances)
measure its pitch          :func:`estimate_f0` (autocorrelation)
=========================  ====================================================

Pitch (the fundamental frequency :math:`f_0`) and timbre (the formants) are
separate knobs of :func:`voiced_signal`: the two cues a male/female classifier
can use, and the ones the Q7 chapter follows through every augmentation.

References: G. E. Peterson and H. L. Barney, "Control methods used in a study
of the vowels", J. Acoust. Soc. Am. 24, 1952.
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import ArrayLike

from ._audio import MAX_SAMPLES, pow2_scale, sample_count, wave
from ._checks import FloatArray, as_array, check_positive

__all__ = ["estimate_f0", "voiced_signal"]


def _log_resonance(f: np.ndarray, F: FloatArray, B: FloatArray) -> FloatArray:
    r""":math:`\log R(f)` of a resonator, :math:`R = F^2 / \sqrt{(F^2 - f^2)^2 + (f B)^2}`.

    Evaluated from the logarithms of its factors, :math:`F^2 - f^2 = (F - f)(F + f)`,
    so no square overflows or underflows for any positive finite ``f``, ``F``, ``B``.
    """
    gap = np.abs(F - f)
    log_gap = np.log(
        gap, out=np.full(np.broadcast_shapes(f.shape, F.shape), -np.inf), where=gap > 0
    )
    log_diff = log_gap + np.logaddexp(np.log(F), np.log(f))  # log |F^2 - f^2|
    log_damp = np.log(f) + np.log(B)  # log (f B)
    return 2.0 * np.log(F) - 0.5 * np.logaddexp(2.0 * log_diff, 2.0 * log_damp)


def _formants(formants: ArrayLike, bandwidths: ArrayLike) -> tuple[FloatArray, FloatArray]:
    F = as_array(formants, "formants", ndim=1, allow_empty=True)
    B = as_array(bandwidths, "bandwidths", ndim=1, allow_empty=True)
    if F.shape != B.shape:
        raise ValueError(
            f"formants and bandwidths must have the same length, got {F.shape[0]} and {B.shape[0]}"
        )
    if np.any(F <= 0) or np.any(B <= 0):
        raise ValueError("formants and bandwidths must be > 0 Hz")
    return F, B


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
        85-155 Hz, adult female voices about 165-255 Hz), below ``sr / 2``.
    sr : float
        Sample rate in Hz.
    duration : float
        Length in seconds; at least two samples.
    formants : array_like, shape (j,), default (730, 1090, 2440)
        Resonance frequencies :math:`F_i` of the vocal tract in Hz. The default
        is an adult male /a/ (Peterson and Barney 1952); a female /a/ is
        about (850, 1220, 2810): her shorter vocal tract raises them.
    bandwidths : array_like, shape (j,), default (90, 110, 170)
        Resonance bandwidths :math:`B_i` in Hz.
    fade : float, default 0.02
        Length in seconds of the raised-cosine fade-in and fade-out (at most
        half the signal).

    Returns
    -------
    numpy.ndarray, shape (round(duration * sr),)
        Peak amplitude 0.9.

    Raises
    ------
    ValueError
        If the table of ``n`` samples times ``sr / (2 f0)`` harmonics would
        exceed 10**8 entries.

    Notes
    -----
    Source-filter model: a glottal pulse train has harmonics at
    :math:`h f_0` whose amplitudes fall as :math:`1/h` (glottal roll-off
    and lip radiation together, -6 dB per octave); the vocal tract multiplies
    them by a cascade of resonances,

    .. math::

        x(t) &= \sum_{h=1}^{\lfloor f_s / (2 f_0) \rfloor} \frac{1}{h}
        \prod_i R_i(h f_0) \, \sin(2\pi h f_0 t), \\
        R_i(f) &= \frac{F_i^2}{\sqrt{(F_i^2 - f^2)^2 + (f B_i)^2}} .

    :math:`R_i` is the gain of a second-order resonator (1 at 0 Hz, peak
    :math:`F_i / B_i` at :math:`F_i`). The amplitudes are computed as
    logarithms and scaled to a peak of 1 before the sum (the result is
    scaled to 0.9 anyway), so formants and bandwidths of any magnitude give a
    finite signal.

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
    F, B = _formants(formants, bandwidths)
    if f0 >= sr / 2:
        raise ValueError(f"f0 must be below the Nyquist frequency sr / 2 = {sr / 2}, got {f0}")
    n = sample_count(duration * sr, "duration * sr", minimum=2)
    harmonics = (sr / 2) / f0  # may be inf for a tiny f0
    if n * harmonics > MAX_SAMPLES:
        raise ValueError(
            f"f0 = {f0} Hz at sr = {sr} Hz gives {harmonics:.3g} harmonics; times {n} samples "
            f"that is more than {MAX_SAMPLES} sines: raise f0 or shorten the duration"
        )
    h = np.arange(1, math.floor(harmonics) + 1)
    fh = f0 * h  # harmonic frequencies below Nyquist
    log_r = _log_resonance(fh[:, None], F, B)  # log R_i(h f0)
    log_amp = log_r.sum(axis=1) - np.log(h)  # (1/h) prod_i R_i
    amp = np.exp(log_amp - log_amp.max())  # peak 1
    t = np.arange(n) / sr
    x = np.sin(2.0 * np.pi * t[:, None] * fh) @ amp
    k = round(min(fade * sr, (n - 1) // 2))
    if k > 0:
        ramp = 0.5 - 0.5 * np.cos(np.pi * np.arange(k) / k)
        x[:k] *= ramp
        x[n - k :] *= ramp[::-1]
    peak = np.abs(x).max()
    if peak == 0:  # every sample on a zero crossing
        raise ValueError(
            f"f0 = {f0} Hz at sr = {sr} Hz gives a silent signal",
        )
    return 0.9 * x / peak


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
    :math:`f_0` is above ``fmax`` may be reported an octave low. The
    autocorrelation is computed from :math:`x / 2^j` (exact), so loud and
    quiet signals (``1e200``, ``1e-200``) give the same result.

    Examples
    --------
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
    period = sr / fmin  # the longest period in samples (inf if sr / fmin overflows)
    if not math.ceil(min(period, n)) + 1 < n // 2:
        raise ValueError(
            f"x must be longer than two periods of fmin = {fmin} Hz at sr = {sr} Hz "
            f"({2 * period + 4:.6g} samples), got {n}"
        )
    lo, hi = max(2, math.floor(sr / fmax)), math.ceil(period)
    xs = pow2_scale(x)[0]
    xs = xs - xs.mean()
    spec = np.fft.rfft(xs, 2 * n)
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
