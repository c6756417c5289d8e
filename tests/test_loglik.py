"""Tests of wbcode.loglik: NLL of sigmoid/softmax outputs and its gradients."""

from __future__ import annotations

import math
import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from wbcode.gradcheck import gradcheck
from wbcode.loglik import (
    hidden_nll,
    hidden_nll_grad,
    linear_nll,
    linear_nll_grad,
    nll,
    nll_grad,
    one_hot,
)
from wbcode.softmax import softmax

logits = arrays(np.float64, st.integers(2, 6), elements=st.floats(-30, 30))


# -- values by hand -----------------------------------------------------------------


def test_sigmoid_nll_by_hand():
    # o = 0: p = 1/2 whatever y, so each sample costs log 2
    assert nll([1.0, 0.0, 1.0], [0.0, 0.0, 0.0], output="sigmoid") == pytest.approx(3 * math.log(2))
    # o = 2, y = 1: -log sigma(2) = log(1 + e^-2)
    assert nll(1.0, 2.0, output="sigmoid") == pytest.approx(math.log(1 + math.exp(-2)))
    # o = 2, y = 0: -log(1 - sigma(2)) = log(1 + e^2)
    assert nll(0.0, 2.0, output="sigmoid") == pytest.approx(math.log(1 + math.exp(2)))


def test_softmax_nll_by_hand():
    # logits (1, 0, 2), class 2: -(2 - log(e + 1 + e^2))
    want = math.log(math.e + 1 + math.e**2) - 2
    assert nll([2], [[1.0, 0.0, 2.0]], output="softmax") == pytest.approx(want)
    assert nll([0.0, 0.0, 1.0], [1.0, 0.0, 2.0], output="softmax") == pytest.approx(want)
    # two samples sum
    two = nll([2, 0], [[1.0, 0.0, 2.0], [0.0, 0.0, 0.0]], output="softmax")
    assert two == pytest.approx(want + math.log(3))


def test_gradients_by_hand():
    # sigmoid: p - y with p = 1/2 at o = 0
    np.testing.assert_allclose(nll_grad([1.0, 0.0], [0.0, 0.0], output="sigmoid"), [-0.5, 0.5])
    # softmax at o = 0 with k = 4: p = 1/4 each, minus the one-hot target
    np.testing.assert_allclose(
        nll_grad([1], [[0.0, 0.0, 0.0, 0.0]], output="softmax"), [[0.25, -0.75, 0.25, 0.25]]
    )
    # linear sigmoid model, W = 0 (p = 1/2), x = 2 (y = 1) and x = -1 (y = 0):
    # dW = sum (p - y)(1, x) = -1/2 (1, 2) + 1/2 (1, -1) = (0, -3/2)
    np.testing.assert_allclose(
        linear_nll_grad([0.0, 0.0], [[2.0], [-1.0]], [1.0, 0.0], output="sigmoid"), [0.0, -1.5]
    )


def test_one_hidden_layer_by_hand():
    # Q3's network: a = (0, 2), h = relu(a) = (0, 2), o = 1 - 0 + 2*2 = 5
    W = [[1.0, 2.0, 1.0], [1.0, 1.0, 2.0]]
    v = [1.0, -1.0, 2.0]
    p = 1 / (1 + math.exp(-5))
    assert hidden_nll(W, v, [-1.0, 1.0], 1.0, output="sigmoid") == pytest.approx(-math.log(p))
    dW, dv = hidden_nll_grad(W, v, [-1.0, 1.0], 1.0, output="sigmoid")
    d = p - 1  # dL/do
    np.testing.assert_allclose(dv, [d, 0.0, 2 * d])  # d * (1, h1, h2)
    # dL/dh = d * (-1, 2); relu'(a) = (0, 1), so only unit 2 passes: d * 2 * (1, -1, 1)
    np.testing.assert_allclose(dW, [[0.0, 0.0, 0.0], [2 * d, -2 * d, 2 * d]])


def test_extreme_logits_are_finite_and_exact():
    assert nll([0.0, 1.0], [1e4, -1e4], output="sigmoid") == pytest.approx(2e4)
    assert nll([1.0, 0.0], [1e4, -1e4], output="sigmoid") == pytest.approx(0.0, abs=1e-300)
    assert nll([0], [[-1e4, 1e4]], output="softmax") == pytest.approx(2e4)
    g = nll_grad([0], [[-1e4, 1e4]], output="softmax")
    np.testing.assert_allclose(g, [[-1.0, 1.0]])


def test_sigmoid_is_a_two_class_softmax():
    rng = np.random.default_rng(0)
    o = rng.normal(size=7) * 5
    y = rng.integers(0, 2, size=7).astype(float)
    two = np.stack([np.zeros(7), o], axis=1)
    assert nll(y, o, output="sigmoid") == pytest.approx(nll(y.astype(int), two, output="softmax"))
    # the softplus form log(1 + e^o) - y o
    assert nll(y, o, output="sigmoid") == pytest.approx(np.sum(np.logaddexp(0, o) - y * o))


