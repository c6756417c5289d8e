"""Tests of wbcode.conv: against scipy.signal, properties, gradient checks, bad input."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from scipy import signal

from wbcode.conv import (
    MaxPool,
    conv2d,
    conv2d_backward,
    conv_output_size,
    convolve1d,
    convolve2d,
    correlate1d,
    correlate2d,
    max_pool2d,
    max_pool2d_backward,
)
from wbcode.gradcheck import gradcheck

SEEDS = range(5)


# ---------------------------------------------------------------------------
# against scipy.signal on random inputs
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("mode", ["valid", "same", "full"])
def test_correlate2d_matches_scipy(seed: int, mode: str) -> None:
    rng = np.random.default_rng(seed)
    M = rng.standard_normal((rng.integers(5, 12), rng.integers(5, 12)))
    K = rng.standard_normal((2 * rng.integers(0, 3) + 1, 2 * rng.integers(0, 3) + 1))
    np.testing.assert_allclose(
        correlate2d(M, K, padding=mode), signal.correlate2d(M, K, mode=mode), atol=1e-12
    )


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("mode", ["valid", "same", "full"])
def test_convolve2d_matches_scipy(seed: int, mode: str) -> None:
    rng = np.random.default_rng(seed)
    M = rng.standard_normal((7, 9))
    K = rng.standard_normal((3, 5))
    np.testing.assert_allclose(
        convolve2d(M, K, padding=mode), signal.convolve2d(M, K, mode=mode), atol=1e-12
    )


def test_valid_even_kernels_match_scipy() -> None:
    rng = np.random.default_rng(7)
    M = rng.standard_normal((6, 5))
    K = rng.standard_normal((2, 4))
    np.testing.assert_allclose(correlate2d(M, K), signal.correlate2d(M, K, mode="valid"))
    np.testing.assert_allclose(
        correlate2d(M, K, padding="full"), signal.correlate2d(M, K, mode="full")
    )


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("mode", ["valid", "same", "full"])
def test_1d_matches_scipy(seed: int, mode: str) -> None:
    rng = np.random.default_rng(seed)
    M = rng.standard_normal(rng.integers(6, 20))
    K = rng.standard_normal(2 * rng.integers(0, 3) + 1)
    np.testing.assert_allclose(
        correlate1d(M, K, padding=mode), signal.correlate(M, K, mode=mode), atol=1e-12
    )
    np.testing.assert_allclose(
        convolve1d(M, K, padding=mode), np.convolve(M, K, mode=mode), atol=1e-12
    )


@pytest.mark.parametrize("stride", [1, 2, 3, (2, 1), (1, 3)])
@pytest.mark.parametrize("mode", ["valid", "same"])
def test_stride_is_subsampling(stride: int | tuple[int, int], mode: str) -> None:
    # with stride s the output is the stride-1 output taken at every s-th position
    rng = np.random.default_rng(11)
    M = rng.standard_normal((10, 11))
    K = rng.standard_normal((3, 3))
    sh, sw = (stride, stride) if isinstance(stride, int) else stride
    want = signal.correlate2d(M, K, mode=mode)[::sh, ::sw]
    np.testing.assert_allclose(correlate2d(M, K, padding=mode, stride=stride), want)
    np.testing.assert_allclose(
        correlate1d(M[0], K[1], padding=mode, stride=sw),
        signal.correlate(M[0], K[1], mode=mode)[::sw],
    )


def test_integer_padding_is_zero_padding() -> None:
    rng = np.random.default_rng(3)
    M = rng.standard_normal((5, 6))
    K = rng.standard_normal((4, 2))
    Mp = np.pad(M, ((2, 2), (1, 1)))
    np.testing.assert_allclose(
        correlate2d(M, K, padding=(2, 1)), signal.correlate2d(Mp, K, mode="valid")
    )


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


@settings(max_examples=40, deadline=None)
@given(
    h=st.integers(1, 9),
    w=st.integers(1, 9),
    kh=st.integers(1, 4),
    kw=st.integers(1, 4),
    pad=st.integers(0, 2),
    sh=st.integers(1, 3),
    sw=st.integers(1, 3),
)
def test_output_shape(h: int, w: int, kh: int, kw: int, pad: int, sh: int, sw: int) -> None:
    if kh > h + 2 * pad or kw > w + 2 * pad:
        with pytest.raises(ValueError, match="larger than the input"):
            correlate2d(np.ones((h, w)), np.ones((kh, kw)), padding=pad, stride=(sh, sw))
        return
    out = correlate2d(np.ones((h, w)), np.ones((kh, kw)), padding=pad, stride=(sh, sw))
    assert out.shape == ((h + 2 * pad - kh) // sh + 1, (w + 2 * pad - kw) // sw + 1)
    assert out.shape == (
        conv_output_size(h, kh, padding=pad, stride=sh),
        conv_output_size(w, kw, padding=pad, stride=sw),
    )


@settings(max_examples=60, deadline=None)
@given(
    x=arrays(
        np.float64,
        st.tuples(st.integers(1, 3), st.integers(2, 7), st.integers(2, 7)),
        elements=finite,
    ),
    size=st.integers(1, 2),
    stride=st.integers(1, 3),
)
def test_pooling_never_exceeds_the_max(x: np.ndarray, size: int, stride: int) -> None:
    y, argmax = max_pool2d(x, size, stride)
    assert np.all(y <= x.max(axis=(-2, -1), keepdims=True))
    # every output is an input entry, the one its argmax points to, and the max of its window
    picked = np.take_along_axis(x.reshape(x.shape[0], -1), argmax.reshape(x.shape[0], -1), 1)
    np.testing.assert_array_equal(picked.reshape(y.shape), y)
    oh = (x.shape[1] - size) // stride + 1
    ow = (x.shape[2] - size) // stride + 1
    assert y.shape == (x.shape[0], oh, ow)
    for i in range(oh):
        for j in range(ow):
            win = x[:, i * stride : i * stride + size, j * stride : j * stride + size]
            np.testing.assert_array_equal(y[:, i, j], win.max(axis=(1, 2)))


def test_pooling_drops_incomplete_windows_and_breaks_ties_first() -> None:
    x = np.array([[1.0, 7.0, 7.0], [7.0, 2.0, 9.0], [3.0, 4.0, 5.0]])
    res = max_pool2d(x, 2)
    assert isinstance(res, MaxPool)
    assert res.y.shape == (1, 1)  # the third row and column never fill a 2x2 window
    assert res.y[0, 0] == max(1.0, 7.0, 7.0, 2.0)
    assert res.argmax[0, 0] == 1  # the first 7 in row-major order wins the tie
    assert max_pool2d(x, (1, 3)).y.tolist() == [[7.0], [9.0], [5.0]]


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


@pytest.mark.parametrize(("size", "stride"), [(2, 2), (2, 1), (3, 2), ((2, 3), (1, 2))])
def test_max_pool2d_backward_gradcheck(
    size: int | tuple[int, int], stride: int | tuple[int, int]
) -> None:
    rng = np.random.default_rng(8)
    x = rng.permutation(2 * 7 * 6).reshape(2, 7, 6) / 10.0  # distinct entries: no ties
    y, argmax = max_pool2d(x, size, stride)
    dy = rng.standard_normal(y.shape)
    dx = max_pool2d_backward(dy, argmax, x.shape)

    def loss(x_: np.ndarray) -> float:
        return float(np.sum(dy * max_pool2d(x_, size, stride).y))

    res = gradcheck(loss, x, dx, eps=1e-4)
    assert res.ok, res.max_abs_error


def test_max_pool2d_backward_by_hand() -> None:
    x = np.array([[1.0, 5.0, 2.0], [3.0, 4.0, 9.0], [0.0, 8.0, 7.0]])
    _, argmax = max_pool2d(x, 2, 1)  # windows' maxima: 5, 9 / 8, 9
    dx = max_pool2d_backward([[1.0, 2.0], [3.0, 4.0]], argmax, x.shape)
    want = np.zeros((3, 3))
    want[0, 1] = 1.0  # 5 won window (0, 0)
    want[1, 2] = 2.0 + 4.0  # 9 won windows (0, 1) and (1, 1)
    want[2, 1] = 3.0  # 8 won window (1, 0)
    np.testing.assert_array_equal(dx, want)


# ---------------------------------------------------------------------------
# bad input
# ---------------------------------------------------------------------------


def test_kernel_larger_than_input() -> None:
    with pytest.raises(ValueError, match="larger than the input"):
        correlate2d(np.ones((2, 2)), np.ones((3, 3)))
    with pytest.raises(ValueError, match="larger than the input"):
        correlate1d([1.0, 2.0], [1.0, 2.0, 3.0])
    with pytest.raises(ValueError, match="larger than the input"):
        max_pool2d(np.ones((1, 3)), 2)
    with pytest.raises(ValueError, match="larger than the input"):
        conv_output_size(2, 5, padding=1)


def test_channel_mismatch() -> None:
    with pytest.raises(ValueError, match=r"x has 2 channel\(s\) but K"):
        conv2d(np.ones((2, 4, 4)), np.ones((1, 3, 2, 2)))


@pytest.mark.parametrize(
    ("call", "name"),
    [
        (lambda: conv2d(np.ones((4, 4)), np.ones((1, 1, 2, 2))), "x must have 3"),
        (lambda: conv2d(np.ones((1, 4, 4)), np.ones((2, 2))), "K must have 4"),
        (lambda: correlate2d(np.ones(4), np.ones((2, 2))), "M must have 2"),
        (lambda: correlate1d(np.ones((4, 4)), np.ones(2)), "M must have 1"),
        (lambda: max_pool2d(np.ones(4)), "x must have"),
    ],
)
def test_wrong_ranks(call: object, name: str) -> None:
    with pytest.raises(ValueError, match=name):
        call()  # type: ignore[operator]


def test_unknown_padding_and_bad_stride() -> None:
    M, K = np.ones((4, 4)), np.ones((3, 3))
    with pytest.raises(ValueError, match=r"padding must be one of \['valid', 'same', 'full'\]"):
        correlate2d(M, K, padding="circular")
    with pytest.raises(ValueError, match="padding must be one of"):
        correlate1d(M[0], K[0], padding="SAME")
    with pytest.raises(TypeError, match="padding must be"):
        correlate2d(M, K, padding=1.5)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="padding must be an integer >= 0"):
        correlate2d(M, K, padding=-1)
    with pytest.raises(ValueError, match="stride must be an integer >= 1"):
        correlate2d(M, K, stride=0)
    with pytest.raises(TypeError, match="stride must be an integer"):
        correlate2d(M, K, stride=True)
    with pytest.raises(ValueError, match="pair of integers"):
        correlate2d(M, K, stride=(1, 2, 3))  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="size must be an integer >= 1"):
        max_pool2d(M, 0)


def test_same_rejects_even_kernels() -> None:
    with pytest.raises(ValueError, match="'same' needs odd kernel"):
        correlate2d(np.ones((4, 4)), np.ones((2, 3)), padding="same")
    with pytest.raises(ValueError, match="'same' needs an odd kernel length"):
        correlate1d(np.ones(5), np.ones(2), padding="same")


def test_non_numeric_and_nan_input() -> None:
    with pytest.raises(TypeError, match="M must hold real numbers"):
        correlate2d([["a", "b"]], [[1.0]])
    with pytest.raises(ValueError, match="K must be finite"):
        correlate2d(np.ones((3, 3)), [[np.nan]])


def test_backward_shape_checks() -> None:
    x, K = np.ones((1, 4, 4)), np.ones((2, 1, 3, 3))
    with pytest.raises(ValueError, match=r"dZ must have shape \(2, 2, 2\)"):
        conv2d_backward(np.ones((2, 3, 3)), x, K)
    y, argmax = max_pool2d(np.ones((4, 4)))
    with pytest.raises(ValueError, match="dy and argmax must have the pooled shape"):
        max_pool2d_backward(np.ones((3, 3)), argmax, (4, 4))
    with pytest.raises(ValueError, match="argmax must index a 2x2 map"):
        max_pool2d_backward(y, argmax, (2, 2))
    with pytest.raises(TypeError, match="argmax must hold integers"):
        max_pool2d_backward(y, argmax.astype(float), (4, 4))
