"""Tests of wbcode.regularization: penalties by hand, (sub)gradients by finite
differences, the proximal step's invariants, and bad input."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from wbcode.gradcheck import gradcheck
from wbcode.regularization import (
    Penalty,
    l1_grad,
    l1_penalty,
    l1_prox,
    l2_grad,
    l2_penalty,
    weight_mask,
)


def test_penalties_by_hand():
    W = np.array([[1.0, -2.0], [0.0, 0.5]])
    assert l1_penalty(W, 0.1) == pytest.approx(0.1 * (1 + 2 + 0 + 0.5))
    assert l2_penalty(W, 0.1) == pytest.approx(0.1 * (1 + 4 + 0 + 0.25))
    np.testing.assert_allclose(l1_grad(W, 0.1), [[0.1, -0.1], [0.0, 0.1]])
    np.testing.assert_allclose(l2_grad(W, 0.1), [[0.2, -0.4], [0.0, 0.1]])


def test_l1_subgradient_at_zero_is_zero():
    assert l1_grad([0.0], 5.0)[0] == 0.0
    assert not np.signbit(l1_grad([0.0], 5.0)[0])


def test_l1_prox_by_hand():
    # soft thresholding with t = 0.1: |w| shrinks by 0.1, or stops at 0
    np.testing.assert_allclose(l1_prox([-0.5, 0.05, 0.3, -0.1], 0.1), [-0.4, 0.0, 0.2, 0.0])


@pytest.mark.parametrize("shape", [(3,), (2, 3)])
def test_gradients_by_finite_differences(shape):
    rng = np.random.default_rng(0)
    W = rng.normal(size=shape)
    W[np.abs(W) < 0.05] = 0.3  # keep L1 away from its kink
    res1 = gradcheck(lambda w: l1_penalty(w, 0.7), W, l1_grad(W, 0.7))
    res2 = gradcheck(lambda w: l2_penalty(w, 0.7), W, l2_grad(W, 0.7))
    assert res1.ok and res2.ok


def test_penalty_spares_biases_by_default():
    W = np.array([[5.0, 1.0, -2.0], [-3.0, 0.0, 4.0]])
    v = np.array([-7.0, 2.0, -1.0])
    np.testing.assert_array_equal(weight_mask(W), [[0, 1, 1], [0, 1, 1]])
    np.testing.assert_array_equal(weight_mask(v, bias=True), [1, 1, 1])
    pen = Penalty("l1", 0.5)
    # weights without column 0: |1| + |-2| + |0| + |4| + |2| + |-1| = 10
    assert pen.value([W, v]) == pytest.approx(0.5 * 10)
    gW, gv = pen.grad([W, v])
    np.testing.assert_allclose(gW, [[0.0, 0.5, -0.5], [0.0, 0.0, 0.5]])
    np.testing.assert_allclose(gv, [0.0, 0.5, -0.5])
    assert not np.signbit(gW[:, 0]).any()
    # with the biases: + 0.5 (|5| + |-3| + |-7|)
    assert Penalty("l1", 0.5, bias=True).value([W, v]) == pytest.approx(0.5 * (10 + 15))
    l2 = Penalty("l2", 0.5)
    assert l2.value([W, v]) == pytest.approx(0.5 * (1 + 4 + 0 + 16 + 4 + 1))
    np.testing.assert_allclose(l2.grad([W, v])[1], [0.0, 2.0, -1.0])


@pytest.mark.parametrize("kind", ["l1", "l2"])
@pytest.mark.parametrize("bias", [False, True])
def test_penalty_object_gradcheck(kind, bias):
    rng = np.random.default_rng(2)
    ws = [rng.normal(size=(2, 3)) + 0.2, rng.normal(size=3) + 0.2]
    pen = Penalty(kind, 0.3, bias=bias)
    grads = pen.grad(ws)
    for layer in range(2):

        def f(Wl, layer=layer):
            new = list(ws)
            new[layer] = Wl
            return pen.value(new)

        assert gradcheck(f, ws[layer], grads[layer]).ok


@settings(max_examples=60, deadline=None)
@given(
    W=arrays(np.float64, (6,), elements=st.floats(-10, 10, allow_nan=False)),
    t=st.floats(0, 5, allow_nan=False),
)
def test_prox_shrinks_towards_zero_without_crossing(W, t):
    p = l1_prox(W, t)
    assert np.all(np.abs(p) <= np.abs(W) + 1e-12)
    assert np.all(np.abs(W) - np.abs(p) <= t + 1e-12)
    assert np.all(p * W >= 0)  # never changes sign
    assert np.all(p[np.abs(W) <= t] == 0)


@settings(max_examples=60, deadline=None)
@given(
    W=arrays(np.float64, (2, 3), elements=st.floats(-10, 10, allow_nan=False)),
    lam=st.floats(0, 3, allow_nan=False),
)
def test_penalties_are_nonnegative_and_even(W, lam):
    for f in (l1_penalty, l2_penalty):
        assert f(W, lam) >= 0
        assert f(-W, lam) == pytest.approx(f(W, lam))
    np.testing.assert_allclose(l2_grad(-W, lam), -l2_grad(W, lam))


def test_bad_input():
    with pytest.raises(ValueError, match="kind must be one of"):
        Penalty("l3", 0.1)
    with pytest.raises(ValueError, match="lam must be finite and >= 0"):
        Penalty("l1", -0.1)
    with pytest.raises(TypeError, match="lam must be a real number"):
        l1_penalty([1.0], "0.1")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="bias must be True or False"):
        Penalty("l2", 0.1, bias=1)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="list of weight matrices"):
        Penalty("l2", 0.1).value(np.ones((2, 3)))
    with pytest.raises(ValueError, match="t must be finite and >= 0"):
        l1_prox([1.0], -1.0)
    with pytest.raises(ValueError, match="W must be finite"):
        l2_grad([np.inf], 0.1)
    with pytest.raises(ValueError, match=r"weights\[0\] must have 1 or 2 dimension"):
        Penalty("l1", 0.1).grad([np.ones((1, 2, 3))])


def test_flags_are_true_or_false_only():
    with pytest.raises(TypeError, match="bias must be True or False"):
        weight_mask([[1.0, 2.0]], bias=1)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="bias must be True or False"):
        Penalty("l1", 0.1, bias="no")  # type: ignore[arg-type]
    assert Penalty("l1", 0.1, bias=np.bool_(True)).bias is True


def test_values_beyond_the_float_range_are_clear_errors():
    with pytest.raises(ValueError, match="L2 penalty of W overflows float64"):
        l2_penalty([1e200], 0.1)
    with pytest.raises(ValueError, match="the penalty overflows float64"):
        Penalty("l2", 0.1).value([np.array([[0.0, 1e200]])])
    # large weights with a finite penalty and gradient are fine, without a warning
    assert l2_penalty([1e150], 0.1) == pytest.approx(1e299)
    assert l1_penalty([1e300, -1e300], 0.5) == pytest.approx(1e300)
    np.testing.assert_allclose(Penalty("l2", 0.5).grad([np.array([[7.0, 1e300]])])[0], [[0, 1e300]])


@settings(max_examples=40)
@given(st.integers(-500, 450))
def test_penalties_scale_exactly_over_the_float_range(k):
    """Weights scaled by 2**k: gradients and prox scale by 2**k, L1 by 2**k (no warning)."""
    W = np.array([[0.5, -1.5, 0.25], [1.0, 0.0, -2.0]])
    s = 2.0**k
    np.testing.assert_array_equal(l2_grad(W * s, 0.125), l2_grad(W, 0.125) * s)
    np.testing.assert_array_equal(l1_prox(W * s, 0.1 * s), l1_prox(W, 0.1) * s)
    assert l1_penalty(W * s, 0.5) == l1_penalty(W, 0.5) * s
    pen = Penalty("l2", 0.25)
    for got, want in zip(pen.grad([W * s]), pen.grad([W]), strict=True):
        np.testing.assert_array_equal(got, want * s)
