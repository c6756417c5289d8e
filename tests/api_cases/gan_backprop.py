"""API cases of wbcode.gan_backprop."""

from api_cases import Arr, Case, Choice, Real
from api_cases.gan import NOT_THETA, _theta
from wbcode.gan import Theta

STEEP = Theta(w=[1e-10], b=[0.0], v=[1e10], c=0.0)  # dV/dw about 5e9 at x = 1, -1

BATCH = {"theta": _theta(), "x_real": [1.0, 2.0, 1.5], "x_fake": [0.0, -1.0, 0.5]}
KINDS = {"theta": NOT_THETA, "x_real": Arr(ndim=1), "x_fake": Arr(ndim=1)}
MISMATCH = ("x_real", {"x_fake": [0.0]}, "fewer fakes than real samples")
GEN = {"beta": [0.0, 1.0], "theta": _theta(), "z": [0.5, -1.0], "loss": "minimax"}
GEN_KINDS = {"beta": Arr(ndim=1), "theta": NOT_THETA, "z": Arr(ndim=1), "loss": Choice()}

CASES = {
    "discriminator_grad": Case(dict(BATCH), dict(KINDS), extra=[MISMATCH]),
    "discriminator_step": Case(
        {**BATCH, "lr": 0.1},
        {**KINDS, "lr": Real(positive=True)},
        extra=[MISMATCH, ("lr", {"lr": 1e300, "theta": STEEP}, "a step beyond float64")],
    ),
    "generator_grad": Case(
        dict(GEN), dict(GEN_KINDS), extra=[("beta", {"beta": [0.0]}, "one weight")]
    ),
    "generator_step": Case(
        {**GEN, "lr": 0.1},
        {**GEN_KINDS, "lr": Real(positive=True)},
        extra=[
            ("beta", {"beta": [[0.0, 1.0]]}, "a matrix"),
            ("lr", {"lr": 1e300, "theta": Theta(w=[1.0], b=[0.0], v=[1e10], c=0.0)}, "overflow"),
        ],
    ),
}
