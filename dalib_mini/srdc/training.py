"""Training SRDC (and its ablations and the source-only baseline) on a digit adaptation task.

Every run has two parts. The first ``cfg.warmup_steps`` steps make the network SRDC starts
from: the labelled source alone (:func:`source_warmup`, "SRDC from scratch") or DANN
(:func:`warm_start_from_dann` wraps a network from :func:`~dalib_mini.srdc.dann_start.train_dann_start`).
The remaining ``cfg.steps - cfg.warmup_steps`` steps train SRDC, or the baseline it is
compared with, from that network, with a fresh optimizer (``cfg.optimizer``) whose learning
rate restarts the DANN chapter's annealing (:func:`continuation_learning_rate`), on
``cfg.batch_size`` source + ``cfg.batch_size`` target images per step. Every
``cfg.epoch_steps`` steps (an "epoch") the centers are re-initialized by k-means on the target
features and the target cluster centroids of the soft source weights are refreshed.
:func:`srdc_objective` assembles one step's objective (Eq. 10).

The auxiliary targets (Eq. 3, whose sums run over the target samples) are solved once per
epoch on the epoch's pool of target images with the network fixed, then held fixed
(``cfg.aux_targets = "epoch"``), or from each mini-batch's own predictions, as the authors'
released code does (``"batch"``; trainer.py, ``TarDisClusterLoss``, which also lets the
gradient flow through them).

BatchNorm follows the DANN chapter's ``cfg.batch_norm`` (see :mod:`dalib_mini.adaptation`):
with ``"per_domain"`` the source and target halves of a batch pass through the network
separately, and every evaluation in eval mode (source centroids, target clustering, the test)
first re-estimates the running statistics on images of the domain it looks at.
"""
from __future__ import annotations

import copy
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import torch

from ..adaptation import batch_norm_mode, build_optimizer, forward_domains, reestimate_batch_norm
from ..device import get_device, seed_everything
from ..metrics import accuracy, cluster_accuracy
from ..schedules import learning_rate_schedule
from ..training import DivergenceGuard, History, check_finite, progress
from .auxiliary_targets import target_distribution
from .centers import class_centroids, kmeans_centers
from .losses import source_structural_loss, target_clustering_loss
from .models import SRDCNet
from .settings import SRDCSettings
from .source_weights import source_weights
from .student_t import student_t_assignment

__all__ = ["SRDCResult", "WarmStart", "source_warmup", "warm_start_from_dann", "train_srdc",
           "srdc_objective", "predict_logits", "continuation_learning_rate", "ABLATIONS",
           "AUX_TARGETS"]

#: When the auxiliary targets Q, Q~ of Eq. 3 are computed: once per epoch on the k-means pool,
#: then held fixed for the epoch, or on every mini-batch (the released code).
AUX_TARGETS = ("epoch", "batch")

#: The paper's ablations (Table 4) as keyword arguments of :func:`train_srdc`.
ABLATIONS = {
    "SRDC": {},
    "w/o structural source regularisation": dict(structural_source=False),
    "w/o feature-level clustering": dict(feature_clustering=False),
    "w/o soft source selection": dict(soft_source_selection=False),
}


@dataclass
class WarmStart:
    """The network a run starts from (after the source-only warm-up, or DANN), with its
    optimizer and sampler state, to fork runs from. Every fork copies it: a run never
    changes the warm start it was given."""

    seed: int
    step: int
    model_state: dict
    optimizer_state: dict
    generator_state: torch.Tensor
    history: History


@dataclass
class SRDCResult:
    """What :func:`train_srdc` returns.

    ``target_acc``: accuracy on the target test split. ``epochs``: one row per epoch with the
    cluster sizes (k-means and classifier predictions on the clustering subset), the subset's
    accuracy and the mean source weight. ``history``: per-step losses.
    """

    variant: str
    seed: int
    target_acc: float
    model: SRDCNet
    history: History
    epochs: pd.DataFrame = field(default_factory=pd.DataFrame)


