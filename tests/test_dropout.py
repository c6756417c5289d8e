"""Tests of wbcode.dropout and wbcode.dropout_network: masks, scaling, backward, networks."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from wbcode.dropout import dropout, dropout_backward, dropout_mask, dropout_sample
from wbcode.dropout_network import dropout_forward, sample_masks, scale_weights, thin_weights
from wbcode.gradcheck import gradcheck
from wbcode.layers import activate, dense
from wbcode.mlp import backward, forward

# Q3's 2-2-1 network, bias first, ReLU hidden layer and identity output.
W = [[[1.0, 2.0, 1.0], [1.0, 1.0, 2.0]], [1.0, -1.0, 2.0]]
ACTS = ["relu", "identity"]

finite = st.floats(-1e3, 1e3, allow_nan=False, allow_infinity=False)
keep = st.floats(0.05, 1.0)


# -- one layer ---------------------------------------------------------------------------


def test_dropout_by_hand():
    # h = (2, -1, 3), mask (1, 0, 1): the middle unit is zeroed
    assert dropout([2.0, -1.0, 3.0], [1, 0, 1]).tolist() == [2.0, 0.0, 3.0]
    # inverted with p = 0.5: the kept units are doubled
    assert dropout([2.0, -1.0, 3.0], [1, 0, 1], p=0.5).tolist() == [4.0, 0.0, 6.0]
    # p = 1 keeps everything as it is
    assert dropout([2.0, -1.0, 3.0], [1, 1, 1], p=1.0).tolist() == [2.0, -1.0, 3.0]


def test_dropout_gives_no_negative_zero():
    out = dropout([-2.0], [0])
    assert not np.signbit(out[0])


def test_dropout_broadcasts_one_mask_over_a_batch():
    h = np.array([[1.0, 2.0], [3.0, 4.0]])
    assert dropout(h, [0, 1]).tolist() == [[0.0, 2.0], [0.0, 4.0]]


def test_backward_by_hand():
    # upstream gradient (0.5, -1, 2), mask (1, 0, 1), p = 0.25: (0.5 / 0.25, 0, 2 / 0.25)
    assert dropout_backward([0.5, -1.0, 2.0], [1, 0, 1], p=0.25).tolist() == [2.0, 0.0, 8.0]
    assert dropout_backward([0.5, -1.0, 2.0], [1, 0, 1]).tolist() == [0.5, 0.0, 2.0]


@pytest.mark.parametrize("p", [None, 0.5, 0.8])
def test_backward_gradcheck(p):
    rng = np.random.default_rng(3)
    h = rng.normal(size=(3, 4))
    mask = dropout_mask((3, 4), 0.5, rng)
    g = rng.normal(size=(3, 4))

    def f(z):
        return float(np.sum(g * dropout(z, mask, p=p)))

    res = gradcheck(f, h, dropout_backward(g, mask, p=p))
    assert res.ok, res


def test_mask_values_and_frequency():
    rng = np.random.default_rng(2018)
    n, p = 20_000, 0.3
    mask = dropout_mask(n, p, rng)
    assert set(np.unique(mask)) <= {0.0, 1.0}
    # number kept ~ Binomial(n, p): within 5 standard deviations of n p
    sd = np.sqrt(n * p * (1 - p))
    assert abs(mask.sum() - n * p) < 5 * sd
    assert dropout_mask((2, 3), 1.0, rng).tolist() == [[1.0] * 3] * 2


def test_same_seed_same_mask():
    a = dropout_sample(np.ones(10), 0.5, np.random.default_rng(7))
    b = dropout_sample(np.ones(10), 0.5, np.random.default_rng(7))
    assert np.array_equal(a[0], b[0]) and np.array_equal(a[1], b[1])


@given(h=arrays(np.float64, st.integers(1, 6), elements=finite), p=keep)
def test_sample_is_mask_times_input(h, p):
    out, mask = dropout_sample(h, p, np.random.default_rng(0))
    assert np.allclose(out, h * mask / p)
    out, mask = dropout_sample(h, p, np.random.default_rng(0), inverted=False)
    assert np.array_equal(out, h * mask)


N_DRAWS = 4000


@settings(derandomize=True, max_examples=30, deadline=None)
@given(h=arrays(np.float64, st.integers(1, 5), elements=st.floats(-10, 10)), p=keep)
def test_inverted_dropout_is_unbiased(h, p):
    """E[mu h / p] = h. Each draw has variance h^2 (1 - p) / p, so the mean of
    N draws has standard error |h| sqrt((1 - p) / (p N)); allow 5 of them."""
    rng = np.random.default_rng(12345)
    masks = dropout_mask((N_DRAWS, h.size), p, rng)
    draws = dropout(np.broadcast_to(h, masks.shape), masks, p=p)
    se = np.abs(h) * np.sqrt((1 - p) / (p * N_DRAWS))
    assert np.all(np.abs(draws.mean(axis=0) - h) <= 5 * se + 1e-12)


@settings(derandomize=True, max_examples=20, deadline=None)
@given(h=arrays(np.float64, st.integers(1, 5), elements=st.floats(-10, 10)), p=keep)
def test_plain_dropout_mean_is_p_times_input(h, p):
    """Without rescaling E[mu h] = p h: why plain dropout scales weights by p at test time."""
    rng = np.random.default_rng(54321)
    masks = dropout_mask((N_DRAWS, h.size), p, rng)
    draws = dropout(np.broadcast_to(h, masks.shape), masks)
    se = np.abs(h) * np.sqrt(p * (1 - p) / N_DRAWS)
    assert np.all(np.abs(draws.mean(axis=0) - p * h) <= 5 * se + 1e-12)


# -- networks ----------------------------------------------------------------------------


def test_thin_weights_zero_the_dropped_columns_not_the_bias():
    W1, v = thin_weights(W, [[0, 1], [1, 0]])
    # x1 dropped: column 1 of W1 is zero; h2 dropped: entry 2 of v is zero
    assert W1.tolist() == [[1.0, 0.0, 1.0], [1.0, 0.0, 2.0]]
    assert v.tolist() == [1.0, -1.0, 0.0]
    W1, v = thin_weights(W, [[1, 1], [1, 0]], p=0.5)
    assert W1.tolist() == [[1.0, 4.0, 2.0], [1.0, 2.0, 4.0]]
    assert v.tolist() == [1.0, -2.0, 0.0]


def test_dropout_forward_by_hand():
    # x = (-1, 1); a1 = (1 - 2 + 1, 1 - 1 + 2) = (0, 2), h1 = (0, 2);
    # h2 dropped: yhat = 1 + (-1)(0) + 2(0) = 1
    fw = dropout_forward(W, [-1.0, 1.0], ACTS, [None, [1, 0]])
    assert fw.a[0].tolist() == [0.0, 2.0]
    assert fw.h[0].tolist() == [0.0, 2.0]
    assert fw.inputs[1].tolist() == [0.0, 0.0]
    assert float(fw.yhat) == 1.0
    # x2 dropped instead: a1 = (1 - 2, 1 - 1) = (-1, 0), h1 = (0, 0), yhat = 1
    fw = dropout_forward(W, [-1.0, 1.0], ACTS, [[1, 0]])
    assert fw.a[0].tolist() == [-1.0, 0.0]
    assert float(fw.yhat) == 1.0


def _layer_by_layer(weights, x, acts, masks, p):
    """The masked forward pass written out with mlp's layer functions."""
    h = np.asarray(x, dtype=float)
    for layer, (Wl, f) in enumerate(zip(weights, acts, strict=True)):
        if layer < len(masks) and masks[layer] is not None:
            h = dropout(h, masks[layer], p=p)
        h = activate(dense(Wl, h), f)
    return h


