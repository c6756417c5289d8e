"""Tests of wbcode.optim: every optimizer against two steps computed by hand."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from wbcode.adaptive import OPTIMIZERS, AdaGrad, Adam, RMSProp, make_optimizer
from wbcode.linear import sgd_pass
from wbcode.optim import GD, Momentum, Nesterov

# -- two steps of each optimizer, by hand ---------------------------------------------


def test_gd_two_steps_by_hand():
    opt = GD(lr=0.1)
    theta = opt.step(np.array([1.0, -2.0]), np.array([0.5, 1.0]))
    np.testing.assert_allclose(theta, [1.0 - 0.1 * 0.5, -2.0 - 0.1 * 1.0])
    theta = opt.step(theta, np.array([-1.0, 2.0]))
    np.testing.assert_allclose(theta, [0.95 + 0.1 * 1.0, -2.1 - 0.1 * 2.0])
    assert opt.t == 2


def test_momentum_two_steps_by_hand():
    opt = Momentum(lr=0.1, momentum=0.9)
    theta = opt.step(np.array([1.0, 0.0]), np.array([2.0, -4.0]))
    v1 = [0.9 * 0.0 - 0.1 * 2.0, 0.9 * 0.0 - 0.1 * -4.0]  # (-0.2, 0.4)
    np.testing.assert_allclose(opt.v, v1)
    np.testing.assert_allclose(theta, [1.0 - 0.2, 0.0 + 0.4])
    theta = opt.step(theta, np.array([-1.0, 1.0]))
    v2 = [0.9 * -0.2 - 0.1 * -1.0, 0.9 * 0.4 - 0.1 * 1.0]  # (-0.08, 0.26)
    np.testing.assert_allclose(opt.v, v2)
    np.testing.assert_allclose(theta, [0.8 - 0.08, 0.4 + 0.26])


def test_nesterov_two_steps_by_hand():
    opt = Nesterov(lr=0.1, momentum=0.9)
    theta = opt.step(np.array([1.0]), np.array([2.0]))
    v1 = 0.9 * 0.0 - 0.1 * 2.0  # -0.2
    np.testing.assert_allclose(opt.v, [v1])
    np.testing.assert_allclose(theta, [1.0 + 0.9 * -0.2 - 0.1 * 2.0])  # 0.62
    theta = opt.step(theta, np.array([-1.0]))
    v2 = 0.9 * -0.2 - 0.1 * -1.0  # -0.08
    np.testing.assert_allclose(opt.v, [v2])
    np.testing.assert_allclose(theta, [0.62 + 0.9 * -0.08 - 0.1 * -1.0])  # 0.648


def test_adagrad_two_steps_by_hand():
    opt = AdaGrad(lr=0.1, eps=1e-7)
    theta = opt.step(np.array([1.0, 1.0]), np.array([3.0, 0.0]))
    np.testing.assert_allclose(opt.r, [9.0, 0.0])
    # eps outside the square root; a zero gradient gives a zero step
    np.testing.assert_allclose(theta, [1.0 - 0.1 / (1e-7 + 3.0) * 3.0, 1.0])
    np.testing.assert_allclose(opt.effective_lr, [0.1 / (1e-7 + 3.0), 0.1 / 1e-7])
    theta1 = 1.0 - 0.1 / (1e-7 + 3.0) * 3.0
    theta = opt.step(theta, np.array([4.0, 0.0]))
    np.testing.assert_allclose(opt.r, [9.0 + 16.0, 0.0])
    np.testing.assert_allclose(theta, [theta1 - 0.1 / (1e-7 + 5.0) * 4.0, 1.0], rtol=1e-14)


def test_rmsprop_two_steps_by_hand():
    opt = RMSProp(lr=0.01, rho=0.9, eps=1e-6)
    theta = opt.step(np.array([1.0]), np.array([2.0]))
    r1 = 0.9 * 0.0 + 0.1 * 2.0**2  # 0.4
    np.testing.assert_allclose(opt.r, [r1])
    theta1 = 1.0 - 0.01 / math.sqrt(1e-6 + 0.4) * 2.0  # eps inside the root
    np.testing.assert_allclose(theta, [theta1], rtol=1e-14)
    theta = opt.step(theta, np.array([-1.0]))
    r2 = 0.9 * 0.4 + 0.1 * 1.0  # 0.46
    np.testing.assert_allclose(opt.r, [r2])
    np.testing.assert_allclose(theta, [theta1 + 0.01 / math.sqrt(1e-6 + 0.46) * 1.0], rtol=1e-14)


def test_adam_two_steps_by_hand():
    opt = Adam(lr=0.1, beta1=0.9, beta2=0.999, eps=1e-8)
    theta = opt.step(np.array([1.0]), np.array([2.0]))
    # m = 0.1 * 2 = 0.2, v = 0.001 * 4 = 0.004, m_hat = 0.2 / 0.1 = 2, v_hat = 0.004 / 0.001 = 4
    np.testing.assert_allclose(opt.m, [0.2])
    np.testing.assert_allclose(opt.v, [0.004])
    np.testing.assert_allclose(opt.m_hat, [2.0])
    np.testing.assert_allclose(opt.v_hat, [4.0])
    theta1 = 1.0 - 0.1 * 2.0 / (math.sqrt(4.0) + 1e-8)  # eps outside the root
    np.testing.assert_allclose(theta, [theta1], rtol=1e-14)
    theta = opt.step(theta, np.array([-1.0]))
    m2 = 0.9 * 0.2 + 0.1 * -1.0  # 0.08
    v2 = 0.999 * 0.004 + 0.001 * 1.0  # 0.004996
    m_hat2 = m2 / (1 - 0.9**2)  # 0.08 / 0.19
    v_hat2 = v2 / (1 - 0.999**2)  # 0.004996 / 0.001999
    np.testing.assert_allclose(opt.m, [m2])
    np.testing.assert_allclose(opt.v, [v2])
    np.testing.assert_allclose(opt.m_hat, [m_hat2])
    np.testing.assert_allclose(opt.v_hat, [v_hat2])
    np.testing.assert_allclose(
        theta, [theta1 - 0.1 * m_hat2 / (math.sqrt(v_hat2) + 1e-8)], rtol=1e-14
    )


# -- interface ----------------------------------------------------------------------------

ALL = [
    GD(lr=0.1),
    Momentum(lr=0.1),
    Nesterov(lr=0.1),
    AdaGrad(lr=0.1),
    RMSProp(lr=0.1),
    Adam(lr=0.1),
]


def fresh(opt):
    new = opt.clone()
    assert new is not opt and repr(new) == repr(opt) and new.t == 0
    return new


@pytest.mark.parametrize("proto", ALL, ids=lambda o: type(o).__name__)
def test_list_of_arrays_matches_each_array_alone(proto):
    rng = np.random.default_rng(0)
    W, v = rng.normal(size=(2, 3)), rng.normal(size=3)
    grads = [(rng.normal(size=(2, 3)), rng.normal(size=3)) for _ in range(3)]
    multi, alone_W, alone_v = fresh(proto), fresh(proto), fresh(proto)
    params = [W, v]
    W1, v1 = W, v
    for gW, gv in grads:
        params = multi.step(params, [gW, gv])
        W1 = alone_W.step(W1, gW)
        v1 = alone_v.step(v1, gv)
    assert isinstance(params, list) and len(params) == 2
    np.testing.assert_allclose(params[0], W1, rtol=1e-15)
    np.testing.assert_allclose(params[1], v1, rtol=1e-15)
    out = fresh(proto).step((W, v), (grads[0][0], grads[0][1]))
    assert isinstance(out, tuple)


@pytest.mark.parametrize("proto", ALL, ids=lambda o: type(o).__name__)
def test_step_leaves_its_arguments_alone(proto):
    theta, grad = np.array([1.0, 2.0]), np.array([0.5, -0.5])
    opt = fresh(proto)
    for _ in range(2):
        new = opt.step(theta, grad)
    np.testing.assert_array_equal(theta, [1.0, 2.0])
    np.testing.assert_array_equal(grad, [0.5, -0.5])
    assert new is not theta


@pytest.mark.parametrize("proto", ALL, ids=lambda o: type(o).__name__)
def test_stacked_parameters_update_like_each_alone(proto):
    """Elementwise updates: a leading axis of many models changes nothing."""
    rng = np.random.default_rng(1)
    theta = rng.normal(size=(4, 3))
    grads = rng.normal(size=(3, 4, 3))
    stacked = fresh(proto)
    rows = [fresh(proto) for _ in range(4)]
    th_rows = list(theta)
    for g in grads:
        theta = stacked.step(theta, g)
        th_rows = [o.step(t, gi) for o, t, gi in zip(rows, th_rows, g, strict=True)]
    np.testing.assert_allclose(theta, np.array(th_rows), rtol=1e-15)


@pytest.mark.parametrize("proto", ALL, ids=lambda o: type(o).__name__)
def test_reset_starts_over(proto):
    opt = fresh(proto)
    a = opt.step([1.0, 2.0], [0.3, -0.1])
    opt.step(a, [0.2, 0.2])
    opt.reset()
    assert opt.t == 0
    np.testing.assert_array_equal(opt.step([1.0, 2.0], [0.3, -0.1]), a)
    opt.reset()
    opt.step([1.0, 2.0, 3.0], [0.1, 0.1, 0.1])  # other shapes are fine after a reset


@pytest.mark.parametrize("proto", ALL, ids=lambda o: type(o).__name__)
def test_plugs_into_sgd_pass(proto):
    X, y = np.array([[1.0, 1.0], [1.0, 2.0]]), np.array([1.0, 3.0])
    opt = fresh(proto)
    res = sgd_pass([0.0, 0.0], X, y, update=opt.step)
    assert opt.t == 2
    assert res.total_loss_after < res.total_loss_before


def test_gd_in_sgd_pass_equals_plain_lr():
    X, y = np.array([[1.0, 1.0, 2.0], [1.0, 1.0, 1.0]]), np.array([11.0, 8.0])
    a = sgd_pass([1.0, 1.0, 1.0], X, y, lr=0.05)
    b = sgd_pass([1.0, 1.0, 1.0], X, y, update=GD(lr=0.05).step)
    np.testing.assert_allclose(a.theta, b.theta, rtol=1e-15)


def test_state_is_none_before_the_first_step():
    assert Momentum(lr=0.1).v is None
    assert AdaGrad().r is None and AdaGrad().effective_lr is None
    opt = Adam()
    assert opt.m is None and opt.v is None and opt.m_hat is None and opt.v_hat is None


def test_state_comes_back_in_the_structure_of_theta():
    opt = Adam(lr=0.1)
    opt.step([np.ones(2), np.ones(3)], [np.ones(2), -np.ones(3)])
    assert isinstance(opt.m, list) and [a.shape for a in opt.m] == [(2,), (3,)]
    assert isinstance(opt.m_hat, list)
    ada = AdaGrad(lr=0.1)
    ada.step((np.ones(2), np.ones(1)), (np.ones(2), np.ones(1)))
    assert isinstance(ada.effective_lr, tuple)


def test_state_is_a_copy():
    opt = Momentum(lr=0.1)
    opt.step([1.0], [1.0])
    v = opt.v
    v[0] = 100.0
    np.testing.assert_allclose(opt.v, [-0.1])


def test_make_optimizer_and_repr():
    assert set(OPTIMIZERS) == {"gd", "momentum", "nesterov", "adagrad", "rmsprop", "adam"}
    opt = make_optimizer("nesterov", lr=0.5, momentum=0.5)
    assert isinstance(opt, Nesterov) and opt.momentum == 0.5
    assert repr(opt) == "Nesterov(lr=0.5, momentum=0.5)"
    assert repr(AdaGrad(lr=0.1)) == "AdaGrad(lr=0.1, eps=1e-07)"


# -- properties ---------------------------------------------------------------------------

vectors = arrays(np.float64, 3, elements=st.floats(-10, 10).filter(lambda x: abs(x) > 1e-3))


@given(vectors, vectors)
def test_first_adam_and_adagrad_steps_move_each_coordinate_by_lr(theta, grad):
    """At t = 1, m_hat = g and v_hat = g*g (Adam), r = g*g (AdaGrad): step = lr sign(g)."""
    for opt in (Adam(lr=0.1, eps=1e-12), AdaGrad(lr=0.1, eps=1e-12)):
        np.testing.assert_allclose(theta - opt.step(theta, grad), 0.1 * np.sign(grad), rtol=1e-9)


@settings(max_examples=50)
@given(vectors, st.floats(0.01, 100.0))
def test_adam_is_invariant_to_gradient_scale(grad, scale):
    """Scaling every gradient by s scales m_hat and sqrt(v_hat) by s: the steps are
    unchanged exactly when eps is scaled too (eps only breaks the invariance
    by eps / sqrt(v_hat), which a fixed tolerance cannot bound for tiny gradients)."""
    a, b = Adam(lr=0.1, eps=1e-12), Adam(lr=0.1, eps=1e-12 * scale)
    ta = tb = np.zeros(3)
    for k in range(4):
        g = grad * (1.0 + 0.5 * k)
        ta, tb = a.step(ta, g), b.step(tb, scale * g)
    np.testing.assert_allclose(ta, tb, rtol=1e-12, atol=1e-15)


@settings(max_examples=50)
@given(vectors, st.floats(0.01, 0.3), st.floats(0.0, 0.95))
def test_nesterov_equals_sutskever_lookahead_form(theta0, lr, mu):
    """On f = 0.5 * sum(a * theta**2): phi_t = theta_t + mu v_t of the look-ahead form."""
    a = np.array([1.0, 2.0, 0.5])

    def grad(th):
        return a * th

    theta, v = theta0.copy(), np.zeros(3)
    opt, phi = Nesterov(lr=lr, momentum=mu), theta0.copy()
    for _ in range(5):
        v = mu * v - lr * grad(theta + mu * v)  # gradient at the look-ahead point
        theta = theta + v
        phi = opt.step(phi, grad(phi))
    np.testing.assert_allclose(opt.v, v, rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(phi, theta + mu * v, rtol=1e-10, atol=1e-12)


@given(vectors, vectors)
def test_zero_momentum_is_gradient_descent(theta, grad):
    for cls in (Momentum, Nesterov):
        np.testing.assert_allclose(
            cls(lr=0.1, momentum=0.0).step(theta, grad), GD(lr=0.1).step(theta, grad)
        )


@pytest.mark.parametrize(
    "opt",
    [GD(0.1), Momentum(0.05), Nesterov(0.05), AdaGrad(0.5), RMSProp(0.01), Adam(0.05)],
    ids=lambda o: type(o).__name__,
)
def test_every_optimizer_minimises_a_quadratic(opt):
    a = np.array([1.0, 4.0])
    theta = np.array([3.0, -2.0])
    for _ in range(500):
        theta = opt.step(theta, a * theta)
    assert np.all(np.abs(theta) < 0.05)


# -- bad input ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("make", "match"),
    [
        (lambda: GD(lr=0.0), "lr must be finite and > 0"),
        (lambda: GD(lr=-1.0), "lr must be finite and > 0"),
        (lambda: Momentum(lr=0.1, momentum=1.0), r"momentum must lie in \[0, 1\)"),
        (lambda: Nesterov(lr=0.1, momentum=-0.1), r"momentum must lie in \[0, 1\)"),
        (lambda: AdaGrad(eps=0.0), "eps must be finite and > 0"),
        (lambda: RMSProp(rho=1.5), r"rho must lie in \[0, 1\)"),
        (lambda: Adam(beta1=1.0), r"beta1 must lie in \[0, 1\)"),
        (lambda: Adam(beta2=-0.5), r"beta2 must lie in \[0, 1\)"),
        (lambda: make_optimizer("sgd", lr=0.1), "name must be one of"),
    ],
)
def test_bad_hyperparameters(make, match):
    with pytest.raises(ValueError, match=match):
        make()


def test_bad_hyperparameter_types():
    with pytest.raises(TypeError, match="lr must be a real number"):
        GD(lr="0.1")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="momentum must be a real number"):
        Momentum(lr=0.1, momentum=True)
    with pytest.raises(TypeError, match="bad hyperparameters for 'adam'"):
        make_optimizer("adam", momentum=0.9)
    with pytest.raises(TypeError, match="name must be one of"):
        make_optimizer(3)  # type: ignore[arg-type]


def test_bad_shapes_and_structures():
    opt = Adam()
    with pytest.raises(ValueError, match=r"grad must have the shape of theta, \(2,\), got \(3,\)"):
        opt.step([1.0, 2.0], [1.0, 2.0, 3.0])
    with pytest.raises(ValueError, match="grad must be a list/tuple of 2 arrays"):
        opt.step([np.ones(2), np.ones(3)], np.ones(2))
    with pytest.raises(ValueError, match="grad must be a list/tuple of 2 arrays like theta"):
        opt.step([np.ones(2), np.ones(3)], [np.ones(2)])
    with pytest.raises(ValueError, match=r"grad\[1\] must have the shape of theta\[1\]"):
        opt.step([np.ones(2), np.ones(3)], [np.ones(2), np.ones(2)])
    with pytest.raises(ValueError, match="theta is a single array"):
        opt.step(np.ones(2), [np.ones(2), np.ones(2)])
    with pytest.raises(ValueError, match="grad must be finite"):
        opt.step([1.0], [np.nan])
    with pytest.raises(TypeError, match="theta must be a real number"):
        opt.step("theta", [1.0])


def test_state_shape_mismatch_asks_for_reset():
    opt = Momentum(lr=0.1)
    opt.step([1.0, 2.0], [1.0, 1.0])
    with pytest.raises(ValueError, match=r"call reset\(\)"):
        opt.step([1.0, 2.0, 3.0], [1.0, 1.0, 1.0])
    with pytest.raises(ValueError, match=r"call reset\(\)"):
        opt.step([np.ones(2)], [np.ones(2)])


@settings(max_examples=50)
@given(st.floats(-300, 300), st.sampled_from([GD, Momentum, Nesterov]))
def test_basic_methods_at_the_ends_of_the_float_range(log_g, cls):
    """Gradients from 1e-300 to 1e300: two steps, by the equations, finite, no warning."""
    g1 = np.array([10.0**log_g, -(10.0**log_g)])
    g2 = 0.5 * g1
    opt = cls(lr=0.1)
    theta = opt.step(opt.step(np.zeros(2), g1), g2)
    mu = getattr(opt, "momentum", 0.0)
    v1 = -0.1 * g1
    v2 = mu * v1 - 0.1 * g2
    if cls is Nesterov:
        want = (mu * v1 - 0.1 * g1) + (mu * v2 - 0.1 * g2)
    else:
        want = v1 + v2
    np.testing.assert_allclose(theta, want, rtol=1e-14)


def test_a_stateless_method_takes_any_structure():
    opt = GD(lr=0.5)
    opt.step([np.ones(2), np.ones(3)], [np.ones(2), np.ones(3)])
    np.testing.assert_array_equal(opt.step(np.ones(4), np.ones(4)), np.full(4, 0.5))


def test_the_base_class_is_abstract():
    from wbcode.optim import Optimizer

    with pytest.raises(TypeError, match="abstract"):
        Optimizer(lr=0.1)  # type: ignore[abstract]
