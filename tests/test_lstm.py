"""Tests of wbcode.lstm: the LSTM cell of Goodfellow et al. (2016), eqs. 10.40-10.44."""

from __future__ import annotations

import math
import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wbcode.lstm import PARAM_NAMES, lstm_forward, lstm_step


def sig(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-z))


SCALAR = dict(
    Uf=0.5, Wf=-1.0, bf=0.0, Ug=1.0, Wg=0.0, bg=-1.0, Uq=0.0, Wq=2.0, bq=0.0,
    U=2.0, W=1.0, b=0.0, V=2.0, c=-1.0,
)  # fmt: skip


def random_params(rng, d, n, k):
    P = {}
    for name in PARAM_NAMES:
        if name[0] == "U":
            P[name] = rng.normal(size=(n, d))
        elif name[0] == "W":
            P[name] = rng.normal(size=(n, n))
        elif name[0] == "b":
            P[name] = rng.normal(size=n)
    P["V"] = rng.normal(size=(k, n))
    P["c"] = rng.normal(size=k)
    return P


def test_two_steps_by_hand():
    fw = lstm_forward([2.0, -1.0], SCALAR, 0.0, 0.0)
    # t = 1 (h0 = s0 = 0)
    f1, g1, q1 = sig(0.5 * 2.0), sig(1.0 * 2.0 - 1.0), sig(0.0)
    u1 = sig(2.0 * 2.0)
    s1 = f1 * 0.0 + g1 * u1
    h1 = max(s1, 0.0) * q1
    y1 = sig(2.0 * h1 - 1.0)
    # t = 2
    f2, g2, q2 = sig(0.5 * -1.0 - 1.0 * h1), sig(-1.0 - 1.0), sig(2.0 * h1)
    a2 = 2.0 * -1.0 + 1.0 * h1
    s2 = f2 * s1 + g2 * sig(a2)
    h2 = max(s2, 0.0) * q2
    y2 = sig(2.0 * h2 - 1.0)
    np.testing.assert_allclose(fw.f, [f1, f2])
    np.testing.assert_allclose(fw.g, [g1, g2])
    np.testing.assert_allclose(fw.q, [q1, q2])
    np.testing.assert_allclose(fw.a, [4.0, a2])
    np.testing.assert_allclose(fw.s, [s1, s2])
    np.testing.assert_allclose(fw.h, [h1, h2])
    np.testing.assert_allclose(fw.yhat, [y1, y2])
    assert fw.s.shape == (2,)


def test_tanh_options_by_hand():
    st_ = lstm_step(2.0, SCALAR, 0.0, 0.0, cell_activation="tanh", state_activation="tanh")
    s = sig(2.0 * 1.0 - 1.0) * math.tanh(4.0)
    assert float(st_.s) == pytest.approx(s)
    assert float(st_.h) == pytest.approx(math.tanh(s) * 0.5)
    assert st_.s.shape == ()


def test_step_equals_first_row_of_forward():
    rng = np.random.default_rng(0)
    P = random_params(rng, d=2, n=3, k=2)
    X = rng.normal(size=(4, 2))
    h0, s0 = rng.normal(size=3), rng.normal(size=3)
    fw = lstm_forward(X, P, h0, s0)
    st1 = lstm_step(X[0], P, h0, s0)
    st2 = lstm_step(X[1], P, st1.h, st1.s)
    for name in ("f", "g", "q", "a", "u", "s", "h", "o", "yhat"):
        np.testing.assert_allclose(getattr(fw, name)[0], getattr(st1, name))
        np.testing.assert_allclose(getattr(fw, name)[1], getattr(st2, name))
    assert fw.s.shape == (4, 3) and fw.yhat.shape == (4, 2)


