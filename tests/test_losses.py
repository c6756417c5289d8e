"""Tests of wbcode.losses: the losses of a network's output and their gradients, by hand,
by finite differences, at extreme logits, and with bad input."""

from __future__ import annotations

import decimal
import math
import warnings

import numpy as np
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from wbcode.gradcheck import gradcheck
from wbcode.layers import ACTIVATIONS, activate
from wbcode.losses import LOSSES, logistic_loss, loss, loss_grad

# -- losses -------------------------------------------------------------------------------


def test_logistic_loss_by_hand_and_naive_formula():
    o = np.array([-3.0, -0.5, 0.0, 0.5, 3.0])
    for y in (0.0, 1.0):
        p = 1 / (1 + np.exp(-o))
        naive = -(y * np.log(p) + (1 - y) * np.log(1 - p))
        np.testing.assert_allclose(logistic_loss(np.full(5, y), o), naive, rtol=1e-12)
    assert logistic_loss([1.0], [0.0])[0] == pytest.approx(math.log(2.0))


def test_logistic_loss_is_finite_at_extreme_logits():
    o = np.array([-1e4, -800.0, 800.0, 1e4])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        l1 = logistic_loss(np.ones(4), o)
        l0 = logistic_loss(np.zeros(4), o)
        _, do = loss_grad(np.zeros(4), o, loss="logistic", output="sigmoid")
    # y = 1: loss ~ -o for very negative o, ~ 0 for very positive o; y = 0 mirrored
    np.testing.assert_allclose(l1, [1e4, 800.0, 0.0, 0.0], atol=1e-12)
    np.testing.assert_allclose(l0, [0.0, 0.0, 800.0, 1e4], atol=1e-12)
    np.testing.assert_allclose(do, [0.0, 0.0, 1.0, 1.0], atol=1e-12)


def _loss_of_yhat(y, yhat, loss_name):
    """The losses written directly as functions of the prediction."""
    if loss_name == "squared":
        return float(np.sum((y - yhat) ** 2))
    if loss_name == "yhat_minus_y":
        return float(np.sum(yhat - y))
    if loss_name == "y_minus_yhat":
        return float(np.sum(y - yhat))
    return float(-np.sum(y * np.log(yhat) + (1 - y) * np.log(1 - yhat)))


@pytest.mark.parametrize(
    ("loss_name", "output"),
    [(name, out) for name in LOSSES for out in ACTIVATIONS if name != "logistic"]
    + [("logistic", "sigmoid")],
)
def test_loss_grad_gradcheck(loss_name, output):
    o = np.array([-1.3, 0.4, 2.1])  # away from ReLU's kink
    y = np.array([1.0, 0.0, 1.0]) if loss_name == "logistic" else np.array([0.5, -1.0, 2.5])
    dyhat, do = loss_grad(y, o, loss=loss_name, output=output)
    res = gradcheck(lambda op: loss(y, op, loss=loss_name, output=output), o, do)
    assert res.ok, res.max_abs_error
    yhat = activate(o, output)
    res_y = gradcheck(lambda yh: _loss_of_yhat(y, yh, loss_name), yhat, dyhat)
    assert res_y.ok, res_y.max_abs_error


def test_loss_values_by_hand():
    assert loss(2.0, 5.0) == (2.0 - 5.0) ** 2
    assert loss(2.5, 1.0, loss="yhat_minus_y", output="relu") == 1.0 - 2.5
    assert loss(2.5, -1.0, loss="yhat_minus_y", output="relu") == 0.0 - 2.5
    assert loss(2.5, 4.0, loss="y_minus_yhat", output="relu") == 2.5 - 4.0
    assert loss([1.0, 2.0], [0.0, 0.0]) == 1.0 + 4.0  # summed over samples


@settings(max_examples=40, deadline=None)
@given(o=arrays(np.float64, (5,), elements=st.floats(-1e4, 1e4)), y=st.sampled_from([0.0, 1.0]))
def test_logistic_loss_nonnegative_and_finite(o, y):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        value = logistic_loss(np.full(5, y), o)
    assert np.all(np.isfinite(value)) and np.all(value >= 0)


# -- bad input ------------------------------------------------------------------------------------


