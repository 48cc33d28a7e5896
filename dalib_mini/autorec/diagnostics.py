"""Looking inside the AutoRec results: how the ratings are spread over users and items (why
I-AutoRec wins), where on the popularity scale the models differ, and how much genre the
learned item codes hold (a k-nearest-neighbour probe against a shuffled-label baseline).
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from .ratings import RatingSplit

__all__ = ["rating_count_summary", "rmse_by_training_count", "rarest_genre",
           "knn_genre_accuracy"]


def rating_count_summary(ratings: pd.DataFrame, n_users: int, n_items: int) -> pd.DataFrame:
    """Ratings per user and per item (zero counts included): mean, median, minimum,
    coefficient of variation and the share with fewer than 10. Rows ``user``, ``item``."""
    rows = {}
    for who, n in (("user", n_users), ("item", n_items)):
        counts = ratings[who].value_counts().reindex(range(1, n + 1), fill_value=0)
        rows[who] = {"count": n, "mean": counts.mean(), "median": counts.median(),
                     "min": counts.min(), "cv": counts.std() / counts.mean(),
                     "share < 10": (counts < 10).mean()}
    return pd.DataFrame(rows).T


def rmse_by_training_count(split: RatingSplit, predictions: dict[str, np.ndarray],
                           by: str = "item", bins=(0, 10, 50, 150, np.inf)) -> pd.DataFrame:
    """Test RMSE of each model's predictions (``{name: (len(split.test),)}``) within groups of
    test ratings whose ``by`` (``"item"`` or ``"user"``) has a given number of training
    ratings (``bins`` edges, left-closed). Columns: the models and ``test ratings``."""
    if by not in ("item", "user"):
        raise ValueError(f"by must be 'item' or 'user', got {by!r}")
    counts = split.train[by].value_counts()
    n_train = split.test[by].map(counts).fillna(0).to_numpy()
    group = pd.cut(n_train, bins=list(bins), right=False)
    truth = split.test.rating.to_numpy(dtype=float)
    frame = pd.DataFrame({"group": group})
    for name, pred in predictions.items():
        pred = np.asarray(pred, dtype=float)
        if pred.shape != truth.shape:
            raise ValueError(f"predictions[{name!r}] must have shape {truth.shape}, got "
                             f"{pred.shape}")
        frame[name] = (pred - truth) ** 2
    table = frame.groupby("group", observed=False).mean().pow(0.5)
    table["test ratings"] = frame.groupby("group", observed=False).size()
    table.index.name = f"training ratings of the {by}"
    return table


def rarest_genre(items: pd.DataFrame, genres) -> pd.Series:
    """For every movie (rows of ``items``, 0/1 genre columns), the genre among its own that the
    fewest movies share; NaN for a movie without any of ``genres``. Unlike "the first genre
    in list order", this spreads the movies over the genres instead of calling most Drama."""
    flags = items[list(genres)].astype(bool)
    sizes = flags.sum()
    if (sizes == 0).any():
        raise ValueError(f"genres holds genres no movie has: {list(sizes.index[sizes == 0])}")
    score = flags.astype(float) / sizes  # larger for a rarer genre, 0 where absent
    return score.idxmax(axis=1).where(flags.any(axis=1))


def knn_genre_accuracy(features: np.ndarray, labels, neighbors: int = 10, seed: int = 0,
                       folds: int = 5) -> dict[str, float]:
    """Cross-validated accuracy of a ``neighbors``-NN classifier (cosine distance) that
    predicts ``labels`` from ``features`` (``(N, D)``), and the same classifier on labels
    shuffled within the data (the chance level for these class sizes)."""
    from sklearn.model_selection import StratifiedKFold, cross_val_score
    from sklearn.neighbors import KNeighborsClassifier

    features, labels = np.asarray(features), np.asarray(labels)
    if features.ndim != 2 or len(features) != len(labels):
        raise ValueError(f"features must be (N, D) with N = len(labels) = {len(labels)}, got "
                         f"{features.shape}")
    knn = KNeighborsClassifier(n_neighbors=neighbors, metric="cosine")
    cv = StratifiedKFold(folds, shuffle=True, random_state=seed)
    shuffled = np.random.default_rng(seed).permutation(labels)
    return {"accuracy": float(cross_val_score(knn, features, labels, cv=cv).mean()),
            "shuffled labels": float(cross_val_score(knn, features, shuffled, cv=cv).mean())}
