r"""The SRDC network for digits: exactly the DANN chapter's label path (feature extractor
:math:`G_f` + the 100-100-10 label predictor), without the domain classifier, plus the
learnable cluster centers :math:`\mu_k` of the feature-level clustering.

The features that SRDC clusters, :math:`z = \mathrm{ReLU}(W_1 G_f(x))` ``(N, 100)``, are the
label predictor's first hidden layer; the classifier is the rest of the label predictor.
"""
from __future__ import annotations

import torch
from torch import nn

from ..dann.models import DANNFeatureExtractor, DANNLabelPredictor

__all__ = ["SRDCNet"]


class SRDCNet(nn.Module):
    """``forward(images (N, 3, 32, 32))`` -> ``(logits (N, K), features z (N, 100))``.

    Attributes:
        centers: ``(K, 100)`` learnable cluster centers (re-initialised by k-means every epoch).
    """

    def __init__(self, in_channels: int = 3, image_size: int = 32, num_classes: int = 10,
                 batch_norm: bool = False) -> None:
        super().__init__()
        self.backbone = DANNFeatureExtractor(in_channels, image_size, batch_norm)
        predictor = DANNLabelPredictor(self.backbone.feature_dim, num_classes)
        self.embed = predictor.layers[:2]        # Linear(1200, 100) + ReLU  -> z
        self.classifier = predictor.layers[2:]   # Linear(100, 100) + ReLU + Linear(100, K)
        self.num_classes = num_classes
        self.centers = nn.Parameter(torch.zeros(num_classes, predictor.layers[0].out_features))

    def features(self, images: torch.Tensor) -> torch.Tensor:
        """The clustered features ``z`` ``(N, 100)``."""
        return self.embed(self.backbone(images))

    def forward(self, images: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        z = self.features(images)
        return self.classifier(z), z
