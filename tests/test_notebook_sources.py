"""Every notebook in ``course/`` is what its source in ``course/sources/`` says.

The sources are jupytext percent scripts (``# %%`` starts a code cell, ``# %% [markdown]`` a
Markdown cell): the editable, lintable form of the notebooks' cells. A notebook edited by hand,
or a source changed without ``make chapter NB=...``, would make the two disagree silently.
Outputs are not compared: they come from executing the notebook.
"""
import ast
from pathlib import Path

import jupytext
import nbformat
import pytest

COURSE = Path(__file__).resolve().parents[1] / "course"
SOURCES = sorted((COURSE / "sources").glob("[0-9][0-9]_*.py"))
# functions that train a model: each must be told where to train
TRAINER_PREFIXES = ("train_", "fit_", "run_")


def _cells(notebook):
    return [(c.cell_type, c.source, tuple(c.metadata.get("tags", ()))) for c in notebook.cells]


def test_every_notebook_has_a_source():
    notebooks = {p.stem for p in COURSE.glob("[0-9][0-9]_*.ipynb")}
    assert notebooks, "no notebooks found"
    assert notebooks == {p.stem for p in SOURCES}


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: p.stem)
def test_notebook_cells_match_source(source):
    committed = nbformat.read(COURSE / f"{source.stem}.ipynb", as_version=4)
    assert _cells(jupytext.read(source)) == _cells(committed), (
        f"course/{source.stem}.ipynb differs from its source: run make chapter NB={source.stem}")


def _trainer_calls(tree):
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if name.startswith(TRAINER_PREFIXES):
                yield name, node


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: p.stem)
def test_every_trainer_call_in_a_notebook_passes_device(source):
    tree = ast.parse(source.read_text())
    missing = [f"{name} (line {node.lineno})" for name, node in _trainer_calls(tree)
               if not any(k.arg == "device" for k in node.keywords)]
    assert not missing, f"{source.name}: trainer calls without device=: {missing}"


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: p.stem)
def test_no_notebook_slices_library_source(source):
    """A lesson shows whole functions: ``inspect.getsource`` output cut at a marker breaks
    silently when the library changes, so its only allowed use is ``print(getsource(f))``."""
    tree = ast.parse(source.read_text())
    printed = {id(arg) for node in ast.walk(tree) if isinstance(node, ast.Call)
               and getattr(node.func, "id", "") == "print" for arg in node.args}
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "getsource":
            assert id(node) in printed, (
                f"{source.name} line {node.lineno}: getsource output is used other than printed")
