"""The linear model and SGD: hand-computed steps, gradients, stability, bad input."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from wbcode.gradcheck import gradcheck
from wbcode.linear import (
    least_squares,
    max_stable_lr,
    predict,
    sgd_pass,
    sgd_pass_matrix,
    squared_loss,
    squared_loss_grad,
    total_loss,
)

vec3 = arrays(np.float64, 3, elements=st.floats(-5, 5))


def test_predict_and_losses_by_hand():
    assert predict([1.0, 2.0], [[1, 3], [1, -1]]).tolist() == [7.0, -1.0]
    assert squared_loss([1.0, 2.0], [0.0, 4.0]).tolist() == [1.0, 4.0]
    assert total_loss([1.0, 2.0], [[1, 3], [1, -1]], [7.0, 0.0]) == 1.0


def test_gradient_by_hand():
    # yhat = 1 + 2*3 = 7, y = 5: -2 * (5 - 7) * (1, 3) = (4, 12)
    assert squared_loss_grad([1.0, 2.0], [1.0, 3.0], 5.0).tolist() == [4.0, 12.0]


@given(vec3, vec3, st.floats(-5, 5))
def test_gradient_matches_finite_differences(theta, x, y):
    g = squared_loss_grad(theta, x, y)
    res = gradcheck(lambda t: float((y - x @ t) ** 2), theta, g, rtol=1e-5, atol=1e-6)
    assert res.ok


def test_batch_gradient_is_sum_of_sample_gradients():
    rng = np.random.default_rng(1)
    X, y, t = rng.normal(size=(5, 3)), rng.normal(size=5), rng.normal(size=3)
    total = sum(squared_loss_grad(t, X[i], y[i]) for i in range(5))
    assert squared_loss_grad(t, X, y) == pytest.approx(total)


def test_sgd_pass_updates_in_order():
    # two samples, lr 0.1, from theta = (0, 0)
    # sample 1: x=(1, 1), y=1: yhat=0, err=1, theta = 0 + 2*0.1*1*(1, 1) = (0.2, 0.2)
    # sample 2: x=(1, 2), y=0: yhat=0.2+0.4=0.6, err=-0.6, theta = (0.2, 0.2) - 0.12*(1, 2)
    res = sgd_pass([0.0, 0.0], [[1, 1], [1, 2]], [1, 0], lr=0.1)
    assert res.steps[0].theta_new == pytest.approx([0.2, 0.2])
    assert res.steps[1].yhat == pytest.approx(0.6)
    assert res.theta == pytest.approx([0.08, -0.04])
    assert res.total_loss_before == 1.0
    # after: sample 1 yhat = 0.08-0.04 = 0.04 -> 0.96^2; sample 2 yhat = 0.08-0.08 = 0 -> 0
    assert res.total_loss_after == pytest.approx(0.96**2)


def test_sgd_pass_with_custom_update_equals_lr():
    X, y = [[1, 1], [1, 2]], [1, 0]
    a = sgd_pass([0.0, 0.0], X, y, lr=0.1)
    b = sgd_pass([0.0, 0.0], X, y, update=lambda t, g: t - 0.1 * g)
    assert a.theta == pytest.approx(b.theta)


def test_least_squares_inconsistent_rows():
    # two equal rows with targets 11 and 10: the fit predicts their mean
    X = [[1, 1], [1, 1], [1, 2]]
    theta = least_squares(X, [11, 10, 20])
    assert predict(theta, [1, 1]) == pytest.approx(10.5)


def test_pass_matrix_and_max_stable_lr():
    # one row x: A = I - 2 a x x^T; on span(x) the factor is 1 - 2 a |x|^2,
    # stable iff a < 1/|x|^2 = 1/4 for x = (0, 2)
    assert sgd_pass_matrix([[0.0, 2.0]], 0.1) == pytest.approx(np.array([[1, 0], [0, 1 - 0.8]]))
    assert max_stable_lr([[0.0, 2.0]]) == pytest.approx(0.25, rel=1e-8)


@pytest.mark.slow  # 3000 passes at each of two rates
def test_max_stable_lr_separates_converging_from_diverging_runs():
    X = np.array([[1.0, 1, 2], [1, 2, 4], [1, 4, 8]])
    y = X[:, 2].copy()
    a = max_stable_lr(X)
    for lr, converges in ((0.97 * a, True), (1.03 * a, False)):
        theta = np.array([0.5, 1.5, 0.5])
        for _ in range(3000):
            theta = sgd_pass(theta, X, y, lr=lr).theta
        assert (total_loss(theta, X, y) < 1e-6) is converges


@pytest.mark.parametrize(
    ("call", "exc", "match"),
    [
        (lambda: predict([1.0, 2.0], [[1, 2, 3]]), ValueError, "columns"),
        (lambda: total_loss([1.0], [[1.0], [2.0]], [1.0]), ValueError, "y must have shape"),
        (lambda: sgd_pass([1.0], [[1.0]], [1.0]), TypeError, "exactly one"),
        (lambda: sgd_pass([1.0], [[1.0]], [1.0], lr=-1), ValueError, "lr"),
        (lambda: sgd_pass([1.0], [1.0], [1.0], lr=0.1), ValueError, "2 dimensions"),
        (lambda: squared_loss([1.0], [1.0, 2.0]), ValueError, "same shape"),
        (lambda: least_squares([[np.inf]], [1.0]), ValueError, "finite"),
        (
            lambda: sgd_pass([1.0], [[1.0]], [1.0], update=lambda t, g: [1.0, 2.0]),
            ValueError,
            "update",
        ),
    ],
)
def test_bad_input(call, exc, match):
    with pytest.raises(exc, match=match):
        call()


@pytest.mark.parametrize("tol", [1e-20, 1e-300, 5e-324])
def test_max_stable_lr_stops_at_float_resolution(tol):
    """A tolerance below one float spacing ends with neighbouring floats, not a hang."""
    X = [[1.0, 0.0], [0.5, 1.0]]
    a = max_stable_lr(X, tol=tol)
    assert a == pytest.approx(max_stable_lr(X), rel=1e-9)
    radius = np.max(np.abs(np.linalg.eigvals(sgd_pass_matrix(X, a))))
    assert radius < 1.0
    assert (
        np.max(np.abs(np.linalg.eigvals(sgd_pass_matrix(X, np.nextafter(a, 1.0) * (1 + 1e-15)))))
        >= 1.0 - 1e-12
    )


@settings(max_examples=15)
@given(st.integers(-150, 150))
def test_max_stable_lr_scales_like_one_over_x_squared(k):
    X = np.array([[1.0, 1, 2], [1, 2, 4], [1, 4, 8]])
    a = max_stable_lr(X)
    assert max_stable_lr(X * 2.0**k) == a / 4.0**k  # a power of two changes no rounding


def test_extremes_outside_the_float_range_are_clear_errors():
    X = np.array([[1.0, 1.0], [1.0, 2.0]])
    with pytest.raises(ValueError, match=r"total loss of theta on .* overflows float64"):
        total_loss([1e200, 1e200], X, [0.0, 0.0])
    with pytest.raises(ValueError, match="squared error of y and yhat overflows"):
        squared_loss([1e200], [0.0])
    with pytest.raises(ValueError, match="largest stable step size of X lies outside"):
        max_stable_lr(X * 1e200)
    with pytest.raises(ValueError, match=r"SGD diverged at step 2: .*step size \(lr\)"):
        sgd_pass([0.0, 0.0], [[1.0, 0.0], [1e100, 1e100]], [1.0, 1.0], lr=0.25)
    # large but representable values are fine, without a warning
    assert total_loss([1e150, 0.0], [[1.0, 0.0]], [0.0]) == pytest.approx(1e300)


def test_max_stable_lr_checks_tol():
    with pytest.raises(ValueError, match=r"tol must be a relative tolerance in \(0, 1\)"):
        max_stable_lr([[1.0]], tol=1.0)
    with pytest.raises(ValueError, match="tol must be finite and > 0"):
        max_stable_lr([[1.0]], tol=0.0)


def test_sgd_pass_keeps_copies_of_its_arguments():
    theta = np.array([0.0, 0.0])
    res = sgd_pass(theta, [[1.0, 1.0], [1.0, 2.0]], [1.0, 0.0], lr=0.1)
    theta[0] = 100.0
    assert res.steps[0].theta[0] == 0.0
    assert not np.shares_memory(res.theta, res.steps[-1].theta_new)
