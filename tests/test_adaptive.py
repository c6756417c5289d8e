"""AdaGrad, RMSProp and Adam at the ends of the float range, against exact decimal arithmetic.

The two-step hand calculations of every optimizer are in ``test_optim.py``. Here
the gradients run from 1e-250 to 1e250, where ``g * g`` overflows or underflows
in float64: each optimizer must still take the step of its equations. The
reference is the same equations in 60-digit decimal arithmetic, one coordinate
at a time (a route that shares no code with wbcode). pytest turns every
warning into an error, so an overflow inside a step fails the test too.
"""

from __future__ import annotations

from decimal import Decimal, localcontext

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wbcode.adaptive import AdaGrad, Adam, RMSProp

# A gradient coordinate: sign, mantissa and a decimal exponent from -250 to 250.
coordinate = st.builds(
    lambda sign, mant, exp: sign * mant * 10.0**exp,
    st.sampled_from([-1.0, 1.0]),
    st.floats(1.0, 9.99),
    st.integers(-250, 250),
)
gradients = st.lists(st.lists(coordinate, min_size=3, max_size=3), min_size=1, max_size=4)


def D(x: float) -> Decimal:
    return Decimal(repr(float(x)))


def reference(kind: str, hyper: dict[str, float], theta0: float, grads: list[float]) -> float:
    """One coordinate of ``theta`` after the steps, by the equations, in 60 digits."""
    with localcontext() as ctx:
        ctx.prec = 60
        lr, eps, theta = D(hyper["lr"]), D(hyper["eps"]), D(theta0)
        m = r = Decimal(0)
        for t, g in enumerate(map(D, grads), start=1):
            if kind == "adagrad":
                r += g * g
                theta -= lr / (eps + r.sqrt()) * g
            elif kind == "rmsprop":
                rho = D(hyper["rho"])
                r = rho * r + (1 - rho) * g * g
                theta -= lr / (eps + r).sqrt() * g
            else:
                b1, b2 = D(hyper["beta1"]), D(hyper["beta2"])
                m = b1 * m + (1 - b1) * g
                r = b2 * r + (1 - b2) * g * g
                m_hat, v_hat = m / (1 - b1**t), r / (1 - b2**t)
                theta -= lr * m_hat / (v_hat.sqrt() + eps)
        return float(theta)


CASES = [
    ("adagrad", AdaGrad, {"lr": 0.1, "eps": 1e-7}),
    ("rmsprop", RMSProp, {"lr": 0.01, "rho": 0.9, "eps": 1e-6}),
    ("adam", Adam, {"lr": 0.1, "beta1": 0.9, "beta2": 0.999, "eps": 1e-8}),
    ("adam", Adam, {"lr": 0.1, "beta1": 0.5, "beta2": 0.9, "eps": 1e-300}),
]


@pytest.mark.parametrize(
    ("kind", "cls", "hyper"), CASES, ids=["adagrad", "rmsprop", "adam", "adam-eps"]
)
@settings(max_examples=60)
@given(grads=gradients)
def test_steps_follow_the_equations_over_the_whole_float_range(kind, cls, hyper, grads):
    theta0 = np.array([0.5, -1.0, 2.0])
    opt, theta = cls(**hyper), theta0
    for g in grads:
        theta = opt.step(theta, np.array(g))
    assert np.all(np.isfinite(theta))
    want = [reference(kind, hyper, theta0[j], [g[j] for g in grads]) for j in range(3)]
    np.testing.assert_allclose(theta, want, rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("g", [1e200, -1e200, 3e-200, -3e-200, 1e300, 1e-300])
@pytest.mark.parametrize("cls", [AdaGrad, Adam])
def test_first_step_is_lr_times_the_sign_of_the_gradient(cls, g):
    """At t = 1 the step is lr |g| / (|g| + eps): lr sign(g) wherever |g| >> eps."""
    eps = 1e-8 * min(abs(g), 1.0) * 1e-8  # far below |g|, at either end of the range
    opt = cls(lr=0.1, eps=eps)
    step = 1.0 - opt.step(np.array([1.0]), np.array([g]))
    np.testing.assert_allclose(step, [0.1 * np.sign(g)], rtol=1e-14)


@pytest.mark.parametrize("cls", [AdaGrad, Adam])
def test_first_step_of_a_tiny_gradient_with_the_default_eps(cls):
    """With |g| far below eps the step is lr g / eps, not lr sign(g): eps dominates."""
    opt = cls(lr=0.1)
    g = 1e-200
    step = 1.0 - opt.step(np.array([1.0]), np.array([g]))[0]
    assert step == pytest.approx(0.1 * g / (g + opt.eps), rel=1e-14)


def test_state_attributes_at_the_ends_of_the_range():
    """sqrt_r stays finite where r = sqrt_r**2 leaves the float range (inf, no warning)."""
    ada = AdaGrad(lr=0.1)
    ada.step(np.array([0.0, 0.0]), np.array([1e200, 1e-200]))
    np.testing.assert_array_equal(ada.sqrt_r, [1e200, 1e-200])
    assert ada.r[0] == np.inf and ada.r[1] == 0.0
    assert np.all(ada.effective_lr > 0)
    adam = Adam(lr=0.1)
    adam.step(np.array([0.0]), np.array([1e200]))
    np.testing.assert_allclose(adam.sqrt_v, [np.sqrt(0.001) * 1e200], rtol=1e-15)
    np.testing.assert_allclose(adam.m_hat, [1e200], rtol=1e-15)
    assert adam.v[0] == np.inf


@pytest.mark.parametrize("cls", [AdaGrad, RMSProp, Adam])
def test_state_of_ordinary_gradients_is_the_sum_of_squares(cls):
    """r and v are the quantities of the equations: sums of g*g, as the Q10 table shows."""
    grads = [np.array([3.0, -0.5]), np.array([4.0, 2.0]), np.array([-1.0, 0.25])]
    opt = cls(lr=0.1)
    for g in grads:
        opt.step(np.zeros(2), g)
    sq = [g * g for g in grads]
    if cls is AdaGrad:
        want = sum(sq)
    else:
        decay = opt.rho if cls is RMSProp else opt.beta2
        want = np.zeros(2)
        for s in sq:
            want = decay * want + (1 - decay) * s
    np.testing.assert_allclose(opt.r if cls is not Adam else opt.v, want, rtol=1e-15)
