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
