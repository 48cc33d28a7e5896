"""AMN: end-to-end adversarial memory network for cross-domain sentiment classification
(Li, Zhang, Wei, Wu, Yang; IJCAI 2017).

Modules: :mod:`.settings` (:class:`AMNSettings`, the chapter's numbers), :mod:`.vocabulary`
(tokenizer, vocabulary, padding masks), :mod:`.word_vectors` (word2vec trained on the reviews,
cached, and the embedding matrix it initialises), :mod:`.attention` (multi-hop word attention
with exact masking), :mod:`.models` (the AMN: one parameter-shared memory network with a
sentiment and a domain head; and DANN on averaged embeddings; the gradient reversal layer is
:mod:`dalib_mini.gradient_reversal`, the lambda schedule :mod:`dalib_mini.schedules`),
:mod:`.data` (Amazon transfer pairs), :mod:`.training` (one step, :func:`.training.amn_step`;
the trainers), :mod:`.model_selection` (reverse validation, no target label),
:mod:`.invariance` (a fresh domain probe on the frozen representations), :mod:`.pivots` (shared vs domain-specific words, attention on them), :mod:`.plotting` (attention as HTML and as a static figure, top words),
:mod:`.exercises` (``dm.amn.exercises.check_*``).
"""
from . import exercises, settings  # noqa: F401  (settings registers the chapter's profiles)
from .attention import MemoryAttention, masked_softmax
from .data import ReviewTransferTask, amazon_transfer_task, review_transfer_task
from .invariance import amn_domain_probe_accuracy, amn_representations
from .model_selection import AMNReverseValidation, amn_reverse_validation
from .models import AdversarialMemoryNetwork, DANNTextNetwork
from .pivots import attention_share, word_domain_kinds
from .plotting import attention_html, plot_attention_reviews, top_attended_words
from .settings import AMNSettings
from .training import (
    AMNResult,
    attention_weights,
    predict_sentiment,
    train_amn,
    train_dann_text,
    trim_to_longest,
)
from .vocabulary import Vocabulary, tokenize
from .word_vectors import (
    ReviewWordVectors,
    amn_embedding_matrix,
    review_word2vec,
    word2vec_cache_key,
)

__all__ = ["AMNSettings", "AMNResult", "tokenize", "Vocabulary", "masked_softmax",
           "MemoryAttention", "AdversarialMemoryNetwork", "DANNTextNetwork",
           "ReviewTransferTask", "amazon_transfer_task", "review_transfer_task", "train_amn",
           "train_dann_text", "predict_sentiment", "attention_weights", "trim_to_longest",
           "attention_html", "plot_attention_reviews", "top_attended_words",
           "ReviewWordVectors", "review_word2vec", "amn_embedding_matrix",
           "word2vec_cache_key", "word_domain_kinds", "attention_share",
           "amn_domain_probe_accuracy", "amn_representations", "AMNReverseValidation",
           "amn_reverse_validation"]
