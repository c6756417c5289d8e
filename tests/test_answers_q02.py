"""Q2: one SGD pass over the three samples, every step by hand."""

import numpy as np
import pytest

from wbcode.linear import max_stable_lr, sgd_pass, total_loss
from wbcode.workbook import Q2


def loss(t0, t1, t2):
    """Total squared loss over the three samples of Q2 for weights (t0, t1, t2)."""
    return (
        (2 - (t0 + 1 * t1 + 2 * t2)) ** 2
        + (4 - (t0 + 2 * t1 + 4 * t2)) ** 2
        + (8 - (t0 + 4 * t1 + 8 * t2)) ** 2
    )


def test_q02_pass_with_small_step():
    res = sgd_pass(Q2.theta0, Q2.X, Q2.y, lr=Q2.lr)
    # step 1, x = (1, 1, 2), y = 2: yhat = 0.5 + 1.5 + 1.0 = 3, error -1
    # theta += 2 * 0.001 * (-1) * (1, 1, 2)
    assert res.steps[0].yhat == pytest.approx(3.0)
    assert res.steps[0].theta_new == pytest.approx([0.498, 1.498, 0.496])
    # step 2, x = (1, 2, 4), y = 4: yhat = 0.498 + 2.996 + 1.984 = 5.478, error -1.478
    # theta -= 0.002956 * (1, 2, 4)
    assert res.steps[1].yhat == pytest.approx(5.478)
    assert res.steps[1].theta_new == pytest.approx([0.495044, 1.492088, 0.484176])
    # step 3, x = (1, 4, 8), y = 8: yhat = 0.495044 + 5.968352 + 3.873408 = 10.336804
    # theta -= 0.004673608 * (1, 4, 8)
    assert res.steps[2].yhat == pytest.approx(10.336804)
    theta1 = [0.490370392, 1.473393568, 0.446787136]
    assert res.theta == pytest.approx(theta1, abs=1e-12)
    # total loss: before 1 + 2.25 + 6.25 = 9.5; after, from the hand formula
    assert res.total_loss_before == pytest.approx(1 + 2.25 + 6.25)
    assert res.total_loss_after == pytest.approx(loss(*theta1))
    assert res.total_loss_before - res.total_loss_after == pytest.approx(3.4313, abs=5e-5)


def test_q02_second_pass_improves_again():
    first = sgd_pass(Q2.theta0, Q2.X, Q2.y, lr=Q2.lr)
    second = sgd_pass(first.theta, Q2.X, Q2.y, lr=Q2.lr)
    assert second.total_loss_after < first.total_loss_after


def test_q02_large_step_diverges():
    res = sgd_pass(Q2.theta0, Q2.X, Q2.y, lr=Q2.lr_large)
    # step 1: theta = (0.5, 1.5, 0.5) - 0.2 * (1, 1, 2) = (0.3, 1.3, 0.1)
    # step 2: yhat = 0.3 + 2.6 + 0.4 = 3.3, error 0.7: theta += 0.14 * (1, 2, 4)
    # step 3: yhat = 0.44 + 6.32 + 5.28 = 12.04, error -4.04: theta -= 0.808 * (1, 4, 8)
    assert res.steps[0].theta_new == pytest.approx([0.3, 1.3, 0.1])
    assert res.steps[1].theta_new == pytest.approx([0.44, 1.58, 0.66])
    assert res.theta == pytest.approx([-0.368, -1.652, -5.804])
    assert res.total_loss_after == pytest.approx(loss(-0.368, -1.652, -5.804))
    assert res.total_loss_after > 500 * total_loss(Q2.theta0, Q2.X, Q2.y)


def test_q02_large_step_update_by_update():
    """Q2 c): each update multiplies its own sample's error by 1 - 2 alpha ||x_i||^2."""
    res = sgd_pass(Q2.theta0, Q2.X, Q2.y, lr=Q2.lr_large)
    # ||x||^2 = 1 + 1 + 4 = 6, 1 + 4 + 16 = 21, 1 + 16 + 64 = 81
    factors = [1 - 2 * 0.1 * 6, 1 - 2 * 0.1 * 21, 1 - 2 * 0.1 * 81]  # -0.2, -3.2, -15.2
    errors_before = [-1.0, 0.7, -4.04]  # from the hand calculation above
    errors_after = [0.2, -2.24, 61.408]
    for step, f, before, after in zip(res.steps, factors, errors_before, errors_after, strict=True):
        assert step.error == pytest.approx(before)
        i = step.index
        own = Q2.y[i] - Q2.X[i] @ step.theta_new
        assert own == pytest.approx(after) == pytest.approx(f * before)
    # update 1 alone lowers the total loss: theta = (0.3, 1.3, 0.1)
    assert res.steps[0].total_loss == pytest.approx(loss(0.3, 1.3, 0.1)) == pytest.approx(3.42)
    assert res.steps[1].total_loss == pytest.approx(loss(0.44, 1.58, 0.66))
    assert res.steps[0].total_loss < sgd_pass(Q2.theta0, Q2.X, Q2.y, lr=Q2.lr).total_loss_after