def continuation_learning_rate(cfg: SRDCSettings, step: int) -> float:
    r"""The learning rate at ``step``: the DANN chapter's :math:`\mu_p = \mu_0/(1+\alpha p)^\beta`
    over the warm-up (``p = step / warmup_steps``), restarted for the steps after it
    (``p = (step - warmup_steps) / (steps - warmup_steps)``), as every starting network
    (source-only warm-up or DANN) ends its own schedule at ``warmup_steps``."""
    if step < cfg.warmup_steps:
        p = step / cfg.warmup_steps
    else:
        p = (step - cfg.warmup_steps) / max(cfg.steps - cfg.warmup_steps, 1)
    return learning_rate_schedule(min(p, 1.0), cfg.lr0, cfg.lr_alpha, cfg.lr_beta)


def _set_learning_rate(optimizer: torch.optim.Optimizer, cfg: SRDCSettings, step: int) -> None:
    lr = continuation_learning_rate(cfg, step)
    for group in optimizer.param_groups:
        group["lr"] = lr


@torch.no_grad()
def predict_logits(model: SRDCNet, images: torch.Tensor, batch_size: int = 1000
                   ) -> tuple[torch.Tensor, torch.Tensor]:
    """``(logits (N, K), features (N, D))`` of ``images`` in eval mode, ``batch_size`` at a time."""
    was_training = model.training
    model.eval()
    outputs = [model(images[i:i + batch_size]) for i in range(0, images.shape[0], batch_size)]
    model.train(was_training)
    return torch.cat([o[0] for o in outputs]), torch.cat([o[1] for o in outputs])


def _domain_statistics(model: SRDCNet, cfg: SRDCSettings, images: torch.Tensor) -> None:
    """With per-domain BatchNorm, make the stored statistics those of ``images``' domain
    (estimated on the first ``cfg.n_bn_reestimate`` of them)."""
    if batch_norm_mode(cfg.batch_norm) == "per_domain":
        n = cfg.n_bn_reestimate
        reestimate_batch_norm(model.backbone, images if n is None else images[:n],
                              cfg.bn_reestimate_batch_size)


def _batch(generator: torch.Generator, n: int, size: int, device) -> torch.Tensor:
    return torch.randint(n, (size,), generator=generator).to(device)


def _new_model(task, cfg: SRDCSettings, device) -> tuple[SRDCNet, torch.optim.Optimizer]:
    """A freshly initialized network (from the global generators) and its optimizer."""
    model = SRDCNet(in_channels=task.source_images.shape[1],
                    image_size=task.source_images.shape[-1],
                    num_classes=int(task.source_labels.max()) + 1,
                    batch_norm=batch_norm_mode(cfg.batch_norm) != "none").to(device)
    optimizer = build_optimizer(model.parameters(), cfg.optimizer, lr=cfg.lr0, momentum=cfg.momentum)
    return model, optimizer


def source_warmup(task, cfg: SRDCSettings, *, seed: int, device=None) -> WarmStart:
    """Train on the labelled source for ``cfg.warmup_steps`` steps; fork SRDC runs from the result.

    Args:
        task: a :class:`~dalib_mini.DigitAdaptationTask`.
        cfg: the chapter's :class:`~dalib_mini.srdc.settings.SRDCSettings`.
        seed: seeds the initialization (global generators) and the batch order (``generator``).
        device: where to train (resolved by :func:`dalib_mini.get_device`).
    """
    device = get_device(device)
    task = task.to(device)
    generator = seed_everything(seed)
    model, optimizer = _new_model(task, cfg, device)
    history = History()
    model.train()
    steps = progress(range(cfg.warmup_steps), desc=f"source warm-up (seed {seed})")
    for step in DivergenceGuard().watch(steps):  # losses checked in batches, no per-step sync
        _set_learning_rate(optimizer, cfg, step)
        idx = _batch(generator, task.source_images.shape[0], cfg.batch_size, device)
        logits, _ = model(task.source_images[idx])
        loss, _ = source_structural_loss(logits, task.source_labels[idx])
        check_finite(loss, "source loss", step)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        if step % cfg.warmup_log_every == 0:
            history.log(step, loss_source=loss)
    return WarmStart(seed, cfg.warmup_steps, copy.deepcopy(model.state_dict()),
                     copy.deepcopy(optimizer.state_dict()), generator.get_state(), history)


