"""API cases of wbcode.softmax."""

from api_cases import Arr, Case, Real

CASES = {
    "softmax": Case(
        {"x": [[1.0, 0.0, 2.0], [3.0, -1.0, 0.5]], "temperature": 0.5},
        {"x": Arr(ndim="any", min_ndim=1), "temperature": Real(positive=True)},
    ),
    "log_softmax": Case({"x": [1.0, 0.0, 2.0]}, {"x": Arr(ndim="any", min_ndim=1)}),
    "softmax_naive": Case({"x": [1.0, 0.0, 2.0]}, {"x": Arr(ndim="any", min_ndim=1)}),
}
