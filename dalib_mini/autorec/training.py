"""Full-batch training of AutoRec (and of BiasedMF, with the same loop).

The paper optimises Eq. (2) with full-batch L-BFGS or Rprop (Section 3): the whole rating
matrix is one batch, which is cheap here (1,682 x 943 with 6% observed). ``optimizer`` picks
``"rprop"`` (default: stable and fast on this objective), ``"lbfgs"`` or ``"adam"``.
"""
from __future__ import annotations

import numpy as np
import torch
from torch import nn

from ..metrics import rmse
from ..training import History, check_finite, progress
from .losses import autorec_regulariser, masked_mse
from .ratings import RatingSplit, predict_with_defaults

__all__ = ["train_autorec", "predict_split", "evaluate_rmse"]

_DEFAULT_LR = {"rprop": 1e-3, "adam": 1e-3, "lbfgs": 1.0}


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


def train_autorec(model: nn.Module, split: RatingSplit, *, lam: float, epochs: int,
                  item_based: bool = True, optimizer: str = "rprop", lr: float | None = None,
                  eval_every: int = 5, desc: str = "AutoRec") -> History:
    """Minimise Eq. (2), ``masked_mse(sum) + autorec_regulariser``, full batch, for ``epochs``.

    Args:
        model: :class:`AutoRec` with ``n_inputs = n_users`` (item-based) or ``n_items``
            (user-based), or a :class:`BiasedMF` of the matching shape.
        split: training ratings (input and target) and held-out ratings (evaluated only).
        lam: lambda of Eq. (2).
    Returns:
        History with ``loss`` (objective per observed rating) and ``train_rmse`` (of the
        unclipped reconstruction, before that epoch's step) every epoch, and ``test_rmse``
        (clipped predictions, default 3 for unseen ids) every ``eval_every`` epochs.
    """
    if optimizer not in _DEFAULT_LR:
        raise ValueError(f"optimizer must be one of {sorted(_DEFAULT_LR)}, got {optimizer!r}")
    if epochs < 1:
        raise ValueError(f"epochs must be >= 1, got {epochs}")
    device = next(model.parameters()).device
    inputs = split.train_matrix(item_based, device=device)
    target = inputs.to_dense()
    mask = target > 0
    n_observed = int(mask.sum())
    params = [p for p in model.parameters() if p.requires_grad]
    lr = _DEFAULT_LR[optimizer] if lr is None else lr
    if optimizer == "rprop":
        opt = torch.optim.Rprop(params, lr=lr)
    elif optimizer == "adam":
        opt = torch.optim.Adam(params, lr=lr)
    else:
        opt = torch.optim.LBFGS(params, lr=lr, max_iter=1, history_size=20,
                                line_search_fn="strong_wolfe")
    history = History()

    fit = {}

    def objective():
        opt.zero_grad()
        squared_error = masked_mse(model(inputs), target, mask)
        loss = squared_error + autorec_regulariser(model, lam)
        check_finite(loss, "AutoRec objective", len(history))
        loss.backward()
        fit["train_mse"] = squared_error.item() / n_observed  # unclipped, before the step
        return loss

    for epoch in progress(range(1, epochs + 1), desc=desc):
        model.train()
        loss = opt.step(objective) if optimizer == "lbfgs" else (objective(), opt.step())[0]
        scalars = {"loss": loss.item() / n_observed, "train_rmse": fit["train_mse"] ** 0.5}
        if epoch % eval_every == 0 or epoch == epochs:
            scalars["test_rmse"] = evaluate_rmse(model, split, item_based, on="test")
        history.log(epoch, **scalars)
    model.eval()
    return history
