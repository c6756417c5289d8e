r"""Audio data augmentation on plain numpy waveforms.

A waveform is a 1-D float array ``x`` sampled at ``sr`` samples per second. Each
augmentation returns a new array and leaves ``x`` alone; the random ones draw
only from the ``rng: numpy.random.Generator`` they are given.

=========================  ====================================================
timing and level           :func:`time_shift`, :func:`gain`
background noise           :func:`add_noise`, measured by :func:`snr_db`
speed, tempo and pitch     :func:`speed_perturb`, :func:`time_stretch`
                           (phase vocoder), :func:`pitch_shift`
=========================  ====================================================

Rooms are in :mod:`wbcode.room` (:func:`~wbcode.room.reverberate`), masks on
the spectrogram in :mod:`wbcode.specaugment`, the synthetic test voice in
:mod:`wbcode.voice`. The Q7 chapter demonstrates each method and discusses
which ones keep the label of a male/female speech classifier.

References: T. Ko, V. Peddinti, D. Povey, S. Khudanpur, "Audio augmentation
for speech recognition", Interspeech 2015.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from ._audio import integer, power, real, wave
from ._checks import FloatArray, check_choice, check_positive, check_rng
from .spectral import istft, stft

__all__ = [
    "add_noise",
    "gain",
    "pitch_shift",
    "snr_db",
    "speed_perturb",
    "time_shift",
    "time_stretch",
]


def time_shift(x: ArrayLike, shift: int, *, mode: str = "pad") -> FloatArray:
    r"""Shift a waveform in time by ``shift`` samples (positive = later).

    Parameters
    ----------
    x : array_like, shape (n,)
        The waveform.
    shift : int
        Number of samples; positive delays the signal, negative advances it.
    mode : {"pad", "roll"}, default "pad"
        ``"pad"``: the vacated samples are zeros (silence) and the samples
        pushed past the end are dropped. ``"roll"``: circular shift, the
        samples pushed past one end come back at the other (``numpy.roll``).

    Returns
    -------
    numpy.ndarray, shape (n,)

    Notes
    -----
    With ``mode="pad"`` and :math:`s \ge 0`: :math:`y_t = x_{t-s}` for
    :math:`t \ge s` and :math:`y_t = 0` before; with ``"roll"``:
    :math:`y_t = x_{(t - s) \bmod n}`.

    Examples
    --------
    >>> time_shift([1.0, 2.0, 3.0, 4.0], 1)
    array([0., 1., 2., 3.])
    >>> time_shift([1.0, 2.0, 3.0, 4.0], -1, mode="roll")
    array([2., 3., 4., 1.])
    """
    x = wave(x)
    s = integer(shift, "shift")
    mode = check_choice(mode, "mode", ("pad", "roll"))
    if mode == "roll":
        return np.roll(x, s)
    n = x.shape[0]
    y = np.zeros_like(x)
    if abs(s) >= n:
        return y
    if s >= 0:
        y[s:] = x[: n - s]
    else:
        y[:s] = x[-s:]
    return y


def gain(x: ArrayLike, db: float) -> FloatArray:
    r"""Change the volume by ``db`` decibels: multiply by :math:`10^{\mathrm{dB}/20}`.

    Examples
    --------
    >>> gain([1.0, -0.5], 20.0)
    array([10., -5.])
    >>> gain([1.0], -6.0).round(4)
    array([0.5012])
    """
    x = wave(x)
    return x * 10.0 ** (real(db, "db") / 20.0)


def snr_db(signal: ArrayLike, noise: ArrayLike) -> float:
    r"""Signal-to-noise ratio :math:`10 \log_{10}(P_\mathrm{signal} / P_\mathrm{noise})` in dB.

    :math:`P` is the mean square of the samples.

    Examples
    --------
    >>> snr_db([1.0, -1.0], [0.1, 0.1])
    20.0
    """
    s = wave(signal, "signal")
    e = wave(noise, "noise")
    p_s, p_e = power(s), power(e)
    if p_s == 0 or p_e == 0:
        raise ValueError("signal and noise must both have non-zero power")
    return float(10.0 * np.log10(p_s / p_e))


def add_noise(
    x: ArrayLike,
    snr: float,
    rng: np.random.Generator,
    *,
    noise: ArrayLike | None = None,
) -> FloatArray:
    r"""Add noise scaled to a signal-to-noise ratio of exactly ``snr`` dB.

    Parameters
    ----------
    x : array_like, shape (n,)
        The clean waveform (must not be all zeros).
    snr : float
        The wanted SNR in dB; lower means noisier (0 dB: noise as loud as the signal).
    rng : numpy.random.Generator
        Draws white Gaussian noise when ``noise`` is not given, and the random
        start of the excerpt when it is.
    noise : array_like, shape (m,), optional
        A noise recording (babble, street, ...). If ``m >= n`` a random excerpt
        of length ``n`` is used, otherwise it is repeated.

    Returns
    -------
    numpy.ndarray, shape (n,)
        :math:`x + \alpha e`.

    Notes
    -----
    The noise :math:`e` is rescaled by

    .. math::

        \alpha = \sqrt{\frac{P_x}{P_e \, 10^{\mathrm{SNR}/10}}},
        \qquad P_x = \tfrac1n \textstyle\sum_t x_t^2,

    so that :math:`10\log_{10}\bigl(P_x / P_{\alpha e}\bigr)` equals the
    requested SNR exactly (up to rounding), whatever noise was drawn.

    Examples
    --------
    >>> import numpy as np
    >>> x = np.sin(np.linspace(0, 20, 400))
    >>> y = add_noise(x, 10.0, np.random.default_rng(0))
    >>> round(snr_db(x, y - x), 9)
    10.0
    """
    x = wave(x)
    snr = real(snr, "snr")
    rng = check_rng(rng)
    n = x.shape[0]
    p_x = power(x)
    if p_x == 0:
        raise ValueError("x must not be all zeros (its power defines the SNR)")
    e: FloatArray
    if noise is None:
        e = rng.standard_normal((n,))
    else:
        e = wave(noise, "noise")
        if e.shape[0] >= n:
            start = int(rng.integers(0, e.shape[0] - n + 1))
            e = e[start : start + n]
        else:
            e = np.resize(e, n)
    p_e = power(e)
    if p_e == 0:
        raise ValueError("noise must not be all zeros")
    alpha = np.sqrt(p_x / (p_e * 10.0 ** (snr / 10.0)))
    return x + alpha * e


def speed_perturb(x: ArrayLike, factor: float) -> FloatArray:
    r"""Play ``x`` ``factor`` times faster: shorter by the factor, pitch up by the factor.

    Parameters
    ----------
    x : array_like, shape (n,)
    factor : float
        Speed factor :math:`r > 0`; Ko et al. (2015) use 0.9, 1.0 and 1.1.

    Returns
    -------
    numpy.ndarray, shape (round(n / factor),)

    Notes
    -----
    Resampling by linear interpolation between neighbouring samples:

    .. math::

        y_i = x(i\,r), \qquad i = 0, 1, \dots, \operatorname{round}(n/r) - 1,

    where :math:`x(t)` joins the samples by straight lines (and holds the last
    one beyond the end). A tone of frequency :math:`f` becomes a tone of
    :math:`r f`: duration and every frequency (f0 and formants) change together,
    like a tape played at another speed. No anti-aliasing filter is applied, so
    for :math:`r > 1` content above :math:`f_s / (2r)` folds back; for speech
    at :math:`r \le 1.2` there is little energy there.

    Examples
    --------
    >>> speed_perturb([0.0, 1.0, 2.0, 3.0], 0.5)
    array([0. , 0.5, 1. , 1.5, 2. , 2.5, 3. , 3. ])
    >>> speed_perturb([0.0, 1.0, 2.0, 3.0], 2.0)
    array([0., 2.])
    """
    x = wave(x)
    r = check_positive(factor, "factor")
    n = x.shape[0]
    m = round(n / r)
    if m < 1:
        raise ValueError(f"factor {r} leaves no sample of a signal of length {n}")
    return np.interp(np.arange(m) * r, np.arange(n), x)


def time_stretch(x: ArrayLike, rate: float, *, n_fft: int = 1024, hop: int = 256) -> FloatArray:
    r"""Play ``x`` ``rate`` times faster *without* changing its pitch (phase vocoder).

    Parameters
    ----------
    x : array_like, shape (n,)
    rate : float
        :math:`r > 0`; the result has ``round(n / rate)`` samples.
    n_fft, hop : int, default 1024, 256
        Frame length and hop of the short-time Fourier transform (Hann window).

    Returns
    -------
    numpy.ndarray, shape (round(n / rate),)

    Notes
    -----
    The STFT :math:`S_{k}(m)` (frame :math:`m`, bin :math:`k`) is read at the
    fractional frame positions :math:`\tau_j = j r`. The magnitude is
    interpolated linearly between the two neighbouring frames; the phase is
    accumulated from the measured phase advance between them, so every
    sinusoid keeps its frequency:

    .. math::

        \Delta\phi_k(m) = \omega_k H + \operatorname{wrap}\bigl(
        \angle S_k(m+1) - \angle S_k(m) - \omega_k H\bigr),
        \qquad \phi_k(j+1) = \phi_k(j) + \Delta\phi_k(\lfloor\tau_j\rfloor),

    with :math:`\omega_k = 2\pi k / N` and hop :math:`H`. The new frames are
    put back together by weighted overlap-add at the same hop :math:`H`
    (Flanagan and Golden 1966; Laroche and Dolson 1999).

    Examples
    --------
    >>> import numpy as np
    >>> x = np.sin(2 * np.pi * 440 * np.arange(8000) / 8000)
    >>> time_stretch(x, 2.0).shape
    (4000,)
    """
    x = wave(x)
    r = check_positive(rate, "rate")
    n_fft = integer(n_fft, "n_fft", low=4)
    hop = integer(hop, "hop", low=1)
    if hop > n_fft // 2:
        raise ValueError(f"hop must be at most n_fft // 2 = {n_fft // 2}, got {hop}")
    length = round(x.shape[0] / r)
    if length < 1:
        raise ValueError(f"rate {r} leaves no sample of a signal of length {x.shape[0]}")
    S = stft(x, n_fft, hop).T  # frames down the rows
    S = np.vstack([S, np.zeros((1, S.shape[1]))])  # one silent frame to read past the end
    tau = np.arange(0.0, S.shape[0] - 1, r)
    m = tau.astype(int)
    frac = (tau - m)[:, None]
    mag = (1.0 - frac) * np.abs(S[m]) + frac * np.abs(S[m + 1])
    omega_h = 2.0 * np.pi * np.arange(S.shape[1]) * hop / n_fft
    dphi = np.angle(S[m + 1]) - np.angle(S[m]) - omega_h
    dphi = omega_h + (dphi - 2.0 * np.pi * np.round(dphi / (2.0 * np.pi)))
    phase = np.angle(S[0]) + np.vstack([np.zeros((1, S.shape[1])), np.cumsum(dphi[:-1], axis=0)])
    return istft((mag * np.exp(1j * phase)).T, n_fft, hop, length)


def pitch_shift(x: ArrayLike, factor: float, *, n_fft: int = 1024, hop: int = 256) -> FloatArray:
    r"""Multiply every frequency by ``factor`` and keep the duration.

    Parameters
    ----------
    x : array_like, shape (n,)
    factor : float
        Frequency ratio :math:`k > 0`; ``2 ** (s / 12)`` shifts by :math:`s`
        semitones.
    n_fft, hop : int
        Passed to :func:`time_stretch`.

    Returns
    -------
    numpy.ndarray, shape (n,)

    Notes
    -----
    Two steps that undo each other's change of duration:
    :func:`time_stretch` with rate :math:`1/k` makes the signal :math:`k`
    times longer at the same pitch, then :func:`speed_perturb` with factor
    :math:`k` plays it :math:`k` times faster, which multiplies every
    frequency by :math:`k` and restores the length (cut or zero-padded to
    exactly :math:`n`). The whole spectrum is scaled, so the formants move
    with f0, as with :func:`speed_perturb`.

    Examples
    --------
    >>> import numpy as np
    >>> x = np.sin(2 * np.pi * 440 * np.arange(8000) / 8000)
    >>> pitch_shift(x, 2 ** (2 / 12)).shape
    (8000,)
    """
    x = wave(x)
    k = check_positive(factor, "factor")
    n = x.shape[0]
    y = speed_perturb(time_stretch(x, 1.0 / k, n_fft=n_fft, hop=hop), k)
    return np.pad(y[:n], (0, max(0, n - y.shape[0])))
