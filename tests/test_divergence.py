"""Divergence is always caught (issue 25, section 3): a run whose learning rate blows up stops
with the package's :class:`dalib_mini.TrainingDiverged`, naming the step, instead of failing
elsewhere (k-means on NaN features) or finishing with a dead network."""
from __future__ import annotations

import dataclasses

import pytest

import dalib_mini as dm


@pytest.fixture
def srdc_task(mirror_root):
    cfg = dataclasses.replace(dm.chapter_settings("srdc", "quick"), n_source=32, n_target=32,
                              n_test=16, steps=4, batch_size=8, warmup_steps=1, epoch_steps=1,
                              n_cluster_fit=20, n_source_centroid=20, eval_batch_size=16,
                              bn_reestimate_batch_size=16, ablation_seeds=0)
    task = dm.mnist_to_mnistm(n_source=cfg.n_source, n_target=cfg.n_target, n_test=cfg.n_test,
                              source_split=cfg.source_split, normalization=cfg.normalization,
                              device="cpu", root=mirror_root)
    return task, cfg


def test_train_srdc_with_an_exploding_learning_rate_raises_training_diverged(srdc_task):
    task, cfg = srdc_task
    cfg = dataclasses.replace(cfg, lr0=1e12)
    with pytest.raises(dm.TrainingDiverged, match=r"at step \d+"):
        dm.train_srdc(task, cfg, seed=0, device="cpu", show_progress=False)


def _gan_setup(root):
    cfg = dm.chapter_settings("gan", "quick", n_train=64, n_val=8, n_test=8, width=4,
                              latent_dim=8, mlp_latent_dim=8, mlp_hidden_g=16, mlp_hidden_d=16,
                              batch_size=16, n_snapshot=4, classifier_batch_size=32)
    data = dm.load_gan_digits(cfg.split, n_train=cfg.n_train, n_val=cfg.n_val, n_test=cfg.n_test,
                              seed=cfg.data_seed, root=root)
    return data, cfg


def test_train_gan_with_an_exploding_learning_rate_raises_training_diverged(mirror_root):
    # at lr = 1e6 the G gradient norm is inf at step 1 while both losses stay finite
    data, cfg = _gan_setup(mirror_root)
    cfg = dataclasses.replace(cfg, lr_g=1e6, lr_d=1e6)
    with pytest.raises(dm.TrainingDiverged, match=r"at step \d+"):
        dm.train_gan(data, cfg, seed=0, device="cpu", steps=6, snapshot_steps=(0,),
                     architecture="mlp")


def test_train_gan_at_a_sane_learning_rate_still_completes(mirror_root):
    data, cfg = _gan_setup(mirror_root)
    result = dm.train_gan(data, cfg, seed=0, device="cpu", steps=3, snapshot_steps=(0,))
    assert len(result.history) > 0
