"""Every number of the AMN chapter, for both profiles: :class:`AMNSettings`.

``QUICK`` fits the whole notebook in a few CPU minutes: four transfer pairs, modest
vocabulary, reviews cut at 150 tokens, 64-d CBOW word2vec vectors trained on the reviews, four
epochs, the epoch kept by source validation, a domain classifier with one hidden layer and the
reversal coefficient ramped up to 1 (chosen by reverse validation,
:mod:`.model_selection`). ``FULL`` runs all 12 pairs with 300-d skip-gram
vectors, larger vocabulary and 3 hops. The paper's word2vec vectors were trained on far more
text than the 24,000 reviews available offline.

A notebook reads the active instance with ``dm.chapter_settings("amn", PROFILE)``; an override
is ``dataclasses.replace(cfg, lambda_max=0.3)``.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..profiles import register_settings

__all__ = ["AMNSettings", "QUICK", "FULL", "ALL_PAIRS"]

_DOMAINS = ("books", "dvd", "electronics", "kitchen")
ALL_PAIRS: tuple[tuple[str, str], ...] = tuple((s, t) for s in _DOMAINS for t in _DOMAINS if s != t)


@dataclass(frozen=True)
class AMNSettings:
    """Data sizes, network sizes and the training schedule of one AMN run."""

    pairs: tuple[tuple[str, str], ...]  # (source, target) transfer pairs the chapter trains
    # --- data (amazon_transfer_task) ---
    n_source: int             # labelled source reviews trained on
    n_source_val: int         # further labelled source reviews held out for model selection
    n_target_unlabelled: int  # unlabelled target reviews (domain loss and vocabulary)
    n_target_test: int        # held-out target reviews, for evaluation only
    vocab_size: int           # most frequent words kept (plus <pad> and <unk>)
    min_count: int            # a word must occur this often to enter the vocabulary
    max_len: int              # reviews are cut after this many tokens
    split_seed: int           # seed of the one stratified split of both domains
    # --- network (AdversarialMemoryNetwork) ---
    embed_dim: int            # word-embedding (= memory) dimension d
    hops: int                 # attention hops
    domain_hidden: int        # hidden units of the domain classifier (0: linear)
    dann_hidden: int          # hidden units of DANN-text's feature layer
    dropout: float            # dropout on the review representation v
    # --- word2vec initialisation (word_vectors.review_word2vec) ---
    w2v_window: int           # skip-gram context window
    w2v_min_count: int        # words seen fewer times get no vector
    w2v_epochs: int           # passes of word2vec over all 24,000 reviews
    w2v_seed: int             # gensim's seed (one worker thread: deterministic)
    w2v_skipgram: bool        # skip-gram (True) or CBOW (False)
    # --- training (train_amn) ---
    epochs: int               # passes over the labelled source reviews
    batch_size: int           # source reviews per step (and as many target reviews)
    lr: float                 # Adam learning rate (at the start, with lr_schedule "annealed")
    lr_schedule: str          # "constant", or "annealed": lr / (1 + 10 p)^0.75 (DANN's schedule)
    embedding_lr_scale: float  # the word embeddings learn at lr * this (0: frozen vectors)
    weight_decay: float       # Adam weight decay
    gamma: float              # steepness of lambda_p = 2 / (1 + exp(-gamma p)) - 1
    lambda_max: float         # the reversal coefficient is lambda_max * lambda_p
    select: str               # "source_val": best source-validation epoch; "last": last step
    log_every: int            # steps between two logged training losses


QUICK = AMNSettings(
    # a close pair in both directions (the paper's Figure 3 pair first) and two distant pairs
    pairs=(("electronics", "kitchen"), ("kitchen", "electronics"), ("books", "kitchen"),
           ("dvd", "electronics")),
    # 1,000 labelled source reviews held out: the model of the epoch with the best source
    # validation accuracy is kept (no target label selects anything)
    n_source=5000, n_source_val=1000, n_target_unlabelled=4000, n_target_test=2000,
    vocab_size=10_000, min_count=3, max_len=150, split_seed=0,
    # 3 hops; a domain classifier with one hidden layer and the reversal ramped up to 1 (DANN's
    # schedule): of the candidates in results/amn_tuning.csv, the highest reverse-validation
    # score (no target label); 4 epochs fit the CPU budget
    embed_dim=64, hops=3, domain_hidden=64, dann_hidden=64, dropout=0.5,
    w2v_window=5, w2v_min_count=3, w2v_epochs=5, w2v_seed=0, w2v_skipgram=False,
    epochs=4, batch_size=64, lr=2e-3, lr_schedule="constant", embedding_lr_scale=1.0,
    weight_decay=0.0, gamma=10.0, lambda_max=1.0,
    select="source_val", log_every=10,
)

FULL = AMNSettings(
    pairs=ALL_PAIRS,
    n_source=5000, n_source_val=1000, n_target_unlabelled=4000, n_target_test=2000,
    vocab_size=30_000, min_count=2, max_len=400, split_seed=0,
    # the domain classifier and reversal strength chosen for the quick profile, scaled up
    embed_dim=300, hops=3, domain_hidden=100, dann_hidden=100, dropout=0.5,
    w2v_window=5, w2v_min_count=2, w2v_epochs=10, w2v_seed=0, w2v_skipgram=True,
    epochs=20, batch_size=50, lr=1e-3, lr_schedule="constant", embedding_lr_scale=1.0,
    weight_decay=0.0, gamma=10.0, lambda_max=1.0,
    select="source_val", log_every=10,
)

register_settings("amn", quick=QUICK, full=FULL)
