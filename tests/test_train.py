"""Tests of wbcode.train: the training loop by hand, against wbcode.mlp, and divergence."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wbcode.adaptive import Adam
from wbcode.losses import loss as mlp_loss
from wbcode.mlp import backward, forward
from wbcode.optim import GD, Momentum
from wbcode.regularization import Penalty
from wbcode.train import converged, init_network, train
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
    with pytest.raises(ValueError, match="epochs must be an integer >= 0"):
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
    with pytest.raises(ValueError, match=r"sizes\[1\] must be an integer >= 1"):
        init_network((2, 0, 1), np.random.default_rng(0))
    with pytest.raises(ValueError, match="std must be finite and > 0"):
        init_network((2, 2, 1), np.random.default_rng(0), std=0.0)
    with pytest.raises(ValueError, match="yhat and y must have the same shape"):
        converged([0.5, 0.5], [1.0])


# -- against a plain loop of wbcode.mlp, and divergence ------------------------------------


def plain_loop(weights, X, y, acts, opt, loss, penalty, epochs, mode):
    """The training loop written out with wbcode.mlp.backward, one network, no stacks."""
    opt, W = opt.clone(), [np.array(w, dtype=float) for w in weights]
    batches = [(X, y)] if mode == "batch" else [(X[i], y[i]) for i in range(len(X))]
    lam = None if penalty is None else Penalty(penalty.kind, penalty.lam / len(batches))
    for _ in range(epochs):
        for x, t in batches:
            grads = backward(W, x, t, acts, loss=loss).dW
            if lam is not None:
                grads = [g + p for g, p in zip(grads, lam.grad(W), strict=True)]
            W = list(opt.step(W, list(grads)))
    return W


@pytest.mark.parametrize(
    ("sizes", "acts", "loss"),
    [
        ((2, 2, 1), ["sigmoid", "sigmoid"], "logistic"),
        ((2, 3, 2, 1), ["relu", "sigmoid", "identity"], "squared"),
        ((2, 3, 2), ["sigmoid", "sigmoid"], "squared"),
    ],
)
@pytest.mark.parametrize("opt", [GD(lr=0.3), Momentum(lr=0.1), Adam(lr=0.05)], ids=repr)
@pytest.mark.parametrize("mode", ["batch", "sample"])
def test_train_is_the_plain_loop_of_mlp_backward(sizes, acts, loss, opt, mode):
    rng = np.random.default_rng(4)
    w0 = init_network(sizes, rng)
    y = Q9.y if sizes[-1] == 1 else np.stack([Q9.y, 1 - Q9.y], axis=1)
    pen = Penalty("l2", 0.01)
    res = train(w0, Q9.X, y, acts, optimizer=opt, loss=loss, penalty=pen, epochs=30, mode=mode)
    want = plain_loop(w0, Q9.X, y, acts, opt, loss, pen, 30, mode)
    for got, w in zip(res.weights, want, strict=True):
        np.testing.assert_allclose(got, w, rtol=1e-12, atol=1e-14)
    fw = forward(want, Q9.X, acts)
    np.testing.assert_allclose(res.yhat, fw.yhat, rtol=1e-12)
    np.testing.assert_allclose(res.loss[-1], mlp_loss(y, fw.a[-1], loss=loss, output=acts[-1]))
    np.testing.assert_allclose(res.objective[-1], res.loss[-1] + pen.value(want))


@pytest.mark.parametrize("mode", ["batch", "sample"])
@pytest.mark.parametrize("lr", [10.0, 1e3, 1e200])
def test_a_diverging_run_says_so_and_keeps_its_last_finite_weights(lr, mode):
    w0 = init_network((2, 2, 1), np.random.default_rng(0))
    kw = {"loss": "squared", "mode": mode}
    acts = ["sigmoid", "identity"]
    res = train(w0, Q9.X, Q9.y, acts, optimizer=GD(lr=lr), epochs=500, **kw)
    assert res.diverged_epoch is not None and res.converged_epoch is None
    assert res.epochs == res.diverged_epoch - 1
    assert res.loss.shape == res.objective.shape == (res.epochs + 1,)
    for arr in (*res.weights, res.loss, res.objective, res.yhat):
        assert np.all(np.isfinite(arr))
    # the weights are those of the last epoch that stayed finite
    before = train(w0, Q9.X, Q9.y, acts, optimizer=GD(lr=lr), epochs=res.epochs, **kw)
    assert before.diverged_epoch is None
    for a, b in zip(res.weights, before.weights, strict=True):
        np.testing.assert_array_equal(a, b)
    np.testing.assert_array_equal(res.loss, before.loss)


def test_a_network_that_is_already_too_large_is_an_error():
    w0 = [np.full((2, 3), 1e200), np.full(3, 1e200)]
    with pytest.raises(ValueError, match=r"weights make the network's outputs or loss"):
        train(w0, Q9.X, Q9.y, ["relu", "identity"], optimizer=GD(lr=0.1), loss="squared")


def test_bad_targets_counts_and_networks():
    w0 = init_network((2, 2, 1), np.random.default_rng(0))
    kw = {"optimizer": GD(lr=1.0)}
    with pytest.raises(ValueError, match=r"y must lie in \[0, 1\]"):
        train(w0, Q9.X, [2.0, 0.0, 0.0, 1.0], XOR_ACTS, **kw)
    with pytest.raises(TypeError, match=r"epochs must be an integer, got float 1\.5"):
        train(w0, Q9.X, Q9.y, XOR_ACTS, epochs=1.5, **kw)
    with pytest.raises(TypeError, match="epochs must be an integer, got bool"):
        train(w0, Q9.X, Q9.y, XOR_ACTS, epochs=True, **kw)
    with pytest.raises(
        ValueError, match=r"weights\[1\] must have 3 columns .* unit of weights\[0\], 2"
    ):
        train([w0[0], np.ones(4)], Q9.X, Q9.y, XOR_ACTS, **kw)
    with pytest.raises(ValueError, match=r"weights\[0\] must have 2 dimension"):
        train([np.ones(3), w0[1]], Q9.X, Q9.y, XOR_ACTS, **kw)
    with pytest.raises(TypeError, match=r"sizes\[1\] must be an integer, got float 2.0"):
        init_network((2, 2.0, 1), np.random.default_rng(0))


@settings(max_examples=15)
@given(st.integers(-250, 250), st.sampled_from(["batch", "sample"]))
def test_inputs_of_any_size_train_or_report_divergence(k, mode):
    """X scaled by 10**k: finite results without a warning, and a clear outcome."""
    w0 = init_network((2, 2, 1), np.random.default_rng(1))
    res = train(w0, Q9.X * 10.0**k, Q9.y, XOR_ACTS, optimizer=Adam(lr=0.1), epochs=40, mode=mode)
    for arr in (*res.weights, res.loss, res.objective, res.yhat):
        assert np.all(np.isfinite(arr))
    assert res.loss.shape == (res.epochs + 1,)
    assert res.epochs == 40 or res.diverged_epoch == res.epochs + 1
