"""Scoring a segmentation: the confusion matrix and the mean intersection-over-union (mIoU).

For class ``k`` with ``C`` the ``(K, K)`` confusion matrix (rows = true class, columns =
predicted class), ``IoU_k = C_kk / (sum_j C_kj + sum_i C_ik - C_kk)``: the pixels both call
``k`` over the pixels either calls ``k``. mIoU averages ``IoU_k`` over the classes that occur
in the prediction or the ground truth (a class absent from both has no defined IoU).
"""
from __future__ import annotations

import torch

from ..validation import check_nonempty, check_tensor, value_checks_enabled

__all__ = ["segmentation_confusion_matrix", "per_class_iou", "mean_iou"]


def segmentation_confusion_matrix(pred: torch.Tensor, target: torch.Tensor,
                                  num_classes: int) -> torch.Tensor:
    """Pixel counts ``(K, K)`` (int64, on the inputs' device): entry ``[i, j]`` counts pixels of
    true class ``i`` predicted as ``j``. ``pred`` and ``target`` are integer label maps of the
    same shape, e.g. ``(N, H, W)``."""
    if isinstance(num_classes, bool) or not isinstance(num_classes, int) or num_classes < 1:
        raise ValueError(f"num_classes must be a positive integer, got {num_classes!r}")
    if pred.shape != target.shape:
        raise ValueError(f"pred and target must have the same shape, got {tuple(pred.shape)} "
                         f"and {tuple(target.shape)}")
    if pred.is_floating_point() or target.is_floating_point():
        raise TypeError("pred and target must be integer label maps (use logits.argmax(1))")
    pred, target = pred.reshape(-1).long(), target.reshape(-1).long()
    for name, labels in (("pred", pred), ("target", target)):
        if labels.numel() and (labels.min() < 0 or labels.max() >= num_classes):
            raise ValueError(f"{name} labels must lie in [0, {num_classes - 1}], got "
                             f"[{int(labels.min())}, {int(labels.max())}]")
    counts = torch.bincount(target * num_classes + pred, minlength=num_classes ** 2)
    return counts.reshape(num_classes, num_classes)


def per_class_iou(confusion: torch.Tensor) -> torch.Tensor:
    """IoU of each class ``(K,)`` (float64) from a confusion matrix; NaN where a class appears
    in neither the prediction nor the ground truth."""
    check_tensor(confusion, "confusion")
    if confusion.ndim != 2 or confusion.shape[0] != confusion.shape[1] or confusion.shape[0] == 0:
        raise ValueError(f"confusion must be a square (K, K) matrix of counts, got "
                         f"{tuple(confusion.shape)}")
    if value_checks_enabled() and bool((confusion < 0).any()):
        raise ValueError("confusion must hold non-negative counts")
    confusion = confusion.double()
    hits = confusion.diagonal()
    union = confusion.sum(0) + confusion.sum(1) - hits
    return torch.where(union > 0, hits / union.clamp(min=1), torch.full_like(hits, float("nan")))


def mean_iou(pred: torch.Tensor, target: torch.Tensor, num_classes: int) -> float:
    """Mean IoU over the classes present in ``pred`` or ``target`` (label maps ``(N, H, W)``)."""
    check_tensor(pred, "pred")
    check_nonempty(pred, "pred")
    return float(per_class_iou(segmentation_confusion_matrix(pred, target, num_classes)).nanmean())