# -- gradient checks -----------------------------------------------------------------


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_gradcheck_logits(seed):
    rng = np.random.default_rng(seed)
    o = rng.normal(size=5) * 3
    y = rng.integers(0, 2, size=5).astype(float)
    res = gradcheck(lambda z: nll(y, z, output="sigmoid"), o, nll_grad(y, o, output="sigmoid"))
    assert res.ok, res.max_abs_error
    o2 = rng.normal(size=(5, 4)) * 3
    lab = rng.integers(0, 4, size=5)
    res = gradcheck(
        lambda z: nll(lab, z, output="softmax"), o2, nll_grad(lab, o2, output="softmax")
    )
    assert res.ok, res.max_abs_error


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_gradcheck_linear(seed):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(6, 3))
    w = rng.normal(size=4)
    y = rng.integers(0, 2, size=6).astype(float)
    g = linear_nll_grad(w, X, y, output="sigmoid")
    assert gradcheck(lambda t: linear_nll(t, X, y, output="sigmoid"), w, g).ok
    # the closed form X~^T (p - y), computed here from scratch
    Xt = np.column_stack([np.ones(6), X])
    p = 1 / (1 + np.exp(-Xt @ w))
    np.testing.assert_allclose(g, Xt.T @ (p - y))
    W = rng.normal(size=(4, 4))
    lab = rng.integers(0, 4, size=6)
    G = linear_nll_grad(W, X, lab, output="softmax")
    assert gradcheck(lambda t: linear_nll(t, X, lab, output="softmax"), W, G).ok
    E = np.exp(Xt @ W.T)
    P = E / E.sum(axis=1, keepdims=True)
    np.testing.assert_allclose(G, (P - np.eye(4)[lab]).T @ Xt)


@pytest.mark.parametrize("activation", ["relu", "sigmoid", "identity"])
@pytest.mark.parametrize("output", ["sigmoid", "softmax"])
@pytest.mark.parametrize("seed", [0, 1])
def test_gradcheck_hidden(activation, output, seed):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(8, 3))
    W = rng.normal(size=(5, 4))
    if output == "sigmoid":
        V = rng.normal(size=6)
        y = rng.integers(0, 2, size=8).astype(float)
    else:
        V = rng.normal(size=(3, 6))
        y = rng.integers(0, 3, size=8)
    dW, dV = hidden_nll_grad(W, V, X, y, output=output, activation=activation)
    assert dW.shape == W.shape and dV.shape == V.shape
    kw = {"output": output, "activation": activation}
    assert gradcheck(lambda t: hidden_nll(t, V, X, y, **kw), W, dW).ok
    assert gradcheck(lambda t: hidden_nll(W, t, X, y, **kw), V, dV).ok


# -- properties ------------------------------------------------------------------------


@given(logits, st.data())
def test_softmax_logit_gradient_sums_to_zero(o, data):
    label = data.draw(st.integers(0, o.shape[0] - 1))
    g = nll_grad(label, o, output="softmax")
    assert abs(g.sum()) < 1e-12
    assert -1.0 <= g.min() and g.max() <= 1.0


@given(logits, st.floats(-100, 100), st.data())
def test_softmax_nll_is_shift_invariant(o, c, data):
    label = data.draw(st.integers(0, o.shape[0] - 1))
    a = nll(label, o, output="softmax")
    b = nll(label, o + c, output="softmax")
    assert a >= 0
    assert b == pytest.approx(a, rel=1e-9, abs=1e-9)


@given(st.floats(-50, 50), st.sampled_from([0.0, 1.0]))
def test_sigmoid_gradient_is_p_minus_y(o, y):
    g = float(nll_grad(y, o, output="sigmoid"))
    assert g == pytest.approx(1 / (1 + math.exp(-o)) - y, abs=1e-15)


# -- bad input -------------------------------------------------------------------------


def test_one_hot():
    np.testing.assert_array_equal(one_hot([1, 0], 2), [[0, 1], [1, 0]])
    with pytest.raises(ValueError, match=r"labels must be class indices, integers in 0, \.\.\., 2"):
        one_hot([3], 3)
    with pytest.raises(ValueError, match="k must be an integer >= 1"):
        one_hot([0], 0)
    for k in (2.0, True, "2"):
        with pytest.raises(TypeError, match="k must be an integer"):
            one_hot([0], k)


