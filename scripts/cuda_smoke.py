"""One tiny step of every trainer of the course on a GPU, in about a minute.

    python scripts/cuda_smoke.py            # cuda (default)
    python scripts/cuda_smoke.py --device cpu

For each chapter it runs ``scripts/tiny_runs/<chapter>.py`` with ``device=`` the GPU and checks
that every parameter and buffer of every model it trained ends on that device. Prints one line
per chapter and exits with 1 if any chapter fails. Needs the data mirror (``DALIB_MINI_DATA``)
for the chapters that read real files.
"""
from __future__ import annotations

import argparse
import os
import sys
import time
import traceback
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("DALIB_MINI_PROGRESS", "0")

import tiny_runs  # noqa: E402
import torch  # noqa: E402


def placement_errors(models: dict, device: torch.device) -> list[str]:
    """Names of tensors of ``models`` that are not on ``device``."""
    wrong = []
    for model_name, model in models.items():
        for name, tensor in [*model.named_parameters(), *model.named_buffers()]:
            if tensor.device.type != device.type or (
                    device.index is not None and tensor.device.index != device.index):
                wrong.append(f"{model_name}.{name} on {tensor.device}")
    return wrong


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--device", default="cuda")
    args = parser.parse_args()
    device = torch.device(args.device)
    if device.type == "cuda" and not torch.cuda.is_available():
        print("CUDA is not available on this machine", file=sys.stderr)
        return 2
    name = torch.cuda.get_device_name(device) if device.type == "cuda" else "cpu"
    print(f"torch {torch.__version__}, device {device} ({name})")
    failures = 0
    for chapter in tiny_runs.available():
        start = time.perf_counter()
        try:
            models = tiny_runs.load(chapter).run(device)
            wrong = placement_errors(models, device)
            status = "ok" if not wrong else f"FAIL: {wrong[:3]}"
        except Exception:  # report every chapter, then fail
            status = "FAIL:\n" + traceback.format_exc()
        failures += status != "ok"
        print(f"{chapter:9s} {time.perf_counter() - start:6.1f} s  {status}", flush=True)
    print(f"{len(tiny_runs.available()) - failures} passed, {failures} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
