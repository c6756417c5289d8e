"""Tests of wbcode.spectral: STFT and its inverse, spectrograms, decibels."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wbcode.spectral import istft, power_to_db, spectrogram, stft

HANN = {n: 0.5 - 0.5 * np.cos(2 * np.pi * np.arange(n) / n) for n in (16, 64, 128)}


# -- STFT and inverse -----------------------------------------------------------------


def test_stft_against_a_loop():
    rng = np.random.default_rng(4)
    x = rng.standard_normal(300)
    n_fft, hop = 64, 20
    Z = stft(x, n_fft, hop)
    padded = np.concatenate([np.zeros(32), x, np.zeros(32)])
    n_frames = 1 + (len(padded) - n_fft) // hop
    assert Z.shape == (n_fft // 2 + 1, n_frames)
    for m in range(n_frames):
        frame = padded[m * hop : m * hop + n_fft] * HANN[n_fft]
        np.testing.assert_allclose(Z[:, m], np.fft.fft(frame)[: n_fft // 2 + 1], atol=1e-12)
    # uncentred: the frames start at sample 0
    Z0 = stft(x, n_fft, hop, center=False)
    assert Z0.shape == (n_fft // 2 + 1, 1 + (300 - n_fft) // hop)
    np.testing.assert_allclose(Z0[:, 1], np.fft.rfft(x[hop : hop + n_fft] * HANN[n_fft]))


@settings(max_examples=30)
@given(
    st.integers(0, 2**32 - 1),
    st.sampled_from([(16, 4), (16, 8), (64, 16), (128, 32), (128, 50)]),
    st.integers(1, 400),
)
def test_istft_inverts_stft(seed, frame, n):
    n_fft, hop = frame
    x = np.random.default_rng(seed).standard_normal(n)
    np.testing.assert_allclose(istft(stft(x, n_fft, hop), n_fft, hop, n), x, atol=1e-10)
    # longer than the signal: zeros after it
    y = istft(stft(x, n_fft, hop), n_fft, hop, n + 7)
    np.testing.assert_allclose(y[:n], x, atol=1e-10)
    np.testing.assert_allclose(y[n:], 0.0, atol=1e-10)  # the padding, reconstructed


def test_istft_uncentred_reconstructs_all_but_the_first_sample():
    # w_0 = 0: with frames starting at sample 0, no window sees x_0 with a positive weight
    x = np.random.default_rng(2).standard_normal(100)
    y = istft(stft(x, 16, 4, center=False), 16, 4, 100, center=False)
    assert y[0] == 0.0
    np.testing.assert_allclose(y[1:], x[1:], atol=1e-10)


def test_istft_of_one_frame_by_hand():
    # one frame: y_t = w_t * irfft(Z)_t / w_t**2 = 1 / w_t for the constant frame 1
    Z = np.zeros((9, 1), dtype=complex)
    Z[0, 0] = 16.0  # irfft gives the constant 1
    y = istft(Z, 16, 4, 16, center=False)
    w = HANN[16]
    np.testing.assert_allclose(y[1:], 1.0 / w[1:], rtol=1e-12)
    assert y[0] == 0.0  # w_0 = 0: no window covers the first sample


def test_stft_istft_bad_input():
    with pytest.raises(ValueError, match="x must have at least n_fft = 64 samples"):
        stft(np.ones(10), 64, 16, center=False)
    with pytest.raises(TypeError, match="center must be True or False"):
        stft(np.ones(10), 8, 2, center=1)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="n_fft must be an integer"):
        stft(np.ones(10), 8.0, 2)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match=r"Z must have shape \(n_fft // 2 \+ 1, n_frames\)"):
        istft(np.ones((5, 3)), 16, 4, 10)
    with pytest.raises(ValueError, match="Z must be finite"):
        istft(np.full((9, 3), np.nan + 0j), 16, 4, 10)
    with pytest.raises(TypeError, match="Z must hold complex numbers"):
        istft(np.full((9, 3), "a"), 16, 4, 10)
    with pytest.raises(ValueError, match="length must be at most"):
        istft(np.ones((9, 3)), 16, 4, 10**12)


# -- spectrogram ------------------------------------------------------------------------


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


@given(st.sampled_from([2.0**-500, 1e-150, 1e-100, 1e100, 1e150]), st.integers(0, 1000))
def test_spectrogram_power_scales_with_the_square(scale, seed):
    # the power of x * c is |c|**2 times the power of x, also where (x * c)**2 would
    # underflow on the way (x at 1e-150 has a power of 1e-300)
    x = np.random.default_rng(seed).standard_normal(300)
    S = spectrogram(x, 1000.0, 64, 32).S
    # An FFT's rounding is relative to the frame's energy, not to each bin: a bin
    # far below the others (1e-7 next to 1e2) carries the rounding of the large ones.
    got = spectrogram(scale * x, 1000.0, 64, 32).S / scale**2
    np.testing.assert_allclose(got, S, rtol=1e-12, atol=1e-14 * S.max())


def test_spectrogram_bad_input():
    x = np.ones(100)
    with pytest.raises(ValueError, match="at least n_fft = 512 samples"):
        spectrogram(x, 8000)
    with pytest.raises(TypeError, match="n_fft must be an integer"):
        spectrogram(x, 8000, 64.0)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="sr must be finite and > 0"):
        spectrogram(x, -8000.0, 64)


def test_spectrogram_of_a_signal_too_loud_for_its_power():
    with pytest.raises(ValueError, match="x is too loud for its power to fit float64"):
        spectrogram(1e200 * np.ones(64), 1000.0, 32, 16)


# -- decibels ---------------------------------------------------------------------------


def test_power_to_db_by_hand():
    np.testing.assert_allclose(power_to_db([100.0, 10.0, 1.0]), [0.0, -10.0, -20.0])
    np.testing.assert_allclose(power_to_db([1.0, 0.0], top_db=30.0), [0.0, -30.0])
    np.testing.assert_allclose(power_to_db([10.0], ref=1.0), [10.0])
    # the floor lies top_db below the larger of the peak and ref
    np.testing.assert_allclose(power_to_db([1.0, 1e-9], ref=100.0, top_db=50.0), [-20.0, -50.0])
    np.testing.assert_allclose(power_to_db([0.0, 0.0], ref=1.0, top_db=10.0), [-10.0, -10.0])


def test_power_to_db_at_extremes():
    # a huge floor: 10**(-top_db / 10) underflows, the result does not
    np.testing.assert_array_equal(power_to_db([1.0, 0.1, 0.0], top_db=1e4), [0.0, -10.0, -1e4])
    np.testing.assert_array_equal(power_to_db([1.0, 0.0], top_db=1e300), [0.0, -1e300])
    # S / ref would overflow (1e300 / 1e-300) or underflow (1e-300 / 1e300): the logs do not
    np.testing.assert_allclose(power_to_db([1e300], ref=1e-300), [6000.0], rtol=1e-14)
    np.testing.assert_allclose(
        power_to_db([1e300, 1e-300], top_db=1e4), [0.0, -6000.0], rtol=1e-14, atol=1e-12
    )


@given(st.integers(0, 2**32 - 1), st.sampled_from([1e-250, 1e-100, 1.0, 1e100, 1e250]))
def test_power_to_db_does_not_depend_on_the_scale(seed, scale):
    S = np.random.default_rng(seed).exponential(size=(5, 7))
    np.testing.assert_allclose(power_to_db(scale * S), power_to_db(S), atol=1e-10)


def test_power_to_db_bad_input():
    with pytest.raises(ValueError, match="non-negative power"):
        power_to_db([-1.0])
    with pytest.raises(ValueError, match="S is all zeros: give a positive ref"):
        power_to_db([0.0, 0.0])
    with pytest.raises(ValueError, match="top_db must be finite and > 0"):
        power_to_db([1.0], top_db=np.inf)
    with pytest.raises(ValueError, match="ref must be finite and > 0"):
        power_to_db([1.0], ref=0.0)