def test_vector_cell_with_one_unit_equals_scalar_cell():
    P = {k: np.array([[v]]) if k[0] in "UWV" else np.array([v]) for k, v in SCALAR.items()}
    X = [0.3, -0.7, 1.2]
    vec = lstm_forward(np.array(X)[:, None], P, [0.1], [0.2], state_activation="tanh")
    sca = lstm_forward(X, SCALAR, 0.1, 0.2, state_activation="tanh")
    for name in ("f", "g", "q", "s", "h", "yhat"):
        np.testing.assert_allclose(getattr(vec, name)[:, 0], getattr(sca, name))


def test_diagonal_weights_make_independent_scalar_cells():
    rng = np.random.default_rng(1)
    n = 3
    scal = [{k: float(rng.normal()) for k in PARAM_NAMES} for _ in range(n)]
    P = {}
    for k in PARAM_NAMES:
        vals = np.array([s[k] for s in scal])
        P[k] = np.diag(vals) if k[0] in "UW" else vals
    P["V"], P["c"] = np.ones(n), 0.0  # V is not used by the states
    X = rng.normal(size=(5, n))
    vec = lstm_forward(X, P, np.zeros(n), np.zeros(n))
    for i in range(n):
        one = lstm_forward(X[:, i], scal[i], 0.0, 0.0)
        np.testing.assert_allclose(vec.s[:, i], one.s)
        np.testing.assert_allclose(vec.h[:, i], one.h)


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), T=st.integers(1, 8))
def test_gates_in_unit_interval_and_state_bounded(seed, T):
    rng = np.random.default_rng(seed)
    P = random_params(rng, d=2, n=2, k=1)
    X = 3 * rng.normal(size=(T, 2))
    fw = lstm_forward(X, P, np.zeros(2), np.zeros(2))
    for gate in (fw.f, fw.g, fw.q, fw.u):
        assert np.all((gate >= 0) & (gate <= 1))
    # sigmoid cell input and s0 = 0: 0 <= s(t) <= t, so ReLU(s) = s
    assert np.all(fw.s >= 0)
    assert np.all(fw.s <= np.arange(1, T + 1)[:, None])
    np.testing.assert_allclose(fw.h, fw.s * fw.q)
    th = lstm_forward(X, P, np.zeros(2), np.zeros(2), cell_activation="tanh",
                      state_activation="tanh")  # fmt: skip
    assert np.all(np.abs(th.h) <= 1)


def test_extra_keys_are_ignored():
    fw1 = lstm_forward([1.0], SCALAR, 0.0, 0.0)
    fw2 = lstm_forward([1.0], dict(SCALAR, x=[9.0, 9.0], h0=5.0), 0.0, 0.0)
    np.testing.assert_array_equal(fw1.h, fw2.h)


@settings(max_examples=60, deadline=None)
@given(
    exponent=st.integers(3, 300),
    sign=st.sampled_from([-1.0, 1.0]),
    seed=st.integers(0, 2**16),
    state=st.sampled_from(["relu", "tanh"]),
)
def test_huge_inputs_saturate_the_gates_exactly(exponent, sign, seed, state):
    # With |U x| >= 500 every gate is a step function of the sign of U x (to 1e-200), and the
    # state and output stay bounded: no overflow, no warning.
    rng = np.random.default_rng(seed)
    P = {k: float(rng.choice([-1, 1]) * rng.uniform(0.5, 2.0)) for k in PARAM_NAMES}
    x = sign * 10.0**exponent
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        st_ = lstm_step(x, P, 0.3, -0.2, cell_activation="tanh", state_activation=state)
    for gate, u in (("f", "Uf"), ("g", "Ug"), ("q", "Uq")):
        assert float(getattr(st_, gate)) == pytest.approx(float(P[u] * x > 0), abs=1e-200)
    u = np.sign(P["U"] * x)  # tanh of a huge cell input
    s = float(P["Uf"] * x > 0) * -0.2 + float(P["Ug"] * x > 0) * u
    assert float(st_.s) == pytest.approx(s, abs=1e-15)
    assert np.isfinite(float(st_.o)) and 0.0 <= float(st_.yhat) <= 1.0


