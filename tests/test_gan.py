"""Tests of the 1-D GAN (gan, gan_backprop, gan_training) and of gradient play on xy."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wbcode import _gan_runs as runs
from wbcode.gan import Theta, discriminate, gan_losses, generate, init_theta
from wbcode.gan_backprop import (
    discriminator_grad,
    discriminator_step,
    generator_grad,
    generator_step,
)
from wbcode.gan_training import train_gan, train_gan_runs
from wbcode.gradcheck import gradcheck
from wbcode.gradient_play import bilinear_game


def sig(o: float) -> float:
    return 1.0 / (1.0 + math.exp(-o))


def random_setup(seed=0, m=3, n=5):
    rng = np.random.default_rng(seed)
    theta = init_theta(m, rng)
    theta = Theta(w=theta.w, b=theta.b, v=theta.v, c=0.3)
    beta = np.array([0.4, 1.3])
    x_real = rng.normal(1.0, 0.5, n)
    z = rng.standard_normal(n)
    return beta, theta, x_real, z


# -- forward values by hand --------------------------------------------------------------------


def test_generate_and_discriminate_by_hand():
    np.testing.assert_allclose(generate([0.5, 2.0], [0.0, 1.0, -1.5]), [0.5, 2.5, -2.5])
    theta = Theta(w=[1.0, -2.0], b=[0.0, 1.0], v=[0.5, 1.0], c=-0.25)
    # x = 1: h = (tanh 1, tanh(-1)), o = -0.25 + 0.5 tanh 1 - tanh 1
    o = -0.25 + 0.5 * math.tanh(1.0) + 1.0 * math.tanh(-1.0)
    assert discriminate(theta, [1.0])[0] == pytest.approx(sig(o))


def test_losses_by_hand():
    theta = Theta(w=[1.0], b=[0.0], v=[2.0], c=0.0)
    beta = [0.0, 1.0]
    x_real, z = [1.0, 0.0], [-1.0, 0.0]
    # real: o = 2 tanh 1, 0; fake x = (-1, 0): o = -2 tanh 1, 0
    t = 2.0 * math.tanh(1.0)
    d_real = [sig(t), 0.5]
    d_fake = [sig(-t), 0.5]
    value = (math.log(d_real[0]) + math.log(d_real[1])) / 2 + (
        math.log(1 - d_fake[0]) + math.log(1 - d_fake[1])
    ) / 2
    L = gan_losses(beta, theta, x_real, z)
    assert L.value == pytest.approx(value)
    assert L.d_loss == pytest.approx(-value)
    assert L.g_minimax == pytest.approx((math.log(1 - d_fake[0]) + math.log(0.5)) / 2)
    assert L.g_nonsaturating == pytest.approx(-(math.log(d_fake[0]) + math.log(0.5)) / 2)


def test_losses_finite_for_confident_discriminator():
    theta = Theta(w=[1.0], b=[0.0], v=[1e4], c=0.0)
    L = gan_losses([0.0, 1.0], theta, [5.0], [-5.0])
    assert L.value == pytest.approx(0.0, abs=1e-12)  # D(real) = 1, D(fake) = 0
    assert L.g_nonsaturating == pytest.approx(1e4 * math.tanh(5.0), rel=1e-12)


def test_discriminator_grad_one_sample_by_hand():
    # theta = (w=1, b=0, v=0, c=0): D = 1/2 everywhere, so delta = 1/2 (real), -1/2 (fake)
    # dV/dv = (1/2 tanh(1) - 1/2 tanh(-1)) / 1 = tanh 1; dV/dc = 0; v = 0 blocks w and b
    g = discriminator_grad(Theta(w=[1.0], b=[0.0], v=[0.0], c=0.0), [1.0], [-1.0])
    np.testing.assert_allclose(g.v, [math.tanh(1.0)])
    assert g.c == pytest.approx(0.0)
    np.testing.assert_allclose(g.w, [0.0])
    np.testing.assert_allclose(g.b, [0.0])


def test_generator_grad_by_hand():
    # z = 0.5, beta = (0, 1): xtilde = 0.5; theta = (w=1, b=0, v=2, c=0)
    # o = 2 tanh(0.5), o' = v w (1 - tanh^2 0.5) = 2 (1 - tanh^2 0.5)
    t = math.tanh(0.5)
    D = sig(2 * t)
    do = 2 * (1 - t * t)
    theta = Theta(w=[1.0], b=[0.0], v=[2.0], c=0.0)
    mm = generator_grad([0.0, 1.0], theta, [0.5], loss="minimax")
    ns = generator_grad([0.0, 1.0], theta, [0.5], loss="nonsaturating")
    np.testing.assert_allclose(mm, [-D * do, -D * do * 0.5])
    np.testing.assert_allclose(ns, [-(1 - D) * do, -(1 - D) * do * 0.5])


def test_steps_ascend_and_descend():
    theta = Theta(w=[1.0], b=[0.0], v=[0.0], c=0.0)
    new = discriminator_step(theta, [1.0], [-1.0], 0.5)
    np.testing.assert_allclose(new.v, [0.5 * math.tanh(1.0)])  # + lr * grad
    theta = Theta(w=[1.0], b=[0.0], v=[2.0], c=0.0)
    # minimax at z = 0: D = 1/2, o' = 2: dJ/dbeta0 = -1/2 * 2 = -1, so beta0 grows by lr
    np.testing.assert_allclose(
        generator_step([0.0, 1.0], theta, [0.0], 0.1, loss="minimax"), [0.1, 1.0]
    )


# -- finite differences for every parameter ----------------------------------------------------


@pytest.mark.parametrize("field", ["w", "b", "v", "c"])
def test_discriminator_grad_finite_differences(field):
    beta, theta, x_real, z = random_setup(1)
    x_fake = generate(beta, z)
    grad = discriminator_grad(theta, x_real, x_fake)

    def value(p):
        fields = {"w": theta.w, "b": theta.b, "v": theta.v, "c": theta.c}
        fields[field] = p if field != "c" else float(p)
        return gan_losses(beta, Theta(**fields), x_real, z).value

    res = gradcheck(value, getattr(theta, field), getattr(grad, field))
    assert res.ok, (res.analytic, res.numeric)


@pytest.mark.parametrize("loss", ["minimax", "nonsaturating"])
def test_generator_grad_finite_differences(loss):
    beta, theta, x_real, z = random_setup(2)
    grad = generator_grad(beta, theta, z, loss=loss)
    attr = "g_minimax" if loss == "minimax" else "g_nonsaturating"
    res = gradcheck(lambda b: getattr(gan_losses(b, theta, x_real, z), attr), beta, grad)
    assert res.ok, (res.analytic, res.numeric)


@settings(max_examples=30, deadline=None)
@given(st.integers(0, 2**32 - 1), st.integers(1, 4), st.sampled_from(["minimax", "nonsaturating"]))
def test_all_gradients_finite_differences_property(seed, m, loss):
    beta, theta, x_real, z = random_setup(seed, m=m, n=4)
    flat_grad = discriminator_grad(theta, x_real, generate(beta, z)).flat()
    res = gradcheck(
        lambda p: gan_losses(beta, Theta.from_flat(p), x_real, z).value,
        theta.flat(),
        flat_grad,
        atol=1e-6,
    )
    assert res.ok
    attr = "g_minimax" if loss == "minimax" else "g_nonsaturating"
    res = gradcheck(
        lambda b: getattr(gan_losses(b, theta, x_real, z), attr),
        beta,
        generator_grad(beta, theta, z, loss=loss),
        atol=1e-6,
    )
    assert res.ok


def test_minimax_gradient_saturates_when_fakes_are_rejected():
    # a discriminator that is sure the fakes (near x = -3) are fake: D(fake) ~ 0
    theta = Theta(w=[1.0], b=[0.0], v=[8.0], c=0.0)
    z = np.linspace(-0.5, 0.5, 5)
    mm = generator_grad([-3.0, 0.1], theta, z, loss="minimax")
    ns = generator_grad([-3.0, 0.1], theta, z, loss="nonsaturating")
    assert abs(mm[0]) < 1e-3 * abs(ns[0])


# -- training --------------------------------------------------------------------------------


@pytest.mark.slow  # trains for 1500 steps
@pytest.mark.parametrize("loss", ["nonsaturating", "minimax"])
def test_train_gan_learns_a_gaussian(loss):
    rng = np.random.default_rng(21)
    data = rng.normal(1.5, 0.5, 2000)
    hist = train_gan(data, rng, loss=loss, steps=1500, checkpoints=(0, 1500))
    late = hist.beta[-200:]
    assert abs(late[:, 0].mean() - 1.5) < 0.1
    assert abs(np.abs(late[:, 1]).mean() - 0.5) < 0.1
    # the kept samples: N(0, 1) at the start, close to the data at the end
    assert abs(hist.samples[0].std() - 1.0) < 0.1
    assert abs(hist.samples[1].mean() - 1.5) < 0.15
    assert hist.d_loss.shape == hist.g_loss.shape == (1500,)
    # at the equilibrium D = 1/2 everywhere and -V = 2 log 2
    assert abs(hist.d_loss[-200:].mean() - 2 * math.log(2)) < 0.1


def test_train_gan_is_reproducible_and_records():
    data = np.random.default_rng(0).normal(size=100)
    h1 = train_gan(data, np.random.default_rng(5), steps=20, checkpoints=(0, 10, 20), n_samples=7)
    h2 = train_gan(data, np.random.default_rng(5), steps=20, checkpoints=(0, 10, 20), n_samples=7)
    np.testing.assert_array_equal(h1.beta, h2.beta)
    assert h1.samples.shape == (3, 7)
    assert len(h1.thetas) == 3
    np.testing.assert_array_equal(h1.beta[0], [0.0, 1.0])
    # samples at checkpoint 10 come from the generator after 10 steps, with fixed noise
    z_ratio = (h1.samples[1] - h1.beta[10, 0]) / h1.beta[10, 1]
    np.testing.assert_allclose(z_ratio, (h1.samples[0] - 0.0) / 1.0)


def test_gan_bad_input():
    rng = np.random.default_rng(0)
    theta = init_theta(2, rng)
    with pytest.raises(ValueError, match=r"beta must have shape \(2\)"):
        generate([1.0, 2.0, 3.0], [0.0])
    with pytest.raises(TypeError, match=r"theta must be a wbcode\.gan\.Theta"):
        discriminate({"w": [1.0]}, [0.0])
    with pytest.raises(
        ValueError, match=r"b must have one entry per hidden unit, shape \(2,\) like w"
    ):
        Theta(w=[1.0, 2.0], b=[0.0], v=[1.0, 1.0], c=0.0)
    with pytest.raises(ValueError, match="same number of samples"):
        discriminator_grad(theta, [1.0, 2.0], [0.0])
    with pytest.raises(ValueError, match="loss must be one of"):
        generator_grad([0.0, 1.0], theta, [0.0], loss="wasserstein")
    with pytest.raises(ValueError, match="lr must be finite and > 0"):
        discriminator_step(theta, [1.0], [0.0], -1.0)
    with pytest.raises(ValueError, match="k must be an integer >= 1"):
        train_gan([1.0, 2.0], rng, k=0)
    with pytest.raises(ValueError, match="checkpoints must lie in"):
        train_gan([1.0, 2.0], rng, steps=5, checkpoints=(6,))
    with pytest.raises(TypeError, match="rng must be"):
        train_gan([1.0, 2.0], 3)
    with pytest.raises(ValueError, match="3 m \\+ 1 entries"):
        Theta.from_flat([1.0, 2.0])


def test_theta_copies_and_checks_its_arrays():
    w, b, v = np.array([1.0, -2.0]), np.array([0.0, 1.0]), np.array([0.5, 1.0])
    th = Theta(w=w, b=b, v=v, c=np.float64(0.25))
    w[0] = b[0] = v[0] = 99.0
    np.testing.assert_array_equal(th.flat(), [1.0, -2.0, 0.0, 1.0, 0.5, 1.0, 0.25])
    vec = th.flat()
    back = Theta.from_flat(vec)
    vec[:] = 7.0
    np.testing.assert_array_equal(back.flat(), th.flat())
    assert not np.shares_memory(th.flat(), th.w)
    with pytest.raises(ValueError, match="w must be finite"):
        Theta(w=[np.nan], b=[0.0], v=[0.0], c=0.0)
    with pytest.raises(ValueError, match="w must not be empty"):
        Theta(w=[], b=[], v=[], c=0.0)
    with pytest.raises(ValueError, match="c must have 0 dimension"):
        Theta(w=[1.0], b=[0.0], v=[0.0], c=[0.0])
    with pytest.raises(ValueError, match=r"vector must have 3 m \+ 1 entries"):
        Theta.from_flat([1.0])


def test_counts_are_never_truncated():
    rng = np.random.default_rng(0)
    for kwargs, name in (
        ({"checkpoints": (1.5,)}, r"checkpoints\[0\] must be an integer"),
        ({"steps": True}, "steps must be an integer"),
        ({"k": 2.0}, "k must be an integer"),
        ({"batch": 8.5}, "batch must be an integer"),
        ({"n_samples": "3"}, "n_samples must be an integer"),
        ({"m": 2.0}, "m must be an integer"),
    ):
        with pytest.raises(TypeError, match=name):
            train_gan([1.0, 2.0], rng, **{"steps": 3, **kwargs})
    with pytest.raises(TypeError, match="checkpoints must be a sequence"):
        train_gan([1.0, 2.0], rng, steps=3, checkpoints=2)
    with pytest.raises(TypeError, match="m must be an integer"):
        init_theta(2.0, rng)
    with pytest.raises(TypeError, match="steps must be an integer"):
        bilinear_game(1.0, 0.0, 0.1, 2.5)


def test_runs_need_distinct_generators():
    rng = np.random.default_rng(0)
    with pytest.raises(ValueError, match=r"rngs\[1\] draws from the same stream as rngs\[0\]"):
        train_gan_runs([1.0, 2.0], [rng, rng], steps=2)
    shared = np.random.Generator(rng.bit_generator)
    with pytest.raises(ValueError, match=r"rngs\[1\] draws from the same stream"):
        train_gan_runs([1.0, 2.0], [rng, shared], steps=2)
    with pytest.raises(TypeError, match="rngs must be a non-empty list"):
        train_gan_runs([1.0, 2.0], rng, steps=2)
    with pytest.raises(TypeError, match=r"rngs\[1\] must be a numpy.random.Generator"):
        train_gan_runs([1.0, 2.0], [rng, 5], steps=2)
    with pytest.raises(ValueError, match="theta must be a Theta or a sequence of 2"):
        train_gan_runs(
            [1.0, 2.0], [rng, np.random.default_rng(1)], theta=[init_theta(2, rng)], steps=2
        )


def test_a_far_too_large_step_size_is_named():
    theta = Theta(w=[1e-10], b=[0.0], v=[1e10], c=0.0)  # dV/dw is about 5e9
    with pytest.raises(ValueError, match=r"lr = 1e\+300 times the gradient overflows"):
        discriminator_step(theta, [1.0], [-1.0], 1e300)
    theta = Theta(w=[1.0], b=[0.0], v=[1e10], c=0.0)  # dJ/dbeta_0 is about -8e9
    with pytest.raises(ValueError, match=r"lr = 1e\+300 times the gradient overflows"):
        generator_step([0.0, 1.0], theta, [0.5], 1e300, loss="minimax")
    with pytest.raises(ValueError, match=r"training diverged .* lr = 1e\+200"):
        train_gan(np.linspace(1.0, 2.0, 50), np.random.default_rng(0), lr=1e200, steps=5)
    with pytest.raises(ValueError, match="leave the float64 range"):
        bilinear_game(1.0, 1.0, 1e200, 3)


# -- the vectorised training is Algorithm 1, run by run, to the last bit --------------------


def algorithm_1(data, rng, *, theta, loss, k, steps, batch, lr, checkpoints, n_samples):
    """Goodfellow et al.'s Algorithm 1 written out with the public step functions."""
    beta = np.array([0.0, 1.0])
    z_show = rng.standard_normal(n_samples)
    betas, d_loss, g_loss, samples = [beta], [], [], []
    samples += [generate(beta, z_show)] * checkpoints.count(0)
    for t in range(1, steps + 1):
        for _ in range(k):
            x_real = rng.choice(data, batch)
            theta = discriminator_step(
                theta, x_real, generate(beta, rng.standard_normal(batch)), lr
            )
        z = rng.standard_normal(batch)
        losses = gan_losses(beta, theta, rng.choice(data, batch), z)
        d_loss.append(losses.d_loss)
        g_loss.append(losses.g_minimax if loss == "minimax" else losses.g_nonsaturating)
        beta = generator_step(beta, theta, z, lr, loss=loss)
        betas.append(beta)
        samples += [generate(beta, z_show)] * checkpoints.count(t)
    return np.array(betas), np.array(d_loss), np.array(g_loss), np.array(samples), theta