def test_bad_input():
    with pytest.raises(ValueError, match="y and o must have the same shape"):
        logistic_loss([1.0, 0.0], [0.0])
    with pytest.raises(ValueError, match="loss must be one of"):
        loss(1.0, 0.0, loss="hinge")
    with pytest.raises(ValueError, match="logistic loss needs a sigmoid output"):
        loss_grad(1.0, 0.0, loss="logistic")
    for bad_y in ([2.0], [-0.5]):
        with pytest.raises(ValueError, match=r"y must lie in \[0, 1\]"):
            logistic_loss(bad_y, [0.0])
        with pytest.raises(ValueError, match=r"y must lie in \[0, 1\]"):
            loss(bad_y, [0.0], loss="logistic", output="sigmoid")
        with pytest.raises(ValueError, match=r"y must lie in \[0, 1\]"):
            loss_grad(bad_y, [0.0], loss="logistic", output="sigmoid")
    # the other losses take any real target
    assert loss([2.0], [0.0]) == 4.0


# -- the logistic gradient from the logit -----------------------------------------------------


def _dyhat_exact(y, o):
    """dL/dyhat = (1 - y)(1 + e^o) - y(1 + e^-o) in 60-digit decimals, and its terms' size."""
    with decimal.localcontext() as ctx:
        ctx.prec = 60
        d_y, d_o = decimal.Decimal(y), decimal.Decimal(o)
        up, down = (1 - d_y) * (1 + d_o.exp()), d_y * (1 + (-d_o).exp())
    # inf beyond the float range; the size of the two terms bounds the rounding error
    return float(up - down), float(up + down)


def test_confident_correct_prediction_has_a_finite_gradient():
    # sigma(40) rounds to 1 in float64, so (yhat - y)/(yhat (1 - yhat)) would be 0/0
    dyhat, do = loss_grad([1.0], [40.0], loss="logistic", output="sigmoid")
    assert float(dyhat[0]) == pytest.approx(-(1.0 + math.exp(-40.0)), rel=1e-15)
    assert float(do[0]) == pytest.approx(-math.exp(-40.0) / (1.0 + math.exp(-40.0)), rel=1e-15)
    dyhat, do = loss_grad([0.0], [-40.0], loss="logistic", output="sigmoid")
    assert float(dyhat[0]) == pytest.approx(1.0 + math.exp(-40.0), rel=1e-15)
    assert float(do[0]) == pytest.approx(math.exp(-40.0) / (1.0 + math.exp(-40.0)), rel=1e-15)


def test_confidently_wrong_beyond_the_float_range_is_infinite_not_nan():
    # target 0, logit 800: dL/dyhat = 1 + e^800 exceeds float64; dL/do = sigma(800) = 1
    dyhat, do = loss_grad([0.0, 1.0], [800.0, -800.0], loss="logistic", output="sigmoid")
    assert dyhat.tolist() == [math.inf, -math.inf]
    assert do.tolist() == [1.0, -1.0]


logit = st.floats(-1e4, 1e4, allow_nan=False)


@settings(max_examples=200, deadline=None)
@given(o=logit, y=st.one_of(st.sampled_from([0.0, 1.0]), st.floats(0, 1)))
@example(o=2.0**-23, y=0.5)  # sigma(o) - y cancels to o/4
def test_logistic_gradients_at_any_logit(o, y):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        dyhat, do = loss_grad([y], [o], loss="logistic", output="sigmoid")
        value = loss([y], [o], loss="logistic", output="sigmoid")
    # sigma(o) - y, each term exact in its tail: (1 - y) sigma(o) - y sigma(-o)
    s_pos = 1 / (1 + math.exp(-o)) if o >= 0 else math.exp(o) / (1 + math.exp(o))
    s_neg = 1 / (1 + math.exp(o)) if o <= 0 else math.exp(-o) / (1 + math.exp(-o))
    # For 0 < y < 1 the two terms can cancel (y = 0.5, o near 0): the difference is
    # then exact only to the rounding of the terms. For y = 0 or 1 it is one tail, exact.
    cancel = 0.0 if y in (0.0, 1.0) else 4 * np.finfo(float).eps * max(s_pos, y)
    want_do = (1 - y) * s_pos - y * s_neg
    assert float(do[0]) == pytest.approx(want_do, rel=1e-12, abs=max(cancel, 1e-300))
    want, size = _dyhat_exact(y, o)
    assert float(dyhat[0]) == pytest.approx(want, rel=1e-12, abs=1e-13 * size)
    assert not math.isnan(float(dyhat[0]))
    if y in (0.0, 1.0) and (o >= 0) == (y == 1.0):  # the logit leans towards the target
        assert math.isfinite(float(dyhat[0]))
    assert math.isfinite(value) and value >= 0
    assert value == pytest.approx(max(o, 0) - y * o + math.log1p(math.exp(-abs(o))), rel=1e-12)
