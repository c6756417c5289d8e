"""Tests of wbcode.train: the training loop, by hand, and many seeds as one wide network."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wbcode.gradcheck import gradcheck
from wbcode.mlp import backward, forward
from wbcode.mlp import loss as mlp_loss
from wbcode.adaptive import AdaGrad, Adam
from wbcode.optim import GD, Momentum, Nesterov
from wbcode.regularization import Penalty
from wbcode.train import (
    compare,
    converged,
    init_network,
    stack_networks,
    train,
    unstack_networks,
)
from wbcode.workbook import Q9

XOR_ACTS = ["sigmoid", "sigmoid"]

# -- the loop on a network small enough to follow by hand ------------------------------
# One linear unit yhat = b + w x (weights [b, w]), squared loss, X = (1, 2), y = (1, 3).
X1 = np.array([[1.0], [2.0]])
Y1 = np.array([1.0, 3.0])


def test_batch_epoch_by_hand():
    res = train(
        [np.array([0.0, 0.0])], X1, Y1, ["identity"], optimizer=GD(lr=0.1), loss="squared", epochs=1
    )
    # gradient of (1 - yhat)^2 + (3 - yhat)^2 at yhat = 0:
    db = -2 * (1 - 0) - 2 * (3 - 0)  # -8
    dw = -2 * (1 - 0) * 1 - 2 * (3 - 0) * 2  # -14
    b1, w1 = 0 - 0.1 * db, 0 - 0.1 * dw  # 0.8, 1.4
    np.testing.assert_allclose(res.weights[0], [b1, w1])
    np.testing.assert_allclose(res.loss, [1**2 + 3**2, (1 - 2.2) ** 2 + (3 - 3.6) ** 2])
    np.testing.assert_allclose(res.yhat, [b1 + w1 * 1, b1 + w1 * 2])
    assert res.epochs == 1 and res.converged_epoch is None


def test_per_sample_epoch_by_hand():
    res = train(
        [np.array([0.0, 0.0])],
        X1,
        Y1,
        ["identity"],
        optimizer=GD(lr=0.1),
        loss="squared",
        epochs=1,
        mode="sample",
    )
    # sample 1: yhat = 0, grad = -2 * 1 * (1, 1) -> (0.2, 0.2)
    # sample 2: yhat = 0.2 + 0.2 * 2 = 0.6, grad = -2 * 2.4 * (1, 2) -> (0.2 + 0.48, 0.2 + 0.96)
    np.testing.assert_allclose(res.weights[0], [0.2 + 0.1 * 2 * 2.4, 0.2 + 0.1 * 2 * 2.4 * 2])


def test_l2_penalty_batch_by_hand():
    pen = Penalty("l2", 0.5)
    res = train(
        [np.array([0.0, 1.0])],
        X1,
        Y1,
        ["identity"],
        optimizer=GD(lr=0.1),
        loss="squared",
        penalty=pen,
        epochs=1,
    )
    # yhat = (1, 2): residuals (0, 1); loss gradient -2 * (0 * (1, 1) + 1 * (1, 2)) = (-2, -4)
    # L2 gradient 2 * 0.5 * (0, 1) = (0, 1): the bias b is not penalized
    b1, w1 = 0 - 0.1 * (-2 + 0), 1 - 0.1 * (-4 + 1)  # 0.2, 1.3
    np.testing.assert_allclose(res.weights[0], [b1, w1])
    loss1 = (1 - (b1 + w1)) ** 2 + (3 - (b1 + 2 * w1)) ** 2
    np.testing.assert_allclose(res.loss, [0**2 + 1**2, loss1])
    np.testing.assert_allclose(res.objective, [1 + 0.5 * 1**2, loss1 + 0.5 * w1**2])


def test_l2_penalty_per_sample_is_spread_over_the_samples():
    pen = Penalty("l2", 0.5)
    res = train(
        [np.array([0.0, 1.0])],
        X1,
        Y1,
        ["identity"],
        optimizer=GD(lr=0.1),
        loss="squared",
        penalty=pen,
        epochs=1,
        mode="sample",
    )
    # each of the n = 2 steps uses lam / 2 = 0.25, i.e. an L2 gradient 2 * 0.25 * w
    # sample 1: yhat = 1 = y, only the penalty: w = 1 - 0.1 * 0.5 = 0.95
    # sample 2: yhat = 0 + 0.95 * 2 = 1.9, residual 1.1, grad -2 * 1.1 * (1, 2) + (0, 0.475)
    b2 = 0.0 - 0.1 * (-2 * 1.1)
    w2 = 0.95 - 0.1 * (-2 * 1.1 * 2 + 2 * 0.25 * 0.95)
    np.testing.assert_allclose(res.weights[0], [b2, w2])


def test_train_leaves_its_arguments_alone_and_reuses_the_optimizer():
    w0 = init_network((2, 2, 1), np.random.default_rng(3))
    copy = [w.copy() for w in w0]
    opt = Adam(lr=0.05)
    a = train(w0, Q9.X, Q9.y, XOR_ACTS, optimizer=opt, epochs=20)
    b = train(w0, Q9.X, Q9.y, XOR_ACTS, optimizer=opt, epochs=20)
    assert opt.t == 0  # a clone was trained
    for w, c in zip(w0, copy, strict=True):
        np.testing.assert_array_equal(w, c)
    np.testing.assert_array_equal(a.loss, b.loss)


def test_loss_record_matches_the_final_network():
    w0 = init_network((2, 2, 1), np.random.default_rng(0))
    res = train(w0, Q9.X, Q9.y, XOR_ACTS, optimizer=GD(lr=1.0), epochs=50)
    fw = forward(list(res.weights), Q9.X, XOR_ACTS)
    np.testing.assert_allclose(res.yhat, fw.yhat)
    np.testing.assert_allclose(
        res.loss[-1], mlp_loss(Q9.y, fw.a[-1], loss="logistic", output="sigmoid")
    )
    assert res.loss.shape == (51,)
    assert res.loss[-1] < res.loss[0]


def test_xor_is_solved_and_the_convergence_epoch_is_the_first_one():
    w0 = init_network((2, 2, 1), np.random.default_rng(0))
    res = train(w0, Q9.X, Q9.y, XOR_ACTS, optimizer=GD(lr=1.0), epochs=300)
    assert res.converged_epoch is not None
    assert np.all((res.yhat > 0.5) == (Q9.y == 1))
    e = res.converged_epoch
    before = train(w0, Q9.X, Q9.y, XOR_ACTS, optimizer=GD(lr=1.0), epochs=e - 1)
    at = train(w0, Q9.X, Q9.y, XOR_ACTS, optimizer=GD(lr=1.0), epochs=e)
    assert not converged(before.yhat, Q9.y) and converged(at.yhat, Q9.y)


def test_large_l2_keeps_the_outputs_near_one_half():
    w0 = init_network((2, 2, 1), np.random.default_rng(0))
    res = train(
        w0, Q9.X, Q9.y, XOR_ACTS, optimizer=GD(lr=0.5), epochs=300, penalty=Penalty("l2", 1.0)
    )
    assert res.converged_epoch is None
    assert np.all(np.abs(res.yhat - 0.5) < 0.1)


# -- helpers ---------------------------------------------------------------------------------


def test_init_network_shapes_order_and_seed():
    W, v = init_network((2, 2, 1), np.random.default_rng(7), std=0.5)
    draws = np.random.default_rng(7).normal(0.0, 0.5, size=9)
    np.testing.assert_array_equal(W.ravel(), draws[:6])
    np.testing.assert_array_equal(v, draws[6:])
    shapes = [w.shape for w in init_network((3, 4, 2), np.random.default_rng(0))]
    assert shapes == [(4, 4), (2, 5)]


def test_converged_by_hand():
    assert converged([0.76, 0.24, 0.24, 0.76], [1, 0, 0, 1])
    assert not converged([0.75, 0.24, 0.24, 0.76], [1, 0, 0, 1])
    assert converged([0.6, 0.4, 0.4, 0.6], [1, 0, 0, 1], tol=0.45)


def test_stack_unstack_round_trip():
    rng = np.random.default_rng(0)
    nets = [init_network((2, 3, 2, 1), rng) for _ in range(4)]
    wide, masks = stack_networks(nets)
    assert [w.shape for w in wide] == [(12, 3), (8, 13), (4, 9)]
    for w, m in zip(wide, masks, strict=True):
        assert np.all(w[m == 0] == 0)
    back = unstack_networks(wide, 4)
    for a, b in zip(nets, back, strict=True):
        for wa, wb in zip(a, b, strict=True):
            np.testing.assert_array_equal(wa, wb)


@settings(max_examples=20, deadline=None)
@given(st.integers(1, 6), st.integers(0, 2**32 - 1))
def test_wide_network_predicts_what_each_network_predicts(n_nets, seed):
    rng = np.random.default_rng(seed)
    nets = [init_network((2, 2, 1), rng) for _ in range(n_nets)]
    wide, _ = stack_networks(nets)
    yhat = forward(wide, Q9.X, XOR_ACTS).yhat
    for s, net in enumerate(nets):
        np.testing.assert_allclose(yhat[:, s], forward(net, Q9.X, XOR_ACTS).yhat, rtol=1e-13)


def test_masked_wide_gradient_is_each_networks_gradient():
    """Finite differences of sum_s J_s(theta_s) against the masked gradient of the wide net."""
    rng = np.random.default_rng(5)
    nets = [init_network((2, 2, 1), rng) for _ in range(3)]
    pen = Penalty("l2", 0.1)
    wide, masks = stack_networks(nets)
    Y = np.repeat(Q9.y[:, None], 3, axis=1)
    bw = backward(wide, Q9.X, Y, XOR_ACTS, loss="logistic")
    grads = [(g + p) * m for g, p, m in zip(bw.dW, pen.grad(wide), masks, strict=True)]
    shapes = [w.shape for w in nets[0]]
    sizes = [int(np.prod(s)) for s in shapes]

    def total(flat):
        J = 0.0
        for s in range(3):
            chunk = flat[s * sum(sizes) : (s + 1) * sum(sizes)]
            parts = np.split(chunk, np.cumsum(sizes)[:-1])
            net = [p.reshape(shape) for p, shape in zip(parts, shapes, strict=True)]
            fw = forward(net, Q9.X, XOR_ACTS)
            J += mlp_loss(Q9.y, fw.a[-1], loss="logistic", output="sigmoid") + pen.value(net)
        return J

    flat0 = np.concatenate([w.ravel() for net in nets for w in net])
    per_net = unstack_networks(grads, 3)
    analytic = np.concatenate([g.ravel() for net in per_net for g in net])
    res = gradcheck(total, flat0, analytic)
    assert res.ok, res.max_abs_error


@pytest.mark.parametrize(
    "opt",
    [GD(lr=1.0), Momentum(lr=0.3), Nesterov(lr=0.3), AdaGrad(lr=1.0), Adam(lr=0.2)],
    ids=lambda o: type(o).__name__,
)
@pytest.mark.parametrize("mode", ["batch", "sample"])
def test_compare_matches_one_training_run_per_seed(opt, mode):
    seeds = [0, 2, 4, 5]
    pen = Penalty("l2", 0.001)
    epochs = 80 if mode == "batch" else 40
    stats = compare({"m": opt}, seeds, Q9.X, Q9.y, epochs=epochs, mode=mode, penalty=pen)["m"]
    expected, final, yhat, weights = [], [], [], []
    for s in seeds:
        w0 = init_network((2, 2, 1), np.random.default_rng(s))
        res = train(w0, Q9.X, Q9.y, XOR_ACTS, optimizer=opt, epochs=epochs, mode=mode, penalty=pen)
        expected.append(np.nan if res.converged_epoch is None else res.converged_epoch)
        final.append(res.loss[-1])
        yhat.append(res.yhat)
        weights.append(res.weights)
    np.testing.assert_array_equal(stats.converged_epoch, expected)
    ok = ~np.isnan(np.array(expected))
    np.testing.assert_allclose(stats.final_loss, final, rtol=1e-10)
    np.testing.assert_allclose(stats.yhat, yhat, rtol=1e-10)
    for got, want in zip(stats.weights, weights, strict=True):
        for g, w in zip(got, want, strict=True):
            np.testing.assert_allclose(g, w, rtol=1e-10, atol=1e-13)
    assert stats.success_rate == ok.mean()
    if mode == "batch":
        assert ok.any()
        assert stats.median_epochs == np.median(np.array(expected)[ok])
    assert stats.seeds == tuple(seeds) and stats.optimizer == repr(opt)


def test_converged_means_converged_until_the_end():
    """One linear unit whose error flips sign and grows: met at epochs 0 and 1, lost at 2."""
    # yhat = b + w * 1 starts at 0.6 (error 0.4); each step multiplies the error by
    # 1 - 2 * lr * (1 + 1) = -1.2: errors 0.4, -0.48, 0.576 against tol 0.5
    kw = {"optimizer": GD(lr=0.55), "loss": "squared", "tol": 0.5}
    one = train([np.array([0.3, 0.3])], [[1.0]], [1.0], ["identity"], epochs=1, **kw)
    two = train([np.array([0.3, 0.3])], [[1.0]], [1.0], ["identity"], epochs=2, **kw)
    np.testing.assert_allclose(two.yhat, [1 - 0.4 * (-1.2) ** 2])
    assert one.converged_epoch == 0
    assert two.converged_epoch is None


# -- bad input -------------------------------------------------------------------------------


def test_bad_input():
    w0 = init_network((2, 2, 1), np.random.default_rng(0))
    kw = {"optimizer": GD(lr=1.0)}
    with pytest.raises(ValueError, match="mode must be one of"):
        train(w0, Q9.X, Q9.y, XOR_ACTS, mode="minibatch", **kw)
    with pytest.raises(ValueError, match="epochs must be a non-negative integer"):
        train(w0, Q9.X, Q9.y, XOR_ACTS, epochs=-1, **kw)
    with pytest.raises(TypeError, match=r"optimizer must be a wbcode\.optim\.Optimizer"):
        train(w0, Q9.X, Q9.y, XOR_ACTS, optimizer=0.1)
    with pytest.raises(ValueError, match="y must have one target per row of X"):
        train(w0, Q9.X, [1.0, 0.0], XOR_ACTS, **kw)
    with pytest.raises(ValueError, match="y must have the prediction's shape"):
        train(w0, Q9.X, Q9.y[:, None], XOR_ACTS, **kw)
    with pytest.raises(TypeError, match=r"penalty must be a wbcode\.regularization\.Penalty"):
        train(w0, Q9.X, Q9.y, XOR_ACTS, penalty=0.1, **kw)
    with pytest.raises(TypeError, match="activations must be a list"):
        train(w0, Q9.X, Q9.y, "sigmoid", **kw)
    with pytest.raises(ValueError, match="tol must be finite and > 0"):
        train(w0, Q9.X, Q9.y, XOR_ACTS, tol=0.0, **kw)
    with pytest.raises(ValueError, match="the logistic loss needs a sigmoid output"):
        train(w0, Q9.X, Q9.y, ["sigmoid", "identity"], **kw)


def test_bad_input_of_the_helpers():
    with pytest.raises(TypeError, match=r"rng must be a numpy\.random\.Generator"):
        init_network((2, 2, 1), 0)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="sizes must list at least"):
        init_network((2,), np.random.default_rng(0))
    with pytest.raises(ValueError, match=r"sizes\[1\] must be a positive integer"):
        init_network((2, 0, 1), np.random.default_rng(0))
    with pytest.raises(ValueError, match="std must be finite and > 0"):
        init_network((2, 2, 1), np.random.default_rng(0), std=0.0)
    with pytest.raises(ValueError, match="yhat and y must have the same shape"):
        converged([0.5, 0.5], [1.0])
    a = init_network((2, 2, 1), np.random.default_rng(0))
    b = init_network((2, 3, 1), np.random.default_rng(0))
    with pytest.raises(ValueError, match="every network must have the layer shapes"):
        stack_networks([a, b])
    with pytest.raises(TypeError, match="nets must be a non-empty list"):
        stack_networks([])
    with pytest.raises(ValueError, match="does not split into 3 networks"):
        unstack_networks(stack_networks([a, a])[0], 3)
    with pytest.raises(ValueError, match="n_nets must be a positive integer"):
        unstack_networks(a, 0)


def test_bad_input_of_compare():
    with pytest.raises(TypeError, match="optimizers must be a non-empty mapping"):
        compare({}, [0], Q9.X, Q9.y)
    with pytest.raises(TypeError, match=r"optimizers\['x'\] must be a wbcode.optim.Optimizer"):
        compare({"x": "adam"}, [0], Q9.X, Q9.y)  # type: ignore[dict-item]
    with pytest.raises(ValueError, match="seeds must name at least one seed"):
        compare({"GD": GD(lr=1.0)}, [], Q9.X, Q9.y)
    with pytest.raises(ValueError, match="sizes must start with X's 2 inputs"):
        compare({"GD": GD(lr=1.0)}, [0], Q9.X, Q9.y, sizes=(3, 2, 1))
    with pytest.raises(ValueError, match=r"y must have shape \(n,\)"):
        compare({"GD": GD(lr=1.0)}, [0], Q9.X, Q9.y[:, None])
