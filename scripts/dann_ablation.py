"""What matters for DANN at the quick profile's size: one knob changed at a time.

    python scripts/dann_ablation.py                          # every variant, seed 0
    python scripts/dann_ablation.py --seeds 0 1 2 --variant "Adam b1=0.5, gamma = 5"
    python scripts/dann_ablation.py --target-only --variant "Adam b1=0.9"
    python scripts/dann_ablation.py --list
    python scripts/dann_ablation.py --reverse-validation --variant "Adam b1=0.5, no BatchNorm"
    python scripts/dann_ablation.py --reverse-validation --scores-only --seeds 1 2 --variant ...
    python scripts/dann_ablation.py --source-split test --n-source 10000 --variant ...  # earlier protocol

Each variant is the quick profile (``dm.chapter_settings("dann", "quick")``) with the fields of
:data:`VARIANTS` replaced. For every variant and seed the runner trains source-only and DANN
(and, with ``--target-only``, the train-on-target upper bound) with ``dm.train_dann`` on the
quick profile's data, and writes one row per (variant, seed) into ``results/dann_ablation.csv``
(``--out``): a row of the same variant and seed is replaced, others are kept. The DANN notebook
(``course/02_dann.ipynb``, "What mattered at this size") reads and prints that table.

Columns: ``variant``, ``seed``, the settings that tell the variants apart (``source_split``,
``n_source``, ``steps``, ``batch_size``, ``optimizer``, ``lr0``, ``momentum``, ``batch_norm``,
``normalization``; the variant's name says which other field it changes), ``threads`` (torch
threads of the run), the MNIST-M test accuracies ``source_only_acc``, ``dann_acc``,
``target_only_acc`` (empty where that mode was not run), and, with ``--reverse-validation``, the
two label-free selection scores of :mod:`dalib_mini.dann.model_selection`: ``source_val_acc``
(held-out MNIST) and ``reverse_val_acc`` (reverse validation). A row is keyed by
(variant, seed, source_split, n_source).

The rows with ``source_split = test`` were measured on an earlier protocol of the quick profile
(source: the 10k MNIST *test* digits) by earlier runs of these same variants (the runner
then lived in ``dalib_mini/dann/ablation.py`` and its printed rows were copied into that module;
they were converted to the CSV once) on the development machine: CPU, 1 torch thread, 2 for the
per-domain BatchNorm rows, seed 0 unless the row says otherwise. In those rows, knobs of the
domain branch only (lambda, gamma, the domain head, its learning rate, the loss weight) did not
re-run source-only: their ``source_only_acc`` is that of the same optimizer's base row, which is
what source-only measures with that change anyway.

In those earlier rows every knob was judged on MNIST-M *test* accuracy, so the recipe they led to
(Adam, per-domain BatchNorm) was tuned on the test set to that extent. The rows with
``source_split = train`` (the paper's protocol, the quick profile today) score the candidate
recipes by reverse validation, which reads no target label. Three optimizer families
are compared, each with the quick profile's 300 steps of 64 source + 64 target images unless
the row says otherwise: the paper's SGD (``mu0 = 0.01``, momentum 0.9, the quick profile before
it switched to Adam), Adam with ``beta1 = 0.9`` and Adam with ``beta1 = 0.5``; no BatchNorm
unless the row says so. The quick profile is the last family with BatchNorm per domain. All use
the paper's annealing of the learning rate and :math:`\\lambda_p` schedule unless the row says
otherwise.
"""
from __future__ import annotations

import argparse
import dataclasses
import math
import sys
from pathlib import Path

import pandas as pd
import torch

import dalib_mini as dm

#: Where the measurements go (and where the notebook reads them).
CSV = Path(__file__).resolve().parents[1] / "results" / "dann_ablation.csv"

#: Settings columns of a row: the fields that tell the variants apart.
SETTINGS_COLUMNS = ("source_split", "n_source", "steps", "batch_size", "optimizer", "lr0",
                    "momentum", "batch_norm", "normalization")
COLUMNS = ("variant", "seed", *SETTINGS_COLUMNS, "threads", "source_only_acc", "dann_acc",
           "target_only_acc", "source_val_acc", "reverse_val_acc")
#: The columns that identify a row.
KEY = ("variant", "seed", "source_split", "n_source")

_SGD = {"optimizer": "sgd", "lr0": 0.01, "momentum": 0.9, "batch_norm": "none"}
_ADAM9 = {"optimizer": "adam", "lr0": 1e-3, "momentum": 0.9, "batch_norm": "none"}
_ADAM5 = {"optimizer": "adam", "lr0": 1e-3, "momentum": 0.5, "batch_norm": "none"}
_PER_DOMAIN_BN = {**_ADAM5, "batch_norm": "per_domain"}

