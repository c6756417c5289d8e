"""API cases of wbcode.gradient_play."""

from api_cases import Case, Choice, Int, Real

CASES = {
    "bilinear_game": Case(
        {"x0": 1.0, "y0": -0.5, "lr": 0.1, "steps": 5, "scheme": "alternating"},
        {
            "x0": Real(),
            "y0": Real(),
            "lr": Real(positive=True),
            "steps": Int(minimum=0),
            "scheme": Choice(),
        },
        extra=[("lr", {"lr": 1e200, "steps": 4, "scheme": "simultaneous"}, "iterates overflow")],
    ),
}
