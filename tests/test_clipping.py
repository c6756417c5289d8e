"""Tests of wbcode.clipping: clipping by norm, by hand, as properties, at extreme magnitudes."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from wbcode.clipping import clip_by_norm, clip_global_norm
from wbcode.rnn import rnn_backward


def random_rnn(rng, T=4, d=3, n=3, k=2, scale=0.6):
    X = rng.normal(size=(T, d))
    params = [scale * rng.normal(size=s) for s in [(n, d), (n, n), (k, n)]]
    params += [0.1 * rng.normal(size=n), 0.1 * rng.normal(size=k), 0.5 * rng.normal(size=n)]
    return X, rng.uniform(size=(T, k)), params


def test_clip_by_norm_by_hand() -> None:
    np.testing.assert_allclose(clip_by_norm([[6.0, 8.0]], 5.0), [[3.0, 4.0]])
    np.testing.assert_allclose(clip_by_norm([0.6, 0.8], 5.0), [0.6, 0.8])


@settings(max_examples=50, deadline=None)
@given(
    g=arrays(np.float64, st.integers(1, 6), elements=st.floats(-1e3, 1e3)),
    threshold=st.floats(1e-3, 1e3),
)
def test_clipping_caps_the_norm_and_keeps_the_direction(g, threshold):
    out = clip_by_norm(g, threshold)
    norm, new = np.linalg.norm(g), np.linalg.norm(out)
    assert new <= threshold * (1 + 1e-12)
    if norm <= threshold:
        np.testing.assert_array_equal(out, g)
    else:
        assert new == pytest.approx(threshold)
        # same direction: a positive multiple of g
        np.testing.assert_allclose(out * norm, g * new, atol=1e-9 * norm * new)


def test_clip_global_norm_scales_all_together():
    a, b = clip_global_norm([[3.0, 0.0], [[4.0]]], 1.0)  # joint norm 5
    np.testing.assert_allclose(a, [0.6, 0.0])
    np.testing.assert_allclose(b, [[0.8]])
    rng = np.random.default_rng(4)
    X, y, params = random_rnn(rng)
    grads = rnn_backward(X, y, *params)
    kept = clip_global_norm(grads, 1e6)
    for g, k in zip(grads, kept, strict=True):
        np.testing.assert_array_equal(g, k)


def test_clip_global_norm_is_the_literal_formula_in_the_ordinary_range() -> None:
    # min(1, tau / sqrt(sum_i sum g_i^2)) * g_i, bit for bit (the Q16 demo relies on it)
    rng = np.random.default_rng(5)
    for _ in range(50):
        grads = [rng.normal(size=s) * 10.0 ** rng.uniform(-3, 3) for s in [(3, 2), (4,), ()]]
        tau = 10.0 ** rng.uniform(-2, 2)
        norm = float(np.sqrt(sum(float(np.sum(g**2)) for g in grads)))
        scale = tau / norm if norm > tau else 1.0
        for got, g in zip(clip_global_norm(grads, tau), grads, strict=True):
            np.testing.assert_array_equal(got, g * scale)


def test_huge_and_tiny_gradients_are_clipped_not_zeroed() -> None:
    np.testing.assert_allclose(clip_by_norm([1e200, 1e200], 1.0), [2**-0.5, 2**-0.5])
    a, b = clip_global_norm([[3e200], [[4e200]]], 1.0)
    np.testing.assert_allclose(a, [0.6])
    np.testing.assert_allclose(b, [[0.8]])
    # the joint norm itself is beyond the float range: still the right direction
    np.testing.assert_allclose(clip_by_norm([1.5e308, 1.5e308], 2.0), [2**0.5, 2**0.5])
    np.testing.assert_array_equal(clip_by_norm([1e-200, -1e-200], 1.0), [1e-200, -1e-200])
    np.testing.assert_allclose(clip_by_norm([3e-200, 4e-200], 1e-300), [6e-301, 8e-301])
    np.testing.assert_array_equal(clip_by_norm([0.0, 0.0], 1.0), [0.0, 0.0])


@settings(max_examples=80, deadline=None)
@given(
    g=arrays(
        np.float64, st.integers(1, 5), elements=st.floats(-10, 10).filter(lambda v: abs(v) >= 0.1)
    ),
    g_exp=st.integers(-300, 300),
    tau_exp=st.integers(-300, 300),
)
def test_extreme_magnitudes_are_clipped_exactly_without_warnings(
    g: np.ndarray, g_exp: int, tau_exp: int
) -> None:
    big, tau = g * 10.0**g_exp, 10.0**tau_exp
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        out = clip_by_norm(big, tau)
        (joint,) = clip_global_norm([big], tau)
    np.testing.assert_array_equal(out, joint)
    unit = g / np.linalg.norm(g)  # direction, computed in the ordinary range
    log_size = np.log10(np.linalg.norm(g)) + g_exp - tau_exp  # log10(||big|| / tau)
    if log_size > 1e-9:
        want = unit * tau
        ok = np.abs(want) > 1e-290  # leave out entries in the denormal range
        np.testing.assert_allclose(out[ok], want[ok], rtol=1e-12)
    elif log_size < -1e-9:
        np.testing.assert_array_equal(out, big)


def test_results_are_new_arrays() -> None:
    g = np.array([0.3, 0.4])
    out = clip_by_norm(g, 1.0)
    out[0] = 9.0
    assert g[0] == 0.3
    (kept,) = clip_global_norm([g], 1.0)
    assert not np.shares_memory(kept, g)


def test_bad_input() -> None:
    with pytest.raises(ValueError, match="threshold must be finite and > 0"):
        clip_by_norm([1.0], 0.0)
    with pytest.raises(ValueError, match="threshold must be finite and > 0"):
        clip_global_norm([[1.0]], np.inf)
    with pytest.raises(ValueError, match="g must be finite"):
        clip_by_norm([1.0, np.nan], 1.0)
    with pytest.raises(ValueError, match="at least one gradient"):
        clip_global_norm([], 1.0)
    with pytest.raises(TypeError, match="sequence of arrays"):
        clip_global_norm(np.ones(3), 1.0)
    with pytest.raises(ValueError, match=r"grads\[1\] must be finite"):
        clip_global_norm([[1.0], [np.inf]], 1.0)
