"""Tests of wbcode.principal_components, linear_autoencoder and sparse_autoencoder."""

from __future__ import annotations

import math

import numpy as np
import pytest
from _lazy import lazy_import
from hypothesis import given, settings
from hypothesis import strategies as st

from wbcode.activations import dsigmoid, sigmoid
from wbcode.gradcheck import gradcheck
from wbcode.linear_autoencoder import (
    linear_ae_grad,
    linear_ae_loss,
    train_linear_ae,
    train_linear_ae_runs,
)
from wbcode.principal_components import low_rank_data, pca, subspace_angles
from wbcode.sparse_autoencoder import sparse_ae_backward, sparse_ae_grad, sparse_ae_loss

scipy_linalg = lazy_import("scipy.linalg")  # the reference implementation


def random_coder(rng, n=5, d=3, k=2, scale=0.8):
    X = rng.normal(size=(n, d))
    W = scale * rng.normal(size=(k, d))
    V = scale * rng.normal(size=(d, k))
    return X, W, V


# -- subspace angles -------------------------------------------------------------------------


def test_subspace_angles_by_hand():
    # the x-axis and the diagonal of the xy-plane: 45 degrees
    np.testing.assert_allclose(subspace_angles([[1.0], [0.0]], [[1.0], [1.0]]), [math.pi / 4])
    # a plane and a line inside it: 0; a line orthogonal to it: pi/2
    plane = [[1.0, 0.0], [0.0, 1.0], [0.0, 0.0]]
    assert subspace_angles(plane, [[3.0], [-1.0], [0.0]])[0] == pytest.approx(0.0, abs=1e-15)
    assert subspace_angles(plane, [[0.0], [0.0], [2.0]])[0] == pytest.approx(math.pi / 2)


def test_subspace_angles_tiny_angle_is_accurate():
    # arccos would return 0 for an angle of 1e-10; the sine branch keeps it
    t = 1e-10
    got = subspace_angles([[1.0], [0.0]], [[math.cos(t)], [math.sin(t)]])
    assert got[0] == pytest.approx(t, rel=1e-6)


@pytest.mark.parametrize(
    "shapes",
    [((6, 2), (6, 2)), ((6, 3), (6, 1)), ((5, 1), (5, 4)), ((4, 4), (4, 2)), ((10, 3), (10, 3))],
)
def test_subspace_angles_match_scipy(shapes):
    rng = np.random.default_rng(7)
    for _ in range(20):
        A = rng.normal(size=shapes[0])
        B = rng.normal(size=shapes[1])
        np.testing.assert_allclose(
            subspace_angles(A, B), scipy_linalg.subspace_angles(A, B), atol=1e-10
        )


def test_subspace_angles_near_coincident_match_scipy():
    rng = np.random.default_rng(8)
    A = rng.normal(size=(7, 3))
    B = A @ rng.normal(size=(3, 3)) + 1e-7 * rng.normal(size=(7, 3))
    np.testing.assert_allclose(
        subspace_angles(A, B), scipy_linalg.subspace_angles(A, B), rtol=1e-6, atol=1e-14
    )


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 2**32 - 1), st.integers(1, 3), st.integers(1, 3))
def test_subspace_angles_invariant_to_change_of_basis(seed, p, q):
    rng = np.random.default_rng(seed)
    A = rng.normal(size=(5, p))
    B = rng.normal(size=(5, q))
    ang = subspace_angles(A, B)
    assert np.all((ang >= 0) & (ang <= math.pi / 2 + 1e-12))
    assert np.all(np.diff(ang) <= 1e-12)  # largest first
    # another basis of the same column spaces gives the same angles; so does swapping
    np.testing.assert_allclose(subspace_angles(A @ rng.normal(size=(p, p)), B), ang, atol=1e-8)
    np.testing.assert_allclose(subspace_angles(B, A), ang, atol=1e-10)


def test_subspace_angles_bad_input():
    with pytest.raises(ValueError, match="same number of rows"):
        subspace_angles(np.ones((3, 1)), np.ones((4, 1)))
    with pytest.raises(ValueError, match="A must have 2 dimension"):
        subspace_angles([1.0, 2.0], np.ones((2, 1)))
    with pytest.raises(ValueError, match="B must span at least one dimension"):
        subspace_angles(np.ones((3, 1)), np.zeros((3, 2)))
    with pytest.raises(ValueError, match="finite"):
        subspace_angles([[np.nan], [1.0]], [[1.0], [0.0]])


# -- PCA and data ----------------------------------------------------------------------------


