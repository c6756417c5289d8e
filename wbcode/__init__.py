"""wbcode: tested numpy implementations behind the Deep Learning Workbook textbook.

The algorithms live in one module per topic (``wbcode.softmax``, ``wbcode.linear``,
``wbcode.conv``, ...); every public function is also re-exported here. The
workbook's given data lives in :mod:`wbcode.workbook`.
"""

from . import workbook
from .activations import drelu, dsigmoid, relu, sigmoid
from .gradcheck import GradCheck, gradcheck, numerical_gradient
from .linear import (
    SGDPass,
    SGDStep,
    least_squares,
    max_stable_lr,
    predict,
    sgd_pass,
    sgd_pass_matrix,
    squared_loss,
    squared_loss_grad,
    total_loss,
)
from .lstm import LSTMForward, LSTMStep, lstm_forward, lstm_step
from .rnn import (
    RNNForward,
    RNNGrads,
    clip_by_norm,
    clip_global_norm,
    jacobian_norms,
    rnn_backward,
    rnn_forward,
    rnn_loss,
)
from .softmax import log_softmax, softmax, softmax_naive
from .style import OKABE_ITO, use_book_style
from .tables import Table, fmt_number, table

__version__ = "0.1.0"

__all__ = [
    "OKABE_ITO",
    "GradCheck",
    "LSTMForward",
    "LSTMStep",
    "RNNForward",
    "RNNGrads",
    "SGDPass",
    "SGDStep",
    "Table",
    "clip_by_norm",
    "clip_global_norm",
    "drelu",
    "dsigmoid",
    "fmt_number",
    "gradcheck",
    "jacobian_norms",
    "least_squares",
    "log_softmax",
    "lstm_forward",
    "lstm_step",
    "max_stable_lr",
    "numerical_gradient",
    "predict",
    "relu",
    "rnn_backward",
    "rnn_forward",
    "rnn_loss",
    "sgd_pass",
    "sgd_pass_matrix",
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
