"""Q13 answers, computed by hand: the forward pass of the two-layer CNN.

V0 = [[2, 3, 1], [4, 6, 9], [4, 7, 1]]; every 2x2 window times the kernel, summed
(cross-correlation, no padding, stride 1). Kernels in the workbook's order K_{in,out}
are transposed to (out, in, kh, kw) for wbcode.
"""

from __future__ import annotations

import math

import numpy as np

from wbcode.cnn import cnn_forward
from wbcode.workbook import Q13

K1 = Q13.K1.transpose(1, 0, 2, 3)
K2 = Q13.K2.transpose(1, 0, 2, 3)

# layer 1, K(1)_{1,1} = [[2, -3], [-3, 2]]
Z1_1 = [
    [2 * 2 - 3 * 3 - 3 * 4 + 2 * 6, 2 * 3 - 3 * 1 - 3 * 6 + 2 * 9],
    [2 * 4 - 3 * 6 - 3 * 4 + 2 * 7, 2 * 6 - 3 * 9 - 3 * 7 + 2 * 1],
]
# layer 1, K(1)_{1,2} = [[1, -1], [-1, 1]]
Z1_2 = [
    [1 * 2 - 1 * 3 - 1 * 4 + 1 * 6, 1 * 3 - 1 * 1 - 1 * 6 + 1 * 9],
    [1 * 4 - 1 * 6 - 1 * 4 + 1 * 7, 1 * 6 - 1 * 9 - 1 * 7 + 1 * 1],
]
V1_1 = [[max(v, 0) for v in row] for row in Z1_1]
V1_2 = [[max(v, 0) for v in row] for row in Z1_2]
# layer 2: K(2)_{1,1} = [[1, -2], [-4, 3]] on V1_1 plus K(2)_{2,1} = [[2, 1], [1, 2]] on V1_2
Z2 = (1 * V1_1[0][0] - 2 * V1_1[0][1] - 4 * V1_1[1][0] + 3 * V1_1[1][1]) + (
    2 * V1_2[0][0] + 1 * V1_2[0][1] + 1 * V1_2[1][0] + 2 * V1_2[1][1]
)
V2 = max(Z2, 0)
THETA = -2
P = 1 / (1 + math.exp(-(V2 + THETA)))


def test_hand_values() -> None:
    assert Z1_1 == [[-5, 3], [-8, -34]]
    assert Z1_2 == [[1, 5], [1, -9]]
    assert (Z2, V2, P) == (2, 2, 0.5)


def test_forward_pass() -> None:
    fwd = cnn_forward(Q13.V0, K1, K2, Q13.theta)
    np.testing.assert_array_equal(fwd.Z1, [Z1_1, Z1_2])
    np.testing.assert_array_equal(fwd.V1, [V1_1, V1_2])
    np.testing.assert_array_equal(fwd.Z2, [[[Z2]]])
    np.testing.assert_array_equal(fwd.V2, [[[V2]]])
    assert fwd.o == V2 + THETA == 0
    assert fwd.p == P


def test_true_convolution_variant_of_K2_11() -> None:
    # only K(2)_{1,1} changes under a 180-degree rotation: [[3, -4], [-2, 1]]
    for K in (K1[0, 0], K1[1, 0], K2[0, 1]):
        np.testing.assert_array_equal(K[::-1, ::-1], K)
    Z2_true = (3 * 0 - 4 * 3 - 2 * 0 + 1 * 0) + (2 * 1 + 1 * 5 + 1 * 1 + 2 * 0)
    assert Z2_true == -4
    K_true = K1[..., ::-1, ::-1], K2[..., ::-1, ::-1]
    fwd = cnn_forward(Q13.V0, *K_true, Q13.theta)
    assert fwd.Z2[0, 0, 0] == Z2_true
    assert fwd.p == 1 / (1 + math.exp(-(max(Z2_true, 0) + THETA)))


def test_without_the_relu_before_theta() -> None:
    # cross-correlation: Z2 = 2 > 0, so sigma(Z2 + theta) = sigma(ReLU(Z2) + theta)
    fwd = cnn_forward(Q13.V0, K1, K2, Q13.theta, second_relu=False)
    assert fwd.o == Z2 + THETA == 0 and fwd.p == P
    # true convolution: Z2 = -4; with the ReLU o = theta = -2, without it o = -6
    Z2_true = (3 * 0 - 4 * 3 - 2 * 0 + 1 * 0) + (2 * 1 + 1 * 5 + 1 * 1 + 2 * 0)
    K_true = K1[..., ::-1, ::-1], K2[..., ::-1, ::-1]
    with_relu = cnn_forward(Q13.V0, *K_true, Q13.theta)
    without = cnn_forward(Q13.V0, *K_true, Q13.theta, second_relu=False)
    assert with_relu.o == max(Z2_true, 0) + THETA == -2
    assert without.o == Z2_true + THETA == -6
    assert math.isclose(without.p, 1 / (1 + math.exp(6)), rel_tol=1e-15)
    assert round(with_relu.p, 4) == 0.1192 and round(without.p, 4) == 0.0025


def test_forgetting_the_first_relu() -> None:
    # Z1 passed on unrectified: Z2 = sum(Z1_1 * K(2)_{1,1}) + sum(Z1_2 * K(2)_{2,1})
    Z2_lin = (1 * -5 - 2 * 3 - 4 * -8 + 3 * -34) + (2 * 1 + 1 * 5 + 1 * 1 + 2 * -9)
    assert Z2_lin == -91  # the second ReLU then outputs 0, and p = sigma(theta)
    assert max(Z2_lin, 0) + THETA == THETA
