"""A small fully convolutional segmenter for the street scenes, and how it is trained.

It plays two roles in the chapter: a *judge* trained on real night scenes that segments
translated images (does the translation keep the layout?), and the *downstream* model of
the paper's use case, trained only on translated images and tested on real night scenes.
"""
from __future__ import annotations

import torch
from torch import nn

from ..classifiers import fit_classifier
from ..device import get_device, seed_everything
from ..validation import check_image_batch, check_module_dtype
from .scenes import STREET_CLASSES

__all__ = ["SceneSegmenter", "train_segmenter", "predict_scene_masks"]


def _conv(c_in: int, c_out: int, stride: int = 1, dilation: int = 1) -> nn.Sequential:
    return nn.Sequential(nn.Conv2d(c_in, c_out, 3, stride, padding=dilation, dilation=dilation),
                         nn.BatchNorm2d(c_out), nn.ReLU(inplace=True))


class SceneSegmenter(nn.Module):
    """A two-scale encoder-decoder with one skip connection (a tiny U-Net).

    Input ``(N, 3, H, W)`` images (H, W even), output ``(N, K, H, W)`` class logits.
    """

    def __init__(self, in_channels: int = 3, num_classes: int = 4, width: int = 16) -> None:
        super().__init__()
        self.stem = _conv(in_channels, width)
        # Half resolution with a dilated conv: a receptive field wide enough to tell a dark
        # facade from the dark sky by its surroundings.
        self.down = nn.Sequential(_conv(width, 2 * width, stride=2), _conv(2 * width, 2 * width, dilation=2))
        self.up = nn.Upsample(scale_factor=2, mode="nearest")
        self.head = nn.Sequential(_conv(3 * width, width), nn.Conv2d(width, num_classes, 1))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        check_module_dtype(x, self, "x")
        check_image_batch(x, "x", channels=self.stem[0].in_channels)
        skip = self.stem(x)
        return self.head(torch.cat([skip, self.up(self.down(skip))], dim=1))


def train_segmenter(images: torch.Tensor, masks: torch.Tensor, cfg, *, seed: int, device=None,
                    desc: str = "segmenter") -> nn.Module:
    """A fresh :class:`SceneSegmenter` trained with per-pixel cross-entropy on ``images``
    ``(N, 3, H, W)`` in ``[0, 1]`` and int64 ``masks`` ``(N, H, W)``, by the course's one
    judge loop (:func:`dalib_mini.fit_classifier`); the same recipe for the judge and every
    downstream segmenter.

    ``cfg`` (an :class:`~dalib_mini.auggan.AugGANSettings`) gives ``seg_width``,
    ``seg_epochs``, ``seg_batch_size`` and ``seg_lr``; ``seed`` seeds the initialization and the
    batch order. Returns the model on ``device``, in eval mode.
    """
    device = get_device(device)
    seed_everything(seed)
    model = SceneSegmenter(num_classes=len(STREET_CLASSES), width=cfg.seg_width)
    return fit_classifier(model, images, masks, epochs=cfg.seg_epochs,
                          batch_size=cfg.seg_batch_size, lr=cfg.seg_lr, seed=seed,
                          device=device, desc=desc)


@torch.no_grad()
def predict_scene_masks(model: nn.Module, images: torch.Tensor, batch_size: int = 256) -> torch.Tensor:
    """Predicted label maps ``(N, H, W)`` (int64) of an eval-mode segmenter."""
    model.eval()
    return torch.cat([model(images[i:i + batch_size]).argmax(1)
                      for i in range(0, images.shape[0], batch_size)])
