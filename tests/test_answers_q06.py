"""Q6: forward/backward without and with an L1 penalty, computed by hand.

Network of Q3 (the figure is missing): W = [[1, 2, 1], [1, 1, 2]], v = (1, -1, 2), bias
first, ReLU hidden, identity output; x = (-1, 1), y = 2, lam = 0.1, lr = 0.1,
ReLU'(0) = 0, sign(0) = 0, biases not penalized.
"""

from __future__ import annotations

import numpy as np
import pytest

from wbcode.mlp import step
from wbcode.regularization import Penalty
from wbcode.workbook import Q6

ACTS = ["relu", "identity"]

a = (1 + 2 * (-1) + 1 * 1, 1 + 1 * (-1) + 2 * 1)  # (0, 2)
yhat = 1 + (-1) * 0 + 2 * 2  # 5
loss0 = (2 - yhat) ** 2  # 9
d_o = -2 * (2 - yhat)  # 6
dv = [6 * 1, 6 * 0, 6 * 2]  # (6, 0, 12)
d_h = [6 * (-1), 6 * 2]  # (-6, 12)
delta = [d_h[0] * 0, d_h[1] * 1]  # ReLU'(0) = 0: (0, 12)
dW = [[0, 0, 0], [12 * 1, 12 * (-1), 12 * 1]]
# L1 (sub)gradient lam * sign(w) on the six connection weights
pen_W = [[0, 0.1, 0.1], [0, 0.1, 0.1]]
pen_v = [0, -0.1, 0.1]
omega0 = 0.1 * (2 + 1 + 1 + 2 + 1 + 2)  # 0.9


def test_a_without_penalty():
    s = step([Q6.W, Q6.v], Q6.x, Q6.y, ACTS, lr=Q6.lr)
    np.testing.assert_allclose(s.a[0], a)
    assert float(s.yhat) == yhat and s.loss == loss0
    assert float(s.da[1]) == d_o
    np.testing.assert_allclose(s.dh[0], d_h)
    np.testing.assert_allclose(s.da[0], delta)
    np.testing.assert_allclose(s.dW[0], dW)
    np.testing.assert_allclose(s.dW[1], dv)
    np.testing.assert_allclose(s.weights_new[0], [[1, 2, 1], [1 - 1.2, 1 + 1.2, 2 - 1.2]])
    np.testing.assert_allclose(s.weights_new[1], [1 - 0.6, -1, 2 - 1.2])
    # after the step: a = (1 - 2 + 1, -0.2 - 2.2 + 0.8) = (0, -1.6): yhat = v0 = 0.4
    assert float(s.yhat_new) == pytest.approx(0.4)
    assert s.loss_new == pytest.approx((2 - 0.4) ** 2)  # 2.56


def test_b_with_l1():
    s = step([Q6.W, Q6.v], Q6.x, Q6.y, ACTS, lr=Q6.lr, penalty=Penalty("l1", Q6.lam))
    assert Q6.lam == 0.1 and Q6.lr == 0.1
    np.testing.assert_allclose(s.dW_loss[0], dW)
    np.testing.assert_allclose(s.dW_penalty[0], pen_W)
    np.testing.assert_allclose(s.dW_penalty[1], pen_v)
    np.testing.assert_allclose(s.dW[0], [[0, 0.1, 0.1], [12, -11.9, 12.1]])
    np.testing.assert_allclose(s.dW[1], [6, -0.1, 12.1])
    assert s.penalty == pytest.approx(omega0) and s.objective == pytest.approx(9.9)
    np.testing.assert_allclose(s.weights_new[0], [[1, 1.99, 0.99], [-0.2, 2.19, 0.79]])
    np.testing.assert_allclose(s.weights_new[1], [0.4, -0.99, 0.79])
    assert s.loss_new == pytest.approx(2.56)
    assert s.penalty_new == pytest.approx(0.1 * (1.99 + 0.99 + 2.19 + 0.79 + 0.99 + 0.79))
    assert s.objective_new == pytest.approx(2.56 + 0.774)


def test_biases_penalized_too():
    s = step([Q6.W, Q6.v], Q6.x, Q6.y, ACTS, lr=Q6.lr, penalty=Penalty("l1", Q6.lam, bias=True))
    np.testing.assert_allclose(s.dW[0], [[0.1, 0.1, 0.1], [12.1, -11.9, 12.1]])
    np.testing.assert_allclose(s.dW[1], [6.1, -0.1, 12.1])
    assert s.penalty == pytest.approx(omega0 + 0.1 * (1 + 1 + 1))  # 1.2
