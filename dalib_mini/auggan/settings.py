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

from ..cyclegan.settings import TranslatorSettings
from ..profiles import register_settings

__all__ = ["AugGANSettings", "QUICK", "FULL"]


@dataclass(frozen=True)
class AugGANSettings(TranslatorSettings):
    """Every number of the AugGAN chapter. The translator fields (networks, optimization,
    CycleGAN's objective) are the CycleGAN chapter's
    :class:`~dalib_mini.cyclegan.TranslatorSettings`, so the CycleGAN baseline trains with
    exactly these numbers; AugGAN adds its data, structure terms and segmenters."""

    # data (:func:`~dalib_mini.auggan.make_day_night_task`): image side in pixels; unpaired day
    # (with masks) and night training scenes; night validation and night test scenes, rendered
    # from the random streams seed + val_seed_offset and seed + test_seed_offset (other layouts
    # than the training scenes and than each other)
    size: int
    n_day: int
    n_night: int
    n_val: int
    n_test: int
    val_seed_offset: int
    test_seed_offset: int
    # structure terms of Eq. 6: segmentation and weight-sharing weights; weight of the L1 term
    # of L_seg beside its cross-entropy (0: cross-entropy only); what teaches the night parser
    # ("translation": the translated day images with the day masks, back-propagating into the
    # day -> night translator when seg_through_translation; "night_masks": real night images with
    # their own masks, the paper's L_seg,y with Y-hat)
    lambda_seg: float
    lambda_weight: float
    seg_l1_weight: float
    night_parser_target: str
    seg_through_translation: bool
    # judge and downstream segmenters (:func:`~dalib_mini.auggan.train_segmenter`): width,
    # epochs, batch size, Adam's rate
    seg_width: int
    seg_epochs: int
    seg_batch_size: int
    seg_lr: float


QUICK = AugGANSettings(
    size=32, n_day=400, n_night=400, n_val=200, n_test=200, val_seed_offset=20_000,
    test_seed_offset=10_000,
    width=8, num_res_blocks=2, num_sampling=1, disc_width=8, disc_layers=2,
    steps=250, batch_size=16, lr=2e-3, betas=(0.5, 0.999), decay_start=None, log_every=10,
    lambda_cycle=10.0, cycle_directions=("forward", "backward"), lambda_identity=0.0, pool_size=50,
    lambda_seg=10.0, lambda_weight=1.0, seg_l1_weight=0.0, night_parser_target="translation",
    seg_through_translation=True,
    seg_width=12, seg_epochs=6, seg_batch_size=32, seg_lr=2e-3,
)
FULL = AugGANSettings(
    size=64, n_day=5000, n_night=5000, n_val=1000, n_test=1000, val_seed_offset=20_000,
    test_seed_offset=10_000,
    width=32, num_res_blocks=6, num_sampling=2, disc_width=64, disc_layers=3,
    steps=20_000, batch_size=8, lr=2e-4, betas=(0.5, 0.999), decay_start=None, log_every=10,
    lambda_cycle=10.0, cycle_directions=("forward", "backward"), lambda_identity=0.0, pool_size=50,
    lambda_seg=10.0, lambda_weight=1.0, seg_l1_weight=0.0, night_parser_target="translation",
    seg_through_translation=True,
    seg_width=32, seg_epochs=30, seg_batch_size=32, seg_lr=2e-3,
)

register_settings("auggan", quick=QUICK, full=FULL)
