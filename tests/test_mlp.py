"""Tests of wbcode.mlp: hand-computed passes, finite-difference checks of every gradient,
batch invariants and bad input."""

from __future__ import annotations

import dataclasses
import itertools
import math
import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from wbcode.gradcheck import gradcheck
from wbcode.layers import join_bias
from wbcode.losses import LOSSES, loss
from wbcode.mlp import backward, forward, gradients, step
from wbcode.regularization import Penalty
from wbcode.workbook import Q3, Q8

Q3_W = Q3.W  # [[1, 2, 1], [1, 1, 2]], bias first
Q3_V = Q3.v  # [1, -1, 2], bias first

finite = st.floats(-3, 3, allow_nan=False, allow_infinity=False)


def _random_net(rng, sizes, vector_out=False):
    """Bias-first weights for layer sizes [d, n1, ..., nL]."""
    ws = [rng.normal(size=(n_out, 1 + n_in)) for n_in, n_out in itertools.pairwise(sizes)]
    if vector_out:
        assert sizes[-1] == 1
        ws[-1] = ws[-1][0]
    return ws


def _flat_loss(ws, x, y, acts, loss_name, layer):
    """Loss as a function of one layer's weights (for the finite differences)."""

    def f(Wl):
        new = list(ws)
        new[layer] = Wl
        return loss(y, forward(new, x, acts).a[-1], loss=loss_name, output=acts[-1])

    return f


# -- whole networks by hand -----------------------------------------------------------------


def test_forward_q3_network_by_hand():
    # a = (1 - 2 + 1, 1 - 1 + 2) = (0, 2); h = relu(a) = (0, 2); o = 1 - 1*0 + 2*2 = 5
    fw = forward([Q3_W, Q3_V], [-1.0, 1.0], ["relu", "identity"])
    np.testing.assert_allclose(fw.a[0], [0.0, 2.0])
    np.testing.assert_allclose(fw.h[0], [0.0, 2.0])
    assert fw.yhat.shape == () and float(fw.yhat) == 5.0
    fw = forward([Q3_W, Q3_V], [-1.0, 1.0], ["relu", "sigmoid"])
    assert float(fw.yhat) == pytest.approx(1 / (1 + math.exp(-5.0)))


def test_backward_q3_network_by_hand():
    # y = 2, yhat = 5: dL/dyhat = -2 (2 - 5) = 6; dv = 6 (1, 0, 2)
    # dh = 6 (-1, 2) = (-6, 12); relu'(0) = 0, relu'(2) = 1: delta = (0, 12)
    bw = backward([Q3_W, Q3_V], [-1.0, 1.0], 2.0, ["relu", "identity"])
    np.testing.assert_allclose(bw.dW[1], [6.0, 0.0, 12.0])
    np.testing.assert_allclose(bw.dh[0], [-6.0, 12.0])
    np.testing.assert_allclose(bw.fprime[0], [0.0, 1.0])
    np.testing.assert_allclose(bw.da[0], [0.0, 12.0])
    np.testing.assert_allclose(bw.dW[0], [[0.0, 0.0, 0.0], [12.0, 12.0 * -1.0, 12.0 * 1.0]])
    # dx = W[:, 1:]^T delta = (2*0 + 1*12, 1*0 + 2*12)
    np.testing.assert_allclose(bw.dx, [12.0, 24.0])
    assert not np.signbit(bw.dW[0][0]).any()  # a dead unit's row is 0, not -0.0


