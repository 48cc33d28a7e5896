"""The grid behind ``results/deepcc_tuning.csv``: DeepCC's joint learning rate and cross-loss
weight, scored by a rule that reads no label.

    python scripts/deepcc_tuning.py                   # the whole grid, seed 0 (a few CPU minutes)
    python scripts/deepcc_tuning.py --out /tmp/t.csv  # elsewhere

For WebKB4 and Yale, the quick profile's run settings (``dm.chapter_settings("deepcc",
"quick")``) with ``lr_joint`` in {1e-3, 3e-4, 1e-4, 3e-5} and ``lambda_mi`` in {1, 0.1} are
trained once each by :func:`dalib_mini.tune_deepcc_joint` (columns: see that function). The
DeepCC notebook prints the table in its appendix and checks that
:func:`dalib_mini.choose_deepcc_joint` picks the settings of the quick profile. The committed
table was written by this script on the development machine (CPU, one torch thread).
"""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

os.environ.setdefault("DALIB_MINI_PROGRESS", "0")

import torch  # noqa: E402

import dalib_mini as dm  # noqa: E402

GRID = [(lr, weight) for lr in (1e-3, 3e-4, 1e-4, 3e-5) for weight in (1.0, 0.1)]
DATASETS = ("WebKB4", "Yale_32x32")
CSV = Path(__file__).resolve().parents[1] / "results" / "deepcc_tuning.csv"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", type=Path, default=CSV)
    args = parser.parse_args()
    torch.set_num_threads(1)
    cfg = dm.chapter_settings("deepcc", "quick")
    data = {name: dm.preprocess_benchmark(dm.load_deepcc_benchmark(name)) for name in DATASETS}
    table = dm.tune_deepcc_joint(data, cfg.runs, GRID, seed=args.seed, device="cpu")
    table.to_csv(args.out, index=False)
    print(f"wrote {len(table)} rows to {args.out}; the rule picks {dm.choose_deepcc_joint(table)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
