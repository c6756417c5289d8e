"""API cases of wbcode.loglik."""

from api_cases import Arr, Case, Choice, Int

LOGITS = [[1.0, 0.0, 2.0], [0.0, 3.0, -1.0]]  # two samples, three classes
LABELS = [2, 0]
SIGMOID = {"output": "sigmoid", "o": [0.5, -2.0], "y": [1.0, 0.0]}
NLL_EXTRA = [
    ("y", {**SIGMOID, "y": [2.0, 0.0]}, "a sigmoid target above 1"),
    ("y", {**SIGMOID, "y": [1.0, 0.0, 1.0]}, "more sigmoid targets than logits"),
    ("y", {"y": [1.5, 0.0]}, "a fractional class index"),
    ("y", {"y": [3, 0]}, "a class index out of range"),
    ("y", {"y": [[1.0, 1.0, 0.0], [1.0, 0.0, 0.0]]}, "one-hot rows that do not sum to 1"),
    ("y", {"y": [[1.0, 0.0], [1.0, 0.0]]}, "one-hot rows of the wrong length"),
    ("o", {"o": 1.0}, "a single number as softmax logits"),
]
NLL_KINDS = {"y": Arr(ndim=(1, 2)), "o": Arr(ndim="any", min_ndim=1), "output": Choice()}

W = [[1.0, 2.0, 1.0], [1.0, 1.0, 2.0], [0.0, -1.0, 1.0]]  # 3 classes (or 3 units), 2 inputs
X = [[-1.0, 1.0], [0.5, 2.0]]
V = [[1.0, -1.0, 2.0, 0.5], [0.0, 1.0, 1.0, -1.0]]  # 2 classes from 3 hidden units
LINEAR_KINDS = {"W": Arr(ndim=(1, 2)), "X": Arr(ndim=(1, 2)), "y": Arr(ndim=(1, 2))}
LINEAR_KINDS["output"] = Choice()
LINEAR_EXTRA = [
    ("W", {"W": [1.0, 2.0, 1.0]}, "a vector W (one logit) with a softmax output"),
    ("X", {"X": [[-1.0, 1.0, 2.0]]}, "three inputs for weights that take two"),
    ("y", {"y": [2, 0, 1]}, "more labels than samples"),
    ("y", {"y": [3, 0]}, "a class index out of range"),
    ("y", {"W": [1.0, 2.0, 1.0], "output": "sigmoid", "y": [1.0, 2.0]}, "a target above 1"),
]
HIDDEN_KINDS = {"W": Arr(ndim=2), "V": Arr(ndim=(1, 2)), "X": Arr(ndim=(1, 2))}
HIDDEN_KINDS |= {"y": Arr(ndim=(1, 2)), "output": Choice(), "activation": Choice()}
HIDDEN = {"W": W, "V": V, "X": X, "y": [1, 0], "output": "softmax", "activation": "relu"}
HIDDEN_EXTRA = [
    ("V", {"V": [1.0, -1.0, 2.0, 0.5]}, "a vector V (one logit) with a softmax output"),
    ("V", {"V": [[1.0, -1.0, 2.0]]}, "V for two hidden units after three"),
    ("X", {"X": [[-1.0, 1.0, 2.0]]}, "three inputs for a W that takes two"),
    ("y", {"y": [1, 0, 1]}, "more labels than samples"),
    ("y", {"V": [1.0, -1.0, 2.0, 0.5], "output": "sigmoid", "y": [1.0, -1.0]}, "a negative target"),
]

CASES = {
    "one_hot": Case(
        {"labels": [2, 0, 1], "k": 3},
        {"labels": Arr(ndim=(0, 1)), "k": Int(minimum=1)},
        extra=[
            ("labels", {"labels": [1.5, 0.0]}, "a fractional label"),
            ("labels", {"labels": [3, 0]}, "a label out of range"),
            ("labels", {"labels": [-1, 0]}, "a negative label"),
        ],
    ),
    "nll": Case({"y": LABELS, "o": LOGITS, "output": "softmax"}, NLL_KINDS, extra=NLL_EXTRA),
    "nll_grad": Case({"y": LABELS, "o": LOGITS, "output": "softmax"}, NLL_KINDS, extra=NLL_EXTRA),
    "linear_nll": Case(
        {"W": W, "X": X, "y": LABELS, "output": "softmax"}, LINEAR_KINDS, extra=LINEAR_EXTRA
    ),
    "linear_nll_grad": Case(
        {"W": W, "X": X, "y": LABELS, "output": "softmax"}, LINEAR_KINDS, extra=LINEAR_EXTRA
    ),
    "hidden_nll": Case(HIDDEN, HIDDEN_KINDS, extra=HIDDEN_EXTRA),
    "hidden_nll_grad": Case(HIDDEN, HIDDEN_KINDS, extra=HIDDEN_EXTRA),
}
