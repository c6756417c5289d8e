"""Tests of wbcode.cnn: gradient checks of the whole network, the loss, bad input."""

from __future__ import annotations

import math
import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wbcode.cnn import CNNForward, cnn_backward, cnn_forward, cnn_loss
from wbcode.gradcheck import gradcheck
from wbcode.workbook import Q13, Q14

K1_Q13 = Q13.K1.transpose(1, 0, 2, 3)  # workbook order (in, out, kh, kw) -> (out, in, kh, kw)
K2_Q13 = Q13.K2.transpose(1, 0, 2, 3)


def _random_net(seed: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, float]:
    rng = np.random.default_rng(seed)
    V0 = rng.standard_normal((2, 5, 5))
    K1 = rng.standard_normal((3, 2, 3, 3))  # -> (3, 3, 3)
    K2 = rng.standard_normal((1, 3, 3, 3))  # -> (1, 1, 1)
    return V0, K1, K2, float(rng.standard_normal())


def _check_all(
    V0: np.ndarray, K1: np.ndarray, K2: np.ndarray, theta: float, y: float, relu2: bool = True
) -> None:
    g = cnn_backward(V0, K1, K2, theta, y, second_relu=relu2)
    V0 = np.asarray(V0, dtype=float).reshape(g.dV0.shape)

    def loss(v: np.ndarray, k1: np.ndarray, k2: np.ndarray, t: float) -> float:
        return cnn_loss(v, k1, k2, t, y, second_relu=relu2)

    assert gradcheck(lambda v: loss(v, K1, K2, theta), V0, g.dV0).ok
    assert gradcheck(lambda k: loss(V0, k, K2, theta), K1, g.dK1).ok
    assert gradcheck(lambda k: loss(V0, K1, k, theta), K2, g.dK2).ok
    assert gradcheck(
        lambda t: loss(V0, K1, K2, float(t[0])), np.array([theta]), np.array([g.dtheta])
    ).ok


@pytest.mark.parametrize("y", [0.0, 1.0])
def test_gradcheck_workbook_network(y: float) -> None:
    _check_all(Q13.V0, K1_Q13, K2_Q13, float(Q13.theta), y)


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("y", [0.0, 1.0])
def test_gradcheck_random_networks(seed: int, y: float) -> None:
    V0, K1, K2, theta = _random_net(seed)
    fwd = cnn_forward(V0, K1, K2, theta)
    # the seeds keep away from ReLU kinks, where a finite difference is not the derivative
    assert np.min(np.abs(fwd.Z1)) >= 1e-3 and np.min(np.abs(fwd.Z2)) >= 1e-3, "pick another seed"
    _check_all(V0, K1, K2, theta, y)


@pytest.mark.parametrize("y", [0.0, 1.0])
def test_gradcheck_without_the_second_relu(y: float) -> None:
    # a flipped second-layer kernel makes Z2 < 0: the ReLU would block every kernel gradient
    K2 = -K2_Q13
    assert cnn_forward(Q13.V0, K1_Q13, K2, float(Q13.theta)).Z2[0, 0, 0] < 0
    _check_all(Q13.V0, K1_Q13, K2, float(Q13.theta), y, relu2=False)
    for seed in range(3):
        V0, K1, K2r, theta = _random_net(seed)
        _check_all(V0, K1, K2r, theta, y, relu2=False)


def test_second_relu_only_matters_for_a_negative_Z2() -> None:
    V0, K1, K2, theta = _random_net(4)
    for sign in (1.0, -1.0):
        with_relu = cnn_forward(V0, K1, sign * K2, theta)
        without = cnn_forward(V0, K1, sign * K2, theta, second_relu=False)
        z2 = float(without.Z2[0, 0, 0])
        np.testing.assert_array_equal(without.V2, without.Z2)
        assert without.o == z2 + theta
        assert with_relu.o == max(z2, 0.0) + theta
        g = cnn_backward(V0, K1, sign * K2, theta, 0.0, second_relu=False)
        g_relu = cnn_backward(V0, K1, sign * K2, theta, 0.0)
        np.testing.assert_array_equal(g.dZ2, g.dV2)  # nothing blocks the gradient
        if z2 > 0:  # the readings agree
            np.testing.assert_array_equal(g.dK1, g_relu.dK1)
        else:  # the ReLU blocks every kernel gradient; without it they flow
            assert not g_relu.dK1.any() and not g_relu.dK2.any()
            assert g.dK2.any()


