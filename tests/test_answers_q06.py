"""Q6: forward/backward without and with an L1 penalty, computed by hand.

Network of Q3 (the figure is missing): W = [[1, 2, 1], [1, 1, 2]], v = (1, -1, 2), bias
first, ReLU hidden, identity output; x = (-1, 1), y = 2, lam = 0.1, lr = 0.01,
ReLU'(0) = 0, sign(0) = 0, biases not penalized.
"""

from __future__ import annotations

import numpy as np
import pytest

from wbcode.mlp import forward, step
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

# a) one step with lr = 0.01: w - 0.01 * dL/dw
W_a = [[1, 2, 1], [1 - 0.12, 1 + 0.12, 2 - 0.12]]  # row 2: (0.88, 1.12, 1.88)
v_a = [1 - 0.06, -1 - 0, 2 - 0.12]  # (0.94, -1, 1.88)
a_a = (1 + 2 * (-1) + 1 * 1, 0.88 + 1.12 * (-1) + 1.88 * 1)  # (0, 1.64): unit 2 stays active
yhat_a = 0.94 + (-1) * 0 + 1.88 * 1.64  # 0.94 + 3.0832 = 4.0232
loss_a = (2 - 4.0232) ** 2  # 4.09333824 < 9

# b) one step with lr = 0.01: w - 0.01 * (dL/dw + lam sign(w)), the pull is 0.01 * 0.1 = 0.001
W_b = [[1, 2 - 0.001, 1 - 0.001], [1 - 0.12, 1 + 0.119, 2 - 0.121]]  # (1, 1.999, 0.999), ...
v_b = [1 - 0.06, -1 + 0.001, 2 - 0.121]  # (0.94, -0.999, 1.879)
# the pulls on W_j1 and W_j2 cancel in a_j because x1 = -x2 and both weights are positive
a_b = (1 + 1.999 * (-1) + 0.999 * 1, 0.88 + 1.119 * (-1) + 1.879 * 1)  # (0, 1.64)
yhat_b = 0.94 + (-0.999) * 0 + 1.879 * 1.64  # 0.94 + 3.08156 = 4.02156
loss_b = (2 - 4.02156) ** 2  # 4.0867048336
omega_b = 0.1 * (1.999 + 0.999 + 1.119 + 1.879 + 0.999 + 1.879)  # 0.8874


def test_a_without_penalty():
    s = step([Q6.W, Q6.v], Q6.x, Q6.y, ACTS, lr=Q6.lr)
    np.testing.assert_allclose(s.a[0], a)
    assert float(s.yhat) == yhat and s.loss == loss0
    assert float(s.da[1]) == d_o
    np.testing.assert_allclose(s.dh[0], d_h)
    np.testing.assert_allclose(s.da[0], delta)
    np.testing.assert_allclose(s.dW[0], dW)
    np.testing.assert_allclose(s.dW[1], dv)
    np.testing.assert_allclose(s.weights_new[0], W_a)
    np.testing.assert_allclose(s.weights_new[1], v_a)
    np.testing.assert_allclose(forward(s.weights_new, Q6.x, ACTS).a[0], a_a, atol=1e-12)
    assert a_a[1] > 0  # not every ReLU dead after the step
    assert float(s.yhat_new) == pytest.approx(yhat_a)
    assert s.loss_new == pytest.approx(loss_a) and loss_a < loss0


def test_b_with_l1():
    s = step([Q6.W, Q6.v], Q6.x, Q6.y, ACTS, lr=Q6.lr, penalty=Penalty("l1", Q6.lam))
    assert Q6.lam == 0.1 and Q6.lr == 0.01
    np.testing.assert_allclose(s.dW_loss[0], dW)
    np.testing.assert_allclose(s.dW_penalty[0], pen_W)
    np.testing.assert_allclose(s.dW_penalty[1], pen_v)
    np.testing.assert_allclose(s.dW[0], [[0, 0.1, 0.1], [12, -11.9, 12.1]])
    np.testing.assert_allclose(s.dW[1], [6, -0.1, 12.1])
    assert s.penalty == pytest.approx(omega0) and s.objective == pytest.approx(9.9)
    np.testing.assert_allclose(s.weights_new[0], W_b)
    np.testing.assert_allclose(s.weights_new[1], v_b)
    np.testing.assert_allclose(forward(s.weights_new, Q6.x, ACTS).a[0], a_b, atol=1e-12)
    assert float(s.yhat_new) == pytest.approx(yhat_b)
    assert s.loss_new == pytest.approx(loss_b) and loss_b < loss0
    assert s.penalty_new == pytest.approx(omega_b)
    assert s.objective_new == pytest.approx(loss_b + omega_b)  # 4.9741048336 < 9.9


