"""Sizes and schedules of the GAN chapter for both profiles (``quick`` on 2 CPU cores,
``full`` = the paper's MNIST setting, for a GPU).

The paper (Goodfellow et al., 2014, Section 5 and its pylearn2 configuration) trains on the
first 50,000 MNIST training digits with minibatches of 100; the MLP generator has two hidden
layers of 1,200 ReLU units and 100-d noise, the MLP discriminator two maxout layers of 240
units. The authors' Parzen script (``parzen_ll.py`` of the paper's code) fits the window on
10,000 generated samples, cross-validates the bandwidth over ``logspace(-1, 0, 10)`` on the
first 1,000 of the last 10,000 training digits (``limit_size=1000``) and scores the 10,000 test
digits, with the standard error ``std / sqrt(n_test)``.

Both profiles use those splits (:func:`dalib_mini.gan.load_gan_digits`, ``split="train"``);
the quick profile trains shorter, fits the Parzen window on fewer samples and judges fewer.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..profiles import register_settings

__all__ = ["GANSettings", "QUICK", "FULL", "PAPER_PARZEN_SIGMAS"]

# the authors' bandwidth grid: numpy.logspace(-1, 0, 10) = 0.1 ... 1.0
PAPER_PARZEN_SIGMAS = tuple(float(s) for s in np.logspace(-1, 0, 10))


@dataclass(frozen=True)
class GANSettings:
    """Every number of the GAN chapter (one instance per profile)."""

    # --- data (:func:`dalib_mini.gan.load_gan_digits`) ---
    split: str  # "train": the paper's splits; "test": the 10k test digits cut in three
    n_train: int  # digits that train the GAN (a seeded draw from the first 50,000)
    n_val: int  # held-out training digits (the last 10,000): Parzen bandwidth, real reference
    n_test: int  # test digits: the judge's accuracy, the Parzen score, the Frechet reference
    data_seed: int  # seed of the shuffle that draws the training digits
    # --- the judge: dm.SmallConvNet trained on real training digits (fit_gan_judge) ---
    judge_n_train: int  # the first judge_n_train of the GAN's training digits
    classifier_epochs: int
    classifier_batch_size: int
    classifier_lr: float  # Adam's learning rate
    judge_seed: int  # seeds the judge's initialisation, dropout and batch order (not the GAN's seed)
    n_judge: int  # generated samples (and real digits) per confidence / Frechet measurement
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
    checkpoint_steps: tuple[int, ...]  # steps of the main run at which G's weights are kept
    # --- side experiment ---
    compare_steps: int  # steps of the minimax vs non-saturating comparison
    # --- Parzen window (Table 1), the authors' protocol ---
    n_parzen_samples: int  # generated samples the window is fitted on (paper: 10,000)
    n_parzen_val: int  # validation digits that choose sigma (authors' script: 1,000)
    parzen_sigmas: tuple[float, ...]  # bandwidths tried (authors' script: logspace(-1, 0, 10))
    # --- the 1-D game of Fig. 1 (dalib_mini.gan.toy) ---
    toy_data_mean: float  # p_data = N(mean, std^2)
    toy_data_std: float
    toy_hidden: int  # hidden units of the toy D (two tanh layers)
    toy_batch_size: int
    toy_lr_g: float  # Adam learning rate of the toy G
    toy_lr_d: float  # Adam learning rate of the toy D
    toy_d_steps: int  # the paper's k in the toy game: D updates per G update
    toy_inner_lr: float  # Adam learning rate of D in the inner loop of panel (b), decayed to 0
    toy_warmup_steps: int  # game steps before panel (a)
    toy_inner_steps: int  # D-only steps with G held fixed (panel b: D -> D*)
    toy_game_steps: int  # game steps after panel (b) until panel (d)
    toy_kde_samples: int  # samples of G behind the estimated p_g


_TOY = dict(toy_data_mean=1.5, toy_data_std=0.5, toy_hidden=32, toy_batch_size=512, toy_lr_g=5e-3,
            toy_lr_d=5e-3, toy_d_steps=3, toy_inner_lr=1e-2,
            toy_warmup_steps=40, toy_inner_steps=1500, toy_game_steps=1000, toy_kde_samples=20_000)

QUICK = GANSettings(
    # data: the paper's splits; G learns all 50,000 training digits, the judge 8,000 of them
    split="train", n_train=50_000, n_val=10_000, n_test=10_000, data_seed=0,
    # the judge: 15 epochs on 8,000 digits (see the notebook's appendix)
    judge_n_train=8000, classifier_epochs=15, classifier_batch_size=128, classifier_lr=1e-3,
    judge_seed=0, n_judge=2000,
    # the conv GAN: a narrower net and a larger learning rate than the full profile's, to learn
    # digits within the CPU budget
    latent_dim=64, width=24, mlp_latent_dim=100, mlp_hidden_g=1200, mlp_hidden_d=240,
    steps=2400, batch_size=64, lr_g=1e-3, lr_d=1e-3, betas=(0.5, 0.999), d_steps=1,
    decay_from=1.0, log_every=1, n_snapshot=64, snapshot_steps=(0, 100, 300, 800, 2400),
    checkpoint_steps=(800, 1600),
    compare_steps=100,
    # Parzen: 2,000 samples instead of the paper's 10,000 (the CPU budget), the authors' grid
    # and validation size, all 10,000 test digits
    n_parzen_samples=2000, n_parzen_val=1000, parzen_sigmas=PAPER_PARZEN_SIGMAS,
    **_TOY,
)

FULL = GANSettings(
    split="train", n_train=50_000, n_val=10_000, n_test=10_000, data_seed=0,
    judge_n_train=50_000, classifier_epochs=10, classifier_batch_size=128, classifier_lr=1e-3,
    judge_seed=0, n_judge=10_000,
    latent_dim=64, width=64, mlp_latent_dim=100, mlp_hidden_g=1200, mlp_hidden_d=240,
    steps=30_000, batch_size=100, lr_g=2e-4, lr_d=2e-4, betas=(0.5, 0.999), d_steps=1,
    decay_from=1.0, log_every=1, n_snapshot=64,
    snapshot_steps=(0, 1000, 5000, 15_000, 30_000), checkpoint_steps=(5000, 15_000),
    compare_steps=3_000,
    n_parzen_samples=10_000, n_parzen_val=1000, parzen_sigmas=PAPER_PARZEN_SIGMAS,
    **_TOY,
)

register_settings("gan", quick=QUICK, full=FULL)
