"""Q3: forward propagation through the 2-2-1 network, computed by hand.

x = (-1, 1), W = [[1, 2, 1], [1, 1, 2]], v = (1, -1, 2), bias first; ReLU hidden layer.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from wbcode.mlp import forward
from wbcode.workbook import Q3

# hidden pre-activations, bias first: a_i = W_i0 + W_i1 x1 + W_i2 x2
a1 = 1 + 2 * (-1) + 1 * 1  # 0
a2 = 1 + 1 * (-1) + 2 * 1  # 2
h1, h2 = max(a1, 0), max(a2, 0)  # 0, 2
o = 1 + (-1) * h1 + 2 * h2  # 5
p = 1 / (1 + math.exp(-o))  # sigmoid(5) ~ 0.9933

# the other reading, bias LAST: row i = (W_i1, W_i2, b_i), v = (v1, v2, c)
a1_last = 1 * (-1) + 2 * 1 + 1  # 2
a2_last = 1 * (-1) + 1 * 1 + 2  # 2
o_last = 1 * max(a1_last, 0) + (-1) * max(a2_last, 0) + 2  # 2


def test_hidden_layer():
    fw = forward([Q3.W, Q3.v], Q3.x, ["relu", "identity"])
    np.testing.assert_allclose(fw.a[0], [a1, a2])
    np.testing.assert_allclose(fw.h[0], [h1, h2])
    assert a1 == 0  # unit 1 sits exactly at ReLU's kink (used in Q6)


def test_regression_output():
    fw = forward([Q3.W, Q3.v], Q3.x, ["relu", "identity"])
    assert float(fw.yhat) == o == 5


def test_classification_output():
    fw = forward([Q3.W, Q3.v], Q3.x, ["relu", "sigmoid"])
    assert float(fw.yhat) == pytest.approx(p, rel=1e-15)
    assert round(p, 4) == 0.9933
    assert float(fw.yhat) >= 0.5  # class 1


def test_bias_last_reading():
    W_first = np.roll(Q3.W, 1, axis=-1)  # bias-last rows moved to bias first
    v_first = np.roll(Q3.v, 1)
    fw = forward([W_first, v_first], Q3.x, ["relu", "identity"])
    np.testing.assert_allclose(fw.a[0], [a1_last, a2_last])
    assert float(fw.yhat) == o_last == 2
    fw = forward([W_first, v_first], Q3.x, ["relu", "sigmoid"])
    assert float(fw.yhat) == pytest.approx(1 / (1 + math.exp(-2)))


def _zero_bias(M):
    M = np.array(M, dtype=float)
    M[..., 0] = 0.0
    return M


def test_bias_units_left_out():
    """The answer box's slips: a bias unit left out (its weights 0)."""
    # no input bias: a = (2*(-1) + 1*1, 1*(-1) + 2*1) = (-1, 1), h = (0, 1), o = 1 + 2 = 3
    # no hidden bias: h = (0, 2), o = -1*0 + 2*2 = 4; no biases at all: h = (0, 1), o = 2
    cases = {
        3: [_zero_bias(Q3.W), Q3.v],
        4: [Q3.W, _zero_bias(Q3.v)],
        2: [_zero_bias(Q3.W), _zero_bias(Q3.v)],
    }
    for o_hand, weights in cases.items():
        assert float(forward(weights, Q3.x, ["relu", "identity"]).yhat) == o_hand
        p_hand = 1 / (1 + math.exp(-o_hand))
        assert float(forward(weights, Q3.x, ["relu", "sigmoid"]).yhat) == pytest.approx(p_hand)
    # no ReLU changes nothing at this input: both pre-activations are >= 0
    assert float(forward([Q3.W, Q3.v], Q3.x, ["identity", "identity"]).yhat) == o
