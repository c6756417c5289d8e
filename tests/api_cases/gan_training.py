"""API cases of wbcode.gan_training."""

import numpy as np

from api_cases import Arr, Bad, Case, Choice, Int, Other, Real, Rng
from api_cases.gan import _theta

COMMON = {"beta": [0.0, 1.0], "lr": 0.05, "k": 2, "steps": 6, "batch": 8, "loss": "minimax"}
COMMON_KINDS = {
    "data": Arr(ndim=1),
    "beta": Arr(ndim=1),
    "lr": Real(positive=True),
    "k": Int(minimum=1),
    "steps": Int(minimum=0),
    "batch": Int(minimum=1),
    "loss": Choice(),
    "m": Int(minimum=1),
    "n_samples": Int(minimum=1),
    "checkpoints": Other(
        [
            Bad((1.5,), "a fractional checkpoint"),
            Bad((0, True), "a bool checkpoint"),
            Bad((-1,), "a negative checkpoint"),
            Bad((7,), "a checkpoint after the last step"),
            Bad(3, "an integer, not a sequence"),
            Bad("0", "a string"),
        ]
    ),
}
DATA = list(np.linspace(1.0, 2.0, 40))
DIVERGES = ("lr", {"lr": 1e200}, "a step size that makes the weights overflow")
# checkpoints are given as a range: the test turns every numeric tuple into a float array,
# and a float checkpoint is (rightly) rejected.


def _rngs(count: int) -> list[np.random.Generator]:
    return [np.random.default_rng(s) for s in range(count)]


CASES = {
    "GANHistory": Case.exempt("a result record of train_gan; users do not build it"),
    "train_gan": Case(
        {
            **COMMON,
            "data": DATA,
            "rng": np.random.default_rng(0),
            "m": 3,
            "checkpoints": range(0, 7, 6),
            "n_samples": 5,
        },
        {**COMMON_KINDS, "rng": Rng(), "theta": Other([Bad({"w": [1.0]}, "a dict")])},
        extra=[DIVERGES],
    ),
    "train_gan_runs": Case(
        {
            **COMMON,
            "data": DATA,
            "rngs": _rngs(3),
            "m": 3,
            "checkpoints": range(6, 7),
            "n_samples": 5,
        },
        {
            **COMMON_KINDS,
            "rngs": Other(
                [
                    Bad(np.random.default_rng(0), "one Generator, not a list"),
                    Bad([], "no runs"),
                    Bad([np.random.default_rng(0), 42], "a seed among the generators"),
                    Bad(None, "None"),
                ]
            ),
            "theta": Other(
                [
                    Bad([_theta()], "one Theta for three runs"),
                    Bad([_theta(), _theta(), {"w": [1.0]}], "a dict among the Thetas"),
                    Bad(3, "an integer"),
                ]
            ),
        },
        extra=[DIVERGES],
    ),
}