def warm_start_from_dann(dann, task, cfg: SRDCSettings, *, seed: int, device=None) -> WarmStart:
    """A :class:`WarmStart` holding a trained :class:`~dalib_mini.DANNNet` as an
    :class:`SRDCNet` (:meth:`SRDCNet.from_dann`), a fresh optimizer and the sampler of ``seed``,
    so that :func:`train_srdc` trains SRDC (or the source-only loss) from DANN's network."""
    device = get_device(device)
    generator = seed_everything(seed)
    model, optimizer = _new_model(task, cfg, device)
    model.load_state_dict(SRDCNet.from_dann(dann).to(device).state_dict())
    return WarmStart(seed, cfg.warmup_steps, copy.deepcopy(model.state_dict()),
                     copy.deepcopy(optimizer.state_dict()), generator.get_state(), History())


def _subset(n: int, size, seed: int) -> torch.Tensor:
    if size is None or size >= n:
        return torch.arange(n)
    return torch.randperm(n, generator=torch.Generator().manual_seed(10_000 + seed))[:size]


def srdc_objective(model: SRDCNet, cfg: SRDCSettings, source_images: torch.Tensor,
                   source_labels: torch.Tensor, target_images: torch.Tensor | None = None,
                   q_output: torch.Tensor | None = None, q_feature: torch.Tensor | None = None,
                   centroids: torch.Tensor | None = None, *, structural_source: bool = True,
                   feature_clustering: bool = True, soft_source_selection: bool = True,
                   per_domain: bool = False) -> tuple[torch.Tensor, dict]:
    """One step's objective (Eq. 10): target clustering at the output and feature level plus
    the (soft-weighted) structural source losses, each scaled by its ``cfg`` weight.

    Args:
        source_images, source_labels: the step's labelled source batch.
        target_images: the step's target batch, with ``q_output``, ``q_feature`` (its rows of
            the epoch's auxiliary targets Q and Q~, Eq. 3; ``None``: computed from this
            batch) and ``centroids`` (the epoch's target cluster centroids, for the source
            weights of Eq. 8). ``None``: the source-only baseline (the source loss on the
            classifier alone).
        structural_source, feature_clustering, soft_source_selection: the ablations of
            :data:`ABLATIONS`.
        per_domain: source and target pass through the network separately (per-domain
            BatchNorm, :func:`dalib_mini.forward_domains`).

    Returns:
        ``(loss, parts)``: the scalar to minimize, and its terms (what the history logs).
    """
    target_clustering = target_images is not None
    feature_clustering = feature_clustering and target_clustering
    if target_clustering:
        (logits_s, z_s), (logits_t, z_t) = forward_domains(model, source_images, target_images,
                                                           per_domain)
    else:
        logits_s, z_s = model(source_images)
    centers = model.centers if feature_clustering else None
    loss_t = loss_f = loss_s = loss_sf = logits_s.new_zeros(())
    weights = None
    if target_clustering:
        loss_t, loss_f = target_clustering_loss(logits_t, z_t if feature_clustering else None,
                                                centers, cfg.student_t_alpha, q_output, q_feature)
        if soft_source_selection:
            weights = source_weights(z_s, source_labels, centroids)
    if structural_source or not target_clustering:
        loss_s, loss_sf = source_structural_loss(logits_s, source_labels,
                                                 z_s if feature_clustering else None,
                                                 centers, weights, cfg.student_t_alpha)
    loss = (cfg.target_weight * loss_t + cfg.feature_weight * loss_f
            + cfg.source_weight * (loss_s + loss_sf))
    parts = dict(loss_source=loss_s, loss_source_feature=loss_sf, loss_target=loss_t,
                 loss_target_feature=loss_f,
                 mean_source_weight=weights.mean() if weights is not None else 1.0)
    return loss, parts


