"""AutoRec: I-AutoRec, U-AutoRec and BiasedMF (``train_autorec``, also through
``choose_lambda``, ``run_autorec_split``, ``run_hidden_units_sweep`` and
``run_activation_ablation``), the deep I-AutoRec and the linear AutoRec of the SVD check
(``fit_linear_autorec``) for a few full-batch epochs on a toy rating matrix."""
from __future__ import annotations

import numpy as np
import pandas as pd

import dalib_mini as dm


def _toy_split(n_users: int = 12, n_items: int = 15) -> dm.RatingSplit:
    rng = np.random.default_rng(0)
    users, items = np.nonzero(rng.random((n_users, n_items)) < 0.5)
    ratings = pd.DataFrame({"user": users + 1, "item": items + 1,
                            "rating": rng.integers(1, 6, len(users)).astype(float)})
    return dm.split_ratings(ratings, n_users, n_items, test_fraction=0.2, seed=0)


def run(device) -> dict:
    cfg = dm.chapter_settings("autorec", "quick", hidden=4, epochs=2, mf_rank=2, mf_epochs=2,
                              eval_every=1, lam_grid=(1.0,), mf_lam_grid=(1.0,),
                              hidden_grid=(2, 4), deep_hidden=(4, 2, 4),
                              ablation_lam_grid=(1.0,), ablation_epochs=2)
    split = _toy_split()
    lambdas, _ = dm.choose_lambda(split, cfg, seed=0, device=device)
    result = dm.run_autorec_split(split, cfg, seed=0, device=device, lambdas=lambdas)
    dm.run_hidden_units_sweep(split, cfg, seed=0, device=device, lam=1.0)
    dm.run_activation_ablation(split, cfg, seed=0, device=device)
    models = {name: model for name, model in result.models.items()}
    models["I-AutoRec (train_autorec)"] = dm.train_autorec(
        split, cfg, seed=0, device=device, model="I-AutoRec", lam=1.0).model
    models["deep I-AutoRec"] = dm.train_autorec(
        split, cfg, seed=0, device=device, model=dm.autorec.DEEP_MODEL, lam=1.0).model
    matrix = split.train_matrix(item_based=True).to_dense()
    models["linear AutoRec (SVD check)"] = dm.fit_linear_autorec(
        matrix, matrix > 0, 2, seed=0, device=device, epochs=2)
    return models
