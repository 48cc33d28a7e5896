"""Every trainer trains where it is told: its tiny run (``scripts/tiny_runs``) with
``device="cpu"`` ends with every parameter and buffer on the CPU, while ``DALIB_MINI_DEVICE``
names a device this machine lacks, so a trainer that chose its own device would fail."""
import sys
from pathlib import Path

import pytest
import torch

SCRIPTS = Path(__file__).resolve().parents[1] / "scripts"
sys.path.insert(0, str(SCRIPTS))

import tiny_runs  # noqa: E402
from cuda_smoke import placement_errors  # noqa: E402


def test_every_chapter_has_a_tiny_run():
    assert tiny_runs.available() == list(tiny_runs.CHAPTERS)


@pytest.mark.parametrize("chapter", tiny_runs.available())
def test_trainers_honour_device(chapter, monkeypatch, mirror_root):
    monkeypatch.setenv("DALIB_MINI_DATA", str(mirror_root))
    monkeypatch.setenv("DALIB_MINI_DEVICE", "mps")  # unavailable here: get_device() would raise
    models = tiny_runs.load(chapter).run(torch.device("cpu"))
    assert models, f"{chapter}: the tiny run returned no model"
    assert placement_errors(models, torch.device("cpu")) == []
