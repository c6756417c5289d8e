"""Tests of wbcode.rnn_runs: many RNNs trained together, each exactly as if alone."""

from __future__ import annotations

import numpy as np
import pytest

from wbcode.clipping import clip_global_norm
from wbcode.gradcheck import gradcheck
from wbcode.rnn import rnn_backward, rnn_forward, rnn_loss
from wbcode.rnn_runs import train_rnn_runs


def random_runs(seed: int, R: int = 3, T: int = 6, d: int = 2, n: int = 3, scale: float = 1.0):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(R, T, d))
    y = rng.uniform(size=(R, T))
    shapes = [(R, n, d), (R, n, n), (R, n), (R, n), (R,), (R, n)]
    return X, y, [scale * rng.normal(size=s) for s in shapes]


def one_run_by_wbcode_rnn(X, y, params, lr, steps, tau, activation):
    """Gradient descent on one run with rnn_loss, rnn_backward and clip_global_norm."""
    losses, norms = [], []
    for _ in range(steps):
        losses.append(rnn_loss(X, y, *params, activation=activation))
        grads = rnn_backward(X, y, *params, activation=activation)
        norms.append(np.sqrt(sum(np.sum(g**2) for g in grads)))
        if tau is not None:
            grads = clip_global_norm(grads, tau)
        params = [p - lr * g for p, g in zip(params, grads, strict=True)]
    losses.append(rnn_loss(X, y, *params, activation=activation))
    return np.array(losses), np.array(norms), params


@pytest.mark.parametrize("activation", ["tanh", "relu", "identity"])
def test_every_run_is_gradient_descent_with_rnn_backward(activation):
    X, y, P = random_runs(1, scale=0.5)
    lrs, taus = [0.1, 0.2, 0.05], [0.2, None, 3.0]
    runs = train_rnn_runs(
        X,
        y,
        *P,
        lr=lrs,
        steps=6,
        threshold=[np.inf if t is None else t for t in taus],
        activation=activation,
    )
    for r in range(3):
        losses, norms, params = one_run_by_wbcode_rnn(
            X[r], y[r], [p[r] for p in P], lrs[r], 6, taus[r], activation
        )
        np.testing.assert_allclose(runs.loss[r], losses, rtol=1e-12, atol=1e-13)
        np.testing.assert_allclose(runs.grad_norm[r], norms, rtol=1e-12)
        for got, want in zip(runs.params, params, strict=True):
            np.testing.assert_allclose(got[r], want, rtol=1e-11, atol=1e-13)
        fw = rnn_forward(X[r], *params, activation=activation)
        np.testing.assert_allclose(runs.yhat[r], fw.yhat, rtol=1e-12)
    assert np.any(runs.grad_norm[0] > 0.2)  # the clipped run was clipped


def test_the_first_step_follows_the_finite_difference_gradient():
    X, y, P = random_runs(2, R=2)
    runs = train_rnn_runs(X, y, *P, lr=1.0, steps=1)  # theta_1 = theta_0 - g
    for r in range(2):
        start = [p[r] for p in P]
        for i in range(6):

            def loss_of(value, i=i, r=r, start=start):
                return rnn_loss(X[r], y[r], *start[:i], value, *start[i + 1 :])

            grad = start[i] - runs.params[i][r]
            res = gradcheck(loss_of, start[i], grad)
            assert res.ok, (r, i, res.max_abs_error)


def test_runs_do_not_mix():
    X, y, P = random_runs(3, R=4, scale=1.5)  # large weights: the chaotic regime
    together = train_rnn_runs(X, y, *P, lr=0.3, steps=60, threshold=2.0)
    for r in range(4):
        alone = train_rnn_runs(
            X[r : r + 1], y[r : r + 1], *(p[r : r + 1] for p in P), lr=0.3, steps=60, threshold=2.0
        )
        np.testing.assert_array_equal(together.loss[r], alone.loss[0])
        np.testing.assert_array_equal(together.yhat[r], alone.yhat[0])


