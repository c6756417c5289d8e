"""Tests of wbcode.room: impulse responses, reverberation, the reverberation time."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wbcode.room import estimate_rt60, reverberate, room_impulse_response

SCALES = st.sampled_from([1e-300, 1e-200, 1e-100, 1.0, 1e100, 1e200, 1e300])


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


def test_rir_at_extreme_rates_and_times():
    rng = np.random.default_rng(0)
    # T60 of exactly one sample: the envelope falls 60 dB from one sample to the next
    h = room_impulse_response(1000.0, 0.001, rng, duration=0.003)
    assert h.shape == (3,) and np.sum(h**2) == pytest.approx(1.0)
    assert abs(h[1] / h[0]) < 1e-2 and abs(h[2] / h[0]) < 1e-5
    # a T60 far longer than the response: no decay to speak of, still unit energy
    h = room_impulse_response(1000.0, 1e200, rng, duration=0.1)
    assert np.all(np.isfinite(h)) and np.sum(h**2) == pytest.approx(1.0)
    with pytest.raises(ValueError, match="rt60 \\* sr must be at least one sample"):
        room_impulse_response(1000.0, 1e-4, rng)
    with pytest.raises(ValueError, match="duration \\* sr gives 1e\\+200 samples"):
        room_impulse_response(1e200, 1.0, rng)


def test_estimate_rt60_of_an_exact_exponential():
    sr = 1000
    t = np.arange(3 * sr) / sr
    h = 10.0 ** (-3.0 * t / 0.8)  # energy falls 60 dB in 0.8 s
    assert estimate_rt60(h, sr) == pytest.approx(0.8, rel=1e-3)


@given(SCALES, st.integers(0, 1000))
def test_estimate_rt60_does_not_depend_on_the_scale(scale, seed):
    # h**2 overflows for h at 1e200 and underflows for h at 1e-200; the decay curve does not
    h = room_impulse_response(8000, 0.3, np.random.default_rng(seed))
    assert estimate_rt60(scale * h, 8000) == pytest.approx(estimate_rt60(h, 8000), rel=1e-12)


@given(st.sampled_from([1e-250, 1e-100, 1e100, 1e250]))
def test_estimate_rt60_at_extreme_sample_rates(sr):
    # the same samples at another rate: the same decay in samples, so T60 * sr is fixed
    h = 10.0 ** (-3.0 * np.arange(2000) / 800)  # 60 dB in 800 samples
    assert estimate_rt60(h, sr) * sr == pytest.approx(800.0, rel=1e-3)


def test_estimate_rt60_needs_the_decay_to_reach_minus_25_db():
    # a flat response of 100 samples: its decay curve 10 log10((100 - t) / 100) ends at -20 dB
    with pytest.raises(ValueError, match=r"decays only to -20\.0 dB"):
        estimate_rt60(np.ones(100), 1000)
    # an exponential cut off after 0.15 s decays only to about -20 dB: too short to measure
    t = np.arange(150) / 1000
    with pytest.raises(ValueError, match="too short to measure"):
        estimate_rt60(10.0 ** (-3.0 * t / 2.0), 1000)
    # twice as long: the fit range is reached, and the estimate is close
    t = np.arange(2000) / 1000
    assert estimate_rt60(10.0 ** (-3.0 * t / 2.0), 1000) == pytest.approx(2.0, rel=0.05)
    # a decay that jumps past the whole range in one sample leaves nothing to fit
    with pytest.raises(ValueError, match="fewer than two samples lie between"):
        estimate_rt60([1.0, 0.01, 0.0001], 1000)
    with pytest.raises(ValueError, match="too short to measure"):
        estimate_rt60([1.0, 0.5], 8000)


def test_reverberate_is_a_truncated_convolution():
    rng = np.random.default_rng(0)
    x = rng.standard_normal(300)
    h = rng.standard_normal(40)
    np.testing.assert_allclose(reverberate(x, h), np.convolve(x, h)[:300], atol=1e-12)
    impulse = np.zeros(100)
    impulse[0] = 1.0
    np.testing.assert_allclose(reverberate(impulse, h), np.pad(h, (0, 60)), atol=1e-12)
    np.testing.assert_allclose(reverberate([1.0, 2.0], [1.0, 1.0, 1.0]), [1.0, 3.0])
    # a response longer than the signal: only its first len(x) samples can reach the result
    long_h = rng.standard_normal(1000)
    np.testing.assert_allclose(reverberate(x, long_h), np.convolve(x, long_h)[:300], atol=1e-11)


@settings(max_examples=40)
@given(SCALES, SCALES, st.integers(0, 1000))
def test_reverberate_scales_with_both_inputs(a, b, seed):
    rng = np.random.default_rng(seed)
    x, h = rng.standard_normal(64), rng.standard_normal(16)
    y = reverberate(x, h)
    level = np.log10(a) + np.log10(b) + np.log10(np.abs(y).max())  # log10 of the result's peak
    if level > 308.3:
        with pytest.raises(ValueError, match="too loud together"):
            reverberate(a * x, b * h)
    elif -290 < level < 308:
        np.testing.assert_allclose(reverberate(a * x, b * h) / (a * b), y, rtol=1e-9, atol=1e-9)


def test_bad_input():
    rng = np.random.default_rng(0)
    with pytest.raises(ValueError, match="rt60 must be finite and > 0"):
        room_impulse_response(8000, 0.0, rng)
    with pytest.raises(TypeError, match=r"rng must be a numpy\.random\.Generator"):
        room_impulse_response(8000, 0.5, 42)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="h must not be all zeros"):
        estimate_rt60(np.zeros(10), 8000)
    with pytest.raises(ValueError, match="h must have 1 dimension"):
        reverberate(np.ones(10), np.ones((2, 2)))
