"""Run profiles: one switch between the 2-CPU ``quick`` course and the paper-scale ``full`` runs.

Each chapter writes its settings as one frozen dataclass (``DANNSettings``, ...) and registers
two instances of it, ``quick`` and ``full``, with :func:`register_settings`. A notebook asks
:func:`chapter_settings` for the active instance; an override is :func:`dataclasses.replace`,
so a misspelt setting is an error and every number has one source. Both profiles run the same
code path with other numbers.

The profile itself is read in one place, :func:`active_profile` (``$DALIB_MINI_PROFILE``,
``quick`` by default).

Smoke mode (``$DALIB_MINI_SMOKE=1``, read by :func:`smoke_mode`) exercises a profile's code
path in seconds: :func:`chapter_settings` then passes the settings through
:func:`smoke_settings`, which keeps every architecture, optimiser and data path and cuts only
the budget: a handful of steps or one epoch per training call and small data sizes. CI runs
every notebook so under the ``full`` profile.
"""
from __future__ import annotations

import dataclasses
import os
from typing import Any

__all__ = ["PROFILES", "active_profile", "chapter_settings", "register_settings",
           "settings_dict", "smoke_mode", "smoke_settings"]

PROFILES = ("quick", "full")
_REGISTRY: dict[str, dict[str, Any]] = {}


def active_profile(profile: str | None = None) -> str:
    """Return the profile name: ``profile`` if given, else ``$DALIB_MINI_PROFILE``, else quick."""
    name = profile if profile is not None else os.environ.get("DALIB_MINI_PROFILE", "") or "quick"
    name = name.strip().lower()
    if name not in PROFILES:
        raise ValueError(f"profile must be one of {PROFILES}, got {name!r} "
                         "(check the DALIB_MINI_PROFILE environment variable)")
    return name


def smoke_mode() -> bool:
    """True when ``$DALIB_MINI_SMOKE`` is set to 1/true/yes (case-insensitive)."""
    value = os.environ.get("DALIB_MINI_SMOKE", "").strip().lower()
    if value in ("", "0", "false", "no"):
        return False
    if value in ("1", "true", "yes"):
        return True
    raise ValueError(f"DALIB_MINI_SMOKE must be 1/true/yes or 0/false/no, got {value!r}")


SMOKE_STEPS = 4      # training steps per call in smoke mode
SMOKE_DATA = 256     # cap on every data size (examples per split) in smoke mode
# integer fields named n_* / num_* that size a model rather than a data split
_ARCHITECTURE_COUNTS = {"num_res_blocks", "num_sampling", "n_clusters", "n_components",
                        "n_hops", "num_layers", "n_layers", "num_classes", "n_classes"}


def _smoke_value(name: str, value, steps: int | None):
    if isinstance(value, bool) or not (value is None or isinstance(value, (int, tuple))):
        return value
    if (name == "steps" or name.endswith("_steps")) and isinstance(value, int):
        return min(value, SMOKE_STEPS)
    if name.endswith("snapshot_steps") and isinstance(value, tuple):
        return tuple(sorted({min(v, steps if steps is not None else SMOKE_STEPS) for v in value}))
    if name == "epochs" or name.endswith("_epochs"):
        return value if value is None else min(value, 1)
    if name in ("log_every", "eval_every"):
        return value if value is None else 1
    if name == "decay_start":
        return value if value is None else min(value, SMOKE_STEPS // 2)
    if (name.startswith(("n_", "num_")) and name not in _ARCHITECTURE_COUNTS
            and (value is None or isinstance(value, int))):
        return SMOKE_DATA if value is None else min(value, SMOKE_DATA)
    return value


def smoke_settings(settings):
    """``settings`` with its budget cut for a smoke run (see the module docstring): fields named
    ``steps``/``*_steps`` become at most :data:`SMOKE_STEPS`, ``epochs``/``*_epochs`` at most 1,
    ``snapshot_steps`` are clipped to the steps, ``log_every``/``eval_every`` become 1, and
    data sizes (``n_*``/``num_*`` integers or ``None`` = all, except architecture counts) at most
    :data:`SMOKE_DATA`. Nested settings dataclasses and dicts of them are shrunk the same way.
    Every other field (architecture, optimiser, learning rates, data paths) is left alone."""
    if isinstance(settings, dict):
        return {k: smoke_settings(v) for k, v in settings.items()}
    if not dataclasses.is_dataclass(settings) or isinstance(settings, type):
        return settings
    steps = getattr(settings, "steps", None)
    steps = min(steps, SMOKE_STEPS) if isinstance(steps, int) else None
    changes = {}
    for f in dataclasses.fields(settings):
        value = getattr(settings, f.name)
        if dataclasses.is_dataclass(value) or isinstance(value, dict):
            new = smoke_settings(value)
        else:
            new = _smoke_value(f.name, value, steps)
        if new is not value:
            changes[f.name] = new
    return dataclasses.replace(settings, **changes) if changes else settings


def _is_frozen_dataclass(value) -> bool:
    return (dataclasses.is_dataclass(value) and not isinstance(value, type)
            and type(value).__dataclass_params__.frozen)


def register_settings(chapter: str, *, quick, full) -> None:
    """Declare a chapter's two profiles: two instances of the chapter's frozen settings
    dataclass (same class, so both have the same fields)."""
    for name, value in (("quick", quick), ("full", full)):
        if not _is_frozen_dataclass(value):
            raise TypeError(f"settings of chapter {chapter!r}: {name} must be an instance of a "
                            f"frozen dataclass, got {type(value).__name__}")
    if type(quick) is not type(full):
        raise TypeError(f"settings of chapter {chapter!r}: quick and full must be instances of "
                        f"one class, got {type(quick).__name__} and {type(full).__name__}")
    _REGISTRY[chapter] = {"quick": quick, "full": full}


def chapter_settings(chapter: str, profile: str | None = None, **overrides: Any):
    """Settings of ``chapter`` for the active (or given) profile, with optional overrides.

    Returns the chapter's frozen settings dataclass; ``overrides`` replace single fields
    (``dm.chapter_settings("dann", steps=100)``). Unknown names raise a ``KeyError`` that
    lists the known ones.
    """
    if chapter not in _REGISTRY:
        raise KeyError(f"no settings registered for chapter {chapter!r}; "
                       f"known chapters: {sorted(_REGISTRY)}")
    settings = _REGISTRY[chapter][active_profile(profile)]
    known = {f.name for f in dataclasses.fields(settings)}
    unknown = set(overrides) - known
    if unknown:
        raise KeyError(f"unknown setting(s) {sorted(unknown)} for chapter {chapter!r}; "
                       f"known: {sorted(known)}")
    settings = dataclasses.replace(settings, **overrides)
    return smoke_settings(settings) if smoke_mode() else settings


def settings_dict(settings) -> dict[str, Any]:
    """A settings dataclass as a plain dict of JSON-friendly values (tuples become lists), the
    form a results record stores them in."""
    if not dataclasses.is_dataclass(settings) or isinstance(settings, type):
        raise TypeError(f"settings must be a settings dataclass instance, got "
                        f"{type(settings).__name__}")

    def plain(value):
        if isinstance(value, (tuple, list)):
            return [plain(v) for v in value]
        if isinstance(value, dict):
            return {str(k): plain(v) for k, v in value.items()}
        return value

    return {k: plain(v) for k, v in dataclasses.asdict(settings).items()}
