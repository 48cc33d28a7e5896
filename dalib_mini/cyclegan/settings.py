"""Sizes and schedules of the CycleGAN chapter for both profiles (``quick`` on 2 CPU cores,
``full`` = the paper's settings, for a GPU).

The paper (Zhu et al. 2017, Sec. 4 and Appendix 7): Adam ``lr = 2e-4``, ``beta1 = 0.5``,
batch size 1, 100 epochs at a constant rate then 100 epochs of linear decay to zero,
``lambda = 10``, identity weight ``0.5 lambda``, a pool of 50 fakes, a 64-wide ResNet
generator (6 blocks for 128x128 images, 9 for 256x256) and a 64-wide 70x70 PatchGAN. Our
digits are 32x32, so ``full`` keeps the paper's optimizer, weights and widths with 6 blocks
and a 2-layer PatchGAN (34x34 patches: the whole digit), and counts 200 "epochs" of the
5,000 MNIST digits at batch size 1 as 1,000,000 steps.

``quick`` has 400 steps of batch 8 instead of a million updates, so it raises Adam's rate to
``1e-3`` (keeping ``beta1 = 0.5`` and the constant-then-linear-decay schedule): at ``2e-4`` the
400 steps left the generators visibly unfinished (measured on seed 0: 73% of MNIST -> MNIST-M
translations kept their digit label against 86% at ``1e-3``). 300 steps were not enough either
(label kept 0.74-0.82 over seeds 0-2, against 0.87-0.90 at 400 steps). Its judges train for 5 epochs:
after 3 the MNIST-M judge read real MNIST-M test images about 3 points less accurately, and
a weaker judge under-reads the content of every translation alike (measured on one thread,
seeds 0-2: label kept 0.81 with 3-epoch judges, 0.85 with 5-epoch ones, the same translators).
"""
from __future__ import annotations

from dataclasses import dataclass

from ..profiles import register_settings

__all__ = ["TranslatorSettings", "CycleGANSettings", "QUICK", "FULL"]


@dataclass(frozen=True)
class TranslatorSettings:
    """The fields of an unpaired translator that :func:`~dalib_mini.cyclegan.train_cyclegan`
    reads: networks, optimization and the CycleGAN objective. :class:`CycleGANSettings` and the
    AugGAN chapter's :class:`~dalib_mini.auggan.AugGANSettings` extend it, so the CycleGAN
    baseline of the AugGAN chapter trains with exactly the AugGAN settings' numbers."""

    # networks: ResNet generator width, residual blocks and stride-2 stages; PatchGAN width and
    # stride-2 layers
    width: int
    num_res_blocks: int
    num_sampling: int
    disc_width: int
    disc_layers: int
    # optimization: updates, images per domain and step, Adam's rate and betas, the step where
    # the linear decay of the rate begins (None: half of the steps), steps between history rows
    steps: int
    batch_size: int
    lr: float
    betas: tuple[float, float]
    decay_start: int | None
    log_every: int
    # objective (Eq. 3): lambda of the cycle loss, which round trips it sums ("forward":
    # x -> G(x) -> F(G(x)), "backward": y -> F(y) -> G(F(y)); both = Eq. 2, one = the paper's
    # Table 4 ablations), identity weight relative to lambda, fakes kept by each history pool
    lambda_cycle: float
    cycle_directions: tuple[str, ...]
    lambda_identity: float
    pool_size: int


@dataclass(frozen=True)
class CycleGANSettings(TranslatorSettings):
    """Every number of the CycleGAN chapter (:func:`~dalib_mini.cyclegan.train_cyclegan` and
    :func:`~dalib_mini.cyclegan.train_digit_judges` read theirs from here); the translator's
    fields are those of :class:`TranslatorSettings`."""

    # data (:func:`~dalib_mini.cyclegan.load_unpaired_digits`): MNIST test digits of domain X
    # for training (the other 10,000 - num_x are held out), MNIST-M training images of domain Y,
    # MNIST-M test images held out for scoring
    num_x: int
    num_y: int
    num_y_eval: int
    # the digit judges (our FCN-score): epochs, SmallConvNet width, Adam's rate, batch size
    judge_epochs: int
    judge_width: int
    judge_lr: float
    judge_batch_size: int
    # steps at which the fixed inputs are translated (0 = before training); held-out images
    # scored per direction (None: all)
    snapshot_steps: tuple[int, ...]
    num_eval: int | None


QUICK = CycleGANSettings(
    # 5,000 MNIST test digits (X) / 10,000 MNIST-M training images (Y) for CycleGAN, the other
    # 5,000 MNIST digits and 2,000 MNIST-M test images held out for scoring; the MNIST-M judge
    # learns from Y's labels, the MNIST judge from the held-out digits'
    num_x=5000, num_y=10_000, num_y_eval=2000,
    width=8, num_res_blocks=2, num_sampling=2, disc_width=16, disc_layers=2,
    steps=400, batch_size=8, lr=1e-3, betas=(0.5, 0.999), decay_start=None, log_every=10,
    lambda_cycle=10.0, cycle_directions=("forward", "backward"), lambda_identity=0.5,
    pool_size=50,
    judge_epochs=5, judge_width=16, judge_lr=2e-3, judge_batch_size=128,
    snapshot_steps=(0, 50, 150, 400), num_eval=1000,
)
FULL = CycleGANSettings(
    num_x=5000, num_y=10_000, num_y_eval=9001,
    width=64, num_res_blocks=6, num_sampling=2, disc_width=64, disc_layers=2,
    steps=1_000_000, batch_size=1, lr=2e-4, betas=(0.5, 0.999), decay_start=None, log_every=10,
    lambda_cycle=10.0, cycle_directions=("forward", "backward"), lambda_identity=0.5,
    pool_size=50,
    judge_epochs=10, judge_width=32, judge_lr=1e-3, judge_batch_size=128,
    snapshot_steps=(0, 10_000, 100_000, 1_000_000), num_eval=None,
)

register_settings("cyclegan", quick=QUICK, full=FULL)
