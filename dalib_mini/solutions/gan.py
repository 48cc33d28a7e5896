"""Reference answers to the GAN chapter's exercises (try them yourself first)."""
from __future__ import annotations

import math

import torch
import torch.nn.functional as F


def optimal_discriminator(p_data: torch.Tensor, p_g: torch.Tensor) -> torch.Tensor:
    return p_data / (p_data + p_g)


def non_saturating_loss(fake_logits: torch.Tensor) -> torch.Tensor:
    return -F.logsigmoid(fake_logits).mean()


def jensen_shannon(p: torch.Tensor, q: torch.Tensor) -> torch.Tensor:
    m = (p + q) / 2
    kl = lambda a, b: (torch.special.xlogy(a, a) - torch.special.xlogy(a, b)).sum()  # noqa: E731
    return 0.5 * kl(p, m) + 0.5 * kl(q, m)


def parzen_log_likelihood(points: torch.Tensor, centers: torch.Tensor, sigma: float) -> torch.Tensor:
    sq = torch.cdist(points, centers) ** 2
    d = points.shape[1]
    return (torch.logsumexp(-sq / (2 * sigma ** 2), dim=1) - math.log(len(centers))
            - 0.5 * d * math.log(2 * math.pi * sigma ** 2)).mean()
