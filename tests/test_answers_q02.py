"""Q2: one SGD pass over the three samples, every step by hand."""

import pytest

from wbcode.linear import sgd_pass, total_loss
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
