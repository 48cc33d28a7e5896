"""Training DeepCC (Xu et al., SDM 2019, Section 3): pretrain both autoencoders, start the
inference networks from k-means on the codes, then train everything jointly on

    J = recon_rows + recon_cols
        - λ_bound (bound_rows + bound_cols) / n_code        (Jensen bound, averaged over instances)
        + λ_mi (1 - I(X̂; Ŷ) / I(X; Y))                      (cross loss)
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import numpy as np
import torch
from sklearn.cluster import KMeans
from torch.nn import functional as F

from ..device import seed_everything
from ..metrics import nmi
from ..training import History, check_finite, progress
from .gmm import gmm_statistics, jensen_lower_bound
from .models import Autoencoder, InferenceNetwork
from .mutual_information import coclustering_mi_loss

__all__ = ["DeepCCResult", "train_deepcc"]


@dataclass
class DeepCCResult:
    """Row labels ``(N,)``, column labels ``(D,)``, row codes ``(N, n_code)``, training history,
    and the row labels of k-means on the pretrained codes (the starting point)."""

    row_labels: np.ndarray
    col_labels: np.ndarray
    row_codes: np.ndarray
    history: History
    init_row_labels: np.ndarray


def _standardise(view: torch.Tensor) -> torch.Tensor:
    # z-score every input unit of an autoencoder (as the authors' code does): with tf-idf rows
    # of unit length the raw mean squared value is ~1/D and the reconstruction loss would be
    # learnt by predicting zeros
    return (view - view.mean(0)) / (view.std(0) + 1e-6)


def _batches(n: int, size: int, generator: torch.Generator):
    order = torch.randperm(n, generator=generator)
    return [order[i:i + size] for i in range(0, n, size)]


def _pretrain(ae: Autoencoder, data: torch.Tensor, epochs: int, batch: int, lr: float,
              generator: torch.Generator, history: History, name: str) -> None:
    opt = torch.optim.Adam(ae.parameters(), lr=lr)
    for epoch in progress(range(epochs), desc=f"pretrain {name}", leave=False):
        total = 0.0
        for idx in _batches(len(data), batch, generator):
            _, recon = ae(data[idx])
            loss = check_finite(F.mse_loss(recon, data[idx]), f"{name} reconstruction", epoch)
            opt.zero_grad()
            loss.backward()
            opt.step()
            total += loss.item() * len(idx)
        history.log(epoch, **{f"pretrain_{name}": total / len(data)})


@torch.no_grad()
def _codes(ae: Autoencoder, data: torch.Tensor) -> torch.Tensor:
    ae.eval()
    code, _ = ae(data)
    ae.train()
    return code


def _init_inference(net: InferenceNetwork, codes: torch.Tensor, labels: np.ndarray, steps: int,
                    lr: float) -> None:
    """Start ``Q(k|h)`` at the k-means partition of the codes (supervised by its labels)."""
    target = torch.as_tensor(labels, dtype=torch.long, device=codes.device)
    opt = torch.optim.Adam(net.parameters(), lr=lr)
    for _ in range(steps):
        loss = F.cross_entropy(net.logits(codes), target)
        opt.zero_grad()
        loss.backward()
        opt.step()


def train_deepcc(X, n_clusters: int, *, hidden: Sequence[int] = (128,), n_code: int = 10,
                 pretrain_epochs: int = 30, epochs: int = 30, batch_rows: int = 256,
                 batch_cols: int = 256, lr: float = 1e-3, lr_joint: float = 1e-4,
                 lambda_bound: float = 0.1, lambda_mi: float = 1.0, var_floor: float = 1e-2,
                 init_steps: int = 200, detach_codes: bool = True, seed: int = 0, device=None,
                 true_row_labels=None) -> DeepCCResult:
    """Co-cluster ``X (N, D)`` into ``n_clusters`` row clusters and ``n_clusters`` column clusters.

    ``X`` is the preprocessed data matrix (rows = instances). ``true_row_labels``, if given, is
    only used to log the row NMI per epoch (never for training).
    """
    X = torch.as_tensor(np.asarray(X, dtype=np.float32), device=device)
    if X.ndim != 2 or not torch.isfinite(X).all():
        raise ValueError(f"X must be a finite (N, D) matrix, got shape {tuple(X.shape)}")
    if not 2 <= n_clusters <= min(X.shape):
        raise ValueError(f"n_clusters must be in [2, {min(X.shape)}], got {n_clusters}")
    seed_everything(seed)
    gen = torch.Generator().manual_seed(seed)
    rows, cols = _standardise(X), _standardise(X.T)
    history = History()
    ae_r = Autoencoder(rows.shape[1], hidden, n_code).to(X.device)
    ae_c = Autoencoder(cols.shape[1], hidden, n_code).to(X.device)
    _pretrain(ae_r, rows, pretrain_epochs, batch_rows, lr, gen, history, "rows")
    _pretrain(ae_c, cols, pretrain_epochs, batch_cols, lr, gen, history, "cols")

    inf_r = InferenceNetwork(n_code, n_clusters).to(X.device)
    inf_c = InferenceNetwork(n_code, n_clusters).to(X.device)
    init_labels = {}
    for name, ae, net, data in (("rows", ae_r, inf_r, rows), ("cols", ae_c, inf_c, cols)):
        codes = _codes(ae, data)
        init_labels[name] = KMeans(n_clusters, n_init=10, random_state=seed).fit_predict(codes.cpu().numpy())
        _init_inference(net, codes, init_labels[name], init_steps, 1e-2)

    params = [*ae_r.parameters(), *ae_c.parameters(), *inf_r.parameters(), *inf_c.parameters()]
    opt = torch.optim.Adam(params, lr=lr_joint)
    n_steps = max(1, int(np.ceil(len(rows) / batch_rows)))
    for epoch in progress(range(epochs), desc="DeepCC joint"):
        sums = dict(recon=0.0, bound=0.0, mi=0.0, loss=0.0)
        row_batches = _batches(len(rows), batch_rows, gen)
        for step, idx_r in enumerate(row_batches):
            idx_c = torch.randperm(len(cols), generator=gen)[:batch_cols]
            h_r, rec_r = ae_r(rows[idx_r])
            h_c, rec_c = ae_c(cols[idx_c])
            if detach_codes:  # the bound rewards shrinking codes; only recon shapes them then
                q_r, q_c = inf_r(h_r.detach()), inf_c(h_c.detach())
                h_r, h_c = h_r.detach(), h_c.detach()
            else:
                q_r, q_c = inf_r(h_r), inf_c(h_c)
            recon = F.mse_loss(rec_r, rows[idx_r]) + F.mse_loss(rec_c, cols[idx_c])
            bound = (jensen_lower_bound(h_r, q_r, gmm_statistics(h_r, q_r, var_floor)).mean()
                     + jensen_lower_bound(h_c, q_c, gmm_statistics(h_c, q_c, var_floor)).mean()) / n_code
            mi = coclustering_mi_loss(q_r, q_c)
            loss = check_finite(recon - lambda_bound * bound + lambda_mi * mi, "DeepCC loss", epoch)
            opt.zero_grad()
            loss.backward()
            opt.step()
            for key, value in zip(sums, (recon, bound, mi, loss)):
                sums[key] += value.item() / len(row_batches)
        scalars = dict(sums)
        if true_row_labels is not None:
            scalars["row_nmi"] = nmi(true_row_labels, _predict(ae_r, inf_r, rows))
        history.log(epoch, **scalars)
    return DeepCCResult(row_labels=_predict(ae_r, inf_r, rows), col_labels=_predict(ae_c, inf_c, cols),
                        row_codes=_codes(ae_r, rows).cpu().numpy(), history=history,
                        init_row_labels=init_labels["rows"])


@torch.no_grad()
def _predict(ae: Autoencoder, net: InferenceNetwork, data: torch.Tensor) -> np.ndarray:
    net.eval()
    labels = net(_codes(ae, data)).argmax(1).cpu().numpy()
    net.train()
    return labels
