r"""The SRDC network for digits: exactly the DANN chapter's label path (feature extractor
:math:`G_f` + the 100-100-10 label predictor), without the domain classifier, plus the
learnable cluster centers :math:`\mu_k` of the feature-level clustering.

The features that SRDC clusters, :math:`z = \mathrm{ReLU}(W_1 G_f(x))` ``(N, 100)``, are the
label predictor's first hidden layer; the classifier is the rest of the label predictor.
:meth:`SRDCNet.from_dann` builds the network from a trained :class:`~dalib_mini.DANNNet`
(same weights, the domain classifier dropped), so SRDC can start from DANN's aligned features.
"""
from __future__ import annotations

import copy

import torch
from torch import nn

from ..dann.models import DANNFeatureExtractor, DANNLabelPredictor, DANNNet

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

    @classmethod
    def from_dann(cls, dann: DANNNet) -> "SRDCNet":
        """An SRDCNet holding copies of ``dann``'s feature extractor and label predictor
        (the network computes the same logits; its centers start at zero, k-means sets them).
        ``dann`` is left unchanged; the copy lives on ``dann``'s device."""
        if not isinstance(dann, DANNNet):
            raise TypeError(f"dann must be a DANNNet, got {type(dann).__name__}")
        layers = dann.label_predictor.layers
        batch_norm = any(isinstance(m, nn.BatchNorm2d) for m in dann.features.modules())
        net = cls(dann.features.in_channels, 32, layers[-1].out_features, batch_norm)
        net.backbone = copy.deepcopy(dann.features)
        net.embed = copy.deepcopy(layers[:2])
        net.classifier = copy.deepcopy(layers[2:])
        return net.to(next(dann.parameters()).device)

    def features(self, images: torch.Tensor) -> torch.Tensor:
        """The clustered features ``z`` ``(N, 100)``."""
        return self.embed(self.backbone(images))

    def forward(self, images: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        z = self.features(images)
        return self.classifier(z), z
