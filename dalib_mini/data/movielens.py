"""MovieLens 100K (GroupLens): 100,000 ratings (1-5) by 943 users on 1,682 movies.

Under ``<data root>/ml-100k/`` as ``ml-100k.zip`` unpacks: ``u.data`` (user, item, rating,
timestamp; tab-separated), ``u.item`` (movie id, title, release date, ..., 19 genre flags;
'|'-separated, Latin-1), ``u.user``, ``u.genre``, ``u.info``.

The loader validates ``u.data`` line by line (four integer fields, ratings 1-5, ids within
the counts of ``u.info``, no repeated user-item pair) and raises
:class:`DatasetCorruptError` naming the first bad line, so a damaged copy can never be
mistaken for the real data.
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ._download import DatasetCorruptError, data_root, ensure_extracted

__all__ = ["MovieLens", "load_movielens_100k", "MOVIELENS_GENRES"]

_URL = "https://files.grouplens.org/datasets/movielens/ml-100k.zip"
_MD5 = "0e33842e24a9c977be4e0107933c0723"
MOVIELENS_GENRES = ("unknown", "Action", "Adventure", "Animation", "Children's", "Comedy", "Crime",
                    "Documentary", "Drama", "Fantasy", "Film-Noir", "Horror", "Musical", "Mystery",
                    "Romance", "Sci-Fi", "Thriller", "War", "Western")


@dataclass
class MovieLens:
    """MovieLens tables, ids kept as in the files (1-based).

    Attributes:
        ratings: columns ``user, item, rating, timestamp`` (int64), one row per rating.
        items: columns ``item, title, release_date`` and one 0/1 column per genre.
        users: columns ``user, age, gender, occupation, zip``.
        n_users, n_items: the counts of ``u.info``.
    """

    ratings: pd.DataFrame
    items: pd.DataFrame
    users: pd.DataFrame
    n_users: int
    n_items: int


def _read_info(path) -> dict[str, int]:
    counts = {}
    for line in path.read_text().splitlines():
        parts = line.split()
        if len(parts) == 2 and parts[0].isdigit():
            counts[parts[1]] = int(parts[0])
    if not {"users", "items", "ratings"} <= set(counts):
        raise DatasetCorruptError(f"{path}: expected lines '<n> users', '<n> items', '<n> ratings'")
    return counts


def _validate_ratings(path, info: dict[str, int]) -> pd.DataFrame:
    raw = pd.read_csv(path, sep="\t", header=None, dtype=str, keep_default_na=False,
                      names=["user", "item", "rating", "timestamp"], engine="python")
    hint = (" The file is damaged (compare it with a fresh copy of ml-100k.zip from "
            f"{_URL}).")
    for column in raw.columns:
        bad = ~raw[column].str.fullmatch(r"[0-9]+")
        if bad.any():
            line = int(bad.idxmax()) + 1
            raise DatasetCorruptError(f"{path}, line {line}: field {column!r} must be a positive "
                                      f"integer, got {raw[column][line - 1]!r}.{hint}")
    ratings = raw.astype("int64")
    checks = [("rating", 1, 5), ("user", 1, info["users"]), ("item", 1, info["items"])]
    for column, low, high in checks:
        bad = (ratings[column] < low) | (ratings[column] > high)
        if bad.any():
            line = int(bad.idxmax()) + 1
            raise DatasetCorruptError(f"{path}, line {line}: {column} must lie in [{low}, {high}], "
                                      f"got {ratings[column][line - 1]}.{hint}")
    duplicated = ratings.duplicated(["user", "item"])
    if duplicated.any():
        line = int(duplicated.idxmax()) + 1
        raise DatasetCorruptError(f"{path}, line {line}: user {ratings.user[line - 1]} rated item "
                                  f"{ratings.item[line - 1]} twice.{hint}")
    if len(ratings) != info["ratings"]:
        raise DatasetCorruptError(f"{path} has {len(ratings)} ratings, u.info says "
                                  f"{info['ratings']}.{hint}")
    return ratings


def load_movielens_100k(root=None, download: bool = True) -> MovieLens:
    """Load and validate MovieLens 100K."""
    base = data_root(root) / "ml-100k"
    if not (base / "u.data").exists():
        base.parent.mkdir(parents=True, exist_ok=True)
        ensure_extracted("MovieLens 100K", base / "u.data", base.parent / "ml-100k.zip",
                         _URL, _MD5, extract_to=base.parent, download=download)
    info = _read_info(base / "u.info")
    ratings = _validate_ratings(base / "u.data", info)
    items = pd.read_csv(base / "u.item", sep="|", header=None, encoding="latin-1",
                        names=["item", "title", "release_date", "video_release_date", "url",
                               *MOVIELENS_GENRES])
    items = items.drop(columns=["video_release_date", "url"])
    users = pd.read_csv(base / "u.user", sep="|", header=None,
                        names=["user", "age", "gender", "occupation", "zip"])
    return MovieLens(ratings=ratings, items=items, users=users,
                     n_users=info["users"], n_items=info["items"])
