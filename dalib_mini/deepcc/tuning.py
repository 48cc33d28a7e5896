"""Choosing the joint phase's learning rate and cross-loss weight without reading the labels.

:func:`tune_deepcc_joint` trains DeepCC once per (dataset, ``lr_joint``, ``lambda_mi``) and
keeps, per run, the training objective ``J`` (always with ``λ_MI = 1``, the paper's weighting,
so that runs trained with another weight are compared on the same objective), the entropy of
the row-cluster sizes (:func:`~dalib_mini.deepcc.training.deepcc_size_entropy`) at the start
and at the end, and, for the reader only, the row NMI of the start and of the end.

:func:`choose_deepcc_joint` applies the rule, which reads no label: one setting for every
dataset; a run *collapses* when its final size entropy falls below ``keep`` times its start
value; among the settings that collapse on no dataset, the one with the lowest final ``J``
summed over the datasets wins.
"""
from __future__ import annotations

import dataclasses
from typing import Iterable, Mapping

import pandas as pd
import torch

from ..data.deepcc_benchmarks import CoClusteringData
from ..metrics import nmi
from ..validation import check_positive
from .settings import DeepCCRunSettings
from .training import deepcc_size_entropy, train_deepcc

__all__ = ["tune_deepcc_joint", "choose_deepcc_joint"]


def tune_deepcc_joint(data: Mapping[str, CoClusteringData], runs: Mapping[str, DeepCCRunSettings],
                      grid: Iterable[tuple[float, float]], *, seed: int, device=None) -> pd.DataFrame:
    """One row per (dataset, ``lr_joint``, ``lambda_mi``) of ``grid``: objective, sizes, NMI.

    ``data`` maps a dataset name to its preprocessed matrix, ``runs`` to its run settings.
    """
    rows = []
    for name, matrix in data.items():
        for lr, weight in grid:
            cfg = dataclasses.replace(runs[name], lr_joint=float(lr), lambda_mi=float(weight))
            result = train_deepcc(matrix, cfg, seed=seed, device=device)
            frame = result.history.frame().dropna(subset=["loss"])
            j_paper = frame["loss"] + (1.0 - weight) * frame["mi"]
            entropy = [float(deepcc_size_entropy(torch.as_tensor(s))) for s in result.row_cluster_sizes]
            last = result.row_cluster_sizes[-1]
            rows.append(dict(dataset=name, seed=seed, lr_joint=lr, lambda_mi=weight, epochs=cfg.epochs,
                             J_first=float(j_paper.iloc[0]), J_last=float(j_paper.iloc[-1]),
                             cross_last=float(frame["mi"].iloc[-1]),
                             size_entropy_start=entropy[0], size_entropy_min=min(entropy),
                             size_entropy_last=entropy[-1],
                             largest_share_last=float(last.max() / last.sum()),
                             nmi_ae_kmeans=nmi(matrix.row_labels, result.init_row_labels),
                             nmi_deepcc=nmi(matrix.row_labels, result.row_labels)))
    return pd.DataFrame(rows)


def choose_deepcc_joint(tuning: pd.DataFrame, keep: float = 0.95) -> tuple[float, float]:
    """``(lr_joint, lambda_mi)`` chosen from a :func:`tune_deepcc_joint` table by the module's rule.

    Reads only ``dataset``, ``lr_joint``, ``lambda_mi``, ``J_last``, ``size_entropy_start`` and
    ``size_entropy_last``; never an NMI column. Raises ``ValueError`` when every setting collapses
    on some dataset.
    """
    check_positive(keep, "keep")
    if keep > 1:
        raise ValueError(f"keep must be in (0, 1], got {keep}")
    need = {"dataset", "lr_joint", "lambda_mi", "J_last", "size_entropy_start", "size_entropy_last"}
    if not isinstance(tuning, pd.DataFrame) or not need <= set(tuning.columns):
        raise ValueError(f"tuning must be a DataFrame with the columns {sorted(need)}")
    table = tuning[sorted(need)].copy()
    table["collapsed"] = table["size_entropy_last"] < keep * table["size_entropy_start"]
    by_setting = table.groupby(["lr_joint", "lambda_mi"]).agg(
        collapsed=("collapsed", "any"), J=("J_last", "sum"), datasets=("dataset", "nunique"))
    complete = by_setting[by_setting["datasets"] == table["dataset"].nunique()]
    fine = complete[~complete["collapsed"]]
    if fine.empty:
        raise ValueError("tuning: every setting collapses on at least one dataset")
    lr, weight = fine["J"].idxmin()
    return float(lr), float(weight)