#: variant name -> the fields of the quick profile's DANNSettings it replaces
VARIANTS: dict[str, dict] = {
    "SGD (paper recipe)": _SGD,
    "SGD, mu0 = 0.03": {**_SGD, "lr0": 0.03},
    "SGD, normalization 'none'": {**_SGD, "normalization": "none"},
    "SGD, BatchNorm over the mixed batch": {**_SGD, "batch_norm": "mixed"},
    "SGD, batch 32 + 32, 600 steps": {**_SGD, "batch_size": 32, "steps": 600},
    "SGD, lambda_max = 0.3": {**_SGD, "lambda_max": 0.3},
    "SGD, domain loss weight 2": {**_SGD, "domain_loss_weight": 2.0},
    "SGD, domain lr x 0.1": {**_SGD, "domain_lr_scale": 0.1},
    "SGD, 900 steps": {**_SGD, "steps": 900},
    "Adam b1=0.9": _ADAM9,
    "Adam b1=0.9, constant lr": {**_ADAM9, "lr_alpha": 0.0},
    "Adam b1=0.9, lr 2e-3": {**_ADAM9, "lr0": 2e-3},
    "Adam b1=0.9, normalization 'none'": {**_ADAM9, "normalization": "none"},
    "Adam b1=0.9, BatchNorm over the mixed batch": {**_ADAM9, "batch_norm": "mixed"},
    "Adam b1=0.9, domain hidden 500": {**_ADAM9, "domain_hidden": 500},
    "Adam b1=0.9, domain hidden 20": {**_ADAM9, "domain_hidden": 20},
    "Adam b1=0.9, lambda_max = 0.3": {**_ADAM9, "lambda_max": 0.3},
    "Adam b1=0.9, lambda_max = 3": {**_ADAM9, "lambda_max": 3.0},
    "Adam b1=0.9, gamma = 3 (slower ramp)": {**_ADAM9, "gamma": 3.0},
    "Adam b1=0.9, constant lr, gamma = 30": {**_ADAM9, "lr_alpha": 0.0, "gamma": 30.0},
    "Adam b1=0.9, domain lr x 0.1": {**_ADAM9, "domain_lr_scale": 0.1},
    "Adam b1=0.9, domain lr x 0.1, 900 steps": {**_ADAM9, "domain_lr_scale": 0.1, "steps": 900},
    "Adam b1=0.9, 600 steps": {**_ADAM9, "steps": 600},
    "Adam b1=0.5, no BatchNorm": _ADAM5,
    "Adam b1=0.5, domain lr x 0.1": {**_ADAM5, "domain_lr_scale": 0.1},
    "Adam b1=0.5, lr 2e-3": {**_ADAM5, "lr0": 2e-3},
    "Adam b1=0.5, 600 steps": {**_ADAM5, "steps": 600},
    "Adam b1=0.5, batch 128 + 128": {**_ADAM5, "batch_size": 128},
    "Adam b1=0.5, gamma = 5": {**_ADAM5, "gamma": 5.0},
    "Adam b1=0.5, domain lr x 3": {**_ADAM5, "domain_lr_scale": 3.0},
    "Adam b1=0.5, lambda_max = 0.5": {**_ADAM5, "lambda_max": 0.5},
    "Adam b1=0.5, weight decay 5e-4": {**_ADAM5, "weight_decay": 5e-4},
    "Adam b1=0.5, normalization 'shared'": {**_ADAM5, "normalization": "shared"},
    "Adam b1=0.5, normalization 'none'": {**_ADAM5, "normalization": "none"},
    "Adam b1=0.5, BatchNorm per domain (quick profile)": _PER_DOMAIN_BN,
    "Adam b1=0.5, BatchNorm per domain, gamma = 5": {**_PER_DOMAIN_BN, "gamma": 5.0},
    "Adam b1=0.5, BatchNorm per domain, lr 2e-3": {**_PER_DOMAIN_BN, "lr0": 2e-3},
}


def variant_settings(name: str, base: dm.DANNSettings | None = None) -> dm.DANNSettings:
    """The settings of variant ``name``: ``base`` (default: the quick profile) with the
    variant's fields replaced."""
    if name not in VARIANTS:
        raise KeyError(f"unknown variant {name!r}; known: {list(VARIANTS)}")
    return dataclasses.replace(base or dm.chapter_settings("dann", "quick"), **VARIANTS[name])


def row_settings(row) -> dm.DANNSettings:
    """The settings a CSV row was measured with: its variant on the quick profile, with the
    row's data protocol (``source_split``, ``n_source``)."""
    base = dataclasses.replace(dm.chapter_settings("dann", "quick"), source_split=row.source_split,
                               n_source=None if pd.isna(row.n_source) else int(row.n_source))
    return variant_settings(row.variant, base)