def test_forward_three_hidden_layers_q8_without_dropout():
    # Q8 (given with separate biases): a1 = W1T x + b1 = (1+2-1, -1+1+1, 2-1+2) = (2, 1, 3)
    # a2 = W2T h1 + b2 = (2+2-6+2, 4-1+3-1) = (0, 5); a3 = W3T h2 + b3 = (0+5+1, 0-5+1) = (6, -4)
    # yhat = vT h3 + b4 = 6 - 0 + 1 = 7
    ws = [
        join_bias(Q8.W1T, Q8.b1),
        join_bias(Q8.W2T, Q8.b2),
        join_bias(Q8.W3T, Q8.b3),
        join_bias(Q8.vT, Q8.b4),
    ]
    fw = forward(ws, Q8.x, ["relu", "relu", "relu", "identity"])
    np.testing.assert_allclose(fw.a[0], [2.0, 1.0, 3.0])
    np.testing.assert_allclose(fw.a[1], [0.0, 5.0])
    np.testing.assert_allclose(fw.a[2], [6.0, -4.0])
    np.testing.assert_allclose(fw.h[2], [6.0, 0.0])
    assert float(fw.yhat) == 7.0


# -- finite differences for whole networks ----------------------------------------------------

NETS = [
    ([3, 1], ["identity"], True),
    ([2, 2, 1], ["relu", "identity"], True),
    ([2, 2, 1], ["sigmoid", "sigmoid"], False),
    ([3, 4, 3, 2, 1], ["relu", "sigmoid", "relu", "relu"], True),
    ([2, 3, 2], ["sigmoid", "identity"], False),
]


@pytest.mark.parametrize(("sizes", "acts", "vector_out"), NETS)
@pytest.mark.parametrize("loss_name", LOSSES)
@pytest.mark.parametrize("batch", [None, 3])
def test_backward_gradcheck(sizes, acts, vector_out, loss_name, batch):
    if loss_name == "logistic":
        acts = [*acts[:-1], "sigmoid"]
    rng = np.random.default_rng(7)
    ws = _random_net(rng, sizes, vector_out)
    x = rng.normal(size=(sizes[0],) if batch is None else (batch, sizes[0]))
    out_shape = forward(ws, x, acts).yhat.shape
    y = (
        rng.integers(0, 2, size=out_shape).astype(float)
        if loss_name == "logistic"
        else rng.normal(size=out_shape)
    )
    fw = forward(ws, x, acts)
    # finite differences across ReLU's kink would not match: the fixed draw stays clear of it
    assert all(f != "relu" or np.min(np.abs(a)) > 1e-3 for f, a in zip(acts, fw.a, strict=True))
    bw = backward(ws, x, y, acts, loss=loss_name)
    for layer in range(len(ws)):
        res = gradcheck(_flat_loss(ws, x, y, acts, loss_name, layer), ws[layer], bw.dW[layer])
        assert res.ok, (layer, res.max_abs_error)
    res = gradcheck(
        lambda xp: loss(y, forward(ws, xp, acts).a[-1], loss=loss_name, output=acts[-1]), x, bw.dx
    )
    assert res.ok, res.max_abs_error


def test_step_records_every_value_and_updates():
    rng = np.random.default_rng(3)
    ws = _random_net(rng, [2, 3, 1], vector_out=True)
    x, y = np.array([0.5, -1.0]), 0.7
    s = step(ws, x, y, ["sigmoid", "identity"], lr=0.05)
    bw = backward(ws, x, y, ["sigmoid", "identity"])
    for W, g, new in zip(ws, s.dW, s.weights_new, strict=True):
        np.testing.assert_allclose(new, W - 0.05 * g)
    for g, g_ref in zip(s.dW_loss, bw.dW, strict=True):
        np.testing.assert_allclose(g, g_ref)
    assert s.penalty == 0.0 and s.objective == s.loss
    assert s.loss_new == pytest.approx(
        loss(y, forward(s.weights_new, x, ["sigmoid", "identity"]).a[-1])
    )
    assert s.loss_new < s.loss  # a small step downhill
    np.testing.assert_allclose(s.dyhat, -2 * (y - s.yhat))
    with pytest.raises(dataclasses.FrozenInstanceError):
        s.loss = 0.0  # type: ignore[misc]


