"""API cases of wbcode.adaptive: AdaGrad, RMSProp, Adam, their step, and make_optimizer."""

from __future__ import annotations

from api_cases import Case, Choice, Prob, Real
from api_cases.optim import step_case
from wbcode.adaptive import AdaGrad, Adam, RMSProp

DECAY = Prob(open_high=True)  # a decay rate in [0, 1)
POSITIVE = Real(positive=True)

CASES = {
    "AdaGrad": Case({"lr": 0.1, "eps": 1e-7}, {"lr": POSITIVE, "eps": POSITIVE}),
    "RMSProp": Case(
        {"lr": 0.01, "rho": 0.9, "eps": 1e-6}, {"lr": POSITIVE, "rho": DECAY, "eps": POSITIVE}
    ),
    "Adam": Case(
        {"lr": 0.01, "beta1": 0.9, "beta2": 0.999, "eps": 1e-8},
        {"lr": POSITIVE, "beta1": DECAY, "beta2": DECAY, "eps": POSITIVE},
    ),
    "make_optimizer": Case(
        {"name": "adam", "lr": 0.01},
        {
            "name": Choice(("gd", "momentum", "nesterov", "adagrad", "rmsprop", "adam")),
            "lr": POSITIVE,
        },
        extra=[("momentum", {"momentum": 0.9}, "a hyperparameter Adam does not have")],
    ),
    "AdaGrad.step": step_case(lambda: AdaGrad(lr=0.1)),
    "RMSProp.step": step_case(lambda: RMSProp(lr=0.1)),
    "Adam.step": step_case(lambda: Adam(lr=0.1)),
}
