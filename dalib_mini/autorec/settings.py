"""Sizes and schedules of the AutoRec chapter for both profiles.

``quick``: MovieLens 100K (the only MovieLens the offline course has), 3 random 90/10 splits,
hidden size 500 as in the paper, full-batch Rprop. ``full``: the paper's protocol (hidden 500,
lambda from the paper's grid {0.001, ..., 100, 1000}, longer training). The
paper's data sets are ML-1M / ML-10M / Netflix; dalib_mini has no offline loader for them, so
both profiles run on 100K (``dataset`` documents the choice).
"""
from __future__ import annotations

from ..profiles import register_settings

__all__: list[str] = []

register_settings(
    "autorec",
    quick=dict(
        dataset="ml-100k", test_fraction=0.1, validation_fraction=0.1,
        hidden=500, optimizer="rprop", lr=3e-3, eval_every=5,
        epochs=60,                   # I- and U-AutoRec: every split, and when choosing lambda
        lam_grid=(30.0, 100.0, 300.0),
        mf_rank=20, mf_epochs=100, mf_lr=1e-3, mf_lam_grid=(10.0, 30.0, 100.0),
        embed_method="tsne",
    ),
    full=dict(
        dataset="ml-100k (the paper: ml-1m, ml-10m, netflix)", test_fraction=0.1,
        validation_fraction=0.1, hidden=500, optimizer="rprop", lr=1e-3, eval_every=5,
        epochs=200,
        lam_grid=(0.001, 0.01, 0.1, 1.0, 10.0, 30.0, 100.0, 300.0, 1000.0),
        mf_rank=50, mf_epochs=300, mf_lr=1e-3, mf_lam_grid=(1.0, 3.0, 10.0, 30.0, 100.0),
        embed_method="tsne",
    ),
)
