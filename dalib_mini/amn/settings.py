"""Sizes and schedules of the AMN chapter for both profiles.

``quick`` fits the whole notebook in a few CPU minutes: four transfer pairs, modest
vocabulary, reviews cut at 150 tokens, six epochs, the epoch kept by source validation.
``full`` follows the paper's setting where we know it (all 12 pairs, 300-d embeddings,
3 hops); the paper used word2vec initialisation, which this offline course replaces by
embeddings learned from scratch in both profiles.
"""
from __future__ import annotations

from ..profiles import register_settings

__all__: list[str] = []

ALL_PAIRS = [(s, t) for s in ("books", "dvd", "electronics", "kitchen")
             for t in ("books", "dvd", "electronics", "kitchen") if s != t]

register_settings(
    "amn",
    quick=dict(
        # a close pair in both directions (the paper's Figure 3 pair first) and two distant pairs
        pairs=[("electronics", "kitchen"), ("kitchen", "electronics"), ("books", "kitchen"),
               ("dvd", "electronics")],
        # 1,000 labelled source reviews held out: the model of the epoch with the best source
        # validation accuracy is kept (no target label selects anything)
        n_source=5000, n_source_val=1000, n_target_unlabelled=4000, n_target_test=2000,
        vocab_size=10_000, min_count=3, max_len=150,
        embed_dim=64, hops=1, domain_hidden=64, dropout=0.5,
        epochs=6, batch_size=64, lr=2e-3, weight_decay=0.0, gamma=10.0, lambda_max=1.0,
        select="source_val",
    ),
    full=dict(
        pairs=ALL_PAIRS,
        n_source=5000, n_source_val=1000, n_target_unlabelled=4000, n_target_test=2000,
        vocab_size=30_000, min_count=2, max_len=400,
        embed_dim=300, hops=3, domain_hidden=100, dropout=0.5,
        epochs=20, batch_size=50, lr=1e-3, weight_decay=0.0, gamma=10.0, lambda_max=1.0,
        select="source_val",
    ),
)
