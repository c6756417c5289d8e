"""API cases of wbcode.multistart: many seeds as one wide network, and the comparison."""

from __future__ import annotations

import numpy as np

from api_cases import Arr, Bad, Case, Choice, Flag, Int, Other, Real
from api_cases.train import ACTIVATIONS, OPTIMIZER, PENALTY, SIZES
from wbcode.optim import GD, Momentum
from wbcode.workbook import Q9

A = [np.array([[0.1, -0.4, 0.7], [-0.3, 0.2, 0.5]]), np.array([0.2, 0.9, -0.6])]
B = [np.array([[1.1, 0.4, -0.7], [0.3, -1.2, 0.5]]), np.array([-0.2, 0.4, 0.6])]
NETS = Other(
    [
        Bad("nets", "a string"),
        Bad(None, "None"),
        Bad([], "no network"),
        Bad(A, "one network instead of a list of them"),
        Bad([A, [A[0]]], "networks of different shapes"),
        Bad([A, [A[0], np.ones(4)]], "a network whose layers do not fit"),
        Bad([A, [A[0], [np.inf, 1.0, 2.0]]], "an infinite weight"),
    ]
)
WIDE = Other(
    [
        Bad("W", "a string"),
        Bad(None, "None"),
        Bad([np.ones((4, 3)), np.ones((2, 4))], "layers that do not fit"),
        Bad([np.ones((4, 3)), [[np.nan] * 5] * 2], "a NaN weight"),
    ]
)
METHODS = Other(
    [
        Bad({}, "no method"),
        Bad({"GD": 0.1}, "a step size instead of an optimizer"),
        Bad([GD(lr=1.0)], "a list"),
        Bad({1: GD(lr=1.0)}, "a name that is not a string"),
        Bad(None, "None"),
    ]
)
SEEDS = Other(
    [
        Bad((1.5,), "a fractional seed"),
        Bad(range(0), "no seed"),
        Bad("0", "a string"),
        Bad((-1,), "a negative seed"),
        Bad((True,), "a bool"),
        Bad(None, "None"),
    ]
)

CASES = {
    "stack_networks": Case({"nets": [A, B]}, {"nets": NETS}),
    "unstack_networks": Case(
        {"weights": [np.ones((4, 3)), np.ones((2, 5))], "n_nets": 2, "vector_output": True},
        {"weights": WIDE, "n_nets": Int(minimum=1), "vector_output": Flag()},
        [("weights", {"n_nets": 3}, "a wide network of 2 split into 3")],
    ),
    "compare": Case(
        {
            "optimizers": {"GD": GD(lr=1.0), "momentum": Momentum(lr=0.1)},
            "seeds": range(4),
            "X": Q9.X,
            "y": Q9.y,
            "sizes": np.array([2, 2, 1]),
            "activations": ("sigmoid", "sigmoid"),
            "std": 1.0,
            "loss": "logistic",
            "penalty": None,
            "epochs": 30,
            "mode": "batch",
            "tol": 0.25,
        },
        {
            "optimizers": METHODS,
            "seeds": SEEDS,
            "X": Arr(ndim=2),
            "y": Arr(ndim=1),
            "sizes": SIZES,
            "activations": ACTIVATIONS,
            "std": Real(positive=True),
            "loss": Choice(("squared", "logistic", "yhat_minus_y", "y_minus_yhat")),
            "penalty": PENALTY,
            "epochs": Int(minimum=0),
            "mode": Choice(("batch", "sample")),
            "tol": Real(positive=True),
        },
        [
            ("y", {"y": 2 * Q9.y}, "targets outside [0, 1] for the logistic loss"),
            ("y", {"y": Q9.y[:3]}, "three targets for four samples"),
            ("sizes", {"sizes": np.array([3, 2, 1])}, "three inputs for X's two columns"),
            (
                "std",
                {"std": 1e200, "activations": ("relu", "identity"), "loss": "squared"},
                "initial weights whose outputs overflow",
            ),
            ("optimizers", {"optimizers": {"GD": OPTIMIZER.values[0].value}}, "a number"),
        ],
        # NaN marks a seed that did not converge (or did not diverge), as documented
        finite_output=False,
    ),
    "RunStats": Case.exempt("the result record of compare; users read it, they do not build it"),
}
