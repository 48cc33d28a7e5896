"""AutoRec: I-AutoRec, U-AutoRec and BiasedMF (``train_autorec``, also through
``choose_lambda`` and ``run_autorec_split``) for 2 full-batch epochs on a toy rating matrix."""
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
                              eval_every=1, lam_grid=(1.0,), mf_lam_grid=(1.0,))
    split = _toy_split()
    lambdas, _ = dm.choose_lambda(split, cfg, seed=0, device=device)
    result = dm.run_autorec_split(split, cfg, seed=0, device=device, lambdas=lambdas)
    models = {name: model for name, model in result.models.items()}
    models["I-AutoRec (train_autorec)"] = dm.train_autorec(
        split, cfg, seed=0, device=device, model="I-AutoRec", lam=1.0).model
    return models
