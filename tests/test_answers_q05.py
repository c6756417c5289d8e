"""Q5: one step of backpropagation on the reconstructed network, computed by hand.

The figure is missing; the book's reconstruction (wbcode.workbook.Q5): bias first,
W = [[-1, -0.75, 1], [-1, -0.2, 0.5]], v = (0.5, -0.1, 0.25), ReLU on every node,
x = (2, 4), y = 2.5, learning rate 0.1, loss (y - yhat)^2.
"""

from __future__ import annotations

import numpy as np
import pytest

from wbcode.mlp import step
from wbcode.workbook import Q5

ACTS = ["relu", "relu"]

# forward
a1 = -1 + (-0.75) * 2 + 1 * 4  # 1.5
a2 = -1 + (-0.2) * 2 + 0.5 * 4  # 0.6
o = 0.5 + (-0.1) * a1 + 0.25 * a2  # 0.5 (all three ReLUs active)
loss0 = (2.5 - o) ** 2  # 4
# backward
d_o = -2 * (2.5 - o) * 1  # -4
dv = [d_o * 1, d_o * a1, d_o * a2]  # (-4, -6, -2.4)
d1 = d_o * (-0.1) * 1  # 0.4
d2 = d_o * 0.25 * 1  # -1
dW = [[d1 * 1, d1 * 2, d1 * 4], [d2 * 1, d2 * 2, d2 * 4]]  # [[0.4, 0.8, 1.6], [-1, -2, -4]]
# update
W_new = [[-1 - 0.1 * 0.4, -0.75 - 0.1 * 0.8, 1 - 0.1 * 1.6], [-1 + 0.1, -0.2 + 0.2, 0.5 + 0.4]]
v_new = [0.5 + 0.1 * 4, -0.1 + 0.1 * 6, 0.25 + 0.1 * 2.4]  # (0.9, 0.5, 0.49)
# forward again
a1_new = -1.04 + (-0.83) * 2 + 0.84 * 4  # 0.66
a2_new = -0.9 + 0.0 * 2 + 0.9 * 4  # 2.7
o_new = 0.9 + 0.5 * a1_new + 0.49 * a2_new  # 2.553
loss1 = (2.5 - o_new) ** 2  # 0.002809


@pytest.fixture(scope="module")
def s():
    return step([Q5.W, Q5.v], Q5.x, Q5.y, ACTS, lr=Q5.lr)


def test_forward(s):
    np.testing.assert_allclose(s.a[0], [a1, a2])
    assert float(s.yhat) == pytest.approx(o) and s.loss == pytest.approx(loss0)
    assert loss0 == pytest.approx(4.0)


def test_backward(s):
    assert float(s.da[1]) == pytest.approx(d_o)
    np.testing.assert_allclose(s.dW[1], dv)
    np.testing.assert_allclose(s.da[0], [d1, d2])
    np.testing.assert_allclose(s.dW[0], dW)


def test_new_weights_and_loss(s):
    np.testing.assert_allclose(s.weights_new[0], W_new, atol=1e-15)
    np.testing.assert_allclose(s.weights_new[1], v_new, atol=1e-15)
    assert float(s.yhat_new) == pytest.approx(o_new)
    assert s.loss_new == pytest.approx(loss1)
    assert s.loss - s.loss_new == pytest.approx(4 - 0.002809)


def test_loss_yhat_minus_y_kills_the_output_unit():
    # step 1: dL/dyhat = 1, delta_o = 1; dv = (1, 1.5, 0.6); delta = (-0.1, 0.25)
    v1 = [0.5 - 0.1, -0.1 - 0.15, 0.25 - 0.06]  # (0.4, -0.25, 0.19)
    W1 = [[-1 + 0.01, -0.75 + 0.02, 1 + 0.04], [-1 - 0.025, -0.2 - 0.05, 0.5 - 0.1]]
    a_1 = (-0.99 - 0.73 * 2 + 1.04 * 4, -1.025 - 0.25 * 2 + 0.4 * 4)  # (1.71, 0.075)
    o_1 = 0.4 - 0.25 * a_1[0] + 0.19 * a_1[1]  # -0.01325 < 0: output ReLU dead
    assert o_1 < 0
    ws = [Q5.W, Q5.v]
    for _ in range(10):
        s = step(ws, Q5.x, Q5.y, ACTS, lr=Q5.lr, loss="yhat_minus_y")
        ws = s.weights_new
    np.testing.assert_allclose(ws[0], W1, atol=1e-15)  # frozen after step 1
    np.testing.assert_allclose(ws[1], v1, atol=1e-15)
    assert float(s.a[1]) == pytest.approx(o_1)
    assert float(s.yhat) == 0.0 and s.loss == -2.5


