"""The numbers behind the self-check boxes, and the book's check of them."""

from __future__ import annotations

import numpy as np
import pytest
from conftest import load_extension

from wbcode.selfcheck import MIME_TYPE, AnswerBox, Field, Slip


def _extension():
    return load_extension("answerbox")


def box() -> AnswerBox:
    return AnswerBox(
        [
            Field("p", "c) the probabilities", np.array([0.25, 0.75]), decimals=3),
            Field("n", "the count", 3, decimals=0, steps=False),
        ],
        [
            Slip("normalising the scores", "sec-c", p=[0.4, 0.6]),
            Slip("the count plus one", "sec-c", n=4),
        ],
    )


def test_the_box_is_glued_as_json_with_every_number_a_float() -> None:
    bundle = box()._repr_mimebundle_()
    spec = bundle[MIME_TYPE]
    assert spec["fields"][0] == {
        "key": "p",
        "label": "c) the probabilities",
        "answer": [0.25, 0.75],
        "decimals": 3,
        "steps": False,
    }
    assert spec["slips"][1]["values"] == {"n": [4.0]}
    assert (
        bundle["text/plain"]
        == "AnswerBox: p (2 numbers, 3 decimals); n (1 number, 0 decimals); 2 slips"
    )
    assert MIME_TYPE.endswith("+json")  # notebooks store +json outputs as JSON


def test_the_book_accepts_the_box_and_keeps_only_slips_that_differ() -> None:
    ext = _extension()
    checked = ext.validate(box().spec())
    assert [s["name"] for s in checked["slips"]] == ["normalising the scores", "the count plus one"]
    # A slip within the tolerance of the answer is no slip: the build refuses it.
    same = AnswerBox([Field("p", "p", [0.25], decimals=3)], [Slip("x", "y", p=[0.2504])])
    with pytest.raises(ext.SpecError, match="gives the correct numbers in every field"):
        ext.validate(same.spec())
    # Only the fields where a slip differs are kept for it.
    mixed = AnswerBox(
        [Field("a", "a", [1.0], decimals=2), Field("b", "b", [2.0], decimals=2)],
        [Slip("only b differs", "y", a=[1.0], b=[2.5])],
    )
    assert ext.validate(mixed.spec())["slips"][0]["values"] == {"b": [2.5]}


@pytest.mark.parametrize(
    "typed, exact, decimals, right",
    [
        (0.2447, 0.24472847, 4, True),
        (0.24474, 0.24472847, 4, True),
        (0.2448, 0.24472847, 4, False),
        (0.24, 0.24472847, 2, True),
        (0.25, 0.24472847, 2, False),
    ],
)
def test_tolerance_is_half_a_unit_of_the_last_decimal(typed, exact, decimals, right) -> None:
    assert _extension().agrees(typed, exact, decimals) is right


def test_the_book_rejects_malformed_boxes() -> None:
    ext = _extension()
    with pytest.raises(ext.SpecError, match="fields"):
        ext.validate({"slips": []})
    with pytest.raises(ext.SpecError, match="unknown field"):
        ext.validate(
            {
                "fields": [{"key": "a", "label": "a", "answer": 1.0, "decimals": 2}],
                "slips": [{"name": "s", "see": "x", "values": {"b": 1.0}}],
            }
        )
    with pytest.raises(ext.SpecError, match="finite"):
        ext.validate(
            {"fields": [{"key": "a", "label": "a", "answer": float("nan"), "decimals": 2}]}
        )
