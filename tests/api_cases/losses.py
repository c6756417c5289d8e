"""API cases of wbcode.losses."""

from api_cases import Arr, Case, Choice

ANY = Arr(ndim="any")
LOGISTIC = {"y": [1.0, 0.0, 1.0], "o": [2.0, -1.0, 40.0], "loss": "logistic", "output": "sigmoid"}
TARGETS = [
    ("y", {"y": [1.5, 0.0, 1.0]}, "a target above 1 for the binary cross-entropy"),
    ("y", {"y": [1.0, -0.5, 1.0]}, "a negative target for the binary cross-entropy"),
    ("y", {"y": [1.0, 0.0]}, "fewer targets than outputs"),
]
LOSS_KINDS = {"y": ANY, "o": ANY, "loss": Choice(), "output": Choice()}
OUTPUT = [("output", {"output": "identity"}, "the logistic loss without a sigmoid output")]

CASES = {
    "logistic_loss": Case(
        {"y": LOGISTIC["y"], "o": LOGISTIC["o"]},
        {"y": Arr(ndim="any", empty_ok=True), "o": Arr(ndim="any", empty_ok=True)},
        extra=TARGETS,
    ),
    "loss": Case(LOGISTIC, LOSS_KINDS, extra=TARGETS + OUTPUT),
    "loss_grad": Case(LOGISTIC, LOSS_KINDS, extra=TARGETS + OUTPUT),
}
