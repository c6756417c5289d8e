"""Q1 c): softmax of (1, 0, 2), by hand."""

import math

import pytest

from wbcode.softmax import softmax
from wbcode.workbook import Q1


def test_q01_softmax_of_1_0_2():
    e1, e0, e2 = math.exp(1), math.exp(0), math.exp(2)  # 2.71828..., 1, 7.38906...
    total = e1 + e0 + e2  # 11.10734...
    assert softmax(Q1.x) == pytest.approx([e1 / total, e0 / total, e2 / total], rel=1e-12)
    # the rounded values the chapter prints
    assert softmax(Q1.x).round(4).tolist() == [0.2447, 0.0900, 0.6652]


def test_q01_slips_and_limits():
    """The answer box's slips, and the temperature limits the chapter states."""
    total = math.exp(1) + 1 + math.exp(2)
    # a sigmoid on each score does not sum to 1
    sig = [1 / (1 + math.exp(-v)) for v in (1, 0, 2)]
    assert sum(sig) == pytest.approx(0.7311 + 0.5 + 0.8808, abs=1e-4)
    # e^0 = 0: (e, 0, e^2) / (e + e^2)
    assert math.exp(1) / (math.exp(1) + math.exp(2)) == pytest.approx(0.2689, abs=1e-4)
    # the factor e per unit of score
    p = softmax(Q1.x)
    assert p[0] / p[1] == pytest.approx(math.e) and p[2] / p[0] == pytest.approx(math.e)
    assert p[2] == pytest.approx(math.exp(2) / total)
    # T -> 0: one-hot on the largest score; T -> infinity: uniform
    assert softmax(Q1.x, temperature=1e-3).tolist() == [0.0, 0.0, 1.0]
    assert softmax(Q1.x, temperature=1e4) == pytest.approx([1 / 3] * 3, abs=1e-4)
