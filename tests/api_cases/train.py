"""API cases of wbcode.train: initial weights, the convergence criterion and the training loop."""

from __future__ import annotations

import numpy as np

from api_cases import Arr, Bad, Case, Choice, Int, Other, Real, Rng
from wbcode.optim import GD
from wbcode.regularization import Penalty
from wbcode.workbook import Q9

NET = [np.array([[0.1, -0.4, 0.7], [-0.3, 0.2, 0.5]]), np.array([0.2, 0.9, -0.6])]
SIZES = Other(
    [
        Bad("2, 2, 1", "a string"),
        Bad(None, "None"),
        Bad((2,), "one size"),
        Bad((2, 1.5, 1), "a fractional size"),
        Bad((2, 0, 1), "a layer of no units"),
        Bad((2, True, 1), "a bool"),
        Bad(np.array([[2, 2, 1]]), "a 2-D array"),
    ]
)
NETWORK = Other(
    [
        Bad("W", "a string"),
        Bad(None, "None"),
        Bad(np.ones((2, 3)), "one matrix instead of a list of them"),
        Bad([], "no layer"),
        Bad([NET[0], np.ones(4)], "a second layer that does not fit the first"),
        Bad([np.ones(3), NET[1]], "a first layer that is a vector"),
        Bad([NET[0][:, :2], NET[1]], "a first layer that does not fit X"),
        Bad([NET[0], [np.nan, 1.0, 2.0]], "a NaN weight"),
        Bad([NET[0], [[1.0, 2.0], [3.0]]], "a ragged layer"),
    ]
)
ACTIVATIONS = Other(
    [
        Bad("sigmoid", "one name for two layers"),
        Bad(["sigmoid"], "one name for two layers"),
        Bad(["sigmoid", "tanh"], "an unknown activation"),
        Bad(None, "None"),
    ]
)
OPTIMIZER = Other([Bad(0.1, "a step size"), Bad("adam", "a name"), Bad(None, "None")])
PENALTY = Other([Bad(0.1, "a number"), Bad("l2", "a name")])

CASES = {
    "init_network": Case(
        {"sizes": np.array([2, 3, 1]), "rng": np.random.default_rng(0), "std": 0.5},
        {"sizes": SIZES, "rng": Rng(), "std": Real(positive=True)},
    ),
    "converged": Case(
        {"yhat": [0.9, 0.1, 0.2, 0.8], "y": [1.0, 0.0, 0.0, 1.0], "tol": 0.25},
        {"yhat": Arr(), "y": Arr(), "tol": Real(positive=True)},
        [("y", {"y": [1.0, 0.0]}, "two targets for four predictions")],
    ),
    "train": Case(
        {
            "weights": NET,
            "X": Q9.X,
            "y": Q9.y,
            "activations": ["sigmoid", "sigmoid"],
            "optimizer": GD(lr=1.0),
            "loss": "logistic",
            "penalty": Penalty("l2", 0.001),
            "epochs": 20,
            "mode": "sample",
            "tol": 0.25,
        },
        {
            "weights": NETWORK,
            "X": Arr(ndim=2),
            "y": Arr(ndim=(1, 2)),
            "activations": ACTIVATIONS,
            "optimizer": OPTIMIZER,
            "loss": Choice(("squared", "logistic", "yhat_minus_y", "y_minus_yhat")),
            "penalty": PENALTY,
            "epochs": Int(minimum=0),
            "mode": Choice(("batch", "sample")),
            "tol": Real(positive=True),
        },
        [
            ("y", {"y": [2.0, 0.0, 0.0, 1.0]}, "a target outside [0, 1] for the logistic loss"),
            ("y", {"y": Q9.y[:3]}, "three targets for four samples"),
            ("y", {"y": Q9.y[:, None]}, "a column of targets for a vector output"),
            ("loss", {"activations": ["sigmoid", "identity"]}, "logistic without a sigmoid"),
            ("X", {"X": Q9.X[:, :1]}, "one input for a network of two"),
        ],
    ),
    "TrainResult": Case.exempt("the result record of train; users read it, they do not build it"),
}