def test_biases_penalized_too():
    s = step([Q6.W, Q6.v], Q6.x, Q6.y, ACTS, lr=Q6.lr, penalty=Penalty("l1", Q6.lam, bias=True))
    np.testing.assert_allclose(s.dW[0], [[0.1, 0.1, 0.1], [12.1, -11.9, 12.1]])
    np.testing.assert_allclose(s.dW[1], [6.1, -0.1, 12.1])
    assert s.penalty == pytest.approx(omega0 + 0.1 * (1 + 1 + 1))  # 1.2
    np.testing.assert_allclose(
        s.weights_new[0], [[1 - 0.001, 1.999, 0.999], [1 - 0.121, 1.119, 1.879]]
    )
    np.testing.assert_allclose(s.weights_new[1], [1 - 0.061, -0.999, 1.879])


def test_ten_times_the_step_kills_unit_2():
    # why lr = 0.01: with lr = 0.1 row 2 of W becomes (1 - 1.2, 1 + 1.2, 2 - 1.2)
    s = step([Q6.W, Q6.v], Q6.x, Q6.y, ACTS, lr=0.1)
    a2 = (1 - 1.2) + (1 + 1.2) * (-1) + (2 - 1.2) * 1  # -0.2 - 2.2 + 0.8 = -1.6
    np.testing.assert_allclose(forward(s.weights_new, Q6.x, ACTS).a[0], [0, a2], atol=1e-12)
    assert a2 < 0  # both hidden ReLUs inactive at x


def test_bias_last_reading_fits_exactly():
    # W read with the bias last: rows (w1, w2, b); a = (1*(-1) + 2*1 + 1, 1*(-1) + 1*1 + 2)
    a_bl = (-1 + 2 + 1, -1 + 1 + 2)  # (2, 2)
    yhat_bl = 1 * 2 + (-1) * 2 + 2  # v read as (v1, v2, b): 2 = y
    W_bl, v_bl = np.roll(Q6.W, 1, axis=1), np.roll(Q6.v, 1)  # bias first again
    s = step([W_bl, v_bl], Q6.x, Q6.y, ACTS, lr=Q6.lr)
    np.testing.assert_allclose(s.a[0], a_bl)
    assert float(s.yhat) == yhat_bl == Q6.y and s.loss == 0
    assert all(np.all(g == 0) for g in s.dW)


def test_relu_derivative_one_at_the_kink():
    # ReLU'(0) = 1: delta_1 = dL/dh_1 = 6 * (-1) = -6, row 1 of dW = -6 * (1, -1, 1)
    from wbcode.layers import dense_backward

    dW_alt, _ = dense_backward([d_h[0] * 1, d_h[1] * 1], Q6.W, Q6.x)
    np.testing.assert_allclose(dW_alt, [[-6, 6, -6], [12, -12, 12]])


def test_l2_instead_of_l1():
    # dJ/dw = dL/dw + 2 lam w on the connection weights
    s = step([Q6.W, Q6.v], Q6.x, Q6.y, ACTS, lr=Q6.lr, penalty=Penalty("l2", Q6.lam))
    np.testing.assert_allclose(s.dW[0], [[0, 0.4, 0.2], [12, -12 + 0.2, 12 + 0.4]])
    np.testing.assert_allclose(s.dW[1], [6, -0.2, 12.4])
    np.testing.assert_allclose(s.weights_new[1], [1 - 0.06, -1 + 0.002, 2 - 0.124])
