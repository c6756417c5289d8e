"""Q8 b): both masked predictions and the one without dropout, computed by hand.

Network (as printed): h1 = relu(W1T (mu0 * x) + b1), h2 = relu(W2T (mu1 * h1) + b2),
h3 = relu(W3T (mu2 * h2) + b3), yhat = vT h3 + b4, with x = (1, 1),
W1T = [[1, 2], [-1, 1], [2, -1]], b1 = (-1, 1, 2),
W2T = [[1, 2, -2], [2, -1, 1]], b2 = (2, -1),
W3T = [[2, 1], [-1, -1]], b3 = (1, 1), vT = (1, -1), b4 = 1.
Masks multiply without rescaling; the third hidden layer has no mask.
"""

from __future__ import annotations

import numpy as np
import pytest

from wbcode.dropout_network import dropout_forward, scale_weights
from wbcode.layers import join_bias
from wbcode.workbook import Q8

ACTS = ["relu", "relu", "relu", "identity"]


def relu(a):
    return max(a, 0)


@pytest.fixture(scope="module")
def weights():
    return [
        join_bias(Q8.W1T, Q8.b1),
        join_bias(Q8.W2T, Q8.b2),
        join_bias(Q8.W3T, Q8.b3),
        join_bias(Q8.vT, Q8.b4),
    ]


def _masks(k):
    m = Q8.masks[k]
    return [m["mu0"], m["mu1"], m["mu2"]]


def test_first_masks(weights):
    # mu0 = (1, 1): x~ = (1, 1)
    # a1 = (1*1 + 2*1 - 1, -1*1 + 1*1 + 1, 2*1 - 1*1 + 2) = (2, 1, 3) -> h1 = (2, 1, 3)
    h1 = [relu(1 * 1 + 2 * 1 - 1), relu(-1 * 1 + 1 * 1 + 1), relu(2 * 1 - 1 * 1 + 2)]
    assert h1 == [2, 1, 3]
    # mu1 = (1, 0, 1): h1~ = (2, 0, 3)
    # a2 = (1*2 + 2*0 - 2*3 + 2, 2*2 - 1*0 + 1*3 - 1) = (-2, 6) -> h2 = (0, 6)
    h2 = [relu(1 * 2 + 2 * 0 - 2 * 3 + 2), relu(2 * 2 - 1 * 0 + 1 * 3 - 1)]
    assert h2 == [0, 6]
    # mu2 = (1, 0): h2~ = (0, 0); a3 = b3 = (1, 1) -> h3 = (1, 1)
    h3 = [relu(2 * 0 + 1 * 0 + 1), relu(-1 * 0 - 1 * 0 + 1)]
    assert h3 == [1, 1]
    yhat = 1 * 1 - 1 * 1 + 1
    assert yhat == 1
    fw = dropout_forward(weights, Q8.x, ACTS, _masks(0))
    assert fw.h[0].tolist() == h1 and fw.h[1].tolist() == h2 and fw.h[2].tolist() == h3
    assert float(fw.yhat) == yhat


def test_second_masks(weights):
    # mu0 = (0, 1): x~ = (0, 1)
    # a1 = (1*0 + 2*1 - 1, -1*0 + 1*1 + 1, 2*0 - 1*1 + 2) = (1, 2, 1) -> h1 = (1, 2, 1)
    h1 = [relu(1 * 0 + 2 * 1 - 1), relu(-1 * 0 + 1 * 1 + 1), relu(2 * 0 - 1 * 1 + 2)]
    assert h1 == [1, 2, 1]
    # mu1 = (0, 1, 1): h1~ = (0, 2, 1)
    # a2 = (1*0 + 2*2 - 2*1 + 2, 2*0 - 1*2 + 1*1 - 1) = (4, -2) -> h2 = (4, 0)
    h2 = [relu(1 * 0 + 2 * 2 - 2 * 1 + 2), relu(2 * 0 - 1 * 2 + 1 * 1 - 1)]
    assert h2 == [4, 0]
    # mu2 = (1, 1): h2~ = (4, 0); a3 = (2*4 + 1*0 + 1, -1*4 - 1*0 + 1) = (9, -3) -> h3 = (9, 0)
    h3 = [relu(2 * 4 + 1 * 0 + 1), relu(-1 * 4 - 1 * 0 + 1)]
    assert h3 == [9, 0]
    yhat = 1 * 9 - 1 * 0 + 1
    assert yhat == 10
    fw = dropout_forward(weights, Q8.x, ACTS, _masks(1))
    assert fw.h[0].tolist() == h1 and fw.h[1].tolist() == h2 and fw.h[2].tolist() == h3
    assert float(fw.yhat) == yhat


def test_no_dropout(weights):
    # h1 = (2, 1, 3) as for the first masks (mu0 keeps both inputs)
    # a2 = (1*2 + 2*1 - 2*3 + 2, 2*2 - 1*1 + 1*3 - 1) = (0, 5) -> h2 = (0, 5)
    h2 = [relu(1 * 2 + 2 * 1 - 2 * 3 + 2), relu(2 * 2 - 1 * 1 + 1 * 3 - 1)]
    assert h2 == [0, 5]
    # a3 = (2*0 + 1*5 + 1, -1*0 - 1*5 + 1) = (6, -4) -> h3 = (6, 0)
    h3 = [relu(2 * 0 + 1 * 5 + 1), relu(-1 * 0 - 1 * 5 + 1)]
    assert h3 == [6, 0]
    yhat = 1 * 6 - 1 * 0 + 1
    assert yhat == 7
    fw = dropout_forward(weights, Q8.x, ACTS, [])
    assert fw.h[1].tolist() == h2 and fw.h[2].tolist() == h3
    assert float(fw.yhat) == yhat


