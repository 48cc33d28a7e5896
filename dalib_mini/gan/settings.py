"""Sizes and schedules of the GAN chapter for both profiles (``quick`` on 2 CPU cores,
``full`` = the paper's MNIST setting, for a GPU).

The paper (Goodfellow et al., 2014, Section 5 and its pylearn2 configuration) trains on the
60,000 MNIST training digits with minibatches of 100; the MLP generator has two hidden layers
of 1,200 ReLU units and 100-d noise, the MLP discriminator two maxout layers of 240 units; the
Parzen window is fitted on 10,000 generated samples, its bandwidth chosen on a validation set,
and evaluated on the 10,000 test digits.

Quick profile: the offline mirror has only the 10,000 test digits, so they are split into
8,000 for training (GAN and the judging classifier), 1,000 for validation (Parzen bandwidth)
and 1,000 for testing (classifier accuracy, Parzen log-likelihood).
"""
from __future__ import annotations

from ..profiles import register_settings

__all__: list[str] = []

_COMMON = dict(latent_dim=64, betas=(0.5, 0.999), mlp_latent_dim=100,
               mlp_hidden_g=1200, mlp_hidden_d=240, parzen_sigmas=(0.1, 0.13, 0.16, 0.2, 0.25, 0.3, 0.4),
               n_judge=1000)

register_settings(
    "gan",
    quick=dict(
        _COMMON,
        # data: the mirror's 10k test digits -> 8k train / 1k validation / 1k test
        split="test", n_train=8000, n_val=1000, n_test=1000,
        # the judge: 15 epochs (6 left it at 97.2% accuracy and 0.948 confidence on real test
        # digits, which capped every sample score; see the notebook, section 4.1)
        classifier_epochs=15,
        # the conv GAN that has to meet the bar (a narrower net and a larger learning rate than
        # the full profile's, to learn digits within the CPU budget), and shorter side experiments
        width=24, steps=2700, batch_size=64, lr=1e-3,
        mlp_steps=200, compare_steps=100, snapshot_steps=(0, 100, 300, 900, 2700),
        n_parzen_samples=5000,
    ),
    full=dict(
        _COMMON,
        # the paper: 60k train (last 10k of it as validation), the 10k test digits as test
        split="train", n_train=50_000, n_val=10_000, n_test=10_000,
        classifier_epochs=10,
        width=64, steps=30_000, batch_size=100, lr=2e-4,
        mlp_steps=30_000, compare_steps=3_000, snapshot_steps=(0, 1000, 5000, 15_000, 30_000),
        n_parzen_samples=10_000,
    ),
)
