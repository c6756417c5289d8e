"""API cases of wbcode.linear_autoencoder."""

import numpy as np

from api_cases import Arr, Bad, Case, Int, Other, Real, Rng

CODER = {
    "X": [[1.0, 2.0, 0.5], [0.0, -1.0, 1.0]],
    "W": [[1.0, 0.0, 0.5]],
    "V": [[1.0], [0.5], [0.0]],
}
KINDS = {"X": Arr(ndim=(1, 2)), "W": Arr(ndim=2), "V": Arr(ndim=2)}
MISMATCH = [
    ("X", {"X": [[1.0, 2.0]]}, "fewer features than W has columns"),
    ("V", {"V": [[1.0, 0.5, 0.0]]}, "a decoder of the encoder's shape"),
    ("X", {"X": [[1e200, 1e200, 1e200]]}, "a squared error beyond float64"),
]
TRAIN_X = list(np.random.default_rng(0).normal(size=(30, 3)))
TRAIN = {"X": [list(r) for r in TRAIN_X], "k": 1, "lr": 0.05, "steps": 20, "init_scale": 0.1}
TRAIN_KINDS = {
    "X": Arr(ndim=2),
    "k": Int(minimum=1),
    "lr": Real(positive=True),
    "steps": Int(minimum=0),
    "init_scale": Real(positive=True),
}
TRAIN_BAD = [
    ("k", {"k": 3}, "a code as wide as the data"),
    ("lr", {"lr": 50.0}, "a step size that diverges"),
]
RNGS = Other(
    [
        Bad(np.random.default_rng(0), "one generator, not a list"),
        Bad([], "no generator"),
        Bad([3], "an integer seed"),
    ]
)

CASES = {
    "LinearAEFit": Case.exempt("a result record of train_linear_ae; users do not build it"),
    "linear_ae_loss": Case(dict(CODER), dict(KINDS), extra=list(MISMATCH)),
    "linear_ae_grad": Case(dict(CODER), dict(KINDS), extra=list(MISMATCH)),
    "train_linear_ae": Case(
        {**TRAIN, "rng": np.random.default_rng(1)},
        {**TRAIN_KINDS, "rng": Rng()},
        extra=list(TRAIN_BAD),
    ),
    "train_linear_ae_runs": Case(
        {**TRAIN, "rngs": [np.random.default_rng(1), np.random.default_rng(2)]},
        {**TRAIN_KINDS, "rngs": RNGS},
        extra=list(TRAIN_BAD),
    ),
}
