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

from dataclasses import dataclass

from ..profiles import register_settings

__all__ = ["GANSettings", "QUICK", "FULL"]


@dataclass(frozen=True)
class GANSettings:
    """Every number of the GAN chapter (one instance per profile)."""

    # --- data (:func:`dalib_mini.gan.load_gan_digits`) ---
    split: str  # "test": the mirror's 10k test digits are cut in three; "train": the paper's
    n_train: int  # digits that train the GAN and the judge
    n_val: int  # digits that choose the Parzen bandwidth
    n_test: int  # digits that test the judge and score the Parzen window
    data_seed: int  # seed of the shuffle that cuts the splits
    # --- the judge: dm.SmallConvNet trained on the real training split ---
    classifier_epochs: int
    classifier_batch_size: int
    classifier_lr: float  # Adam's learning rate
    n_judge: int  # generated samples the judge scores per generator
    # --- networks ---
    latent_dim: int  # noise dimension of the DCGAN-style generator
    width: int  # channels of the DCGAN pair's first layer
    mlp_latent_dim: int  # noise dimension of the paper's MLP generator
    mlp_hidden_g: int  # hidden units per layer of the MLP generator
    mlp_hidden_d: int  # hidden units per layer of the MLP discriminator
    # --- Algorithm 1 (train_gan), with Adam ---
    steps: int  # generator updates of the main (DCGAN) run
    batch_size: int  # real and fake images per D update, fakes per G update
    lr_g: float  # Adam learning rate of G
    lr_d: float  # Adam learning rate of D
    betas: tuple[float, float]  # Adam's betas, shared by G and D
    d_steps: int  # the paper's k: D updates before each G update
    decay_from: float  # fraction of the steps after which both learning rates decay to 0 (1 = constant)
    log_every: int  # steps between two history entries
    n_snapshot: int  # images of the fixed noise batch kept at each snapshot step
    snapshot_steps: tuple[int, ...]  # steps of the main run (0 = before training) to keep samples at
    # --- side experiments ---
    compare_steps: int  # steps of the minimax vs non-saturating comparison
    mlp_steps: int  # steps of the MLP pair
    # --- Parzen window (Table 1) ---
    n_parzen_samples: int  # generated samples the window is fitted on
    parzen_sigmas: tuple[float, ...]  # bandwidths tried on the validation split


QUICK = GANSettings(
    # data: the mirror's 10k test digits -> 8k train / 1k validation / 1k test
    split="test", n_train=8000, n_val=1000, n_test=1000, data_seed=0,
    # the judge: 15 epochs (6 left it at 97.2% accuracy and 0.948 confidence on real test
    # digits, which capped every sample score; see the notebook, section 4.1)
    classifier_epochs=15, classifier_batch_size=128, classifier_lr=1e-3, n_judge=1000,
    # the conv GAN that has to meet the bar: a narrower net and a larger learning rate than the
    # full profile's, to learn digits within the CPU budget
    latent_dim=64, width=24, mlp_latent_dim=100, mlp_hidden_g=1200, mlp_hidden_d=240,
    steps=2700, batch_size=64, lr_g=1e-3, lr_d=1e-3, betas=(0.5, 0.999), d_steps=1,
    decay_from=1.0, log_every=1, n_snapshot=64, snapshot_steps=(0, 100, 300, 900, 2700),
    # shorter side experiments
    compare_steps=100, mlp_steps=200,
    n_parzen_samples=5000, parzen_sigmas=(0.1, 0.13, 0.16, 0.2, 0.25, 0.3, 0.4),
)

FULL = GANSettings(
    # the paper: 60k train (last 10k of it as validation), the 10k test digits as test
    split="train", n_train=50_000, n_val=10_000, n_test=10_000, data_seed=0,
    classifier_epochs=10, classifier_batch_size=128, classifier_lr=1e-3, n_judge=1000,
    latent_dim=64, width=64, mlp_latent_dim=100, mlp_hidden_g=1200, mlp_hidden_d=240,
    steps=30_000, batch_size=100, lr_g=2e-4, lr_d=2e-4, betas=(0.5, 0.999), d_steps=1,
    decay_from=1.0, log_every=1, n_snapshot=64,
    snapshot_steps=(0, 1000, 5000, 15_000, 30_000),
    compare_steps=3_000, mlp_steps=30_000,
    n_parzen_samples=10_000, parzen_sigmas=(0.1, 0.13, 0.16, 0.2, 0.25, 0.3, 0.4),
)

register_settings("gan", quick=QUICK, full=FULL)