def test_forward_chain_is_consistent() -> None:
    V0, K1, K2, theta = _random_net(1)
    fwd = cnn_forward(V0, K1, K2, theta)
    assert isinstance(fwd, CNNForward)
    np.testing.assert_array_equal(fwd.V1, np.maximum(fwd.Z1, 0))
    np.testing.assert_array_equal(fwd.V2, np.maximum(fwd.Z2, 0))
    assert fwd.o == fwd.V2[0, 0, 0] + theta
    assert math.isclose(fwd.p, 1 / (1 + math.exp(-fwd.o)))


def test_backward_local_gradients() -> None:
    V0, K1, K2, theta = _random_net(2)
    fwd = cnn_forward(V0, K1, K2, theta)
    g = cnn_backward(V0, K1, K2, theta, 1.0)
    assert g.do == fwd.p - 1.0 == g.dtheta
    np.testing.assert_array_equal(g.dZ1, g.dV1 * (fwd.Z1 > 0))
    np.testing.assert_array_equal(g.dZ2, g.dV2 * (fwd.Z2 > 0))


def test_loss_is_finite_for_extreme_theta() -> None:
    V0, K1, K2 = np.zeros((2, 2)), np.ones((1, 1, 1, 1)), np.ones((1, 1, 2, 2))
    assert cnn_loss(V0, K1, K2, 1e4, 1.0) == 0.0
    assert cnn_loss(V0, K1, K2, -1e4, 1.0) == 1e4
    assert cnn_loss(V0, K1, K2, 1e4, 0.0) == 1e4
    g = cnn_backward(V0, K1, K2, -1e4, 1.0)
    assert g.dtheta == -1.0


def test_dV0_has_the_shape_of_V0() -> None:
    V0 = np.arange(9.0).reshape(3, 3) / 9 - 0.4
    K1, K2 = np.ones((2, 1, 2, 2)), np.full((1, 2, 2, 2), 0.5)
    g2 = cnn_backward(V0, K1, K2, 0.1, 1.0)
    g3 = cnn_backward(V0[None], K1, K2, 0.1, 1.0)
    assert g2.dV0.shape == (3, 3) and g3.dV0.shape == (1, 3, 3)
    np.testing.assert_array_equal(g2.dV0, g3.dV0[0])
    assert gradcheck(lambda v: cnn_loss(v, K1, K2, 0.1, 1.0), V0, g2.dV0).ok


def test_forward_keeps_a_copy_of_V0() -> None:
    V0 = np.ones((3, 3))
    fwd = cnn_forward(V0, np.ones((1, 1, 2, 2)), np.ones((1, 1, 2, 2)), 0.0)
    V0[0, 0] = 5.0
    assert fwd.V0[0, 0, 0] == 1.0 and not np.shares_memory(fwd.V0, V0)


@settings(max_examples=60, deadline=None)
@given(exponent=st.integers(-660, 660), seed=st.integers(0, 2**16), y=st.sampled_from([0.0, 1.0]))
def test_extreme_images_scale_the_network_and_keep_the_loss_finite(
    exponent: int, seed: int, y: float
) -> None:
    # Without biases, ReLU layers are positively homogeneous: an image scaled by s > 0
    # scales Z1, V1, Z2, V2 by s. The logit o = s V2 + theta is then huge or tiny; the
    # loss and every gradient stay finite, with no warning, and match the closed forms.
    # s is a power of two (about 1e-199 to 1e199): scaling by it rounds nothing,
    # so even an entry whose terms cancel scales exactly (with 10^k it would not).
    V0, K1, K2, theta = _random_net(seed)
    s = 2.0**exponent
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        ref = cnn_forward(V0, K1, K2, theta)
        fwd = cnn_forward(s * V0, K1, K2, theta)
        loss = cnn_loss(s * V0, K1, K2, theta, y)
        g = cnn_backward(s * V0, K1, K2, theta, y)
    for name in ("Z1", "V1", "Z2", "V2"):
        # A map's entries are sums of products of both signs: an entry that cancels to
        # near 0 carries the rounding of its largest terms, so the tolerance is set
        # relative to the map's scale as well as to each entry.
        want = s * getattr(ref, name)
        scale = float(np.max(np.abs(want)))
        np.testing.assert_allclose(getattr(fwd, name), want, rtol=1e-12, atol=1e-12 * scale)
    o = fwd.o
    assert loss == pytest.approx(max(o, 0) - y * o + math.log1p(math.exp(-abs(o))), rel=1e-12)
    assert g.dtheta == g.do == pytest.approx(fwd.p - y, abs=1e-15)
    assert all(np.all(np.isfinite(np.asarray(d))) for d in g)


