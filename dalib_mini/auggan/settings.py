"""Sizes and schedules of the AugGAN chapter for both profiles (``quick`` on 2 CPU cores,
``full`` closer to the paper's setting, for a GPU).

The paper (Huang et al., ECCV 2018, Sec. 4) trains on full-size driving images with CycleGAN's
optimizer (Adam, ``lr = 2e-4``, ``beta1 = 0.5``, batch 1, about 200 epochs); we keep the
networks' structure and shrink images, widths and steps for the quick profile. Both models
(AugGAN and the CycleGAN baseline) always get the same data, batches, steps and optimizer.

The quick profile's 250 steps let three seeds fit in its 240 s budget on 2 CPU cores: with one
seed at 400 steps, whether AugGAN kept the layout better than CycleGAN depended on the run (even
on the number of CPU threads), so the chapter averages seeds instead of training one run longer.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..profiles import register_settings

__all__ = ["AugGANSettings", "QUICK", "FULL"]


@dataclass(frozen=True)
class AugGANSettings:
    """Every number of the AugGAN chapter. The translator fields have the names of
    :class:`~dalib_mini.cyclegan.CycleGANSettings`, so the CycleGAN baseline trains with them."""

    # data (:func:`~dalib_mini.auggan.make_day_night_task`): image side in pixels; unpaired day
    # (with masks) and night training scenes; night test scenes, rendered from the random
    # stream seed + test_seed_offset (other layouts than the training scenes)
    size: int
    n_day: int
    n_night: int
    n_test: int
    test_seed_offset: int
    # translation networks (CycleGAN's ResNet generator / PatchGAN): generator width, residual
    # blocks, stride-2 stages; discriminator width and stride-2 layers
    width: int
    num_res_blocks: int
    num_sampling: int
    disc_width: int
    disc_layers: int
    # optimization of both translators: updates, scenes per domain and step, Adam's rate and
    # betas, the step where the linear decay of the rate begins (None: half of the steps),
    # steps between history rows
    steps: int
    batch_size: int
    lr: float
    betas: tuple[float, float]
    decay_start: int | None
    log_every: int
    # objective (Eq. 6): cycle weight, identity weight relative to it, segmentation and
    # weight-sharing weights, fakes kept by each history pool, and whether L_seg,y
    # back-propagates into the day -> night translator
    lambda_cycle: float
    lambda_identity: float
    lambda_seg: float
    lambda_weight: float
    pool_size: int
    seg_through_translation: bool
    # judge and downstream segmenters (:func:`~dalib_mini.auggan.train_segmenter`): width,
    # epochs, batch size, Adam's rate
    seg_width: int
    seg_epochs: int
    seg_batch_size: int
    seg_lr: float


QUICK = AugGANSettings(
    size=32, n_day=400, n_night=400, n_test=200, test_seed_offset=10_000,
    width=8, num_res_blocks=2, num_sampling=1, disc_width=8, disc_layers=2,
    steps=250, batch_size=16, lr=2e-3, betas=(0.5, 0.999), decay_start=None, log_every=10,
    lambda_cycle=10.0, lambda_identity=0.0, lambda_seg=10.0, lambda_weight=1.0, pool_size=50,
    seg_through_translation=True,
    seg_width=12, seg_epochs=6, seg_batch_size=32, seg_lr=2e-3,
)
FULL = AugGANSettings(
    size=64, n_day=5000, n_night=5000, n_test=1000, test_seed_offset=10_000,
    width=32, num_res_blocks=6, num_sampling=2, disc_width=64, disc_layers=3,
    steps=20_000, batch_size=8, lr=2e-4, betas=(0.5, 0.999), decay_start=None, log_every=10,
    lambda_cycle=10.0, lambda_identity=0.0, lambda_seg=10.0, lambda_weight=1.0, pool_size=50,
    seg_through_translation=True,
    seg_width=32, seg_epochs=30, seg_batch_size=32, seg_lr=2e-3,
)

register_settings("auggan", quick=QUICK, full=FULL)
