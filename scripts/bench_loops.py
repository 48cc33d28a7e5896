"""Per-step cost of each chapter's training loop against a plain PyTorch loop.

    python scripts/bench_loops.py               # every trainer, 16 + 32 steps, 2 repeats
    python scripts/bench_loops.py --steps 8 --only train_dann train_gan

For every trainer it prints one line, ``train_dann: 1.03x``: the trainer's time per step over
the time per step of the *plain loop*, the median of ``--repeats`` runs (default 2). The plain
loop is the same trainer call, same model, optimizer, data and batches (quick-profile
networks and schedules, small data), with the package's per-step bookkeeping replaced by the
bare minimum a hand-written PyTorch loop keeps: ``check_finite`` and ``DivergenceGuard`` do
nothing, ``progress`` is the bare iterable, and ``History.log`` appends the values as given
(no conversion to floats). What the ratio measures is therefore exactly what the package adds
to the step (logging, divergence checks, progress), not the algorithm.

The time per step is a difference, ``(T(2 s) - T(s)) / s`` for ``s = --steps`` steps (epochs
for AMN and DeepCC, a quarter as many steps for SRDC, whose steps are long), so the set-up and
the evaluation of a run cancel out. T is the process's CPU time (``--clock cpu``, the default:
on a shared machine it does not count the time other processes hold the cores) or wall time
(``--clock wall``, the one to use on a GPU, where the loop waits without using the CPU). Torch
is limited to ``--threads`` threads (default 1, which makes CPU time the work done). Runs on the
CPU unless ``--device`` names another device (``--device cuda --clock wall`` on a GPU); needs the
data mirror (``DALIB_MINI_DATA``).

After the ratio, each line gives the trainer's *host reads* per step (per epoch for AMN, DeepCC
and AutoRec): the times Python code read a tensor's values (``.item()``, ``float(t)``,
``bool(t)``, ``.cpu()``, ...), each of which makes the host wait for an accelerator. The
training steps make none (``tests/test_loop_syncs.py`` holds them to that); what is left per
epoch is the epoch's evaluation.
"""
from __future__ import annotations

import argparse
import collections
import contextlib
import dataclasses
import importlib
import os
import statistics
import sys
import time
import traceback
from pathlib import Path

os.environ.setdefault("DALIB_MINI_PROGRESS", "0")
sys.path.insert(0, str(Path(__file__).resolve().parent))

import torch  # noqa: E402

import dalib_mini as dm  # noqa: E402
from dalib_mini import training as core_training  # noqa: E402

#: where the trainers run (``--device``)
DEVICE = torch.device("cpu")
CHAPTER_MODULES = ("dann", "srdc", "amn", "gan", "deepcc", "autorec", "cyclegan", "auggan")


# ----------------------------------------------------------------------------- the plain loop
class _PlainHistory(core_training.History):
    """A history that keeps what it is given, as given (what a hand-written loop appends)."""

    def log(self, step, **scalars) -> None:
        self._rows.append({"step": step, **scalars})

    def __getitem__(self, key):
        return [float(row[key]) for row in self._rows if key in row]


def _identity(value, *args, **kwargs):
    return value


class _Bare:
    """The bare iterable, with the methods of a progress bar doing nothing."""

    def __init__(self, iterable, *args, **kwargs) -> None:
        self.iterable = iterable

    def __iter__(self):
        return iter(self.iterable)

    def update(self, *args, **kwargs) -> None:
        """Nothing to show."""

    set_postfix = close = update

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        """Nothing to close."""


class _NoGuard(contextlib.nullcontext):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__()

    def check(self, *args, **kwargs) -> None:
        """Nothing to check."""

    record = check

    def watch(self, iterable):
        return iterable


@contextlib.contextmanager
def plain_loops():
    """Replace the bookkeeping of every chapter's training module by the bare minimum."""
    modules = [importlib.import_module(f"dalib_mini.{c}.training") for c in CHAPTER_MODULES]
    modules.append(importlib.import_module("dalib_mini.auggan.experiments"))
    replacements = {"check_finite": _identity, "progress": _Bare, "History": _PlainHistory,
                    "DivergenceGuard": _NoGuard}
    saved = []
    for module in [*modules, core_training]:
        for name, value in replacements.items():
            if hasattr(module, name):
                saved.append((module, name, getattr(module, name)))
                setattr(module, name, value)
    try:
        yield
    finally:
        for module, name, value in saved:
            setattr(module, name, value)


