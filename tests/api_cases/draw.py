"""API cases of wbcode.draw (network diagrams drawn with matplotlib's Agg backend)."""

import matplotlib

matplotlib.use("Agg")

import numpy as np
from matplotlib.figure import Figure

from api_cases import Bad, Case, Flag, Other, Real
from wbcode.workbook import Q3

# Layer sizes as an integer array: the test turns numeric lists into float arrays,
# and a float is not a unit count.
LAYERS = np.array([2, 2, 1])

BAD_LAYERS = Other(
    [
        Bad("21", "a string"),
        Bad(None, "None"),
        Bad(3, "a number, not a list"),
        Bad([2], "one layer only"),
        Bad([2, 0, 1], "a layer of 0 units"),
        Bad([2, 1.5, 1], "a fractional unit count"),
        Bad([2, 2.0, 1], "a float unit count"),
        Bad([2, True, 1], "a bool unit count"),
        Bad([2, "2", 1], "a string unit count"),
    ]
)

#: Wrong values of ``fmt``, a format string or a function of the number.
BAD_FMT = Other(
    [
        Bad(3, "a number"),
        Bad(None, "None"),
        Bad("weight", "a format string without a field"),
        Bad("{:d}", "an integer format for floats"),
        Bad("{}{}", "two fields"),
        Bad("{", "an unmatched brace"),
        Bad(lambda w: w, "a function that returns a number"),
    ]
)

CASES = {
    "draw_network": Case(
        {
            "layers": LAYERS,
            "weights": [Q3.W, Q3.v],
            "masks": [[1, 1], [1, 0], [1]],
            "labels": [["$a$", "$b$"], None, None],
            "values": [[-1.0, 1.0], [0.0, 2.0], [5.0]],
            "layer_titles": ["input", "hidden", "output"],
            "title": "net",
            "fmt": "{:.2f}",
            "label_at": 0.4,
            "color_by_sign": True,
            "scale": 0.8,
        },
        {
            "layers": BAD_LAYERS,
            "weights": Other(
                [
                    Bad(np.ones((2, 2, 3)), "an array, not a list"),
                    Bad("abc", "a string"),
                    Bad([Q3.W], "one matrix for two gaps"),
                    Bad([[[1, 2, 3, 4], [1, 2, 3, 4]], Q3.v], "a matrix of the wrong shape"),
                    Bad([[["a", "b", "c"], ["a", "b", "c"]], Q3.v], "strings"),
                    Bad([[[np.nan, 1, 2], [1, 1, 1]], Q3.v], "NaN"),
                    Bad([[[np.inf, 1, 2], [1, 1, 1]], Q3.v], "inf"),
                    Bad([[[1, 2], [3]], Q3.v], "a ragged matrix"),
                    Bad([Q3.W.astype(complex), Q3.v], "complex numbers"),
                ]
            ),
            "biases": Other(
                [
                    Bad([[1.0, 2.0], None], "a bias given twice (the weights are augmented)"),
                    Bad([[1.0, 2.0, 3.0], None], "a bias of the wrong length"),
                    Bad("ab", "a string"),
                    Bad([None], "one entry for two gaps"),
                ]
            ),
            "masks": Other(
                [
                    Bad([[1, 0.5]], "a mask entry that is neither 0 nor 1"),
                    Bad([[1, 0, 1]], "a mask of the wrong length"),
                    Bad([[1, 1], [1, 1], [1], [1]], "more masks than layers"),
                    Bad("ab", "a string"),
                    Bad([[1, np.nan]], "NaN"),
                ]
            ),
            "labels": Other(
                [
                    Bad([["a", "b"]], "labels for one layer of three"),
                    Bad([["a"], None, None], "one label for two units"),
                    Bad([[1, 2], None, None], "numbers, not strings"),
                    Bad(["ab", None, None], "a string for a layer"),
                    Bad("abc", "a string"),
                ]
            ),
            "values": Other(
                [
                    Bad([None, None, [1.0, 2.0]], "two values for one unit"),
                    Bad([[np.nan, 1.0], None, None], "NaN"),
                    Bad([None, None], "values for two layers of three"),
                    Bad([["a", "b"], None, None], "strings"),
                    Bad("abc", "a string"),
                ]
            ),
            "layer_titles": Other(
                [
                    Bad(["a"], "one title for three layers"),
                    Bad([1, 2, 3], "numbers, not strings"),
                    Bad("abc", "a string"),
                ]
            ),
            "title": Other([Bad(3, "a number"), Bad(["net"], "a list")]),
            "fmt": BAD_FMT,
            "label_at": Real(positive=True, high=1.0),
            "color_by_sign": Flag(),
            "scale": Real(positive=True),
            "ax": Other(
                [
                    Bad("ax", "a string"),
                    Bad(3, "a number"),
                    Bad(Figure(), "a Figure, not an Axes"),
                ]
            ),
        },
        extra=[("label_at", {"label_at": 1.0}, "exactly 1, the end of the edge")],
    ),
    "default_labels": Case({"layers": LAYERS}, {"layers": BAD_LAYERS}),
}
