"""Tensor preparation shared by the digit chapters (GAN, DANN, SRDC, CycleGAN)."""
from __future__ import annotations

import torch
import torch.nn.functional as F

__all__ = ["to_float_images", "digits_to_rgb32"]


def to_float_images(images: torch.Tensor, value_range: tuple[float, float] = (0.0, 1.0)) -> torch.Tensor:
    """uint8 images ``(N, C, H, W)`` in [0, 255] to float32 in ``value_range`` (e.g. (-1, 1) for tanh generators)."""
    if not isinstance(images, torch.Tensor) or images.dtype != torch.uint8 or images.ndim != 4:
        raise ValueError("images must be a uint8 tensor of shape (N, C, H, W), got "
                         f"{getattr(images, 'dtype', type(images).__name__)} "
                         f"{tuple(getattr(images, 'shape', ()))}")
    low, high = value_range
    if not high > low:
        raise ValueError(f"value_range must be (low, high) with high > low, got {value_range}")
    return images.float().div(255.0).mul(high - low).add(low)


def digits_to_rgb32(images: torch.Tensor) -> torch.Tensor:
    """Bring MNIST ``(N, 1, 28, 28)`` and MNIST-M ``(N, 3, 32, 32)`` to one shape.

    Grey digits are zero-padded by 2 pixels to 32x32 (keeping the stroke width) and repeated
    to 3 channels. Input and output are uint8.
    """
    if not isinstance(images, torch.Tensor) or images.dtype != torch.uint8 or images.ndim != 4:
        raise ValueError("images must be a uint8 tensor of shape (N, C, H, W)")
    if images.shape[1:] == (3, 32, 32):
        return images
    if images.shape[1:] == (1, 28, 28):
        return F.pad(images, (2, 2, 2, 2)).expand(-1, 3, -1, -1).contiguous()
    raise ValueError(f"images must have shape (N, 1, 28, 28) or (N, 3, 32, 32), got {tuple(images.shape)}")
