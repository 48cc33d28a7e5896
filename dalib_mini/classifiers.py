"""A small convolutional classifier used as a *frozen judge* by several chapters (it scores
generated digits for the GAN, checks that translations keep their digit for CycleGAN), and the
one training loop of every judge and segmenter of the course.
"""
from __future__ import annotations

import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset

from .device import get_device
from .training import check_finite, progress
from .validation import check_image_batch, check_module_dtype, check_nonempty

__all__ = ["SmallConvNet", "classifier_features", "fit_classifier", "predict_proba"]


class SmallConvNet(nn.Module):
    """Two conv blocks and a linear head. Input ``(N, C, H, W)`` floats, output ``(N, K)`` logits."""

    def __init__(self, in_channels: int = 1, num_classes: int = 10, width: int = 32) -> None:
        super().__init__()
        self.features = nn.Sequential(
            nn.Conv2d(in_channels, width, 3, padding=1), nn.BatchNorm2d(width), nn.ReLU(),
            nn.MaxPool2d(2),
            nn.Conv2d(width, 2 * width, 3, padding=1), nn.BatchNorm2d(2 * width), nn.ReLU(),
            nn.MaxPool2d(2),
            nn.AdaptiveAvgPool2d(4), nn.Flatten(),
        )
        self.head = nn.Sequential(nn.Dropout(0.2), nn.Linear(2 * width * 16, num_classes))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        check_module_dtype(x, self, "x")
        check_image_batch(x, "x", channels=self.features[0].in_channels)
        return self.head(self.features(x))


def fit_classifier(model: nn.Module, images: torch.Tensor, labels: torch.Tensor, *,
                   epochs: int = 2, batch_size: int = 128, lr: float = 1e-3,
                   seed: int | None = None, device: str | torch.device | None = None,
                   desc: str = "classifier") -> nn.Module:
    """Train ``model`` with Adam and cross-entropy: the one loop behind every judge of the course
    (the GAN's digit judge, CycleGAN's per-domain digit judges, AugGAN's per-pixel segmenters).

    Args:
        model: a classifier with ``(N, K)`` logits, or a segmenter with ``(N, K, H, W)`` logits
            (cross-entropy is then per pixel).
        images: float ``(N, C, H, W)``.
        labels: int64 ``(N,)`` classes, or ``(N, H, W)`` per-pixel classes.
        epochs, batch_size, lr: Adam's budget.
        seed: seeds the order of the mini-batches (its own generator; the global generators,
            which dropout draws from, are left as the caller seeded them). ``None``: the batch
            order comes from the global generator.
        device: where to train (default: :func:`dalib_mini.get_device`); model, images and
            labels are moved there.

    Returns:
        the model, on ``device``, in eval mode.
    """
    if images.ndim != 4:
        raise ValueError(f"images must have shape (N, C, H, W), got {tuple(images.shape)}")
    if labels.ndim not in (1, 3) or labels.shape[0] != images.shape[0] or (
            labels.ndim == 3 and labels.shape[1:] != images.shape[2:]):
        raise ValueError("labels must be (N,) classes or (N, H, W) per-pixel classes matching "
                         f"images {tuple(images.shape)}, got {tuple(labels.shape)}")
    device = get_device(device)
    model = model.to(device)
    images, labels = images.to(device), labels.to(device)
    generator = torch.Generator().manual_seed(seed) if seed is not None else None
    loader = DataLoader(TensorDataset(images, labels), batch_size=batch_size, shuffle=True,
                        generator=generator)
    optimizer = torch.optim.Adam(model.parameters(), lr=lr)
    model.train()
    step = 0
    for _ in progress(range(epochs), desc=desc):
        for x, y in loader:
            loss = nn.functional.cross_entropy(model(x), y)
            check_finite(loss, f"{desc} loss", step)
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            optimizer.step()
            step += 1
    return model.eval()


@torch.no_grad()
def classifier_features(model: nn.Module, images: torch.Tensor, batch_size: int = 500, *,
                        name: str = "model") -> torch.Tensor:
    """Penultimate features ``(N, D)`` of a :class:`SmallConvNet`-like classifier (its
    ``features`` block: pooled convolutions, flattened) for ``images`` ``(N, C, H, W)``, computed
    in batches on the model's device and returned on the CPU. The model is evaluated in eval
    mode and left in the mode it had. What the Fréchet distances of the course compare.
    ``name``: the caller's name for ``model`` in the error raised when it has no ``features``."""
    check_image_batch(images, "images")
    if not hasattr(model, "features"):
        raise TypeError(f"{name} must be a SmallConvNet-like module with a .features block, got "
                        f"{type(model).__name__}")
    was_training = model.training
    model.eval()
    device = next(model.parameters()).device
    out = torch.cat([model.features(images[i:i + batch_size].to(device)).cpu()
                     for i in range(0, images.shape[0], batch_size)])
    model.train(was_training)
    return out


@torch.no_grad()
def predict_proba(model: nn.Module, images: torch.Tensor, batch_size: int = 512) -> torch.Tensor:
    """Class probabilities ``(N, K)`` of an eval-mode classifier, computed in batches."""
    check_image_batch(images, "images")
    check_nonempty(images, "images")
    model.eval()
    return torch.cat([model(images[i:i + batch_size]).softmax(dim=1)
                      for i in range(0, images.shape[0], batch_size)])
