r"""Training DANN and its two baselines with one loop and one budget (Ganin & Lempitsky,
ICML 2015, Section 3 and Section 4.1).

Every step draws ``batch_size`` labelled images; in ``"dann"`` mode it also draws
``batch_size`` unlabelled target images, so each batch is half source, half target. The
network of :class:`~dalib_mini.dann.models.DANNNet` then gets one backward pass on the
pseudo-objective (9) (:func:`dann_step`),

.. math:: \tilde E = \underbrace{\frac{1}{n}\sum_{i \in S} L_y^i}_{\text{label loss}}
          + \underbrace{\frac{1}{2n}\sum_{i \in S \cup T} L_d^i}_{\text{domain loss}},

whose domain term reaches the features through the gradient reversal layer
:math:`R_{\lambda_p}`: the classifiers descend their losses, the features descend
:math:`L_y` and *ascend* :math:`\lambda_p L_d` (updates (4)-(6)). Sums of the paper are
means here (a constant factor absorbed by the learning rate).

Modes, all with the same steps, batch size, optimizer and schedules:

* ``"source_only"``: labelled MNIST only, no domain branch (the lower bound);
* ``"dann"``: labelled MNIST + unlabelled MNIST-M through the reversal layer;
* ``"target_only"``: labelled MNIST-M training images (the upper bound; it uses the
  target labels that adaptation never sees).

BatchNorm (``batch_norm``, not in the paper's network): ``"none"`` (the paper), ``"mixed"``
(BatchNorm layers normalize the half-source, half-target batch with one set of statistics) or
``"per_domain"``: in ``"dann"`` mode the source and the target half pass through the feature
extractor separately, so every BatchNorm layer standardizes each domain with its own batch
statistics, and for every mode the running statistics are re-estimated on the unlabelled target
training images before testing (AdaBN; Li et al., 2016). It extends the per-domain input
standardization of :func:`~dalib_mini.data.digits.normalize_domains` to every layer; the
source-only baseline gets the same test-time statistics, so the comparison stays fair.
"""
from __future__ import annotations

import copy
import time
from dataclasses import dataclass
from typing import Iterator

import torch
import torch.nn.functional as F

from ..adaptation import (
    batch_norm_mode,
    build_optimizer,
    domain_accuracy,
    domain_classification_loss,
    forward_domains,
    reestimate_batch_norm,
)
from ..data.digits import DigitAdaptationTask
from ..device import get_device, seed_everything
from ..schedules import grl_lambda_schedule, learning_rate_schedule
from ..training import DivergenceGuard, History, check_finite, progress
from .models import DANNNet
from .settings import DANNSettings

__all__ = ["MODES", "DANNResult", "train_dann", "dann_step", "supervised_step",
           "make_optimizer", "evaluate_accuracy", "extract_features"]

#: The three runs of the chapter: the lower bound, DANN, the upper bound.
MODES = ("source_only", "dann", "target_only")


@torch.no_grad()
def evaluate_accuracy(model: DANNNet, images: torch.Tensor, labels: torch.Tensor,
                      batch_size: int = 1000) -> float:
    """Label-predictor accuracy on ``images (N, 3, H, W)`` with ``labels (N,)``, in eval mode."""
    if len(images) != len(labels):
        raise ValueError(f"images and labels differ in length: {len(images)} vs {len(labels)}")
    was_training = model.training
    model.eval()
    correct = 0
    for start in range(0, len(images), batch_size):
        logits = model.label_predictor(model.features(images[start:start + batch_size]))
        correct += int((logits.argmax(1) == labels[start:start + batch_size]).sum())
    model.train(was_training)
    return correct / len(images)


@torch.no_grad()
def extract_features(model: DANNNet, images: torch.Tensor, batch_size: int = 1000,
                     statistics_from: torch.Tensor | None = None) -> torch.Tensor:
    """:math:`G_f(x)` for ``images (N, 3, H, W)``: features ``(N, D)`` (eval mode, CPU).

    ``statistics_from``: images whose BatchNorm statistics to use (e.g. the source images of a
    ``"per_domain"`` network, whose stored statistics are the target's); applied to a copy,
    ``model`` is not changed. ``None``: the model's stored statistics."""
    if statistics_from is not None:
        model = copy.deepcopy(model)
        reestimate_batch_norm(model.features, statistics_from)
    was_training = model.training
    model.eval()
    out = torch.cat([model.features(images[s:s + batch_size]).cpu()
                     for s in range(0, len(images), batch_size)])
    model.train(was_training)
    return out


