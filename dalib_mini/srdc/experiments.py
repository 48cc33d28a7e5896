"""The chapter's experiment in one call. Per seed, two starting networks trained for
``cfg.warmup_steps`` steps, the source-only warm-up and DANN, each trained on for
``cfg.steps - cfg.warmup_steps`` steps by SRDC and by its own loss:

* ``"source only"`` / ``"SRDC from scratch"``: from the source-only warm-up;
* ``"DANN continued"`` / ``"SRDC from DANN"``: from the DANN network;
* for the first ``cfg.ablation_seeds`` seeds, the :data:`~dalib_mini.srdc.training.ABLATIONS`
  from the DANN network.

and the premise: k-means clustering accuracy of the target features of a freshly initialised
network, of the source-only warm-up and of the DANN network.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from ..device import get_device, seed_everything
from .dann_start import continue_dann, train_dann_start
from .premise import target_cluster_accuracy
from .settings import SRDCSettings
from .training import ABLATIONS, _new_model, source_warmup, train_srdc, warm_start_from_dann

__all__ = ["SRDCExperiments", "run_srdc_experiments", "STARTS"]

#: The networks whose target features the premise measurement clusters, in training order.
STARTS = ("random init", "source only", "DANN")


@dataclass
class SRDCExperiments:
    """What :func:`run_srdc_experiments` returns.

    ``runs``: ``{(variant, seed): SRDCResult}``. ``clustering``: one row per seed and starting
    network (:data:`STARTS`) with ``kmeans_acc``. ``dann_start_acc``: ``{seed: target accuracy
    of the DANN network}`` (before the extra steps).
    """

    runs: dict = field(default_factory=dict)
    clustering: pd.DataFrame = field(default_factory=pd.DataFrame)
    dann_start_acc: dict = field(default_factory=dict)

    def accuracy(self, variant: str, seeds) -> list[float]:
        """Target test accuracy of ``variant`` for each of ``seeds``."""
        return [self.runs[variant, s].target_acc for s in seeds]


def _fresh_network(task, cfg: SRDCSettings, seed: int, device):
    seed_everything(seed)
    return _new_model(task, cfg, device)[0]


def run_srdc_experiments(task, cfg: SRDCSettings, *, seeds, device=None,
                         profile: str | None = None) -> SRDCExperiments:
    """Run every variant for every seed (see the module docstring) on ``device``."""
    device = get_device(device)
    task = task.to(device)
    out, rows = SRDCExperiments(), []
    for i, seed in enumerate(seeds):
        def premise(start, model, seed=seed):
            rows.append({"seed": seed, "network": start,
                         "kmeans_acc": target_cluster_accuracy(model, task, cfg, seed=seed)})
        premise("random init", _fresh_network(task, cfg, seed, device))
        warm = source_warmup(task, cfg, seed=seed, device=device)
        warm_model = _fresh_network(task, cfg, seed, device)
        warm_model.load_state_dict(warm.model_state)
        premise("source only", warm_model)
        out.runs["source only", seed] = train_srdc(task, cfg, seed=seed, device=device,
                                                   warm_start=warm, target_clustering=False)
        out.runs["SRDC from scratch", seed] = train_srdc(task, cfg, seed=seed, device=device,
                                                         warm_start=warm, variant="SRDC from scratch")
        dann = train_dann_start(task, cfg, seed=seed, device=device, profile=profile)
        out.dann_start_acc[seed] = dann.target_acc
        from_dann = warm_start_from_dann(dann.model, task, cfg, seed=seed, device=device)
        start_model = _fresh_network(task, cfg, seed, device)
        start_model.load_state_dict(from_dann.model_state)
        premise("DANN", start_model)
        out.runs["DANN continued", seed] = continue_dann(task, cfg, dann.model, seed=seed,
                                                         device=device)
        out.runs["SRDC from DANN", seed] = train_srdc(task, cfg, seed=seed, device=device,
                                                      warm_start=from_dann, variant="SRDC from DANN")
        for name, flags in ABLATIONS.items():
            if name != "SRDC" and i < cfg.ablation_seeds:
                out.runs[name, seed] = train_srdc(task, cfg, seed=seed, device=device,
                                                  warm_start=from_dann, variant=name, **flags)
        print(f"seed {seed}: DANN start {dann.target_acc:.4f}; "
              + ", ".join(f"{v} {r.target_acc:.4f}" for (v, s), r in out.runs.items() if s == seed))
    out.clustering = pd.DataFrame(rows)
    return out

