"""The chapter's experiments, one call each: choose lambda on a validation split carved from
the training ratings, then train I-AutoRec, U-AutoRec and BiasedMF on a split and score them
next to the mean baselines. All runs use :func:`train_autorec`.
"""
from __future__ import annotations

from types import SimpleNamespace

import pandas as pd

from ..device import seed_everything
from ..metrics import rmse
from .baselines import BiasedMF, global_mean_predictions, item_mean_predictions
from .model import AutoRec
from .ratings import RatingSplit
from .training import train_autorec

__all__ = ["AUTOREC_MODELS", "build_rating_model", "fit_rating_model", "choose_lambda", "run_autorec_split"]

AUTOREC_MODELS = ("I-AutoRec", "U-AutoRec", "BiasedMF")


def build_rating_model(name: str, split: RatingSplit, cfg, **activations):
    """A fresh model and its orientation: ``(model, item_based)``."""
    if name == "I-AutoRec":
        return AutoRec(split.n_users, cfg.hidden, **activations), True
    if name == "U-AutoRec":
        return AutoRec(split.n_items, cfg.hidden, **activations), False
    if name == "BiasedMF":
        return BiasedMF(split.n_items, split.n_users, cfg.mf_rank, split.train.rating.mean()), True
    raise ValueError(f"name must be one of {AUTOREC_MODELS}, got {name!r}")


def fit_rating_model(name: str, split: RatingSplit, lam: float, cfg, seed: int = 0,
                     eval_every: int | None = None, **activations):
    """Seed, build and train one model; returns ``(model, history)``."""
    seed_everything(seed)
    model, item_based = build_rating_model(name, split, cfg, **activations)
    mf = name == "BiasedMF"
    history = train_autorec(model, split, lam=lam, item_based=item_based,
                            epochs=cfg.mf_epochs if mf else cfg.epochs,
                            lr=cfg.mf_lr if mf else cfg.lr, optimizer=cfg.optimizer,
                            eval_every=eval_every or cfg.eval_every, desc=f"{name} lambda={lam:g}")
    return model, history


def choose_lambda(split: RatingSplit, cfg, seed: int = 0) -> tuple[dict, pd.DataFrame]:
    """Validation RMSE of every model for every lambda of its grid, on a validation split
    carved from ``split.train`` (the test ratings are never looked at).

    Returns ``({model: best lambda}, table of validation RMSE)``.
    """
    validation = split.carve_validation(cfg.validation_fraction)
    rows = []
    for name in AUTOREC_MODELS:
        grid = cfg.mf_lam_grid if name == "BiasedMF" else cfg.lam_grid
        for lam in grid:
            # validation RMSE is needed only at the end: evaluate once
            _, history = fit_rating_model(name, validation, lam, cfg, seed, eval_every=10**9)
            rows.append({"model": name, "lambda": lam, "validation_rmse": history.last("test_rmse")})
    table = pd.DataFrame(rows)
    best = table.loc[table.groupby("model", sort=False).validation_rmse.idxmin()]
    return dict(zip(best.model, best["lambda"])), table


def run_autorec_split(split: RatingSplit, lambdas: dict, cfg, seed: int = 0) -> SimpleNamespace:
    """Train the three models on ``split`` and score them and the mean baselines on its test
    ratings. Returns ``rmse`` (dict), ``histories`` and ``models`` (dicts by model name)."""
    truth = split.test.rating.values.astype(float)
    scores = {"global mean": rmse(global_mean_predictions(split), truth),
              "item mean": rmse(item_mean_predictions(split), truth)}
    histories, models = {}, {}
    for name in AUTOREC_MODELS:
        models[name], histories[name] = fit_rating_model(name, split, lambdas[name], cfg, seed)
        scores[name] = histories[name].last("test_rmse")
    return SimpleNamespace(rmse=scores, histories=histories, models=models)
