r"""Training DANN and its two baselines with one loop and one budget (Ganin & Lempitsky,
ICML 2015, Section 3 and Section 4.1).

Every step draws ``batch_size`` labelled images; in ``"dann"`` mode it also draws
``batch_size`` unlabelled target images, so each batch is half source, half target. The
network of :class:`~dalib_mini.dann.models.DANNNet` then gets one backward pass on the
pseudo-objective (9),

.. math:: \tilde E = \underbrace{\frac{1}{n}\sum_{i \in S} L_y^i}_{\text{label loss}}
          + \underbrace{\frac{1}{2n}\sum_{i \in S \cup T} L_d^i}_{\text{domain loss}},

whose domain term reaches the features through the gradient reversal layer
:math:`R_{\lambda_p}`: the classifiers descend their losses, the features descend
:math:`L_y` and *ascend* :math:`\lambda_p L_d` (updates (4)-(6)). Sums of the paper are
means here (a constant factor absorbed by the learning rate).

Modes, all with the same steps, batch size, optimiser and schedules:

* ``"source_only"``: labelled MNIST only, no domain branch (the lower bound);
* ``"dann"``: labelled MNIST + unlabelled MNIST-M through the reversal layer;
* ``"target_only"``: labelled MNIST-M training images (the upper bound; it uses the
  target labels that adaptation never sees).

BatchNorm (``batch_norm``, not in the paper's network): ``"none"`` (the paper), ``"mixed"``
(BatchNorm layers normalise the half-source, half-target batch with one set of statistics) or
``"per_domain"``: in ``"dann"`` mode the source and the target half pass through the feature
extractor separately, so every BatchNorm layer standardises each domain with its own batch
statistics, and for every mode the running statistics are re-estimated on the unlabelled target
training images before testing (AdaBN; Li et al., 2016). It extends the per-domain input
standardisation of :func:`~dalib_mini.data.digits.normalize_domains` to every layer; the
source-only baseline gets the same test-time statistics, so the comparison stays fair.
"""
from __future__ import annotations

import copy
import time
from dataclasses import dataclass
from typing import Iterator

import torch
import torch.nn.functional as F
from torch import nn

from ..adaptation import (
    batch_norm_mode,
    build_optimizer,
    domain_accuracy,
    domain_classification_loss,
    forward_domains,
    reestimate_batch_norm,
)
from ..device import seed_everything
from ..schedules import grl_lambda_schedule, learning_rate_schedule
from ..training import History, check_finite, progress
from ..data.digits import DigitAdaptationTask
from ..profiles import chapter_settings


def _as_settings(settings):  # TRANSITIONAL: until train_dann takes the settings dataclass
    from types import SimpleNamespace
    if settings is None or isinstance(settings, str):
        return chapter_settings("dann", settings)
    if isinstance(settings, dict):
        return SimpleNamespace(**settings)
    return settings

from .models import DANNNet

__all__ = ["MODES", "DANNResult", "train_dann", "make_optimizer", "evaluate_accuracy",
           "extract_features"]

MODES = ("source_only", "dann", "target_only")

_DEFAULTS = dict(steps=600, batch_size=64, optimizer="sgd", lr0=0.01, lr_alpha=10.0, lr_beta=0.75,
                 momentum=0.9, gamma=10.0, lambda_max=1.0, batch_norm="none",
                 domain_hidden=100, weight_decay=0.0, domain_loss_weight=1.0, domain_lr_scale=1.0,
                 eval_batch_size=1000)


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
        model: the trained :class:`DANNNet` (in eval mode).
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
    """The optimiser of a run, with two parameter groups: :math:`G_f` + :math:`G_y` and the
    domain classifier :math:`G_d`, whose learning rate is ``domain_lr_scale`` times the
    others' (1 = the paper: one rate for all).

    ``name``: ``"sgd"`` (the paper's: SGD with ``momentum``) or ``"adam"`` (Adam with
    ``betas = (momentum, 0.999)``). ``lr`` is the initial rate; :func:`train_dann` resets it
    every step from :func:`~dalib_mini.dann.schedules.learning_rate_schedule`, times each
    group's ``lr_scale``.
    """
    if lr <= 0 or domain_lr_scale <= 0:
        raise ValueError(f"lr and domain_lr_scale must be > 0, got {lr}, {domain_lr_scale}")
    domain = list(model.domain_classifier.parameters())
    domain_ids = {id(p) for p in domain}
    groups = [dict(params=[p for p in model.parameters() if id(p) not in domain_ids], lr=lr, lr_scale=1.0),
              dict(params=domain, lr=lr * domain_lr_scale, lr_scale=domain_lr_scale)]
    return build_optimizer(groups, name, lr=lr, momentum=momentum, weight_decay=weight_decay)


def _index_stream(n: int, batch_size: int, generator: torch.Generator) -> Iterator[torch.Tensor]:
    """Endless mini-batches of indices into ``range(n)``, reshuffled every epoch."""
    while True:
        order = torch.randperm(n, generator=generator)
        for start in range(0, n - batch_size + 1, batch_size):
            yield order[start:start + batch_size]


