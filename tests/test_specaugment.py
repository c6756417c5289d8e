"""Tests of wbcode.specaugment: time and frequency masks."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from wbcode.specaugment import freq_mask, spec_augment, time_mask


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


def test_spec_augment_caps_a_width_at_the_size():
    # a maximum width far beyond the spectrogram: the bands still fit in it
    out = spec_augment(
        np.ones((4, 5)),
        np.random.default_rng(3),
        freq_masks=3,
        max_freq_width=10**30,
        time_masks=3,
        max_time_width=10**30,
    )
    assert all(s + w <= 4 for s, w in out.freq_bands)
    assert all(s + w <= 5 for s, w in out.time_bands)


def test_spec_augment_keeps_no_link_to_its_input():
    S = np.zeros((4, 5))
    out = spec_augment(S, np.random.default_rng(0), value=7.0)
    out.S[:] = 1.0
    assert np.all(S == 0.0)


def test_bad_input():
    with pytest.raises(ValueError, match="S must have 2 dimension"):
        time_mask(np.ones(10), 0, 1)
    with pytest.raises(ValueError, match="start \\+ width must be at most the number of frames"):
        time_mask(np.ones((3, 4)), 2, 3)
    with pytest.raises(ValueError, match="start must be an integer >= 0"):
        freq_mask(np.ones((3, 4)), -1, 1)
    with pytest.raises(TypeError, match="width must be an integer"):
        freq_mask(np.ones((3, 4)), 0, 1.5)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="freq_masks must be an integer"):
        spec_augment(np.ones((3, 4)), np.random.default_rng(0), freq_masks=1.5)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="time_masks must be an integer"):
        spec_augment(np.ones((3, 4)), np.random.default_rng(0), time_masks=True)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="max_time_width must be an integer >= 0"):
        spec_augment(np.ones((3, 4)), np.random.default_rng(0), max_time_width=-1)
    with pytest.raises(ValueError, match="value must be finite"):
        time_mask(np.ones((3, 4)), 0, 1, value=np.nan)