def test_inverted_dropout_with_p_one_half(weights):
    # Second masks, kept units divided by p = 0.5 (doubled) at each masked layer:
    # x~ = (0, 2); a1 = (0 + 4 - 1, 0 + 2 + 1, 0 - 2 + 2) = (3, 3, 0) -> h1 = (3, 3, 0)
    h1 = [relu(1 * 0 + 2 * 2 - 1), relu(-1 * 0 + 1 * 2 + 1), relu(2 * 0 - 1 * 2 + 2)]
    # h1~ = (0, 6, 0); a2 = (0 + 12 - 0 + 2, 0 - 6 + 0 - 1) = (14, -7) -> h2 = (14, 0)
    h2 = [relu(1 * 0 + 2 * 6 - 2 * 0 + 2), relu(2 * 0 - 1 * 6 + 1 * 0 - 1)]
    # h2~ = (28, 0); a3 = (56 + 1, -28 + 1) = (57, -27) -> h3 = (57, 0)
    h3 = [relu(2 * 28 + 1 * 0 + 1), relu(-1 * 28 - 1 * 0 + 1)]
    yhat = 1 * h3[0] - 1 * h3[1] + 1
    assert (h1, h2, h3, yhat) == ([3, 3, 0], [14, 0], [57, 0], 58)
    assert float(dropout_forward(weights, Q8.x, ACTS, _masks(1), p=0.5).yhat) == yhat
    # First masks: h2~ = mu2 * h2 / p = (0, 0) again (h2_1 = 0, h2_2 dropped), so yhat = 1
    assert float(dropout_forward(weights, Q8.x, ACTS, _masks(0), p=0.5).yhat) == 1


def test_separate_form_matches_bias_first_form():
    # The same network from the printed matrices, without join_bias(): W x + b.
    x = np.array([1.0, 1.0])
    h1 = np.maximum(np.asarray(Q8.W1T) @ x + Q8.b1, 0)
    h2 = np.maximum(np.asarray(Q8.W2T) @ h1 + Q8.b2, 0)
    h3 = np.maximum(np.asarray(Q8.W3T) @ h2 + Q8.b3, 0)
    assert float(np.asarray(Q8.vT) @ h3 + Q8.b4) == 7


def test_slips_of_the_answer_box_by_hand(weights):
    """The values the page's answer box names as slips, worked by hand."""
    mu = _masks(0), _masks(1)
    # The third hidden layer masked too with mu2. First masks: h3 = (1, 1) * (1, 0)
    # -> yhat = 1 - 0 + 1 = 2; second masks: mu2 = (1, 1) keeps h3 = (9, 0) -> 10.
    third_too = [dropout_forward(weights, Q8.x, ACTS, [*m, m[2]]).yhat for m in mu]
    assert [float(v) for v in third_too] == [2, 10]
    # mu2 on h3 instead of h2. First masks: h2 = (0, 6) passed whole;
    # a3 = (2*0 + 1*6 + 1, -0 - 6 + 1) = (7, -5) -> h3 = (7, 0) * (1, 0) -> yhat = 8.
    h3 = [relu(2 * 0 + 1 * 6 + 1), relu(-1 * 0 - 1 * 6 + 1)]
    moved = [dropout_forward(weights, Q8.x, ACTS, [m[0], m[1], None, m[2]]).yhat for m in mu]
    assert [float(v) for v in moved] == [1 * h3[0] * 1 - 1 * h3[1] * 0 + 1, 10] == [8, 10]
    # The masks on the biases, a^l = W h + mu^l * b^l, outputs passed whole.
    # First: a1 = (3, 0, 1) + (-1, 0, 2) = (2, 0, 3); a2 = (-4, 7) + (2, 0) -> h2 = (0, 7);
    # a3 = (8, -6) -> yhat = 9. Second: a1 = (2, 1, -1) + (0, 1, 2) -> h1 = (2, 2, 1);
    # a2 = (4, 3) + (2, -1) = (6, 2); a3 = (14 + 1, -8 + 1) -> yhat = 16.
    biased = []
    for m in mu:
        W = [join_bias(Q8.W1T, m[1] * Q8.b1), join_bias(Q8.W2T, m[2] * Q8.b2), *weights[2:]]
        biased.append(float(dropout_forward(W, Q8.x, ACTS, [m[0]]).yhat))
    assert biased == [9, 16]
    # The kept units multiplied by p = 1/2. Second masks: x~ = (0, .5); h1~ = (0, .75, .75);
    # a2 = (2, -1) -> h2~ = (1, 0); a3 = (3, 0) -> yhat = 4 (the first masks still give 1).
    scaled = scale_weights(weights, [0.5, 0.5, 0.5, None])
    assert [float(dropout_forward(scaled, Q8.x, ACTS, m).yhat) for m in mu] == [1, 4]