def test_a_clipped_step_is_at_most_lr_times_tau_and_keeps_the_direction():
    X, y, P = random_runs(4, R=3, scale=2.0)
    free = train_rnn_runs(X, y, *P, lr=0.1, steps=1)
    clipped = train_rnn_runs(X, y, *P, lr=0.1, steps=1, threshold=0.5)
    assert np.all(free.grad_norm[:, 0] > 0.5)  # every run is clipped
    for r in range(3):
        d_free = np.concatenate(
            [(q[r] - p[r]).ravel() for q, p in zip(free.params, P, strict=True)]
        )
        d_clip = np.concatenate(
            [(q[r] - p[r]).ravel() for q, p in zip(clipped.params, P, strict=True)]
        )
        assert np.linalg.norm(d_clip) == pytest.approx(0.1 * 0.5)
        cosine = d_free @ d_clip / (np.linalg.norm(d_free) * np.linalg.norm(d_clip))
        assert cosine == pytest.approx(1.0, abs=1e-12)


def test_no_threshold_is_an_infinite_threshold_and_a_large_one():
    X, y, P = random_runs(5, scale=0.3)
    a = train_rnn_runs(X, y, *P, lr=0.1, steps=5)
    b = train_rnn_runs(X, y, *P, lr=0.1, steps=5, threshold=np.inf)
    c = train_rnn_runs(X, y, *P, lr=0.1, steps=5, threshold=1e9)
    np.testing.assert_array_equal(a.loss, b.loss)
    np.testing.assert_array_equal(a.loss, c.loss)


def test_the_loss_is_the_summed_cross_entropy_by_hand():
    # one run, one unit, one step of input: a = 0.5 * 1, h = tanh(0.5), o = 2 h, y = 1
    X, y = np.ones((1, 1, 1)), np.ones((1, 1))
    P = [np.full((1, 1, 1), 0.5), np.zeros((1, 1, 1)), np.full((1, 1), 2.0)]
    P += [np.zeros((1, 1)), np.zeros(1), np.zeros((1, 1))]
    runs = train_rnn_runs(X, y, *P, lr=0.1, steps=1)
    o = 2 * np.tanh(0.5)
    assert runs.loss[0, 0] == pytest.approx(np.log1p(np.exp(-o)), rel=1e-14)


def test_extreme_but_valid_values_stay_finite():
    X, y, P = random_runs(6, scale=1.0)
    X = 1e4 * X  # every unit saturated, logits large
    runs = train_rnn_runs(X, y, *P, lr=0.01, steps=3, threshold=1.0)
    assert np.all(np.isfinite(runs.loss)) and np.all(np.isfinite(runs.grad_norm))


def test_bad_input_is_named():
    X, y, P = random_runs(7)
    with pytest.raises(ValueError, match="lr"):
        train_rnn_runs(X, y, *P, lr=1e200, steps=3)
    with pytest.raises(ValueError, match="lr"):
        train_rnn_runs(X, y, *P, lr=[0.1, 0.1], steps=3)
    with pytest.raises(ValueError, match="lr"):
        train_rnn_runs(X, y, *P, lr=[0.1, -0.1, 0.1], steps=3)
    with pytest.raises(ValueError, match="threshold"):
        train_rnn_runs(X, y, *P, lr=0.1, steps=3, threshold=0.0)
    with pytest.raises(ValueError, match="threshold"):
        train_rnn_runs(X, y, *P, lr=0.1, steps=3, threshold=np.nan)
    with pytest.raises(ValueError, match="steps"):
        train_rnn_runs(X, y, *P, lr=0.1, steps=0)
    with pytest.raises(ValueError, match="y"):
        train_rnn_runs(X, 2 * np.ones_like(y), *P, lr=0.1, steps=1)
    with pytest.raises(ValueError, match="W"):
        train_rnn_runs(X, y, P[0], P[1][:, :2], *P[2:], lr=0.1, steps=1)
    with pytest.raises(ValueError, match="U"):
        train_rnn_runs(X, y, P[0][:2], *P[1:], lr=0.1, steps=1)
    with pytest.raises(ValueError, match="activation"):
        train_rnn_runs(X, y, *P, lr=0.1, steps=1, activation="sigmoid")