def test_step_with_penalty_adds_its_gradient_and_value():
    rng = np.random.default_rng(4)
    ws = _random_net(rng, [2, 2, 1], vector_out=True)
    x, y = np.array([1.0, -2.0]), 1.5
    pen = Penalty("l2", 0.3)
    s = step(ws, x, y, ["sigmoid", "identity"], lr=0.1, penalty=pen)
    for W, gl, gp, g in zip(ws, s.dW_loss, s.dW_penalty, s.dW, strict=True):
        np.testing.assert_allclose(gp[..., 1:], 2 * 0.3 * W[..., 1:])
        np.testing.assert_allclose(gp[..., 0], 0.0)
        np.testing.assert_allclose(g, gl + gp)
    assert s.objective == pytest.approx(s.loss + 0.3 * sum(np.sum(W[..., 1:] ** 2) for W in ws))
    J, dW = gradients(ws, x, y, ["sigmoid", "identity"], penalty=pen)
    assert J == pytest.approx(s.objective)
    for layer in range(2):
        np.testing.assert_allclose(dW[layer], s.dW[layer])

        def objective(Wl, layer=layer):
            new = list(ws)
            new[layer] = Wl
            return gradients(new, x, y, ["sigmoid", "identity"], penalty=pen)[0]

        res = gradcheck(objective, ws[layer], dW[layer])
        assert res.ok, res.max_abs_error


# -- properties ---------------------------------------------------------------------------------


@settings(max_examples=40, deadline=None)
@given(
    X=arrays(np.float64, (4, 2), elements=finite),
    y=arrays(np.float64, (4,), elements=finite),
    seed=st.integers(0, 2**16),
)
def test_batch_is_the_sum_of_single_samples(X, y, seed):
    rng = np.random.default_rng(seed)
    ws = _random_net(rng, [2, 3, 1], vector_out=True)
    acts = ["sigmoid", "identity"]
    fw = forward(ws, X, acts)
    single = [backward(ws, X[i], y[i], acts) for i in range(4)]
    for i in range(4):
        assert float(fw.yhat[i]) == pytest.approx(float(forward(ws, X[i], acts).yhat), abs=1e-12)
    bw = backward(ws, X, y, acts)
    for layer in range(2):
        np.testing.assert_allclose(bw.dW[layer], sum(s.dW[layer] for s in single), atol=1e-10)
    np.testing.assert_allclose(bw.dx, np.array([s.dx for s in single]), atol=1e-12)


# -- bad input ------------------------------------------------------------------------------------


def test_bad_input():
    x = [-1.0, 1.0]
    acts = ["relu", "identity"]
    with pytest.raises(ValueError, match="loss must be one of"):
        step([Q3_W, Q3_V], x, 2.0, acts, lr=0.1, loss="hinge")
    with pytest.raises(ValueError, match="logistic loss needs a sigmoid output"):
        backward([Q3_W, Q3_V], x, 1.0, acts, loss="logistic")
    with pytest.raises(ValueError, match="at least one layer"):
        forward([], x, [])
    with pytest.raises(ValueError, match="one activation per layer"):
        forward([Q3_W, Q3_V], x, ["relu"])
    with pytest.raises(TypeError, match="activations must be a list of activation names"):
        forward([Q3_W, Q3_V], x, "relu")
    with pytest.raises(TypeError, match="list of weight matrices"):
        forward(np.array(Q3_W), x, ["relu"])
    with pytest.raises(ValueError, match=r"weights\[1\] must have 3 columns"):
        forward([Q3_W, [1.0, 2.0]], x, acts)
    with pytest.raises(ValueError, match=r"x must have 2 columns .* to fit weights\[0\]"):
        forward([Q3_W, Q3_V], [1.0, 2.0, 3.0], acts)
    with pytest.raises(ValueError, match="only the last layer may be a vector"):
        forward([[1.0, 2.0, 1.0], [1.0, 1.0]], x, acts)
    with pytest.raises(ValueError, match="y must have shape"):
        backward([Q3_W, Q3_V], x, [2.0, 1.0], acts)
    with pytest.raises(ValueError, match="lr must be finite and > 0"):
        step([Q3_W, Q3_V], x, 2.0, acts, lr=0.0)
    with pytest.raises(ValueError, match="x must be finite"):
        forward([Q3_W, Q3_V], [np.nan, 1.0], acts)
    with pytest.raises(TypeError, match="must hold real numbers"):
        forward([Q3_W, Q3_V], ["a", "b"], acts)
    with pytest.raises(TypeError, match=r"penalty must be a wbcode\.regularization\.Penalty"):
        step([Q3_W, Q3_V], x, 2.0, acts, lr=0.1, penalty="l1")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"penalty must be a wbcode\.regularization\.Penalty"):
        gradients([Q3_W, Q3_V], x, 2.0, acts, penalty=0.1)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="logistic loss needs a sigmoid output"):
        step([Q3_W, Q3_V], x, 1.0, acts, lr=0.1, loss="logistic")
    with pytest.raises(TypeError, match="activations must be a list"):
        forward([Q3_W, Q3_V], x, None)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match=r"y must lie in \[0, 1\]"):
        backward([Q3_W, Q3_V], x, 2.0, ["relu", "sigmoid"], loss="logistic")
    with pytest.raises(ValueError, match=r"y must lie in \[0, 1\]"):
        step([Q3_W, Q3_V], x, -0.5, ["relu", "sigmoid"], lr=0.1, loss="logistic")