@settings(max_examples=40, deadline=None)
@given(
    seed=st.integers(0, 2**32 - 1),
    p=st.one_of(st.none(), st.floats(0.1, 1.0)),
    acts=st.sampled_from([["relu", "relu", "identity"], ["sigmoid", "relu", "sigmoid"]]),
)
def test_dropout_forward_equals_masking_layer_by_layer(seed, p, acts):
    rng = np.random.default_rng(seed)
    weights = [rng.normal(size=(3, 3)), rng.normal(size=(4, 4)), rng.normal(size=5)]
    x = rng.normal(size=2)
    masks = sample_masks(weights, 0.5, rng)
    fw = dropout_forward(weights, x, acts, masks, p=p)
    assert np.allclose(fw.yhat, _layer_by_layer(weights, x, acts, masks, p), rtol=1e-12, atol=1e-12)


def test_all_ones_masks_equal_plain_forward():
    fw = dropout_forward(W, [-1.0, 1.0], ACTS, [[1, 1], [1, 1]])
    plain = forward(W, [-1.0, 1.0], ACTS)
    assert float(fw.yhat) == float(plain.yhat) == 5.0


def test_dropout_forward_batch_and_per_mask_p():
    X = np.array([[-1.0, 1.0], [1.0, 1.0]])
    fw = dropout_forward(W, X, ACTS, [[1, 0], [1, 1]], p=[0.5, None])
    for i in range(2):
        assert np.isclose(fw.yhat[i], _layer_by_layer(W, X[i], ACTS, [[1, 0]], 0.5))