@pytest.mark.parametrize("loss", ["nonsaturating", "minimax"])
def test_train_gan_is_algorithm_1_to_the_last_bit(loss):
    data = np.random.default_rng(3).normal(1.5, 0.5, 300)
    settings_ = {"loss": loss, "k": 3, "steps": 25, "batch": 16, "lr": 0.05}
    theta = init_theta(4, np.random.default_rng(4))
    ref = algorithm_1(
        data,
        np.random.default_rng(5),
        theta=theta,
        checkpoints=(0, 7, 7, 25),
        n_samples=9,
        **settings_,
    )
    rng = np.random.default_rng(5)
    hist = train_gan(data, rng, theta=theta, checkpoints=(0, 7, 7, 25), n_samples=9, **settings_)
    for got, want in zip((hist.beta, hist.d_loss, hist.g_loss, hist.samples), ref, strict=False):
        np.testing.assert_array_equal(got, want)
    np.testing.assert_array_equal(hist.theta.flat(), ref[4].flat())
    # the generator's stream is left where the plain loop leaves it
    check = np.random.default_rng(5)
    algorithm_1(data, check, theta=theta, checkpoints=(), n_samples=9, **settings_)
    assert rng.standard_normal() == check.standard_normal()


def test_train_gan_runs_equal_single_runs_exactly():
    data = np.random.default_rng(0).normal(1.5, 0.5, 500)
    seeds = range(30)  # more runs than one group, so several groups are trained
    kw = {"steps": 12, "batch": 64, "m": 8, "checkpoints": (0, 12), "n_samples": 5}
    many = train_gan_runs(data, [np.random.default_rng(s) for s in seeds], **kw)
    for seed, hist in zip(seeds, many, strict=True):
        one = train_gan(data, np.random.default_rng(seed), **kw)
        for field in ("beta", "d_loss", "g_loss", "samples"):
            np.testing.assert_array_equal(getattr(hist, field), getattr(one, field))
        np.testing.assert_array_equal(hist.theta.flat(), one.theta.flat())
        for a, b in zip(hist.thetas, one.thetas, strict=True):
            np.testing.assert_array_equal(a.flat(), b.flat())
    starts = [init_theta(3, np.random.default_rng(s)) for s in (7, 8)]
    pair = train_gan_runs(
        data,
        [np.random.default_rng(1), np.random.default_rng(2)],
        theta=starts,
        loss="minimax",
        steps=9,
    )
    for seed, start, hist in zip((1, 2), starts, pair, strict=True):
        one = train_gan(data, np.random.default_rng(seed), theta=start, loss="minimax", steps=9)
        np.testing.assert_array_equal(hist.beta, one.beta)
        np.testing.assert_array_equal(hist.g_loss, one.g_loss)


