"""Tests of wbcode.correlation: against scipy.signal and numpy, output sizes, bad input."""

from __future__ import annotations

import numpy as np
import pytest
from _lazy import lazy_import
from hypothesis import given, settings
from hypothesis import strategies as st

from wbcode.conv import conv_output_size
from wbcode.correlation import convolve1d, convolve2d, correlate1d, correlate2d

signal = lazy_import("scipy.signal")  # the reference implementation

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


# ---------------------------------------------------------------------------
# properties
# ---------------------------------------------------------------------------


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


# ---------------------------------------------------------------------------
# bad input
# ---------------------------------------------------------------------------


def test_kernel_larger_than_input_names_both() -> None:
    want = r"K \(spatial shape \(3, 3\)\) is larger than the input M"
    with pytest.raises(ValueError, match=want):
        correlate2d(np.ones((2, 2)), np.ones((3, 3)))
    with pytest.raises(ValueError, match=r"K .* is larger than the input M"):
        correlate1d([1.0, 2.0], [1.0, 2.0, 3.0])


@pytest.mark.parametrize(
    ("call", "name"),
    [
        (lambda: correlate2d(np.ones(4), np.ones((2, 2))), "M must have 2"),
        (lambda: correlate2d(np.ones((4, 4)), np.ones(2)), "K must have 2"),
        (lambda: correlate1d(np.ones((4, 4)), np.ones(2)), "M must have 1"),
        (lambda: convolve1d(np.ones(4), np.ones((2, 2))), "K must have 1"),
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
    with pytest.raises(TypeError, match="padding must be an integer"):
        correlate1d(M[0], K[0], padding=(1, 1))  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="stride must be an integer >= 1"):
        correlate2d(M, K, stride=0)
    with pytest.raises(TypeError, match="stride must be an integer"):
        correlate2d(M, K, stride=True)
    with pytest.raises(TypeError, match="stride must be an integer"):
        correlate1d(M[0], K[0], stride=2.0)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="pair of integers"):
        correlate2d(M, K, stride=(1, 2, 3))  # type: ignore[arg-type]


def test_same_rejects_even_kernels() -> None:
    with pytest.raises(ValueError, match="'same' needs odd kernel sizes, got K"):
        correlate2d(np.ones((4, 4)), np.ones((2, 3)), padding="same")
    with pytest.raises(ValueError, match="'same' needs an odd kernel length, got K"):
        correlate1d(np.ones(5), np.ones(2), padding="same")


def test_non_numeric_and_nan_input() -> None:
    with pytest.raises(TypeError, match="M must hold real numbers"):
        correlate2d([["a", "b"]], [[1.0]])
    with pytest.raises(ValueError, match="K must be finite"):
        correlate2d(np.ones((3, 3)), [[np.nan]])
    with pytest.raises(ValueError, match="M must be finite"):
        convolve1d([1.0, np.inf, 2.0], [1.0])
