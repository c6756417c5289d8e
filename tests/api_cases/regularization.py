"""API cases of wbcode.regularization: L1 and L2 penalties and the Penalty object."""

from __future__ import annotations

import numpy as np

from api_cases import Arr, Bad, Case, Choice, Flag, Other, Real
from wbcode.regularization import Penalty

W = [[1.0, -2.0, 0.5], [0.0, 0.5, -1.5]]
STRENGTH = Real(positive=True, zero_ok=True)
ENTRIES = {"W": Arr(empty_ok=True), "lam": STRENGTH}
NETWORK = [np.array([[0.5, 1.0, -1.0], [0.1, -0.4, 2.0]]), np.array([0.3, 1.5, -0.5])]
NETWORKS = Other(
    [
        Bad("weights", "a string"),
        Bad(None, "None"),
        Bad(np.ones((2, 3)), "one matrix instead of a list of them"),
        Bad([np.ones((1, 2, 3))], "a matrix of 3 dimensions"),
        Bad([[[np.nan, 1.0]]], "a NaN weight"),
        Bad([[["a", "b"]]], "strings"),
    ]
)


def method(name: str) -> Case:
    return Case(
        {"weights": NETWORK},
        {"weights": NETWORKS},
        call=lambda weights: getattr(Penalty("l2", 0.1), name)(weights),
    )


CASES = {
    "l1_penalty": Case({"W": W, "lam": 0.1}, ENTRIES),
    "l1_grad": Case({"W": W, "lam": 0.1}, ENTRIES),
    "l2_penalty": Case({"W": W, "lam": 0.1}, ENTRIES),
    "l2_grad": Case({"W": W, "lam": 0.1}, ENTRIES),
    "l1_prox": Case({"W": W, "t": 0.1}, {"W": Arr(empty_ok=True), "t": STRENGTH}),
    "weight_mask": Case({"W": W, "bias": False}, {"W": Arr(ndim=(1, 2)), "bias": Flag()}),
    "Penalty": Case(
        {"kind": "l2", "lam": 0.1, "bias": False},
        {"kind": Choice(("l1", "l2")), "lam": STRENGTH, "bias": Flag()},
    ),
    "Penalty.value": method("value"),
    "Penalty.grad": method("grad"),
}