@settings(max_examples=40, deadline=None)
@given(exponent=st.integers(-300, -20), seed=st.integers(0, 2**16))
def test_tiny_inputs_act_like_zero(exponent, seed):
    rng = np.random.default_rng(seed)
    P = random_params(rng, d=2, n=3, k=1)
    X = rng.normal(size=(4, 2))
    h0, s0 = rng.normal(size=3), rng.normal(size=3)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        tiny = lstm_forward(10.0**exponent * X, P, h0, s0)
    zero = lstm_forward(np.zeros((4, 2)), P, h0, s0)
    for name in ("f", "g", "q", "s", "h", "yhat"):
        np.testing.assert_allclose(getattr(tiny, name), getattr(zero, name), rtol=1e-12)


# -- bad input ---------------------------------------------------------------------


def test_input_and_params_must_agree_on_the_cell() -> None:
    rng = np.random.default_rng(3)
    P = random_params(rng, d=2, n=3, k=1)
    with pytest.raises(ValueError, match=r"x holds numbers .* params\['Uf'\] has shape"):
        lstm_step(1.0, P, 0.0, 0.0)
    with pytest.raises(ValueError, match=r"X holds vectors of 3 entries .* params\['U'\]"):
        lstm_forward(np.ones((2, 3)), P, np.zeros(3), np.zeros(3))
    with pytest.raises(ValueError, match=r"x holds vectors of 1 entries .* params\['U'\]"):
        lstm_step([1.0], SCALAR, 0.0, 0.0)
    with pytest.raises(ValueError, match=r"params\['bq'\] must be finite"):
        lstm_forward(np.ones((2, 2)), dict(P, bq=np.full(3, np.nan)), np.zeros(3), np.zeros(3))
    with pytest.raises(ValueError, match="h_prev must be finite"):
        lstm_step(1.0, SCALAR, np.inf, 0.0)


def test_bad_input():
    with pytest.raises(ValueError, match=r"misses the key\(s\) \['c'\]"):
        lstm_forward([1.0], {k: v for k, v in SCALAR.items() if k != "c"}, 0.0, 0.0)
    with pytest.raises(TypeError, match="params must be a mapping"):
        lstm_forward([1.0], list(SCALAR.values()), 0.0, 0.0)
    with pytest.raises(ValueError, match=r"X holds numbers .* params\['Wf'\] has shape \(1,\)"):
        lstm_forward([1.0], dict(SCALAR, Wf=[1.0]), 0.0, 0.0)
    with pytest.raises(ValueError, match="h0 must have 0 dimension"):
        lstm_forward([1.0], SCALAR, [0.0, 0.0], 0.0)
    with pytest.raises(ValueError, match="cell_activation must be one of"):
        lstm_forward([1.0], SCALAR, 0.0, 0.0, cell_activation="relu")
    with pytest.raises(ValueError, match="state_activation must be one of"):
        lstm_step(1.0, SCALAR, 0.0, 0.0, state_activation="sigmoid")
    with pytest.raises(ValueError, match="X must have 1 or 2 dimension"):
        lstm_forward(np.ones((2, 2, 2)), SCALAR, 0.0, 0.0)
    with pytest.raises(ValueError, match="X must not be empty"):
        lstm_forward([], SCALAR, 0.0, 0.0)
    rng = np.random.default_rng(2)
    P = random_params(rng, d=2, n=3, k=1)
    with pytest.raises(ValueError, match=r"params\['Ug'\] must have shape \(3, 2\)"):
        lstm_forward(np.ones((2, 2)), dict(P, Ug=np.ones((3, 3))), np.zeros(3), np.zeros(3))
    with pytest.raises(ValueError, match=r"params\['V'\] must have 3 columns"):
        lstm_forward(np.ones((2, 2)), dict(P, V=np.ones((1, 2))), np.zeros(3), np.zeros(3))
    with pytest.raises(ValueError, match="s0 must have shape"):
        lstm_forward(np.ones((2, 2)), P, np.zeros(3), np.zeros(2))
