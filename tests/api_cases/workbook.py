"""API cases of wbcode.workbook.

``Given`` is the record of one question's data. The workbook's 21 records are
built in the module, but nothing keeps a teacher from building one for an
extra exercise, so it checks its arguments and copies the data it keeps.
"""

from api_cases import Bad, Case, Int, Other

CASES = {
    "Given": Case(
        {"number": 22, "title": "An extra exercise", "notes": "made up", "w": [1.0, 2.0]},
        {
            "number": Int(minimum=1),
            "title": Other([Bad(3, "a number"), Bad(None, "None"), Bad("", "an empty title")]),
            "notes": Other([Bad(3, "a number"), Bad(None, "None")]),
            "w": Other([Bad([[1.0, 2.0], [3.0]], "a ragged list of numbers")]),
        },
        extra=[("keys", {"keys": 1}, "a field name taken by the record's own methods")],
    ),
}
