"""The chapter's experiments, one call each: choose lambda on a validation split carved from
the training ratings, then train I-AutoRec, U-AutoRec and BiasedMF on a split and score them
next to the mean baselines. All runs use :func:`~dalib_mini.autorec.training.train_autorec`.
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import pandas as pd
from torch import nn

from ..metrics import rmse
from ..training import History
from .baselines import global_mean_predictions, item_mean_predictions
from .models import AUTOREC_MODELS
from .ratings import RatingSplit
from .settings import AutoRecSettings
from .training import train_autorec

__all__ = ["AutoRecSplitResult", "choose_lambda", "run_autorec_split"]


@dataclass
class AutoRecSplitResult:
    """One split's run: test RMSE of every model and baseline, and the models' histories and
    trained modules (by name of :data:`AUTOREC_MODELS`)."""

    rmse: dict[str, float]
    histories: dict[str, History]
    models: dict[str, nn.Module]


def choose_lambda(split: RatingSplit, cfg: AutoRecSettings, *, seed: int,
                  device=None) -> tuple[dict, pd.DataFrame]:
    """Validation RMSE of every model for every lambda of its grid, on a validation split
    carved from ``split.train`` (``cfg.validation_fraction``; the test ratings are never
    looked at). Every run is :func:`train_autorec` with ``seed``.

    Returns ``({model: best lambda}, table of validation RMSE)``.
    """
    validation = split.carve_validation(cfg.validation_fraction)
    once = dataclasses.replace(cfg, eval_every=10**9)  # validation RMSE only after the last epoch
    rows = []
    for name in AUTOREC_MODELS:
        grid = cfg.mf_lam_grid if name == "BiasedMF" else cfg.lam_grid
        for lam in grid:
            result = train_autorec(validation, once, seed=seed, device=device, model=name, lam=lam)
            rows.append({"model": name, "lambda": lam,
                         "validation_rmse": result.history.last("test_rmse")})
    table = pd.DataFrame(rows)
    best = table.loc[table.groupby("model", sort=False).validation_rmse.idxmin()]
    return dict(zip(best.model, best["lambda"])), table


def run_autorec_split(split: RatingSplit, cfg: AutoRecSettings, *, seed: int, device=None,
                      lambdas: dict[str, float]) -> AutoRecSplitResult:
    """Train the three models of :data:`AUTOREC_MODELS` on ``split`` (each with its lambda
    from ``lambdas`` and ``seed``) and score them and the mean baselines on its test ratings."""
    truth = split.test.rating.values.astype(float)
    scores = {"global mean": rmse(global_mean_predictions(split), truth),
              "item mean": rmse(item_mean_predictions(split), truth)}
    histories, models = {}, {}
    for name in AUTOREC_MODELS:
        result = train_autorec(split, cfg, seed=seed, device=device, model=name, lam=lambdas[name])
        models[name], histories[name] = result.model, result.history
        scores[name] = result.history.last("test_rmse")
    return AutoRecSplitResult(rmse=scores, histories=histories, models=models)