# ----------------------------------------------------------------------------- host reads
#: the ways Python code reads a tensor's values on the host; on an accelerator each one makes the
#: host wait for the device (a synchronization)
HOST_READS = ("item", "tolist", "numpy", "cpu", "__bool__", "__float__", "__int__", "__index__")
#: code whose reads are of tensors that live on the host whatever the training device, so they
#: cost no synchronization: the optimizers' step counters (``capturable=False``, PyTorch's
#: default, keeps them on the CPU) and the image pool's draws from its CPU ``torch.Generator``
HOST_SIDE = (f"torch{os.sep}optim{os.sep}", f"cyclegan{os.sep}image_pool.py")


@contextlib.contextmanager
def count_host_reads():
    """Count the host reads of tensors (see :data:`HOST_READS`) made while the block runs,
    by the code that made them: yields a :class:`collections.Counter` of ``"file:line"`` (the
    innermost frame in ``dalib_mini``, else the innermost frame) to counts. Reads made by
    :data:`HOST_SIDE` code are not counted. Python-level reads only: a synchronization inside
    a PyTorch kernel is not seen."""
    counts: collections.Counter = collections.Counter()
    saved = {name: getattr(torch.Tensor, name) for name in HOST_READS}

    def counting(name, original):
        def read(self, *args, **kwargs):
            stack = traceback.extract_stack()[:-1]
            if not any(part in stack[-1].filename for part in HOST_SIDE):
                frame = next((f for f in reversed(stack) if f"dalib_mini{os.sep}" in f.filename),
                             stack[-1])
                counts[f"{frame.filename.rsplit(os.sep + 'dalib_mini' + os.sep, 1)[-1]}:"
                       f"{frame.lineno}"] += 1
            return original(self, *args, **kwargs)
        return read

    for name, original in saved.items():
        setattr(torch.Tensor, name, counting(name, original))
    try:
        yield counts
    finally:
        for name, original in saved.items():
            setattr(torch.Tensor, name, original)


def host_reads_per_step(run, steps: int, warm_up: bool = True) -> tuple[float, collections.Counter]:
    """Host reads per step, ``(R(2 steps) - R(steps)) / steps``, and the per-site difference,
    after a one-step run that does what happens only once (lazy imports, caches) unless
    ``warm_up=False`` (``run`` was called already)."""
    if warm_up:
        run(1)
    counts = []
    for n in (steps, 2 * steps):
        with count_host_reads() as reads:
            run(n)
        counts.append(reads)
    extra = counts[1].copy()
    extra.subtract(counts[0])
    return (counts[1].total() - counts[0].total()) / steps, +extra


# ----------------------------------------------------------------------------- the trainers
def _digits_task(n: int):
    cfg = dm.chapter_settings("dann", "quick")
    return dm.mnist_to_mnistm(n_source=n, n_target=n, n_test=64, source_split=cfg.source_split,
                              normalization=cfg.normalization, device=DEVICE)


def bench_dann():
    task = _digits_task(512)
    base = dm.chapter_settings("dann", "quick")
    return lambda steps: dm.train_dann(task, dataclasses.replace(base, steps=steps), mode="dann",
                                       seed=0, device=DEVICE, show_progress=False)


def bench_srdc():
    task = _digits_task(512)
    base = dataclasses.replace(dm.chapter_settings("srdc", "quick"), warmup_steps=1,
                               n_cluster_fit=256, n_source_centroid=256, eval_batch_size=256,
                               bn_reestimate_batch_size=256)
    warm = dm.source_warmup(task, dataclasses.replace(base, steps=2), seed=0, device=DEVICE)

    def run(steps):
        cfg = dataclasses.replace(base, steps=steps, epoch_steps=10 ** 6)  # one clustering
        return dm.train_srdc(task, cfg, seed=0, device=DEVICE, warm_start=warm,
                             show_progress=False)
    return run


def bench_amn():
    base = dataclasses.replace(dm.amn.settings.QUICK, pairs=(("electronics", "kitchen"),),
                               n_source=256, n_source_val=64, n_target_unlabelled=256,
                               n_target_test=64)
    task = dm.review_transfer_task(base, *base.pairs[0], root=dm.data_root())
    return lambda epochs: dm.train_amn(task, dataclasses.replace(base, epochs=epochs), seed=0,
                                       device=DEVICE, adversarial=True)


def bench_gan():
    cfg = dm.chapter_settings("gan", "quick", n_train=512, n_val=8, n_test=8)
    data = dm.load_gan_digits(cfg.split, n_train=cfg.n_train, n_val=cfg.n_val, n_test=cfg.n_test,
                              seed=cfg.data_seed, root=dm.data_root())
    return lambda steps: dm.train_gan(data, cfg, seed=0, device=DEVICE, steps=steps)