def test_pca_by_hand():
    # variance 2/3 along x, 1/6 along y (n - 1 = 3)
    X = [[1.0, 0.0], [-1.0, 0.0], [0.0, 0.5], [0.0, -0.5]]
    C, var = pca(X, 2)
    np.testing.assert_allclose(C, [[1.0, 0.0], [0.0, 1.0]], atol=1e-15)
    np.testing.assert_allclose(var, [2 / 3, 0.5 / 3])


def test_pca_centres_and_matches_covariance_eigenvectors():
    rng = np.random.default_rng(3)
    X = rng.normal(size=(50, 4)) @ rng.normal(size=(4, 4)) + 10.0
    C, var = pca(X, 4)
    evals, evecs = np.linalg.eigh(np.cov(X.T))
    np.testing.assert_allclose(var, evals[::-1], rtol=1e-10)
    np.testing.assert_allclose(np.abs(C @ evecs[:, ::-1]), np.eye(4), atol=1e-8)


def test_pca_and_data_bad_input():
    with pytest.raises(ValueError, match="k must lie in"):
        pca(np.ones((3, 2)), 3)
    with pytest.raises(TypeError, match="k must be an integer"):
        pca(np.ones((3, 2)), 1.5)
    rng = np.random.default_rng(0)
    with pytest.raises(ValueError, match="stds must hold fewer than d"):
        low_rank_data(rng, 10, 2, [1.0, 1.0])
    with pytest.raises(TypeError, match=r"rng must be a numpy\.random\.Generator"):
        low_rank_data(0, 10, 3, [1.0])


def test_low_rank_data_lies_near_a_subspace():
    X = low_rank_data(np.random.default_rng(1), 400, 6, [3.0, 1.0], noise=0.01)
    s = np.linalg.svd(X, compute_uv=False) / math.sqrt(399)
    np.testing.assert_allclose(s[:2], [3.0, 1.0], rtol=0.15)
    assert np.all(s[2:] < 0.02)


# -- linear autoencoder ----------------------------------------------------------------------


def test_linear_ae_loss_and_grad_by_hand():
    # x = (1, 2), W = (1, 0), V = (1, 0)^T: h = 1, xtilde = (1, 0), residual (0, -2)
    assert linear_ae_loss([[1.0, 2.0]], [[1.0, 0.0]], [[1.0], [0.0]]) == 4.0
    dW, dV = linear_ae_grad([[1.0, 2.0]], [[1.0, 0.0]], [[1.0], [0.0]])
    # dV = 2 R^T H = 2 (0, -2)^T 1; dW = 2 (R V)^T X = 2 * 0 * x
    np.testing.assert_allclose(dV, [[0.0], [-4.0]])
    np.testing.assert_allclose(dW, [[0.0, 0.0]])


@pytest.mark.parametrize("which", ["W", "V"])
def test_linear_ae_grad_finite_differences(which):
    X, W, V = random_coder(np.random.default_rng(11), n=6, d=4, k=2)
    dW, dV = linear_ae_grad(X, W, V)
    if which == "W":
        res = gradcheck(lambda w: linear_ae_loss(X, w, V), W, dW)
    else:
        res = gradcheck(lambda v: linear_ae_loss(X, W, v), V, dV)
    assert res.ok, res.max_abs_error


def test_linear_ae_learns_the_pca_subspace():
    rng = np.random.default_rng(18)
    X = low_rank_data(rng, 300, 6, [3.0, 1.5], noise=0.3)
    fit = train_linear_ae(X, 2, rng, lr=0.05, steps=1500)
    C, _ = pca(X, 2)
    assert subspace_angles(fit.V, C.T)[0] < 1e-4
    assert subspace_angles(fit.W.T, C.T)[0] < 1e-4
    # the minimum of the mean loss is the variance PCA leaves out (sum of the other eigenvalues)
    all_var = pca(X, 6)[1]
    floor = all_var[2:].sum() * (X.shape[0] - 1) / X.shape[0]
    assert fit.losses[-1] == pytest.approx(floor, rel=1e-6)
    assert fit.losses[0] > 10 * fit.losses[-1]
    # V W is the orthogonal projector onto the principal subspace
    np.testing.assert_allclose(fit.V @ fit.W, C.T @ C, atol=1e-4)


def test_linear_ae_solution_is_not_unique():
    rng = np.random.default_rng(2)
    X, W, V = random_coder(rng, n=8, d=4, k=2)
    G = np.array([[2.0, 1.0], [0.0, 0.5]])
    assert linear_ae_loss(X, G @ W, V @ np.linalg.inv(G)) == pytest.approx(
        linear_ae_loss(X, W, V), rel=1e-12
    )


