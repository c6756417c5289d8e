"""API cases of wbcode.layers."""

from api_cases import Arr, Case, Choice

W = [[1.0, 2.0, 1.0], [1.0, 1.0, 2.0]]  # bias first: 2 units, 2 inputs
LAYER = Arr(ndim=(1, 2))

CASES = {
    "join_bias": Case(
        {"W": [[2.0, 1.0], [1.0, 2.0]], "b": [1.0, 1.0]},
        {"W": LAYER, "b": Arr(ndim=1)},
        extra=[
            ("b", {"b": [1.0, 2.0, 3.0]}, "one bias more than W has rows"),
            ("b", {"W": [2.0, 1.0], "b": [1.0]}, "a vector b for a vector W"),
        ],
    ),
    "split_bias": Case(
        {"W": W},
        {"W": LAYER},
        extra=[("W", {"W": [[1.0], [2.0]]}, "only a bias column")],
    ),
    "dense": Case(
        {"W": W, "h": [[-1.0, 1.0], [0.5, 2.0]]},
        {"W": LAYER, "h": LAYER},
        extra=[
            ("h", {"h": [1.0, 2.0, 3.0]}, "three inputs for a layer that takes two"),
            ("W", {"W": [1.0, 2.0]}, "a layer that takes one input, fed two"),
        ],
    ),
    "dense_backward": Case(
        {"da": [2.0, -1.0], "W": W, "h": [-1.0, 1.0]},
        {"da": Arr(ndim=1), "W": LAYER, "h": LAYER},
        extra=[
            ("da", {"da": [1.0, 2.0, 3.0]}, "one gradient more than the layer has units"),
            ("da", {"da": [[2.0, -1.0]]}, "a batch of gradients for one sample"),
            ("h", {"h": [1.0, 2.0, 3.0]}, "three inputs for a layer that takes two"),
        ],
    ),
    "activate": Case(
        {"a": [-1.0, 0.0, 2.0], "activation": "relu"},
        {"a": Arr(ndim="any", empty_ok=True), "activation": Choice()},
    ),
    "activate_grad": Case(
        {"a": [-1.0, 0.0, 2.0], "activation": "sigmoid"},
        {"a": Arr(ndim="any", empty_ok=True), "activation": Choice()},
    ),
}
