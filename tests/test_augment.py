"""Tests of wbcode.augment: time shift, gain, noise at an SNR, speed, tempo and pitch."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from wbcode.augment import (
    add_noise,
    gain,
    pitch_shift,
    snr_db,
    speed_perturb,
    time_shift,
    time_stretch,
)
from wbcode.voice import estimate_f0, voiced_signal

SR = 16000
# Magnitudes far from 1 that a float64 waveform can hold: its power (x**2) cannot.
SCALES = st.sampled_from([1e-300, 1e-200, 1e-100, 1.0, 1e100, 1e200, 1e300])


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


def test_time_shift_by_a_huge_integer():
    x = [1.0, 2.0, 3.0, 4.0, 5.0]
    assert time_shift(x, 10**30).tolist() == [0.0] * 5
    assert time_shift(x, -(10**30)).tolist() == [0.0] * 5
    # 10**30 = 5 * 2 * 10**29: a whole number of turns
    assert time_shift(x, 10**30 + 2, mode="roll").tolist() == [4.0, 5.0, 1.0, 2.0, 3.0]
    assert time_shift(x, np.int64(2)).tolist() == [0.0, 0.0, 1.0, 2.0, 3.0]


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


def test_gain_at_extreme_levels():
    # 10**(6500/20) = 10**325 is beyond float64, but 1e-300 * 10**325 = 1e25 is not
    np.testing.assert_allclose(gain([1e-300, -2e-300], 6500.0), [1e25, -2e25], rtol=1e-12)
    np.testing.assert_allclose(gain([1e300], -6500.0), [1e-25], rtol=1e-12)
    # below the smallest float the result is 0, as the rounded product would be
    assert gain([1.0, -1.0], -1e4).tolist() == [0.0, 0.0]
    assert gain([0.0, 0.0], 1e6).tolist() == [0.0, 0.0]  # silence at any gain
    with pytest.raises(ValueError, match=r"db = 10000\.0 makes the signal too loud"):
        gain([1.0], 1e4)


@given(SCALES, st.floats(-300, 300), st.integers(0, 1000))
def test_gain_of_scaled_signals(scale, db, seed):
    x = scale * np.random.default_rng(seed).uniform(-1, 1, 16)
    peak = np.log10(np.abs(x).max()) + db / 20  # log10 of the result's peak
    if peak > 308.3:  # beyond float64's 1.8e308
        with pytest.raises(ValueError, match="too loud"):
            gain(x, db)
        return
    assume(peak <= 308.2)  # right at the edge of the range either outcome is right
    y = gain(x, db)
    assert np.all(np.isfinite(y))
    if -290 < peak < 290:  # every sample a normal float: the ratio is the factor itself
        np.testing.assert_allclose(y / x, 10 ** (db / 20), rtol=1e-12)


def test_snr_db_by_hand():
    # signal power 1, noise power 0.01 -> 10 log10(100) = 20 dB
    assert snr_db([1.0, -1.0], [0.1, -0.1]) == pytest.approx(20.0)
    assert snr_db([2.0, 2.0], [2.0, -2.0]) == pytest.approx(0.0)
    # the powers 1e400 and 1e-400 overflow and underflow float64; their ratio does not
    assert snr_db([1e200, -1e200], [1e-200, 1e-200]) == pytest.approx(8000.0, rel=1e-14)
    assert snr_db([1e-200, 1e-200], [1e200, -1e200]) == pytest.approx(-8000.0, rel=1e-14)


@given(SCALES, st.integers(0, 2**32 - 1))
def test_snr_db_does_not_depend_on_the_scale(scale, seed):
    rng = np.random.default_rng(seed)
    s, e = rng.standard_normal(50), rng.standard_normal(50)
    assert snr_db(scale * s, scale * e) == pytest.approx(snr_db(s, e), abs=1e-9)


@settings(max_examples=50)
@given(st.floats(-20, 60), st.integers(0, 2**32 - 1))
def test_add_noise_hits_the_snr_exactly(snr, seed):
    rng = np.random.default_rng(seed)
    x = voiced_signal(110.0, 8000, 0.05)
    y = add_noise(x, snr, rng)
    assert y.shape == x.shape
    assert snr_db(x, y - x) == pytest.approx(snr, abs=1e-9)


@settings(max_examples=50)
@given(SCALES, st.floats(-200, 200), st.integers(0, 2**32 - 1))
def test_add_noise_hits_the_snr_at_any_scale(scale, snr, seed):
    # -200 dB asks for noise 1e10 times the signal's amplitude: with x at 1e300 that is
    # beyond float64, and add_noise must say so rather than return inf
    x = scale * voiced_signal(110.0, 8000, 0.05)
    noise_peak = np.log10(scale) - snr / 20  # about log10 of the noise's peak (within 1)
    if noise_peak > 309.5:
        with pytest.raises(ValueError, match="too loud for float64"):
            add_noise(x, snr, np.random.default_rng(seed))
        return
    assume(noise_peak <= 306)  # near the edge of the range either outcome is right
    y = add_noise(x, snr, np.random.default_rng(seed))
    assert np.all(np.isfinite(y))
    if -290 < noise_peak and snr < 150:  # noise above the resolution of x and of float64
        assert snr_db(x, y - x) == pytest.approx(snr, abs=1e-6)


def test_add_noise_at_extreme_snrs():
    x = voiced_signal(110.0, 8000, 0.05)
    # +1e4 dB: the noise is 1e-500 times x, below the resolution of every sample
    np.testing.assert_array_equal(add_noise(x, 1e4, np.random.default_rng(0)), x)
    # -1e4 dB asks for noise 1e500 times x: representable only for a tiny x
    quiet = 1e-300 * x
    y = add_noise(quiet, -1e4, np.random.default_rng(0))
    assert np.all(np.isfinite(y)) and snr_db(quiet, y - quiet) == pytest.approx(-1e4, rel=1e-12)
    with pytest.raises(ValueError, match=r"snr = -10000\.0 dB asks for noise too loud"):
        add_noise(x, -1e4, np.random.default_rng(0))


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


def test_add_noise_with_a_quiet_recording():
    # a recording at 1e-250 has a power of 1e-500: zero in float64, yet it is not silent
    x = tone(440.0, 1000)
    rec = 1e-250 * np.random.default_rng(3).uniform(-1, 1, 2000)
    y = add_noise(x, 5.0, np.random.default_rng(1), noise=rec)
    assert snr_db(x, y - x) == pytest.approx(5.0, abs=1e-9)


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


@settings(max_examples=20)
@given(SCALES, st.sampled_from([0.5, 0.9, 1.3]))
def test_time_stretch_and_pitch_shift_scale_with_the_signal(scale, r):
    # the STFT is linear and computed from x / 2**j: scaling x scales the result, no overflow
    x = voiced_signal(150.0, 8000, 0.1)
    for f in (time_stretch, pitch_shift):
        y = f(x, r)
        np.testing.assert_allclose(f(scale * x, r) / scale, y, rtol=1e-12, atol=1e-12)


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


def test_lengths_beyond_reach_are_refused_by_name():
    x = np.ones(100)
    with pytest.raises(ValueError, match=r"factor 1e-200 makes 1e\+202 samples"):
        speed_perturb(x, 1e-200)
    with pytest.raises(ValueError, match=r"rate 1e-200 makes 1e\+202 samples"):
        time_stretch(x, 1e-200)
    # pitch_shift stretches by 1 / factor inside: the error still names factor
    with pytest.raises(ValueError, match=r"factor 1e\+200 makes 1e\+202 samples"):
        pitch_shift(x, 1e200)
    with pytest.raises(ValueError, match=r"factor 1e-200 leaves no sample"):
        pitch_shift(x, 1e-200)


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
    with pytest.raises(TypeError, match="shift must be an integer"):
        time_shift(x, 2.0)  # a float is never truncated, even a whole one
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
    with pytest.raises(ValueError, match="hop must be at most"):
        pitch_shift(x, 1.5, n_fft=64, hop=40)
    with pytest.raises(TypeError, match="n_fft must be an integer"):
        pitch_shift(x, 1.5, n_fft=64.0)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="signal and noise must both have non-zero power"):
        snr_db(x, np.zeros(3))
