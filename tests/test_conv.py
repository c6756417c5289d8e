"""Tests of wbcode.conv: the multi-channel layer against scipy, gradient checks, bad input."""

from __future__ import annotations

import numpy as np
import pytest
from _lazy import lazy_import
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from wbcode.conv import conv2d, conv2d_backward, conv_output_size
from wbcode.gradcheck import gradcheck

signal = lazy_import("scipy.signal")  # the reference implementation

SEEDS = range(5)


@pytest.mark.parametrize("seed", SEEDS)
def test_conv2d_multichannel_matches_scipy(seed: int) -> None:
    rng = np.random.default_rng(seed)
    c_in, c_out = rng.integers(1, 4), rng.integers(1, 4)
    x = rng.standard_normal((c_in, 8, 9))
    K = rng.standard_normal((c_out, c_in, 3, 3))
    want = np.array(
        [
            sum(signal.correlate2d(x[c], K[o, c], mode="same") for c in range(c_in))
            for o in range(c_out)
        ]
    )
    np.testing.assert_allclose(conv2d(x, K, padding="same"), want, atol=1e-12)
    np.testing.assert_allclose(
        conv2d(x, K, padding="same", stride=2), want[:, ::2, ::2], atol=1e-12
    )


def test_conv2d_one_entry_by_hand() -> None:
    # Z[o, i, j] = sum_{c,p,q} K[o,c,p,q] x[c, i+p, j+q], written out for one entry
    x = np.arange(2 * 3 * 3, dtype=float).reshape(2, 3, 3)
    K = np.array([[[[1.0, 2.0], [3.0, 4.0]], [[-1.0, 0.0], [0.0, 2.0]]]])
    z01 = (1 * 1 + 2 * 2 + 3 * 4 + 4 * 5) + (-1 * 10 + 0 * 11 + 0 * 13 + 2 * 14)
    assert conv2d(x, K)[0, 0, 1] == z01


# ---------------------------------------------------------------------------
# properties
# ---------------------------------------------------------------------------

finite = st.floats(-10, 10, allow_nan=False, allow_infinity=False, width=64)


@settings(max_examples=40, deadline=None)
@given(
    x=arrays(np.float64, (2, 6, 5), elements=finite),
    K1=arrays(np.float64, (3, 2, 3, 2), elements=finite),
    K2=arrays(np.float64, (3, 2, 3, 2), elements=finite),
    a=finite,
    b=finite,
    stride=st.integers(1, 3),
)
def test_conv_is_linear_in_the_kernel(
    x: np.ndarray, K1: np.ndarray, K2: np.ndarray, a: float, b: float, stride: int
) -> None:
    lhs = conv2d(x, a * K1 + b * K2, stride=stride)
    rhs = a * conv2d(x, K1, stride=stride) + b * conv2d(x, K2, stride=stride)
    np.testing.assert_allclose(lhs, rhs, rtol=1e-9, atol=1e-8)


# ---------------------------------------------------------------------------
# gradient checks
# ---------------------------------------------------------------------------

CONFIGS = [
    ("valid", 1, (2, 5, 6), (3, 2, 2, 3)),
    ("same", 1, (1, 5, 5), (2, 1, 3, 3)),
    ("same", 2, (2, 6, 5), (1, 2, 3, 3)),
    ("full", (2, 1), (3, 4, 4), (2, 3, 2, 2)),
    (1, 3, (1, 7, 7), (2, 1, 3, 2)),
]


@pytest.mark.parametrize(("padding", "stride", "xshape", "kshape"), CONFIGS)
def test_conv2d_backward_gradcheck(
    padding: str | int,
    stride: int | tuple[int, int],
    xshape: tuple[int, ...],
    kshape: tuple[int, ...],
) -> None:
    rng = np.random.default_rng(42)
    x = rng.standard_normal(xshape)
    K = rng.standard_normal(kshape)
    Z = conv2d(x, K, padding=padding, stride=stride)
    dZ = rng.standard_normal(Z.shape)  # the loss is sum(dZ * Z)
    dx, dK = conv2d_backward(dZ, x, K, padding=padding, stride=stride)
    assert dx.shape == x.shape and dK.shape == K.shape

    def loss_x(x_: np.ndarray) -> float:
        return float(np.sum(dZ * conv2d(x_, K, padding=padding, stride=stride)))

    def loss_K(K_: np.ndarray) -> float:
        return float(np.sum(dZ * conv2d(x, K_, padding=padding, stride=stride)))

    assert gradcheck(loss_x, x, dx).ok
    assert gradcheck(loss_K, K, dK).ok


def test_conv2d_backward_stride1_valid_is_full_convolution() -> None:
    # dx of a valid stride-1 layer = full true convolution of dZ with the kernel
    rng = np.random.default_rng(5)
    x = rng.standard_normal((1, 6, 5))
    K = rng.standard_normal((1, 1, 3, 2))
    dZ = rng.standard_normal((1, 4, 4))
    dx, dK = conv2d_backward(dZ, x, K)
    np.testing.assert_allclose(dx[0], signal.convolve2d(dZ[0], K[0, 0], mode="full"))
    np.testing.assert_allclose(dK[0, 0], signal.correlate2d(x[0], dZ[0], mode="valid"))


# ---------------------------------------------------------------------------
# bad input
# ---------------------------------------------------------------------------


def test_channel_mismatch() -> None:
    with pytest.raises(ValueError, match=r"x has 2 channel\(s\) but K"):
        conv2d(np.ones((2, 4, 4)), np.ones((1, 3, 2, 2)))


def test_kernel_larger_than_input_names_both() -> None:
    want = r"K \(spatial shape \(3, 3\)\) is larger than the input x"
    with pytest.raises(ValueError, match=want):
        conv2d(np.ones((1, 2, 2)), np.ones((1, 1, 3, 3)))
    with pytest.raises(ValueError, match="k = 5 is larger than the input length n = 2"):
        conv_output_size(2, 5, padding=1)


@pytest.mark.parametrize(
    ("call", "name"),
    [
        (lambda: conv2d(np.ones((4, 4)), np.ones((1, 1, 2, 2))), "x must have 3"),
        (lambda: conv2d(np.ones((1, 4, 4)), np.ones((2, 2))), "K must have 4"),
    ],
)
def test_wrong_ranks(call: object, name: str) -> None:
    with pytest.raises(ValueError, match=name):
        call()  # type: ignore[operator]


def test_counts_are_integers() -> None:
    with pytest.raises(TypeError, match="n must be an integer"):
        conv_output_size(3.0, 2)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="stride must be an integer"):
        conv_output_size(3, 2, stride=True)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="k must be an integer >= 1"):
        conv_output_size(3, 0)


def test_backward_shape_checks() -> None:
    x, K = np.ones((1, 4, 4)), np.ones((2, 1, 3, 3))
    with pytest.raises(ValueError, match=r"dZ must have shape \(2, 2, 2\)"):
        conv2d_backward(np.ones((2, 3, 3)), x, K)
    with pytest.raises(ValueError, match="dZ must be finite"):
        conv2d_backward(np.full((2, 2, 2), np.nan), x, K)
