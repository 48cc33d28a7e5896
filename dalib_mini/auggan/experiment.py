"""The chapter's experiment in three calls: the data, a translator, a segmenter.

Protocol (what is seen by whom):

* **day** scenes: images *and* masks, the labelled source domain. AugGAN's parsers and the
  downstream segmenters are trained with these masks (directly or on translated images);
* **night** scenes: images for the translators (unpaired with the day scenes). Their masks
  train only the *judge*, an evaluation-side segmenter that scores structure preservation;
* **night test** scenes: other random night scenes, with masks, used only to test the
  downstream segmenters.
"""
from __future__ import annotations

from dataclasses import dataclass
from types import SimpleNamespace

import pandas as pd
import torch
from torch import nn

from ..cyclegan import build_cyclegan, train_cyclegan
from ..device import seed_everything
from ..training import History
from .scenes import STREET_CLASSES, StreetScenes, make_street_scenes
from .segmentation_metrics import mean_iou
from .segmenter import SceneSegmenter, fit_scene_segmenter, predict_scene_masks
from .training import build_auggan, train_auggan, translate_scenes

__all__ = ["DayNightTask", "make_day_night_task", "TranslationRun", "train_translator",
           "train_segmenter", "segmentation_miou", "seed_verdicts"]


@dataclass(frozen=True)
class DayNightTask:
    """Day training scenes, night training scenes and night test scenes (see the module)."""

    day: StreetScenes
    night: StreetScenes
    night_test: StreetScenes


def make_day_night_task(cfg: SimpleNamespace, seed: int, device=None) -> DayNightTask:
    """Render ``cfg.n_day`` day, ``cfg.n_night`` night and ``cfg.n_test`` night test scenes
    of side ``cfg.size``; different random streams for each, moved to ``device``."""
    def render(n, style, stream):
        s = make_street_scenes(n, style, cfg.size, seed=seed + stream)
        return StreetScenes(s.images.to(device), s.masks.to(device), style) if device else s
    return DayNightTask(day=render(cfg.n_day, "day", 0), night=render(cfg.n_night, "night", 0),
                        night_test=render(cfg.n_test, "night", 10_000))


@dataclass
class TranslationRun:
    """A trained translator: its ``nets`` (``AugGANNets`` or the CycleGAN chapter's
    ``CycleGANNets``), training ``history`` and the translated day images
    ``(N_day, 3, H, W)`` in ``[0, 1]``."""

    method: str
    nets: object
    history: History
    translated_day: torch.Tensor


def train_translator(method: str, task: DayNightTask, cfg: SimpleNamespace, seed: int) -> TranslationRun:
    """Train ``"auggan"`` (:func:`train_auggan`) or the ``"cyclegan"`` baseline (the CycleGAN
    chapter's ``build_cyclegan`` + ``train_cyclegan``) day -> night with the same data, batch
    sampling, sizes, steps and optimiser; the baseline has no parser and no masks."""
    if method not in ("auggan", "cyclegan"):
        raise ValueError(f"method must be 'auggan' or 'cyclegan', got {method!r}")
    generator = seed_everything(seed)
    device = task.day.images.device
    sizes = dict(width=cfg.width, num_res_blocks=cfg.num_res_blocks, num_sampling=cfg.num_sampling,
                 disc_width=cfg.disc_width, disc_layers=cfg.disc_layers, device=device,
                 generator=generator)
    x, y = task.day.images * 2 - 1, task.night.images * 2 - 1  # the networks work in [-1, 1]
    common = dict(steps=cfg.steps, batch_size=cfg.batch_size, lr=cfg.lr, generator=generator,
                  lambda_cycle=cfg.lambda_cycle, lambda_identity=cfg.lambda_identity,
                  pool_size=cfg.pool_size)
    if method == "auggan":
        nets = build_auggan(num_classes=len(STREET_CLASSES), **sizes)
        history = train_auggan(nets, x, task.day.masks, y, lambda_seg=cfg.lambda_seg,
                               lambda_weight=cfg.lambda_weight, desc="AugGAN",
                               seg_through_translation=cfg.seg_through_translation, **common)
    else:  # the CycleGAN chapter's model and loop, same sizes and budget
        nets = build_cyclegan(width=cfg.width, num_res_blocks=cfg.num_res_blocks,
                              num_sampling=cfg.num_sampling, disc_width=cfg.disc_width,
                              disc_layers=cfg.disc_layers, device=device, generator=generator)
        history = train_cyclegan(nets, x, y, desc="CycleGAN", **common).history
    return TranslationRun(method, nets, history, translate_scenes(nets.g_xy, task.day.images))


def train_segmenter(images: torch.Tensor, masks: torch.Tensor, cfg: SimpleNamespace, seed: int,
                    desc: str = "segmenter") -> nn.Module:
    """A fresh :class:`SceneSegmenter` trained on ``images`` ``(N, 3, H, W)`` in ``[0, 1]`` and
    ``masks`` ``(N, H, W)`` with the chapter's settings (same recipe for every segmenter)."""
    generator = seed_everything(seed)
    model = SceneSegmenter(num_classes=len(STREET_CLASSES), width=cfg.seg_width).to(images.device)
    return fit_scene_segmenter(model, images, masks, epochs=cfg.seg_epochs,
                               batch_size=cfg.seg_batch_size, lr=cfg.seg_lr, generator=generator,
                               desc=desc)


def segmentation_miou(model: nn.Module, images: torch.Tensor, masks: torch.Tensor) -> float:
    """mIoU of ``model``'s predictions on ``images`` against ``masks`` (all classes)."""
    return mean_iou(predict_scene_masks(model, images), masks, len(STREET_CLASSES))


def seed_verdicts(scores: pd.DataFrame, structure_margin: float = 0.05) -> pd.DataFrame:
    """The chapter's two claims checked seed by seed (GAN runs vary a lot between seeds, so one
    run must not decide the result).

    Args:
        scores: one row per seed with the columns ``"structure auggan"``,
            ``"structure cyclegan"``, ``"downstream day only"``, ``"downstream cyclegan"`` and
            ``"downstream auggan"`` (mIoU values).
        structure_margin: the structure gap AugGAN - CycleGAN that counts as "keeps structure
            better".

    Returns:
        A frame with the same index and the columns ``"structure gap"`` (AugGAN - CycleGAN),
        ``"structure gap met"`` (gap >= ``structure_margin``), ``"downstream margin"``
        (AugGAN minus the better of CycleGAN and day only) and ``"downstream auggan best"``
        (that margin > 0).
    """
    needed = ["structure auggan", "structure cyclegan", "downstream day only",
              "downstream cyclegan", "downstream auggan"]
    missing = [c for c in needed if c not in scores.columns]
    if missing:
        raise ValueError(f"scores lacks the columns {missing}")
    gap = scores["structure auggan"] - scores["structure cyclegan"]
    margin = scores["downstream auggan"] - scores[["downstream cyclegan", "downstream day only"]].max(axis=1)
    return pd.DataFrame({"structure gap": gap, "structure gap met": gap >= structure_margin,
                         "downstream margin": margin, "downstream auggan best": margin > 0})
