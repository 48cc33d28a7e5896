"""Tiny run of the DANN chapter: ``train_dann`` in its three modes, two steps each, on a few
real MNIST -> MNIST-M images, with per-domain BatchNorm (the quick profile's network)."""
from __future__ import annotations

import dataclasses

import torch

import dalib_mini as dm


def run(device) -> dict[str, torch.nn.Module]:
    cfg = dataclasses.replace(dm.chapter_settings("dann", "quick"), n_source=32, n_target=32,
                              n_test=16, steps=2, batch_size=8, eval_batch_size=16)
    task = dm.mnist_to_mnistm(n_source=cfg.n_source, n_target=cfg.n_target, n_test=cfg.n_test,
                              source_split=cfg.source_split, normalization=cfg.normalization,
                              device=device)
    return {mode: dm.train_dann(task, cfg, mode=mode, seed=0, device=device,
                                show_progress=False).model
            for mode in dm.dann.MODES}
