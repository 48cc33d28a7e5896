"""Training DeepCC (Xu et al., SDM 2019, Section 3): pretrain both autoencoders, start the
inference networks from k-means on the codes, then train everything jointly on

    J = recon_rows + recon_cols
        - λ_bound (bound_rows + bound_cols) / n_code        (Jensen bound, averaged over instances)
        + λ_mi (1 - I(X̂; Ŷ) / I(X; Y))                      (cross loss)
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch
from sklearn.cluster import KMeans
from torch.nn import functional as F

from ..data.deepcc_benchmarks import CoClusteringData
from ..device import get_device, seed_everything
from ..metrics import nmi
from ..training import DivergenceGuard, History, check_finite, progress
from .gmm import gmm_statistics, jensen_lower_bound
from .models import Autoencoder, InferenceNetwork
from .mutual_information import coclustering_mi_loss
from .settings import DeepCCRunSettings

__all__ = ["DeepCCResult", "deepcc_joint_loss", "train_deepcc"]


@dataclass
class DeepCCResult:
    """Row labels ``(N,)``, column labels ``(D,)``, row codes ``(N, n_code)``, training history,
    the row labels of k-means on the pretrained codes (the starting point), and the trained
    networks (left on the training device)."""

    row_labels: np.ndarray
    col_labels: np.ndarray
    row_codes: np.ndarray
    history: History
    init_row_labels: np.ndarray
    row_autoencoder: Autoencoder
    col_autoencoder: Autoencoder
    row_inference: InferenceNetwork
    col_inference: InferenceNetwork


def _standardize(view: torch.Tensor) -> torch.Tensor:
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
    epochs_bar = progress(range(epochs), desc=f"pretrain {name}", leave=False)
    for epoch in DivergenceGuard().watch(epochs_bar):  # losses checked in batches, no per-step sync
        total = 0.0
        for idx in _batches(len(data), batch, generator):
            _, recon = ae(data[idx])
            loss = check_finite(F.mse_loss(recon, data[idx]), f"{name} reconstruction", epoch)
            opt.zero_grad()
            loss.backward()
            opt.step()
            total = total + loss.detach().double() * len(idx)  # float64: = loss.item() * len(idx)
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


def deepcc_joint_loss(autoencoders: tuple[Autoencoder, Autoencoder],
                      inference: tuple[InferenceNetwork, InferenceNetwork], rows: torch.Tensor,
                      cols: torch.Tensor, cfg: DeepCCRunSettings, *,
                      detach_codes: bool = True) -> dict[str, torch.Tensor]:
    """DeepCC's objective on one minibatch of rows ``(B_r, D)`` and columns ``(B_c, N)``.

    ``autoencoders`` and ``inference`` are the (rows, columns) pairs of networks. Returns the
    terms ``recon`` (both reconstructions), ``bound`` (the Jensen bounds of both views, averaged
    over the minibatch and divided by the code size), ``mi`` (the cross loss) and the total
    ``loss = recon - λ_bound · bound + λ_mi · mi`` that joint training minimises.
    """
    (ae_r, ae_c), (inf_r, inf_c) = autoencoders, inference
    h_r, rec_r = ae_r(rows)
    h_c, rec_c = ae_c(cols)
    if detach_codes:  # the bound rewards shrinking codes; only recon shapes them then
        q_r, q_c = inf_r(h_r.detach()), inf_c(h_c.detach())
        h_r, h_c = h_r.detach(), h_c.detach()
    else:
        q_r, q_c = inf_r(h_r), inf_c(h_c)
    recon = F.mse_loss(rec_r, rows) + F.mse_loss(rec_c, cols)
    bound = (jensen_lower_bound(h_r, q_r, gmm_statistics(h_r, q_r, cfg.var_floor)).mean()
             + jensen_lower_bound(h_c, q_c, gmm_statistics(h_c, q_c, cfg.var_floor)).mean()) / cfg.n_code
    mi = coclustering_mi_loss(q_r, q_c)
    loss = recon - cfg.lambda_bound * bound + cfg.lambda_mi * mi
    return dict(recon=recon, bound=bound, mi=mi, loss=loss)


def train_deepcc(data: CoClusteringData, cfg: DeepCCRunSettings, *, seed: int, device=None,
                 n_clusters: int | None = None, detach_codes: bool = True) -> DeepCCResult:
    """Co-cluster ``data.X (N, D)`` into ``n_clusters`` row and ``n_clusters`` column clusters.

    ``data`` holds the *preprocessed* matrix (rows = instances), see ``preprocess_benchmark``;
    ``cfg`` is the run settings of that matrix (``DeepCCSettings.runs[data.name]``).
    ``n_clusters`` defaults to the number of row classes of ``data``. The ground-truth
    ``data.row_labels``, when present, are only used to log the row NMI per epoch (never for
    training). ``detach_codes=False`` lets the bound's gradient reach the encoders.
    """
    device = get_device(device)
    X = torch.as_tensor(np.asarray(data.X, dtype=np.float32), device=device)
    if X.ndim != 2 or not torch.isfinite(X).all():
        raise ValueError(f"X must be a finite (N, D) matrix, got shape {tuple(X.shape)}")
    if n_clusters is None:
        n_clusters = data.n_row_clusters
    if not 2 <= n_clusters <= min(X.shape):
        raise ValueError(f"n_clusters must be in [2, {min(X.shape)}], got {n_clusters}")
    generator = seed_everything(seed)
    rows, cols = _standardize(X), _standardize(X.T)
    history = History()
    ae_r = Autoencoder(rows.shape[1], cfg.hidden, cfg.n_code).to(device)
    ae_c = Autoencoder(cols.shape[1], cfg.hidden, cfg.n_code).to(device)
    _pretrain(ae_r, rows, cfg.pretrain_epochs, cfg.batch_rows, cfg.lr, generator, history, "rows")
    _pretrain(ae_c, cols, cfg.pretrain_epochs, cfg.batch_cols, cfg.lr, generator, history, "cols")

    inf_r = InferenceNetwork(cfg.n_code, n_clusters, hidden=cfg.inference_hidden).to(device)
    inf_c = InferenceNetwork(cfg.n_code, n_clusters, hidden=cfg.inference_hidden).to(device)
    init_labels = {}
    for name, ae, net, view in (("rows", ae_r, inf_r, rows), ("cols", ae_c, inf_c, cols)):
        codes = _codes(ae, view)
        init_labels[name] = KMeans(n_clusters, n_init=cfg.kmeans_n_init,
                                   random_state=seed).fit_predict(codes.cpu().numpy())
        _init_inference(net, codes, init_labels[name], cfg.init_steps, cfg.lr_init)

    params = [*ae_r.parameters(), *ae_c.parameters(), *inf_r.parameters(), *inf_c.parameters()]
    opt = torch.optim.Adam(params, lr=cfg.lr_joint)
    for epoch in DivergenceGuard().watch(progress(range(cfg.epochs), desc="DeepCC joint")):
        sums = dict(recon=0.0, bound=0.0, mi=0.0, loss=0.0)
        row_batches = _batches(len(rows), cfg.batch_rows, generator)
        for idx_r in row_batches:
            idx_c = torch.randperm(len(cols), generator=generator)[:cfg.batch_cols]
            terms = deepcc_joint_loss((ae_r, ae_c), (inf_r, inf_c), rows[idx_r], cols[idx_c], cfg,
                                      detach_codes=detach_codes)
            loss = check_finite(terms["loss"], "DeepCC loss", epoch)
            opt.zero_grad()
            loss.backward()
            opt.step()
            for key in sums:
                # a float64 tensor (no sync): the same number as terms[key].item() / len(...)
                sums[key] = sums[key] + terms[key].detach().double() / len(row_batches)
        scalars = dict(sums)
        if data.row_labels is not None:
            scalars["row_nmi"] = nmi(data.row_labels, _predict(ae_r, inf_r, rows))
        history.log(epoch, **scalars)
    return DeepCCResult(row_labels=_predict(ae_r, inf_r, rows), col_labels=_predict(ae_c, inf_c, cols),
                        row_codes=_codes(ae_r, rows).cpu().numpy(), history=history,
                        init_row_labels=init_labels["rows"], row_autoencoder=ae_r,
                        col_autoencoder=ae_c, row_inference=inf_r, col_inference=inf_c)


@torch.no_grad()
def _predict(ae: Autoencoder, net: InferenceNetwork, data: torch.Tensor) -> np.ndarray:
    net.eval()
    labels = net(_codes(ae, data)).argmax(1).cpu().numpy()
    net.train()
    return labels
