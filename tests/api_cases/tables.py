"""API cases of wbcode.tables."""

import numpy as np

from api_cases import Arr, Bad, Case, Other

BAD_SPEC = Other(
    [
        Bad(3, "a number"),
        Bad(None, "None"),
        Bad("q", "an unknown format code"),
        Bad("d", "an integer format for floats"),
    ]
)

CASES = {
    "fmt_number": Case(
        {"value": [0.5, -1.0], "spec": ".3g"},
        {
            "value": Other(
                [
                    Bad(None, "None"),
                    Bad(object(), "an object"),
                    Bad(1 + 2j, "a complex number"),
                    Bad([1 + 1j, 2.0], "complex numbers"),
                    Bad([[1.0, 2.0], [3.0]], "a ragged nested list"),
                    Bad(np.ones((2, 2, 2)), "3 dimensions"),
                    Bad(["a", "b"], "a list of strings"),
                ]
            ),
            "spec": BAD_SPEC,
        },
    ),
    "table": Case(
        {
            "header": ["step", "w"],
            "rows": [[1, [0.5, -1.0]], [2, [0.25, 0.0]]],
            "spec": ".4g",
            "arrays": {"w": "tuple"},
        },
        {
            "header": Other(
                [
                    Bad("ab", "a string"),
                    Bad(None, "None"),
                    Bad([], "no column"),
                    Bad(["step", 3], "a number among the titles"),
                ]
            ),
            "rows": Other(
                [
                    Bad("ab", "a string"),
                    Bad(None, "None"),
                    Bad([[1]], "a row with one cell for two columns"),
                    Bad([[1, object()]], "an object in a cell"),
                    Bad([[1, np.ones((2, 2, 2))]], "a 3-D array in a cell"),
                    Bad([5], "a number for a row"),
                    Bad([["ab", [1.0, 2.0]], "ab"], "a string for a row"),
                ]
            ),
            "spec": BAD_SPEC,
            "arrays": Other(
                [
                    Bad("matrix", "an unknown style"),
                    Bad(3, "a number"),
                    Bad(None, "None"),
                    Bad({"nope": "tuple"}, "an unknown column"),
                    Bad({5: "tuple"}, "a column index out of range"),
                    Bad({True: "tuple"}, "a bool for a column"),
                    Bad({1: "fancy"}, "an unknown style for a column"),
                ]
            ),
        },
    ),
    "Table": Case(
        {"header": ["a", "b"], "rows": [["1", "x"]], "align": ["right", "left"]},
        {
            "header": Other([Bad("ab", "a string"), Bad([], "no column"), Bad([1, 2], "numbers")]),
            "rows": Other(
                [
                    Bad([["1"]], "one cell for two columns"),
                    Bad([[1, "x"]], "a number, not a formatted cell"),
                    Bad(None, "None"),
                ]
            ),
            "align": Other(
                [
                    Bad(["up", "left"], "an unknown alignment"),
                    Bad(["left"], "one alignment for two columns"),
                    Bad("left", "a string"),
                ]
            ),
        },
    ),
    "written_out": Case(
        {"w": [1.0, 2.0, 1.0], "h": [-1.0, 1.0]},
        {"w": Arr(ndim=1), "h": Arr(ndim=1, empty_ok=True)},
        extra=[
            ("w", {"w": [1.0, 2.0, 3.0, 4.0]}, "one weight too many for h"),
            ("w", {"h": [1.0]}, "one input too few for w"),
        ],
    ),
}
