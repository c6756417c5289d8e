"""API cases of wbcode.typeset."""

from api_cases import Arr, Bad, Case, Choice, Other
from api_cases.draw import BAD_FMT
from api_cases.tables import BAD_SPEC

CASES = {
    "number_latex": Case(
        {"value": -1.5e-5, "spec": ".3g"},
        {
            # NaN and inf are written as such (documented), so they are not bad values
            "value": Other(
                [
                    Bad("1.0", "a string"),
                    Bad(None, "None"),
                    Bad(True, "a bool"),
                    Bad(1j, "a complex number"),
                    Bad([1.0], "a list"),
                ]
            ),
            "spec": BAD_SPEC,
        },
    ),
    "array_latex": Case(
        {"value": [[1.0, -2.0], [0.5, 3.0]], "style": "smallmatrix", "spec": ".4g"},
        {
            "value": Arr(ndim=(1, 2), empty_ok=True, nonfinite="propagate"),
            "style": Choice(("tuple", "smallmatrix", "bmatrix")),
            "spec": BAD_SPEC,
        },
    ),
    "MatrixMath": Case(
        {"latex": r"x = \frac{1}{2}"},
        {"latex": Other([Bad(3, "a number"), Bad(None, "None"), Bad(["x"], "a list")])},
    ),
    "bmatrix": Case(
        {"M": [[1.0, -2.5], [0.0, 3.0]], "prefix": "K = ", "fmt": "{:.1f}"},
        {
            "M": Arr(ndim=(1, 2)),
            "prefix": Other([Bad(3, "a number"), Bad(None, "None")]),
            "fmt": BAD_FMT,
        },
    ),
}
