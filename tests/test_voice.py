"""Tests of wbcode.voice: the synthetic vowel and the pitch estimate."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wbcode.voice import estimate_f0, voiced_signal

SR = 16000


def tone(freq: float, n: int, sr: float) -> np.ndarray:
    return np.sin(2 * np.pi * freq * np.arange(n) / sr)


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


def test_voiced_signal_amplitudes_by_hand():
    # f0 = 1000 Hz at 8 kHz: harmonics 1..4 kHz; one formant at 2 kHz, bandwidth 500 Hz
    x = voiced_signal(1000.0, 8000, 1.0, formants=[2000.0], bandwidths=[500.0], fade=0.0)
    amp = np.abs(np.fft.rfft(x))[[1000, 2000, 3000]]  # 1 Hz bins; 4 kHz is sin(pi t) = 0
    R = [2000.0**2 / np.hypot(2000.0**2 - f**2, f * 500.0) for f in (1000.0, 2000.0, 3000.0)]
    want = np.array(R) / [1, 2, 3]
    np.testing.assert_allclose(amp / amp[0], want / want[0], rtol=1e-9)


@pytest.mark.parametrize("scale", [1e-200, 1e-100, 1e100, 1e200])
@pytest.mark.parametrize("which", ["formants", "bandwidths"])
def test_voiced_signal_with_extreme_formants_is_finite(scale, which):
    # squares of 1e200 Hz overflow float64; the logarithms of the gains do not
    F, B = np.array([730.0, 1090.0, 2440.0]), np.array([90.0, 110.0, 170.0])
    kw = (
        {"formants": F * scale, "bandwidths": B}
        if which == "formants"
        else {"formants": F, "bandwidths": B * scale}
    )
    x = voiced_signal(110.0, 8000, 0.05, **kw)
    assert np.all(np.isfinite(x)) and np.abs(x).max() == pytest.approx(0.9)


def test_voiced_signal_limits_of_the_resonance():
    # a formant far above every harmonic has gain 1: no formant at all
    flat = voiced_signal(200.0, 8000, 0.2, formants=[], bandwidths=[])
    high = voiced_signal(200.0, 8000, 0.2, formants=[1e250], bandwidths=[1.0])
    np.testing.assert_allclose(high, flat, atol=1e-12)
    # a tiny bandwidth at a harmonic: that harmonic dominates, a pure tone of 600 Hz
    tone600 = voiced_signal(200.0, 8000, 0.2, formants=[600.0], bandwidths=[1e-250], fade=0.0)
    np.testing.assert_allclose(
        tone600, 0.9 * tone(600.0, 1600, 8000) / np.abs(tone(600.0, 1600, 8000)).max(), atol=1e-9
    )


def test_voiced_signal_of_two_samples():
    # the fades take at most (n - 1) // 2 samples each, so something is left to normalise
    x = voiced_signal(100.0, 8000, 2 / 8000)
    assert x.shape == (2,) and np.all(np.isfinite(x)) and np.abs(x).max() == pytest.approx(0.9)


def test_male_and_female_voices_differ_in_f0():
    male = voiced_signal(110.0, SR, 0.5)
    female = voiced_signal(210.0, SR, 0.5, formants=(850, 1220, 2810))
    assert estimate_f0(female, SR) / estimate_f0(male, SR) == pytest.approx(210 / 110, rel=1e-3)


@given(st.floats(70.0, 380.0))
@settings(max_examples=25)
def test_estimate_f0_of_a_tone(f):
    assert estimate_f0(tone(f, 4000, 8000), 8000) == pytest.approx(f, rel=2e-3)


@given(st.sampled_from([1e-300, 1e-200, 1e-100, 1e100, 1e200, 1e300]), st.floats(80.0, 300.0))
@settings(max_examples=30)
def test_estimate_f0_does_not_depend_on_the_scale(scale, f0):
    # the autocorrelation of x at 1e200 overflows float64 and at 1e-200 underflows to 0
    x = voiced_signal(f0, 8000, 0.2)
    assert estimate_f0(scale * x, 8000) == pytest.approx(estimate_f0(x, 8000), rel=1e-12)


def test_bad_input():
    x = np.ones(100)
    with pytest.raises(ValueError, match="formants and bandwidths must have the same length"):
        voiced_signal(100.0, 8000, 0.1, formants=[500.0, 1500.0], bandwidths=[80.0])
    with pytest.raises(ValueError, match="formants and bandwidths must be > 0 Hz"):
        voiced_signal(100.0, 8000, 0.1, formants=[0.0], bandwidths=[80.0])
    with pytest.raises(ValueError, match="f0 must be below the Nyquist"):
        voiced_signal(5000.0, 8000, 0.1)
    with pytest.raises(ValueError, match=r"duration \* sr gives 1e\+200 samples"):
        voiced_signal(100.0, 1e200, 1.0)
    with pytest.raises(ValueError, match=r"duration \* sr must give at least 2 sample"):
        voiced_signal(100.0, 8000, 1e-200)
    with pytest.raises(
        ValueError, match=r"f0 = 1e-200 Hz at sr = 8000\.0 Hz gives 4e\+203 harmonics"
    ):
        voiced_signal(1e-200, 8000, 0.1)
    with pytest.raises(ValueError, match="fmin must be below fmax"):
        estimate_f0(x, 8000, fmin=300.0, fmax=100.0)
    with pytest.raises(ValueError, match="longer than two periods"):
        estimate_f0(np.ones(50), 8000)
    with pytest.raises(ValueError, match="longer than two periods"):
        estimate_f0(x, 1e300, fmin=1e-300)  # sr / fmin overflows to inf
    with pytest.raises(ValueError, match="no periodicity between"):
        estimate_f0(np.linspace(-1.0, 1.0, 4000), 8000)
    with pytest.raises(ValueError, match="x must not be constant"):
        estimate_f0(np.ones(4000), 8000)