@dataclass
class DANNResult:
    """What :func:`train_dann` returns.

    Attributes:
        model: the trained :class:`DANNNet` (in eval mode, on the run's device).
        history: per step ``label_loss``, ``lambda_p``, ``lr`` and, in ``"dann"`` mode,
            ``domain_loss`` and ``domain_acc`` (on the half-source, half-target batch).
        target_acc: accuracy on the target test split (MNIST-M test).
        mode, seed: the run's mode and seed; cpu_seconds: process CPU time of the run.
    """

    model: DANNNet
    history: History
    target_acc: float
    mode: str
    seed: int
    cpu_seconds: float


def make_optimizer(model: DANNNet, name: str = "sgd", lr: float = 0.01, momentum: float = 0.9,
                   weight_decay: float = 0.0, domain_lr_scale: float = 1.0) -> torch.optim.Optimizer:
    """The optimizer of a run, with two parameter groups: :math:`G_f` + :math:`G_y` and the
    domain classifier :math:`G_d`, whose learning rate is ``domain_lr_scale`` times the
    others' (1 = the paper: one rate for all).

    ``name``: ``"sgd"`` (the paper's: SGD with ``momentum``) or ``"adam"`` (Adam with
    ``betas = (momentum, 0.999)``). ``lr`` is the initial rate; :func:`train_dann` resets it
    every step from :func:`~dalib_mini.schedules.learning_rate_schedule`, times each
    group's ``lr_scale``.
    """
    if lr <= 0 or domain_lr_scale <= 0:
        raise ValueError(f"lr and domain_lr_scale must be > 0, got {lr}, {domain_lr_scale}")
    domain = list(model.domain_classifier.parameters())
    domain_ids = {id(p) for p in domain}
    groups = [dict(params=[p for p in model.parameters() if id(p) not in domain_ids], lr=lr, lr_scale=1.0),
              dict(params=domain, lr=lr * domain_lr_scale, lr_scale=domain_lr_scale)]
    return build_optimizer(groups, name, lr=lr, momentum=momentum, weight_decay=weight_decay)


def dann_step(model: DANNNet, optimizer: torch.optim.Optimizer, x_source: torch.Tensor,
              y_source: torch.Tensor, x_target: torch.Tensor, lam: float, *,
              per_domain: bool = False, domain_loss_weight: float = 1.0,
              step: int | None = None) -> dict[str, torch.Tensor]:
    r"""One DANN step: a backward pass on pseudo-objective (9) for a source batch
    ``x_source (n, C, H, W)`` with labels ``y_source (n,)`` and an unlabelled target batch
    ``x_target (m, C, H, W)``, then one ``optimizer`` step.

    The reversal layer gets :math:`\lambda` = ``lam``; ``per_domain``: the two batches pass
    through :math:`G_f` separately (each BatchNorm layer normalizes each domain with its own
    statistics), else as one batch. ``domain_loss_weight`` multiplies :math:`L_d` (1: both
    losses are means); ``step`` only labels a divergence error.

    Returns:
        ``label_loss``, ``domain_loss`` and ``domain_acc`` (0-d tensors, for the history).
    """
    model.grl.coeff = lam
    features = torch.cat(forward_domains(model.features, x_source, x_target, per_domain))
    domain_logits = model.domain_classifier(model.grl(features))
    is_target = torch.cat([torch.zeros(len(x_source)), torch.ones(len(x_target))]).to(features.device)
    label_loss = check_finite(F.cross_entropy(model.label_predictor(features[:len(x_source)]), y_source),
                              "label loss", step)
    domain_loss = check_finite(domain_classification_loss(domain_logits, is_target),
                               "domain loss", step)
    # pseudo-objective (9); R_lambda sits inside the model. domain_loss_weight = 2 is the
    # paper's sums over a batch with twice as many domain terms as label terms
    loss = label_loss + domain_loss_weight * domain_loss
    optimizer.zero_grad(set_to_none=True)
    loss.backward()
    optimizer.step()
    return dict(label_loss=label_loss, domain_loss=domain_loss,
                domain_acc=domain_accuracy(domain_logits, is_target))


def supervised_step(model: DANNNet, optimizer: torch.optim.Optimizer, x: torch.Tensor,
                    y: torch.Tensor, *, step: int | None = None) -> dict[str, torch.Tensor]:
    """One step of the baselines: cross-entropy of the label predictor on ``x (n, C, H, W)``
    with labels ``y (n,)``, no domain branch. Returns ``label_loss`` (a 0-d tensor)."""
    label_loss = check_finite(F.cross_entropy(model.label_predictor(model.features(x)), y),
                              "label loss", step)
    optimizer.zero_grad(set_to_none=True)
    label_loss.backward()
    optimizer.step()
    return dict(label_loss=label_loss)


