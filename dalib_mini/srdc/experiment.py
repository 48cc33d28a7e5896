"""The chapter's experiment in one call: per seed one source warm-up, forked into the
source-only baseline, SRDC and (for the first ``cfg.ablation_seeds`` seeds) the ablations; and
the DANN chapter's recorded number for the comparison."""
from __future__ import annotations

import json

from ..results import results_dir
from .training import ABLATIONS, source_warmup, train_srdc

__all__ = ["run_srdc_experiments", "dann_reference"]


def run_srdc_experiments(task, cfg, seeds, device=None) -> dict:
    """Returns ``{(variant, seed): SRDCResult}`` with variants ``"source only"``, ``"SRDC"`` and
    the :data:`ABLATIONS` names (ablations only for ``seeds[:cfg.ablation_seeds]``)."""
    runs = {}
    for i, seed in enumerate(seeds):
        warm = source_warmup(task, cfg, seed, device)
        runs["source only", seed] = train_srdc(task, cfg, seed, device, warm_start=warm,
                                               target_clustering=False)
        for name, flags in ABLATIONS.items():
            if name == "SRDC" or i < cfg.ablation_seeds:
                runs[name, seed] = train_srdc(task, cfg, seed, device, warm_start=warm,
                                              variant=name, **flags)
        print(f"seed {seed}: " + ", ".join(f"{v} {r.target_acc:.4f}" for (v, s), r in runs.items()
                                           if s == seed))
    return runs


def dann_reference(profile: str, steps: int, batch_size: int, optimizer: str | None = None,
                   directory=None, batch_norm: str | None = None) -> dict | None:
    """The DANN chapter's recorded ``dann_acc`` for ``profile`` if ``results/dann.json`` has one
    trained at the same ``steps``, ``batch_size`` and (when given) ``optimizer`` and
    ``batch_norm`` (read from its notes); else ``None``."""
    path = (directory or results_dir()) / "dann.json"
    if not path.exists():
        return None
    entry = json.loads(path.read_text()).get(profile)
    if not entry or "dann_acc" not in entry.get("metrics", {}):
        return None
    notes = entry.get("notes", "")
    if f"steps={steps}" not in notes or f"batch {batch_size}" not in notes:
        return None
    if optimizer is not None and f"optimizer={optimizer}" not in notes:
        return None
    if batch_norm is not None and f"batch_norm={batch_norm}" not in notes:
        return None
    return {"dann_acc": entry["metrics"]["dann_acc"],
            "source_only_acc": entry["metrics"].get("source_only_acc"),
            "seeds": entry.get("seeds"), "finished": entry.get("finished"), "notes": notes}
