"""Tiny run of the SRDC chapter: ``source_warmup``, ``train_srdc`` (SRDC and source-only, with
and without a warm start), the DANN start with ``continue_dann`` and SRDC from it, and
``run_srdc_experiments``, a step or two each, on a few real MNIST -> MNIST-M images, with
per-domain BatchNorm (the quick profile's network)."""
from __future__ import annotations

import dataclasses

import torch

import dalib_mini as dm


def run(device) -> dict[str, torch.nn.Module]:
    cfg = dataclasses.replace(dm.chapter_settings("srdc", "quick"), n_source=32, n_target=32,
                              n_test=16, steps=3, batch_size=8, warmup_steps=1, epoch_steps=1,
                              n_cluster_fit=20, n_source_centroid=20, eval_batch_size=16,
                              bn_reestimate_batch_size=16, n_bn_reestimate=16, n_kmeans_init=1,
                              ablation_seeds=0)
    task = dm.mnist_to_mnistm(n_source=cfg.n_source, n_target=cfg.n_target, n_test=cfg.n_test,
                              source_split=cfg.source_split, normalization=cfg.normalization,
                              device=device)
    warm = dm.source_warmup(task, cfg, seed=0, device=device)
    dann = dm.train_dann_start(task, cfg, seed=0, device=device, show_progress=False).model
    models = {
        "SRDC": dm.train_srdc(task, cfg, seed=0, device=device, warm_start=warm,
                              show_progress=False).model,
        "source only": dm.train_srdc(task, cfg, seed=0, device=device, warm_start=warm,
                                     target_clustering=False, show_progress=False).model,
        "SRDC (own warm-up)": dm.train_srdc(task, cfg, seed=1, device=device,
                                            show_progress=False).model,
        "DANN start": dann,
        "DANN continued": dm.continue_dann(task, cfg, dann, seed=0, device=device,
                                           show_progress=False).model,
        "SRDC from DANN": dm.train_srdc(
            task, cfg, seed=0, device=device, show_progress=False,
            warm_start=dm.warm_start_from_dann(dann, task, cfg, seed=0, device=device)).model,
    }
    experiments = dm.run_srdc_experiments(task, dataclasses.replace(cfg, steps=2), seeds=[2],
                                          device=device)
    models.update({f"experiments: {variant}, seed {seed}": result.model
                   for (variant, seed), result in experiments.runs.items()})
    return models
