"""Build the course book (``make book``) and the lecture slides (``make slides``).

Both are made from the committed, executed notebooks ``course/NN_*.ipynb`` and work offline,
opened from disk: MathJax 3 and reveal.js are copied from ``node_modules/`` (the npm packages
``mathjax`` and ``reveal.js``, pinned in ``package.json``, installed by ``npm ci``).

* ``python book/build.py book [--execute]``: stages the Sphinx project of ``book/`` with the
  notebooks (under ``chapters/``), the course map (read from the tour's course-map cell, with the
  measured run time per chapter from ``results/*.json``) and the results table
  (``results/RESULTS.md``) in ``build/book_src/``, and runs Sphinx into ``build/book/``.
* ``python book/build.py slides [NN_name ...]``: for each chapter, copies the executed notebook to
  ``build/slides/src/``, updates its cells' metadata (the ``slideshow`` tags) from
  ``course/sources/NN_name.py`` with ``jupytext --update`` (outputs are kept), and converts it
  with nbconvert's reveal.js exporter into ``build/slides/NN_name.slides.html``.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BOOK = ROOT / "book"
COURSE = ROOT / "course"
BUILD = ROOT / "build"
NODE = ROOT / "node_modules"
BIN = Path(sys.executable).parent
WIDGET_MIME = "application/vnd.jupyter.widget-view+json"


def chapters() -> list[str]:
    return sorted(p.stem for p in COURSE.glob("[0-9][0-9]_*.ipynb"))


def _node_package(name: str) -> Path:
    path = NODE / name
    if not path.is_dir():
        sys.exit(f"{path} is missing: run `npm ci` in {ROOT} (make book/slides does)")
    return path


def _drop_widget_outputs(notebook: dict) -> dict:
    """Live-widget outputs (a tqdm bar saved as a widget) cannot render in a static page and their
    text fallback is a bar frozen at 0%: drop them. The notebook's widget state goes too."""
    for cell in notebook["cells"]:
        if cell["cell_type"] == "code":
            cell["outputs"] = [o for o in cell.get("outputs", [])
                               if WIDGET_MIME not in o.get("data", {})]
    notebook.get("metadata", {}).pop("widgets", None)
    return notebook


def _copy_notebook(src: Path, dst: Path) -> None:
    dst.parent.mkdir(parents=True, exist_ok=True)
    dst.write_text(json.dumps(_drop_widget_outputs(json.loads(src.read_text())), indent=1))


# ---------------------------------------------------------------------------------------------
# the book


def chapter_key(name: str) -> str:
    """``02_dann`` -> ``dann`` (the name of its results record)."""
    return name.split("_", 1)[1]


def wall_times() -> dict[str, float]:
    times = {}
    for path in sorted((ROOT / "results").glob("*.json")):
        record = json.loads(path.read_text())
        if "quick" in record and record["quick"].get("wall_time_s") is not None:
            times[path.stem] = float(record["quick"]["wall_time_s"])
    return times


def _minutes(seconds: float) -> str:
    return f"{seconds / 60:.0f} min" if seconds >= 90 else f"{seconds:.0f} s"


def course_map_table() -> str:
    """The tour's course-map table with links into ``chapters/`` and a run-time column."""
    import jupytext

    tour = jupytext.read(COURSE / "sources" / "00_tour.py")
    for cell in tour.cells:
        lines = cell.source.splitlines()
        start = next((i for i, line in enumerate(lines) if line.startswith("| # | chapter")), None)
        if cell.cell_type == "markdown" and start is not None:
            break
    else:
        raise SystemExit("course/sources/00_tour.py has no course-map table ('| # | chapter ...')")
    table = []
    for line in lines[start:]:
        if not line.startswith("|"):
            break
        table.append(line)
    times = wall_times()
    names = {name[:2]: name for name in chapters()}
    out = [table[0] + " quick-profile run time |", table[1] + "---|"]
    for row in table[2:]:
        number = row.split("|")[1].strip()
        name = names.get(number)
        seconds = times.get(chapter_key(name)) if name else None
        cell = _minutes(seconds) if seconds is not None else "under a minute" if number == "00" else "-"
        row = re.sub(r"\]\((\d\d_[a-z0-9_]+)\.ipynb\)", r"](chapters/\1.ipynb)", row)
        out.append(f"{row} {cell} |")
    return "\n".join(out)


