"""Q4: the worked examples of the log-likelihood gradient page, computed by hand.

Softmax: logits (1, 0, 2) of Q1, true class 3. Sigmoid: the network of Q3
(W = [[1, 2, 1], [1, 1, 2]], v = (1, -1, 2), bias first), x = (-1, 1), ReLU
hidden layer, label y = 0.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from wbcode.loglik import hidden_nll, hidden_nll_grad, nll, nll_grad
from wbcode.workbook import Q1, Q3


def test_softmax_example():
    z = math.e + 1 + math.e**2  # e^1 + e^0 + e^2
    p = (math.e / z, 1 / z, math.e**2 / z)
    assert nll([2], [Q1.x], output="softmax") == pytest.approx(-math.log(p[2]))
    np.testing.assert_allclose(
        nll_grad([2], [Q1.x], output="softmax")[0], [p[0], p[1], p[2] - 1], rtol=1e-12
    )


def test_hidden_layer_example():
    # a = (1 + 2*(-1) + 1*1, 1 + 1*(-1) + 2*1) = (0, 2); h = ReLU(a) = (0, 2)
    # o = 1 + (-1)*0 + 2*2 = 5; p = sigma(5); y = 0, so delta_o = p
    p = 1 / (1 + math.exp(-5))
    assert hidden_nll(Q3.W, Q3.v, Q3.x, 0.0, output="sigmoid") == pytest.approx(-math.log(1 - p))
    dW, dv = hidden_nll_grad(Q3.W, Q3.v, Q3.x, 0.0, output="sigmoid")
    np.testing.assert_allclose(dv, [p * 1, p * 0, p * 2])  # delta_o * (1, h1, h2)
    # dL/dh = p * (v1, v2) = (-p, 2p); ReLU'(a) = (0, 1) (a1 = 0: derivative 0)
    # dW = delta_a (1, x1, x2) = rows (0, 0, 0) and 2p * (1, -1, 1)
    np.testing.assert_allclose(dW, [[0, 0, 0], [2 * p, -2 * p, 2 * p]])
