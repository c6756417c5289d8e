"""API cases of wbcode.gan."""

import numpy as np

from api_cases import Arr, Bad, Case, Int, Other, Real, Rng
from wbcode.gan import Theta

THETA = {"w": [1.0, -2.0], "b": [0.0, 1.0], "v": [0.5, 1.0], "c": -0.25}
NOT_THETA = Other(
    [Bad({"w": [1.0]}, "a dict"), Bad(None, "None"), Bad([1.0, 0.0, 0.0, 0.0], "a flat vector")]
)


def _theta() -> Theta:
    return Theta(**THETA)


CASES = {
    "Theta": Case(
        dict(THETA),
        {"w": Arr(ndim=1), "b": Arr(ndim=1), "v": Arr(ndim=1), "c": Real()},
        extra=[
            ("b", {"b": [0.0]}, "fewer biases than units"),
            ("v", {"v": [0.5, 1.0, 2.0]}, "more output weights than units"),
        ],
    ),
    "Theta.from_flat": Case(
        {"vector": [1.0, -2.0, 0.0, 1.0, 0.5, 1.0, -0.25]},
        {"vector": Arr(ndim=1)},
        extra=[
            ("vector", {"vector": [1.0, 2.0]}, "not 3 m + 1 entries"),
            ("vector", {"vector": [1.0]}, "m = 0 hidden units"),
        ],
        call=lambda vector: Theta.from_flat(vector),
    ),
    "Theta.flat": Case({}, {}, call=lambda: _theta().flat()),
    "GANLosses": Case.exempt("a result record of gan_losses; users do not build it"),
    "init_theta": Case(
        {"m": 3, "rng": np.random.default_rng(0), "scale": 0.5},
        {"m": Int(minimum=1), "rng": Rng(), "scale": Real(positive=True)},
    ),
    "generate": Case(
        {"beta": [1.0, 2.0], "z": [0.0, 1.0, -1.0]},
        {"beta": Arr(ndim=1), "z": Arr(ndim=1)},
        extra=[
            ("beta", {"beta": [1.0, 2.0, 3.0]}, "three weights"),
            ("beta", {"beta": [1e200, 1e200], "z": [1e200]}, "samples beyond float64"),
        ],
    ),
    "discriminate": Case(
        {"theta": _theta(), "x": [0.0, 1.5, -3.0]}, {"theta": NOT_THETA, "x": Arr(ndim=1)}
    ),
    "gan_losses": Case(
        {"beta": [0.0, 1.0], "theta": _theta(), "x_real": [1.0, 2.0], "z": [0.0, 1.0]},
        {"beta": Arr(ndim=1), "theta": NOT_THETA, "x_real": Arr(ndim=1), "z": Arr(ndim=1)},
        extra=[("z", {"z": [0.0, 1.0, 2.0]}, "more noise than real samples")],
    ),
}