def test_gradient_through_masked_network():
    """dL/dx of the thinned network (mlp.backward) against finite differences of dropout_forward."""
    masks = [[1, 0], [0, 1]]
    x, y = np.array([0.3, -0.7]), 2.0
    thin = thin_weights(W, masks, p=0.5)
    bw = backward(thin, x, y, ACTS)

    def f(z):
        return float((y - dropout_forward(W, z, ACTS, masks, p=0.5).yhat) ** 2)

    assert gradcheck(f, x, bw.dx).ok


def test_scale_weights_by_hand():
    W1, v = scale_weights(W, [0.5, 0.25])
    assert W1.tolist() == [[1.0, 1.0, 0.5], [1.0, 0.5, 1.0]]
    assert v.tolist() == [1.0, -0.25, 0.5]
    W1, v = scale_weights(W, [None, 0.5])
    assert W1.tolist() == np.asarray(W[0]).tolist()


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), p=st.floats(0.1, 1.0))
def test_weight_scaling_is_the_exact_mask_average_of_a_linear_network(seed, p):
    """For identity activations the output is linear in each mask, so averaging over
    all 2^4 masks (weighted by their probabilities) equals the weight-scaled network."""
    rng = np.random.default_rng(seed)
    weights = [rng.normal(size=(2, 3)), rng.normal(size=3)]
    acts = ["identity", "identity"]
    x = rng.normal(size=2)
    mean = 0.0
    for bits in itertools.product([0.0, 1.0], repeat=4):
        prob = np.prod([p if b else 1 - p for b in bits])
        mean += prob * float(dropout_forward(weights, x, acts, [bits[:2], bits[2:]]).yhat)
    scaled = float(forward(scale_weights(weights, p), x, acts).yhat)
    assert np.isclose(mean, scaled, rtol=1e-9, atol=1e-9)


def test_sample_masks_shapes():
    masks = sample_masks(W, 0.5, np.random.default_rng(0))
    assert [m.shape for m in masks] == [(2,), (2,)]
    masks = sample_masks(W, [0.8, None], np.random.default_rng(0))
    assert masks[1] is None


# -- bad input ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("call", "exc", "match"),
    [
        (lambda: dropout([1.0, 2.0], [1, 0.5]), ValueError, "only 0 .drop. and 1"),
        (lambda: dropout([1.0, 2.0], [1, 0, 1]), ValueError, "mask must have the shape of h"),
        (lambda: dropout([1.0, 2.0], [[1, 0], [1, 1]]), ValueError, "mask must have the shape"),
        (lambda: dropout([1.0, 2.0], [1, 0], p=0.0), ValueError, "keep probability"),
        (lambda: dropout([1.0, 2.0], [1, 0], p=1.5), ValueError, r"p must lie in \[0, 1\]"),
        (lambda: dropout([1.0, 2.0], [1, 0], p="half"), TypeError, "p must be a real number"),
        (lambda: dropout(["a"], [1]), TypeError, "h must hold real numbers"),
        (lambda: dropout([np.nan], [1]), ValueError, "h must be finite"),
        (lambda: dropout_backward([1.0], [2]), ValueError, "only 0 .drop. and 1"),
        (lambda: dropout_mask(3, 0.5, 42), TypeError, "rng must be a numpy.random.Generator"),
        (lambda: dropout_mask(-1, 0.5, np.random.default_rng()), ValueError, "non-negative"),
        (lambda: dropout_mask("3", 0.5, np.random.default_rng()), TypeError, "shape must be"),
        (
            lambda: dropout_sample([1.0], 0.5, np.random.default_rng(), inverted="yes"),
            TypeError,
            "inverted",
        ),
        (
            lambda: dropout_forward(W, [1.0, 1.0], ACTS, [[1, 0, 1]]),
            ValueError,
            r"masks\[0\] must have 2",
        ),
        (lambda: dropout_forward(W, [1.0, 1.0], ACTS, [[1, 1]] * 3), ValueError, "at most 2"),
        (
            lambda: dropout_forward(W, [1.0, 1.0], ACTS, np.ones((2, 2))),
            TypeError,
            "masks must be a list",
        ),
        (
            lambda: dropout_forward(W, [1.0, 1.0], ACTS, [[1, 1]], p=[0.5]),
            ValueError,
            "p must be one",
        ),
        (lambda: dropout_forward(W, [1.0, 1.0, 1.0], ACTS, []), ValueError, "x must have 2 feat"),
        (lambda: thin_weights(np.ones((2, 3)), []), TypeError, "weights must be a list"),
        (lambda: sample_masks(W, 0.5, None), TypeError, "rng must be"),
        (lambda: scale_weights(W, 0.0), ValueError, "keep probability"),
    ],
)
def test_bad_input(call, exc, match):
    with pytest.raises(exc, match=match):
        call()


