"""API cases of wbcode.jacobian."""

import numpy as np

from api_cases import Arr, Case, Choice

W = np.array([[0.5, -1.0, 0.2], [2.0, 0.25, 0.0], [0.1, 0.3, -0.7]])
A = np.linspace(-2.0, 2.0, 5 * 3).reshape(5, 3)

CASES = {
    "jacobian_norms": Case(
        {"W": W, "a": A, "activation": "tanh"},
        {"W": Arr(ndim=2), "a": Arr(ndim=2), "activation": Choice(("relu", "tanh", "identity"))},
        extra=[
            ("W", {"W": np.ones((3, 2))}, "a non-square W"),
            ("a", {"a": np.ones((5, 2))}, "pre-activations of 2 units for a 3-unit W"),
        ],
    ),
}
