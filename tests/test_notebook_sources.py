"""Every chapter notebook in ``course/`` is what its generator in ``course/.src`` writes.

The generators are the editable source of the notebooks' cells; a notebook edited by hand (or
a generator changed without regenerating) would make the two disagree silently. Outputs are
not compared: they come from executing the notebook.
"""
import subprocess
import sys
from pathlib import Path

import pytest

COURSE = Path(__file__).resolve().parents[1] / "course"
GENERATORS = sorted((COURSE / ".src").glob("[0-9][0-9]_*.py"))


def test_every_chapter_notebook_has_a_generator():
    chapters = {p.stem for p in COURSE.glob("[0-9][0-9]_*.ipynb")} - {"00_tour"}
    assert chapters, "no chapter notebooks found"
    assert chapters == {p.stem for p in GENERATORS}


@pytest.mark.parametrize("generator", GENERATORS, ids=lambda p: p.stem)
def test_notebook_cells_match_generator(generator):
    done = subprocess.run([sys.executable, str(generator), "--check"], capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "in sync" in done.stdout
