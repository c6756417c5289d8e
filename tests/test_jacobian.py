"""Tests of wbcode.jacobian: the norms of RNN Jacobian products, and what decides their growth."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wbcode.jacobian import jacobian_norms
from wbcode.rnn import rnn_forward


def random_rnn(rng, T=4, d=3, n=3, k=2, scale=0.6):
    X = rng.normal(size=(T, d))
    U = scale * rng.normal(size=(n, d))
    W = scale * rng.normal(size=(n, n))
    V = scale * rng.normal(size=(k, n))
    b = 0.1 * rng.normal(size=n)
    c = 0.1 * rng.normal(size=k)
    h0 = 0.5 * rng.normal(size=n)
    return X, None, [U, W, V, b, c, h0]


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


# -- what decides growth: the largest singular value, not the spectral radius -------

# Nilpotent (W @ W = 0): spectral radius 0, largest singular value 3.
W_NILPOTENT = 1.5 * np.array([[1.0, -1.0], [1.0, -1.0]])


def _inputs_that_reach(a_target: np.ndarray, W: np.ndarray) -> np.ndarray:
    """Inputs X for which a tanh RNN with U = I, b = 0, h0 = 0 has the pre-activations a_target."""
    X, h = np.empty_like(a_target), np.zeros(W.shape[0])
    for t, a in enumerate(a_target):
        X[t] = a - W @ h  # a(t) = W h(t-1) + x(t)
        h = np.tanh(a)
    return X


def test_spectral_radius_zero_yet_the_tanh_jacobian_explodes() -> None:
    W, T = W_NILPOTENT, 30
    assert np.array_equal(W @ W, np.zeros((2, 2)))  # nilpotent
    assert np.max(np.abs(np.linalg.eigvals(W))) < 1e-6  # spectral radius 0 (up to rounding)
    assert np.linalg.norm(W, 2) == pytest.approx(3.0)
    # unit 1 held at a = 0 (tanh' = 1), unit 2 saturated (tanh' = 0), by a real forward pass
    a_target = np.tile([0.0, 40.0], (T, 1))
    X = _inputs_that_reach(a_target, W)
    fw = rnn_forward(X, np.eye(2), W, np.ones(2), np.zeros(2), 0.0, np.zeros(2))
    np.testing.assert_allclose(fw.a, a_target, atol=1e-12)
    norms = jacobian_norms(W, fw.a)
    t = np.arange(1, T + 1)
    np.testing.assert_allclose(norms, np.sqrt(2) * 1.5**t, rtol=1e-12)
    assert norms[-1] > 1e5 and np.all(np.diff(norms) > 0)  # grows although rho(W) = 0
    # the linear RNN with the same W: the product W^t vanishes from t = 2 on
    linear = jacobian_norms(W, fw.a, activation="identity")
    assert linear[0] == pytest.approx(3.0) and np.all(linear[1:] == 0.0)


@pytest.mark.parametrize("seed", range(20))
@pytest.mark.parametrize("activation", ["tanh", "relu"])
def test_largest_singular_value_below_one_makes_the_norms_shrink_geometrically(
    seed: int, activation: str
) -> None:
    # ||W||_2 * max|f'| < 1 (max|f'| = 1 for tanh and ReLU) is sufficient for vanishing:
    # ||dh(t)/dh(0)|| <= (||W||_2 max|f'|)^t, whatever the inputs.
    rng = np.random.default_rng(seed)
    n, T, sigma = 5, 40, 0.9
    W = rng.normal(size=(n, n))
    W *= sigma / np.linalg.norm(W, 2)
    X, U = 3 * rng.normal(size=(T, n)), rng.normal(size=(n, n))
    a = rnn_forward(X, U, W, np.ones(n), np.zeros(n), 0.0, rng.normal(size=n),
                    activation=activation).a  # fmt: skip
    norms = jacobian_norms(W, a, activation=activation)
    bound = sigma ** np.arange(1, T + 1)
    assert np.all(norms <= bound * (1 + 1e-12))
    assert norms[-1] < 0.9**T * (1 + 1e-12) < 0.015


def test_spectral_radius_below_one_does_not_prevent_growth() -> None:
    # rho(W) = 0.8 < 1 but ||W||_2 > 1: the product W^t of a linear RNN first grows
    W = np.array([[0.8, 4.0], [0.0, 0.8]])
    norms = jacobian_norms(W, np.zeros((100, 2)), activation="identity")
    assert max(abs(np.linalg.eigvals(W))) == 0.8 and norms[3] > 1.9 * norms[0] > 7
    assert norms[-1] < 1e-5  # and vanishes in the long run, as rho < 1 says for W^t
    np.testing.assert_allclose(
        norms, [np.linalg.norm(np.linalg.matrix_power(W, t), 2) for t in range(1, 101)]
    )


# -- extreme but valid weights --------------------------------------------------------


@settings(max_examples=60, deadline=None)
@given(
    exponent=st.integers(-300, 300),
    activation=st.sampled_from(["tanh", "relu", "identity"]),
    seed=st.integers(0, 2**16),
)
def test_extreme_weights_give_exact_powers_or_inf_without_warnings(
    exponent: int, activation: str, seed: int
) -> None:
    # W = s Q with Q orthogonal and a > 0 (f' = 1 for relu/identity; tanh at a = 0):
    # the product is s^t Q^t, of norm s^t exactly, far beyond where s^t itself overflows.
    rng = np.random.default_rng(seed)
    Q, _ = np.linalg.qr(rng.normal(size=(3, 3)))
    s = 10.0**exponent
    a = np.zeros((12, 3)) if activation == "tanh" else np.ones((12, 3))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        norms = jacobian_norms(s * Q, a, activation=activation)
    want = np.array([10.0 ** (exponent * t) if exponent * t <= 308 else np.inf
                     for t in range(1, 13)])  # fmt: skip
    tiny = want < 1e-300  # below the normal range: 0 or a denormal, never NaN
    np.testing.assert_allclose(norms[~tiny], want[~tiny], rtol=1e-12)
    assert not np.any(np.isnan(norms)) and np.all(norms[tiny] < 1e-290)


def test_huge_tanh_rnn_has_no_linalg_error() -> None:
    W = 1e300 * np.array([[1.0, 2.0], [-3.0, 0.5]])
    norms = jacobian_norms(W, np.zeros((5, 2)))  # tanh'(0) = 1: the norms are ||W^t||
    assert norms[0] == pytest.approx(np.linalg.norm(W / 1e300, 2) * 1e300)
    assert np.all(np.isinf(norms[1:]))


# -- bad input ------------------------------------------------------------------------


def test_bad_input() -> None:
    with pytest.raises(ValueError, match="W must be square"):
        jacobian_norms(np.ones((2, 3)), np.ones((1, 2)))
    with pytest.raises(ValueError, match="a must have shape"):
        jacobian_norms(np.eye(2), np.ones((4, 3)))
    with pytest.raises(ValueError, match="W must be finite"):
        jacobian_norms(np.full((2, 2), np.nan), np.ones((4, 2)))
    with pytest.raises(ValueError, match="activation must be one of"):
        jacobian_norms(np.eye(2), np.ones((4, 2)), activation="sigmoid")
