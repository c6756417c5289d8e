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


def _sigmoid(o: float) -> float:
    return 1 / (1 + math.exp(-o))


def _rot(K: np.ndarray) -> np.ndarray:
    return K[..., ::-1, ::-1]


def test_without_the_relu_before_theta_cross_correlation_agrees() -> None:
    # Z2 = 2 > 0: the second ReLU passes the gradient unchanged, so nothing changes
    g = cnn_backward(Q13.V0, K1, K2, Q13.theta, Q14.y, second_relu=False)
    assert g.dtheta == DTHETA
    np.testing.assert_array_equal(g.dK1, [[DK1_1], [DK1_2]])
    np.testing.assert_array_equal(g.dK2, [[DK2_1, DK2_2]])


def test_true_convolution_with_the_relu_only_theta_learns() -> None:
    # Z2 = -4 < 0: dZ2 = 0, so every kernel gradient is 0; dtheta = sigmoid(-2) - 0
    g = cnn_backward(Q13.V0, _rot(K1), _rot(K2), Q13.theta, Q14.y)
    assert math.isclose(g.dtheta, _sigmoid(-2), rel_tol=1e-15)
    assert not g.dK1.any() and not g.dK2.any()


def test_true_convolution_without_the_relu() -> None:
    # o = Z2 + theta = -6; the kernels are applied rotated, Z1_c[i,j] = sum K[a,b] V0[i+1-a][j+1-b]
    dz2 = _sigmoid(-6) - 0
    V0 = Q13.V0.tolist()
    V1 = [[[0, 3], [0, 0]], [[1, 5], [1, 0]]]  # layer 1 is unchanged (K(1) is symmetric)
    # Z2 = sum_c sum_ab K2_c[a,b] V1_c[1-a][1-b]: dK2_c[a,b] = dz2 * V1_c[1-a][1-b]
    dK2 = [[[dz2 * V1[c][1 - a][1 - b] for b in range(2)] for a in range(2)] for c in range(2)]
    # dV1_c = dz2 * rot(K2_c); masked by the active units of layer 1
    dZ1_1 = [[0, dz2 * -4], [0, 0]]  # rot(K(2)_{1,1}) = [[3, -4], [-2, 1]]; only [0, 1] active
    dZ1_2 = [[dz2 * 2, dz2 * 1], [dz2 * 1, 0]]  # rot(K(2)_{2,1}) = K(2)_{2,1}; [1, 1] off
    dK1 = [
        [
            [
                sum(dZ[i][j] * V0[i + 1 - a][j + 1 - b] for i in range(2) for j in range(2))
                for b in range(2)
            ]
            for a in range(2)
        ]
        for dZ in (dZ1_1, dZ1_2)
    ]
    g = cnn_backward(Q13.V0, _rot(K1), _rot(K2), Q13.theta, Q14.y, second_relu=False)
    assert math.isclose(g.dtheta, dz2, rel_tol=1e-15)
    # the gradient by the kernels as printed is the rotated gradient of the applied kernels
    np.testing.assert_allclose(_rot(g.dK2)[0], dK2, rtol=1e-14)
    np.testing.assert_allclose(_rot(g.dK1)[:, 0], dK1, rtol=1e-14)
    assert math.isclose(dK1[0][0][0], -36 * dz2) and math.isclose(dK1[1][0][0], 28 * dz2)


def test_the_slips_of_the_answer_box() -> None:
    # y - p instead of p - y flips every sign; dL/dp = 1/(1 - p) = 2 without sigma'(o) = 1/4
    assert -DTHETA == -0.5
    dL_dp = 1 / (1 - P)  # -log(1 - p) by p
    assert dL_dp == 2 == DO / (P * (1 - P))  # every gradient times 1 / (p (1 - p)) = 4
    # the first ReLU mask skipped: dZ1 = dV1, dK1_c[1,1] = sum dV1_c * V0[0:2, 0:2]
    unmasked_11 = DV1_1[0][0] * 2 + DV1_1[0][1] * 3 + DV1_1[1][0] * 4 + DV1_1[1][1] * 6
    unmasked_12 = DV1_2[0][0] * 2 + DV1_2[0][1] * 3 + DV1_2[1][0] * 4 + DV1_2[1][1] * 6
    assert (unmasked_11, unmasked_12) == (-1, 11.5)
