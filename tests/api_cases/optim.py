"""API cases of wbcode.optim: the optimizers' hyperparameters and their step method."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from api_cases import Arr, Case, Prob, Real
from wbcode.optim import GD, Momentum, Nesterov

THETA = [[1.0, -2.0, 0.5], [0.25, 3.0, -1.0]]
GRAD = [[0.1, 0.2, -0.3], [-0.3, 0.4, 1.0]]


def stepper(make: Callable[[], Any]) -> Callable[..., Any]:
    """A second step of a fresh optimizer, after one on arrays of THETA's shape."""

    def call(theta: Any, grad: Any) -> Any:
        opt = make()
        opt.step(np.ones((2, 3)), np.full((2, 3), 0.5))
        return opt.step(theta, grad)

    return call


def step_case(make: Callable[[], Any]) -> Case:
    return Case(
        {"theta": THETA, "grad": GRAD},
        {"theta": Arr(ndim="any"), "grad": Arr(ndim="any")},
        extra=[
            ("grad", {"grad": GRAD[0]}, "a gradient of another shape"),
            ("grad", {"theta": [np.ones(3), np.ones(3)], "grad": np.ones(3)}, "one array for two"),
            ("grad", {"theta": [np.ones(3), np.ones(3)], "grad": [np.ones(3)]}, "one array short"),
        ],
        call=stepper(make),
    )


DECAY = Prob(open_high=True)  # a momentum or decay rate in [0, 1)

CASES = {
    "Optimizer": Case.exempt("abstract base class; every optimizer that subclasses it has a case"),
    "GD": Case({"lr": 0.1}, {"lr": Real(positive=True)}),
    "Momentum": Case({"lr": 0.1, "momentum": 0.9}, {"lr": Real(positive=True), "momentum": DECAY}),
    "Nesterov": Case({"lr": 0.1, "momentum": 0.5}, {"lr": Real(positive=True), "momentum": DECAY}),
    "GD.step": step_case(lambda: GD(lr=0.1)),
    "Momentum.step": step_case(lambda: Momentum(lr=0.1)),
    "Nesterov.step": step_case(lambda: Nesterov(lr=0.1)),
}