@settings(max_examples=25, deadline=None)
@given(
    st.integers(0, 2**32 - 1),
    st.integers(1, 5),
    st.integers(1, 9),
    st.integers(1, 40),
    st.booleans(),
)
def test_vectorised_steps_equal_the_single_run_steps_bitwise(seed, runs_, m, n, minimax):
    rng = np.random.default_rng(seed)
    thetas = [init_theta(m, rng) for _ in range(runs_)]
    beta = rng.standard_normal(2)
    x_real, x_fake, z = rng.normal(1.0, 1.0, (3, runs_, n))
    p = runs.Players.start(beta, thetas)
    runs.ascend_value(p, x_real, x_fake, 0.05)
    h, o = runs.forward(p, runs.generate(p, z))
    d_loss, g_loss = runs.losses(p, x_real, o, minimax)
    q = runs.Players(**{f: getattr(p, f).copy() for f in ("beta", "w", "b", "v", "c")})
    runs.descend_loss(q, z, h, o, 0.05, minimax)
    loss = "minimax" if minimax else "nonsaturating"
    for r in range(runs_):
        stepped = discriminator_step(thetas[r], x_real[r], x_fake[r], 0.05)
        np.testing.assert_array_equal(p.theta(r).flat(), stepped.flat())
        L = gan_losses(beta, stepped, x_real[r], z[r])
        assert d_loss[r] == L.d_loss
        assert g_loss[r] == (L.g_minimax if minimax else L.g_nonsaturating)
        np.testing.assert_array_equal(
            q.beta[r], generator_step(beta, stepped, z[r], 0.05, loss=loss)
        )