def test_backward_checks_the_forward_pass_it_is_given():
    x, acts = np.array([-1.0, 1.0]), ["relu", "identity"]
    fw = forward([Q3_W, Q3_V], x, acts)
    given_fw = backward([Q3_W, Q3_V], x, 2.0, acts, fw=fw)
    fresh = backward([Q3_W, Q3_V], x, 2.0, acts)
    for g, g_ref in zip(given_fw.dW, fresh.dW, strict=True):
        np.testing.assert_array_equal(g, g_ref)
    for bad in ("fw", 3, {"a": (), "h": ()}, fw.a):
        with pytest.raises(TypeError, match="fw must be"):
            backward([Q3_W, Q3_V], x, 2.0, acts, fw=bad)  # type: ignore[arg-type]
    other = forward([Q3_W], x, ["relu"])  # one layer, not two
    with pytest.raises(ValueError, match="fw must be"):
        backward([Q3_W, Q3_V], x, 2.0, acts, fw=other)
    batch = forward([Q3_W, Q3_V], np.array([x, x]), acts)  # a batch, not this one sample
    with pytest.raises(ValueError, match=r"fw\.a\[0\] must have 1 dimension"):
        backward([Q3_W, Q3_V], x, 2.0, acts, fw=batch)


def test_step_keeps_copies_of_its_inputs():
    ws = [np.array(Q3_W, dtype=float), np.array(Q3_V, dtype=float)]
    x, y = np.array([-1.0, 1.0]), np.array(2.0)
    s = step(ws, x, y, ["relu", "identity"], lr=0.1)
    for W, kept in zip(ws, s.weights, strict=True):
        assert not np.shares_memory(W, kept)
    assert not np.shares_memory(x, s.x) and not np.shares_memory(y, s.y)
    ws[0][0, 0] = 99.0
    x[0] = 99.0
    assert s.weights[0][0, 0] == 1.0 and s.x[0] == -1.0


# -- valid extremes ---------------------------------------------------------------------------


