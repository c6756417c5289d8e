"""Q15: the RNN forward pass over five time steps, every step computed by hand.

a(t) = b + W h(t-1) + U x(t), h(t) = ReLU(a(t)), o(t) = c + V h(t), yhat(t) = sigmoid(o(t)),
with U = [[0.5, 0.1], [0.4, 0.01]], W = [[0.1, 0.3], [0.3, 0.1]], b = (0, 0),
V = (2, 3), c = 1, h(0) = (0, 0).
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from wbcode.rnn import rnn_forward
from wbcode.workbook import Q15


def sig(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-z))


# t = 1: x = (0.1, 0.1), h(0) = (0, 0)
a1 = (0.5 * 0.1 + 0.1 * 0.1, 0.4 * 0.1 + 0.01 * 0.1)  # (0.06, 0.041)
h1 = a1  # both positive
# t = 2: x = (0.7, 0.4)
a2 = (
    0.1 * h1[0] + 0.3 * h1[1] + 0.5 * 0.7 + 0.1 * 0.4,
    0.3 * h1[0] + 0.1 * h1[1] + 0.4 * 0.7 + 0.01 * 0.4,
)
h2 = a2
# t = 3: x = (0.5, 0.2)
a3 = (
    0.1 * h2[0] + 0.3 * h2[1] + 0.5 * 0.5 + 0.1 * 0.2,
    0.3 * h2[0] + 0.1 * h2[1] + 0.4 * 0.5 + 0.01 * 0.2,
)
h3 = a3
# t = 4: x = (0.1, 0.1)
a4 = (
    0.1 * h3[0] + 0.3 * h3[1] + 0.5 * 0.1 + 0.1 * 0.1,
    0.3 * h3[0] + 0.1 * h3[1] + 0.4 * 0.1 + 0.01 * 0.1,
)
h4 = a4
# t = 5: x = (0.8, 0.8)
a5 = (
    0.1 * h4[0] + 0.3 * h4[1] + 0.5 * 0.8 + 0.1 * 0.8,
    0.3 * h4[0] + 0.1 * h4[1] + 0.4 * 0.8 + 0.01 * 0.8,
)
h5 = a5
A = [a1, a2, a3, a4, a5]
OUT = [1.0 + 2.0 * h[0] + 3.0 * h[1] for h in A]  # every a(t) > 0, so h(t) = a(t)
YHAT = [sig(o) for o in OUT]


@pytest.fixture(scope="module")
def fw():
    return rnn_forward(Q15.X, Q15.U, Q15.W, Q15.V, Q15.b, Q15.c, Q15.h0, activation="relu")


def test_first_step_numbers():
    assert a1 == pytest.approx((0.06, 0.041))
    assert OUT[0] == pytest.approx(1.243)


def test_hidden_states(fw):
    assert all(v > 0 for a in A for v in a)  # ReLU is the identity on this data
    np.testing.assert_allclose(fw.a, A)
    np.testing.assert_allclose(fw.h, [h1, h2, h3, h4, h5])


def test_outputs(fw):
    np.testing.assert_allclose(fw.o, OUT)
    np.testing.assert_allclose(fw.yhat, YHAT)


def test_interpretation(fw):
    # the probability dips at t = 4 (small inputs) and is largest at t = 5 (largest inputs)
    assert np.argmax(fw.yhat) == 4
    assert YHAT[3] < YHAT[2] and YHAT[3] < YHAT[4]
    assert min(YHAT) == YHAT[0]


def by_hand(f):
    """The five outputs with hidden activation f, written out with plain floats."""
    X = [(0.1, 0.1), (0.7, 0.4), (0.5, 0.2), (0.1, 0.1), (0.8, 0.8)]
    h, out = (0.0, 0.0), []
    for x1, x2 in X:
        a = (
            0.5 * x1 + 0.1 * x2 + 0.1 * h[0] + 0.3 * h[1],
            0.4 * x1 + 0.01 * x2 + 0.3 * h[0] + 0.1 * h[1],
        )
        h = (f(a[0]), f(a[1]))
        out.append(sig(1.0 + 2.0 * h[0] + 3.0 * h[1]))
    return out


def test_the_loop_by_hand_repeats_the_unrolled_steps():
    assert by_hand(lambda v: max(v, 0.0)) == pytest.approx(YHAT, rel=1e-14)


def test_tanh_units_give_slightly_smaller_outputs_in_the_same_order():
    tanh = by_hand(math.tanh)
    fw = rnn_forward(Q15.X, Q15.U, Q15.W, Q15.V, Q15.b, Q15.c, Q15.h0, activation="tanh")
    np.testing.assert_allclose(fw.yhat, tanh)
    assert all(t < y for t, y in zip(tanh, YHAT, strict=True))
    assert np.array_equal(np.argsort(tanh), np.argsort(YHAT))


def test_memory_claims():
    # steps 1 and 4 see the same input; the difference of the logits is V W h(3)
    VWh3 = 2.0 * (0.1 * h3[0] + 0.3 * h3[1]) + 3.0 * (0.3 * h3[0] + 0.1 * h3[1])
    assert OUT[3] - OUT[0] == pytest.approx(VWh3)
    # step 3 has smaller inputs than step 2 but a larger output
    assert YHAT[2] > YHAT[1]