def test_vectorised_discriminator_step_follows_finite_differences():
    beta, theta, x_real, z = random_setup(6, m=3, n=6)
    p = runs.Players.start(beta, [theta])
    runs.ascend_value(p, x_real[None], generate(beta, z)[None], 1.0)  # lr = 1: the step is dV
    step = p.theta(0).flat() - theta.flat()
    res = gradcheck(
        lambda q: gan_losses(beta, Theta.from_flat(q), x_real, z).value, theta.flat(), step
    )
    assert res.ok, (res.analytic, res.numeric)


# -- valid extremes: finite, correct, no warning ---------------------------------------------


scales = st.sampled_from([1e-200, 1e-100, 1e100, 1e200])
starts = st.floats(-2, 2).filter(lambda v: v == 0 or abs(v) > 1e-3)


@settings(max_examples=30, deadline=None)
@given(st.integers(0, 2**32 - 1), scales)
def test_huge_and_tiny_samples_saturate_or_linearise(seed, s):
    beta, theta, x_real, z = random_setup(seed, m=3, n=5)
    x = x_real * s
    D = discriminate(theta, x)
    limit = np.sign(np.outer(x, theta.w)) if s > 1 else np.tanh(np.outer(x, 0 * theta.w) + theta.b)
    np.testing.assert_allclose(D, 1 / (1 + np.exp(-(theta.c + limit @ theta.v))), rtol=1e-9)
    L = gan_losses(beta * s, theta, x, z)
    assert all(np.isfinite([L.value, L.g_minimax, L.g_nonsaturating]))
    g = discriminator_grad(theta, x, generate(beta * s, z))
    assert np.all(np.isfinite(g.flat()))
    if s < 1:  # dV/dw is linear in the samples near 0: (1/n) sum delta v (1 - tanh^2 b) x
        D0 = 1 / (1 + np.exp(-(theta.c + np.tanh(theta.b) @ theta.v)))
        xs = np.concatenate([x_real, generate(beta, z)])
        delta = np.where(np.arange(10) < 5, 1 - D0, -D0)
        want = (delta @ xs) * theta.v * (1 - np.tanh(theta.b) ** 2) / 5
        np.testing.assert_allclose(g.w / s, want, rtol=1e-9)
    assert np.all(np.isfinite(generator_grad(beta * s, theta, z)))


