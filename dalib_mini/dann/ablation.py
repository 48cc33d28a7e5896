"""What matters for DANN at the quick profile's size: one knob changed at a time.

``python -m dalib_mini.dann.ablation [seed ...]`` re-runs every variant below on the quick
profile's data (source-only and DANN with the same change) and prints the table. The table
the notebook shows, :data:`MEASURED`, is the output of that command on the development
machine (CPU, 1 torch thread); it is a record of a run, not an input to anything.
"""
from __future__ import annotations

import sys

import pandas as pd
import torch

__all__ = ["VARIANTS", "MEASURED", "load_ablation", "run_ablation"]

#: name -> (normalisation, train_dann overrides); each differs from the quick profile in one knob
VARIANTS: dict[str, tuple[str | None, dict]] = {
    "quick profile (paper recipe, per-domain normalisation)": (None, {}),
    "learning rate mu0 = 0.03": (None, {"lr0": 0.03}),
    "normalisation 'none' ((x - 0.5) / 0.5 for both domains)": ("none", {}),
    "BatchNorm after each conv (statistics over the mixed batch)": (None, {"batch_norm": True}),
    "batch 32 + 32, 600 steps (same images seen)": (None, {"batch_size": 32, "steps": 600}),
    "weaker reversal, lambda_max = 0.3": (None, {"lambda_max": 0.3}),
    "domain loss weight 2 (the paper's sums: 128 domain terms per 64 label terms)":
        (None, {"domain_loss_weight": 2.0}),
    "3x the steps (900)": (None, {"steps": 900}),
}

#: rows of a run of :func:`run_ablation` (filled in from the command's output)
MEASURED: list[dict] = [
    dict(variant="quick profile (paper recipe, per-domain normalisation)", seed=0, steps=300,
         source_only_acc=0.5176, dann_acc=0.5603),
    dict(variant="learning rate mu0 = 0.03", seed=0, steps=300,
         source_only_acc=0.5913, dann_acc=0.4390),
    dict(variant="normalisation 'none' ((x - 0.5) / 0.5 for both domains)", seed=0, steps=300,
         source_only_acc=0.4854, dann_acc=0.4682),
    dict(variant="BatchNorm after each conv (statistics over the mixed batch)", seed=0, steps=300,
         source_only_acc=0.5164, dann_acc=0.3500),
    dict(variant="batch 32 + 32, 600 steps (same images seen)", seed=0, steps=600,
         source_only_acc=0.5726, dann_acc=0.6050),
    # lambda_max and the loss weight do not change the source-only run: its number is the
    # quick profile's
    dict(variant="weaker reversal, lambda_max = 0.3", seed=0, steps=300,
         source_only_acc=0.5176, dann_acc=0.5294),
    dict(variant="domain loss weight 2 (the paper's sums: 128 domain terms per 64 label terms)",
         seed=0, steps=300, source_only_acc=0.5176, dann_acc=0.2873),
    dict(variant="3x the steps (900)", seed=0, steps=900, source_only_acc=0.5782, dann_acc=0.6223),
]


def load_ablation() -> pd.DataFrame:
    """:data:`MEASURED` as a table: variant, seed, steps, source-only and DANN accuracy, gain."""
    frame = pd.DataFrame(MEASURED)
    if frame.empty:
        return frame
    frame["gain"] = frame["dann_acc"] - frame["source_only_acc"]
    return frame.round(4)


def run_ablation(seeds=(0,), variants=None) -> pd.DataFrame:
    """Train source-only and DANN for every variant and seed; return the table."""
    import dalib_mini as dm

    rows = []
    for name, (normalisation, overrides) in (variants or VARIANTS).items():
        task = dm.mnist_to_mnistm("quick", normalisation=normalisation)
        for seed in seeds:
            acc = {mode: dm.train_dann(task, mode, "quick", seed, show_progress=False,
                                       **overrides).target_acc
                   for mode in ("source_only", "dann")}
            rows.append(dict(variant=name, seed=seed, steps=overrides.get("steps", 300),
                             source_only_acc=acc["source_only"],
                             dann_acc=acc["dann"]))
            print(rows[-1], flush=True)
    return pd.DataFrame(rows)


if __name__ == "__main__":
    torch.set_num_threads(1)
    print(run_ablation(tuple(int(s) for s in sys.argv[1:]) or (0,)).to_string())
