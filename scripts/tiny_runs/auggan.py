"""AugGAN: ``train_translator`` (AugGAN through ``train_auggan``, and the CycleGAN baseline
through ``train_cyclegan``) for 2 steps and ``train_segmenter`` for 1 epoch, on a few 24x24
synthetic scenes."""
from __future__ import annotations

import dataclasses

import dalib_mini as dm


def run(device) -> dict:
    cfg = dataclasses.replace(
        dm.chapter_settings("auggan", "quick"), size=24, n_day=4, n_night=4, n_test=2, width=2,
        num_res_blocks=1, num_sampling=1, disc_width=2, disc_layers=1, steps=2, batch_size=2,
        log_every=1, pool_size=2, seg_width=2, seg_epochs=1, seg_batch_size=4)
    task = dm.make_day_night_task(cfg, seed=0, device=device)
    models = {}
    for method in dm.auggan.METHODS:
        nets = dm.train_translator(task, cfg, seed=0, device=device, method=method).nets
        models.update({f"{method}.{name}": net for name, net in vars(nets).items()})
    models["segmenter"] = dm.train_segmenter(task.day.images, task.day.masks, cfg, seed=0,
                                             device=device)
    return models
