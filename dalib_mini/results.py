"""The results record: every chapter ends by writing its headline metrics, per-seed values and
settings to ``<chapter>.json``; ``make results`` turns the committed records in ``results/``
into ``results/RESULTS.md``.

A chapter opens a run with :func:`start_chapter` (it notes the profile, seeds, device and the
start time) and closes it with :meth:`ChapterRun.record`.

Where records go: ``$DALIB_MINI_RESULTS`` when it is set (``make course`` and ``make chapter``
set it to ``results/``, the committed records); otherwise ``build/results/`` of the checkout,
so executing a notebook under pytest or by hand never rewrites the committed records.
"""
from __future__ import annotations

import json
import math
import os
import platform
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Mapping, Sequence

import pandas as pd
import torch

from .device import get_device
from .profiles import active_profile, settings_dict, smoke_mode

__all__ = ["ChapterRun", "start_chapter", "results_dir", "record_dir", "load_results",
           "render_results_table"]


def _checkout() -> Path:
    """The source checkout holding this package, else the working directory."""
    checkout = Path(__file__).resolve().parent.parent
    if (checkout / "pyproject.toml").exists() and (checkout / "course").is_dir():
        return checkout
    return Path.cwd()


def results_dir() -> Path:
    """Where the records are read from: ``$DALIB_MINI_RESULTS``, else ``results/`` of the
    checkout (the committed records)."""
    env = os.environ.get("DALIB_MINI_RESULTS")
    return Path(env) if env else _checkout() / "results"


def record_dir() -> Path:
    """Where :meth:`ChapterRun.record` writes: ``$DALIB_MINI_RESULTS``, else ``build/results/``
    of the checkout (a scratch folder git ignores)."""
    env = os.environ.get("DALIB_MINI_RESULTS")
    return Path(env) if env else _checkout() / "build" / "results"


def _versions() -> dict[str, str]:
    import numpy
    import sklearn
    import torchvision

    return {"python": platform.python_version(), "torch": torch.__version__,
            "torchvision": torchvision.__version__, "numpy": numpy.__version__,
            "scikit-learn": sklearn.__version__}


def _device_description(device: torch.device) -> str:
    if device.type == "cuda":
        return f"cuda ({torch.cuda.get_device_name(device)})"
    return f"{device.type} ({os.cpu_count()} logical cores, {torch.get_num_threads()} torch threads)"


@dataclass
class ChapterRun:
    """A chapter's run: its name, profile, seeds, device and start time."""

    chapter: str
    profile: str
    seeds: tuple[int, ...]
    device: torch.device
    started: float = field(default_factory=time.perf_counter)

    def elapsed(self) -> float:
        """Seconds since the run started."""
        return time.perf_counter() - self.started

    def record(self, metrics: Mapping[str, float], paper: Mapping[str, float | None] | None = None,
               notes: str = "", *, settings=None,
               per_seed: Mapping[str, Sequence[float]] | None = None,
               extra: Mapping | None = None) -> pd.DataFrame:
        """Write ``<chapter>.json`` (this profile's entry) into :func:`record_dir` and return the
        metric table.

        Args:
            metrics: stable metric names to numbers (the chapter's headline, seed means).
            paper: the same names to the paper's values, only where the paper measures the
                same thing on the same data.
            notes: free text for a reader.
            settings: the chapter's settings dataclass; stored field by field, so a record is
                matched on its settings, never on its notes.
            per_seed: metric name to one value per seed of the run (in ``seeds`` order).
            extra: other structured values (JSON-friendly), e.g. a mapping k -> RMSE.
        """
        clean = {}
        for name, value in metrics.items():
            value = float(value)
            if not math.isfinite(value):
                raise ValueError(f"metric {name!r} is not finite ({value})")
            clean[name] = value
        seeds_values = {}
        for name, values in (per_seed or {}).items():
            values = [float(v) for v in values]
            if len(values) != len(self.seeds):
                raise ValueError(f"per_seed[{name!r}] has {len(values)} values for "
                                 f"{len(self.seeds)} seeds {list(self.seeds)}")
            if not all(math.isfinite(v) for v in values):
                raise ValueError(f"per_seed[{name!r}] holds a non-finite value: {values}")
            seeds_values[name] = values
        paper = dict(paper or {})
        unknown = set(paper) - set(clean)
        if unknown:
            raise KeyError(f"paper values given for unknown metric(s) {sorted(unknown)}")
        entry = {
            "chapter": self.chapter, "profile": self.profile, "seeds": list(self.seeds),
            "device": _device_description(self.device), "wall_time_s": round(self.elapsed(), 1),
            "finished": datetime.now(timezone.utc).isoformat(timespec="seconds"),
            "metrics": clean, "paper": paper, "notes": notes, "versions": _versions(),
            "per_seed": seeds_values,
            "settings": settings_dict(settings) if settings is not None else {},
            "extra": json.loads(json.dumps(dict(extra or {}))),
            "smoke": smoke_mode(),
        }
        out = record_dir()
        out.mkdir(parents=True, exist_ok=True)
        path = out / f"{self.chapter}.json"
        record = json.loads(path.read_text()) if path.exists() else {}
        # a smoke run (a few steps, to exercise the code path) never replaces a real entry
        key = f"{self.profile}-smoke" if entry["smoke"] else self.profile
        record[key] = entry
        tmp = path.with_suffix(".json.tmp")
        tmp.write_text(json.dumps(record, indent=2, sort_keys=True) + "\n")
        tmp.replace(path)
        table = pd.DataFrame({"ours": clean, "paper": {k: paper.get(k) for k in clean}})
        table.index.name = "metric"
        print(f"recorded {path.name} [{key}] seeds={list(self.seeds)} "
              f"device={entry['device']} wall={entry['wall_time_s']} s")
        return table


