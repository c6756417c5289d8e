"""Tests of the 1-D GAN (gan, gan_backprop, gan_training) and of gradient play on xy."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wbcode.gan import Theta, discriminate, gan_losses, generate, init_theta
from wbcode.gan_backprop import (
    discriminator_grad,
    discriminator_step,
    generator_grad,
    generator_step,
)
from wbcode.gan_training import train_gan
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
    with pytest.raises(ValueError, match=r"theta.b must have shape \(2\)"):
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
    with pytest.raises(ValueError, match="steps must be a non-negative integer"):
        bilinear_game(1.0, 0.0, 0.1, -1)