def train_srdc(task, cfg: SRDCSettings, *, seed: int, device=None,
               warm_start: WarmStart | None = None, target_clustering: bool = True,
               structural_source: bool = True, feature_clustering: bool = True,
               soft_source_selection: bool = True, variant: str | None = None,
               show_progress: bool = True) -> SRDCResult:
    """Train SRDC on ``task`` (a :class:`~dalib_mini.DigitAdaptationTask`) and test on its target.

    Args:
        cfg: the chapter's :class:`~dalib_mini.srdc.settings.SRDCSettings`
            (``dm.chapter_settings("srdc", PROFILE)``).
        seed: seeds the initialization and the batch order.
        device: where to train (resolved by :func:`dalib_mini.get_device`).
        warm_start: a :func:`source_warmup` or :func:`warm_start_from_dann` result with the
            same ``seed``: the network the run starts from (copied, never changed); ``None``
            runs the source warm-up here.
        target_clustering: the target losses (Eq. 4 + 6). ``False`` with
            ``feature_clustering=False`` is the **source-only** baseline.
        structural_source: keep the source losses after the warm-up (Eq. 7/9).
        feature_clustering: the feature-level clustering (Eq. 6 and the source term on the
            Student-t head).
        soft_source_selection: weight source samples by Eq. 8 (else all weights are 1).
        variant: the name the result carries (default ``"SRDC"`` or ``"source only"``).
    """
    device = get_device(device)
    task = task.to(device)
    if warm_start is None:
        warm_start = source_warmup(task, cfg, seed=seed, device=device)
    if warm_start.seed != seed or warm_start.step != cfg.warmup_steps:
        raise ValueError("warm_start must come from source_warmup or warm_start_from_dann "
                         "with the same seed and cfg")
    if cfg.aux_targets not in AUX_TARGETS:
        raise ValueError(f"cfg.aux_targets must be one of {AUX_TARGETS}, got {cfg.aux_targets!r}")
    feature_clustering = feature_clustering and target_clustering
    per_domain = batch_norm_mode(cfg.batch_norm) == "per_domain"
    variant = variant or ("SRDC" if target_clustering else "source only")
    # the network is re-initialized from the seed (so the global generators are where the
    # warm-up left them at its start), then takes the warm-up's weights, optimizer and sampler
    generator = seed_everything(seed)
    model, optimizer = _new_model(task, cfg, device)
    model.load_state_dict(warm_start.model_state)
    # a deep copy: load_state_dict keeps the given state tensors (Adam's moments), which
    # optimizer.step() then updates in place, and later forks would start from them
    optimizer.load_state_dict(copy.deepcopy(warm_start.optimizer_state))
    generator.set_state(warm_start.generator_state)
    history = copy.deepcopy(warm_start.history)
    centroid_idx = _subset(task.source_images.shape[0], cfg.n_source_centroid, seed).to(device)
    n_s, n_t, epoch_rows = task.source_images.shape[0], task.target_images.shape[0], []
    centroids = None
    model.train()
    steps = range(cfg.warmup_steps, cfg.steps)
    guard = DivergenceGuard()  # losses checked in batches (no per-step sync) and before k-means
    for step in guard.watch(progress(steps, desc=f"{variant} (seed {seed})") if show_progress else steps):
        epoch_start = (step - cfg.warmup_steps) % cfg.epoch_steps == 0
        if target_clustering and epoch_start:
            guard.check()
            pool = _subset(n_t, cfg.n_cluster_fit, seed + 100 * len(epoch_rows)).to(device)
            centroids, q_out, q_feat, row = _new_epoch(model, task, pool, centroid_idx, centroids,
                                                       seed, cfg, step)
            epoch_rows.append({"epoch": len(epoch_rows), "step": step, **row})
        _set_learning_rate(optimizer, cfg, step)
        src = _batch(generator, n_s, cfg.batch_size, device)
        if target_clustering:
            in_pool = _batch(generator, pool.shape[0], cfg.batch_size, device)
            per_epoch = cfg.aux_targets == "epoch"
            loss, parts = srdc_objective(
                model, cfg, task.source_images[src], task.source_labels[src],
                task.target_images[pool[in_pool]], q_out[in_pool] if per_epoch else None,
                q_feat[in_pool] if per_epoch else None, centroids,
                structural_source=structural_source, feature_clustering=feature_clustering,
                soft_source_selection=soft_source_selection, per_domain=per_domain)
        else:
            loss, parts = srdc_objective(model, cfg, task.source_images[src],
                                         task.source_labels[src])
        check_finite(loss, "SRDC loss", step)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        if step % cfg.log_every == 0 or step == cfg.steps - 1:
            history.log(step, **parts)
    _domain_statistics(model, cfg, task.target_images)
    logits, _ = predict_logits(model, task.test_images, cfg.eval_batch_size)
    return SRDCResult(variant, seed, accuracy(logits, task.test_labels), model, history,
                      pd.DataFrame(epoch_rows))


