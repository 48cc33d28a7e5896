r"""SRDC where its premise holds: start from a DANN-trained network, and the fair control.

SRDC clusters the target in the network's own feature space, so it needs features in which
target images of one class already lie together (the paper starts from an ImageNet ResNet-50).
A digits network trained from scratch on the source does not give that; DANN's aligned
features give more of it. This module trains the DANN network SRDC starts from with the DANN
chapter's trainer (:func:`dalib_mini.train_dann`, every setting pinned here so that the numbers
cannot move when the DANN chapter's own profile changes), and trains that network on with
DANN's own step (:func:`dalib_mini.dann_step`) for the steps SRDC gets, as the control.
"""
from __future__ import annotations

import copy

import torch

from ..adaptation import batch_norm_mode, build_optimizer, reestimate_batch_norm
from ..dann import DANNNet, dann_step, train_dann
from ..device import get_device, seed_everything
from ..metrics import accuracy
from ..profiles import chapter_settings
from ..schedules import grl_lambda_schedule
from ..training import DivergenceGuard, History, progress
from .settings import SRDCSettings
from .training import SRDCResult, continuation_learning_rate

__all__ = ["srdc_dann_settings", "train_dann_start", "continue_dann"]


def srdc_dann_settings(cfg: SRDCSettings, profile: str | None = None):
    """The :class:`~dalib_mini.DANNSettings` of the DANN network SRDC starts from: the DANN
    chapter's settings for ``profile`` with **every** field set from ``cfg`` (data, network,
    optimizer, schedules; ``steps = cfg.warmup_steps``), so they equal the source-only warm-up's."""
    return chapter_settings(
        "dann", profile,
        source_split=cfg.source_split, n_source=cfg.n_source, n_target=cfg.n_target,
        n_test=cfg.n_test, normalization=cfg.normalization, steps=cfg.warmup_steps,
        batch_size=cfg.batch_size, optimizer=cfg.optimizer, lr0=cfg.lr0, lr_alpha=cfg.lr_alpha,
        lr_beta=cfg.lr_beta, momentum=cfg.momentum, weight_decay=0.0, domain_lr_scale=1.0,
        gamma=cfg.dann_gamma, lambda_max=cfg.dann_lambda_max,
        domain_loss_weight=cfg.dann_domain_loss_weight, batch_norm=cfg.batch_norm,
        domain_hidden=cfg.dann_domain_hidden, eval_batch_size=cfg.eval_batch_size,
        n_embed=cfg.n_embed)


def train_dann_start(task, cfg: SRDCSettings, *, seed: int, device=None,
                     profile: str | None = None, show_progress: bool = True):
    """DANN for ``cfg.warmup_steps`` steps (:func:`dalib_mini.train_dann`, ``mode="dann"``,
    settings :func:`srdc_dann_settings`): the network SRDC-from-DANN starts from. Returns the
    :class:`~dalib_mini.DANNResult` (``.model``, ``.target_acc``)."""
    return train_dann(task, srdc_dann_settings(cfg, profile), mode="dann", seed=seed,
                      device=device, show_progress=show_progress)


def continue_dann(task, cfg: SRDCSettings, start: DANNNet, *, seed: int, device=None,
                  show_progress: bool = True) -> SRDCResult:
    """Train a copy of the DANN network ``start`` on with DANN's own objective (pseudo-objective
    (9) of Ganin & Lempitsky 2015, :func:`dalib_mini.dann_step`) for the steps SRDC gets,
    ``cfg.steps - cfg.warmup_steps``: a fresh optimizer and the learning rate of SRDC's steps
    (:func:`continuation_learning_rate`), :math:`\\lambda` at the end of DANN's schedule,
    batches of ``cfg.batch_size`` source + ``cfg.batch_size`` target images.

    Returns an :class:`~dalib_mini.srdc.training.SRDCResult` (variant ``"DANN continued"``;
    ``model``: the trained copy, a :class:`~dalib_mini.DANNNet`).
    """
    if not isinstance(start, DANNNet):
        raise TypeError(f"start must be a DANNNet, got {type(start).__name__}")
    device = get_device(device)
    task = task.to(device)
    generator = seed_everything(seed)
    model = copy.deepcopy(start).to(device).train()
    optimizer = build_optimizer(model.parameters(), cfg.optimizer, lr=cfg.lr0, momentum=cfg.momentum)
    per_domain = batch_norm_mode(cfg.batch_norm) == "per_domain"
    lam = cfg.dann_lambda_max * grl_lambda_schedule(1.0, cfg.dann_gamma)
    n_s, n_t, history = task.source_images.shape[0], task.target_images.shape[0], History()
    steps = range(cfg.warmup_steps, cfg.steps)
    for step in DivergenceGuard().watch(progress(steps, desc=f"DANN continued (seed {seed})")
                                        if show_progress else steps):
        for group in optimizer.param_groups:
            group["lr"] = continuation_learning_rate(cfg, step)
        src = torch.randint(n_s, (cfg.batch_size,), generator=generator).to(device)
        tgt = torch.randint(n_t, (cfg.batch_size,), generator=generator).to(device)
        logged = dann_step(model, optimizer, task.source_images[src], task.source_labels[src],
                           task.target_images[tgt], lam, per_domain=per_domain,
                           domain_loss_weight=cfg.dann_domain_loss_weight, step=step)
        if step % cfg.log_every == 0 or step == cfg.steps - 1:
            history.log(step, **logged)
    model.eval()
    if per_domain:
        reestimate_batch_norm(model.features, _bn_images(task, cfg), cfg.bn_reestimate_batch_size)
    with torch.no_grad():
        logits = torch.cat([model.label_predictor(model.features(task.test_images[i:i + cfg.eval_batch_size]))
                            for i in range(0, task.test_images.shape[0], cfg.eval_batch_size)])
    acc = accuracy(logits, task.test_labels)
    return SRDCResult("DANN continued", seed, acc, model, history)


def _bn_images(task, cfg: SRDCSettings) -> torch.Tensor:
    n = cfg.n_bn_reestimate
    return task.target_images if n is None else task.target_images[:n]
