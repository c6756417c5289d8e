"""Tests of wbcode.multistart: many seeds as one stack, against single runs and wbcode.mlp."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wbcode import _stacked as stk
from wbcode.adaptive import AdaGrad, Adam
from wbcode.gradcheck import gradcheck
from wbcode.losses import loss as mlp_loss
from wbcode.mlp import backward, forward
from wbcode.multistart import compare, stack_networks, unstack_networks
from wbcode.optim import GD, Momentum, Nesterov
from wbcode.regularization import Penalty
from wbcode.train import init_network, train
from wbcode.workbook import Q9

XOR_ACTS = ["sigmoid", "sigmoid"]


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


def test_bad_input_of_stack_and_unstack():
    a = init_network((2, 2, 1), np.random.default_rng(0))
    b = init_network((2, 3, 1), np.random.default_rng(0))
    with pytest.raises(ValueError, match="every network must have the layer shapes"):
        stack_networks([a, b])
    with pytest.raises(TypeError, match="nets must be a non-empty list"):
        stack_networks([])
    with pytest.raises(ValueError, match="does not split into 3 networks"):
        unstack_networks(stack_networks([a, a])[0], 3)
    with pytest.raises(ValueError, match="n_nets must be an integer >= 1"):
        unstack_networks(a, 0)


# -- the stacked passes against wbcode.mlp and finite differences ------------------------

ARCHS = [
    ((2, 2, 1), ("sigmoid", "sigmoid"), "logistic"),
    ((2, 3, 2, 1), ("relu", "sigmoid", "identity"), "squared"),
    ((2, 3, 2), ("identity", "sigmoid"), "yhat_minus_y"),
]


def stacked(nets):
    return [np.stack([np.atleast_2d(net[i]) for net in nets]) for i in range(len(nets[0]))]


@pytest.mark.parametrize(("sizes", "acts", "loss"), ARCHS)
def test_stacked_passes_are_mlps_passes_for_each_network(sizes, acts, loss):
    rng = np.random.default_rng(1)
    nets = [init_network(sizes, rng) for _ in range(5)]
    Y = np.stack([Q9.y] * sizes[-1], axis=1) if sizes[-1] > 1 else Q9.y[:, None]
    fw = stk.forward(stacked(nets), Q9.X, acts)
    dW = stk.backward(stacked(nets), Y, acts, loss, fw)
    L = stk.losses(Y, fw[1][-1], fw[2][-1], loss)
    for s, net in enumerate(nets):
        y = Y[:, 0] if sizes[-1] == 1 else Y
        one = forward(net, Q9.X, acts)
        np.testing.assert_allclose(fw[2][-1][s].reshape(one.yhat.shape), one.yhat, rtol=1e-13)
        bw = backward(net, Q9.X, y, acts, loss=loss)
        for got, want in zip(dW, bw.dW, strict=True):
            np.testing.assert_allclose(got[s].reshape(want.shape), want, rtol=1e-12, atol=1e-14)
        assert L[s] == pytest.approx(mlp_loss(y, one.a[-1], loss=loss, output=acts[-1]), rel=1e-13)


@pytest.mark.parametrize(("sizes", "acts", "loss"), ARCHS)
def test_stacked_gradient_by_finite_differences(sizes, acts, loss):
    """d(sum_s L_s)/dW of every network of the stack, against central differences."""
    rng = np.random.default_rng(2)
    Ws = stacked([init_network(sizes, rng) for _ in range(3)])
    Y = np.full((4, sizes[-1]), 0.0) + Q9.y[:, None]
    shapes = [w.shape for w in Ws]
    cuts = np.cumsum([w.size for w in Ws])[:-1]

    def unflat(flat):
        return [p.reshape(shape) for p, shape in zip(np.split(flat, cuts), shapes, strict=True)]

    def total(flat):
        _, a, h = stk.forward(unflat(flat), Q9.X, acts)
        return float(np.sum(stk.losses(Y, a[-1], h[-1], loss)))

    dW = stk.backward(Ws, Y, acts, loss, stk.forward(Ws, Q9.X, acts))
    flat0 = np.concatenate([w.ravel() for w in Ws])
    res = gradcheck(total, flat0, np.concatenate([g.ravel() for g in dW]))
    assert res.ok, res.max_abs_error


# -- divergence and bad input ------------------------------------------------------------


def test_diverging_seeds_count_as_not_converged_and_stop_no_other_seed():
    seeds = range(12)
    kw = {"sizes": (2, 2, 1), "activations": ("sigmoid", "identity"), "loss": "squared"}
    stats = compare({"GD": GD(lr=0.6)}, seeds, Q9.X, Q9.y, epochs=200, **kw)["GD"]
    diverged = ~np.isnan(stats.diverged_epoch)
    assert 0 < diverged.sum() < len(seeds)  # a mix, so that both kinds are checked
    assert np.all(np.isnan(stats.converged_epoch[diverged]))
    assert stats.success_rate == np.mean(~np.isnan(stats.converged_epoch))
    for arr in (stats.final_loss, stats.yhat, *[w for net in stats.weights for w in net]):
        assert np.all(np.isfinite(arr))
    for s in seeds:
        w0 = init_network((2, 2, 1), np.random.default_rng(s))
        res = train(w0, Q9.X, Q9.y, ["sigmoid", "identity"], optimizer=GD(lr=0.6), loss="squared",
                    epochs=200)  # fmt: skip
        assert (res.diverged_epoch is None) == np.isnan(stats.diverged_epoch[s])
        if res.diverged_epoch is None:
            assert (res.converged_epoch is None) == np.isnan(stats.converged_epoch[s])
            np.testing.assert_allclose(stats.yhat[s], res.yhat, rtol=1e-12)
        else:
            assert res.diverged_epoch == stats.diverged_epoch[s]


def test_counts_flags_and_networks_are_checked():
    a = init_network((2, 2, 1), np.random.default_rng(0))
    with pytest.raises(TypeError, match=r"seeds\[0\] must be an integer, got float 1.5"):
        compare({"GD": GD(lr=1.0)}, (1.5,), Q9.X, Q9.y)
    with pytest.raises(TypeError, match=r"sizes\[1\] must be an integer"):
        compare({"GD": GD(lr=1.0)}, [0], Q9.X, Q9.y, sizes=(2, 2.5, 1))
    with pytest.raises(ValueError, match=r"y must lie in \[0, 1\]"):
        compare({"GD": GD(lr=1.0)}, [0], Q9.X, 2 * Q9.y)
    with pytest.raises(ValueError, match=r"nets\[1\]\[1\] must have 3 columns"):
        stack_networks([a, [a[0], np.ones(4)]])
    with pytest.raises(TypeError, match="vector_output must be True or False"):
        unstack_networks(a, 1, vector_output=1)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="n_nets must be an integer"):
        unstack_networks(a, 1.0)  # type: ignore[arg-type]
