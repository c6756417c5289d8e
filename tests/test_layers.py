"""Tests of wbcode.layers: one dense layer and the activations by name, by hand, by finite
differences, as properties, and with bad input."""

from __future__ import annotations

import math
import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from wbcode.gradcheck import gradcheck
from wbcode.layers import (
    ACTIVATIONS,
    activate,
    activate_grad,
    dense,
    dense_backward,
    join_bias,
    split_bias,
)
from wbcode.workbook import Q3

Q3_W = Q3.W  # [[1, 2, 1], [1, 1, 2]], bias first
Q3_V = Q3.v  # [1, -1, 2], bias first

finite = st.floats(-3, 3, allow_nan=False, allow_infinity=False)


# -- one layer by hand --------------------------------------------------------------------


def test_dense_by_hand():
    # a_1 = 1 + 2*(-1) + 1*1 = 0 ; a_2 = 1 + 1*(-1) + 2*1 = 2
    np.testing.assert_allclose(dense(Q3_W, [-1.0, 1.0]), [0.0, 2.0])
    # a vector of weights is one output unit: 1 - 1*0 + 2*2 = 5, a number
    out = dense(Q3_V, [0.0, 2.0])
    assert out.shape == ()
    assert float(out) == 1.0 - 0.0 + 4.0


def test_dense_backward_by_hand():
    # delta = (2, -1), input h = (-1, 1): dW = delta (1, h)^T, dh = W[:, 1:]^T delta
    dW, dh = dense_backward([2.0, -1.0], Q3_W, [-1.0, 1.0])
    np.testing.assert_allclose(dW, [[2.0, -2.0, 2.0], [-1.0, 1.0, -1.0]])
    np.testing.assert_allclose(dh, [2.0 * 2.0 - 1.0 * 1.0, 2.0 * 1.0 - 1.0 * 2.0])


def test_join_bias_and_split_bias_are_inverse():
    b, W = split_bias(Q3_W)
    np.testing.assert_array_equal(b, [1.0, 1.0])
    np.testing.assert_array_equal(W, [[2.0, 1.0], [1.0, 2.0]])
    np.testing.assert_array_equal(join_bias(W, b), Q3_W)
    np.testing.assert_array_equal(join_bias([-1.0, 2.0], 1.0), Q3_V)


@pytest.mark.parametrize("w_shape", [(3, 5), (5,)])
@pytest.mark.parametrize("batch", [None, 4])
def test_dense_backward_gradcheck(w_shape, batch):
    rng = np.random.default_rng(1)
    W = rng.normal(size=w_shape)
    h = rng.normal(size=(4,) if batch is None else (batch, 4))
    g = rng.normal(size=dense(W, h).shape)  # a random upstream gradient
    dW, dh = dense_backward(g, W, h)
    assert dW.shape == W.shape and dh.shape == h.shape
    res_W = gradcheck(lambda Wp: float(np.sum(g * dense(Wp, h))), W, dW)
    res_h = gradcheck(lambda hp: float(np.sum(g * dense(W, hp))), h, dh)
    assert res_W.ok, res_W.max_abs_error
    assert res_h.ok, res_h.max_abs_error


@pytest.mark.parametrize("name", ACTIVATIONS)
def test_activation_grad_gradcheck(name):
    a = np.array([-2.0, -0.3, 0.4, 1.7])  # away from ReLU's kink
    for i in range(a.size):
        res = gradcheck(
            lambda ai: float(activate(ai, name)[0]), a[i : i + 1], activate_grad(a[i : i + 1], name)
        )
        assert res.ok, (name, a[i])


def test_activation_values_by_hand():
    np.testing.assert_allclose(activate([-1.0, 0.0, 2.0], "relu"), [0.0, 0.0, 2.0])
    np.testing.assert_allclose(activate([-1.0, 2.0], "identity"), [-1.0, 2.0])
    np.testing.assert_allclose(activate([0.0, 2.0], "sigmoid"), [0.5, 1 / (1 + math.exp(-2.0))])
    # relu'(0) = 0 (the book's choice)
    np.testing.assert_array_equal(activate_grad([-1.0, 0.0, 2.0], "relu"), [0.0, 0.0, 1.0])


