"""Tiny run of the DeepCC trainer: ``train_deepcc`` for 1 pretraining and 1 joint epoch on 40
rows x 60 columns of the synthetic benchmark (read from the mirror, ``dm.data_root()``)."""
from __future__ import annotations

import dataclasses

import torch

import dalib_mini as dm


def run(device) -> dict[str, torch.nn.Module]:
    full = dm.load_deepcc_benchmark("synthetic_data", root=dm.data_root(), download=False)
    data = dm.preprocess_benchmark(dataclasses.replace(  # every 5th row: all row classes
        full, X=full.X[::5, :60], row_labels=full.row_labels[::5], col_labels=full.col_labels[:60]))
    cfg = dataclasses.replace(dm.chapter_settings("deepcc", profile="quick").runs["synthetic_data"],
                              hidden=(8,), n_code=3, pretrain_epochs=1, epochs=1, batch_rows=20,
                              batch_cols=30, init_steps=2, kmeans_n_init=1)
    result = dm.train_deepcc(data, cfg, seed=0, device=device)
    return {"row_autoencoder": result.row_autoencoder, "col_autoencoder": result.col_autoencoder,
            "row_inference": result.row_inference, "col_inference": result.col_inference}
