"""The training steps never make the host wait for the device.

Every Python-level read of a tensor's values (``.item()``, ``float(t)``, ``bool(t)``,
``.cpu()``, ...) is counted while a trainer runs ``s`` and then ``2 s`` steps (the small runs of
``scripts/bench_loops.py``); the difference divided by ``s`` is what one step adds. On a GPU each
such read is a host-device synchronization, so a step must add none: losses and accuracies stay
tensors in the :class:`~dalib_mini.History`, divergence is checked in batches, and the losses'
value checks are off inside a watched loop. Trainers that evaluate every epoch (AMN, DeepCC,
AutoRec every few epochs) may read the evaluation's results once per epoch, never per batch.
"""
import sys
from pathlib import Path

import pytest
import torch

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))

import bench_loops  # noqa: E402

import dalib_mini as dm  # noqa: E402

STEP_TRAINERS = ("train_dann", "train_srdc", "train_gan", "train_cyclegan", "train_auggan")
#: host reads one epoch may make, all of them by the epoch's evaluation
EPOCH_READS = {
    # test RMSE every ``eval_every`` (4) epochs: the predictions to NumPy (2 reads) and the RMSE
    "train_autorec": 3 / 4,
    # the epoch's row labels to the host, for the NMI the history logs (labels are given)
    "train_deepcc": 2,
    # target-test and source-validation accuracy after every epoch (the kept epoch is chosen
    # by the latter): per evaluation the longest review of the chunk, the outputs to the host,
    # the accuracy (the bench's evaluation sets are one chunk each)
    "train_amn": 14,
}


def test_the_counter_sees_reads_and_skips_host_side_code():
    x = torch.ones(3)
    with bench_loops.count_host_reads() as reads:
        float(x.sum())
        bool(x.all())
        x.tolist()
        opt = torch.optim.Adam([torch.nn.Parameter(torch.ones(2))])
        opt.zero_grad()
        opt.param_groups[0]["params"][0].grad = torch.ones(2)
        opt.step()  # reads its CPU step counter: host side, not counted
    assert reads.total() == 3


@pytest.fixture()
def _quiet(monkeypatch, mirror_root):
    monkeypatch.setenv("DALIB_MINI_DATA", str(mirror_root))
    monkeypatch.setenv("DALIB_MINI_PROGRESS", "0")
    monkeypatch.delenv("DALIB_MINI_SMOKE", raising=False)


@pytest.mark.parametrize("name", STEP_TRAINERS)
def test_training_steps_make_no_host_read(name, _quiet):
    run = bench_loops.TRAINERS[name]()
    per_step, sites = bench_loops.host_reads_per_step(run, 2)
    assert per_step == 0, f"{name}: host reads per step at {dict(sites)}"


@pytest.mark.parametrize("name", sorted(EPOCH_READS))
def test_epochs_read_only_their_evaluation(name, _quiet):
    run = bench_loops.TRAINERS[name]()
    epochs = 4
    per_epoch, sites = bench_loops.host_reads_per_step(run, epochs)
    assert per_epoch <= EPOCH_READS[name], f"{name}: {per_epoch} reads per epoch at {dict(sites)}"


def test_value_checks_are_off_only_inside_a_watched_loop():
    guard = dm.DivergenceGuard()
    assert dm.validation.value_checks_enabled()
    for _ in guard.watch(range(2)):
        assert not dm.validation.value_checks_enabled()
    assert dm.validation.value_checks_enabled()
    bad_labels = torch.tensor([0.0, 2.0])
    for _ in guard.watch(range(1)):  # inside, the value check is skipped (shape checks are not)
        dm.domain_classification_loss(torch.zeros(2), bad_labels)
        with pytest.raises(ValueError, match="shape"):
            dm.domain_classification_loss(torch.zeros(3), bad_labels)
    with pytest.raises(ValueError, match="is_target must lie in"):  # outside, it is checked
        dm.domain_classification_loss(torch.zeros(2), bad_labels)
