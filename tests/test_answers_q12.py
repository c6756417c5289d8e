"""Q12 answers, each output entry computed by hand (cross-correlation, "same" zero padding).

Reading (CONVENTIONS.md): a) = M1, K1 (1-D); b) = M2, K2; c) = M3, K3; d) = M4, K4;
e) = max pooling of the results of b) to d), window 2, stride 2 (and stride 1).
Outside the matrix the padded entries are 0, so they are left out of the sums.
"""

from __future__ import annotations

import numpy as np

from wbcode.correlation import convolve1d, convolve2d, correlate1d, correlate2d
from wbcode.pooling import max_pool2d
from wbcode.workbook import Q12

# a) M1 = (1, 2, 3, 4, -4, -2, -1, 0), K1 = (-1, 1, -1): y[i] = -M[i-1] + M[i] - M[i+1]
A = [
    -1 * 0 + 1 * 1 - 1 * 2,
    -1 * 1 + 1 * 2 - 1 * 3,
    -1 * 2 + 1 * 3 - 1 * 4,
    -1 * 3 + 1 * 4 - 1 * (-4),
    -1 * 4 + 1 * (-4) - 1 * (-2),
    -1 * (-4) + 1 * (-2) - 1 * (-1),
    -1 * (-2) + 1 * (-1) - 1 * 0,
    -1 * (-1) + 1 * 0 - 1 * 0,
]

# b) K2 is all ones: each entry is the sum of the 3x3 neighbourhood of M2
#    M2 = [[1, -10, 10], [5, 1, -5], [1, -10, 0]]
B = [
    [1 - 10 + 5 + 1, 1 - 10 + 10 + 5 + 1 - 5, -10 + 10 + 1 - 5],
    [1 - 10 + 5 + 1 + 1 - 10, 1 - 10 + 10 + 5 + 1 - 5 + 1 - 10 + 0, -10 + 10 + 1 - 5 - 10 + 0],
    [5 + 1 + 1 - 10, 5 + 1 - 5 + 1 - 10 + 0, 1 - 5 - 10 + 0],
]

# c) K3 = [[0, 1, 0], [1, 0, 1], [0, 1, 0]]: sum of the up, down, left and right neighbours
#    every row of M3 is (-1, 1, -1); up/down neighbours equal the entry, left/right the others
C = [
    [(0 + -1) + (0 + 1), (0 + 1) + (-1 + -1), (0 + -1) + (1 + 0)],
    [(-1 + -1) + (0 + 1), (1 + 1) + (-1 + -1), (-1 + -1) + (1 + 0)],
    [(-1 + -1) + (0 + 1), (1 + 1) + (-1 + -1), (-1 + -1) + (1 + 0)],
    [(-1 + 0) + (0 + 1), (1 + 0) + (-1 + -1), (-1 + 0) + (1 + 0)],
]

# d) K4 = [[-1, 0, 0], [0, 0, 0], [0, 0, 1]]: y[i, j] = -M4[i-1, j-1] + M4[i+1, j+1]
#    M4 = [[5, 5, -10], [-5, 1, -1], [5, -1, -10]]
D = [
    [-1 * 0 + 1 * 1, -1 * 0 + 1 * (-1), -1 * 0 + 1 * 0],
    [-1 * 0 + 1 * (-1), -1 * 5 + 1 * (-10), -1 * 5 + 1 * 0],
    [-1 * 0 + 1 * 0, -1 * (-5) + 1 * 0, -1 * 1 + 1 * 0],
]


def test_a_1d() -> None:
    np.testing.assert_array_equal(correlate1d(Q12.M1, Q12.K1, padding="same"), A)
    # K1 reads the same backwards, so the true convolution agrees
    np.testing.assert_array_equal(convolve1d(Q12.M1, Q12.K1, padding="same"), A)


def test_b_c_d_2d() -> None:
    np.testing.assert_array_equal(correlate2d(Q12.M2, Q12.K2, padding="same"), B)
    np.testing.assert_array_equal(correlate2d(Q12.M3, Q12.K3, padding="same"), C)
    np.testing.assert_array_equal(correlate2d(Q12.M4, Q12.K4, padding="same"), D)
    # output size = input size
    assert np.shape(B) == Q12.M2.shape and np.shape(C) == Q12.M3.shape


