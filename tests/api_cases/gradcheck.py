"""API cases of wbcode.gradcheck: central differences and the check of a gradient."""

from __future__ import annotations

import numpy as np

from api_cases import Arr, Case, Func, Real


def f(x: np.ndarray) -> float:
    return float(np.sum(x**3))


X = [[1.0, -2.0], [0.5, 3.0]]
BAD_F = [
    ("f", {"f": lambda x: None}, "an f that returns None"),
    ("f", {"f": lambda x: float("nan")}, "an f that returns NaN"),
    ("f", {"f": lambda x: x}, "an f that returns an array"),
    ("f", {"f": lambda x: "1.0"}, "an f that returns a string"),
    ("eps", {"x": [[1e200, 1.0], [0.5, 3.0]]}, "a step lost in rounding next to 1e200"),
]

CASES = {
    "numerical_gradient": Case(
        {"f": f, "x": X, "eps": 1e-6},
        {"f": Func(), "x": Arr(), "eps": Real(positive=True)},
        BAD_F,
    ),
    "gradcheck": Case(
        {"f": f, "x": X, "grad": [[3.0, 12.0], [0.75, 27.0]], "rtol": 1e-5, "atol": 1e-7},
        {
            "f": Func(),
            "x": Arr(),
            "grad": Arr(),
            "rtol": Real(positive=True, zero_ok=True),
            "atol": Real(positive=True, zero_ok=True),
        },
        [*BAD_F[:4], ("grad", {"grad": [3.0, 12.0]}, "a gradient of another shape")],
    ),
    "GradCheck": Case.exempt("the result record of gradcheck; users read it, they do not build it"),
}
