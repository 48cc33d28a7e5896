"""Sizes and schedules of the AugGAN chapter for both profiles (``quick`` on 2 CPU cores,
``full`` closer to the paper's setting, for a GPU).

The paper (Huang et al., ECCV 2018, Sec. 4) trains on full-size driving images with CycleGAN's
optimiser (Adam, ``lr = 2e-4``, ``beta1 = 0.5``, batch 1, about 200 epochs); we keep the
networks' structure and shrink images, widths and steps for the quick profile. Both models
(AugGAN and the CycleGAN baseline) always get the same data, batches, steps and optimiser.

The quick profile's 250 steps let three seeds fit in its 240 s budget on 2 CPU cores: with one
seed at 400 steps, whether AugGAN kept the layout better than CycleGAN depended on the run (even
on the number of CPU threads), so the chapter averages seeds instead of training one run longer.
"""
from __future__ import annotations

from ..profiles import register_settings

__all__: list[str] = []

register_settings(
    "auggan",
    quick=dict(
        # data: unpaired day (with masks) and night scenes, and held-out night test scenes
        size=32, n_day=400, n_night=400, n_test=200,
        # translation networks (CycleGAN's ResNet generator / PatchGAN at a small width)
        width=8, num_res_blocks=2, num_sampling=1, disc_width=8, disc_layers=2,
        steps=250, batch_size=16, lr=2e-3, lambda_cycle=10.0, lambda_identity=0.0,
        lambda_seg=10.0, lambda_weight=1.0, pool_size=50, seg_through_translation=True,
        # judge and downstream segmenters
        seg_width=12, seg_epochs=6, seg_batch_size=32, seg_lr=2e-3,
    ),
    full=dict(
        size=64, n_day=5000, n_night=5000, n_test=1000,
        width=32, num_res_blocks=6, num_sampling=2, disc_width=64, disc_layers=3,
        steps=20_000, batch_size=8, lr=2e-4, lambda_cycle=10.0, lambda_identity=0.0,
        lambda_seg=10.0, lambda_weight=1.0, pool_size=50, seg_through_translation=True,
        seg_width=32, seg_epochs=30, seg_batch_size=32, seg_lr=2e-3,
    ),
)
