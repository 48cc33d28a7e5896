"""AMN: end-to-end adversarial memory network for cross-domain sentiment classification
(Li, Zhang, Wei, Wu, Yang; IJCAI 2017).

Modules: :mod:`.vocabulary` (tokenizer, vocabulary, padding masks), :mod:`.attention`
(multi-hop word attention with exact masking), :mod:`.model` (the AMN with sentiment and
domain heads; the gradient reversal layer is :mod:`dalib_mini.gradient_reversal`),
:mod:`.data` (Amazon transfer pairs), :mod:`.training` (AMN and source-only),
:mod:`.visualise` (attention HTML, top words), :mod:`.exercises`, :mod:`.settings`.
"""
from . import settings  # noqa: F401  (registers the chapter's profiles)
from .attention import MemoryAttention, masked_softmax
from .data import ReviewTransferTask, amazon_transfer_task
from .exercises import check_attention_hop, check_grl_schedule, check_masked_softmax
from .model import AdversarialMemoryNetwork
from .training import attention_weights, grl_lambda, predict_sentiment, train_amn, trim_to_longest
from .visualise import attention_html, top_attended_words
from .vocabulary import Vocabulary, tokenize

__all__ = ["tokenize", "Vocabulary", "masked_softmax", "MemoryAttention",
           "AdversarialMemoryNetwork", "ReviewTransferTask", "amazon_transfer_task",
           "grl_lambda", "train_amn", "predict_sentiment", "attention_weights", "trim_to_longest",
           "attention_html", "top_attended_words", "check_masked_softmax",
           "check_attention_hop", "check_grl_schedule"]
