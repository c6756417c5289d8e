"""Input checks, the workbook records and the step tables."""

import numpy as np
import pytest

from wbcode._checks import as_array, check_choice, check_probability, check_rng
from wbcode.tables import fmt_number, table, written_out
from wbcode.workbook import Q2, Q3, Q8, Q13, QUESTIONS


def test_as_array_shapes_and_messages():
    assert as_array([[1, 2]], "W", shape=(None, 2)).dtype == np.float64
    with pytest.raises(ValueError, match=r"W must have shape \(n, 3\), got \(1, 2\)"):
        as_array([[1, 2]], "W", shape=(None, 3))
    with pytest.raises(TypeError, match="booleans"):
        as_array([True], "mask")
    with pytest.raises(TypeError, match="real number"):
        as_array(None, "x")


def test_small_checks():
    assert check_choice("same", "padding", ["same", "valid"]) == "same"
    with pytest.raises(ValueError, match=r"padding must be one of \['same', 'valid'\], got 'full'"):
        check_choice("full", "padding", ["same", "valid"])
    with pytest.raises(ValueError, match="p must lie in"):
        check_probability(1.5, "p")
    with pytest.raises(TypeError, match="default_rng"):
        check_rng(42)


def test_every_question_has_a_record():
    assert sorted(QUESTIONS) == list(range(1, 22))
    assert all(QUESTIONS[n].number == n and QUESTIONS[n].title for n in QUESTIONS)


def test_records_are_read_only_and_typed_as_printed():
    assert Q2.X[:, 0].tolist() == [1, 1, 1]  # bias column first
    assert Q3.W.shape == (2, 3) and Q3.v.tolist() == [1, -1, 2]
    assert Q8.masks[1]["mu1"].tolist() == [0, 1, 1]
    assert Q13.K1.shape == (1, 2, 2, 2) and Q13.K2.shape == (2, 1, 2, 2)
    with pytest.raises(ValueError, match="read-only"):
        Q2.y[0] = 3
    with pytest.raises(AttributeError, match="read-only"):
        Q2.lr = 1.0
    with pytest.raises(AttributeError, match="has no field 'Z'"):
        _ = Q2.Z


def test_tables_format_and_align():
    assert fmt_number(-0.0) == "0"
    assert fmt_number([[1, 2], [3, 4]]) == "[[1, 2], [3, 4]]"
    md = table(["name", "value"], [["a", 0.5], ["b", -1.25]]).to_markdown()
    assert md.splitlines()[1] == "| :--- | ---: |"
    with pytest.raises(ValueError, match=r"rows\[0\] must have 2 cells like the header, got 1"):
        table(["a", "b"], [[1]])
    with pytest.raises(TypeError, match="cannot format"):
        fmt_number(object())


def test_written_out_writes_the_dot_product():
    # Q3's first hidden unit: 1 + 2 * (-1) + 1 * 1
    assert written_out([1, 2, 1], [-1, 1]) == r"$1 + 2\cdot (-1) + 1\cdot 1$"
    assert written_out(np.array([-0.5, 0.25]), np.array([-0.0])) == r"$(-0.5) + 0.25\cdot 0$"
    assert written_out([2.0], []) == "$2$"  # a bias alone
    with pytest.raises(ValueError, match=r"w must have one entry more than h.*got 3 and 3"):
        written_out([1, 2, 3], [1, 2, 3])
    with pytest.raises(ValueError, match="h must have 1 dimension"):
        written_out([1, 2], [[1]])
    with pytest.raises(TypeError, match="w must hold real numbers"):
        written_out(["a", "b"], [1])
