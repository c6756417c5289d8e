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