def test_q02_half_convention_and_batch_step():
    """The answer box's slips: the factor 1/2, and one batch step."""
    # the factor 1/2 halves the gradient: theta += alpha * e * x
    t = [0.5, 1.5, 0.5]
    for xi, yi in zip(Q2.X.tolist(), Q2.y.tolist(), strict=True):
        e = yi - sum(a * b for a, b in zip(t, xi, strict=True))
        t = [a + 0.001 * e * b for a, b in zip(t, xi, strict=True)]
    half = sgd_pass(Q2.theta0, Q2.X, Q2.y, lr=Q2.lr / 2)
    assert half.theta == pytest.approx(t, abs=1e-15)
    # one batch step: the gradients at theta0 are (2, 2, 4), (3, 6, 12) and (5, 20, 40)
    batch = [0.5 - 0.001 * 10, 1.5 - 0.001 * 28, 0.5 - 0.001 * 56]  # (0.49, 1.472, 0.444)
    # predictions 2.85, 5.21, 9.93: loss 0.85^2 + 1.21^2 + 1.93^2 = 5.9115
    assert loss(*batch) == pytest.approx(0.85**2 + 1.21**2 + 1.93**2)
    assert 9.5 - loss(*batch) == pytest.approx(3.5885)
    assert total_loss(batch, Q2.X, Q2.y) == pytest.approx(5.9115)


def _pass_matrix_by_hand(lr):
    """(I - 2 lr x3 x3^T)(I - 2 lr x2 x2^T)(I - 2 lr x1 x1^T), in plain numpy."""
    A = np.eye(3)
    for x in ([1.0, 1, 2], [1.0, 2, 4], [1.0, 4, 8]):
        A = (np.eye(3) - 2 * lr * np.outer(x, x)) @ A
    return A


def _radius_on_span(lr):
    # the samples span {(a, b, 2b)}: orthonormal basis (1, 0, 0) and (0, 1, 2) / sqrt(5)
    Q = np.array([[1.0, 0.0], [0.0, 1 / np.sqrt(5)], [0.0, 2 / np.sqrt(5)]])
    return np.linalg.eigvals(Q.T @ _pass_matrix_by_hand(lr) @ Q)


def test_q02_passes_converge_to_the_nearest_exact_fit():
    """Q2 b) and d): SGD converges below alpha_max, to theta* = (0, 1.4, 0.3)."""
    # exact fits: theta = (0, 0, 1) + s (0, -2, 1); the nearest to theta0 has
    # d/ds [(1.5 + 2s)^2 + (0.5 - 1 - s)^2] = 0, s = -0.7: theta* = (0, 1.4, 0.3)
    star = [0.0, 1.4, 0.3]
    assert loss(*star) == pytest.approx(0, abs=1e-24)
    for lr in (0.02, 0.03):  # both above 1 / 81, both below alpha_max
        theta = Q2.theta0
        for _ in range(300):
            theta = sgd_pass(theta, Q2.X, Q2.y, lr=lr).theta
        assert theta == pytest.approx(star, abs=1e-6)
    assert 1 / 81 < 0.02 < 0.03 < max_stable_lr(Q2.X) < 0.034


def test_q02_alpha_max_and_the_two_modes():
    """alpha_max by bisection on the hand-built pass matrix; the slow mode's loss ratio."""
    lo, hi = 0.03, 0.034
    assert max(abs(_radius_on_span(lo))) < 1 < max(abs(_radius_on_span(hi)))
    for _ in range(60):
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if max(abs(_radius_on_span(mid))) < 1 else (lo, mid)
    assert max_stable_lr(Q2.X) == pytest.approx(lo, rel=1e-9)
    assert lo * 81 == pytest.approx(2.66, abs=0.01)
    fast, slow = sorted(abs(_radius_on_span(0.001)))
    assert fast == pytest.approx(0.7942, abs=1e-4) and slow == pytest.approx(0.99867, abs=1e-5)
    # the measured per-pass loss ratio: about fast^2 at first, slow^2 in the long run
    theta, losses = Q2.theta0, [9.5]
    for _ in range(200):
        theta = sgd_pass(theta, Q2.X, Q2.y, lr=Q2.lr).theta
        losses.append(loss(*theta))
    ratios = np.array(losses[1:]) / np.array(losses[:-1])
    assert ratios[0] == pytest.approx(0.639, abs=5e-4) and abs(ratios[0] - fast**2) < 0.01
    assert ratios[9] == pytest.approx(0.807, abs=5e-4)
    assert ratios[15] == pytest.approx(0.968, abs=5e-4)
    assert ratios[-1] == pytest.approx(slow**2, abs=1e-9)
