"""Rating data for AutoRec: validated (user, item, rating) triples, the sparse rating matrix,
and the paper's evaluation protocol (Sedhain et al. 2015, Section 3: random 90/10 split of the
ratings; users or items without training ratings get the default rating 3; predictions are
clipped to the rating scale [1, 5]).

Ids are 1-based as in MovieLens. A matrix is *item-based* (I-AutoRec, one row per item,
``(n_items, n_users)``) or *user-based* (U-AutoRec, one row per user, ``(n_users, n_items)``).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import torch

__all__ = ["RATING_SCALE", "DEFAULT_RATING", "validate_ratings", "rating_matrix", "RatingSplit",
           "split_ratings", "predict_with_defaults"]

RATING_SCALE = (1.0, 5.0)
DEFAULT_RATING = 3.0  # the paper's rating for users/items never seen in training


def validate_ratings(users, items, ratings, n_users: int, n_items: int):
    """Check 1-based ids and ratings; return them as int64 / int64 / float32 numpy arrays.

    Raises:
        ValueError: names the argument: ``ratings`` outside [1, 5] or not finite, ``users`` /
            ``items`` outside [1, n], different lengths, or a repeated (user, item) pair.
    """
    users, items = np.asarray(users), np.asarray(items)
    ratings = np.asarray(ratings, dtype=np.float64)
    if not (users.shape == items.shape == ratings.shape) or users.ndim != 1:
        raise ValueError(f"users, items and ratings must be 1-D of one length, got shapes "
                         f"{users.shape}, {items.shape}, {ratings.shape}")
    low, high = RATING_SCALE
    bad = ~np.isfinite(ratings) | (ratings < low) | (ratings > high)
    if bad.any():
        raise ValueError(f"ratings must lie in [{low:g}, {high:g}], got {ratings[bad][:5].tolist()} "
                         f"at positions {np.flatnonzero(bad)[:5].tolist()}")
    for name, ids, n in (("users", users, n_users), ("items", items, n_items)):
        if ids.size and (not np.issubdtype(ids.dtype, np.integer) or ids.min() < 1 or ids.max() > n):
            raise ValueError(f"{name} must be integer ids in [1, {n}], got range "
                             f"[{ids.min()}, {ids.max()}] of dtype {ids.dtype}")
    key = users.astype(np.int64) * (n_items + 1) + items.astype(np.int64)
    _, first, counts = np.unique(key, return_index=True, return_counts=True)
    if (counts > 1).any():
        where = first[counts > 1][0]
        raise ValueError(f"users/items: each (user, item) pair may be rated once; user "
                         f"{users[where]} rated item {items[where]} {counts[counts > 1][0]} times")
    return users.astype(np.int64), items.astype(np.int64), ratings.astype(np.float32)


def rating_matrix(users, items, ratings, n_users: int, n_items: int, item_based: bool = True,
                  sparse: bool = True, device=None) -> torch.Tensor:
    """The observed ratings as a matrix; unobserved entries are 0 (never a valid rating).

    Returns a coalesced sparse COO tensor (or dense if ``sparse=False``) of shape
    ``(n_items, n_users)`` when ``item_based`` (row i = the vector r^(i) of Eq. (2)), else
    ``(n_users, n_items)``. Only the ~6% observed entries are stored.
    """
    users, items, ratings = validate_ratings(users, items, ratings, n_users, n_items)
    rows, cols = (items, users) if item_based else (users, items)
    shape = (n_items, n_users) if item_based else (n_users, n_items)
    index = torch.as_tensor(np.stack([rows - 1, cols - 1]), device=device)
    matrix = torch.sparse_coo_tensor(index, torch.as_tensor(ratings, device=device), shape,
                                     check_invariants=True).coalesce()
    return matrix if sparse else matrix.to_dense()


@dataclass
class RatingSplit:
    """Training and held-out ratings (columns ``user, item, rating``) of one random split."""

    train: pd.DataFrame
    test: pd.DataFrame
    n_users: int
    n_items: int
    seed: int = 0

    def train_matrix(self, item_based: bool = True, device=None) -> torch.Tensor:
        """Sparse training matrix, item-based ``(n_items, n_users)`` or user-based."""
        t = self.train
        return rating_matrix(t.user.values, t.item.values, t.rating.values, self.n_users,
                             self.n_items, item_based=item_based, device=device)

    def carve_validation(self, fraction: float = 0.1, seed: int | None = None) -> "RatingSplit":
        """A split of the *training* ratings into train' / validation (for choosing lambda);
        the test ratings are not touched."""
        seed = self.seed if seed is None else seed
        return split_ratings(self.train, self.n_users, self.n_items, fraction, seed + 10_000)

    def seen(self) -> tuple[np.ndarray, np.ndarray]:
        """Boolean arrays ``(n_users,)``, ``(n_items,)``: has the id a training rating?"""
        seen_users = np.zeros(self.n_users, dtype=bool)
        seen_items = np.zeros(self.n_items, dtype=bool)
        seen_users[self.train.user.values - 1] = True
        seen_items[self.train.item.values - 1] = True
        return seen_users, seen_items


def split_ratings(ratings: pd.DataFrame, n_users: int, n_items: int, test_fraction: float = 0.1,
                  seed: int = 0) -> RatingSplit:
    """Random split of the ratings (the paper: 90% train / 10% test, repeated over splits)."""
    if not 0.0 < test_fraction < 1.0:
        raise ValueError(f"test_fraction must lie in (0, 1), got {test_fraction}")
    missing = {"user", "item", "rating"} - set(ratings.columns)
    if missing:
        raise ValueError(f"ratings must have columns user, item, rating; missing {sorted(missing)}")
    validate_ratings(ratings.user.values, ratings.item.values, ratings.rating.values,
                     n_users, n_items)
    order = np.random.default_rng(seed).permutation(len(ratings))
    n_test = int(round(test_fraction * len(ratings)))
    frame = ratings[["user", "item", "rating"]].reset_index(drop=True)
    return RatingSplit(train=frame.iloc[order[n_test:]].reset_index(drop=True),
                       test=frame.iloc[order[:n_test]].reset_index(drop=True),
                       n_users=n_users, n_items=n_items, seed=seed)


def predict_with_defaults(scores: torch.Tensor, users, items, seen_users, seen_items,
                          item_based: bool = True) -> np.ndarray:
    """Read predictions for (user, item) pairs out of a score matrix, the paper's way.

    ``scores`` is item-based ``(n_items, n_users)`` or user-based. A pair whose user or item
    has no training rating (or whose id is outside the matrix) gets :data:`DEFAULT_RATING`;
    every prediction is clipped to :data:`RATING_SCALE`. Returns float64 ``(len(users),)``.
    """
    users = np.asarray(users, dtype=np.int64) - 1
    items = np.asarray(items, dtype=np.int64) - 1
    seen_users, seen_items = np.asarray(seen_users, bool), np.asarray(seen_items, bool)
    known = (users >= 0) & (users < len(seen_users)) & (items >= 0) & (items < len(seen_items))
    known[known] &= seen_users[users[known]] & seen_items[items[known]]
    out = np.full(len(users), DEFAULT_RATING)
    s = scores.detach().cpu().double()
    rows, cols = (items[known], users[known]) if item_based else (users[known], items[known])
    out[known] = s[torch.as_tensor(rows), torch.as_tensor(cols)].numpy()
    return np.clip(out, *RATING_SCALE)