@settings(max_examples=10, deadline=None)
@given(st.integers(0, 2**32 - 1), scales)
def test_training_on_huge_or_tiny_data_stays_finite(seed, s):
    data = np.random.default_rng(seed).normal(1.5, 0.5, 50) * s
    hist = train_gan(data, np.random.default_rng(seed), steps=20, batch=8, m=3, checkpoints=(20,))
    assert all(np.all(np.isfinite(a)) for a in (hist.beta, hist.d_loss, hist.g_loss, hist.samples))


@settings(max_examples=30, deadline=None)
@given(starts, starts, st.floats(0.01, 1.0), scales)
def test_bilinear_game_is_linear_in_the_start(x0, y0, lr, s):
    for scheme in ("simultaneous", "alternating"):
        path = bilinear_game(x0, y0, lr, 40, scheme=scheme)
        scaled = bilinear_game(x0 * s, y0 * s, lr, 40, scheme=scheme)
        np.testing.assert_allclose(scaled / s, path, rtol=0, atol=1e-12 * np.abs(path).max())


# -- the bilinear game of Q20 -------------------------------------------------------------------


def test_bilinear_game_by_hand():
    # simultaneous from (1, 0), lr 0.5: (1 - 0.5*0, 0 + 0.5*1) = (1, 0.5); then (0.75, 1)
    np.testing.assert_allclose(bilinear_game(1.0, 0.0, 0.5, 2), [[1, 0], [1, 0.5], [0.75, 1.0]])
    # alternating: x' = 1 - 0.5*0.5 = 0.75, y' = 0.5 + 0.5*0.75 = 0.875
    np.testing.assert_allclose(
        bilinear_game(1.0, 0.0, 0.5, 2, scheme="alternating"), [[1, 0], [1, 0.5], [0.75, 0.875]]
    )


@settings(max_examples=30, deadline=None)
@given(st.floats(-2, 2), st.floats(-2, 2), st.floats(0.01, 1.0))
def test_bilinear_game_radius_grows_or_stays(x0, y0, lr):
    sim = bilinear_game(x0, y0, lr, 50)
    r2 = (sim**2).sum(axis=1)
    np.testing.assert_allclose(r2, r2[0] * (1 + lr * lr) ** np.arange(51), rtol=1e-9, atol=1e-12)
    alt = bilinear_game(x0, y0, lr, 50, scheme="alternating")
    q = alt[:, 0] ** 2 + alt[:, 1] ** 2 - lr * alt[:, 0] * alt[:, 1]
    np.testing.assert_allclose(q, q[0], rtol=1e-9, atol=1e-12)


def test_bilinear_game_bad_input():
    with pytest.raises(ValueError, match="scheme must be one of"):
        bilinear_game(1.0, 0.0, 0.1, 3, scheme="both")
    with pytest.raises(ValueError, match="steps must be an integer >= 0"):
        bilinear_game(1.0, 0.0, 0.1, -1)
