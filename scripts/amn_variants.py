"""Does the adversary help AMN under other training settings? The diagnosis behind
``results/amn_variants.csv`` (the AMN chapter prints it in its appendix).

    python scripts/amn_variants.py                          # every variant, seeds 0 1 2
    python scripts/amn_variants.py --variant "frozen word vectors" --seeds 0
    python scripts/amn_variants.py --list

Each variant is the quick profile (``dm.chapter_settings("amn", "quick")``) with a few fields
replaced. For every (variant, pair, seed) the memory network without adversary (``source_only``)
and AMN (``amn``) are trained with the same seed, so they start from the same weights and draw the
same batches; one row per run records the target accuracy of the model kept by source validation
(``target_acc``), of the first and the last epoch, and the epoch kept.

This table reads **target test labels**: it is a diagnosis, written after the quick profile's
settings were chosen (by reverse validation, ``scripts/amn_tuning.py``), and nothing is chosen
from it. Measured on the development machine (CPU, one torch thread, the quick profile's cached
word2vec vectors); a row with the same key is replaced when rerun.
"""
from __future__ import annotations

import argparse
import dataclasses
import os
import sys
from pathlib import Path

os.environ.setdefault("DALIB_MINI_PROGRESS", "0")

import torch  # noqa: E402
from amn_tuning import quick_word_vectors, write_rows  # noqa: E402  (this folder)

import dalib_mini as dm  # noqa: E402

#: name -> the quick profile's fields it replaces
VARIANTS = {
    "quick profile": {},
    "frozen word vectors": {"embedding_lr_scale": 0.0},
    "word vectors at lr / 10": {"embedding_lr_scale": 0.1},
    "annealed learning rate": {"lr_schedule": "annealed"},
    "lambda_max 0.3": {"lambda_max": 0.3},
    "8 epochs": {"epochs": 8},
}
PAIRS = ("electronics_kitchen", "kitchen_electronics", "books_kitchen", "dvd_electronics")
KEY = ["variant", "pair", "seed", "method"]
REPO = Path(__file__).resolve().parents[1]
CSV = REPO / "results" / "amn_variants.csv"


def variant_rows(name: str, pair: str, seed: int, task, word_vectors, base) -> list[dict]:
    """The two rows (no adversary, AMN) of one variant, pair and seed."""
    cfg = dataclasses.replace(base, **VARIANTS[name])
    rows = []
    for method in ("source_only", "amn"):
        result = dm.train_amn(task, cfg, seed=seed, device="cpu", adversarial=method == "amn",
                              word_vectors=word_vectors)
        curve = result.history["target_acc"]
        acc = dm.accuracy(dm.predict_sentiment(result.model, task.test_ids, task.test_mask),
                          task.test_labels)
        rows.append(dict(variant=name, pair=pair, seed=seed, method=method,
                         target_acc=round(acc, 4), first_epoch_target_acc=round(curve[0], 4),
                         last_epoch_target_acc=round(curve[-1], 4),
                         selected_epoch=int(result.history.last("selected_epoch")),
                         epochs=cfg.epochs))
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--variant", nargs="*", choices=sorted(VARIANTS), default=None)
    parser.add_argument("--pairs", nargs="*", choices=PAIRS, default=None)
    parser.add_argument("--seeds", nargs="*", type=int, default=[0, 1, 2])
    parser.add_argument("--out", type=Path, default=CSV)
    parser.add_argument("--list", action="store_true", help="print the variants and stop")
    args = parser.parse_args()
    if args.list:
        for name, fields in VARIANTS.items():
            print(f"{name}: {fields or 'the quick profile unchanged'}")
        return 0
    torch.set_num_threads(1)
    base = dm.chapter_settings("amn", "quick")
    word_vectors = quick_word_vectors(base)
    tasks = {pair: dm.review_transfer_task(base, *pair.split("_")) for pair in args.pairs or PAIRS}
    rows = []
    for name in args.variant or VARIANTS:
        for pair, task in tasks.items():
            for seed in args.seeds:
                rows += variant_rows(name, pair, seed, task, word_vectors, base)
                print(rows[-2], rows[-1], sep="\n", flush=True)
    write_rows(rows, args.out, KEY)
    return 0


if __name__ == "__main__":
    sys.exit(main())