def test_bad_input_names_the_public_arguments() -> None:
    V0 = np.ones((3, 3))
    with pytest.raises(ValueError, match=r"V0 has 1 channel\(s\) but K1 of shape"):
        cnn_forward(V0, np.ones((2, 2, 2, 2)), np.ones((1, 2, 2, 2)), 0.0)
    with pytest.raises(
        ValueError, match=r"K1 \(spatial shape \(4, 4\)\) is larger than the input V0"
    ):
        cnn_loss(V0, np.ones((2, 1, 4, 4)), np.ones((1, 2, 1, 1)), 0.0, 1.0)
    with pytest.raises(ValueError, match=r"K2 must have the spatial shape \(2, 2\)"):
        cnn_backward(V0, np.ones((2, 1, 2, 2)), np.ones((1, 2, 1, 1)), 0.0, 1.0)
    with pytest.raises(ValueError, match="V0 must be finite"):
        cnn_backward(
            np.full((3, 3), np.inf), np.ones((2, 1, 2, 2)), np.ones((1, 2, 2, 2)), 0.0, 1.0
        )


def test_bad_input() -> None:
    V0 = np.ones((3, 3))
    with pytest.raises(ValueError, match="K2 must have one output channel"):
        cnn_forward(V0, np.ones((2, 1, 2, 2)), np.ones((2, 2, 2, 2)), 0.0)
    with pytest.raises(ValueError, match=r"K2 of shape .* expects 3 input channel"):
        cnn_forward(V0, np.ones((2, 1, 2, 2)), np.ones((1, 3, 2, 2)), 0.0)
    with pytest.raises(ValueError, match="second layer must give one 1x1 map"):
        cnn_forward(np.ones((4, 4)), np.ones((2, 1, 2, 2)), np.ones((1, 2, 2, 2)), 0.0)
    with pytest.raises(ValueError, match="larger than the input"):
        cnn_forward(V0, np.ones((2, 1, 4, 4)), np.ones((1, 2, 1, 1)), 0.0)
    with pytest.raises(ValueError, match="V0 must have 2 or 3"):
        cnn_forward(np.ones(9), np.ones((2, 1, 2, 2)), np.ones((1, 2, 2, 2)), 0.0)
    with pytest.raises(ValueError, match="theta must have 0"):
        cnn_forward(V0, np.ones((2, 1, 2, 2)), np.ones((1, 2, 2, 2)), [0.0, 1.0])  # type: ignore[arg-type]
    with pytest.raises(ValueError, match=r"y must lie in \[0, 1\]"):
        cnn_backward(V0, np.ones((2, 1, 2, 2)), np.ones((1, 2, 2, 2)), 0.0, 2.0)
    with pytest.raises(TypeError, match="second_relu must be True or False"):
        cnn_forward(V0, np.ones((2, 1, 2, 2)), np.ones((1, 2, 2, 2)), 0.0, second_relu=0)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="second_relu must be True or False"):
        cnn_backward(V0, np.ones((2, 1, 2, 2)), np.ones((1, 2, 2, 2)), 0.0, 1.0, second_relu="no")  # type: ignore[arg-type]


def test_workbook_record_is_in_workbook_order() -> None:
    # K(1)_{1,2} (in 1, out 2) is the second output channel after the transpose
    assert Q13.K1.shape == (1, 2, 2, 2) and Q13.K2.shape == (2, 1, 2, 2)
    np.testing.assert_array_equal(K1_Q13[1, 0], Q13.K1[0, 1])
    np.testing.assert_array_equal(K2_Q13[0, 1], Q13.K2[1, 0])
    assert Q14.y == 0
