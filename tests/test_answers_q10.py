"""Q10: two epochs of SGD and of AdaGrad on the workbook's data, computed by hand.

Rows of X: x1 = (1, 1, 2), x2 = (1, 1, 1), x3 = (1, 1, 2); targets 11, 8, 10;
w starts at (1, 1, 1); step size 0.1; loss (y - yhat)^2, gradient -2 (y - yhat) x.
The first two columns of X are equal, so w0 and w1 get the same updates: below,
``a`` is w0 = w1 and ``c`` is w2; rows 1 and 3 give yhat = 2a + 2c, row 2 gives
yhat = 2a + c.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from wbcode.adaptive import AdaGrad
from wbcode.linear import least_squares, predict, sgd_pass, total_loss
from wbcode.optim import GD
from wbcode.workbook import Q10


def two_epochs(opt):
    passes, theta = [], Q10.w0
    for _ in range(2):
        passes.append(sgd_pass(theta, Q10.X, Q10.y, update=opt.step))
        theta = passes[-1].theta
    return passes


def loss_of(a, c):
    e1, e2, e3 = 11 - (2 * a + 2 * c), 8 - (2 * a + c), 10 - (2 * a + 2 * c)
    return (e1, e2, e3), e1**2 + e2**2 + e3**2


def test_sgd_two_epochs_by_hand():
    # epoch 1
    e = 11 - (2 * 1 + 2 * 1)  # row 1: 7
    a, c = 1 + 0.1 * 2 * e * 1, 1 + 0.1 * 2 * e * 2  # 2.4, 3.8
    e = 8 - (2 * a + c)  # row 2: -0.6
    a, c = a + 0.1 * 2 * e, c + 0.1 * 2 * e  # 2.28, 3.68
    e = 10 - (2 * a + 2 * c)  # row 3: -1.92
    a, c = a + 0.1 * 2 * e, c + 0.1 * 2 * e * 2  # 1.896, 2.912
    errors1, loss1 = loss_of(a, c)  # (1.384, 1.296, 0.384), 3.742528
    w1 = (a, a, c)
    # epoch 2
    e = 11 - (2 * a + 2 * c)  # 1.384
    a, c = a + 0.1 * 2 * e, c + 0.1 * 2 * e * 2  # 2.1728, 3.4656
    e = 8 - (2 * a + c)  # 0.1888
    a, c = a + 0.1 * 2 * e, c + 0.1 * 2 * e  # 2.21056, 3.50336
    e = 10 - (2 * a + 2 * c)  # -1.42784
    a, c = a + 0.1 * 2 * e, c + 0.1 * 2 * e * 2  # 1.924992, 2.932224
    errors2, loss2 = loss_of(a, c)  # (1.285568, 1.217792, 0.285568), 3.2172...
    w2 = (a, a, c)

    assert w1 == pytest.approx((1.896, 1.896, 2.912))
    assert loss1 == pytest.approx(3.742528)
    assert w2 == pytest.approx((1.924992, 1.924992, 2.932224))

    p1, p2 = two_epochs(GD(lr=0.1))
    np.testing.assert_allclose(p1.theta, w1, rtol=1e-12)
    np.testing.assert_allclose(p2.theta, w2, rtol=1e-12)
    np.testing.assert_allclose(Q10.y - predict(p1.theta, Q10.X), errors1, rtol=1e-12)
    np.testing.assert_allclose(Q10.y - predict(p2.theta, Q10.X), errors2, rtol=1e-12)
    assert p1.total_loss_after == pytest.approx(loss1, rel=1e-12)
    assert p2.total_loss_after == pytest.approx(loss2, rel=1e-12)
    # the per-step errors of the first epoch
    assert [s.error for s in p1.steps] == pytest.approx([7, -0.6, -1.92])
    # at w = (1, 1, 1) the predictions are 4, 3, 4
    assert p1.total_loss_before == (11 - 4) ** 2 + (8 - 3) ** 2 + (10 - 4) ** 2


def test_adagrad_two_epochs_by_hand():
    mu, eps = 0.1, 1e-7
    a, c = 1.0, 1.0
    ra, rc = 0.0, 0.0  # accumulated squared gradient of w0 (= of w1) and of w2

    def update(a, c, ra, rc, e, x2):
        """One AdaGrad step on a row with input (1, 1, x2) and error e."""
        ga, gc = -2 * e * 1, -2 * e * x2
        ra, rc = ra + ga**2, rc + gc**2
        return a - mu / (eps + math.sqrt(ra)) * ga, c - mu / (eps + math.sqrt(rc)) * gc, ra, rc

    # epoch 1
    e = 11 - (2 * a + 2 * c)  # 7: g = (-14, -14, -28), r = (196, 196, 784)
    a, c, ra, rc = update(a, c, ra, rc, e, 2)  # every coordinate moves by ~0.1
    assert (a, c) == pytest.approx((1.1, 1.1))
    assert (ra, rc) == (196, 784)
    e = 8 - (2 * a + c)  # 4.7
    a, c, ra, rc = update(a, c, ra, rc, e, 1)
    e = 10 - (2 * a + 2 * c)
    a, c, ra, rc = update(a, c, ra, rc, e, 2)
    errors1, loss1 = loss_of(a, c)
    w1 = (a, a, c)
    # epoch 2: r keeps accumulating
    e = 11 - (2 * a + 2 * c)
    a, c, ra, rc = update(a, c, ra, rc, e, 2)
    e = 8 - (2 * a + c)
    a, c, ra, rc = update(a, c, ra, rc, e, 1)
    e = 10 - (2 * a + 2 * c)
    a, c, ra, rc = update(a, c, ra, rc, e, 2)
    errors2, loss2 = loss_of(a, c)
    w2 = (a, a, c)

    opt = AdaGrad(lr=mu, eps=eps)
    p1, p2 = two_epochs(opt)
    np.testing.assert_allclose(p1.theta, w1, rtol=1e-13)
    np.testing.assert_allclose(p2.theta, w2, rtol=1e-13)
    np.testing.assert_allclose(opt.r, [ra, ra, rc], rtol=1e-13)
    np.testing.assert_allclose(Q10.y - predict(p2.theta, Q10.X), errors2, rtol=1e-12)
    assert p1.total_loss_after == pytest.approx(loss1, rel=1e-12)
    assert p2.total_loss_after == pytest.approx(loss2, rel=1e-12)
    np.testing.assert_allclose(Q10.y - predict(p1.theta, Q10.X), errors1, rtol=1e-12)
    # AdaGrad does not help within two epochs at this step size
    assert loss2 > two_epochs(GD(lr=0.1))[1].total_loss_after


def test_least_squares_optimum_by_hand():
    # rows 1 and 3 are equal: the best prediction for them is the mean (11 + 10) / 2 = 10.5,
    # and row 2 can be fitted exactly: 2a + 2c = 10.5, 2a + c = 8 -> c = 2.5, a = 2.75
    theta = least_squares(Q10.X, Q10.y)
    np.testing.assert_allclose(predict(theta, Q10.X), [10.5, 8, 10.5])
    np.testing.assert_allclose(theta, [2.75, 2.75, 2.5])  # minimum norm: w0 = w1
    assert total_loss(theta, Q10.X, Q10.y) == pytest.approx(0.5**2 + 0 + 0.5**2)


def test_adagrad_step_errors_by_hand():
    # the errors of the six AdaGrad steps, with the same a = w0 = w1, c = w2 bookkeeping
    mu, eps = 0.1, 1e-7
    a, c, ra, rc, errs = 1.0, 1.0, 0.0, 0.0, []
    for _ in range(2):
        for x2, target in ((2, 11), (1, 8), (2, 10)):
            e = target - (2 * a + x2 * c)
            errs.append(e)
            ga, gc = -2 * e, -2 * e * x2
            ra, rc = ra + ga**2, rc + gc**2
            a, c = a - mu * ga / (eps + math.sqrt(ra)), c - mu * gc / (eps + math.sqrt(rc))
    steps = [s.error for p in two_epochs(AdaGrad(lr=mu, eps=eps)) for s in p.steps]
    np.testing.assert_allclose(steps, errs, rtol=1e-12)
    assert errs[:2] == pytest.approx([7, 4.7])  # the first step moves every weight by ~0.1


def test_the_slips_of_the_answer_box_by_hand():
    # the factor 1/2: the gradient (y - yhat) x, i.e. plain SGD with half the step
    a, c, errs = 1.0, 1.0, []
    for _ in range(2):
        for x2, target in ((2, 11), (1, 8), (2, 10)):
            e = target - (2 * a + x2 * c)
            errs.append(e)
            a, c = a + 0.1 * e, c + 0.1 * e * x2
    half = [sgd_pass(Q10.w0, Q10.X, Q10.y, lr=0.05)]
    half.append(sgd_pass(half[0].theta, Q10.X, Q10.y, lr=0.05))
    np.testing.assert_allclose([s.error for p in half for s in p.steps], errs, rtol=1e-12)
    assert half[1].total_loss_after == pytest.approx(loss_of(a, c)[1], rel=1e-12)
    assert half[1].total_loss_after < two_epochs(GD(lr=0.1))[1].total_loss_after

    # one batch step per epoch: errors (7, 5, 6) at w = (1, 1, 1), then one summed step
    g = -2 * (7 * np.array([1, 1, 2]) + 5 * np.array([1, 1, 1]) + 6 * np.array([1, 1, 2]))
    w1 = Q10.w0 - 0.1 * g  # (4.6, 4.6, 7.2)
    np.testing.assert_allclose(w1, [4.6, 4.6, 7.2])
    assert total_loss(w1, Q10.X, Q10.y) == pytest.approx(12.6**2 + 8.4**2 + 13.6**2)

    # AdaGrad without accumulating r: each step moves each weight by mu |g| / (eps + |g|)
    a, c = 1.0, 1.0
    for x2, target in ((2, 11), (1, 8), (2, 10)):
        e = target - (2 * a + x2 * c)
        a, c = a + 0.1 * math.copysign(1, e), c + 0.1 * math.copysign(1, e)

    def fresh(theta, grad):
        return AdaGrad(lr=0.1, eps=1e-7).step(theta, grad)

    no_sum = sgd_pass(Q10.w0, Q10.X, Q10.y, update=fresh)
    np.testing.assert_allclose(no_sum.theta, [a, a, c], rtol=1e-6)

    # AdaGrad with r restarted at the second epoch: epoch 2 starts like a first epoch
    first = sgd_pass(Q10.w0, Q10.X, Q10.y, update=AdaGrad(lr=0.1, eps=1e-7).step)
    second = sgd_pass(first.theta, Q10.X, Q10.y, update=AdaGrad(lr=0.1, eps=1e-7).step)
    step1 = second.steps[0]
    np.testing.assert_allclose(np.abs(step1.theta_new - step1.theta), 0.1, rtol=1e-6)
    assert second.total_loss_after != pytest.approx(
        two_epochs(AdaGrad(lr=0.1, eps=1e-7))[1].total_loss_after, rel=1e-3
    )
