"""Q19: the sparse autoencoder's gradients on a small example computed by hand.

x = (1, 0, 2), W = [[1, 0, 1], [-1, 2, 1]], V = [[1, 0], [0, 1], [1, -1]], g = ReLU,
lambda = 1/2. Every step of the chain rule is written out below in plain arithmetic.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from wbcode.sparse_autoencoder import sparse_ae_backward, sparse_ae_grad, sparse_ae_loss
from wbcode.workbook import Q19

x = [1.0, 0.0, 2.0]
W = [[1.0, 0.0, 1.0], [-1.0, 2.0, 1.0]]
V = [[1.0, 0.0], [0.0, 1.0], [1.0, -1.0]]
lam = 0.5

# forward:  a = W x = (1*1 + 0*0 + 1*2, -1*1 + 2*0 + 1*2) = (3, 1)
A = [3.0, 1.0]
# h = ReLU(a) = (3, 1); both units are active, so g'(a) = (1, 1)
H = [3.0, 1.0]
# xtilde = V h = (1*3 + 0*1, 0*3 + 1*1, 1*3 - 1*1) = (3, 1, 2)
XT = [3.0, 1.0, 2.0]
# loss = (3-1)^2 + (1-0)^2 + (2-2)^2 + 0.5 * (|3| + |1|) = 4 + 1 + 0 + 2 = 7
LOSS = 7.0
# dL/dxtilde = 2 (xtilde - x) = (4, 2, 0)
DXT = [4.0, 2.0, 0.0]
# dL/dV = dL/dxtilde h^T
DV = [[4.0 * 3, 4.0 * 1], [2.0 * 3, 2.0 * 1], [0.0 * 3, 0.0 * 1]]
# dL/dh = V^T dL/dxtilde + lam sign(h) = (1*4 + 0*2 + 1*0, 0*4 + 1*2 - 1*0) + 0.5 (1, 1)
DH = [4.5, 2.5]
# dL/da = dL/dh * relu'(a) = (4.5 * 1, 2.5 * 1)
DA = [4.5, 2.5]
# dL/dW = dL/da x^T
DW = [[4.5 * 1, 4.5 * 0, 4.5 * 2], [2.5 * 1, 2.5 * 0, 2.5 * 2]]


def test_record_sizes():
    assert (Q19.n_in, Q19.n_hidden) == (3, 2)
    assert np.shape(W) == (Q19.n_hidden, Q19.n_in)
    assert np.shape(V) == (Q19.n_in, Q19.n_hidden)


def test_every_step_of_the_chain_rule():
    p = sparse_ae_backward(x, W, V, lam, g="relu")
    np.testing.assert_allclose(p.a, A)
    np.testing.assert_allclose(p.h, H)
    np.testing.assert_allclose(p.xt, XT)
    assert p.loss == pytest.approx(LOSS)
    np.testing.assert_allclose(p.dxt, DXT)
    np.testing.assert_allclose(p.dh, DH)
    np.testing.assert_allclose(p.da, DA)
    np.testing.assert_allclose(p.dW, DW)
    np.testing.assert_allclose(p.dV, DV)


def test_gradients_and_loss():
    dW, dV = sparse_ae_grad(x, W, V, lam)
    np.testing.assert_allclose(dW, [[4.5, 0.0, 9.0], [2.5, 0.0, 5.0]])
    np.testing.assert_allclose(dV, [[12.0, 4.0], [6.0, 2.0], [0.0, 0.0]])
    assert sparse_ae_loss(x, W, V, lam) == pytest.approx(7.0)


def test_a_dead_unit_gets_no_gradient():
    # change W's second row to (0, 1, -1): a_2 = 0 - 2 = -2 < 0, h_2 = 0, relu'(a_2) = 0
    W2 = [[1.0, 0.0, 1.0], [0.0, 1.0, -1.0]]
    # h = (3, 0), xtilde = (3, 0, 3), 2 (xtilde - x) = (4, 0, 2)
    # dL/dh_1 = 1*4 + 0*0 + 1*2 + 0.5 = 6.5;  dL/dW row 1 = 6.5 * (1, 0, 2), row 2 = 0
    # dL/dV = (4, 0, 2)^T (3, 0)
    dW, dV = sparse_ae_grad(x, W2, V, lam)
    np.testing.assert_allclose(dW, [[6.5, 0.0, 13.0], [0.0, 0.0, 0.0]])
    np.testing.assert_allclose(dV, [[12.0, 0.0], [0.0, 0.0], [6.0, 0.0]])
    # loss = (2^2 + 0^2 + 1^2) + 0.5 * 3 = 6.5
    assert sparse_ae_loss(x, W2, V, lam) == pytest.approx(6.5)


def test_the_sigmoid_example_by_hand():
    # the same x, W, V and lambda with g = sigmoid: a = (3, 1) as before
    s1, s2 = 1 / (1 + math.exp(-3.0)), 1 / (1 + math.exp(-1.0))
    h = [s1, s2]
    xt = [1 * s1 + 0 * s2, 0 * s1 + 1 * s2, 1 * s1 - 1 * s2]
    r = [xt[0] - 1.0, xt[1] - 0.0, xt[2] - 2.0]
    loss = r[0] ** 2 + r[1] ** 2 + r[2] ** 2 + 0.5 * (s1 + s2)  # |h| = h for the sigmoid
    dh = [2 * (r[0] * 1 + r[1] * 0 + r[2] * 1) + 0.5, 2 * (r[0] * 0 + r[1] * 1 - r[2] * 1) + 0.5]
    da = [dh[0] * s1 * (1 - s1), dh[1] * s2 * (1 - s2)]
    dW = [[da[j] * x[k] for k in range(3)] for j in range(2)]
    dV = [[2 * r[i] * h[j] for j in range(2)] for i in range(3)]
    p = sparse_ae_backward(x, W, V, lam, g="sigmoid")
    np.testing.assert_allclose(p.h, h, rtol=1e-12)
    assert p.loss == pytest.approx(loss, rel=1e-12)
    np.testing.assert_allclose(p.dW, dW, rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(p.dV, dV, rtol=1e-12, atol=1e-15)