def test_loss_y_minus_yhat_grows_without_bound():
    # step 1: dL/dyhat = -1: v += 0.1 (1, 1.5, 0.6) = (0.6, 0.05, 0.31)
    ws, yhats = [Q5.W, Q5.v], []
    for t in range(30):
        s = step(ws, Q5.x, Q5.y, ACTS, lr=Q5.lr, loss="y_minus_yhat")
        ws = s.weights_new
        yhats.append(float(s.yhat))
        if t == 0:
            np.testing.assert_allclose(ws[1], [0.6, 0.05, 0.31])
    assert ws[1][0] == pytest.approx(0.5 + 30 * 0.1)  # the output bias grows linearly
    assert np.all(np.diff(yhats) > 0) and yhats[-1] > 1e8
    assert yhats[-1] / yhats[-2] > 2  # geometric growth


def test_half_convention_halves_the_step():
    # L = (y - yhat)^2 / 2: every gradient halves, so the step is lr/2 times the gradient
    W_half = [
        [-1 - 0.05 * 0.4, -0.75 - 0.05 * 0.8, 1 - 0.05 * 1.6],
        [-1 + 0.05, -0.2 + 0.1, 0.5 + 0.2],
    ]
    v_half = [0.5 + 0.05 * 4, -0.1 + 0.05 * 6, 0.25 + 0.05 * 2.4]  # (0.7, 0.2, 0.37)
    a_half = (-1.02 - 0.79 * 2 + 0.92 * 4, -0.95 - 0.1 * 2 + 0.7 * 4)  # (1.08, 1.65)
    o_half = 0.7 + 0.2 * a_half[0] + 0.37 * a_half[1]  # 1.5265
    s = step([Q5.W, Q5.v], Q5.x, Q5.y, ACTS, lr=Q5.lr / 2)
    np.testing.assert_allclose(s.weights_new[0], W_half, atol=1e-15)
    np.testing.assert_allclose(s.weights_new[1], v_half, atol=1e-15)
    assert s.loss / 2 == pytest.approx(2.0)
    assert s.loss_new / 2 == pytest.approx(0.5 * (2.5 - o_half) ** 2)  # 0.47385...


def test_updating_too_early():
    # the slip: v first (v_new = (0.9, 0.5, 0.49)), then delta_j = delta_o v_new_j 1[a_j > 0]
    from wbcode.layers import activate_grad, dense_backward

    d1, d2 = d_o * 0.5, d_o * 0.49  # (-2, -1.96) instead of (0.4, -1)
    W_early = [
        [-1 - 0.1 * d1, -0.75 - 0.1 * d1 * 2, 1 - 0.1 * d1 * 4],
        [-1 - 0.1 * d2, -0.2 - 0.1 * d2 * 2, 0.5 - 0.1 * d2 * 4],
    ]
    a_e = (-0.8 - 0.35 * 2 + 1.8 * 4, -0.804 + 0.192 * 2 + 1.284 * 4)  # (5.7, 4.716)
    o_e = 0.9 + 0.5 * a_e[0] + 0.49 * a_e[1]
    _, dh = dense_backward(d_o, np.array(v_new), np.array([a1, a2]))
    dW_e, _ = dense_backward(dh * activate_grad([a1, a2], "relu"), Q5.W, Q5.x)
    np.testing.assert_allclose(Q5.W - 0.1 * dW_e, W_early, atol=1e-15)
    s = step([W_early, v_new], Q5.x, Q5.y, ACTS, lr=Q5.lr)
    np.testing.assert_allclose(s.a[0], a_e)
    assert s.loss == pytest.approx((2.5 - o_e) ** 2)  # 12.6796...


def test_y_minus_yhat_growth_factor():
    # (a_j, v_j) follow [[1, lr |x~|^2], [lr, 1]]: growth 1 + lr |x~| = 1 + 0.1 sqrt(21);
    # yhat, a sum of products v_j a_j, grows by its square
    rate = 1 + 0.1 * (1 + 2**2 + 4**2) ** 0.5
    ws, yhats = [Q5.W, Q5.v], []
    for _ in range(40):
        s = step(ws, Q5.x, Q5.y, ACTS, lr=Q5.lr, loss="y_minus_yhat")
        ws = s.weights_new
        yhats.append(float(s.yhat))
    assert yhats[-1] / yhats[-2] == pytest.approx(rate**2, rel=1e-3)
    assert ws[1][1] / s.weights[1][1] == pytest.approx(rate, rel=1e-3)  # v_1
