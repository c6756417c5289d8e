"""Tests of wbcode.rnn: forward pass, loss, BPTT by hand and by finite differences."""

from __future__ import annotations

import math
import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wbcode.gradcheck import gradcheck
from wbcode.rnn import rnn_backward, rnn_forward, rnn_loss


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


def test_forward_keeps_a_copy_of_h0():
    h0 = np.array([0.5])
    fw = rnn_forward([[1.0]], [[1.0]], [[0.5]], [1.0], [0.0], 0.0, h0)
    h0[0] = 9.0
    assert fw.h0[0] == 0.5 and not np.shares_memory(fw.h0, h0)


@settings(max_examples=60, deadline=None)
@given(
    exponent=st.integers(-660, 660),
    activation=st.sampled_from(["relu", "identity"]),
    seed=st.integers(0, 2**16),
)
def test_extreme_inputs_scale_a_homogeneous_rnn(exponent, activation, seed):
    # Without biases and with h0 = 0, a ReLU or linear RNN is positively homogeneous:
    # inputs scaled by s > 0 scale a, h and o by s. The loss and its gradients at such
    # logits stay finite, without a warning, and match the closed forms. s is a power
    # of two (2^-660 to 2^660, about 1e-199 to 1e199), so that scaling rounds nothing
    # and a sum whose terms cancel scales exactly too (with s = 10^k it would not).
    rng = np.random.default_rng(seed)
    X, y, (U, W, V, _, _, _) = random_rnn(rng, k=2)
    y = np.round(y)  # hard labels
    zeros = (np.zeros(3), np.zeros(2), np.zeros(3))
    s = 2.0**exponent
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        ref = rnn_forward(X, U, W, V, zeros[0], zeros[1], zeros[2], activation=activation)
        big = rnn_forward(s * X, U, W, V, *zeros, activation=activation)
        loss = rnn_loss(s * X, y, U, W, V, *zeros, activation=activation)
        grads = rnn_backward(s * X, y, U, W, V, *zeros, activation=activation)
    for name in ("a", "h", "o"):
        np.testing.assert_allclose(getattr(big, name), s * getattr(ref, name), rtol=1e-12,
                                   atol=1e-300 * s)  # fmt: skip
    o = big.o  # the loss from the logits, written out: log(1 + e^o) - y o
    want = np.sum(np.maximum(o, 0) - y * o + np.log1p(np.exp(-np.abs(o))))
    assert loss == pytest.approx(want, rel=1e-12)
    assert all(np.all(np.isfinite(g)) for g in grads)
    do = big.yhat - y  # dc is the sum over time of yhat - y, in [-T, T]
    np.testing.assert_allclose(grads.dc, do.sum(axis=0), rtol=1e-12, atol=1e-12)


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


@pytest.mark.parametrize("loss", ["bce", "squared"])
@pytest.mark.parametrize("y", [[1.5], [-0.5], [np.nan]])
def test_targets_outside_the_unit_interval_are_rejected(loss, y):
    args = list(GOOD.values())[1:]
    message = r"y must lie in \[0, 1\]" if np.isfinite(y[0]) else "y must be finite"
    with pytest.raises(ValueError, match=message):
        rnn_loss(GOOD["X"], y, *args, loss=loss)
    with pytest.raises(ValueError, match=message):
        rnn_backward(GOOD["X"], y, *args, loss=loss)
