"""Tests of wbcode.augment: audio augmentation, spectrograms, the synthetic voice."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wbcode.augment import (
    add_noise,
    estimate_f0,
    estimate_rt60,
    freq_mask,
    gain,
    pitch_shift,
    power_to_db,
    reverberate,
    room_impulse_response,
    snr_db,
    spec_augment,
    spectrogram,
    speed_perturb,
    time_mask,
    time_shift,
    time_stretch,
    voiced_signal,
)

SR = 16000


def tone(freq: float, n: int = SR, sr: float = SR) -> np.ndarray:
    return np.sin(2 * np.pi * freq * np.arange(n) / sr)


def peak_hz(x: np.ndarray, sr: float = SR) -> float:
    """Frequency of the largest FFT bin of a Hann-windowed signal (resolution sr / len(x))."""
    X = np.abs(np.fft.rfft(x * np.hanning(len(x))))
    return float(np.argmax(X) * sr / len(x))


# -- time shift ----------------------------------------------------------------------


def test_time_shift_pad_by_hand():
    x = [1.0, 2.0, 3.0, 4.0, 5.0]
    assert time_shift(x, 2).tolist() == [0.0, 0.0, 1.0, 2.0, 3.0]
    assert time_shift(x, -2).tolist() == [3.0, 4.0, 5.0, 0.0, 0.0]
    assert time_shift(x, 0).tolist() == x
    assert time_shift(x, 5).tolist() == [0.0] * 5
    assert time_shift(x, -7).tolist() == [0.0] * 5


def test_time_shift_roll_by_hand():
    x = [1.0, 2.0, 3.0, 4.0, 5.0]
    assert time_shift(x, 2, mode="roll").tolist() == [4.0, 5.0, 1.0, 2.0, 3.0]
    assert time_shift(x, -1, mode="roll").tolist() == [2.0, 3.0, 4.0, 5.0, 1.0]


@given(
    st.lists(st.floats(-1, 1), min_size=1, max_size=50),
    st.integers(-60, 60),
)
def test_time_shift_properties(values, s):
    x = np.array(values)
    rolled = time_shift(x, s, mode="roll")
    np.testing.assert_array_equal(time_shift(rolled, -s, mode="roll"), x)
    padded = time_shift(x, s)
    assert padded.shape == x.shape
    n = len(x)
    for t in range(n):  # the definition, sample by sample
        want = x[t - s] if 0 <= t - s < n else 0.0
        assert padded[t] == want


def test_time_shift_does_not_modify_input():
    x = np.array([1.0, 2.0, 3.0])
    time_shift(x, 1)
    assert x.tolist() == [1.0, 2.0, 3.0]


# -- gain and noise -----------------------------------------------------------------


def test_gain_by_hand():
    np.testing.assert_allclose(gain([1.0, -2.0], 20.0), [10.0, -20.0])
    np.testing.assert_allclose(gain([1.0], -40.0), [0.01])
    np.testing.assert_allclose(gain([3.0], 0.0), [3.0])


@given(st.floats(-60, 60), st.integers(0, 10_000))
def test_gain_changes_level_by_db(db, seed):
    x = np.random.default_rng(seed).standard_normal(64)
    y = gain(x, db)
    measured = 20 * np.log10(np.sqrt(np.mean(y**2)) / np.sqrt(np.mean(x**2)))
    assert measured == pytest.approx(db, abs=1e-9)


def test_snr_db_by_hand():
    # signal power 1, noise power 0.01 -> 10 log10(100) = 20 dB
    assert snr_db([1.0, -1.0], [0.1, -0.1]) == pytest.approx(20.0)
    assert snr_db([2.0, 2.0], [2.0, -2.0]) == pytest.approx(0.0)


@settings(max_examples=50)
@given(st.floats(-20, 60), st.integers(0, 2**32 - 1))
def test_add_noise_hits_the_snr_exactly(snr, seed):
    rng = np.random.default_rng(seed)
    x = voiced_signal(110.0, 8000, 0.05)
    y = add_noise(x, snr, rng)
    assert y.shape == x.shape
    assert snr_db(x, y - x) == pytest.approx(snr, abs=1e-9)


@pytest.mark.parametrize("m", [37, 400, 1000, 5000])
def test_add_noise_with_a_recording(m):
    x = tone(440.0, 1000)
    rec = np.random.default_rng(3).uniform(-1, 1, m)
    y = add_noise(x, 5.0, np.random.default_rng(1), noise=rec)
    e = y - x
    assert snr_db(x, e) == pytest.approx(5.0, abs=1e-9)
    # the added noise is a scaled copy of an excerpt (m >= 1000) or of a repetition (m < 1000)
    # of the recording: its correlation with that excerpt is 1
    if m >= 1000:
        src = np.lib.stride_tricks.sliding_window_view(rec, 1000)
    else:
        src = np.resize(rec, (1, 1000))
    corr = src @ e / (np.linalg.norm(src, axis=1) * np.linalg.norm(e))
    assert corr.max() == pytest.approx(1.0, abs=1e-12)


def test_add_noise_is_reproducible():
    x = tone(300.0, 500)
    a = add_noise(x, 10.0, np.random.default_rng(7))
    b = add_noise(x, 10.0, np.random.default_rng(7))
    c = add_noise(x, 10.0, np.random.default_rng(8))
    np.testing.assert_array_equal(a, b)
    assert not np.array_equal(a, c)


# -- speed, stretch, pitch --------------------------------------------------------------


def test_speed_perturb_linear_interpolation_by_hand():
    # factor 0.5: samples at positions 0, 0.5, 1, 1.5, ... (the last held)
    np.testing.assert_allclose(speed_perturb([0.0, 2.0, 4.0], 0.5), [0, 1, 2, 3, 4, 4])
    np.testing.assert_allclose(speed_perturb([0.0, 1.0, 2.0, 3.0, 4.0, 5.0], 2.0), [0, 2, 4])
    np.testing.assert_allclose(speed_perturb([1.0, 3.0, 5.0, 7.0], 1.5), [1, 4, 7])


@pytest.mark.parametrize("factor", [0.8, 0.9, 1.0, 1.1, 1.25, 2.0])
def test_speed_perturb_changes_length_and_frequency_by_the_factor(factor):
    x = tone(500.0)
    y = speed_perturb(x, factor)
    assert len(y) == round(SR / factor)
    assert peak_hz(y) == pytest.approx(500.0 * factor, abs=1.0)


@pytest.mark.parametrize("rate", [0.5, 0.8, 1.25, 2.0])
def test_time_stretch_changes_length_but_not_frequency(rate):
    y = time_stretch(tone(440.0), rate)
    assert len(y) == round(SR / rate)
    assert peak_hz(y) == pytest.approx(440.0, abs=1.0)


def test_time_stretch_rate_one_reconstructs_the_signal():
    x = voiced_signal(150.0, SR, 0.3)
    np.testing.assert_allclose(time_stretch(x, 1.0), x, atol=1e-10)


@pytest.mark.parametrize("factor", [0.5, 0.8, 2 ** (2 / 12), 1.25, 1.5, 2.0])
def test_pitch_shift_keeps_length_and_moves_the_peak(factor):
    x = tone(440.0)
    y = pitch_shift(x, factor)
    assert y.shape == x.shape
    assert peak_hz(y) == pytest.approx(440.0 * factor, abs=1.0)


@pytest.mark.parametrize(("f0", "factor"), [(110.0, 2 ** (2 / 12)), (110.0, 1.9), (210.0, 0.8)])
def test_pitch_shift_moves_f0_of_a_voice(f0, factor):
    y = pitch_shift(voiced_signal(f0, SR, 0.5), factor)
    assert estimate_f0(y, SR, fmax=500.0) == pytest.approx(f0 * factor, rel=2e-3)


# -- reverberation --------------------------------------------------------------------


@pytest.mark.parametrize("rt60", [0.2, 0.5, 1.0])
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_rir_decays_per_rt60(rt60, seed):
    sr = 8000
    h = room_impulse_response(sr, rt60, np.random.default_rng(seed), duration=1.5 * rt60)
    assert h.shape == (round(1.5 * rt60 * sr),)
    assert np.sum(h**2) == pytest.approx(1.0)
    # energy in 10 ms blocks: a straight line in dB with slope -60 dB per rt60
    block = sr // 100
    nb = len(h) // block
    energy = (h[: nb * block] ** 2).reshape(nb, block).sum(axis=1)
    t = (np.arange(nb) + 0.5) * block / sr
    slope = np.polyfit(t, 10 * np.log10(energy), 1)[0]
    assert -60.0 / slope == pytest.approx(rt60, rel=0.1)
    # and by Schroeder integration (one random response scatters by about 3 %)
    assert estimate_rt60(h, sr) == pytest.approx(rt60, rel=0.12)


@pytest.mark.parametrize("rt60", [0.2, 0.5, 1.0])
def test_rir_rt60_on_average(rt60):
    sr = 8000
    est = [
        estimate_rt60(room_impulse_response(sr, rt60, np.random.default_rng(s)), sr)
        for s in range(20)
    ]
    assert np.mean(est) == pytest.approx(rt60, rel=0.02)


def test_estimate_rt60_of_an_exact_exponential():
    sr = 1000
    t = np.arange(3 * sr) / sr
    h = 10.0 ** (-3.0 * t / 0.8)  # energy falls 60 dB in 0.8 s
    assert estimate_rt60(h, sr) == pytest.approx(0.8, rel=1e-3)


def test_reverberate_is_a_truncated_convolution():
    rng = np.random.default_rng(0)
    x = rng.standard_normal(300)
    h = rng.standard_normal(40)
    np.testing.assert_allclose(reverberate(x, h), np.convolve(x, h)[:300], atol=1e-12)
    impulse = np.zeros(100)
    impulse[0] = 1.0
    np.testing.assert_allclose(reverberate(impulse, h), np.pad(h, (0, 60)), atol=1e-12)
    np.testing.assert_allclose(reverberate([1.0, 2.0], [1.0, 1.0, 1.0]), [1.0, 3.0])


# -- spectrogram and masking ------------------------------------------------------------


def test_spectrogram_against_a_loop():
    rng = np.random.default_rng(5)
    x = rng.standard_normal(700)
    n_fft, hop = 128, 50
    spec = spectrogram(x, 1000.0, n_fft, hop)
    n_frames = 1 + (700 - n_fft) // hop
    assert spec.S.shape == (n_fft // 2 + 1, n_frames)
    w = 0.5 - 0.5 * np.cos(2 * np.pi * np.arange(n_fft) / n_fft)
    for m in range(n_frames):
        frame = x[m * hop : m * hop + n_fft] * w
        full = np.abs(np.fft.fft(frame)) ** 2
        np.testing.assert_allclose(spec.S[:, m], full[: n_fft // 2 + 1], rtol=1e-10)
    np.testing.assert_allclose(spec.freqs[1], 1000.0 / n_fft)
    np.testing.assert_allclose(spec.times[0], n_fft / 2 / 1000.0)


@given(
    st.sampled_from([64, 128, 256, 512]),
    st.floats(0.05, 0.95),
    st.floats(-0.45, 0.45),
    st.floats(0, 2 * np.pi),
)
def test_spectrogram_of_a_pure_tone_peaks_at_its_bin(n_fft, where, offset, phase):
    sr = 8000.0
    k = max(2, min(n_fft // 2 - 2, round(where * n_fft / 2)))
    f = (k + offset) * sr / n_fft
    x = np.cos(2 * np.pi * f * np.arange(4 * n_fft) / sr + phase)
    spec = spectrogram(x, sr, n_fft, n_fft // 4)
    assert np.all(np.argmax(spec.S, axis=0) == k)
    assert spec.freqs[k] == pytest.approx(k * sr / n_fft)


def test_power_to_db_by_hand():
    np.testing.assert_allclose(power_to_db([100.0, 10.0, 1.0]), [0.0, -10.0, -20.0])
    np.testing.assert_allclose(power_to_db([1.0, 0.0], top_db=30.0), [0.0, -30.0])
    np.testing.assert_allclose(power_to_db([10.0], ref=1.0), [10.0])


def test_masks_zero_exactly_the_band():
    S = np.arange(1.0, 31.0).reshape(5, 6)
    T = time_mask(S, 2, 3)
    assert np.all(T[:, 2:5] == 0)
    np.testing.assert_array_equal(T[:, [0, 1, 5]], S[:, [0, 1, 5]])
    F = freq_mask(S, 1, 2, value=-1.0)
    assert np.all(F[1:3] == -1.0)
    np.testing.assert_array_equal(F[[0, 3, 4]], S[[0, 3, 4]])
    np.testing.assert_array_equal(time_mask(S, 4, 0), S)  # width 0: nothing
    assert S[0, 0] == 1.0  # the input is untouched


@given(st.integers(0, 2**32 - 1), st.integers(0, 3), st.integers(0, 3))
def test_spec_augment_masks_exactly_the_bands_it_reports(seed, n_f, n_t):
    S = np.ones((20, 30))
    out = spec_augment(
        S,
        np.random.default_rng(seed),
        freq_masks=n_f,
        max_freq_width=6,
        time_masks=n_t,
        max_time_width=9,
    )
    assert len(out.freq_bands) == n_f and len(out.time_bands) == n_t
    want = np.ones((20, 30))
    for start, width in out.freq_bands:
        assert 0 <= width <= 6 and start + width <= 20
        want[start : start + width, :] = 0.0
    for start, width in out.time_bands:
        assert 0 <= width <= 9 and start + width <= 30
        want[:, start : start + width] = 0.0
    np.testing.assert_array_equal(out.S, want)


# -- synthetic voice and pitch estimate -------------------------------------------------


@pytest.mark.parametrize("f0", [85.0, 110.0, 210.0, 250.0])
def test_voiced_signal_is_harmonic_with_its_f0(f0):
    x = voiced_signal(f0, SR, 1.0)
    assert x.shape == (SR,)
    assert np.max(np.abs(x)) == pytest.approx(0.9)
    assert estimate_f0(x, SR) == pytest.approx(f0, rel=1e-3)
    X = np.abs(np.fft.rfft(x * np.hanning(SR)))  # 1 Hz bins
    peaks = np.flatnonzero(X > 0.01 * X.max())
    harmonic = np.abs(peaks / f0 - np.round(peaks / f0)) * f0
    assert np.all(harmonic <= 2.0)  # every strong bin lies on a harmonic


def test_voiced_signal_envelope_follows_the_formants():
    f0 = 100.0
    x = voiced_signal(f0, SR, 1.0, formants=[700.0, 1200.0], bandwidths=[80.0, 80.0])
    X = np.abs(np.fft.rfft(x))
    amps = X[(np.arange(1, 30) * f0).astype(int)]  # harmonics 100..2900 Hz
    local_max = np.flatnonzero((amps[1:-1] > amps[:-2]) & (amps[1:-1] > amps[2:])) + 2
    np.testing.assert_array_equal(local_max * f0, [700.0, 1200.0])


def test_male_and_female_voices_differ_in_f0():
    male = voiced_signal(110.0, SR, 0.5)
    female = voiced_signal(210.0, SR, 0.5, formants=(850, 1220, 2810))
    assert estimate_f0(female, SR) / estimate_f0(male, SR) == pytest.approx(210 / 110, rel=1e-3)


@given(st.floats(70.0, 380.0))
@settings(max_examples=25)
def test_estimate_f0_of_a_tone(f):
    assert estimate_f0(tone(f, 4000, 8000), 8000) == pytest.approx(f, rel=2e-3)


# -- bad input ------------------------------------------------------------------------


def test_bad_input():
    rng = np.random.default_rng(0)
    x = np.ones(100)
    with pytest.raises(ValueError, match="x must have 1 dimension"):
        gain(np.ones((2, 2)), 3.0)
    with pytest.raises(ValueError, match="x must be finite"):
        time_shift([1.0, np.nan], 1)
    with pytest.raises(TypeError, match="shift must be an integer"):
        time_shift(x, 1.5)
    with pytest.raises(ValueError, match="mode must be one of"):
        time_shift(x, 1, mode="wrap")
    with pytest.raises(TypeError, match=r"rng must be a numpy\.random\.Generator"):
        add_noise(x, 10.0, 42)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="x must not be all zeros"):
        add_noise(np.zeros(10), 10.0, rng)
    with pytest.raises(ValueError, match="noise must not be all zeros"):
        add_noise(x, 10.0, rng, noise=np.zeros(10))
    with pytest.raises(ValueError, match="snr must be finite"):
        add_noise(x, float("inf"), rng)
    with pytest.raises(ValueError, match="factor must be finite and > 0"):
        speed_perturb(x, -1.0)
    with pytest.raises(ValueError, match="leaves no sample"):
        speed_perturb(x, 1000.0)
    with pytest.raises(ValueError, match="factor must be finite and > 0"):
        pitch_shift(x, 0.0)
    with pytest.raises(ValueError, match="hop must be at most"):
        time_stretch(x, 1.0, n_fft=64, hop=40)
    with pytest.raises(ValueError, match="rt60 must be finite and > 0"):
        room_impulse_response(8000, 0.0, rng)
    with pytest.raises(ValueError, match="too short to measure"):
        estimate_rt60([1.0, 0.5], 8000)
    with pytest.raises(ValueError, match="at least n_fft = 512 samples"):
        spectrogram(x, 8000)
    with pytest.raises(TypeError, match="n_fft must be an integer"):
        spectrogram(x, 8000, 64.0)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="S must have 2 dimension"):
        time_mask(x, 0, 1)
    with pytest.raises(ValueError, match="start \\+ width must be at most the number of frames"):
        time_mask(np.ones((3, 4)), 2, 3)
    with pytest.raises(ValueError, match="start must be >= 0"):
        freq_mask(np.ones((3, 4)), -1, 1)
    with pytest.raises(ValueError, match="non-negative power"):
        power_to_db([-1.0])
    with pytest.raises(ValueError, match="formants and bandwidths must have the same length"):
        voiced_signal(100.0, 8000, 0.1, formants=[500.0, 1500.0], bandwidths=[80.0])
    with pytest.raises(ValueError, match="f0 must be below the Nyquist"):
        voiced_signal(5000.0, 8000, 0.1)
    with pytest.raises(ValueError, match="fmin must be below fmax"):
        estimate_f0(x, 8000, fmin=300.0, fmax=100.0)
    with pytest.raises(ValueError, match="longer than two periods"):
        estimate_f0(np.ones(50), 8000)
    with pytest.raises(ValueError, match="no periodicity between"):
        estimate_f0(np.linspace(-1.0, 1.0, 4000), 8000)
