"""Tests of wbcode.augment: time shift, gain, noise at an SNR, speed, tempo and pitch."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
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
from wbcode.voice import (
    estimate_f0,
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
