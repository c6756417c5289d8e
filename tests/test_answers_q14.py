"""Q14 answers, computed by hand: the backward pass of Q13's CNN, logistic loss, y = 0.

Chain (forward values from Q13: Z1_1 = [[-5, 3], [-8, -34]], Z1_2 = [[1, 5], [1, -9]],
V1_1 = [[0, 3], [0, 0]], V1_2 = [[1, 5], [1, 0]], Z2 = 2, p = sigmoid(0) = 1/2):

dL/do = p - y; dtheta = dL/do; dZ2 = dL/do * 1[Z2 > 0];
dK(2)_{c,1}[p, q] = dZ2 * V1_c[p, q] (the output is 1x1);
dV1_c = dZ2 * K(2)_{c,1}; dZ1_c = dV1_c * 1[Z1_c > 0];
dK(1)_{1,c}[p, q] = sum_ij dZ1_c[i, j] * V0[i + p, j + q].
"""

from __future__ import annotations

import math

import numpy as np

from wbcode.cnn import cnn_backward, cnn_loss
from wbcode.workbook import Q13, Q14

K1 = Q13.K1.transpose(1, 0, 2, 3)
K2 = Q13.K2.transpose(1, 0, 2, 3)

P, Y = 0.5, 0
DO = P - Y
DTHETA = DO
DZ2 = DO * 1  # Z2 = 2 > 0
DK2_1 = [[DZ2 * 0, DZ2 * 3], [DZ2 * 0, DZ2 * 0]]  # times V1_1
DK2_2 = [[DZ2 * 1, DZ2 * 5], [DZ2 * 1, DZ2 * 0]]  # times V1_2
DV1_1 = [[DZ2 * 1, DZ2 * -2], [DZ2 * -4, DZ2 * 3]]  # times K(2)_{1,1}
DV1_2 = [[DZ2 * 2, DZ2 * 1], [DZ2 * 1, DZ2 * 2]]  # times K(2)_{2,1}
DZ1_1 = [[0, DV1_1[0][1]], [0, 0]]  # only Z1_1[0, 1] = 3 is positive
DZ1_2 = [[DV1_2[0][0], DV1_2[0][1]], [DV1_2[1][0], 0]]  # Z1_2[1, 1] = -9 is not
# V0 = [[2, 3, 1], [4, 6, 9], [4, 7, 1]]; only DZ1_1[0][1] = -1 is non-zero
DK1_1 = [[-1 * 3, -1 * 1], [-1 * 6, -1 * 9]]
DK1_2 = [
    [1 * 2 + 0.5 * 3 + 0.5 * 4, 1 * 3 + 0.5 * 1 + 0.5 * 6],
    [1 * 4 + 0.5 * 6 + 0.5 * 4, 1 * 6 + 0.5 * 9 + 0.5 * 7],
]


def test_bold_entries() -> None:
    g = cnn_backward(Q13.V0, K1, K2, Q13.theta, Q14.y)
    assert g.dtheta == DTHETA == 0.5
    assert g.dK1[0, 0, 0, 0] == DK1_1[0][0] == -3  # K(1)_{1,1}[1,1]
    assert g.dK1[1, 0, 0, 0] == DK1_2[0][0] == 5.5  # K(1)_{1,2}[1,1]
    assert g.dK2[0, 0, 0, 0] == DK2_1[0][0] == 0  # K(2)_{1,1}[1,1]
    assert g.dK2[0, 1, 0, 0] == DK2_2[0][0] == 0.5  # K(2)_{2,1}[1,1]


def test_full_gradient_tensors() -> None:
    g = cnn_backward(Q13.V0, K1, K2, Q13.theta, Q14.y)
    assert g.do == DO
    np.testing.assert_array_equal(g.dZ2, [[[DZ2]]])
    np.testing.assert_array_equal(g.dK2, [[DK2_1, DK2_2]])
    np.testing.assert_array_equal(g.dV1, [DV1_1, DV1_2])
    np.testing.assert_array_equal(g.dZ1, [DZ1_1, DZ1_2])
    np.testing.assert_array_equal(g.dK1, [[DK1_1], [DK1_2]])


def test_loss_value_and_a_finite_difference() -> None:
    # L = -log(1 - p) = log 2 at p = 1/2
    assert math.isclose(cnn_loss(Q13.V0, K1, K2, Q13.theta, Q14.y), math.log(2))
    eps = 1e-6
    K_plus, K_minus = K1.copy(), K1.copy()
    K_plus[1, 0, 0, 0] += eps
    K_minus[1, 0, 0, 0] -= eps
    fd = (
        cnn_loss(Q13.V0, K_plus, K2, Q13.theta, 0) - cnn_loss(Q13.V0, K_minus, K2, Q13.theta, 0)
    ) / (2 * eps)
    assert math.isclose(fd, DK1_2[0][0], rel_tol=1e-6)
