"""Tests of wbcode.proportions: the Wilson interval and the exact McNemar test."""

from __future__ import annotations

import math

import numpy as np
import pytest
from _lazy import lazy_import
from hypothesis import given, settings
from hypothesis import strategies as st

from wbcode.proportions import mcnemar_test, wilson_interval

stats = lazy_import("scipy.stats")  # the reference implementation


def test_wilson_by_hand():
    # 8 of 10 at 95 %: z = 1.959964, centre (0.8 + z^2/20) / (1 + z^2/10),
    # half width z sqrt(0.8 * 0.2 / 10 + z^2 / 400) / (1 + z^2/10)
    z = 1.959963984540054
    centre = (0.8 + z * z / 20) / (1 + z * z / 10)
    half = z * math.sqrt(0.016 + z * z / 400) / (1 + z * z / 10)
    low, high = wilson_interval(8, 10)
    assert low == pytest.approx(centre - half, rel=1e-12)
    assert high == pytest.approx(centre + half, rel=1e-12)
    assert (round(low, 4), round(high, 4)) == (0.4902, 0.9433)


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 2000), st.data(), st.sampled_from([0.5, 0.9, 0.95, 0.99]))
def test_wilson_matches_scipy(n, data, confidence):
    k = data.draw(st.integers(0, n))
    ci = stats.binomtest(k, n).proportion_ci(confidence_level=confidence, method="wilson")
    low, high = wilson_interval(k, n, confidence)
    assert low == pytest.approx(ci.low, abs=1e-12)
    assert high == pytest.approx(ci.high, abs=1e-12)
    assert 0.0 <= low <= k / n <= high <= 1.0


def test_wilson_ends_are_exact():
    assert wilson_interval(0, 50)[0] == 0.0
    assert wilson_interval(50, 50)[1] == 1.0
    # the interval narrows with more trials at the same rate
    assert np.diff(wilson_interval(190, 200)) < np.diff(wilson_interval(19, 20))


def test_mcnemar_by_hand():
    # 3 seeds only A, 1 only B: d = 4, P(X <= 1) = (1 + 4) / 16, p = 10/16
    a = [True, True, True, True, False, True]
    b = [True, False, False, False, True, True]
    assert mcnemar_test(a, b) == (3, 1, 0.625)
    res = mcnemar_test(a, b)
    assert (res.only_a, res.only_b, res.p_value) == (3, 1, 0.625)  # the fields by name
    assert mcnemar_test(b, a) == (1, 3, 0.625)
    assert mcnemar_test(a, a) == (0, 0, 1.0)


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 60), st.integers(0, 60), st.integers(0, 20))
def test_mcnemar_matches_scipy_binomtest(only_a, only_b, same):
    a = np.array([True] * only_a + [False] * only_b + [True] * same + [False])
    b = np.array([False] * only_a + [True] * only_b + [True] * same + [False])
    got = mcnemar_test(a, b)
    assert got[:2] == (only_a, only_b)
    want = 1.0 if only_a + only_b == 0 else stats.binomtest(only_a, only_a + only_b).pvalue
    assert got[2] == pytest.approx(want, rel=1e-9)


def test_mcnemar_large_counts_stay_finite():
    a = np.zeros(5000, bool)
    a[:3000] = True
    b = np.zeros(5000, bool)
    b[2000:] = True
    only_a, only_b, p = mcnemar_test(a, b)
    assert (only_a, only_b) == (2000, 2000) and p == 1.0
    b[:2600] = False  # only A on 2600 seeds, only B on 2000
    _, _, p = mcnemar_test(a, b)
    assert 0.0 < p < 1e-12


def test_bad_input_is_named():
    with pytest.raises(ValueError, match="successes must be at most trials = 3"):
        wilson_interval(4, 3)
    with pytest.raises(ValueError, match="confidence must lie strictly between 0 and 1"):
        wilson_interval(1, 3, 1.0)
    with pytest.raises(TypeError, match="a must hold True/False"):
        mcnemar_test([1, 0], [True, False])
    with pytest.raises(ValueError, match="a and b must hold one result per seed"):
        mcnemar_test([True], [True, False])
