r"""Audio data augmentation on plain numpy waveforms, and the tools to look at it.

A waveform is a 1-D float array ``x`` sampled at ``sr`` samples per second. Each
augmentation returns a new array and leaves ``x`` alone; the random ones draw
only from the ``rng: numpy.random.Generator`` they are given.

=========================  ====================================================
waveform                   :func:`time_shift`, :func:`gain`, :func:`add_noise`,
                           :func:`speed_perturb`, :func:`time_stretch`,
                           :func:`pitch_shift`, :func:`reverberate` with
                           :func:`room_impulse_response`
spectrogram (SpecAugment)  :func:`time_mask`, :func:`freq_mask`,
                           :func:`spec_augment`
looking and measuring      :func:`spectrogram`, :func:`power_to_db`,
                           :func:`snr_db`, :func:`estimate_f0`,
                           :func:`estimate_rt60`
test signal                :func:`voiced_signal` (a synthetic vowel)
=========================  ====================================================

The Q7 chapter demonstrates each method and discusses which ones keep the
label of a male/female speech classifier.

References: T. Ko, V. Peddinti, D. Povey, S. Khudanpur, "Audio augmentation
for speech recognition", Interspeech 2015; D. S. Park et al., "SpecAugment: a
simple data augmentation method for automatic speech recognition",
Interspeech 2019.
"""

from __future__ import annotations

import numbers
from typing import NamedTuple

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view
from numpy.typing import ArrayLike

from ._checks import FloatArray, as_array, check_choice, check_positive, check_rng

__all__ = [
    "SpecAugment",
    "Spectrogram",
    "add_noise",
    "estimate_f0",
    "estimate_rt60",
    "freq_mask",
    "gain",
    "pitch_shift",
    "power_to_db",
    "reverberate",
    "room_impulse_response",
    "snr_db",
    "spec_augment",
    "spectrogram",
    "speed_perturb",
    "time_mask",
    "time_shift",
    "time_stretch",
    "voiced_signal",
]


# -- validation helpers ---------------------------------------------------------


def _wave(x: ArrayLike, name: str = "x") -> FloatArray:
    return as_array(x, name, ndim=1)


def _int(value: object, name: str, *, low: int | None = None) -> int:
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be an integer, got {type(value).__name__} {value!r}")
    val = int(value)
    if low is not None and val < low:
        raise ValueError(f"{name} must be >= {low}, got {val}")
    return val


def _real(value: object, name: str) -> float:
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a real number, got {type(value).__name__} {value!r}")
    val = float(value)
    if not np.isfinite(val):
        raise ValueError(f"{name} must be finite, got {val}")
    return val


def _power(x: FloatArray) -> float:
    return float(np.mean(x**2))


# -- waveform augmentations ----------------------------------------------------


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
    x = _wave(x)
    s = _int(shift, "shift")
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
    x = _wave(x)
    return x * 10.0 ** (_real(db, "db") / 20.0)


def snr_db(signal: ArrayLike, noise: ArrayLike) -> float:
    r"""Signal-to-noise ratio :math:`10 \log_{10}(P_\mathrm{signal} / P_\mathrm{noise})` in dB.

    :math:`P` is the mean square of the samples.

    Examples
    --------
    >>> snr_db([1.0, -1.0], [0.1, 0.1])
    20.0
    """
    s = _wave(signal, "signal")
    e = _wave(noise, "noise")
    p_s, p_e = _power(s), _power(e)
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
    x = _wave(x)
    snr = _real(snr, "snr")
    rng = check_rng(rng)
    n = x.shape[0]
    p_x = _power(x)
    if p_x == 0:
        raise ValueError("x must not be all zeros (its power defines the SNR)")
    e: FloatArray
    if noise is None:
        e = rng.standard_normal((n,))
    else:
        e = _wave(noise, "noise")
        if e.shape[0] >= n:
            start = int(rng.integers(0, e.shape[0] - n + 1))
            e = e[start : start + n]
        else:
            e = np.resize(e, n)
    p_e = _power(e)
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
    x = _wave(x)
    r = check_positive(factor, "factor")
    n = x.shape[0]
    m = round(n / r)
    if m < 1:
        raise ValueError(f"factor {r} leaves no sample of a signal of length {n}")
    return np.interp(np.arange(m) * r, np.arange(n), x)


