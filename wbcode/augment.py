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

Samples may be as loud as ``1e200`` or as quiet as ``1e-200``, and levels as
extreme as :math:`\pm 10^4` dB: powers are computed with scaling, and a
result that cannot be represented in float64 raises ``ValueError``.

References: T. Ko, V. Peddinti, D. Povey, S. Khudanpur, "Audio augmentation
for speech recognition", Interspeech 2015.
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import ArrayLike

from ._audio import MAX_SAMPLES, pow2_scale, rms, wave
from ._checks import FloatArray, check_choice, check_int, check_positive, check_real, check_rng
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


def _times_db(x: FloatArray, db: float, too_loud: str) -> FloatArray:
    r""":math:`x \cdot 10^{\mathrm{dB}/20}`, with no overflow on the way, or ValueError(too_loud).

    A factor beyond the float64 range (:math:`|\mathrm{dB}| > 6000` or so) is
    applied in two halves, so a quiet signal can still be made loud and a
    loud one quiet.
    """
    if not np.any(x):
        return np.zeros_like(x)  # silence stays silence, at any gain
    with np.errstate(over="ignore", invalid="ignore"):
        factor = np.power(10.0, db / 20.0)
        if np.finfo(np.float64).tiny <= factor < np.inf:
            y = x * factor
        else:
            half = np.power(10.0, db / 40.0)
            y = x * half * half
    if not np.all(np.isfinite(y)):
        raise ValueError(too_loud)
    return y


def _length(n: int, r: float, arg: str) -> int:
    """``round(n / r)`` samples, checked to lie in [1, MAX_SAMPLES]; ``arg`` names the cause."""
    m = n / r
    if m > MAX_SAMPLES:
        raise ValueError(f"{arg} makes {m:.3g} samples, more than the {MAX_SAMPLES} allowed")
    if round(m) < 1:
        raise ValueError(f"{arg} leaves no sample of a signal of length {n}")
    return round(m)


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
    s = check_int(shift, "shift")
    mode = check_choice(mode, "mode", ("pad", "roll"))
    n = x.shape[0]
    if mode == "roll":
        return np.roll(x, s % n)
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

    Parameters
    ----------
    x : array_like, shape (n,)
    db : float
        The gain in dB; negative is quieter.

    Returns
    -------
    numpy.ndarray, shape (n,)
        Samples that fall below the float64 range become 0; a result above
        it raises ``ValueError``.

    Examples
    --------
    >>> gain([1.0, -0.5], 20.0)
    array([10., -5.])
    >>> gain([1.0], -6.0).round(4)
    array([0.5012])
    """
    db = check_real(db, "db")
    return _times_db(wave(x), db, f"db = {db} makes the signal too loud for float64")


def snr_db(signal: ArrayLike, noise: ArrayLike) -> float:
    r"""Signal-to-noise ratio :math:`10 \log_{10}(P_\mathrm{signal} / P_\mathrm{noise})` in dB.

    :math:`P` is the mean square of the samples. It is computed as
    :math:`20(\log_{10} \mathrm{rms}_\mathrm{signal} - \log_{10} \mathrm{rms}_\mathrm{noise})`
    with scaled root mean squares, so signals of any magnitude (``1e200``,
    ``1e-200``) give the right ratio.

    Examples
    --------
    >>> snr_db([1.0, -1.0], [0.1, 0.1])
    20.0
    """
    r_s, r_e = rms(wave(signal, "signal")), rms(wave(noise, "noise"))
    if r_s == 0 or r_e == 0:
        raise ValueError("signal and noise must both have non-zero power")
    return float(20.0 * (np.log10(r_s) - np.log10(r_e)))


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
        :math:`x + \alpha e`. For a very high SNR the noise falls below the
        resolution of ``x`` and the result is ``x``; a noise too loud for
        float64 (a very low SNR) raises ``ValueError``.

    Notes
    -----
    The noise :math:`e` is rescaled by

    .. math::

        \alpha = \sqrt{\frac{P_x}{P_e \, 10^{\mathrm{SNR}/10}}},
        \qquad P_x = \tfrac1n \textstyle\sum_t x_t^2,

    so that :math:`10\log_{10}\bigl(P_x / P_{\alpha e}\bigr)` equals the
    requested SNR exactly (up to rounding), whatever noise was drawn. It is
    applied as :math:`(e / \mathrm{rms}_e) \cdot 10^{(20 \log_{10}
    \mathrm{rms}_x - \mathrm{SNR}) / 20}`, so no power or factor overflows on
    the way.

    Examples
    --------
    >>> import numpy as np
    >>> x = np.sin(np.linspace(0, 20, 400))
    >>> y = add_noise(x, 10.0, np.random.default_rng(0))
    >>> round(snr_db(x, y - x), 9)
    10.0
    """
    x = wave(x)
    snr = check_real(snr, "snr")
    rng = check_rng(rng)
    n = x.shape[0]
    rms_x = rms(x)
    if rms_x == 0:
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
    rms_e = rms(e)
    if rms_e == 0:
        raise ValueError("noise must not be all zeros")
    # alpha e = (e / rms_e) rms_x 10**(-snr/20): unit-power noise
    # brought to 20 log10(rms_x) - snr dB in one step (no overflow)
    level = 20.0 * math.log10(rms_x) - snr
    loud = f"snr = {snr} dB asks for noise too loud for float64"
    with np.errstate(over="ignore"):
        y = x + _times_db(e / rms_e, level, loud)
    if not np.all(np.isfinite(y)):
        raise ValueError(loud)
    return y


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
    m = _length(n, r, f"factor {r}")
    return np.interp(np.arange(m) * r, np.arange(n), x)


