r"""Choosing DANN's settings without target labels: source validation and the reverse
validation of the journal version (Ganin et al., JMLR 2016, Section 5.1.2, after Zhong et al.,
2010).

Unsupervised adaptation has no labelled target data, so a setting judged on target (MNIST-M)
test accuracy is tuned on the test set. Two rules that need no target label:

* **source validation**: accuracy on held-out labelled *source* images. It says whether the
  network still classifies its own domain; it is blind to how well the target is served.
* **reverse validation**: split the labelled source into :math:`S'` (training) and
  :math:`S_V` (validation); train DANN :math:`\eta` on :math:`S'` and the unlabelled target
  :math:`T`; label :math:`T` with :math:`\eta`; train a *reverse* DANN :math:`\eta_r` with the
  same settings on the self-labelled :math:`T` as its source and :math:`S'` (labels dropped)
  as its target; the score is :math:`\eta_r`'s accuracy on :math:`S_V`. A setting whose
  pseudo-labels carry the classes across domains scores high.

:func:`reverse_validation` never reads a target label: it replaces them by ``-1`` before the
first training run, so a code path that used them would fail loudly.
"""
from __future__ import annotations

import copy
from dataclasses import dataclass

import torch

from ..adaptation import batch_norm_mode, reestimate_batch_norm
from ..data.digits import DigitAdaptationTask
from ..device import get_device
from ..validation import check_finite_number
from .evaluation import source_accuracy
from .settings import DANNSettings
from .training import train_dann

__all__ = ["ReverseValidation", "reverse_validation", "choose_by_score"]


@dataclass
class ReverseValidation:
    """What :func:`reverse_validation` returns (accuracies in [0, 1]).

    Attributes:
        reverse_acc: the reverse network's accuracy on the held-out source images :math:`S_V`
            (the selection score).
        source_val_acc: the forward DANN's accuracy on :math:`S_V` (source validation).
        pseudo_label_agreement: fraction of target images on which the reverse network, with
            the target's statistics, agrees with the forward network's pseudo-labels.
        n_source_train, n_source_val: sizes of :math:`S'` and :math:`S_V`.
    """

    reverse_acc: float
    source_val_acc: float
    pseudo_label_agreement: float
    n_source_train: int
    n_source_val: int


@torch.no_grad()
def _predict(model, images: torch.Tensor, batch_size: int) -> torch.Tensor:
    model.eval()
    return torch.cat([model.label_predictor(model.features(images[s:s + batch_size])).argmax(1)
                      for s in range(0, len(images), batch_size)])


def reverse_validation(task: DigitAdaptationTask, cfg: DANNSettings, *, seed: int,
                       device: str | torch.device | None = None,
                       val_fraction: float = 0.1) -> ReverseValidation:
    """Reverse validation of the settings ``cfg`` on ``task`` (see the module docstring).

    Args:
        task: the digit task; its ``target_labels``, ``test_images`` and ``test_labels`` are
            not used.
        cfg: the DANN settings to score (both DANN runs use them unchanged).
        seed: seeds the source split and both runs.
        device: where to train.
        val_fraction: share of the source held out as :math:`S_V` (the paper's 10%).

    Returns:
        :class:`ReverseValidation`.
    """
    val_fraction = check_finite_number(val_fraction, "val_fraction")
    if not 0 < val_fraction < 1:
        raise ValueError(f"val_fraction must lie in (0, 1), got {val_fraction}")
    if not isinstance(task, DigitAdaptationTask):
        raise TypeError(f"task must be a DigitAdaptationTask, got {type(task).__name__}")
    device = get_device(device)
    task = task.to(device)
    n = len(task.source_images)
    n_val = max(1, round(val_fraction * n))
    if n - n_val < cfg.batch_size:
        raise ValueError(f"task has {n} source images: too few to hold out {n_val} and still fill "
                         f"a batch of {cfg.batch_size}")
    order = torch.randperm(n, generator=torch.Generator().manual_seed(seed)).to(device)
    train_idx, val_idx = order[n_val:], order[:n_val]
    s_x, s_y = task.source_images[train_idx], task.source_labels[train_idx]
    v_x, v_y = task.source_images[val_idx], task.source_labels[val_idx]
    hidden = torch.full_like(task.target_labels, -1)  # no target label goes in
    forward = DigitAdaptationTask(s_x, s_y, task.target_images, hidden, v_x, v_y,
                                  task.normalization)
    eta = train_dann(forward, cfg, mode="dann", seed=seed, device=device, show_progress=False).model
    per_domain = batch_norm_mode(cfg.batch_norm) == "per_domain"
    stats = s_x if per_domain else None
    source_val = source_accuracy(eta, v_x, v_y, statistics_from=stats, batch_size=cfg.eval_batch_size)
    pseudo = _predict(eta, task.target_images, cfg.eval_batch_size)  # eta holds the target's statistics
    backward = DigitAdaptationTask(task.target_images, pseudo, s_x, torch.full_like(s_y, -1), v_x, v_y,
                                   task.normalization)
    # train_dann re-estimates a per-domain network's statistics on its target, S', before testing on S_V
    rev = train_dann(backward, cfg, mode="dann", seed=seed, device=device, show_progress=False)
    tgt_model = copy.deepcopy(rev.model)
    if per_domain:
        reestimate_batch_norm(tgt_model.features, task.target_images, cfg.eval_batch_size)
    agreement = (_predict(tgt_model, task.target_images, cfg.eval_batch_size) == pseudo).float().mean().item()
    return ReverseValidation(rev.target_acc, source_val, agreement, n - n_val, n_val)


def choose_by_score(scores, incumbent: str, decimals: int = 4) -> str:
    """The candidate with the highest label-free score in ``scores`` (``{name: mean score}``),
    compared at ``decimals`` places (the resolution of a held-out set of a few thousand images).
    A tie that includes ``incumbent`` (the settings already in use) keeps it; any other tie goes
    to the first candidate listed."""
    rounded = {name: round(float(value), decimals) for name, value in dict(scores).items()}
    if not rounded:
        raise ValueError("scores must name at least one candidate")
    best = max(rounded.values())
    top = [name for name, value in rounded.items() if value == best]
    return incumbent if incumbent in top else top[0]
