"""Several independent CycleGAN runs (objectives x seeds) at once on a multi-core CPU.

The networks of the quick profile are so small that one run cannot keep two CPU cores busy:
its convolutions are too short to split well across threads. Independent runs can: with
``workers=2`` two runs train side by side, each in its own process on one thread (spawned
processes, so no OpenMP state is inherited). Every run is still :func:`train_cyclegan` with
its own seed, so its result does not depend on which process trained it or in which order.
On a GPU, or with ``workers=1``, the runs simply train one after the other.
"""
from __future__ import annotations

import time
from typing import Hashable, Mapping

import torch

from ..device import get_device
from .training import CycleGANRun, _unpaired_images, train_cyclegan

__all__ = ["train_cyclegan_runs"]


def _train_job(job: tuple) -> tuple[CycleGANRun, float]:
    x, y, cfg, seed, fixed_inputs, desc = job
    torch.set_num_threads(1)
    start = time.perf_counter()
    result = train_cyclegan((x, y), cfg, seed=seed, device="cpu", fixed_inputs=fixed_inputs, desc=desc)
    return result, time.perf_counter() - start


def train_cyclegan_runs(data, jobs: Mapping[Hashable, dict], *, device=None,
                        workers: int = 1) -> dict[Hashable, CycleGANRun]:
    """Train one :func:`train_cyclegan` run per entry of ``jobs`` on the same unpaired data.

    Args:
        data: an :class:`UnpairedDigits` (its ``x_train``, ``y_train``) or a pair of image sets.
        jobs: ``{key: {"cfg": settings, "seed": int, "fixed_inputs": (x, y) or None,
            "desc": str}}``; ``fixed_inputs`` and ``desc`` are optional.
        device: where to train (default :func:`dalib_mini.get_device`).
        workers: processes training side by side when ``device`` is the CPU (each on one
            thread); 1, or any other device, trains the runs one after the other.

    Returns:
        ``{key: CycleGANRun}`` in the order of ``jobs``; a line per finished run says how long
        it took.
    """
    if isinstance(workers, bool) or not isinstance(workers, int) or workers < 1:
        raise ValueError(f"workers must be a positive integer, got {workers!r}")
    device = get_device(device)
    for key, job in jobs.items():
        if not isinstance(job, Mapping) or "cfg" not in job or "seed" not in job:
            raise ValueError(f"jobs[{key!r}] must be a mapping with 'cfg' and 'seed', got {job!r}")
    x, y = _unpaired_images(data)
    keys = list(jobs)
    if workers == 1 or device.type != "cpu":
        results = {}
        for key in keys:
            job = jobs[key]
            start = time.perf_counter()
            results[key] = train_cyclegan((x, y), job["cfg"], seed=job["seed"], device=device,
                                          fixed_inputs=job.get("fixed_inputs"),
                                          desc=job.get("desc", str(key)))
            print(f"{job.get('desc', key)}: trained in {time.perf_counter() - start:.1f} s")
        return results
    x, y = x.cpu().share_memory_(), y.cpu().share_memory_()
    tasks = [(x, y, jobs[k]["cfg"], jobs[k]["seed"], jobs[k].get("fixed_inputs"),
              jobs[k].get("desc", str(k))) for k in keys]
    context = torch.multiprocessing.get_context("spawn")
    results = {}
    with context.Pool(min(workers, len(tasks))) as pool:
        for key, (result, seconds) in zip(keys, pool.imap(_train_job, tasks, chunksize=1)):
            results[key] = result
            print(f"{jobs[key].get('desc', key)}: trained in {seconds:.1f} s (one thread)")
    return results
