"""Tests of wbcode.pooling: max pooling, its backward pass by hand and by finite differences."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from wbcode.gradcheck import gradcheck
from wbcode.pooling import MaxPool, max_pool2d, max_pool2d_backward

finite = st.floats(-10, 10, allow_nan=False, allow_infinity=False, width=64)
# feature maps (channels, height, width)
maps = arrays(
    np.float64, st.tuples(st.integers(1, 3), st.integers(2, 7), st.integers(2, 7)), elements=finite
)


@settings(max_examples=60, deadline=None)
@given(
    x=maps,
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


@settings(max_examples=60, deadline=None)
@given(
    x=maps,
    size=st.integers(1, 3),
    stride=st.integers(1, 4),
)
def test_partial_windows_are_clipped_at_the_edges(x: np.ndarray, size: int, stride: int) -> None:
    size = min(size, x.shape[1], x.shape[2])
    y, argmax = max_pool2d(x, size, stride, partial=True)
    # one output per window start inside the map, ceil(n / s) of them
    starts_i, starts_j = range(0, x.shape[1], stride), range(0, x.shape[2], stride)
    assert y.shape == (x.shape[0], len(starts_i), len(starts_j))
    for i, r in enumerate(starts_i):
        for j, c in enumerate(starts_j):
            win = x[:, r : r + size, c : c + size]  # slicing clips at the edge
            np.testing.assert_array_equal(y[:, i, j], win.max(axis=(1, 2)))
    picked = np.take_along_axis(x.reshape(x.shape[0], -1), argmax.reshape(x.shape[0], -1), 1)
    np.testing.assert_array_equal(picked.reshape(y.shape), y)
    # the complete windows give what max pooling without partial windows gives
    full = max_pool2d(x, size, stride).y
    np.testing.assert_array_equal(y[:, : full.shape[1], : full.shape[2]], full)


def test_partial_windows_by_hand() -> None:
    x = np.array([[1.0, 5.0, 2.0], [3.0, 4.0, 9.0], [0.0, 8.0, 7.0]])
    res = max_pool2d(x, 2, partial=True)  # windows start at rows and columns 0 and 2
    assert res.y.tolist() == [[max(1, 5, 3, 4), max(2, 9)], [max(0, 8), 7]]
    assert res.argmax.tolist() == [[1, 5], [7, 8]]  # flat indices r * 3 + c
    # stride 1: the last row and column start windows of one entry in that direction
    assert max_pool2d(x, 2, 1, partial=True).y.tolist() == [[5, 9, 9], [8, 9, 9], [8, 8, 7]]
    # nothing is cut off when the windows tile the map exactly
    M = np.arange(16.0).reshape(4, 4)
    np.testing.assert_array_equal(max_pool2d(M, 2, partial=True).y, max_pool2d(M, 2).y)


def test_partial_windows_backward_gradcheck() -> None:
    rng = np.random.default_rng(3)
    x = rng.permutation(2 * 5 * 7).reshape(2, 5, 7) / 10.0  # distinct entries: no ties
    y, argmax = max_pool2d(x, 2, partial=True)
    dy = rng.standard_normal(y.shape)
    dx = max_pool2d_backward(dy, argmax, x.shape)

    def loss(x_: np.ndarray) -> float:
        return float(np.sum(dy * max_pool2d(x_, 2, partial=True).y))

    assert gradcheck(loss, x, dx, eps=1e-4).ok
    assert np.count_nonzero(dx) == y.size  # every window, cut or not, has one winner


def test_pooling_drops_incomplete_windows_and_breaks_ties_first() -> None:
    x = np.array([[1.0, 7.0, 7.0], [7.0, 2.0, 9.0], [3.0, 4.0, 5.0]])
    res = max_pool2d(x, 2)
    assert isinstance(res, MaxPool)
    assert res.y.shape == (1, 1)  # the third row and column never fill a 2x2 window
    assert res.y[0, 0] == max(1.0, 7.0, 7.0, 2.0)
    assert res.argmax[0, 0] == 1  # the first 7 in row-major order wins the tie
    assert max_pool2d(x, (1, 3)).y.tolist() == [[7.0], [9.0], [5.0]]


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


def test_window_larger_than_input() -> None:
    with pytest.raises(ValueError, match=r"pooling window of size .* larger than the input x"):
        max_pool2d(np.ones((1, 3)), 2)


def test_bad_arguments() -> None:
    M = np.ones((4, 4))
    with pytest.raises(ValueError, match="x must have"):
        max_pool2d(np.ones(4))
    with pytest.raises(ValueError, match="size must be an integer >= 1"):
        max_pool2d(M, 0)
    with pytest.raises(TypeError, match="size must be an integer"):
        max_pool2d(M, 1.5)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="stride must be an integer >= 1"):
        max_pool2d(M, 2, (1, 0))
    with pytest.raises(TypeError, match="partial must be True or False, got"):
        max_pool2d(M, 2, partial=1)  # type: ignore[arg-type]


def test_backward_shape_checks() -> None:
    y, argmax = max_pool2d(np.ones((4, 4)))
    with pytest.raises(ValueError, match=r"argmax must have the shape of dy, \(3, 3\)"):
        max_pool2d_backward(np.ones((3, 3)), argmax, (4, 4))
    with pytest.raises(ValueError, match=r"dy must have the pooled shape .* shape = \(2, 4, 4\)"):
        max_pool2d_backward(np.ones((1, 2, 2)), argmax[None], (2, 4, 4))
    with pytest.raises(ValueError, match="argmax must index a 2x2 map"):
        max_pool2d_backward(y, argmax, (2, 2))
    with pytest.raises(TypeError, match="argmax must hold integers"):
        max_pool2d_backward(y, argmax.astype(float), (4, 4))
    with pytest.raises(ValueError, match="argmax must be a rectangular array"):
        max_pool2d_backward(y, [[0, 1], [2]], (4, 4))
    with pytest.raises(TypeError, match="shape must be the input's shape"):
        max_pool2d_backward(y, argmax, 16)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="shape must be an integer"):
        max_pool2d_backward(y, argmax, (4.0, 4))  # type: ignore[arg-type]
