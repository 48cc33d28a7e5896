"""How the AMN chapter's domain classifier and reversal strength were chosen: the grid behind
``results/amn_tuning.csv``.

    python scripts/amn_tuning.py                      # every row of the table, seed 0
    python scripts/amn_tuning.py --variant "AMN, MLP head, lambda_max 1" --pairs books_kitchen
    python scripts/amn_tuning.py --list

Each variant is the quick profile (``dm.chapter_settings("amn", "quick")``) with
``lambda_max``, ``domain_hidden`` and ``lr`` replaced, trained with ``method`` (``amn`` or
``source_only``, the memory network without adversary) on the transfer pairs listed for it.
For every (variant, pair, seed) one row is written (a row with the same key is replaced):

- ``reverse_val_acc``, ``source_val_acc``: the two label-free scores of
  :func:`dalib_mini.amn_reverse_validation` (the target labels are blanked before training);
  the chapter selects by ``reverse_val_acc``;
- ``selected_epoch``: the epoch the forward run kept (best source validation);
- ``train_domain_acc_last_quarter``: the domain classifier's mean accuracy on its training
  batches over the last quarter of the logged steps;
- ``probe_domain_acc``: a fresh logistic regression telling the forward model's representations
  of the 1,000 source validation reviews from those of the first 1,000 target reviews,
  3-fold cross-validated (scikit-learn's unshuffled stratified folds);
- ``target_test_acc``: the forward model's accuracy on the target test reviews, **for the reader
  only**: no choice reads it.

The committed table was measured with this computation on the development machine (CPU, one
torch thread, seed 0, the quick profile's cached word2vec vectors). The AMN notebook prints it in
its appendix and checks that the rule picks the settings of the quick profile.
"""
from __future__ import annotations

import argparse
import dataclasses
import os
import sys
from pathlib import Path

os.environ.setdefault("DALIB_MINI_PROGRESS", "0")

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import torch  # noqa: E402
from sklearn.linear_model import LogisticRegression  # noqa: E402
from sklearn.model_selection import cross_val_score  # noqa: E402

import dalib_mini as dm  # noqa: E402

ALL4 = ("books_kitchen", "dvd_electronics", "electronics_kitchen", "kitchen_electronics")
TWO = ALL4[:2]
#: name -> (method, lambda_max, domain_hidden, lr, pairs)
VARIANTS = {
    "memory network without adversary": ("source_only", 0.0, 0, 2e-3, ALL4),
    "AMN, linear head, lambda_max 0.1": ("amn", 0.1, 0, 2e-3, ALL4),
    "AMN, MLP head, lambda_max 0.1": ("amn", 0.1, 64, 2e-3, TWO),
    "AMN, MLP head, lambda_max 0.3": ("amn", 0.3, 64, 2e-3, ALL4),
    "AMN, MLP head, lambda_max 1": ("amn", 1.0, 64, 2e-3, ALL4),
    "AMN, linear head, lambda_max 1": ("amn", 1.0, 0, 2e-3, TWO),
    "memory network without adversary, lr 1e-3": ("source_only", 0.0, 0, 1e-3, TWO),
    "AMN, MLP head, lambda_max 0.3, lr 1e-3": ("amn", 0.3, 64, 1e-3, TWO),
    "AMN, MLP head, lambda_max 1, lr 1e-3": ("amn", 1.0, 64, 1e-3, TWO),
}
KEY = ["variant", "pair", "seed"]
REPO = Path(__file__).resolve().parents[1]
CSV = REPO / "results" / "amn_tuning.csv"
CACHE = REPO / "build" / "cache"  # the notebook's word2vec cache (git-ignored)
N_PROBE = 1000


def quick_word_vectors(base):
    """The quick profile's word2vec vectors, from the notebook's cache (trained if absent)."""
    return dm.review_word2vec(
        dim=base.embed_dim, window=base.w2v_window, min_count=base.w2v_min_count,
        epochs=base.w2v_epochs, seed=base.w2v_seed, skipgram=base.w2v_skipgram, profile="quick",
        cache_dir=CACHE)


def write_rows(rows: list[dict], out: Path, key: list[str]) -> None:
    """Write ``rows`` to the CSV ``out``, replacing the rows of ``out`` with the same ``key``."""
    new = pd.DataFrame(rows)
    if out.exists():
        old = pd.read_csv(out)
        keep = ~old.set_index(key).index.isin(new.set_index(key).index)
        new = pd.concat([old[keep], new], ignore_index=True)
    new.to_csv(out, index=False)
    print(f"wrote {len(rows)} rows to {out}")


def tuning_row(name: str, pair: str, seed: int, task, word_vectors, base) -> dict:
    """One row of the table (see the module docstring)."""
    method, lambda_max, domain_hidden, lr, _ = VARIANTS[name]
    cfg = dataclasses.replace(base, lambda_max=lambda_max, domain_hidden=domain_hidden, lr=lr)
    rv = dm.amn_reverse_validation(task, cfg, seed=seed, method=method, device="cpu",
                                   word_vectors=word_vectors)
    model = rv.forward.model
    target_acc = dm.accuracy(dm.predict_sentiment(model, task.test_ids, task.test_mask),
                             task.test_labels)
    xs = dm.amn_representations(model, task.val_ids, task.val_mask)
    xt = dm.amn_representations(model, task.target_ids[:N_PROBE], task.target_mask[:N_PROBE])
    probe = cross_val_score(LogisticRegression(max_iter=2000), np.concatenate([xs, xt]),
                            np.r_[np.zeros(len(xs)), np.ones(len(xt))], cv=3).mean()
    domain_acc = rv.forward.history.frame()["domain_acc"].dropna().to_numpy()
    return dict(variant=name, method=method, pair=pair, seed=seed, lambda_max=lambda_max,
                domain_hidden=domain_hidden, lr=lr,
                reverse_val_acc=round(rv.reverse_acc, 4), source_val_acc=round(rv.source_val_acc, 4),
                selected_epoch=int(rv.forward.history.last("selected_epoch")),
                train_domain_acc_last_quarter=round(float(domain_acc[-len(domain_acc) // 4:].mean()), 3),
                probe_domain_acc=round(float(probe), 3), target_test_acc=round(target_acc, 4))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--variant", nargs="*", choices=sorted(VARIANTS), default=None)
    parser.add_argument("--pairs", nargs="*", choices=ALL4, default=None,
                        help="only these pairs (of those listed for each variant)")
    parser.add_argument("--seeds", nargs="*", type=int, default=[0])
    parser.add_argument("--out", type=Path, default=CSV)
    parser.add_argument("--list", action="store_true", help="print the variants and stop")
    args = parser.parse_args()
    if args.list:
        for name, (method, lam, hidden, lr, pairs) in VARIANTS.items():
            print(f"{name}: {method}, lambda_max {lam:g}, domain_hidden {hidden}, lr {lr:g}, "
                  f"{len(pairs)} pairs")
        return 0
    torch.set_num_threads(1)
    base = dm.chapter_settings("amn", "quick")
    word_vectors = quick_word_vectors(base)
    tasks: dict[str, object] = {}
    rows = []
    for name in args.variant or VARIANTS:
        for pair in VARIANTS[name][-1]:
            if args.pairs and pair not in args.pairs:
                continue
            if pair not in tasks:
                tasks[pair] = dm.review_transfer_task(base, *pair.split("_"))
            for seed in args.seeds:
                rows.append(tuning_row(name, pair, seed, tasks[pair], word_vectors, base))
                print(rows[-1], flush=True)
    write_rows(rows, args.out, KEY)
    return 0


if __name__ == "__main__":
    sys.exit(main())
