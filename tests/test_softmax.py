"""softmax, log_softmax and the activations: hand values, invariants, extremes, bad input."""

import math
import warnings

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from wbcode.activations import drelu, dsigmoid, relu, sigmoid
from wbcode.gradcheck import gradcheck
from wbcode.softmax import log_softmax, softmax, softmax_naive

logits = arrays(
    np.float64,
    st.integers(1, 8),
    elements=st.floats(-1e4, 1e4, allow_nan=False, allow_infinity=False),
)


def test_softmax_by_hand():
    e = math.e
    total = e + 1 + e**2
    assert softmax([1.0, 0.0, 2.0]) == pytest.approx([e / total, 1 / total, e**2 / total])


def test_two_classes_is_sigmoid_of_difference():
    assert softmax([3.0, 1.0])[0] == pytest.approx(1 / (1 + math.exp(-2.0)))


@given(logits)
def test_softmax_is_a_distribution(x):
    p = softmax(x)
    assert np.all(p >= 0) and np.all(p <= 1)
    assert p.sum() == pytest.approx(1.0)


@given(logits, st.floats(-100, 100))
def test_softmax_is_shift_invariant(x, c):
    assert softmax(x + c) == pytest.approx(softmax(x), abs=1e-9)


@given(logits)
def test_log_softmax_matches_log_of_softmax_where_finite(x):
    lp = log_softmax(x)
    assert np.all(lp <= 0)
    p = softmax(x)
    mask = p > 1e-300
    assert lp[mask] == pytest.approx(np.log(p[mask]), abs=1e-9)


def test_extreme_logits_are_finite_and_silent():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        p = softmax([1e4, -1e4, 0.0])
        lp = log_softmax([1e4, -1e4, 0.0])
    assert p.tolist() == [1.0, 0.0, 0.0]
    assert lp.tolist() == [0.0, -2e4, -1e4]


def test_naive_form_overflows_where_stable_form_does_not():
    with np.errstate(over="ignore", invalid="ignore"):
        assert np.isnan(softmax_naive([1000.0, 0.0])).any()
    assert np.isfinite(softmax([1000.0, 0.0])).all()


def test_batches_work_row_by_row():
    x = np.array([[1.0, 0.0, 2.0], [0.0, 0.0, 0.0]])
    p = softmax(x)
    assert p[1] == pytest.approx([1 / 3] * 3)
    assert p[0] == pytest.approx(softmax(x[0]))


def test_temperature():
    x = [1.0, 0.0, 2.0]
    assert softmax(x, temperature=2.0) == pytest.approx(softmax(np.array(x) / 2.0))
    assert softmax(x, temperature=1e-3).round(6).tolist() == [0.0, 0.0, 1.0]


def test_softmax_gradient_by_finite_differences():
    rng = np.random.default_rng(0)
    x = rng.normal(size=4)
    y = np.eye(4)[2]
    # d/dx of the cross-entropy -log softmax(x)_2 is softmax(x) - y
    res = gradcheck(lambda z: -log_softmax(z)[2], x, softmax(x) - y)
    assert res.ok, res.max_abs_error


@pytest.mark.parametrize(
    ("bad", "exc", "match"),
    [
        ([], ValueError, "must not be empty"),
        ([1.0, np.nan], ValueError, "finite"),
        ("abc", TypeError, "real number"),
        ([1 + 2j], TypeError, "real numbers"),
        (3.0, ValueError, "dimension"),
    ],
)
def test_softmax_bad_input(bad, exc, match):
    with pytest.raises(exc, match=match):
        softmax(bad)


def test_bad_temperature():
    with pytest.raises(ValueError, match="temperature"):
        softmax([1.0], temperature=0.0)
    with pytest.raises(TypeError, match="temperature"):
        softmax([1.0], temperature="hot")


def test_sigmoid_and_relu_by_hand():
    assert sigmoid([0.0, 2.0]) == pytest.approx([0.5, 1 / (1 + math.exp(-2))])
    assert sigmoid([-800.0]).tolist() == [0.0]  # no overflow warning (filterwarnings=error)
    assert relu([-2.0, 0.0, 3.0]).tolist() == [0.0, 0.0, 3.0]
    assert drelu([-2.0, 0.0, 3.0]).tolist() == [0.0, 0.0, 1.0]


@given(st.floats(-30, 30))
def test_dsigmoid_matches_finite_differences(a):
    res = gradcheck(lambda z: float(sigmoid(z)[0]), [a], dsigmoid([a]))
    assert res.ok


def test_tiny_temperatures_and_huge_gaps_are_silent():
    # (x - max) / T falls below the float range: e^-inf = 0 is the exact limit, with no warning
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert softmax([1e4, 0.0], temperature=1e-305).tolist() == [1.0, 0.0]
        assert softmax([1.0, 0.0], temperature=5e-324).tolist() == [1.0, 0.0]
        assert softmax([1e308, -1e308]).tolist() == [1.0, 0.0]
        assert log_softmax([1e308, -1e308]).tolist() == [0.0, -math.inf]
        # a tiny T with tiny gaps still resolves them: (x - m) / T = (0, -1)
        p = softmax([1e-300, 0.0], temperature=1e-300)
    assert p == pytest.approx([1 / (1 + math.exp(-1)), 1 / (1 + math.e)], rel=1e-12)


@given(
    logits,
    st.sampled_from([1e-305, 1e-200, 1e-8, 1.0, 1e8, 1e200, 1e300]),
    st.sampled_from([1e-200, 1.0, 1e200]),
)
def test_softmax_at_any_scale_and_temperature(x, t, scale):
    with np.errstate(over="ignore", invalid="ignore"):
        z = x * scale / t
        gap = z.max() - z.min()  # log_softmax is finite while the largest gap is
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        p = softmax(x * scale, temperature=t)
        lp = log_softmax(z) if np.isfinite(gap) else None
    assert np.isfinite(p).all() and p.sum() == pytest.approx(1.0)
    assert p[np.argmax(x)] == p.max()
    if lp is not None:
        assert np.isfinite(lp).all() and np.all(lp <= 0)


@given(st.floats(-700, 700))
def test_dsigmoid_keeps_the_tail(a):
    # sigma'(a) = e^-|a| / (1 + e^-|a|)^2, relatively exact even where sigma(a) rounds to 1
    e = math.exp(-abs(a))
    assert float(dsigmoid([a])[0]) == pytest.approx(e / (1 + e) ** 2, rel=1e-14)


def test_activations_at_extreme_inputs():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert sigmoid([1e308, -1e308]).tolist() == [1.0, 0.0]
        assert dsigmoid([1e4, -1e4]).tolist() == [0.0, 0.0]
        assert relu([1e308, -1e308]).tolist() == [1e308, 0.0]
        assert drelu([1e-308, -1e-308]).tolist() == [1.0, 0.0]