# -- copies, flags, counts and valid extremes -------------------------------------------------


def test_dropout_forward_keeps_copies_of_the_masks():
    masks = [np.array([1.0, 1.0]), np.array([1.0, 0.0])]
    fw = dropout_forward(W, np.array([-1.0, 1.0]), ACTS, masks)
    masks[1][1] = 1.0
    np.testing.assert_array_equal(fw.masks[1], [1.0, 0.0])
    assert not any(np.shares_memory(a, b) for a in fw.masks for b in masks)


def test_boolean_masks_are_masks():
    h = np.array([2.0, -1.0, 3.0])
    np.testing.assert_array_equal(
        dropout(h, np.array([True, False, True]), p=0.5), dropout(h, [1, 0, 1], p=0.5)
    )


def test_flags_and_sizes_are_checked_not_coerced():
    rng = np.random.default_rng(0)
    with pytest.raises(TypeError, match="inverted must be True or False"):
        dropout_sample([1.0], 0.5, rng, inverted=1)
    with pytest.raises(TypeError, match="shape must be an integer"):
        dropout_mask((2, 1.5), 0.5, rng)
    with pytest.raises(TypeError, match="shape must be an integer"):
        dropout_mask(True, 0.5, rng)
    np.testing.assert_array_equal(dropout_mask([2, 3], 1.0, rng), np.ones((2, 3)))


def test_a_keep_probability_too_small_for_the_values_is_named():
    with pytest.raises(ValueError, match=r"h / p exceeds the float64 range: p = 1e-10"):
        dropout([1e300, 1.0], [1, 1], p=1e-10)
    with pytest.raises(ValueError, match=r"dout / p exceeds the float64 range: p = 1e-320"):
        dropout_backward([1.0, 1.0], [1, 0], p=1e-320)  # 1/p is inf, and 0 * inf NaN
    with pytest.raises(ValueError, match="x must have 2 features"):
        dropout_forward(W, [1.0, 2.0, 3.0], ACTS, [])


@settings(max_examples=40, deadline=None)
@given(
    h=arrays(np.float64, st.integers(1, 6), elements=st.floats(-10, 10)),
    scale=st.sampled_from([1e-200, 1e-100, 1e100, 1e200]),
    p=st.sampled_from([1e-100, 0.3, 1.0]),
    seed=st.integers(0, 2**32 - 1),
)
def test_huge_and_tiny_values_are_masked_exactly(h, scale, p, seed):
    mask = dropout_mask(h.shape, 0.5, np.random.default_rng(seed))
    if scale / p > 1e300:
        return  # h / p is beyond float64 there (tested above)
    out = dropout(h * scale, mask, p=p)
    np.testing.assert_allclose(out, h * scale * mask / p, rtol=1e-15, atol=0)
    np.testing.assert_allclose(dropout_backward(h * scale, mask, p=p), out, rtol=0, atol=0)
    fw = dropout_forward(W, np.array([1.0, -0.5]) * scale, ACTS, [None, [1, 0]])
    assert all(np.all(np.isfinite(a)) for a in (*fw.a, *fw.h, *fw.inputs))