def results_page() -> str:
    text = (ROOT / "results" / "RESULTS.md").read_text()
    return text.replace("# Results", "# Results table", 1) + (
        "\n\nEvery number above was written by a chapter notebook's last cell to "
        "`results/<chapter>.json` (read them with `dalib_mini.load_results()`).\n")


def stage_book(src: Path) -> None:
    if src.exists():
        shutil.rmtree(src)
    shutil.copytree(BOOK, src, ignore=shutil.ignore_patterns("build.py", "__pycache__"))
    names = chapters()
    for name in names:
        _copy_notebook(COURSE / f"{name}.ipynb", src / "chapters" / f"{name}.ipynb")
    # executing chapters read ../results/*.csv relative to their folder
    shutil.copytree(ROOT / "results", src / "results")
    index = (src / "index.md").read_text()
    index = index.replace("<!-- COURSE_MAP -->", course_map_table())
    index = index.replace("<!-- CHAPTERS -->", "\n".join(f"chapters/{n}" for n in names))
    (src / "index.md").write_text(index)
    (src / "results.md").write_text(results_page())
    shutil.copytree(_node_package("mathjax") / "es5", src / "_static" / "mathjax")


def build_book(execute: bool, out: Path) -> None:
    src = BUILD / "book_src"
    stage_book(src)
    env = dict(os.environ, DALIB_MINI_BOOK_EXECUTE="1" if execute else "0")
    if execute:  # records of a book run never overwrite the committed ones
        env.setdefault("DALIB_MINI_RESULTS", str(BUILD / "results"))
    cmd = [str(BIN / "sphinx-build"), "-b", "html", "-q", "-j", "1", "-d", str(BUILD / "book_doctrees"),
           str(src), str(out)]
    subprocess.run(cmd, check=True, env=env)
    print(f"book: open {out / 'index.html'}")


# ---------------------------------------------------------------------------------------------
# the slides


def build_slides(names: list[str], out: Path) -> None:
    static = out / "_static"
    for package, target in (("reveal.js", "reveal.js"), ("mathjax/es5", "mathjax")):
        if not (static / target).exists():
            shutil.copytree(_node_package(package), static / target,
                            ignore=shutil.ignore_patterns("node_modules", "*.map", "*.esm.js"))
    work = out / "src"
    for name in names:
        notebook = work / f"{name}.ipynb"
        _copy_notebook(COURSE / f"{name}.ipynb", notebook)
        subprocess.run([str(BIN / "jupytext"), "--quiet", "--update", "--to", "ipynb",
                        str(COURSE / "sources" / f"{name}.py"), "-o", str(notebook)], check=True)
        subprocess.run([str(BIN / "jupyter"), "nbconvert", "--to", "slides", "--log-level=WARN",
                        f"--TemplateExporter.extra_template_basedirs={BOOK / 'templates'}",
                        "--template=reveal_offline", "--no-input", "--no-prompt",
                        "--SlidesExporter.reveal_url_prefix=_static/reveal.js",
                        # white: its fonts ship with reveal.js (simple, the default, imports web fonts)
                        "--SlidesExporter.reveal_theme=white",
                        "--SlidesExporter.reveal_scroll=True",
                        "--SlidesExporter.reveal_number=c/t",
                        f"--output-dir={out}", str(notebook)], check=True)
        print(f"slides: open {out / (name + '.slides.html')}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="what", required=True)
    book = sub.add_parser("book")
    book.add_argument("--execute", action="store_true", help="re-execute every notebook")
    book.add_argument("--out", type=Path, default=BUILD / "book")
    slides = sub.add_parser("slides")
    slides.add_argument("names", nargs="*", help="chapters (NN_name); default: all")
    slides.add_argument("--out", type=Path, default=BUILD / "slides")
    args = parser.parse_args(argv)
    if args.what == "book":
        build_book(args.execute, args.out)
    else:
        unknown = set(args.names) - set(chapters())
        if unknown:
            sys.exit(f"no such chapter: {sorted(unknown)}; choose from {chapters()}")
        build_slides(args.names or chapters(), args.out)


if __name__ == "__main__":
    main()