def bench_deepcc():
    data = dm.preprocess_benchmark(dm.load_deepcc_benchmark("synthetic_data", root=dm.data_root(),
                                                            download=False))
    base = dm.chapter_settings("deepcc", profile="quick").runs["synthetic_data"]
    return lambda epochs: dm.train_deepcc(
        data, dataclasses.replace(base, pretrain_epochs=epochs, epochs=epochs, kmeans_n_init=1),
        seed=0, device=DEVICE)


def bench_autorec():
    from tiny_runs.autorec import _toy_split
    base = dm.chapter_settings("autorec", "quick")
    split = _toy_split(200, 300)
    return lambda epochs: dm.train_autorec(split, dataclasses.replace(base, epochs=epochs),
                                           seed=0, device=DEVICE, model="I-AutoRec", lam=1.0)


def bench_cyclegan():
    from tiny_runs.cyclegan import _tiny_digits
    data = _tiny_digits(32)
    base = dataclasses.replace(dm.chapter_settings("cyclegan", "quick"), snapshot_steps=())
    return lambda steps: dm.train_cyclegan(data, dataclasses.replace(base, steps=steps), seed=0,
                                           device=DEVICE)


def bench_auggan():
    base = dataclasses.replace(dm.chapter_settings("auggan", "quick"), n_day=32, n_night=32,
                               n_test=4)
    task = dm.make_day_night_task(base, seed=0, device=DEVICE)
    return lambda steps: dm.train_auggan(task, dataclasses.replace(base, steps=steps), seed=0,
                                         device=DEVICE)


TRAINERS = {"train_dann": bench_dann, "train_srdc": bench_srdc, "train_amn": bench_amn,
            "train_gan": bench_gan, "train_deepcc": bench_deepcc, "train_autorec": bench_autorec,
            "train_cyclegan": bench_cyclegan, "train_auggan": bench_auggan}
#: trainers with long steps (epochs, or a k-means per step) run fewer of them
EPOCH_SCALE = {"train_amn": 8, "train_deepcc": 4, "train_srdc": 4}
#: trainers whose "step" here is an epoch (AutoRec's epoch is one full-batch step)
PER_EPOCH = ("train_amn", "train_deepcc", "train_autorec")


def per_step(run, steps: int, clock=time.process_time) -> float:
    """Seconds per step, ``(T(2 steps) - T(steps)) / steps``."""
    times = []
    for n in (steps, 2 * steps):
        start = clock()
        run(n)
        times.append(clock() - start)
    return max(times[1] - times[0], 1e-9) / steps


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=16, help="steps per short run (long: twice)")
    parser.add_argument("--repeats", type=int, default=2)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--only", nargs="*", choices=sorted(TRAINERS), default=None)
    parser.add_argument("--clock", choices=("cpu", "wall"), default="cpu")
    parser.add_argument("--device", default="cpu",
                        help="where the trainers run, e.g. cuda (then use --clock wall)")
    parser.add_argument("--verbose", action="store_true", help="print the times per step too")
    args = parser.parse_args()
    global DEVICE
    DEVICE = dm.get_device(args.device)
    torch.set_num_threads(args.threads)
    clock = time.process_time if args.clock == "cpu" else time.perf_counter
    if args.verbose:
        print(f"dalib_mini from {Path(dm.__file__).parent}, torch {torch.__version__}, "
              f"{args.threads} thread(s), {args.clock} time", flush=True)
    for name in args.only or TRAINERS:
        run = TRAINERS[name]()
        steps = max(1, args.steps // EPOCH_SCALE.get(name, 1))
        run(1)  # warm up (allocations, lazy imports)
        ratios, details = [], []
        for _ in range(args.repeats):
            with plain_loops():
                plain = per_step(run, steps, clock)
            package = per_step(run, steps, clock)
            ratios.append(package / plain)
            details.append(f"{1e3 * package:.1f}/{1e3 * plain:.1f} ms")
        reads, _ = host_reads_per_step(run, steps, warm_up=False)  # warmed up above
        extra = f"   ({', '.join(details)}; {steps} and {2 * steps} steps)" if args.verbose else ""
        unit = "epoch" if name in PER_EPOCH else "step"
        print(f"{name}: {statistics.median(ratios):.2f}x, {reads:g} host reads/{unit}{extra}",
              flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