def test_true_convolution_differs_only_for_K4() -> None:
    np.testing.assert_array_equal(convolve2d(Q12.M2, Q12.K2, padding="same"), B)
    np.testing.assert_array_equal(convolve2d(Q12.M3, Q12.K3, padding="same"), C)
    # flipped K4 = [[1, 0, 0], [0, 0, 0], [0, 0, -1]]: y[i, j] = M4[i-1, j-1] - M4[i+1, j+1]
    D_true = [
        [1 * 0 - 1 * 1, 1 * 0 - 1 * (-1), 1 * 0 - 1 * 0],
        [1 * 0 - 1 * (-1), 1 * 5 - 1 * (-10), 1 * 5 - 1 * 0],
        [1 * 0 - 1 * 0, 1 * (-5) - 1 * 0, 1 * 1 - 1 * 0],
    ]
    np.testing.assert_array_equal(convolve2d(Q12.M4, Q12.K4, padding="same"), D_true)
    assert D_true == [[-d for d in row] for row in D]


def test_e_pooling_stride_2() -> None:
    # 3x3 and 4x3 maps hold one, resp. two, complete 2x2 windows; the last row/column is dropped
    assert max_pool2d(B, 2).y.tolist() == [[max(-3, 2, -12, -7)]]
    assert max_pool2d(C, 2).y.tolist() == [[max(0, -1, -1, 0)], [max(-1, 0, 0, -1)]]
    assert max_pool2d(D, 2).y.tolist() == [[max(1, -1, -1, -15)]]


def test_e_pooling_stride_1() -> None:
    assert max_pool2d(B, 2, 1).y.tolist() == [
        [max(-3, 2, -12, -7), max(2, -4, -7, -14)],
        [max(-12, -7, -3, -8), max(-7, -14, -8, -14)],
    ]
    assert max_pool2d(C, 2, 1).y.tolist() == [
        [max(0, -1, -1, 0), max(-1, 0, 0, -1)],
        [max(-1, 0, -1, 0), max(0, -1, 0, -1)],
        [max(-1, 0, 0, -1), max(0, -1, -1, 0)],
    ]
    assert max_pool2d(D, 2, 1).y.tolist() == [
        [max(1, -1, -1, -15), max(-1, 0, -15, -5)],
        [max(-1, -15, 0, 5), max(-15, -5, 5, -1)],
    ]


def test_e_pooling_with_the_incomplete_windows_kept() -> None:
    # stride 2 on a 3x3 map: windows start at rows and columns 1 and 3 (counted from 1); those
    # starting at 3 hold only the part of the window inside the map
    assert max_pool2d(B, 2, partial=True).y.tolist() == [
        [max(-3, 2, -12, -7), max(-4, -14)],
        [max(-3, -8), -14],
    ]
    assert max_pool2d(C, 2, partial=True).y.tolist() == [
        [max(0, -1, -1, 0), max(0, -1)],
        [max(-1, 0, 0, -1), max(-1, 0)],
    ]
    assert max_pool2d(D, 2, partial=True).y.tolist() == [
        [max(1, -1, -1, -15), max(0, -5)],
        [max(0, 5), -1],
    ]
    # stride 1: the last row and column start windows that reach past the edge
    assert max_pool2d(D, 2, 1, partial=True).y.tolist() == [
        [max(1, -1, -1, -15), max(-1, 0, -15, -5), max(0, -5)],
        [max(-1, -15, 0, 5), max(-15, -5, 5, -1), max(-5, -1)],
        [max(0, 5), max(5, -1), -1],
    ]


def test_the_slips_of_the_answer_box() -> None:
    # true convolution in d): the top-left window of -D holds 15
    D_true = [[-d for d in row] for row in D]
    assert max_pool2d(D_true, 2).y.tolist() == [[max(-1, 1, 1, 15)]]
    # pooling the inputs M2, M3, M4 instead of the results of b) to d)
    assert max_pool2d(Q12.M2, 2).y.tolist() == [[max(1, -10, 5, 1)]]
    assert max_pool2d(Q12.M3, 2).y.tolist() == [[max(-1, 1, -1, 1)], [max(-1, 1, -1, 1)]]
    assert max_pool2d(Q12.M4, 2).y.tolist() == [[max(5, 5, -5, 1)]]
    # both padding zeros after the end: y[i] = -M[i] + M[i+1] - M[i+2], one place shifted
    M1 = [*Q12.M1.tolist(), 0, 0]
    corner = [-M1[i] + M1[i + 1] - M1[i + 2] for i in range(8)]
    assert corner == [*A[1:], -1 * 0 + 1 * 0 - 1 * 0]
    np.testing.assert_array_equal(correlate1d(np.pad(Q12.M1, (0, 2)), Q12.K1), corner)
