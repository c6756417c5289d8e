"""API cases of wbcode.mlp."""

import numpy as np

from api_cases import Arr, Bad, Case, Choice, Other, Real
from wbcode.mlp import forward
from wbcode.regularization import Penalty

W = [[1.0, 2.0, 1.0], [1.0, 1.0, 2.0]]  # Q3, bias first
V = [1.0, -1.0, 2.0]
ACTS = ["relu", "sigmoid"]
NET = {"weights": [W, V], "x": [[-1.0, 1.0], [0.5, 2.0]], "activations": ACTS}

WEIGHTS = Other(
    [
        Bad(np.array(W), "one array instead of a list of layers"),
        Bad("W", "a string"),
        Bad(None, "None"),
        Bad([], "no layer"),
        Bad([W, [1.0, 2.0]], "a last layer that does not fit the hidden layer"),
        Bad([V, V], "a vector layer before the last"),
        Bad([W, [1.0, np.nan, 2.0]], "a NaN weight"),
        Bad([W, "v"], "a layer that is a string"),
        Bad([W, [[1.0, 2.0], [3.0]]], "a ragged layer"),
    ]
)
ACTIVATIONS = Other(
    [
        Bad("relu", "a string instead of one name a layer"),
        Bad(["relu"], "fewer names than layers"),
        Bad(["relu", "tanh"], "an unknown activation"),
        Bad(None, "None"),
        Bad([1, 2], "numbers instead of names"),
    ]
)
NET_KINDS = {"weights": WEIGHTS, "x": Arr(ndim=(1, 2)), "activations": ACTIVATIONS}
LOSS = {"y": [1.0, 0.0], "loss": "logistic"}
LOSS_KINDS = {"y": Arr(ndim="any"), "loss": Choice()}
TARGETS = [
    ("y", {"y": [2.0, 0.0]}, "a target above 1 for the binary cross-entropy"),
    ("y", {"y": [1.0, 0.0, 1.0]}, "more targets than samples"),
    ("x", {"x": [[-1.0, 1.0, 3.0]]}, "three inputs for a network that takes two"),
    ("activations", {"activations": ["relu", "identity"]}, "logistic loss, linear output"),
]
PENALTY = Other([Bad("l2", "a penalty name"), Bad(0.1, "a number"), Bad(np.ones(3), "an array")])
FW = Other(
    [
        Bad("fw", "a string"),
        Bad(3, "a number"),
        Bad({"a": (), "h": ()}, "a dict"),
        Bad(forward([W], [[-1.0, 1.0], [0.5, 2.0]], ["relu"]), "the forward pass of another net"),
        Bad(forward([W, V], [-1.0, 1.0], ACTS), "the forward pass of one sample, not the batch"),
    ]
)

CASES = {
    "forward": Case(NET, NET_KINDS),
    "backward": Case(
        {**NET, **LOSS, "fw": None},
        {**NET_KINDS, **LOSS_KINDS, "fw": FW},
        extra=TARGETS,
    ),
    "gradients": Case(
        {**NET, **LOSS, "penalty": Penalty("l2", 0.1)},
        {**NET_KINDS, **LOSS_KINDS, "penalty": PENALTY},
        extra=TARGETS,
    ),
    "step": Case(
        {**NET, **LOSS, "lr": 0.1, "penalty": Penalty("l1", 0.1)},
        {**NET_KINDS, **LOSS_KINDS, "lr": Real(positive=True), "penalty": PENALTY},
        extra=TARGETS,
    ),
    "Forward": Case.exempt("the result record of forward(); users read it, never build it"),
    "Backward": Case.exempt("the result record of backward(); users read it, never build it"),
    "Step": Case.exempt("the result record of step(); users read it, never build it"),
}
