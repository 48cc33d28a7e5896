"""Reference answers to the AugGAN chapter's exercises (course/08_auggan.ipynb)."""
from __future__ import annotations

import torch
import torch.nn.functional as F


def paper_weight_sharing_loss(w_g: torch.Tensor, w_p: torch.Tensor) -> torch.Tensor:
    """Exercise 1: Eq. 4 as printed, -log(cos^2) of the flattened weights."""
    a, b = w_g.reshape(-1), w_p.reshape(-1)
    cos = (a @ b) / (a.norm() * b.norm())
    return -torch.log(cos ** 2)


def mean_iou(pred: torch.Tensor, target: torch.Tensor, num_classes: int) -> float:
    """Exercise 2: per-class intersection over union, averaged over the classes that occur."""
    ious = []
    for k in range(num_classes):
        union = ((pred == k) | (target == k)).sum()
        if union > 0:
            ious.append(float(((pred == k) & (target == k)).sum()) / float(union))
    return sum(ious) / len(ious)


def night_parsing_loss(g_xy, g_yx, x: torch.Tensor, day_masks: torch.Tensor) -> torch.Tensor:
    """Exercise 3: the night parser segments the translated day images; day masks are the labels."""
    return F.cross_entropy(g_yx.parse(g_xy.translate(x)), day_masks)