@settings(max_examples=40, deadline=None)
@given(
    W1=arrays(np.float64, (2, 3), elements=finite),
    W2=arrays(np.float64, (2, 3), elements=finite),
    h=arrays(np.float64, (2,), elements=finite),
)
def test_dense_is_linear_in_the_weights(W1, W2, h):
    np.testing.assert_allclose(dense(W1 + W2, h), dense(W1, h) + dense(W2, h), atol=1e-12)
    np.testing.assert_allclose(dense(W1, h), split_bias(W1)[0] + split_bias(W1)[1] @ h, atol=1e-12)


# -- bad input ------------------------------------------------------------------------------------


def test_bad_input():
    x = [-1.0, 1.0]
    with pytest.raises(ValueError, match="activation must be one of"):
        activate([1.0], "tanh")
    with pytest.raises(ValueError, match="takes 2 inputs"):
        dense(Q3_W, [1.0, 2.0, 3.0])
    with pytest.raises(ValueError, match="da must have shape"):
        dense_backward([1.0], Q3_W, x)
    with pytest.raises(ValueError, match="b must have shape"):
        join_bias([[1.0, 2.0]], [1.0, 2.0])
    with pytest.raises(ValueError, match="bias column and at least one weight"):
        split_bias([[1.0]])


def test_split_bias_returns_copies():
    W = np.array(Q3_W, dtype=float)
    b, Wn = split_bias(W)
    assert not np.shares_memory(b, W) and not np.shares_memory(Wn, W)
    W[:] = 0.0
    np.testing.assert_array_equal(b, [1.0, 1.0])
    np.testing.assert_array_equal(Wn, [[2.0, 1.0], [1.0, 2.0]])


@settings(max_examples=40, deadline=None)
@given(
    W=arrays(np.float64, (2, 3), elements=finite),
    h=arrays(np.float64, (4, 2), elements=finite),
    g=arrays(np.float64, (4, 2), elements=finite),
    scale=st.sampled_from([1e-200, 1e-100, 1e100, 1e150]),
)
def test_dense_and_its_gradients_scale_with_the_weights(W, h, g, scale):
    # a and dh are linear in W, dW is linear in the upstream gradient. Scaling
    # by a power of ten rounds each product once, so a sum whose terms cancel
    # is exact only up to rounding of its largest terms: the bound on each
    # entry is a few ulps of the sum of the absolute values of its terms.
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        a = dense(W * scale, h)
        dW, dh = dense_backward(g * scale, W, h)
        _, dh_scaled = dense_backward(g, W * scale, h)
    ht = np.hstack([np.ones((len(h), 1)), h])  # the inputs with the bias's 1 first

    def close(got, want, terms):
        # plus the underflow of a product near 1e-308 at either scale
        tiny = 1e-300 * max(scale, 1.0) + 4 * np.finfo(float).smallest_subnormal
        assert np.all(np.abs(got - want) <= 1e-13 * terms + tiny), (got, want)

    close(a, scale * dense(W, h), scale * np.abs(ht) @ np.abs(W).T)
    dW1, dh1 = dense_backward(g, W, h)
    close(dW, scale * dW1, scale * np.abs(g).T @ np.abs(ht))
    close(dh, scale * dh1, scale * np.abs(g) @ np.abs(W[:, 1:]))
    close(dh_scaled, dh, scale * np.abs(g) @ np.abs(W[:, 1:]))


@pytest.mark.parametrize("a", [-1e4, -800.0, -40.0, 40.0, 800.0, 1e4])
def test_activation_gradients_at_extreme_pre_activations(a):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        d = activate_grad([a], "sigmoid")[0]
        f = activate([a], "sigmoid")[0]
    e = math.exp(-abs(a))  # sigma'(a) = e^-|a| / (1 + e^-|a|)^2
    assert d == pytest.approx(e / (1 + e) ** 2, rel=1e-14, abs=0.0)
    assert f == (1.0 if a > 0 else pytest.approx(e / (1 + e), rel=1e-14, abs=0.0))
