"""Sizes and schedules of the DANN chapter for both profiles (``quick`` on 2 CPU cores,
``full`` = the paper's MNIST -> MNIST-M setting, for a GPU).

Both profiles run the same code; only these numbers change.

``full`` is the paper's recipe (Ganin & Lempitsky 2015, Section 5.1 / JMLR 2016 Section 5.2):
SGD with momentum 0.9, annealed learning rate ``mu0 = 0.01, alpha = 10, beta = 0.75``, and
``gamma = 10`` for :math:`\\lambda_p`.

``quick`` does **not** use the paper's optimiser: with SGD at ``mu0 = 0.01`` the 300 steps of
the CPU budget leave every network undertrained (even the train-on-target upper bound stayed
below 0.5 on MNIST-M test). The quick profile therefore uses **Adam** (``lr0 = 1e-3``, annealed
with the paper's :math:`\\mu_p` formula; ``momentum`` is Adam's ``beta1 = 0.5``, the usual
choice for adversarial games). It also adds **BatchNorm with per-domain statistics** after each
convolution (``batch_norm="per_domain"``, see :mod:`dalib_mini.dann.training`): each domain is
standardised by its own statistics at every layer, as the input already is, and all three
modes are tested with the target's statistics. Without it DANN gained only +0.04 over
source-only in 300 steps; with it about +0.11 (3 seeds; the notebook has the numbers).
Everything else is the paper's (architecture, batches of 64 source + 64 target,
:math:`\\lambda_p` schedule, one learning rate for all parts).
:mod:`dalib_mini.dann.ablation` records what the other choices measured.

The SRDC chapter copies the data sizes and optimisation keys of these settings.
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
        # optimisation: Adam (not the paper's SGD, see the module docstring), learning rate
        # annealed by the paper's mu_p formula; momentum = Adam's beta1
        steps=300, batch_size=64, optimizer="adam", lr0=1e-3, lr_alpha=10.0, lr_beta=0.75,
        momentum=0.5, domain_lr_scale=1.0,
        gamma=10.0, lambda_max=1.0, normalisation="per_domain", batch_norm="per_domain",
        n_embed=1000,
    ),
    full=dict(
        # the paper: MNIST train (60k) -> MNIST-M train (59,001), evaluated on MNIST-M test;
        # batches of 128 = 64 source + 64 target (batch_size is per domain); SGD + momentum 0.9
        source_split="train", n_source=None, n_target=None, n_test=None,
        steps=30_000, batch_size=64, optimizer="sgd", lr0=0.01, lr_alpha=10.0, lr_beta=0.75,
        momentum=0.9, domain_lr_scale=1.0,
        gamma=10.0, lambda_max=1.0, normalisation="per_domain", batch_norm="none",
        n_embed=2000,
    ),
)
