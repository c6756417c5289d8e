"""API cases of wbcode.heatmap (drawn with matplotlib's Agg backend)."""

import matplotlib

matplotlib.use("Agg")

import numpy as np
from matplotlib.figure import Figure

from api_cases import Arr, Bad, Case, Flag, Other, Real
from api_cases.draw import BAD_FMT

BAD_TITLE = Other([Bad(3, "a number"), Bad(["K"], "a list")])

CASES = {
    "heatmap": Case(
        {
            "ax": Figure().add_subplot(),
            "M": [[1.0, -2.0], [0.0, 3.0]],
            "vmax": 4.0,
            "fmt": "{:.1f}",
            "title": "K",
            "cmap": "RdBu_r",
            "fontsize": 9.0,
        },
        {
            "ax": Other(
                [Bad("ax", "a string"), Bad(None, "None"), Bad(Figure(), "a Figure, not an Axes")]
            ),
            "M": Arr(ndim=(1, 2)),
            # None is valid (the largest absolute entry): every other wrong number
            "vmax": Other([b for b in Real(positive=True).bad(4.0) if b.value is not None]),
            "fmt": BAD_FMT,
            "title": BAD_TITLE,
            "cmap": Other(
                [Bad("no-such-map", "an unknown colour map"), Bad(3, "a number"), Bad(None, "None")]
            ),
            "fontsize": Real(positive=True),
        },
    ),
    "heatmap_row": Case(
        {
            "maps": [[[1.0, 2.0], [3.0, 4.0]], [[0.0, 1.0]]],
            "titles": ["M", "K"],
            "between": ["$\\star$"],
            "shared_scale": True,
            "fmt": "{:g}",
            "suptitle": "a row",
            "scale": 0.8,
        },
        {
            "maps": Other(
                [
                    Bad("abc", "a string"),
                    Bad(None, "None"),
                    Bad([], "no matrix"),
                    Bad([[["a"]]], "strings"),
                    Bad([[[np.nan]]], "NaN"),
                    Bad([np.ones((2, 2, 2))], "a 3-D array"),
                    Bad([[[1.0, 2.0], [3.0]]], "a ragged matrix"),
                ]
            ),
            "titles": Other(
                [
                    Bad("MK", "a string"),
                    Bad(["M"], "one title for two maps"),
                    Bad([1, 2], "numbers"),
                ]
            ),
            "between": Other(
                [
                    Bad("*", "a string"),
                    Bad(["*", "="], "two symbols for one gap"),
                    Bad([3], "a number"),
                ]
            ),
            "shared_scale": Flag(),
            "fmt": BAD_FMT,
            "suptitle": BAD_TITLE,
            "scale": Real(positive=True),
        },
    ),
    "heatmap_rows": Case(
        {
            "rows": [[[[1.0, 2.0]], [[3.0]]], [[[0.0, -1.0], [1.0, 0.0]]]],
            "titles": [["a", "b"], ["c"]],
            "between": [["="], []],
            "row_labels": ["a)", "b)"],
            "shared_scale": "row",
            "fmt": "{:g}",
            "suptitle": "rows",
            "scale": 1.2,
        },
        {
            "rows": Other(
                [
                    Bad("abc", "a string"),
                    Bad(None, "None"),
                    Bad([], "no row"),
                    Bad([[], [[[0.0]]]], "a row without a matrix"),
                    Bad([[[[1.0]], [[2.0]]], "ab"], "a string for a row"),
                    Bad([[[[1.0]], [[2.0]]], [[[np.inf]]]], "inf in the second row"),
                ]
            ),
            "titles": Other(
                [
                    Bad([["a", "b"]], "titles for one row of two"),
                    Bad([["a"], ["c"]], "one title for two maps"),
                    Bad("ab", "a string"),
                ]
            ),
            "between": Other(
                [Bad([["="]], "symbols for one row of two"), Bad([["=", "="], []], "too many")]
            ),
            "row_labels": Other(
                [
                    Bad(["a)"], "one label for two rows"),
                    Bad("ab", "a string"),
                    Bad([1, 2], "numbers"),
                ]
            ),
            "shared_scale": Other(
                [
                    Bad(1, "the integer 1"),
                    Bad("column", "an unknown option"),
                    Bad(None, "None"),
                    Bad("yes", "a string"),
                ]
            ),
            "fmt": BAD_FMT,
            "suptitle": BAD_TITLE,
            "scale": Real(positive=True),
        },
    ),
}
