"""Every notebook, executed top to bottom under the ``full`` profile in smoke mode.

``DALIB_MINI_SMOKE=1`` keeps the full settings' architectures, optimisers and data paths and
cuts each training call to a few steps and each data split to a few hundred examples
(:func:`dalib_mini.smoke_settings`), so the paper-scale code path runs here on 2 CPU cores.
Records go to a temporary folder, under the key ``full-smoke``.
"""
import json
import os
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

COURSE = Path(__file__).resolve().parents[1] / "course"
NOTEBOOKS = sorted(p.name for p in COURSE.glob("[0-9][0-9]_*.ipynb"))


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_notebook_runs_under_the_full_profile_in_smoke_mode(name, tmp_path, monkeypatch):
    if not os.environ.get("DALIB_MINI_DATA"):
        pytest.fail("DALIB_MINI_DATA must point at the dataset mirror (make test sets it)")
    monkeypatch.setenv("DALIB_MINI_PROFILE", "full")
    monkeypatch.setenv("DALIB_MINI_SMOKE", "1")
    monkeypatch.setenv("DALIB_MINI_RESULTS", str(tmp_path))
    monkeypatch.setenv("DALIB_MINI_PROGRESS", "summary")
    notebook = nbformat.read(COURSE / name, as_version=4)
    NotebookClient(notebook, timeout=600, kernel_name="python3",
                   resources={"metadata": {"path": str(COURSE)}}).execute()
    records = list(tmp_path.glob("*.json"))
    if name != "00_tour.ipynb":
        assert records, f"{name} wrote no results record"
        for path in records:
            entry = json.loads(path.read_text())["full-smoke"]
            assert entry["profile"] == "full" and entry["smoke"]
