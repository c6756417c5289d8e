"""API cases of wbcode.sparse_autoencoder."""

from api_cases import Arr, Bad, Case, Choice, Other, Real

ARGS = {
    "x": [1.0, 0.0, 2.0],
    "W": [[1.0, 0.0, 1.0], [-1.0, 2.0, 1.0]],
    "V": [[1.0, 0.0], [0.0, 1.0], [1.0, -1.0]],
    "lam": 0.5,
    "g": "sigmoid",
}
KINDS = {
    "x": Arr(ndim=(1, 2)),
    "W": Arr(ndim=2),
    "V": Arr(ndim=2),
    "lam": Real(positive=True, zero_ok=True),
    "g": Choice(),
}
EXTRA = [
    ("x", {"x": [1.0, 0.0]}, "fewer features than W has columns"),
    ("V", {"V": [[1.0, 0.0, 1.0], [0.0, 1.0, -1.0]]}, "a decoder of the encoder's shape"),
    ("x", {"x": [1e200, 0.0, 1e200], "g": "relu"}, "a loss beyond float64"),
]
DG = Other([Bad(3, "an integer"), Bad("f", "a string"), Bad(abs, "a derivative with g named")])

CASES = {
    "SparseAEPass": Case.exempt("a result record of sparse_ae_backward; users do not build it"),
    "sparse_ae_loss": Case(dict(ARGS), dict(KINDS), extra=list(EXTRA)),
    "sparse_ae_backward": Case(dict(ARGS), {**KINDS, "dg": DG}, extra=list(EXTRA)),
    "sparse_ae_grad": Case(dict(ARGS), {**KINDS, "dg": DG}, extra=list(EXTRA)),
}
