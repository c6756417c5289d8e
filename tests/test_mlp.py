"""Tests of wbcode.mlp: hand-computed passes, finite-difference checks of every gradient,
batch invariants and bad input."""

from __future__ import annotations

import dataclasses
import itertools
import math

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
    if any(f == "relu" and np.min(np.abs(a)) < 1e-3 for f, a in zip(acts, fw.a, strict=True)):
        pytest.skip("a ReLU sits at its kink for this draw")
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
    with pytest.raises(ValueError, match="one activation per layer"):
        forward([Q3_W, Q3_V], x, "relu")
    with pytest.raises(TypeError, match="list of weight matrices"):
        forward(np.array(Q3_W), x, ["relu"])
    with pytest.raises(ValueError, match=r"weights\[1\] must have 3 columns"):
        forward([Q3_W, [1.0, 2.0]], x, acts)
    with pytest.raises(ValueError, match=r"weights\[0\] must have 4 columns"):
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
