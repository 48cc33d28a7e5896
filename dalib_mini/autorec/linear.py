"""A linear AutoRec against the truncated SVD (the chapter's check of the rank-k argument).

With identity activations, Eq. (1) maps the stacked inputs ``R`` (``(N, d)``, 0 where
unobserved) to ``R V^T W^T + 1 c^T`` with ``c = W mu + b``: a matrix ``R A + 1 c^T`` with
``rank(A) <= k``. Two problems over that family:

* **every entry counts** (the zeros as ratings): this is PCA. Writing ``R = R_c + 1 m^T``
  with the column means ``m``, the best error is ``sum_{j>k} sigma_j(R_c)^2``
  (Eckart-Young), reached by the truncated SVD of ``R_c`` plus the means. A trained linear
  AutoRec must reach that number: an equality.
* **only observed entries count** (Eq. (2) with lambda = 0, what AutoRec trains): a related,
  not an equal problem. Each solution is best on its own criterion, so the trained masked
  model must have the smaller observed-entry error, and the SVD the smaller all-entry error.
"""
from __future__ import annotations

import torch

from ..device import get_device, seed_everything
from ..training import progress
from ..validation import check_binary_mask, check_floating
from .losses import autorec_objective
from .models import AutoRec

__all__ = ["truncated_svd_reconstruction", "fit_linear_autorec", "reconstruction_errors"]


def truncated_svd_reconstruction(matrix: torch.Tensor, rank: int) -> tuple[torch.Tensor, float]:
    """Best all-entry fit ``R_c``'s rank-``rank`` SVD plus the column means: ``(N, d)`` and its
    squared error ``sum_{j > rank} sigma_j(R_c)^2`` (Eckart-Young), computed from the singular
    values, independently of the reconstruction."""
    check_floating(matrix, "matrix")
    if matrix.ndim != 2 or matrix.is_sparse:
        raise ValueError(f"matrix must be a dense (N, d) tensor, got shape {tuple(matrix.shape)}")
    if not 1 <= rank < min(matrix.shape):
        raise ValueError(f"rank must lie in [1, {min(matrix.shape) - 1}], got {rank}")
    means = matrix.mean(dim=0, keepdim=True)
    u, s, vh = torch.linalg.svd(matrix - means, full_matrices=False)
    recon = (u[:, :rank] * s[:rank]) @ vh[:rank] + means
    return recon, float(s[rank:].pow(2).sum())


def fit_linear_autorec(matrix: torch.Tensor, mask: torch.Tensor, rank: int, *, seed: int,
                       device=None, epochs: int = 300, lr: float = 1e-3) -> AutoRec:
    """Train an AutoRec with f = g = identity, ``rank`` hidden units and lambda = 0 on the
    entries of ``matrix`` (``(N, d)``, dense) where ``mask`` is true, full batch with Rprop.

    ``mask`` all true fits every entry (the PCA problem); ``matrix > 0`` is Eq. (2)'s masked
    objective. Runs in float64 so that the comparison with the SVD is not limited by rounding.
    """
    check_floating(matrix, "matrix")
    check_binary_mask(mask, "mask")
    if mask.shape != matrix.shape:
        raise ValueError(f"mask must have the shape of matrix {tuple(matrix.shape)}, got "
                         f"{tuple(mask.shape)}")
    if epochs < 1:
        raise ValueError(f"epochs must be >= 1, got {epochs}")
    seed_everything(seed)
    device = get_device(device)
    model = AutoRec(matrix.shape[1], rank, hidden_activation="identity",
                    output_activation="identity").double().to(device)
    inputs, observed = matrix.double().to(device), mask.bool().to(device)
    opt = torch.optim.Rprop(model.parameters(), lr=lr)
    for _ in progress(range(epochs), desc=f"linear AutoRec k={rank}"):
        opt.zero_grad()
        objective, _ = autorec_objective(model, inputs, inputs, observed, 0.0)
        objective.backward()
        opt.step()
    return model.eval()


def reconstruction_errors(recon: torch.Tensor, matrix: torch.Tensor,
                          mask: torch.Tensor) -> dict[str, float]:
    """Squared error of a reconstruction ``(N, d)`` on the observed entries (``mask``) and on
    all entries of ``matrix``."""
    if not recon.shape == matrix.shape == mask.shape:
        raise ValueError(f"recon, matrix and mask must have one shape, got {tuple(recon.shape)}, "
                         f"{tuple(matrix.shape)}, {tuple(mask.shape)}")
    residual = (recon.double() - matrix.double()).pow(2)
    return {"observed": float(residual[mask.bool()].sum()), "all": float(residual.sum())}
