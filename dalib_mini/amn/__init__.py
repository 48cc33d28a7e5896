"""AMN: end-to-end adversarial memory network for cross-domain sentiment classification
(Li, Zhang, Wei, Wu, Yang; IJCAI 2017).

Modules: :mod:`.settings` (:class:`AMNSettings`, the chapter's numbers), :mod:`.vocabulary`
(tokenizer, vocabulary, padding masks), :mod:`.attention` (multi-hop word attention with exact
masking), :mod:`.models` (the AMN with sentiment and domain heads; the gradient reversal layer
is :mod:`dalib_mini.gradient_reversal`, the lambda schedule :mod:`dalib_mini.schedules`),
:mod:`.data` (Amazon transfer pairs), :mod:`.training` (one step, :func:`.training.amn_step`; AMN and source-only),
:mod:`.plotting` (attention HTML, top words), :mod:`.exercises` (``dm.amn.exercises.check_*``).
"""
from . import exercises, settings  # noqa: F401  (settings registers the chapter's profiles)
from .attention import MemoryAttention, masked_softmax
from .data import ReviewTransferTask, amazon_transfer_task, review_transfer_task
from .models import AdversarialMemoryNetwork
from .plotting import attention_html, top_attended_words
from .settings import AMNSettings
from .training import (
    AMNResult,
    attention_weights,
    predict_sentiment,
    train_amn,
    trim_to_longest,
)
from .vocabulary import Vocabulary, tokenize

__all__ = ["AMNSettings", "AMNResult", "tokenize", "Vocabulary", "masked_softmax",
           "MemoryAttention", "AdversarialMemoryNetwork", "ReviewTransferTask",
           "amazon_transfer_task", "review_transfer_task", "train_amn", "predict_sentiment",
           "attention_weights", "trim_to_longest", "attention_html", "top_attended_words"]