def train_dann(task: DigitAdaptationTask, mode: str = "dann", cfg=None, seed: int = 0,
               device: str | torch.device | None = None, show_progress: bool = True,
               **overrides) -> DANNResult:
    """Train one network in ``mode`` (``"source_only"``, ``"dann"`` or ``"target_only"``).

    Args:
        task: the :class:`DigitAdaptationTask` (e.g. from :func:`mnist_to_mnistm`).
        mode: see the module docstring; all modes share the budget below.
        cfg: ``dm.chapter_settings("dann")`` (the default), a profile name or a dict. Read
            keys: ``steps``, ``batch_size`` (per domain), ``lr0``, ``lr_alpha``, ``lr_beta``,
            ``optimizer`` (``"sgd"`` or ``"adam"``), ``momentum``, ``gamma``, ``lambda_max``,
            ``batch_norm`` (see the module docstring), ``domain_hidden``,
            ``weight_decay``, ``domain_loss_weight``, ``domain_lr_scale`` (see
            :func:`make_optimizer`); missing keys take the paper's values.
        seed: passed to :func:`dalib_mini.seed_everything` (weights and batch order).
        device: where to train (default: the task's device).
        **overrides: replace single ``cfg`` keys, e.g. ``steps=100`` for an ablation.

    Returns:
        :class:`DANNResult` with the model, its :class:`~dalib_mini.History` and the target
        test accuracy.
    """
    if mode not in MODES:
        raise ValueError(f"mode must be one of {MODES}, got {mode!r}")
    if not isinstance(task, DigitAdaptationTask):
        raise TypeError(f"task must be a DigitAdaptationTask, got {type(task).__name__}")
    settings = {**_DEFAULTS, **vars(_as_settings(cfg))}
    unknown = set(overrides) - set(_DEFAULTS)
    if unknown:
        raise ValueError(f"unknown override(s) {sorted(unknown)}; known: {sorted(_DEFAULTS)}")
    s = type("Settings", (), {**settings, **overrides})
    if int(s.steps) <= 0 or int(s.batch_size) <= 0:
        raise ValueError(f"steps and batch_size must be positive, got {s.steps}, {s.batch_size}")
    bn = batch_norm_mode(s.batch_norm)
    device = torch.device(device) if device is not None else task.source_images.device
    task = task.to(device)
    start_cpu = time.process_time()
    seed_everything(seed)
    model = DANNNet(in_channels=task.source_images.shape[1], image_size=task.source_images.shape[-1],
                    domain_hidden=int(s.domain_hidden), batch_norm=bn != "none").to(device)
    optimizer = make_optimizer(model, s.optimizer, s.lr0, s.momentum, s.weight_decay,
                               s.domain_lr_scale)
    if mode == "target_only":
        labelled_x, labelled_y = task.target_images, task.target_labels
    else:
        labelled_x, labelled_y = task.source_images, task.source_labels
    generator = torch.Generator().manual_seed(seed)
    labelled_batches = _index_stream(len(labelled_x), int(s.batch_size), generator)
    target_batches = _index_stream(len(task.target_images), int(s.batch_size), generator)
    b = int(s.batch_size)
    is_target = torch.cat([torch.zeros(b), torch.ones(b)]).to(device)
    history = History()
    model.train()
    steps = int(s.steps)
    step_range = progress(range(steps), desc=f"{mode} (seed {seed})") if show_progress else range(steps)
    for step in step_range:
        p = step / steps
        lam = s.lambda_max * grl_lambda_schedule(p, s.gamma) if mode == "dann" else 0.0
        lr = learning_rate_schedule(p, s.lr0, s.lr_alpha, s.lr_beta)
        for group in optimizer.param_groups:
            group["lr"] = lr * group["lr_scale"]
        model.grl.coeff = lam
        idx = next(labelled_batches).to(device)
        x, y = labelled_x[idx], labelled_y[idx]
        logged = {}
        if mode == "dann":
            x_target = task.target_images[next(target_batches).to(device)]
            features = torch.cat(forward_domains(model.features, x, x_target, bn == "per_domain"))
            domain_logits = model.domain_classifier(model.grl(features))
            label_loss = F.cross_entropy(model.label_predictor(features[:b]), y)
            domain_loss = check_finite(domain_classification_loss(domain_logits, is_target),
                                       "domain loss", step)
            logged = dict(domain_loss=domain_loss, domain_acc=domain_accuracy(domain_logits, is_target))
            # pseudo-objective (9); R_lambda sits inside the model. domain_loss_weight = 2 is the
            # paper's sums over a batch with twice as many domain terms as label terms
            loss = label_loss + s.domain_loss_weight * domain_loss
        else:
            label_loss = F.cross_entropy(model.label_predictor(model.features(x)), y)
            loss = label_loss
        check_finite(label_loss, "label loss", step)
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        optimizer.step()
        history.log(step, label_loss=label_loss, lambda_p=lam, lr=lr, **logged)
    model.eval()
    if bn == "per_domain":  # test with the target's statistics (AdaBN), whatever the mode
        reestimate_batch_norm(model.features, task.target_images, int(s.eval_batch_size))
    target_acc = evaluate_accuracy(model, task.test_images, task.test_labels, int(s.eval_batch_size))
    return DANNResult(model, history, target_acc, mode, seed, time.process_time() - start_cpu)