def _frames_args(n_fft: object, hop: object) -> tuple[int, int]:
    n_fft = check_int(n_fft, "n_fft", minimum=4)
    hop = check_int(hop, "hop", minimum=1)
    if hop > n_fft // 2:
        raise ValueError(f"hop must be at most n_fft // 2 = {n_fft // 2}, got {hop}")
    return n_fft, hop


def time_stretch(x: ArrayLike, rate: float, *, n_fft: int = 1024, hop: int = 256) -> FloatArray:
    r"""Play ``x`` ``rate`` times faster *without* changing its pitch (phase vocoder).

    Parameters
    ----------
    x : array_like, shape (n,)
    rate : float
        :math:`r > 0`; the result has ``round(n / rate)`` samples.
    n_fft, hop : int, default 1024, 256
        Frame length and hop of the short-time Fourier transform
        (:func:`wbcode.spectral.stft`, Hann window); ``hop <= n_fft // 2``.

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

        \Delta\phi_k(m) &= \omega_k H + \operatorname{wrap}\bigl(
        \angle S_k(m+1) - \angle S_k(m) - \omega_k H\bigr), \\
        \phi_k(j+1) &= \phi_k(j) + \Delta\phi_k(\lfloor\tau_j\rfloor),

    with :math:`\omega_k = 2\pi k / N` and hop :math:`H`. The new frames are
    put back together by weighted overlap-add at the same hop :math:`H`
    (:func:`wbcode.spectral.istft`; Flanagan and Golden 1966; Laroche and
    Dolson 1999).

    Examples
    --------
    >>> import numpy as np
    >>> x = np.sin(2 * np.pi * 440 * np.arange(8000) / 8000)
    >>> time_stretch(x, 2.0).shape
    (4000,)
    """
    x = wave(x)
    r = check_positive(rate, "rate")
    n_fft, hop = _frames_args(n_fft, hop)
    length = _length(x.shape[0], r, f"rate {r}")
    xs, j = pow2_scale(x)  # exact; the result is scaled back by 2**j
    S = stft(xs, n_fft, hop).T  # frames down the rows
    S = np.vstack([S, np.zeros((1, S.shape[1]))])  # one silent frame to read past the end
    mag, ang = np.abs(S), np.angle(S)
    tau = np.arange(0.0, S.shape[0] - 1, r)
    m = tau.astype(int)
    frac = (tau - m)[:, None]
    mag_tau = (1.0 - frac) * mag[m] + frac * mag[m + 1]
    omega_h = 2.0 * np.pi * np.arange(S.shape[1]) * hop / n_fft
    dphi = ang[m + 1] - ang[m] - omega_h
    dphi = omega_h + (dphi - 2.0 * np.pi * np.round(dphi / (2.0 * np.pi)))
    phase = ang[0] + np.vstack([np.zeros((1, S.shape[1])), np.cumsum(dphi[:-1], axis=0)])
    y = istft((mag_tau * np.exp(1j * phase)).T, n_fft, hop, length)
    return np.ldexp(y, j)


def pitch_shift(x: ArrayLike, factor: float, *, n_fft: int = 1024, hop: int = 256) -> FloatArray:
    r"""Multiply every frequency by ``factor`` and keep the duration.

    Parameters
    ----------
    x : array_like, shape (n,)
    factor : float
        Frequency ratio :math:`k > 0`; ``2 ** (s / 12)`` shifts by :math:`s`
        semitones.
    n_fft, hop : int
        As for :func:`time_stretch`.

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
    _frames_args(n_fft, hop)
    _length(x.shape[0], 1.0 / k, f"factor {k}")  # the stretched signal: 1 to MAX samples
    n = x.shape[0]
    longer = time_stretch(x, 1.0 / k, n_fft=n_fft, hop=hop)
    y = speed_perturb(longer, k)
    return np.pad(y[:n], (0, max(0, n - y.shape[0])))
