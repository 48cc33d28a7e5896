"""Figures of the AugGAN chapter: rows of scenes and masks, one large tile per image, with a
class-colour legend for the masks."""
from __future__ import annotations

from typing import Mapping

import matplotlib.pyplot as plt
import torch
from matplotlib.patches import Patch

from .scenes import STREET_CLASSES

__all__ = ["SCENE_PALETTE", "mask_to_rgb", "show_scene_rows"]

#: One RGB colour in [0, 1] per class of :data:`~dalib_mini.auggan.STREET_CLASSES`.
SCENE_PALETTE = torch.tensor([[0.55, 0.75, 1.0],    # sky
                              [0.8, 0.45, 0.3],     # building
                              [0.4, 0.4, 0.4],      # road
                              [1.0, 0.85, 0.1]])    # vehicle


def mask_to_rgb(masks: torch.Tensor) -> torch.Tensor:
    """Class masks ``(N, H, W)`` (int64) -> colour images ``(N, 3, H, W)`` in [0, 1]."""
    if not isinstance(masks, torch.Tensor) or masks.ndim != 3 or masks.is_floating_point():
        raise ValueError(f"masks must be an integer tensor (N, H, W), got "
                         f"{getattr(masks, 'dtype', type(masks).__name__)} {tuple(getattr(masks, 'shape', ()))}")
    return SCENE_PALETTE[masks.cpu()].permute(0, 3, 1, 2)


def show_scene_rows(rows: Mapping[str, torch.Tensor], n: int = 6, tile: float = 1.6, title: str = ""):
    """Show ``n`` scenes per row, one tile each: ``rows`` maps a row label to images
    ``(N, 3, H, W)`` in [0, 1] or to masks ``(N, H, W)`` (int64, drawn in :data:`SCENE_PALETTE`).
    A legend names the mask colours when a row holds masks. Returns the figure."""
    if not rows:
        raise ValueError("rows must hold at least one (label, images) entry")
    fig, axes = plt.subplots(len(rows), n, figsize=(tile * n + 1.8, tile * len(rows)), squeeze=False)
    has_masks = False
    for r, (label, batch) in enumerate(rows.items()):
        if batch.ndim == 3:
            has_masks, batch = True, mask_to_rgb(batch)
        batch = batch.detach().cpu().clamp(0, 1)
        for c in range(n):
            ax = axes[r, c]
            ax.imshow(batch[c].permute(1, 2, 0).numpy(), interpolation="nearest")
            ax.set_xticks([]), ax.set_yticks([])
        axes[r, 0].set_ylabel(label, rotation=0, ha="right", va="center", fontsize=9)
    if has_masks:
        handles = [Patch(color=SCENE_PALETTE[k].tolist(), label=name) for k, name in enumerate(STREET_CLASSES)]
        fig.legend(handles=handles, loc="center right", title="mask classes", fontsize=8)
    if title:
        fig.suptitle(title)
    fig.tight_layout(rect=(0, 0, 1 - 1.6 / (tile * n + 1.8), 1) if has_masks else None)
    return fig
