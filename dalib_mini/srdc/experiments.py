"""The chapter's experiment in one call: per seed one source warm-up, forked into the
source-only baseline, SRDC and (for the first ``cfg.ablation_seeds`` seeds) the ablations; and
the DANN chapter's recorded number for the comparison."""
from __future__ import annotations

import json

from ..device import get_device
from ..results import results_dir
from .settings import DANN_FIELDS, SRDCSettings
from .training import ABLATIONS, source_warmup, train_srdc

__all__ = ["run_srdc_experiments", "dann_reference"]


def run_srdc_experiments(task, cfg: SRDCSettings, *, seeds, device=None) -> dict:
    """Returns ``{(variant, seed): SRDCResult}`` with variants ``"source only"``, ``"SRDC"`` and
    the :data:`ABLATIONS` names (ablations only for ``seeds[:cfg.ablation_seeds]``)."""
    device = get_device(device)
    task = task.to(device)
    runs = {}
    for i, seed in enumerate(seeds):
        warm = source_warmup(task, cfg, seed=seed, device=device)
        runs["source only", seed] = train_srdc(task, cfg, seed=seed, device=device,
                                               warm_start=warm, target_clustering=False)
        for name, flags in ABLATIONS.items():
            if name == "SRDC" or i < cfg.ablation_seeds:
                runs[name, seed] = train_srdc(task, cfg, seed=seed, device=device,
                                              warm_start=warm, variant=name, **flags)
        print(f"seed {seed}: " + ", ".join(f"{v} {r.target_acc:.4f}" for (v, s), r in runs.items()
                                           if s == seed))
    return runs


def dann_reference(profile: str, cfg: SRDCSettings, *, directory=None,
                   fields: tuple[str, ...] = DANN_FIELDS) -> dict | None:
    """The DANN chapter's recorded ``dann_acc`` for ``profile``, if ``results/dann.json`` (or
    ``directory/dann.json``) holds one whose stored settings equal ``cfg`` on every name in
    ``fields`` (default: all the fields SRDC copies from DANN: data sizes, steps, batch size,
    optimizer, learning rate, BatchNorm); else ``None``. A record without stored settings
    never matches.

    Returns ``{"dann_acc", "source_only_acc", "per_seed", "seeds", "finished", "settings"}``.
    """
    path = (directory or results_dir()) / "dann.json"
    if not path.exists():
        return None
    entry = json.loads(path.read_text()).get(profile)
    if not entry or "dann_acc" not in entry.get("metrics", {}):
        return None
    settings = entry.get("settings") or {}
    if any(name not in settings or settings[name] != getattr(cfg, name) for name in fields):
        return None
    return {"dann_acc": entry["metrics"]["dann_acc"],
            "source_only_acc": entry["metrics"].get("source_only_acc"),
            "per_seed": entry.get("per_seed", {}).get("dann_acc"),
            "seeds": entry.get("seeds"), "finished": entry.get("finished"),
            "settings": settings}