# -- short-time Fourier transform (private) and the phase vocoder --------------


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
    x = _wave(x)
    r = check_positive(rate, "rate")
    n_fft = _int(n_fft, "n_fft", low=4)
    hop = _int(hop, "hop", low=1)
    if hop > n_fft // 2:
        raise ValueError(f"hop must be at most n_fft // 2 = {n_fft // 2}, got {hop}")
    length = round(x.shape[0] / r)
    if length < 1:
        raise ValueError(f"rate {r} leaves no sample of a signal of length {x.shape[0]}")
    S = _stft(x, n_fft, hop)
    S = np.vstack([S, np.zeros((1, S.shape[1]))])  # one silent frame to read past the end
    tau = np.arange(0.0, S.shape[0] - 1, r)
    m = tau.astype(int)
    frac = (tau - m)[:, None]
    mag = (1.0 - frac) * np.abs(S[m]) + frac * np.abs(S[m + 1])
    omega_h = 2.0 * np.pi * np.arange(S.shape[1]) * hop / n_fft
    dphi = np.angle(S[m + 1]) - np.angle(S[m]) - omega_h
    dphi = omega_h + (dphi - 2.0 * np.pi * np.round(dphi / (2.0 * np.pi)))
    phase = np.angle(S[0]) + np.vstack([np.zeros((1, S.shape[1])), np.cumsum(dphi[:-1], axis=0)])
    return _istft(mag * np.exp(1j * phase), n_fft, hop, length)


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
    x = _wave(x)
    k = check_positive(factor, "factor")
    n = x.shape[0]
    y = speed_perturb(time_stretch(x, 1.0 / k, n_fft=n_fft, hop=hop), k)
    return np.pad(y[:n], (0, max(0, n - y.shape[0])))


# -- reverberation ---------------------------------------------------------------


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
    h = _wave(h, "h")
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
    x = _wave(x)
    h = _wave(h, "h")
    n = x.shape[0]
    size = 1 << (n + h.shape[0] - 2).bit_length()  # a power of 2 >= the full length: fast FFT
    y = np.fft.irfft(np.fft.rfft(x, size) * np.fft.rfft(h, size), size)
    return y[:n]


# -- spectrograms and SpecAugment ----------------------------------------------


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
    x = _wave(x)
    sr = check_positive(sr, "sr")
    n_fft = _int(n_fft, "n_fft", low=2)
    hop = _int(hop, "hop", low=1)
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


def _band(S: FloatArray, start: object, width: object, axis: int, what: str) -> tuple[int, int]:
    n = S.shape[axis]
    s = _int(start, "start", low=0)
    w = _int(width, "width", low=0)
    if s + w > n:
        raise ValueError(f"start + width must be at most the number of {what} ({n}), got {s} + {w}")
    return s, w


def time_mask(S: ArrayLike, start: int, width: int, *, value: float = 0.0) -> FloatArray:
    r"""Set the frames ``start, ..., start + width - 1`` of a spectrogram to ``value``.

    Parameters
    ----------
    S : array_like, shape (n_freqs, n_frames)
        A spectrogram, frequency down the rows (as :func:`spectrogram` returns it);
        SpecAugment works on the log spectrogram normalised to zero mean, where
        the default ``value = 0`` is the mean.
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
    S[:, s : s + w] = _real(value, "value")
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
    S[s : s + w, :] = _real(value, "value")
    return S


class SpecAugment(NamedTuple):
    """Result of :func:`spec_augment`: the masked spectrogram and the bands chosen."""

    S: FloatArray  #: the masked copy, shape (n_freqs, n_frames)
    freq_bands: tuple[tuple[int, int], ...]  #: (start, width) of each frequency mask
    time_bands: tuple[tuple[int, int], ...]  #: (start, width) of each time mask


def _draw_bands(
    rng: np.random.Generator, count: int, max_width: int, n: int
) -> tuple[tuple[int, int], ...]:
    widths = rng.integers(0, min(max_width, n) + 1, size=count)
    starts = rng.integers(0, n - widths + 1)
    return tuple((int(s), int(w)) for s, w in zip(starts, widths, strict=True))


def _cover(bands: tuple[tuple[int, int], ...], n: int) -> np.ndarray:
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
        A (normalised log) spectrogram.
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
    over the :math:`\tau` frames.

    Examples
    --------
    >>> import numpy as np
    >>> out = spec_augment(np.ones((6, 8)), np.random.default_rng(1), max_freq_width=2)
    >>> out.S.shape, len(out.freq_bands), len(out.time_bands)
    ((6, 8), 1, 1)
    """
    S = as_array(S, "S", ndim=2).copy()
    rng = check_rng(rng)
    nf, nt = S.shape
    fb = _draw_bands(
        rng,
        _int(freq_masks, "freq_masks", low=0),
        _int(max_freq_width, "max_freq_width", low=0),
        nf,
    )
    tb = _draw_bands(
        rng,
        _int(time_masks, "time_masks", low=0),
        _int(max_time_width, "max_time_width", low=0),
        nt,
    )
    v = _real(value, "value")
    S[_cover(fb, nf), :] = v
    S[:, _cover(tb, nt)] = v
    return SpecAugment(S, fb, tb)


# -- a synthetic voice, and measuring its pitch -------------------------------


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
    x = _wave(x)
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