def test_train_linear_ae_is_gradient_descent_on_the_loss():
    # a plain loop of steps with linear_ae_grad (the per-sample residual form) from the same
    # initial draws (W first, then V) gives the weights and losses of train_linear_ae
    rng = np.random.default_rng(5)
    X = low_rank_data(rng, 40, 4, [2.0, 1.0], noise=0.2)
    n, lr = X.shape[0], 0.05
    fit = train_linear_ae(X, 2, np.random.default_rng(9), lr=lr, steps=30, init_scale=0.3)
    draw = np.random.default_rng(9)
    W, V = 0.3 * draw.standard_normal((2, 4)), 0.3 * draw.standard_normal((4, 2))
    losses = []
    for _ in range(30):
        losses.append(linear_ae_loss(X, W, V) / n)
        dW, dV = linear_ae_grad(X, W, V)
        W, V = W - lr / n * dW, V - lr / n * dV
    losses.append(linear_ae_loss(X, W, V) / n)
    np.testing.assert_allclose(fit.W, W, rtol=1e-12, atol=1e-14)
    np.testing.assert_allclose(fit.V, V, rtol=1e-12, atol=1e-14)
    np.testing.assert_allclose(fit.losses, losses, rtol=1e-12)


def test_train_linear_ae_runs_equal_single_runs_exactly():
    X = low_rank_data(np.random.default_rng(3), 50, 5, [2.0, 1.0], noise=0.1)
    fits = train_linear_ae_runs(
        X, 2, [np.random.default_rng(s) for s in range(7)], lr=0.05, steps=40
    )
    assert len(fits) == 7
    for s in (0, 3, 6):
        one = train_linear_ae(X, 2, np.random.default_rng(s), lr=0.05, steps=40)
        for a, b in ((fits[s].W, one.W), (fits[s].V, one.V), (fits[s].losses, one.losses)):
            assert np.array_equal(a, b)
    # the runs are independent: different starts, different weights, same subspace later
    assert not np.allclose(fits[0].W, fits[1].W)
    fits[0].W[0, 0] = 99.0  # each result owns its arrays
    assert fits[1].W[0, 0] != 99.0


def test_train_linear_ae_runs_bad_input():
    X = low_rank_data(np.random.default_rng(0), 20, 3, [2.0])
    rng = np.random.default_rng(1)
    with pytest.raises(TypeError, match="rngs must be a non-empty list"):
        train_linear_ae_runs(X, 1, rng)
    with pytest.raises(TypeError, match="rngs must be a non-empty list"):
        train_linear_ae_runs(X, 1, [])
    with pytest.raises(TypeError, match=r"rngs\[1\] must be a numpy.random.Generator"):
        train_linear_ae_runs(X, 1, [rng, 3])
    with pytest.raises(ValueError, match=r"rngs\[1\] draws from the same stream as rngs\[0\]"):
        train_linear_ae_runs(X, 1, [rng, rng])
    Xbig = low_rank_data(np.random.default_rng(2), 50, 4, [30.0])
    with pytest.raises(ValueError, match=r"diverged at step .* lr = 1 \(run 0\)"):
        train_linear_ae_runs(Xbig, 1, [np.random.default_rng(4)], lr=1.0, steps=200)


def test_train_linear_ae_bad_input():
    rng = np.random.default_rng(0)
    X = np.ones((5, 3))
    with pytest.raises(ValueError, match="k must lie in"):
        train_linear_ae(X, 3, rng)
    with pytest.raises(ValueError, match="lr must be finite and > 0"):
        train_linear_ae(X, 1, rng, lr=0.0)
    with pytest.raises(TypeError, match="rng must be"):
        train_linear_ae(X, 1, 42)
    Xbig = low_rank_data(rng, 50, 4, [30.0])
    with pytest.raises(ValueError, match=r"diverged at step .* lr = 1"):
        train_linear_ae(Xbig, 1, rng, lr=1.0, steps=200)


# -- the sparse autoencoder of Q19 ------------------------------------------------------------


def sigmoid_derivative_pair():
    return {"g": sigmoid, "dg": dsigmoid}


