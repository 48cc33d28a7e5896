"""Run profiles: one switch between the 2-CPU ``quick`` course and the paper-scale ``full`` runs.

The active profile comes from ``DALIB_MINI_PROFILE`` (``quick`` by default). Each chapter
registers the sizes and schedules of both profiles next to its training code with
:func:`register_settings`; a notebook asks :func:`chapter_settings` for the active ones, so
both profiles run the same code path with other numbers.
"""
from __future__ import annotations

import os
from types import MappingProxyType, SimpleNamespace
from typing import Any, Mapping

__all__ = ["PROFILES", "active_profile", "register_settings", "chapter_settings"]

PROFILES = ("quick", "full")
_REGISTRY: dict[str, dict[str, Mapping[str, Any]]] = {}


def active_profile(profile: str | None = None) -> str:
    """Return the profile name: ``profile`` if given, else ``$DALIB_MINI_PROFILE``, else quick."""
    name = profile if profile is not None else os.environ.get("DALIB_MINI_PROFILE", "") or "quick"
    name = name.strip().lower()
    if name not in PROFILES:
        raise ValueError(f"profile must be one of {PROFILES}, got {name!r} "
                         "(check the DALIB_MINI_PROFILE environment variable)")
    return name


def register_settings(chapter: str, *, quick: Mapping[str, Any], full: Mapping[str, Any]) -> None:
    """Declare a chapter's settings for both profiles. Both must have the same keys."""
    if set(quick) != set(full):
        raise ValueError(
            f"settings of chapter {chapter!r} must have the same keys in both profiles; "
            f"only in quick: {sorted(set(quick) - set(full))}, "
            f"only in full: {sorted(set(full) - set(quick))}"
        )
    _REGISTRY[chapter] = {"quick": MappingProxyType(dict(quick)),
                          "full": MappingProxyType(dict(full))}


def chapter_settings(chapter: str, profile: str | None = None, **overrides: Any) -> SimpleNamespace:
    """Settings of ``chapter`` for the active (or given) profile, with optional overrides.

    Returns a namespace (``cfg.epochs``) that also carries ``cfg.profile``.
    """
    if chapter not in _REGISTRY:
        raise KeyError(f"no settings registered for chapter {chapter!r}; "
                       f"known chapters: {sorted(_REGISTRY)}")
    name = active_profile(profile)
    values = dict(_REGISTRY[chapter][name])
    unknown = set(overrides) - set(values)
    if unknown:
        raise KeyError(f"unknown setting(s) {sorted(unknown)} for chapter {chapter!r}; "
                       f"known: {sorted(values)}")
    values.update(overrides)
    return SimpleNamespace(profile=name, **values)