@torch.no_grad()
def _new_epoch(model, task, fit_idx, centroid_idx, previous, seed, cfg, step=None):
    """Start of an epoch, with the network fixed: k-means on the target features of this
    epoch's pool (init: source class centroids, then the previous centers), copied into
    ``model.centers``; then the auxiliary targets Q (Eq. 3) of the pool at both levels.
    Non-finite features (the weights diverged at the last update) raise
    :class:`~dalib_mini.TrainingDiverged` naming ``step`` before k-means sees them.
    Returns ``(centroids, q_output (M, K), q_feature (M, K), diagnostics row)``."""
    alpha = cfg.student_t_alpha
    if previous is None:
        _domain_statistics(model, cfg, task.source_images[centroid_idx])
        _, z_s = predict_logits(model, task.source_images[centroid_idx], cfg.eval_batch_size)
        _check_finite_now(z_s, "source features (for the class centroids)", step)
        previous = class_centroids(z_s, task.source_labels[centroid_idx], model.num_classes)
    _domain_statistics(model, cfg, task.target_images[fit_idx])
    logits_t, z_t = predict_logits(model, task.target_images[fit_idx], cfg.eval_batch_size)
    _check_finite_now(z_t, "target features (for k-means)", step)
    _check_finite_now(logits_t, "target logits", step)
    centers, assignment = kmeans_centers(z_t, previous, max_iter=cfg.kmeans_max_iter, seed=seed,
                                         metric=cfg.kmeans_metric)
    model.centers.data.copy_(centers)
    k = model.num_classes
    labels = task.target_labels[fit_idx]  # diagnostics only, never trained on
    predicted = logits_t.argmax(1)
    row = {"kmeans_sizes": np.bincount(assignment.cpu().numpy(), minlength=k),
           "predicted_sizes": np.bincount(predicted.cpu().numpy(), minlength=k),
           "subset_acc": accuracy(predicted, labels),
           "kmeans_cluster_acc": cluster_accuracy(labels.cpu().numpy(), assignment.cpu().numpy())}
    q_output = target_distribution(torch.softmax(logits_t, dim=1))
    q_feature = target_distribution(student_t_assignment(z_t, centers, alpha))
    return centers, q_output, q_feature, row


def _check_finite_now(value: torch.Tensor, name: str, step) -> None:
    """:func:`check_finite` at once, even inside a :class:`DivergenceGuard` (once per epoch,
    before host code such as k-means that would fail on NaN with an unrelated message)."""
    guard = DivergenceGuard(every=1)
    guard.record(value, name, step)
