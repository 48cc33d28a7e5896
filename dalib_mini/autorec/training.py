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

__all__ = ["AutoRecResult", "train_autorec", "autorec_step", "objective_change",
           "predict_split", "evaluate_rmse", "OPTIMIZERS"]

OPTIMIZERS = ("rprop", "lbfgs", "adam")
CONVERGENCE_WINDOW = 10  # epochs over which ``cfg.tol`` compares the objective


@dataclass
class AutoRecResult:
    """One trained rating model: which one, its lambda and orientation, and its history."""

    model: nn.Module
    history: History
    name: str
    lam: float
    item_based: bool
    epochs: int = 0               # epochs actually run
    converged: bool | None = None  # stopped by ``cfg.tol`` (None: no criterion was set)


def autorec_step(module: nn.Module, optimizer: torch.optim.Optimizer, inputs: torch.Tensor,
                 target: torch.Tensor, mask: torch.Tensor,
                 lam: float) -> tuple[torch.Tensor, torch.Tensor]:
    """One full-batch step on Eq. (2): ``(objective, squared_error)`` before the step.

    The whole training matrix is one batch (the paper: Rprop or L-BFGS). The objective is
    :func:`~dalib_mini.autorec.losses.autorec_objective`, the masked sum of squares plus
    ``(lam/2)(||W||_F^2 + ||V||_F^2)``; L-BFGS may evaluate it several times (line search).
    """
    parts = {}

    def closure():
        optimizer.zero_grad()
        objective, squared_error = autorec_objective(module, inputs, target, mask, lam)
        check_finite(objective, "AutoRec objective")
        objective.backward()
        parts.setdefault("first", (objective.detach(), squared_error.detach()))
        return objective

    if isinstance(optimizer, torch.optim.LBFGS):
        optimizer.step(closure)
    else:
        closure()
        optimizer.step()
    return parts["first"]


def objective_change(losses, window: int = CONVERGENCE_WINDOW) -> float:
    """Relative decrease of the objective over the last ``window`` epochs,
    ``(L[t - window] - L[t]) / L[t - window]`` (the convergence criterion of ``cfg.tol``)."""
    if len(losses) <= window:
        raise ValueError(f"losses must hold more than window={window} values, got {len(losses)}")
    return float((losses[-window - 1] - losses[-1]) / losses[-window - 1])


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
        cfg: the chapter's settings: ``hidden``, activations, ``optimizer``, ``lr``,
            ``epochs`` and ``tol`` for I-/U-AutoRec (``deep_hidden`` for the deep one),
            ``mf_rank``, ``mf_lr`` and ``mf_epochs`` for BiasedMF, ``eval_every`` for all. With
            ``tol`` set, ``epochs`` is a cap: training stops at the first multiple of 10 epochs
            where the objective fell by less than ``tol`` (relative) over the last 10.
        seed: seeds the model's initialization (full batch: nothing else is random).
        device: where the model and the rating matrices live (:func:`dalib_mini.get_device`).
        model: one of ``AUTOREC_MODELS``: ``"I-AutoRec"``, ``"U-AutoRec"`` or ``"BiasedMF"``,
            or ``DEEP_MODEL`` (``"deep I-AutoRec"``).
        lam: lambda of Eq. (2).
    Returns:
        :class:`AutoRecResult` (with the epochs run and whether ``tol`` stopped it); its
        history has ``loss`` (objective per observed rating) and
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
    tol = None if mf else cfg.tol
    logged = []  # per epoch (epoch, objective, squared error, test RMSE): floats at the end
    converged = None if tol is None else False
    guard = DivergenceGuard()
    epochs_bar = progress(range(1, epochs + 1), desc=f"{model} lambda={lam:g}")
    for epoch in guard.watch(epochs_bar):  # losses checked in batches, no per-step sync
        module.train()
        objective, squared_error = autorec_step(module, opt, inputs, target, mask, lam)
        # the criterion looks at the objective every CONVERGENCE_WINDOW epochs (one sync each)
        if tol is not None and epoch > CONVERGENCE_WINDOW and epoch % CONVERGENCE_WINDOW == 0:
            window = torch.stack([logged[-CONVERGENCE_WINDOW][1], objective]).tolist()
            converged = objective_change(window, window=1) < tol
        last = epoch == epochs or bool(converged)
        test_rmse = (evaluate_rmse(module, split, item_based, on="test")
                     if epoch % cfg.eval_every == 0 or last else None)
        logged.append((epoch, objective, squared_error, test_rmse))
        if converged:
            guard.check()  # the loop is left early
            break
    history = History()
    # one transfer; the same floats as objective.item() and squared_error.item()
    values = torch.stack([torch.stack([obj, se]) for _, obj, se, _ in logged]).tolist()
    for (epoch, *_, test_rmse), (obj, squared_error) in zip(logged, values, strict=True):
        scalars = {"loss": obj / n_observed, "train_rmse": (squared_error / n_observed) ** 0.5}
        if test_rmse is not None:
            scalars["test_rmse"] = test_rmse
        history.log(epoch, **scalars)
    module.eval()
    return AutoRecResult(model=module, history=history, name=model, lam=lam,
                         item_based=item_based, epochs=len(logged), converged=converged)
