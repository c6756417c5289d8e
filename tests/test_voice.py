"""Tests of wbcode.voice: the synthetic vowel and the pitch estimate."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wbcode.voice import (
    estimate_f0,
    voiced_signal,
)

SR = 16000


def tone(freq: float, n: int = SR, sr: float = SR) -> np.ndarray:
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
    x = np.ones(100)
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