def _index_stream(n: int, batch_size: int, generator: torch.Generator) -> Iterator[torch.Tensor]:
    """Endless mini-batches of indices into ``range(n)``, reshuffled every epoch."""
    while True:
        order = torch.randperm(n, generator=generator)
        for start in range(0, n - batch_size + 1, batch_size):
            yield order[start:start + batch_size]


def train_dann(task: DigitAdaptationTask, cfg: DANNSettings, *, mode: str, seed: int,
               device: str | torch.device | None = None, show_progress: bool = True) -> DANNResult:
    """Train one network in ``mode`` (``"source_only"``, ``"dann"`` or ``"target_only"``).

    Args:
        task: the :class:`DigitAdaptationTask` (e.g. from :func:`dalib_mini.mnist_to_mnistm`).
        cfg: the chapter's :class:`~dalib_mini.dann.settings.DANNSettings`
            (``dm.chapter_settings("dann", PROFILE)``). Read: ``steps``, ``batch_size`` (per
            domain), ``optimizer``, ``lr0``, ``lr_alpha``, ``lr_beta``, ``momentum``,
            ``weight_decay``, ``domain_lr_scale`` (see :func:`make_optimizer`), ``gamma``,
            ``lambda_max``, ``domain_loss_weight``, ``batch_norm`` (see the module docstring),
            ``domain_hidden`` and ``eval_batch_size``.
        mode: see the module docstring; all modes share the budget of ``cfg``.
        seed: seeds the weights (global generators) and the batch order (its own generator).
        device: where to train (resolved by :func:`dalib_mini.get_device`); the task's tensors
            are copied there and the model stays there.
        show_progress: show a progress bar.

    Returns:
        :class:`DANNResult` with the model, its :class:`~dalib_mini.History` and the target
        test accuracy.
    """
    if mode not in MODES:
        raise ValueError(f"mode must be one of {MODES}, got {mode!r}")
    if not isinstance(task, DigitAdaptationTask):
        raise TypeError(f"task must be a DigitAdaptationTask, got {type(task).__name__}")
    if not isinstance(cfg, DANNSettings):
        raise TypeError(f"cfg must be a DANNSettings (dm.chapter_settings('dann', ...)), "
                        f"got {type(cfg).__name__}")
    if cfg.steps <= 0 or cfg.batch_size <= 0:
        raise ValueError(f"steps and batch_size must be positive, got {cfg.steps}, {cfg.batch_size}")
    bn = batch_norm_mode(cfg.batch_norm)
    device = get_device(device)
    task = task.to(device)
    start_cpu = time.process_time()
    generator = seed_everything(seed)
    model = DANNNet(in_channels=task.source_images.shape[1], image_size=task.source_images.shape[-1],
                    domain_hidden=cfg.domain_hidden, batch_norm=bn != "none").to(device)
    optimizer = make_optimizer(model, cfg.optimizer, cfg.lr0, cfg.momentum, cfg.weight_decay,
                               cfg.domain_lr_scale)
    if mode == "target_only":
        labelled_x, labelled_y = task.target_images, task.target_labels
    else:
        labelled_x, labelled_y = task.source_images, task.source_labels
    labelled_batches = _index_stream(len(labelled_x), cfg.batch_size, generator)
    target_batches = _index_stream(len(task.target_images), cfg.batch_size, generator)
    history = History()
    model.train()
    steps = cfg.steps
    step_range = progress(range(steps), desc=f"{mode} (seed {seed})") if show_progress else range(steps)
    for step in DivergenceGuard().watch(step_range):  # losses checked in batches, no per-step sync
        p = step / steps
        lam = cfg.lambda_max * grl_lambda_schedule(p, cfg.gamma) if mode == "dann" else 0.0
        lr = learning_rate_schedule(p, cfg.lr0, cfg.lr_alpha, cfg.lr_beta)
        for group in optimizer.param_groups:
            group["lr"] = lr * group["lr_scale"]
        idx = next(labelled_batches).to(device)
        x, y = labelled_x[idx], labelled_y[idx]
        if mode == "dann":
            x_target = task.target_images[next(target_batches).to(device)]
            logged = dann_step(model, optimizer, x, y, x_target, lam, per_domain=bn == "per_domain",
                               domain_loss_weight=cfg.domain_loss_weight, step=step)
        else:
            logged = supervised_step(model, optimizer, x, y, step=step)
        history.log(step, label_loss=logged.pop("label_loss"), lambda_p=lam, lr=lr, **logged)
    model.eval()
    if bn == "per_domain":  # test with the target's statistics (AdaBN), whatever the mode
        reestimate_batch_norm(model.features, task.target_images, cfg.eval_batch_size)
    target_acc = evaluate_accuracy(model, task.test_images, task.test_labels, cfg.eval_batch_size)
    return DANNResult(model, history, target_acc, mode, seed, time.process_time() - start_cpu)
