"""The chapter's experiments, one call each: choose lambda on a validation split carved from
the training ratings, then train I-AutoRec, U-AutoRec and BiasedMF on a split and score them
next to the mean baselines; sweep the hidden size (the paper's Fig. 2) and train the deep
variant; the activation ablation (Table 1(b)) trained until converged. All runs use
:func:`~dalib_mini.autorec.training.train_autorec`.
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import pandas as pd
from torch import nn

from ..metrics import rmse
from ..training import History
from .baselines import global_mean_predictions, item_mean_predictions
from .models import AUTOREC_MODELS, DEEP_MODEL
from .ratings import RatingSplit
from .settings import AutoRecSettings
from .training import evaluate_rmse, objective_change, train_autorec

__all__ = ["AutoRecSplitResult", "choose_lambda", "run_autorec_split", "run_hidden_units_sweep",
           "run_activation_ablation", "ABLATION_ACTIVATIONS"]

# (f, g) rows of the paper's Table 1(b), in its order
ABLATION_ACTIVATIONS = (("identity", "identity"), ("sigmoid", "identity"),
                        ("identity", "sigmoid"), ("sigmoid", "sigmoid"))


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


def run_hidden_units_sweep(split: RatingSplit, cfg: AutoRecSettings, *, seed: int, device=None,
                           lam: float, known: dict[int, float] | None = None
                           ) -> tuple[dict[int, float], float]:
    """Test RMSE of I-AutoRec on ``split`` for every hidden size of ``cfg.hidden_grid`` (the
    paper's Fig. 2), all with ``lam`` and the schedule of ``cfg``, and of the deep I-AutoRec
    (``cfg.deep_hidden``). ``known`` maps sizes already trained on this split with the same
    settings, seed and lambda to their RMSE (not trained again).

    Returns ``({k: test RMSE}, deep test RMSE)``.
    """
    by_k = {}
    for k in cfg.hidden_grid:
        if known and k in known:
            by_k[k] = float(known[k])
            continue
        result = train_autorec(split, dataclasses.replace(cfg, hidden=k), seed=seed,
                               device=device, model="I-AutoRec", lam=lam)
        by_k[k] = result.history.last("test_rmse")
    deep = train_autorec(split, cfg, seed=seed, device=device, model=DEEP_MODEL, lam=lam)
    return by_k, deep.history.last("test_rmse")


def run_activation_ablation(split: RatingSplit, cfg: AutoRecSettings, *, seed: int,
                            device=None) -> pd.DataFrame:
    """The paper's Table 1(b): I-AutoRec with every (f, g) of :data:`ABLATION_ACTIVATIONS`.

    Each variant is trained for every lambda of ``cfg.ablation_lam_grid`` on the validation
    split carved from ``split.train`` (as :func:`choose_lambda`), until converged: at most
    ``cfg.ablation_epochs`` epochs, stopped once the objective fell by less than
    ``cfg.ablation_tol`` over 10 epochs. Each run is scored on the validation ratings (to
    choose lambda) and, as it is, on ``split.test`` (never used to choose).

    Returns one row per (f, g, lambda): ``validation_rmse``, ``test_rmse``, ``epochs``,
    ``converged`` and ``last_change`` (the objective's relative decrease over the last 10
    epochs; NaN for a run of 10 epochs or fewer), and ``chosen`` (the lambda of that (f, g) with the best validation RMSE).
    """
    validation = split.carve_validation(cfg.validation_fraction)
    # the same trained model, read against the outer split's held-out ratings
    outer = RatingSplit(train=validation.train, test=split.test, n_users=split.n_users,
                        n_items=split.n_items, seed=split.seed)
    rows = []
    for f, g in ABLATION_ACTIVATIONS:
        variant = dataclasses.replace(cfg, hidden_activation=g, output_activation=f,
                                      epochs=cfg.ablation_epochs, tol=cfg.ablation_tol,
                                      eval_every=10**9)
        for lam in cfg.ablation_lam_grid:
            result = train_autorec(validation, variant, seed=seed, device=device,
                                   model="I-AutoRec", lam=lam)
            losses = result.history["loss"]
            rows.append({"f (output)": f, "g (hidden)": g, "lambda": lam,
                         "validation_rmse": result.history.last("test_rmse"),
                         "test_rmse": evaluate_rmse(result.model, outer),
                         "epochs": result.epochs, "converged": bool(result.converged),
                         "last_change": (objective_change(losses) if len(losses) > 10
                                         else float("nan"))})
    table = pd.DataFrame(rows)
    best = table.groupby(["f (output)", "g (hidden)"], sort=False).validation_rmse.idxmin()
    table["chosen"] = table.index.isin(best.values)
    return table
