"""Tests of wbcode.spectral: spectrograms and decibels."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from wbcode.spectral import (
    power_to_db,
    spectrogram,
)


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


# -- bad input ------------------------------------------------------------------------


def test_bad_input():
    x = np.ones(100)
    with pytest.raises(ValueError, match="at least n_fft = 512 samples"):
        spectrogram(x, 8000)
    with pytest.raises(TypeError, match="n_fft must be an integer"):
        spectrogram(x, 8000, 64.0)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="non-negative power"):
        power_to_db([-1.0])
