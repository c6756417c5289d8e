"""API cases of wbcode.selfcheck."""

from api_cases import Arr, Bad, Case, Flag, Int, Other
from wbcode.selfcheck import Field, Slip

TEXT = Other([Bad("", "an empty string"), Bad(3, "a number"), Bad(None, "None")])
FIELD = Field("p", "the probabilities", [0.25, 0.75], decimals=3)
SLIP = Slip("forgetting the exponential", "sec-c", p=[0.4, 0.6])

CASES = {
    "Field": Case(
        {
            "key": "p",
            "label": "the probabilities",
            "answer": [0.25, 0.75],
            "decimals": 3,
            "steps": False,
        },
        {
            "key": Other([Bad("not an id", "spaces"), Bad(3, "a number"), Bad(None, "None")]),
            "label": TEXT,
            "answer": Arr(ndim=(0, 1)),
            "decimals": Int(minimum=0),
            "steps": Flag(),
        },
        extra=[("decimals", {"decimals": 11}, "more than 10 decimals")],
    ),
    "Slip": Case(
        {"name": "forgetting the exponential", "see": "sec-c", "p": [0.4, 0.6]},
        {"name": TEXT, "see": TEXT, "p": Arr(ndim=(0, 1))},
        call=lambda name, see, **values: Slip(name, see, **values),
    ),
    "AnswerBox": Case(
        {"fields": [FIELD], "slips": [SLIP]},
        {
            "fields": Other([Bad([], "no field"), Bad("p", "a string"), Bad([SLIP], "a slip")]),
            "slips": Other(
                [
                    Bad("x", "a string"),
                    Bad([FIELD], "a field"),
                    Bad([Slip("s", "t", q=[1.0])], "an unknown field"),
                    Bad([Slip("s", "t", p=[1.0])], "too few numbers"),
                ]
            ),
        },
    ),
}
