r"""The paper's MNIST architecture (Ganin & Lempitsky 2015, Fig. 2 / supplementary; JMLR
2016, Fig. 4), split into its three parts:

* feature extractor :math:`G_f(\cdot;\theta_f)`: conv 32@5x5 -> ReLU -> max-pool 2 ->
  conv 48@5x5 -> ReLU -> max-pool 2 -> flatten. A 3x32x32 input gives ``(N, 1200)``
  features (48 x 5 x 5); a 3x28x28 input gives ``(N, 768)``.
* label predictor :math:`G_y(\cdot;\theta_y)`: fully connected 100 -> 100 -> 10.
* domain classifier :math:`G_d(\cdot;\theta_d)`: fully connected 100 -> 1 (one logit,
  "is this image from the target domain?").

:class:`DANNNet` wires them as in the paper's Fig. 1: features go straight to the label
predictor and, through a gradient reversal layer, to the domain classifier.
"""
from __future__ import annotations

import torch
from torch import nn

from ..gradient_reversal import GradientReversal
from ..validation import check_module_dtype, check_shape

__all__ = ["DANNFeatureExtractor", "DANNLabelPredictor", "DANNDomainClassifier", "DANNNet"]


def _check_images(x: torch.Tensor, channels: int) -> None:
    if not isinstance(x, torch.Tensor):
        raise TypeError(f"images must be a torch.Tensor, got {type(x).__name__}")
    if not x.is_floating_point():
        raise TypeError(f"images must be a floating-point tensor, got {x.dtype}")
    if x.ndim != 4 or x.shape[1] != channels:
        raise ValueError(f"images must have shape (N, {channels}, H, W), got {tuple(x.shape)}")


def _check_features(x: torch.Tensor, module: nn.Module, dim: int) -> None:
    check_module_dtype(x, module, "features")
    check_shape(x, "features", ("N", dim))


class DANNFeatureExtractor(nn.Module):
    """:math:`G_f`: images ``(N, 3, 32, 32)`` -> features ``(N, feature_dim)``.

    Args:
        in_channels: image channels (3 for MNIST-M and MNIST repeated to RGB).
        image_size: input height = width; sets :attr:`feature_dim` (32 -> 1200, 28 -> 768).
        batch_norm: add BatchNorm after each convolution (not in the paper; an ablation).
    """

    def __init__(self, in_channels: int = 3, image_size: int = 32, batch_norm: bool = False) -> None:
        super().__init__()
        if image_size < 16:
            raise ValueError(f"image_size must be >= 16 for two 5x5 conv + pool blocks, got {image_size}")
        self.in_channels = in_channels
        norm = (lambda c: nn.BatchNorm2d(c)) if batch_norm else (lambda c: nn.Identity())
        self.layers = nn.Sequential(
            nn.Conv2d(in_channels, 32, 5), norm(32), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(32, 48, 5), norm(48), nn.ReLU(), nn.MaxPool2d(2),
            nn.Flatten(),
        )
        side = ((image_size - 4) // 2 - 4) // 2
        self.feature_dim = 48 * side * side

    def forward(self, images: torch.Tensor) -> torch.Tensor:
        _check_images(images, self.in_channels)
        check_module_dtype(images, self, "images")
        return self.layers(images)


class DANNLabelPredictor(nn.Module):
    """:math:`G_y`: features ``(N, D)`` -> class logits ``(N, num_classes)`` (100-100-10)."""

    def __init__(self, in_features: int = 1200, num_classes: int = 10, hidden: int = 100) -> None:
        super().__init__()
        self.layers = nn.Sequential(nn.Linear(in_features, hidden), nn.ReLU(),
                                    nn.Linear(hidden, hidden), nn.ReLU(),
                                    nn.Linear(hidden, num_classes))

    def forward(self, features: torch.Tensor) -> torch.Tensor:
        _check_features(features, self, self.layers[0].in_features)
        return self.layers(features)


class DANNDomainClassifier(nn.Module):
    """:math:`G_d`: features ``(N, D)`` -> domain logit ``(N,)`` (100-1; target = 1).

    It has no gradient reversal of its own; :class:`DANNNet` puts one in front of it.
    """

    def __init__(self, in_features: int = 1200, hidden: int = 100) -> None:
        super().__init__()
        self.layers = nn.Sequential(nn.Linear(in_features, hidden), nn.ReLU(), nn.Linear(hidden, 1))

    def forward(self, features: torch.Tensor) -> torch.Tensor:
        _check_features(features, self, self.layers[0].in_features)
        return self.layers(features).squeeze(1)


class DANNNet(nn.Module):
    """The whole network of the paper's Fig. 1.

    ``forward(images)`` returns ``(class_logits (N, K), domain_logits (N,))``; the domain
    branch sees the features through :attr:`grl` (a :class:`~dalib_mini.GradientReversal`
    whose ``coeff`` is the paper's :math:`\\lambda`; set it every step from the schedule).
    With ``coeff = 0`` the domain classifier still learns but the features ignore it, which
    is how the source-only baseline monitors domain separability with the same network.
    """

    def __init__(self, in_channels: int = 3, image_size: int = 32, num_classes: int = 10,
                 domain_hidden: int = 100, batch_norm: bool = False) -> None:
        super().__init__()
        self.features = DANNFeatureExtractor(in_channels, image_size, batch_norm)
        dim = self.features.feature_dim
        self.label_predictor = DANNLabelPredictor(dim, num_classes)
        self.grl = GradientReversal(0.0)
        self.domain_classifier = DANNDomainClassifier(dim, domain_hidden)

    def forward(self, images: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        features = self.features(images)
        return self.label_predictor(features), self.domain_classifier(self.grl(features))
