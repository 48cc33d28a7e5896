"""The few helpers every chapter generator in ``course/.src`` uses to write its notebook.

A generator is a plain Python script that calls :func:`md` and :func:`code` in reading order and
ends with :func:`write`::

    from notebook_source import code, md, write
    md("# 01 · Generative Adversarial Nets ...")
    code("import dalib_mini as dm", tags=["parameters"])
    write("01_gan.ipynb")

``write`` saves ``course/<name>`` without outputs (execute it afterwards), or, when the script
runs with ``--check``, only compares the cells with the committed notebook and exits with 1 if
they differ (``tests/test_notebook_sources.py`` does the same comparison).
"""
from __future__ import annotations

import sys
from pathlib import Path

import nbformat as nbf

COURSE = Path(__file__).resolve().parents[1]
KERNELSPEC = {"name": "python3", "display_name": "Python 3", "language": "python"}

cells: list = []


def md(text: str) -> None:
    """Append a Markdown cell (surrounding blank lines stripped)."""
    cells.append(nbf.v4.new_markdown_cell(text.strip()))


def code(text: str, tags=()) -> None:
    """Append a code cell, with cell tags such as ``parameters``."""
    cell = nbf.v4.new_code_cell(text.strip())
    if tags:
        cell.metadata["tags"] = list(tags)
    cells.append(cell)


def cell_sources(notebook) -> list[tuple[str, str, tuple[str, ...]]]:
    """(cell type, source, tags) of every cell: what a generator decides, outputs aside."""
    return [(c.cell_type, c.source, tuple(c.metadata.get("tags", ()))) for c in notebook.cells]


def build() -> nbf.NotebookNode:
    """The notebook made of the cells appended so far."""
    notebook = nbf.v4.new_notebook(cells=list(cells))
    notebook.metadata["kernelspec"] = dict(KERNELSPEC)
    notebook.metadata["language_info"] = {"name": "python"}
    return notebook


def write(name: str) -> Path:
    """Write ``course/<name>`` (or, with ``--check`` on the command line, compare with it)."""
    out = COURSE / name
    notebook = build()
    if "--check" in sys.argv:
        same = cell_sources(notebook) == cell_sources(nbf.read(out, as_version=4))
        print(f"{out.name}: {'in sync with' if same else 'DIFFERS from'} its generator")
        if not same:
            sys.exit(1)
        return out
    nbf.write(notebook, out)
    print(f"wrote {out} ({len(cells)} cells); execute it before committing")
    return out
