"""The finite-difference checker itself must catch a wrong gradient."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wbcode.gradcheck import gradcheck, numerical_gradient


def test_numerical_gradient_of_a_quadratic():
    A = np.array([[2.0, 1.0], [1.0, 3.0]])
    x = np.array([1.0, -1.0])
    g = numerical_gradient(lambda z: float(z @ A @ z), x)
    assert g == pytest.approx(2 * A @ x, abs=1e-8)


def test_gradcheck_accepts_right_and_rejects_wrong_gradient():
    f = lambda z: float(np.sum(np.sin(z)))  # noqa: E731
    x = np.array([0.3, 1.2, -2.0])
    assert gradcheck(f, x, np.cos(x)).ok
    wrong = gradcheck(f, x, np.cos(x) + np.array([0, 1e-3, 0]))
    assert not wrong.ok
    assert wrong.max_abs_error == pytest.approx(1e-3, rel=1e-3)


def test_matrix_arguments_keep_their_shape():
    X = np.arange(6.0).reshape(2, 3)
    assert numerical_gradient(lambda z: float(np.sum(z**2)), X).shape == (2, 3)


def test_bad_input():
    with pytest.raises(TypeError, match="callable"):
        numerical_gradient(3, [1.0])
    with pytest.raises(ValueError, match="single number"):
        numerical_gradient(lambda z: z, [1.0, 2.0])
    with pytest.raises(ValueError, match="same shape"):
        gradcheck(lambda z: float(z.sum()), [1.0, 2.0], [1.0])
    with pytest.raises(ValueError, match="eps"):
        numerical_gradient(lambda z: float(z.sum()), [1.0], eps=0)


def test_an_f_that_returns_no_number_is_an_error():
    with pytest.raises(TypeError, match="f must return a real number, got NoneType"):
        numerical_gradient(lambda z: None, [1.0])
    with pytest.raises(ValueError, match="f must return a finite number, got nan"):
        numerical_gradient(lambda z: float("nan") if z[0] < 1.0 else 0.0, [1.0])
    with pytest.raises(ValueError, match="f must return a finite number"):
        gradcheck(lambda z: float("inf"), [1.0], [0.0])


def test_a_step_lost_in_rounding_is_an_error_not_a_zero_gradient():
    with pytest.raises(ValueError, match=r"eps = 1e-06 is lost in rounding at x entry 1"):
        numerical_gradient(lambda z: float(np.sum(z)), [1.0, 1e200])
    # a step scaled to the entry works
    g = numerical_gradient(lambda z: float(3.0 * z[0]), [1e200], eps=1e194)
    assert g == pytest.approx([3.0])


def test_the_result_keeps_copies():
    x, grad = np.array([1.0, 2.0]), np.array([2.0, 4.0])
    res = gradcheck(lambda z: float(np.sum(z**2)), x, grad)
    grad[0] = 100.0
    assert res.analytic[0] == 2.0 and res.ok


@settings(max_examples=30)
@given(st.integers(-300, 15))
def test_gradients_of_tiny_and_large_points(k):
    """A quadratic at x of size 10**k, with a step scaled to x: the right gradient, no warning."""
    scale = 10.0**k
    x = np.array([1.5, -2.0]) * scale
    g = numerical_gradient(lambda z: float(np.sum((z / scale) ** 2)), x, eps=1e-4 * scale)
    np.testing.assert_allclose(g * scale, 2 * x / scale, rtol=1e-9)