def test_bad_input():
    with pytest.raises(ValueError, match="output must be one of"):
        nll([1.0], [0.0], output="tanh")
    with pytest.raises(ValueError, match="y must have shape"):
        nll([1.0, 0.0], [0.0], output="sigmoid")
    with pytest.raises(ValueError, match=r"y must lie in \[0, 1\]"):
        nll([2.0], [0.0], output="sigmoid")
    with pytest.raises(ValueError, match="y must be class indices"):
        nll([1.5], [[0.0, 1.0]], output="softmax")
    with pytest.raises(ValueError, match="summing to 1"):
        nll([[1.0, 1.0]], [[0.0, 1.0]], output="softmax")
    with pytest.raises(ValueError, match="class indices of shape"):
        nll([[1.0, 0.0, 0.0]], [[0.0, 1.0]], output="softmax")
    with pytest.raises(ValueError, match="o must have"):
        nll(0, 1.0, output="softmax")
    with pytest.raises(ValueError, match="takes 2 inputs"):
        linear_nll([0.0, 1.0, 2.0], [[1.0]], [1.0], output="sigmoid")
    with pytest.raises(ValueError, match="activation must be one of"):
        hidden_nll([[0.0, 1.0]], [0.0, 1.0], [[1.0]], [1.0], output="sigmoid", activation="tanh")
    with pytest.raises(ValueError, match="W must have 2 dimension"):
        hidden_nll([0.0, 1.0], [0.0, 1.0], [[1.0]], [1.0], output="sigmoid")


def test_errors_name_the_arguments_as_passed():
    W, v = [[1.0, 2.0, 1.0], [1.0, 1.0, 2.0]], [1.0, -1.0, 2.0]
    with pytest.raises(ValueError, match=r"weights W of shape \(3,\) takes 2 inputs.*got X"):
        linear_nll([0.0, 1.0, 2.0], [[1.0]], [1.0], output="sigmoid")
    with pytest.raises(ValueError, match=r"X must be finite"):
        linear_nll_grad([0.0, 1.0], [[np.nan]], [1.0], output="sigmoid")
    with pytest.raises(ValueError, match=r"V must have 3 columns \(1 bias \+ the 2 hidden units"):
        hidden_nll(W, [1.0, 2.0], [-1.0, 1.0], 1.0, output="sigmoid")
    with pytest.raises(ValueError, match=r"takes 2 inputs.*got X"):
        hidden_nll_grad(W, v, [-1.0, 1.0, 0.0], 1.0, output="sigmoid")
    with pytest.raises(ValueError, match="y must be class indices"):
        hidden_nll(W, [v, v], [-1.0, 1.0], 2, output="softmax")


def test_a_vector_of_weights_with_a_softmax_output_is_rejected():
    # a vector W gives one logit per sample; a softmax over them would mix the samples
    X, w = [[2.0], [-1.0], [0.5]], [0.0, 1.0]
    for f in (linear_nll, linear_nll_grad):
        with pytest.raises(ValueError, match=r"W must be a matrix .* for a softmax output"):
            f(w, X, [0, 0, 0], output="softmax")
    W, v = [[1.0, 2.0, 1.0], [1.0, 1.0, 2.0]], [1.0, -1.0, 2.0]
    for f in (hidden_nll, hidden_nll_grad):
        with pytest.raises(ValueError, match=r"V must be a matrix .* for a softmax output"):
            f(W, v, [[-1.0, 1.0], [0.0, 1.0]], [0, 0], output="softmax")
    # a single row is one class per sample, with a softmax over that one class: loss 0
    assert linear_nll([w], X, [0, 0, 0], output="softmax") == 0.0


@settings(max_examples=60, deadline=None)
@given(
    w=arrays(np.float64, (3, 3), elements=st.floats(-1, 1)),
    X=arrays(np.float64, (4, 2), elements=st.floats(-1, 1)),
    scale=st.sampled_from([1e-200, 1.0, 1e4, 1e150, 1e200]),
    data=st.data(),
)
def test_linear_softmax_gradients_at_any_weight_scale(w, X, scale, data):
    # logits up to +-1e200: P - Y stays in [-1, 1], dW = (P - Y)^T (1, X) is finite and exact
    W = w * scale
    y = data.draw(arrays(np.int64, (4,), elements=st.integers(0, 2)))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        value = linear_nll(W, X, y, output="softmax")
        dW = linear_nll_grad(W, X, y, output="softmax")
    Xt = np.column_stack([np.ones(4), X])
    P = softmax(Xt @ W.T)
    np.testing.assert_allclose(dW, (P - np.eye(3)[y]).T @ Xt, rtol=1e-12, atol=1e-300)
    assert math.isfinite(value) and value >= 0
    # the loss is log-sum-exp minus the target logit, per sample
    o = Xt @ W.T
    m = o.max(axis=1)
    want = np.sum((m - o[np.arange(4), y]) + np.log(np.sum(np.exp(o - m[:, None]), axis=1)))
    assert value == pytest.approx(want, rel=1e-12, abs=1e-300)


@settings(max_examples=60, deadline=None)
@given(o=st.floats(-1e4, 1e4), y=st.sampled_from([0.0, 1.0]))
def test_sigmoid_nll_at_extreme_logits(o, y):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        value = nll([y], [o], output="sigmoid")
        g = nll_grad([y], [o], output="sigmoid")
    assert value == pytest.approx(max(o, 0) - y * o + math.log1p(math.exp(-abs(o))), rel=1e-12)
    assert float(g[0]) == pytest.approx(1 / (1 + math.exp(-o)) - y if o > -700 else -y, abs=1e-15)
