"""Tests of wbcode.rnn: forward pass, BPTT, Jacobian norms, gradient clipping."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from wbcode.gradcheck import gradcheck
from wbcode.rnn import (
    clip_by_norm,
    clip_global_norm,
    jacobian_norms,
    rnn_backward,
    rnn_forward,
    rnn_loss,
)


def sig(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-z))


def random_rnn(rng, T=4, d=3, n=3, k=2, scale=0.6):
    X = rng.normal(size=(T, d))
    U = scale * rng.normal(size=(n, d))
    W = scale * rng.normal(size=(n, n))
    V = scale * rng.normal(size=(k, n)) if k else scale * rng.normal(size=n)
    b = 0.1 * rng.normal(size=n)
    c = 0.1 * rng.normal(size=k) if k else 0.1 * float(rng.normal())
    h0 = 0.5 * rng.normal(size=n)
    y = rng.uniform(size=(T, k) if k else T)
    return X, y, [U, W, V, b, c, h0]


# -- forward ---------------------------------------------------------------------


def test_forward_by_hand_two_units_relu():
    X = [[1.0, -1.0], [0.5, 2.0]]
    U = [[1.0, 0.0], [0.0, 1.0]]
    W = [[0.5, 0.0], [1.0, 0.5]]
    V = [1.0, -1.0]
    fw = rnn_forward(X, U, W, V, [0.0, 0.0], 0.5, [0.0, 0.0], activation="relu")
    # t = 1: a = U x = (1, -1), h = (1, 0)
    # t = 2: a = W h1 + U x2 = (0.5*1 + 0.5, 1*1 + 0*0.5 + 2) = (1, 3)
    np.testing.assert_allclose(fw.a, [[1.0, -1.0], [1.0, 3.0]])
    np.testing.assert_allclose(fw.h, [[1.0, 0.0], [1.0, 3.0]])
    # o = 0.5 + h1 - h2
    np.testing.assert_allclose(fw.o, [0.5 + 1.0 - 0.0, 0.5 + 1.0 - 3.0])
    np.testing.assert_allclose(fw.yhat, [sig(1.5), sig(-1.5)])


def test_forward_tanh_scalar_by_hand():
    fw = rnn_forward([[1.0], [2.0]], [[0.5]], [[2.0]], [[1.0]], [0.1], [0.0], [0.0])
    a1 = 0.1 + 0.5 * 1.0
    a2 = 0.1 + 2.0 * math.tanh(a1) + 0.5 * 2.0
    np.testing.assert_allclose(fw.a[:, 0], [a1, a2])
    np.testing.assert_allclose(fw.o[:, 0], [math.tanh(a1), math.tanh(a2)])
    assert fw.o.shape == (2, 1)


def test_vector_V_equals_one_row_matrix():
    rng = np.random.default_rng(0)
    X, _, (U, W, V, b, c, h0) = random_rnn(rng, k=0)
    one = rnn_forward(X, U, W, V, b, c, h0)
    mat = rnn_forward(X, U, W, V[None, :], b, [c], h0)
    np.testing.assert_allclose(one.o, mat.o[:, 0])
    assert one.o.shape == (X.shape[0],)


def test_extreme_logits_stay_finite():
    loss = rnn_loss(
        [[1.0]], [0.0], [[1.0]], [[0.0]], [1e4], [0.0], 0.0, [0.0], activation="identity"
    )
    assert loss == pytest.approx(1e4)
    g = rnn_backward(
        [[1.0]], [0.0], [[1.0]], [[0.0]], [1e4], [0.0], 0.0, [0.0], activation="identity"
    )
    assert all(np.all(np.isfinite(d)) for d in g)


# -- BPTT ------------------------------------------------------------------------


@pytest.mark.parametrize("activation", ["tanh", "relu", "identity"])
@pytest.mark.parametrize("loss", ["bce", "squared"])
@pytest.mark.parametrize("k", [0, 2])
def test_bptt_matches_finite_differences(activation, loss, k):
    rng = np.random.default_rng(1)
    X, y, params = random_rnn(rng, k=k)
    grads = rnn_backward(X, y, *params, activation=activation, loss=loss)
    assert len(grads) == 6
    for i, (p, g) in enumerate(zip(params, grads, strict=True)):
        assert np.shape(g) == np.shape(p)

        def f(value, i=i):
            args = list(params)
            args[i] = value
            return rnn_loss(X, y, *args, activation=activation, loss=loss)

        res = gradcheck(f, p, g)
        assert res.ok, (i, res.max_abs_error)


def test_bptt_single_step_by_hand():
    # T = 1, n = d = k = 1, tanh, cross-entropy with y = 1
    g = rnn_backward([[1.0]], [1.0], [[1.0]], [[0.5]], [2.0], [0.0], 0.0, [0.0])
    h = math.tanh(1.0)
    do = sig(2.0 * h) - 1.0
    da = (1.0 - h**2) * 2.0 * do
    assert g.dc == pytest.approx(do)
    assert g.dV[0] == pytest.approx(do * h)
    assert g.dU[0, 0] == pytest.approx(da * 1.0)
    assert g.db[0] == pytest.approx(da)
    assert g.dW[0, 0] == 0.0  # h0 = 0
    assert g.dh0[0] == pytest.approx(0.5 * da)


# -- Jacobian norms ----------------------------------------------------------------


def test_jacobian_norms_against_explicit_product():
    W = np.array([[0.5, -1.0], [2.0, 0.25]])
    a = np.array([[0.3, -0.2], [1.0, 0.1], [-0.4, 2.0]])
    d = 1.0 - np.tanh(a) ** 2
    J1 = np.diag(d[0]) @ W
    J2 = np.diag(d[1]) @ W @ J1
    J3 = np.diag(d[2]) @ W @ J2
    want = [np.linalg.svd(J, compute_uv=False)[0] for J in (J1, J2, J3)]
    np.testing.assert_allclose(jacobian_norms(W, a), want)


def test_jacobian_norms_against_finite_differences_of_forward():
    rng = np.random.default_rng(2)
    X, _, (U, W, V, b, c, h0) = random_rnn(rng, T=5)
    fw = rnn_forward(X, U, W, V, b, c, h0)
    eps = 1e-6
    J = np.empty((3, 3))
    for j in range(3):
        e = np.zeros(3)
        e[j] = eps
        up = rnn_forward(X, U, W, V, b, c, h0 + e).h[-1]
        down = rnn_forward(X, U, W, V, b, c, h0 - e).h[-1]
        J[:, j] = (up - down) / (2 * eps)
    assert jacobian_norms(W, fw.a)[-1] == pytest.approx(np.linalg.norm(J, 2), rel=1e-6)


@pytest.mark.parametrize("rho", [0.5, 0.9, 1.1, 1.5])
def test_linear_rnn_with_scaled_orthogonal_W_gives_rho_power_t(rho):
    Q, _ = np.linalg.qr(np.random.default_rng(3).normal(size=(4, 4)))
    norms = jacobian_norms(rho * Q, np.zeros((6, 4)), activation="identity")
    np.testing.assert_allclose(norms, rho ** np.arange(1, 7))


def test_relu_dead_units_cut_the_jacobian():
    assert np.all(jacobian_norms(np.eye(2), -np.ones((3, 2)), activation="relu") == 0)


# -- clipping ----------------------------------------------------------------------


def test_clip_by_norm_by_hand():
    np.testing.assert_allclose(clip_by_norm([[6.0, 8.0]], 5.0), [[3.0, 4.0]])
    np.testing.assert_allclose(clip_by_norm([0.6, 0.8], 5.0), [0.6, 0.8])


@settings(max_examples=50, deadline=None)
@given(
    g=arrays(np.float64, st.integers(1, 6), elements=st.floats(-1e3, 1e3)),
    threshold=st.floats(1e-3, 1e3),
)
def test_clipping_caps_the_norm_and_keeps_the_direction(g, threshold):
    out = clip_by_norm(g, threshold)
    norm, new = np.linalg.norm(g), np.linalg.norm(out)
    assert new <= threshold * (1 + 1e-12)
    if norm <= threshold:
        np.testing.assert_array_equal(out, g)
    else:
        assert new == pytest.approx(threshold)
        # same direction: a positive multiple of g
        np.testing.assert_allclose(out * norm, g * new, atol=1e-9 * norm * new)


def test_clip_global_norm_scales_all_together():
    a, b = clip_global_norm([[3.0, 0.0], [[4.0]]], 1.0)  # joint norm 5
    np.testing.assert_allclose(a, [0.6, 0.0])
    np.testing.assert_allclose(b, [[0.8]])
    rng = np.random.default_rng(4)
    X, y, params = random_rnn(rng)
    grads = rnn_backward(X, y, *params)
    kept = clip_global_norm(grads, 1e6)
    for g, k in zip(grads, kept, strict=True):
        np.testing.assert_array_equal(g, k)


# -- bad input ---------------------------------------------------------------------

GOOD = dict(X=[[1.0, 2.0]], U=[[1.0, 0.0]], W=[[0.5]], V=[1.0], b=[0.0], c=0.0, h0=[0.0])


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("X", [1.0, 2.0], "X must have 2 dimension"),
        ("U", [[1.0, 0.0, 0.0]], "U must have shape"),
        ("W", [[0.5, 0.1]], "W must have shape"),
        ("V", [1.0, 2.0], "V must have 1 columns"),
        ("c", [0.0, 1.0], "c must have 0 dimension"),
        ("h0", [0.0, 0.0], "h0 must have shape"),
        ("b", [np.nan], "b must be finite"),
    ],
)
def test_bad_shapes_are_named(field, value, message):
    args = dict(GOOD, **{field: value})
    with pytest.raises(ValueError, match=message):
        rnn_forward(**args)


def test_bad_options_and_targets():
    with pytest.raises(ValueError, match="activation must be one of"):
        rnn_forward(**GOOD, activation="sigmoid")
    with pytest.raises(ValueError, match="loss must be one of"):
        rnn_loss(GOOD["X"], [1.0], *list(GOOD.values())[1:], loss="hinge")
    with pytest.raises(ValueError, match="y must have shape"):
        rnn_backward(GOOD["X"], [1.0, 0.0], *list(GOOD.values())[1:])
    with pytest.raises(TypeError, match="X must hold real numbers"):
        rnn_forward(**dict(GOOD, X=[["a", "b"]]))


def test_bad_clipping_and_jacobian_input():
    with pytest.raises(ValueError, match="threshold must be finite and > 0"):
        clip_by_norm([1.0], 0.0)
    with pytest.raises(ValueError, match="at least one gradient"):
        clip_global_norm([], 1.0)
    with pytest.raises(TypeError, match="sequence of arrays"):
        clip_global_norm(np.ones(3), 1.0)
    with pytest.raises(ValueError, match="W must be square"):
        jacobian_norms(np.ones((2, 3)), np.ones((1, 2)))
    with pytest.raises(ValueError, match="a must have shape"):
        jacobian_norms(np.eye(2), np.ones((4, 3)))
