"""Run profiles: one switch between the 2-CPU ``quick`` course and the paper-scale ``full`` runs.

Each chapter writes its settings as one frozen dataclass (``DANNSettings``, ...) and registers
two instances of it, ``quick`` and ``full``, with :func:`register_settings`. A notebook asks
:func:`chapter_settings` for the active instance; an override is :func:`dataclasses.replace`,
so a misspelt setting is an error and every number has one source. Both profiles run the same
code path with other numbers.

The profile itself is read in one place, :func:`active_profile` (``$DALIB_MINI_PROFILE``,
``quick`` by default).
"""
from __future__ import annotations

import dataclasses
import os
from typing import Any

__all__ = ["PROFILES", "active_profile", "chapter_settings", "register_settings",
           "settings_dict"]

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
    return dataclasses.replace(settings, **overrides)


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
