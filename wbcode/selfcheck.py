"""The numbers behind a page's self-check box.

A question page computes its key results, and the results that known slips
give instead (the factor 1/2 in the squared error, the bias put last, a
flipped kernel, ...), and glues them as one :class:`AnswerBox`; the book
shows a box where the reader types a result and learns whether it is right,
or which slip it matches. Every number comes from the executed page.

>>> import numpy as np
>>> box = AnswerBox(
...     [Field("p", "the probabilities", np.array([0.25, 0.75]), decimals=3)],
...     [Slip("forgetting the exponential", "sec-c", p=[0.4, 0.6])],
... )
>>> box.spec()["fields"][0]["answer"]
[0.25, 0.75]
>>> print(box)
AnswerBox: p (2 numbers, 3 decimals); 1 slip
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import ArrayLike

from ._checks import as_array, check_bool, check_int

__all__ = ["MIME_TYPE", "AnswerBox", "Field", "Slip"]

#: The MIME type under which the box's numbers are glued (a ``+json`` type, so
#: notebooks store it as JSON).
MIME_TYPE = "application/vnd.wbcode.answer+json"


def _numbers(value: ArrayLike, name: str) -> list[float]:
    return [float(v) for v in as_array(value, name, ndim=(0, 1)).ravel()]


@dataclass(frozen=True)
class Field:
    """One result the reader types.

    Parameters
    ----------
    key : str
        An identifier, unique in the box.
    label : str
        What to type, as MyST inline text (math allowed).
    answer : array_like, shape () or (n,)
        The correct number(s).
    decimals : int
        The tolerance: a typed number is right within half a unit of this decimal.
    steps : bool, default False
        The numbers are successive steps; a wrong sequence is reported at the
        first step that departs.
    """

    key: str
    label: str
    answer: ArrayLike
    decimals: int
    steps: bool = False

    def spec(self) -> dict[str, Any]:
        if not isinstance(self.key, str) or not self.key.isidentifier():
            raise ValueError(f"key must be an identifier, got {self.key!r}")
        if not isinstance(self.label, str) or not self.label.strip():
            raise TypeError(f"label must be a non-empty string, got {self.label!r}")
        return {
            "key": self.key,
            "label": self.label,
            "answer": _numbers(self.answer, "answer"),
            "decimals": check_int(self.decimals, "decimals", minimum=0),
            "steps": check_bool(self.steps, "steps"),
        }


@dataclass(frozen=True, init=False)
class Slip:
    """What a known slip gives: ``Slip(name, see, key=numbers, ...)``.

    Parameters
    ----------
    name : str
        The slip, as MyST inline text ("the factor 1/2 in the squared error").
    see : str
        The label of the place on the page that settles it (a heading's label).
    **values : array_like
        The numbers the slip gives, per field key.
    """

    name: str
    see: str
    values: dict[str, ArrayLike] = field(default_factory=dict)

    def __init__(self, name: str, see: str, **values: ArrayLike) -> None:
        object.__setattr__(self, "name", name)
        object.__setattr__(self, "see", see)
        object.__setattr__(self, "values", dict(values))

    def spec(self) -> dict[str, Any]:
        for arg, text in (("name", self.name), ("see", self.see)):
            if not isinstance(text, str) or not text.strip():
                raise TypeError(f"{arg} must be a non-empty string, got {text!r}")
        if not self.values:
            raise ValueError(f"slip {self.name!r} must give the numbers of at least one field")
        return {
            "name": self.name,
            "see": self.see,
            "values": {k: _numbers(v, f"values[{k!r}]") for k, v in self.values.items()},
        }


class AnswerBox:
    """The fields and slips of one self-check box; glue it and place ``{answer-box}``.

    In Jupyter it displays as a one-line summary; the book reads
    :data:`MIME_TYPE`.
    """

    def __init__(self, fields: Sequence[Field], slips: Sequence[Slip] = ()) -> None:
        self.fields = tuple(fields)
        self.slips = tuple(slips)
        self.spec()  # fail at once on a wrong number or key

    def spec(self) -> dict[str, Any]:
        """The JSON value the book reads."""
        if not self.fields or not all(isinstance(f, Field) for f in self.fields):
            raise TypeError("fields must be a non-empty sequence of Field")
        if not all(isinstance(s, Slip) for s in self.slips):
            raise TypeError("slips must be a sequence of Slip")
        return {"fields": [f.spec() for f in self.fields], "slips": [s.spec() for s in self.slips]}

    def __str__(self) -> str:
        parts = [
            f"{f.key} ({np.size(f.answer)} number{'s' * (np.size(f.answer) != 1)}, "
            f"{f.decimals} decimals)"
            for f in self.fields
        ]
        n = len(self.slips)
        return f"AnswerBox: {'; '.join(parts)}; {n} slip{'s' * (n != 1)}"

    __repr__ = __str__

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, Any]:
        return {MIME_TYPE: self.spec(), "text/plain": str(self)}
