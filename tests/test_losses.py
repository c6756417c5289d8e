"""Tests of wbcode.losses: the losses of a network's output and their gradients, by hand,
by finite differences, at extreme logits, and with bad input."""

from __future__ import annotations

import math
import warnings

import numpy as np
import pytest
from hypothesis import given, settings
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