def test_a_confident_correct_prediction_has_finite_gradients():
    # one sigmoid output with logit o = 40 and target 1: sigma(40) rounds to 1 in float64,
    # yet dL/dyhat = -1/sigma(40) = -(1 + e^-40) and dL/do = sigma(40) - 1 = -e^-40/(1 + e^-40)
    ws = [np.array([40.0, 0.0])]
    acts = ["sigmoid"]
    bw = backward(ws, [1.0], 1.0, acts, loss="logistic")
    s = step(ws, [1.0], 1.0, acts, lr=0.1, loss="logistic")
    for dyhat in (bw.dh[-1], s.dyhat):
        assert float(dyhat) == pytest.approx(-(1 + math.exp(-40.0)), rel=1e-15)
    assert float(bw.da[-1]) == pytest.approx(-math.exp(-40.0) / (1 + math.exp(-40.0)), rel=1e-14)
    np.testing.assert_allclose(bw.dW[0], float(bw.da[-1]) * np.array([1.0, 1.0]), rtol=1e-15)


def _stable_sigmoid(o):
    return 1 / (1 + math.exp(-o)) if o >= 0 else math.exp(o) / (1 + math.exp(o))


@settings(max_examples=60, deadline=None)
@given(
    w=arrays(np.float64, (3,), elements=st.floats(-1, 1)),
    x=arrays(np.float64, (2,), elements=st.floats(-1, 1)),
    scale=st.sampled_from([1e-200, 1e-8, 1.0, 1e4, 1e150, 1e200]),
    y=st.sampled_from([0.0, 1.0]),
)
def test_logistic_regression_gradients_at_any_weight_scale(w, x, scale, y):
    # one sigmoid unit: o = W (1, x), dL/do = sigma(o) - y, dL/dW = (sigma(o) - y) (1, x)
    W = w * scale
    o = float(W[0] + W[1:] @ x)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        s = step([W], x, y, ["sigmoid"], lr=1.0, loss="logistic")
    do = _stable_sigmoid(o) - y if y == 0 else -_stable_sigmoid(-o)
    assert float(s.da[-1]) == pytest.approx(do, rel=1e-12, abs=1e-300)
    np.testing.assert_allclose(s.dW[0], do * np.array([1.0, *x]), rtol=1e-12, atol=1e-300)
    bce = max(o, 0.0) - y * o + math.log1p(math.exp(-abs(o)))
    assert s.loss == pytest.approx(bce, rel=1e-12, abs=1e-300)
    assert np.isfinite(s.dx).all() and np.isfinite(s.loss_new)
    # dL/dyhat is finite wherever its exact value is: always when the logit leans towards y
    if (o >= 0) == (y == 1) or abs(o) < 700:
        assert np.isfinite(s.dyhat)


@settings(max_examples=40, deadline=None)
@given(
    seed=st.integers(0, 2**16),
    scale=st.sampled_from([1e-200, 1e-100, 1e-10]),
    batch=st.sampled_from([None, 3]),
)
def test_tiny_weights_give_the_linearised_gradients(seed, scale, batch):
    # With every weight of size ~s, a two-layer sigmoid network is, to first order in s,
    # yhat = sigma(b2 + v . sigma(a1)) with sigma(a1) -> 1/2: the gradients by the output layer
    # tend to do (1, 1/2, ..., 1/2); every number stays finite, none underflows to a NaN.
    rng = np.random.default_rng(seed)
    ws = [w * scale for w in _random_net(rng, [2, 3, 1], vector_out=True)]
    X = rng.normal(size=(2,) if batch is None else (batch, 2))
    y = rng.integers(0, 2, size=() if batch is None else (batch,)).astype(float)
    acts = ["sigmoid", "sigmoid"]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        bw = backward(ws, X, y, acts, loss="logistic")
    do = np.atleast_1d(0.5 - y)  # sigma(o) - y at o ~ s, one a sample
    want = np.sum(do) * np.array([1.0, 0.5, 0.5, 0.5])  # sum over samples of do (1, 1/2, ...)
    np.testing.assert_allclose(bw.dW[1], want, rtol=1e-8)
    for g in (*bw.dW, bw.dx, *bw.dh, *bw.da):
        assert np.isfinite(g).all()
    # the first layer's gradient is of order s (it passes through v), never 0 by underflow
    assert np.max(np.abs(bw.dW[0])) > 0
