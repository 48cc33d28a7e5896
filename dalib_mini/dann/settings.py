"""Sizes and schedules of the DANN chapter for both profiles (``quick`` on 2 CPU cores,
``full`` = the paper's MNIST -> MNIST-M setting, for a GPU).

Both profiles run the same code; only these numbers change. The schedules are the paper's
(Ganin & Lempitsky 2015, Section 5.1 / JMLR 2016 Section 5.2): ``gamma = 10`` for
:math:`\\lambda_p`, ``mu0 = 0.01, alpha = 10, beta = 0.75`` for :math:`\\mu_p`, momentum 0.9.
"""
from __future__ import annotations

from ..profiles import register_settings

__all__: list[str] = []

register_settings(
    "dann",
    quick=dict(
        # data: the mirror's 10k MNIST test digits (source), the first 10k MNIST-M training
        # images (unlabelled target), the full MNIST-M test split (evaluation)
        source_split="test", n_source=10_000, n_target=10_000, n_test=None,
        # optimisation: SGD with momentum and the paper's annealed learning rate
        steps=300, batch_size=64, lr0=0.01, lr_alpha=10.0, lr_beta=0.75, momentum=0.9,
        gamma=10.0, lambda_max=1.0, normalisation="per_domain", batch_norm=False,
        n_embed=1000,
    ),
    full=dict(
        # the paper: MNIST train (60k) -> MNIST-M train (59,001), evaluated on MNIST-M test;
        # batches of 128 = 64 source + 64 target (batch_size is per domain)
        source_split="train", n_source=None, n_target=None, n_test=None,
        steps=30_000, batch_size=64, lr0=0.01, lr_alpha=10.0, lr_beta=0.75, momentum=0.9,
        gamma=10.0, lambda_max=1.0, normalisation="per_domain", batch_norm=False,
        n_embed=2000,
    ),
)
