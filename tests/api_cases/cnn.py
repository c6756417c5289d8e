"""API cases of wbcode.cnn."""

import numpy as np

from api_cases import Arr, Case, Flag, Prob, Real

V0 = np.arange(2 * 4 * 4, dtype=float).reshape(2, 4, 4) / 10 - 1.2
K1 = np.linspace(-1.0, 1.0, 3 * 2 * 2 * 2).reshape(3, 2, 2, 2)  # -> (3, 3, 3)
K2 = np.linspace(0.5, -0.5, 3 * 3 * 3).reshape(1, 3, 3, 3)  # -> (1, 1, 1)

NET = {"V0": V0, "K1": K1, "K2": K2, "theta": 0.3, "second_relu": False}
KINDS = {
    "V0": Arr(ndim=(2, 3)),
    "K1": Arr(ndim=4),
    "K2": Arr(ndim=4),
    "theta": Real(),
    "second_relu": Flag(),
}
EXTRA = [
    ("K1", {"K1": K1[:, :1]}, "kernels for 1 input channel on a 2-channel image"),
    ("K1", {"K1": np.ones((3, 2, 5, 5))}, "kernels larger than the image"),
    ("K2", {"K2": K2[:, :2]}, "K2 for 2 channels after a 3-channel first layer"),
    ("K2", {"K2": np.ones((2, 3, 3, 3))}, "two output channels"),
    ("K2", {"K2": K2[..., :2, :2]}, "a second layer that leaves a 2x2 map"),
]

CASES = {
    "CNNForward": Case.exempt("the result record of cnn_forward; users do not build it"),
    "CNNGrads": Case.exempt("the result record of cnn_backward; users do not build it"),
    "cnn_forward": Case(dict(NET), dict(KINDS), extra=list(EXTRA)),
    "cnn_loss": Case({**NET, "y": 1.0}, {**KINDS, "y": Prob()}, extra=list(EXTRA)),
    "cnn_backward": Case({**NET, "y": 0.0}, {**KINDS, "y": Prob()}, extra=list(EXTRA)),
}