@pytest.mark.parametrize("g", ["relu", "sigmoid", "callable"])
@pytest.mark.parametrize("batch", [False, True])
@pytest.mark.parametrize("which", ["W", "V"])
def test_sparse_ae_grad_finite_differences(g, batch, which):
    rng = np.random.default_rng(19)
    X, W, V = random_coder(rng, n=4, d=3, k=2, scale=1.0)
    x = X if batch else X[0]
    kw = sigmoid_derivative_pair() if g == "callable" else {"g": g}
    lam = 0.3
    dW, dV = sparse_ae_grad(x, W, V, lam, **kw)
    lkw = {"g": kw["g"]}
    if which == "W":
        res = gradcheck(lambda w: sparse_ae_loss(x, w, V, lam, **lkw), W, dW)
    else:
        res = gradcheck(lambda v: sparse_ae_loss(x, W, v, lam, **lkw), V, dV)
    assert res.ok, (res.max_abs_error, res.analytic, res.numeric)


@settings(max_examples=30, deadline=None)
@given(st.integers(0, 2**32 - 1), st.sampled_from(["relu", "sigmoid"]), st.floats(0.0, 2.0))
def test_sparse_ae_grad_finite_differences_property(seed, g, lam):
    rng = np.random.default_rng(seed)
    X, W, V = random_coder(rng, n=3, d=3, k=2, scale=1.0)
    A = X @ W.T
    if g == "relu" and np.min(np.abs(A)) < 1e-3:  # too close to ReLU's kink for a difference
        return
    dW, dV = sparse_ae_grad(X, W, V, lam, g=g)
    assert gradcheck(lambda w: sparse_ae_loss(X, w, V, lam, g=g), W, dW, atol=1e-6).ok
    assert gradcheck(lambda v: sparse_ae_loss(X, W, v, lam, g=g), V, dV, atol=1e-6).ok


def test_batch_gradient_is_sum_of_sample_gradients():
    rng = np.random.default_rng(5)
    X, W, V = random_coder(rng, n=5)
    dW, dV = sparse_ae_grad(X, W, V, 0.7, g="sigmoid")
    parts = [sparse_ae_grad(x, W, V, 0.7, g="sigmoid") for x in X]
    np.testing.assert_allclose(dW, sum(p[0] for p in parts), atol=1e-12)
    np.testing.assert_allclose(dV, sum(p[1] for p in parts), atol=1e-12)
    assert sparse_ae_loss(X, W, V, 0.7, g="sigmoid") == pytest.approx(
        sum(sparse_ae_loss(x, W, V, 0.7, g="sigmoid") for x in X)
    )


def test_l1_subgradient_at_zero_is_zero():
    # identity activation (a callable): h_2 = 0 exactly, g' = 1, so only sign(0) = 0 can
    # keep the penalty out of dh_2
    x = [1.0, 1.0, 0.0]
    W = [[1.0, 0.0, 0.0], [1.0, -1.0, 5.0]]  # a = (1, 0)
    V = np.zeros((3, 2))
    p = sparse_ae_backward(x, W, V, 2.0, g=lambda a: a, dg=np.ones_like)
    np.testing.assert_allclose(p.h, [1.0, 0.0])
    np.testing.assert_allclose(p.dh, [2.0, 0.0])  # V = 0: dh = lam sign(h) = (2, 0)


def test_sigmoid_penalty_is_sum_of_h():
    rng = np.random.default_rng(4)
    X, W, V = random_coder(rng)
    with_pen = sparse_ae_loss(X, W, V, 1.0, g="sigmoid")
    without = sparse_ae_loss(X, W, V, 0.0, g="sigmoid")
    assert with_pen - without == pytest.approx(np.sum(sigmoid(X @ W.T)))


def test_sparse_ae_bad_input():
    x, W, V = [1.0, 0.0, 2.0], np.ones((2, 3)), np.ones((3, 2))
    with pytest.raises(ValueError, match="x must have 3 features"):
        sparse_ae_loss([1.0, 2.0], W, V, 0.5)
    with pytest.raises(ValueError, match=r"V must have shape \(3, 2\)"):
        sparse_ae_grad(x, W, np.ones((2, 3)), 0.5)
    with pytest.raises(ValueError, match="lam must be finite and >= 0"):
        sparse_ae_grad(x, W, V, -0.1)
    with pytest.raises(ValueError, match="g must be one of"):
        sparse_ae_grad(x, W, V, 0.5, g="tanh")
    with pytest.raises(TypeError, match=r"dg .* is required"):
        sparse_ae_grad(x, W, V, 0.5, g=np.tanh)
    with pytest.raises(TypeError, match="dg must not be given"):
        sparse_ae_grad(x, W, V, 0.5, g="relu", dg=np.ones_like)
    with pytest.raises(ValueError, match="g\\(a\\) must have shape"):
        sparse_ae_grad(x, W, V, 0.5, g=lambda a: a[:, :1], dg=np.ones_like)