def measure(task: dm.DigitAdaptationTask, cfg: dm.DANNSettings, *, variant: str, seeds,
            device=None, modes=("source_only", "dann"), reverse: bool = False) -> list[dict]:
    """Train ``modes`` of ``variant`` (settings ``cfg``) on ``task`` for every seed: one row
    (:data:`COLUMNS`) per seed. ``reverse``: also score ``cfg`` by source and reverse
    validation (:func:`dalib_mini.dann.model_selection.reverse_validation`)."""
    rows = []
    for seed in seeds:
        acc = {mode: dm.train_dann(task, cfg, mode=mode, seed=seed, device=device,
                                   show_progress=False).target_acc for mode in modes}
        scores = (dm.dann.model_selection.reverse_validation(task, cfg, seed=seed, device=device)
                  if reverse else None)
        rows.append({"variant": variant, "seed": int(seed),
                     **{k: getattr(cfg, k) for k in SETTINGS_COLUMNS},
                     "threads": torch.get_num_threads(),
                     **{f"{mode}_acc": acc.get(mode, math.nan) for mode in dm.dann.MODES},
                     "source_val_acc": scores.source_val_acc if scores else math.nan,
                     "reverse_val_acc": scores.reverse_acc if scores else math.nan})
        print(rows[-1], flush=True)
    return rows


def read_rows(path: Path = CSV) -> pd.DataFrame:
    """The measurements in ``path`` (an empty table with :data:`COLUMNS` if there is none)."""
    if not Path(path).exists():
        return pd.DataFrame(columns=list(COLUMNS))
    return pd.read_csv(path)


def update_rows(table: pd.DataFrame, rows: list[dict]) -> pd.DataFrame:
    """``table`` with each of ``rows`` replacing the row of the same :data:`KEY` (variant,
    seed, data protocol; in place), or appended when there is none. An accuracy the new row
    lacks (a mode or score that was not run) keeps the old row's value."""
    records = table[list(COLUMNS)].to_dict("records")
    for row in rows:
        row = {c: row[c] for c in COLUMNS}
        same = [i for i, r in enumerate(records) if all(r[k] == row[k] for k in KEY)]
        if not same:
            records.append(row)
            continue
        old = records[same[0]]
        records[same[0]] = {c: old[c] if c.endswith("_acc") and pd.isna(row[c]) else row[c]
                            for c in COLUMNS}
    return pd.DataFrame(records, columns=list(COLUMNS))


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, nargs="+", default=[0])
    parser.add_argument("--variant", action="append", help="run only this variant (repeatable)")
    parser.add_argument("--target-only", action="store_true", help="also train on the target")
    parser.add_argument("--reverse-validation", action="store_true",
                        help="also score the variant by source and reverse validation")
    parser.add_argument("--scores-only", action="store_true",
                        help="with --reverse-validation: only the label-free scores, no baselines")
    parser.add_argument("--source-split", default=None, help="MNIST split of the source "
                        "(default: the quick profile's)")
    parser.add_argument("--n-source", type=int, default=None, help="source size (default: the "
                        "quick profile's)")
    parser.add_argument("--threads", type=int, default=1, help="torch threads (default 1)")
    parser.add_argument("--device", default="cpu")
    parser.add_argument("--out", type=Path, default=CSV)
    parser.add_argument("--list", action="store_true", help="list the variants and exit")
    args = parser.parse_args(argv)
    if args.list:
        print("\n".join(VARIANTS))
        return 0
    torch.set_num_threads(args.threads)
    modes = ("source_only", "dann", "target_only") if args.target_only else ("source_only", "dann")
    if args.scores_only:
        if not args.reverse_validation:
            parser.error("--scores-only needs --reverse-validation")
        modes = ()
    tasks = {}
    base = dm.chapter_settings("dann", "quick")
    base = dataclasses.replace(base, source_split=args.source_split or base.source_split,
                               n_source=args.n_source or base.n_source)
    for name in args.variant or list(VARIANTS):
        cfg = variant_settings(name, base)
        key = (cfg.source_split, cfg.n_source, cfg.n_target, cfg.n_test, cfg.normalization)
        if key not in tasks:
            tasks[key] = dm.mnist_to_mnistm(n_source=cfg.n_source, n_target=cfg.n_target,
                                            n_test=cfg.n_test, source_split=cfg.source_split,
                                            normalization=cfg.normalization)
        rows = measure(tasks[key], cfg, variant=name, seeds=args.seeds, device=args.device,
                       modes=modes, reverse=args.reverse_validation)
        update_rows(read_rows(args.out), rows).to_csv(args.out, index=False)  # after each variant
    print(read_rows(args.out).to_string())
    return 0


if __name__ == "__main__":
    sys.exit(main())
