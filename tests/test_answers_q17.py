"""Q17: the LSTM forward pass over x = (0.7, 0.5, 0.7), every step computed by hand.

f = sigmoid(bf + Uf x + Wf h), g = sigmoid(bg + Ug x + Wg h), q = sigmoid(bq + Uq x + Wq h),
s = f s_prev + g * phi(b + U x + W h), h = ReLU(s) q, output = sigmoid(V h + c), with
Ug = 0.3, Wg = -0.3, bg = 0.1; Uf = 0.25, Wf = 0.3, bf = 0; Uq = 0.4, Wq = 0.3, bq = 0.2;
U = 0.01, W = 0.1, b = 1; h0 = s0 = 0; V = 5, c = -1. phi = sigmoid (the book) or tanh.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from wbcode.lstm import lstm_forward
from wbcode.workbook import Q17


def sig(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-z))


def relu(z: float) -> float:
    return max(z, 0.0)


def by_hand(phi, psi=relu, xs=(0.7, 0.5, 0.7)):
    rows = []
    h, s = 0.0, 0.0
    for x in xs:
        f = sig(0.0 + 0.25 * x + 0.3 * h)
        g = sig(0.1 + 0.3 * x - 0.3 * h)
        q = sig(0.2 + 0.4 * x + 0.3 * h)
        a = 1.0 + 0.01 * x + 0.1 * h
        s = f * s + g * phi(a)
        h = psi(s) * q
        out = sig(5.0 * h - 1.0)
        rows.append((f, g, q, a, s, h, out))
    return np.array(rows)


def test_first_step_written_out():
    # t = 1 with h0 = s0 = 0
    f1 = sig(0.25 * 0.7)  # sigma(0.175)
    g1 = sig(0.1 + 0.3 * 0.7)  # sigma(0.31)
    q1 = sig(0.2 + 0.4 * 0.7)  # sigma(0.48)
    s1 = f1 * 0.0 + g1 * sig(1.0 + 0.01 * 0.7)  # g1 * sigma(1.007)
    h1 = s1 * q1
    out1 = sig(5 * h1 - 1)
    assert (f1, g1, q1) == pytest.approx((0.5436, 0.5769, 0.6177), abs=5e-5)
    assert (s1, h1, out1) == pytest.approx((0.4225, 0.2610, 0.5757), abs=5e-5)
    np.testing.assert_allclose(by_hand(sig)[0], [f1, g1, q1, 1.007, s1, h1, out1])


@pytest.mark.parametrize(("cell", "phi"), [("sigmoid", sig), ("tanh", math.tanh)])
def test_every_step(cell, phi):
    fw = lstm_forward(Q17.x, Q17, Q17.h0, Q17.s0, cell_activation=cell)
    want = by_hand(phi)
    got = np.column_stack([fw.f, fw.g, fw.q, fw.a, fw.s, fw.h, fw.yhat])
    np.testing.assert_allclose(got, want)


def test_output_at_t1_differs_from_t3():
    out = by_hand(sig)[:, 6]
    assert out[2] > out[0] + 0.2  # same x = 0.7, but s and h carry memory
    fw = lstm_forward(Q17.x, Q17, Q17.h0, Q17.s0)
    assert fw.yhat[2] - fw.yhat[0] == pytest.approx(out[2] - out[0])


@pytest.mark.parametrize("cell", ["sigmoid", "tanh"])
@pytest.mark.parametrize("state", ["relu", "tanh"])
def test_all_four_variants_and_the_memory(cell, state):
    phi = {"sigmoid": sig, "tanh": math.tanh}[cell]
    psi = {"relu": relu, "tanh": math.tanh}[state]
    fw = lstm_forward(Q17.x, Q17, Q17.h0, Q17.s0, cell_activation=cell, state_activation=state)
    out = by_hand(phi, psi)[:, 6]
    np.testing.assert_allclose(fw.yhat, out)
    assert out[2] > out[0]
    # with the memory wiped, x = 0.7 at step 3 gives the output of step 1
    assert by_hand(phi, psi, xs=(0.7,))[0, 6] == out[0]
