"""Tests of wbcode.room: impulse responses, reverberation, the reverberation time."""

from __future__ import annotations

import numpy as np
import pytest

from wbcode.room import (
    estimate_rt60,
    reverberate,
    room_impulse_response,
)


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


# -- bad input ------------------------------------------------------------------------


def test_bad_input():
    rng = np.random.default_rng(0)
    with pytest.raises(ValueError, match="rt60 must be finite and > 0"):
        room_impulse_response(8000, 0.0, rng)
    with pytest.raises(ValueError, match="too short to measure"):
        estimate_rt60([1.0, 0.5], 8000)
