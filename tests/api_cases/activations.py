"""API cases of wbcode.activations."""

from api_cases import Arr, Case

A = [-2.0, 0.0, 0.5, 3.0]
CASES = {
    name: Case({"a": A}, {"a": Arr(ndim="any", empty_ok=True)})
    for name in ("sigmoid", "dsigmoid", "relu", "drelu")
}
