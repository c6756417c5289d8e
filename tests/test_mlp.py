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
from wbcode.mlp import (
    ACTIVATIONS,
    LOSSES,
    activate,
    activate_grad,
    augment,
    backward,
    dense,
    dense_backward,
    forward,
    gradients,
    logistic_loss,
    loss,
    loss_grad,
    split_bias,
    step,
)
from wbcode.regularization import Penalty
from wbcode.workbook import Q3, Q8

Q3_W = Q3.W  # [[1, 2, 1], [1, 1, 2]], bias first
Q3_V = Q3.v  # [1, -1, 2], bias first


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


def test_augment_and_split_bias_are_inverse():
    b, W = split_bias(Q3_W)
    np.testing.assert_array_equal(b, [1.0, 1.0])
    np.testing.assert_array_equal(W, [[2.0, 1.0], [1.0, 2.0]])
    np.testing.assert_array_equal(augment(W, b), Q3_W)
    np.testing.assert_array_equal(augment([-1.0, 2.0], 1.0), Q3_V)


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
        augment(Q8.W1T, Q8.b1),
        augment(Q8.W2T, Q8.b2),
        augment(Q8.W3T, Q8.b3),
        augment(Q8.vT, Q8.b4),
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

finite = st.floats(-3, 3, allow_nan=False, allow_infinity=False)


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


@settings(max_examples=40, deadline=None)
@given(
    W1=arrays(np.float64, (2, 3), elements=finite),
    W2=arrays(np.float64, (2, 3), elements=finite),
    h=arrays(np.float64, (2,), elements=finite),
)
def test_dense_is_linear_in_the_weights(W1, W2, h):
    np.testing.assert_allclose(dense(W1 + W2, h), dense(W1, h) + dense(W2, h), atol=1e-12)
    np.testing.assert_allclose(dense(W1, h), split_bias(W1)[0] + split_bias(W1)[1] @ h, atol=1e-12)


@settings(max_examples=40, deadline=None)
@given(o=arrays(np.float64, (5,), elements=st.floats(-1e4, 1e4)), y=st.sampled_from([0.0, 1.0]))
def test_logistic_loss_nonnegative_and_finite(o, y):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        value = logistic_loss(np.full(5, y), o)
    assert np.all(np.isfinite(value)) and np.all(value >= 0)


# -- bad input ------------------------------------------------------------------------------------


def test_bad_input():
    x = [-1.0, 1.0]
    acts = ["relu", "identity"]
    with pytest.raises(ValueError, match="activation must be one of"):
        activate([1.0], "tanh")
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
    with pytest.raises(ValueError, match="takes 2 inputs"):
        dense(Q3_W, [1.0, 2.0, 3.0])
    with pytest.raises(ValueError, match="da must have shape"):
        dense_backward([1.0], Q3_W, x)
    with pytest.raises(ValueError, match="b must have shape"):
        augment([[1.0, 2.0]], [1.0, 2.0])
    with pytest.raises(ValueError, match="bias column and at least one weight"):
        split_bias([[1.0]])
    with pytest.raises(ValueError, match="y and o must have the same shape"):
        logistic_loss([1.0, 0.0], [0.0])
    with pytest.raises(TypeError, match="must hold real numbers"):
        forward([Q3_W, Q3_V], ["a", "b"], acts)
    with pytest.raises(TypeError, match=r"penalty must be a wbcode\.regularization\.Penalty"):
        step([Q3_W, Q3_V], x, 2.0, acts, lr=0.1, penalty="l1")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"penalty must be a wbcode\.regularization\.Penalty"):
        gradients([Q3_W, Q3_V], x, 2.0, acts, penalty=0.1)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="logistic loss needs a sigmoid output"):
        step([Q3_W, Q3_V], x, 1.0, acts, lr=0.1, loss="logistic")
