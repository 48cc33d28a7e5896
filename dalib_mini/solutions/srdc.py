"""Solutions to the SRDC chapter's exercises (try them yourself first)."""
import torch
import torch.nn.functional as F


def target_distribution(p: torch.Tensor) -> torch.Tensor:
    q = p / p.sum(dim=0, keepdim=True).sqrt()
    return q / q.sum(dim=1, keepdim=True)


def student_t_assignment(z: torch.Tensor, centers: torch.Tensor) -> torch.Tensor:
    kernel = 1.0 / (1.0 + (z[:, None, :] - centers[None, :, :]).pow(2).sum(-1))
    return kernel / kernel.sum(dim=1, keepdim=True)


def source_weights(z: torch.Tensor, labels: torch.Tensor, centroids: torch.Tensor) -> torch.Tensor:
    return 0.5 * (1.0 + F.cosine_similarity(z, centroids[labels], dim=1))