def start_chapter(chapter: str, seeds: Sequence[int] = (0,), profile: str | None = None,
                  device: str | torch.device | None = None) -> ChapterRun:
    """Open a chapter run; call it in the notebook's first code cell."""
    if not seeds:
        raise ValueError("seeds must name at least one seed")
    dev = device if isinstance(device, torch.device) else get_device(device)
    run = ChapterRun(chapter=chapter, profile=active_profile(profile),
                     seeds=tuple(int(s) for s in seeds), device=dev)
    print(f"chapter {chapter!r}: profile={run.profile}, device={_device_description(dev)}, "
          f"seeds={list(run.seeds)}")
    return run


def load_results(directory: str | Path | None = None) -> pd.DataFrame:
    """All recorded metrics as a long table: chapter, profile, metric, ours, paper, seeds, ...
    (smoke-run entries, a few steps each, are left out)."""
    directory = Path(directory) if directory is not None else results_dir()
    rows = []
    for path in sorted(directory.glob("*.json")):
        for profile, entry in json.loads(path.read_text()).items():
            if entry.get("smoke"):
                continue
            for metric, value in entry["metrics"].items():
                rows.append({"chapter": entry["chapter"], "profile": profile, "metric": metric,
                             "ours": value, "paper": entry["paper"].get(metric),
                             "seeds": ",".join(map(str, entry["seeds"])),
                             "device": entry["device"], "wall_time_s": entry["wall_time_s"]})
    return pd.DataFrame(rows, columns=["chapter", "profile", "metric", "ours", "paper", "seeds",
                                       "device", "wall_time_s"])


def render_results_table(directory: str | Path | None = None, out: str | Path | None = None) -> Path:
    """Render ``RESULTS.md``: per chapter, paper numbers next to ours for each profile."""
    directory = Path(directory) if directory is not None else results_dir()
    frame = load_results(directory)
    lines = ["# Results", "",
             "Generated by `make results` from `results/*.json`; every number was produced by the",
             "chapter notebook under the stated profile, seeds and device.", ""]
    if frame.empty:
        lines.append("No chapter has recorded results yet.")
    for chapter, group in frame.groupby("chapter", sort=True):
        lines += [f"## {chapter}", "", "| metric | profile | ours | paper | seeds | device | wall (s) |",
                  "|---|---|---|---|---|---|---|"]
        for row in group.itertuples():
            paper = "" if row.paper is None or pd.isna(row.paper) else f"{row.paper:.4g}"
            lines.append(f"| {row.metric} | {row.profile} | {row.ours:.4g} | {paper} | {row.seeds} "
                         f"| {row.device} | {row.wall_time_s} |")
        lines.append("")
    out = Path(out) if out is not None else directory / "RESULTS.md"
    out.write_text("\n".join(lines) + "\n")
    return out
