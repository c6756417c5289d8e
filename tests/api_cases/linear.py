"""API cases of wbcode.linear: the linear model, its squared loss and SGD passes over it."""

from __future__ import annotations

from api_cases import Arr, Case, Real

THETA = [0.5, 1.5, 0.5]
X = [[1.0, 1.0, 2.0], [1.0, 2.0, 4.0], [1.0, 4.0, 8.0]]
Y = [2.0, 4.0, 8.0]
MODEL = {"theta": Arr(ndim=1), "X": Arr(ndim=(1, 2)), "y": Arr(ndim=1)}
WRONG_COLUMNS = ("X", {"X": [[1.0, 2.0], [3.0, 4.0]]}, "two columns for three weights")
WRONG_TARGETS = ("y", {"y": [2.0, 4.0]}, "two targets for three rows")

CASES = {
    "predict": Case(
        {"theta": THETA, "X": X}, {"theta": Arr(ndim=1), "X": Arr(ndim=(1, 2))}, [WRONG_COLUMNS]
    ),
    "squared_loss": Case(
        {"y": [2.0, 4.0], "yhat": [3.0, 5.5]},
        {"y": Arr(empty_ok=True), "yhat": Arr(empty_ok=True)},
        [("yhat", {"yhat": [3.0]}, "one prediction for two targets")],
    ),
    "total_loss": Case({"theta": THETA, "X": X, "y": Y}, MODEL, [WRONG_COLUMNS, WRONG_TARGETS]),
    "squared_loss_grad": Case(
        {"theta": THETA, "X": X, "y": Y}, MODEL, [WRONG_COLUMNS, WRONG_TARGETS]
    ),
    "least_squares": Case({"X": X, "y": Y}, {"X": Arr(ndim=2), "y": Arr(ndim=1)}, [WRONG_TARGETS]),
    "sgd_pass": Case(
        {"theta": THETA, "X": X, "y": Y, "lr": 0.001},
        {**MODEL, "X": Arr(ndim=2), "lr": Real(positive=True)},
        [
            WRONG_COLUMNS,
            WRONG_TARGETS,
            ("update", {"update": lambda t, g: t - g}, "both lr and update"),
            ("update", {"lr": None, "update": "step"}, "an update that is not callable"),
            ("update", {"lr": None, "update": lambda t, g: t[:1]}, "an update of the wrong shape"),
            ("lr", {"lr": 1e200}, "a step size that makes the pass diverge"),
        ],
    ),
    "sgd_pass_matrix": Case({"X": X, "lr": 0.01}, {"X": Arr(ndim=2), "lr": Real(positive=True)}),
    "max_stable_lr": Case(
        {"X": X, "tol": 1e-8},
        {"X": Arr(ndim=2), "tol": Real(positive=True, high=1.0)},
        [
            ("tol", {"tol": 1.0}, "a relative tolerance of 1"),
            ("X", {"X": [[0.0, 0.0], [0.0, 0.0]]}, "only zero rows"),
        ],
    ),
    "SGDPass": Case.exempt("the result record of sgd_pass; users read it, they do not build it"),
    "SGDStep": Case.exempt("one step of the SGDPass record; built by sgd_pass only"),
}