# -- valid extremes: finite, correct, no warning ---------------------------------------------

# Powers of two from about 1e-135 to 1e135: scaling by them rounds nothing, so a
# homogeneous loss or gradient scales exactly even where its sums cancel (with
# s = 10^k an entry that cancels carries the rounding of its largest terms), and
# s^2 times an entry stays in the normal range.
moderate = st.sampled_from([2.0**-450, 2.0**-330, 2.0**330, 2.0**450])


@settings(max_examples=30, deadline=None)
@given(st.integers(0, 2**32 - 1), moderate)
def test_pca_and_angles_scale_with_the_data(seed, s):
    rng = np.random.default_rng(seed)
    X = low_rank_data(rng, 40, 4, [3.0, 1.0])
    C, var = pca(X, 2)
    Cs, var_s = pca(X * s, 2)
    np.testing.assert_allclose(Cs, C, atol=1e-9)
    np.testing.assert_allclose(var_s / s**2, var, rtol=1e-9)
    A, B = rng.normal(size=(4, 2)), rng.normal(size=(4, 1))
    np.testing.assert_allclose(subspace_angles(A * s, B / s), subspace_angles(A, B), rtol=1e-9)


def test_pca_names_a_variance_beyond_float64():
    with pytest.raises(ValueError, match="X has a variance beyond the float64 range"):
        pca([[1e200, 0.0], [-1e200, 1.0]], 1)
    np.testing.assert_allclose(pca([[1e-200, 0.0], [-1e-200, 0.0]], 1)[0], [[1.0, 0.0]])


@settings(max_examples=30, deadline=None)
@given(st.integers(0, 2**32 - 1), moderate)
def test_linear_ae_loss_and_grad_are_homogeneous(seed, s):
    X, W, V = random_coder(np.random.default_rng(seed))
    assert linear_ae_loss(X * s, W, V) == pytest.approx(s**2 * linear_ae_loss(X, W, V), rel=1e-12)
    for got, want in zip(linear_ae_grad(X * s, W, V), linear_ae_grad(X, W, V), strict=True):
        np.testing.assert_allclose(got / s**2, want, rtol=1e-12, atol=1e-300)
    with pytest.raises(ValueError, match="exceeds the float64 range: X, W and V"):
        linear_ae_loss(X * 1e200, W, V)


@settings(max_examples=30, deadline=None)
@given(st.integers(0, 2**32 - 1), moderate, st.floats(0.0, 2.0))
def test_relu_sparse_loss_is_homogeneous(seed, s, lam):
    # ReLU is positively homogeneous: h(s x) = s h(x), so L(s x) = s^2 |x~ - x|^2 + lam s |h|
    X, W, V = random_coder(np.random.default_rng(seed))
    p = sparse_ae_backward(X, W, V, 0.0)
    sq = float(np.sum((p.xt - X) ** 2))
    want = s**2 * sq + lam * s * float(np.abs(p.h).sum())
    assert sparse_ae_loss(X * s, W, V, lam) == pytest.approx(want, rel=1e-12)
    ps = sparse_ae_backward(X * s, W, V, 0.0)
    np.testing.assert_allclose(ps.dV / s**2, p.dV, rtol=1e-12, atol=1e-300)
    np.testing.assert_allclose(ps.dW / s**2, p.dW, rtol=1e-12, atol=1e-300)


@settings(max_examples=10, deadline=None)
@given(st.integers(0, 2**32 - 1), st.sampled_from([1e-200, 1e-100, 1e50]))
def test_training_on_tiny_or_large_data_stays_finite(seed, s):
    rng = np.random.default_rng(seed)
    X = low_rank_data(rng, 30, 3, [2.0]) * s
    fit = train_linear_ae(X, 1, rng, lr=0.05 if s < 1 else 1e-102, steps=20)
    assert np.all(np.isfinite(fit.losses)) and np.all(np.isfinite(fit.W))


def test_counts_are_never_truncated():
    rng = np.random.default_rng(0)
    X = low_rank_data(rng, 20, 3, [2.0])
    with pytest.raises(TypeError, match="steps must be an integer"):
        train_linear_ae(X, 1, rng, steps=True)
    with pytest.raises(TypeError, match="steps must be an integer"):
        train_linear_ae(X, 1, rng, steps=2.5)
    with pytest.raises(TypeError, match="k must be an integer"):
        train_linear_ae(X, 1.0, rng)
    with pytest.raises(TypeError, match="n must be an integer"):
        low_rank_data(rng, True, 3, [1.0])
    with pytest.raises(TypeError, match="k must be an integer"):
        pca(X, 2.0)
