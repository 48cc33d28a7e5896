"""Full-batch training of AutoRec (and of BiasedMF, with the same loop).

The paper optimizes Eq. (2) with full-batch L-BFGS or Rprop (Section 3): the whole rating
matrix is one batch, which is cheap here (1,682 x 943 with 6% observed). ``cfg.optimizer``
picks ``"rprop"`` (stable and fast on this objective), ``"lbfgs"`` or ``"adam"``.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch
from torch import nn

from ..device import get_device, seed_everything
from ..metrics import rmse
from ..training import DivergenceGuard, History, check_finite, progress
from .losses import autorec_objective
from .models import build_rating_model
from .ratings import RatingSplit, predict_with_defaults
from .settings import AutoRecSettings

__all__ = ["AutoRecResult", "train_autorec", "predict_split", "evaluate_rmse", "OPTIMIZERS"]

OPTIMIZERS = ("rprop", "lbfgs", "adam")


@dataclass
class AutoRecResult:
    """One trained rating model: which one, its lambda and orientation, and its history."""

    model: nn.Module
    history: History
    name: str
    lam: float
    item_based: bool


def predict_split(model: nn.Module, split: RatingSplit, item_based: bool = True,
                  on: str = "test") -> np.ndarray:
    """Predictions for ``split.test`` (or ``split.train``), the paper's protocol: the training
    matrix is the input, unseen users/items get 3, everything is clipped to [1, 5]."""
    frame = {"test": split.test, "train": split.train}[on]
    device = next(model.parameters()).device
    model.eval()
    with torch.no_grad():
        scores = model(split.train_matrix(item_based, device=device))
    seen_users, seen_items = split.seen()
    return predict_with_defaults(scores, frame.user.values, frame.item.values, seen_users,
                                 seen_items, item_based=item_based)


def evaluate_rmse(model: nn.Module, split: RatingSplit, item_based: bool = True,
                  on: str = "test") -> float:
    """RMSE of :func:`predict_split` against the true ratings of ``split.<on>``."""
    frame = {"test": split.test, "train": split.train}[on]
    return rmse(predict_split(model, split, item_based, on), frame.rating.values.astype(float))


def train_autorec(split: RatingSplit, cfg: AutoRecSettings, *, seed: int, device=None,
                  model: str, lam: float) -> AutoRecResult:
    """Seed, build and train one rating model: minimize Eq. (2) full batch.

    Args:
        split: training ratings (input and target) and held-out ratings (evaluated only).
        cfg: the chapter's settings: ``hidden``, activations, ``optimizer``, ``lr`` and
            ``epochs`` for I-/U-AutoRec, ``mf_rank``, ``mf_lr`` and ``mf_epochs`` for BiasedMF,
            ``eval_every`` for all.
        seed: seeds the model's initialization (full batch: nothing else is random).
        device: where the model and the rating matrices live (:func:`dalib_mini.get_device`).
        model: one of ``AUTOREC_MODELS``: ``"I-AutoRec"``, ``"U-AutoRec"`` or ``"BiasedMF"``.
        lam: lambda of Eq. (2).
    Returns:
        :class:`AutoRecResult`; its history has ``loss`` (objective per observed rating) and
        ``train_rmse`` (of the unclipped reconstruction, before that epoch's step) every epoch,
        and ``test_rmse`` (clipped predictions, default 3 for unseen ids) every
        ``cfg.eval_every`` epochs and after the last.
    """
    seed_everything(seed)
    device = get_device(device)
    if cfg.optimizer not in OPTIMIZERS:
        raise ValueError(f"optimizer must be one of {OPTIMIZERS}, got {cfg.optimizer!r}")
    module, item_based = build_rating_model(model, split, cfg)
    module = module.to(device)
    mf = model == "BiasedMF"
    epochs, lr = (cfg.mf_epochs, cfg.mf_lr) if mf else (cfg.epochs, cfg.lr)
    if epochs < 1:
        raise ValueError(f"epochs must be >= 1, got {epochs}")
    inputs = split.train_matrix(item_based, device=device)
    target = inputs.to_dense()
    mask = target > 0
    n_observed = int(mask.sum())
    params = [p for p in module.parameters() if p.requires_grad]
    if cfg.optimizer == "rprop":
        opt = torch.optim.Rprop(params, lr=lr)
    elif cfg.optimizer == "adam":
        opt = torch.optim.Adam(params, lr=lr)
    else:
        opt = torch.optim.LBFGS(params, lr=lr, max_iter=1, history_size=20,
                                line_search_fn="strong_wolfe")
    history = History()
    fit = {}
    logged = []  # per epoch (epoch, loss, squared error, test RMSE): turned into floats at the end

    def objective():
        opt.zero_grad()
        loss, squared_error = autorec_objective(module, inputs, target, mask, lam)
        check_finite(loss, "AutoRec objective", len(logged))
        loss.backward()
        fit["squared_error"] = squared_error.detach()  # unclipped, before the step
        return loss

    epochs_bar = progress(range(1, epochs + 1), desc=f"{model} lambda={lam:g}")
    for epoch in DivergenceGuard().watch(epochs_bar):  # losses checked in batches, no per-step sync
        module.train()
        loss = opt.step(objective) if cfg.optimizer == "lbfgs" else (objective(), opt.step())[0]
        test_rmse = (evaluate_rmse(module, split, item_based, on="test")
                     if epoch % cfg.eval_every == 0 or epoch == epochs else None)
        logged.append((epoch, loss.detach(), fit["squared_error"], test_rmse))
    # one transfer (epochs >= 1); the same floats as loss.item() and squared_error.item()
    values = torch.stack([torch.stack([loss, se]) for _, loss, se, _ in logged]).tolist()
    for (epoch, *_, test_rmse), (loss, squared_error) in zip(logged, values, strict=True):
        scalars = {"loss": loss / n_observed, "train_rmse": (squared_error / n_observed) ** 0.5}
        if test_rmse is not None:
            scalars["test_rmse"] = test_rmse
        history.log(epoch, **scalars)
    module.eval()
    return AutoRecResult(model=module, history=history, name=model, lam=lam,
                         item_based=item_based)
