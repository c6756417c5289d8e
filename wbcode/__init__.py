"""wbcode: tested numpy implementations behind the Deep Learning Workbook textbook.

Every public function is re-exported here; the modules are organised by
algorithm (``softmax``, ``linear``, ``gradcheck``, ...) and the workbook's given
data lives in :mod:`wbcode.workbook`.
"""

from . import workbook
from .activations import drelu, dsigmoid, relu, sigmoid
from .gradcheck import GradCheck, gradcheck, numerical_gradient
from .linear import (
    SGDPass,
    SGDStep,
    least_squares,
    predict,
    sgd_pass,
    squared_loss,
    squared_loss_grad,
    total_loss,
)
from .softmax import log_softmax, softmax, softmax_naive
from .style import OKABE_ITO, use_book_style
from .tables import Table, table

__version__ = "0.1.0"

__all__ = [
    "OKABE_ITO",
    "GradCheck",
    "SGDPass",
    "SGDStep",
    "Table",
    "drelu",
    "dsigmoid",
    "gradcheck",
    "least_squares",
    "log_softmax",
    "numerical_gradient",
    "predict",
    "relu",
    "sgd_pass",
    "sigmoid",
    "softmax",
    "softmax_naive",
    "squared_loss",
    "squared_loss_grad",
    "table",
    "total_loss",
    "use_book_style",
    "workbook",
]
