"""Tiny run of the AMN chapter's trainers: ``train_amn`` (adversarial and source-only) and
``train_dann_text``, for two steps each on a few dozen Amazon reviews, the embeddings started
from a tiny random stand-in for the word2vec vectors."""
from __future__ import annotations

import dataclasses

import numpy as np
import torch

import dalib_mini as dm


def run(device) -> dict[str, torch.nn.Module]:
    cfg = dataclasses.replace(dm.amn.settings.QUICK, pairs=(("electronics", "kitchen"),),
                              n_source=32, n_source_val=16, n_target_unlabelled=32,
                              n_target_test=16, vocab_size=200, min_count=1, max_len=20,
                              embed_dim=8, domain_hidden=8, dann_hidden=8, epochs=1,
                              batch_size=16, log_every=1)
    task = dm.review_transfer_task(cfg, *cfg.pairs[0], root=dm.data_root())
    words = task.vocab.itos[2:50]
    vectors = dm.ReviewWordVectors(words, np.random.default_rng(0).normal(
        size=(len(words), cfg.embed_dim)).astype(np.float32), {})
    models = {f"amn_{name}": dm.train_amn(task, cfg, seed=0, device=device, adversarial=adversarial,
                                          word_vectors=vectors).model
              for name, adversarial in (("adversarial", True), ("source_only", False))}
    models["amn_dann_text"] = dm.train_dann_text(task, cfg, seed=0, device=device,
                                                 word_vectors=vectors).model
    return models
