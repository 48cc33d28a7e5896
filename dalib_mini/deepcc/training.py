"""Training DeepCC (Xu et al., SDM 2019, Section 3) end to end: pretrain both autoencoders,
start the inference networks at k-means on the codes, then train encoders, decoders, inference
networks and mixtures jointly on one objective (the paper's J = J1 + J2 + J3):

    J_view = λ_rec · recon + λ_ae · P_ae - λ_bound · bound / E + λ_cov · P_inf(Σ)   (rows and columns)
    J      = J_rows + J_cols + λ_mi · (1 - I(X̂; Ŷ) / I(X; Y))                       (cross loss on γ)

with the code z_i of an instance, its assignment h_i = Softmax(MLN(z_i)) (the inference
network, the variational Q), the mixture fitted to the codes with weights h, its posterior
γ_ik = P(k | z_i), and P_ae the squared weights of the autoencoder. Nothing is detached: the
bound, the covariance penalty and the cross loss all reach the encoders.
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
from .gmm import covariance_penalty, gmm_posterior, gmm_statistics, jensen_lower_bound
from .models import Autoencoder, InferenceNetwork
from .mutual_information import coclustering_mi_loss
from .settings import DeepCCRunSettings

__all__ = ["DeepCCResult", "deepcc_view_terms", "deepcc_joint_loss", "train_deepcc",
           "deepcc_size_entropy"]


@dataclass
class DeepCCResult:
    """Row labels ``(N,)``, column labels ``(D,)`` (argmax of the mixture posteriors γ), row codes
    ``(N, n_code)``, training history, the row and column labels of k-means on the pretrained
    codes (the starting point, i.e. "autoencoder + k-means"), the trained networks (left on
    the training device), and the sizes of the row clusters (argmax γ over all rows) before the
    joint phase and after every joint epoch, ``row_cluster_sizes (epochs + 1, K)``; the history's
    ``row_size_entropy`` is their entropy over ``log K`` (1: equal sizes, 0: one cluster).
    ``start_row_labels (N,)`` is argmax γ before the first joint step: the k-means start read
    through the mixture's posterior, as the final labels are."""

    row_labels: np.ndarray
    col_labels: np.ndarray
    row_codes: np.ndarray
    history: History
    init_row_labels: np.ndarray
    init_col_labels: np.ndarray
    row_autoencoder: Autoencoder
    col_autoencoder: Autoencoder
    row_inference: InferenceNetwork
    col_inference: InferenceNetwork
    row_gamma: np.ndarray
    col_gamma: np.ndarray
    row_cluster_sizes: np.ndarray
    start_row_labels: np.ndarray


def deepcc_size_entropy(sizes: torch.Tensor) -> torch.Tensor:
    """Entropy of the cluster-size shares ``sizes (K,)`` over ``log K``: 1 when all clusters are
    equally large, 0 when every instance sits in one cluster (the collapse). Reads no labels."""
    share = sizes.double() / sizes.sum()
    return -torch.special.xlogy(share, share).sum() / np.log(len(sizes))


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
    """Start ``h = Q(k|z)`` at the k-means partition of the codes (supervised by its labels)."""
    target = torch.as_tensor(labels, dtype=torch.long, device=codes.device)
    opt = torch.optim.Adam(net.parameters(), lr=lr)
    for _ in range(steps):
        loss = F.cross_entropy(net.logits(codes), target)
        opt.zero_grad()
        loss.backward()
        opt.step()


def _weight_penalty(ae: Autoencoder) -> torch.Tensor:
    """``P_ae``: the mean squared weight of the autoencoder's linear layers (biases excluded)."""
    weights = [m.weight for m in ae.modules() if isinstance(m, torch.nn.Linear)]
    return torch.stack([w.pow(2).mean() for w in weights]).mean()


def deepcc_view_terms(ae: Autoencoder, net: InferenceNetwork, x: torch.Tensor,
                      cfg: DeepCCRunSettings, *, detach_codes: bool = False) -> dict[str, torch.Tensor]:
    """One view's part of the objective on a minibatch ``x (B, n_in)``.

    Returns ``recon`` (MSE), ``p_ae`` (weight penalty), ``bound`` (the Jensen bound per instance
    and code dimension, ``E_h[log P(k, z)] + H(h)`` over ``E``), ``cov`` (``P_inf(Σ)``),
    ``h (B, K)`` (inference network) and ``gamma (B, K)`` (mixture posterior ``P(k | z)``).
    ``detach_codes=True`` cuts the codes from everything but the reconstruction (the ablation).
    """
    z, rec = ae(x)
    z_in = z.detach() if detach_codes else z
    h = net(z_in)
    # the mixture models the codes (default) or, as in the authors' released configuration, h itself
    points = h if cfg.mixture_on == "assignment" else z_in
    stats = gmm_statistics(points, h, cfg.var_floor)
    return dict(recon=F.mse_loss(rec, x), p_ae=_weight_penalty(ae),
                bound=jensen_lower_bound(points, h, stats).mean() / points.shape[1],
                cov=covariance_penalty(stats), h=h, gamma=gmm_posterior(points, stats))


def deepcc_joint_loss(autoencoders: tuple[Autoencoder, Autoencoder],
                      inference: tuple[InferenceNetwork, InferenceNetwork], rows: torch.Tensor,
                      cols: torch.Tensor, cfg: DeepCCRunSettings, *,
                      detach_codes: bool = False) -> dict[str, torch.Tensor]:
    """DeepCC's objective J on one minibatch of rows ``(B_r, D)`` and columns ``(B_c, N)``.

    ``autoencoders`` and ``inference`` are the (rows, columns) pairs of networks. Returns the
    terms summed over both views (``recon``, ``p_ae``, ``bound``, ``cov``), the cross loss ``mi``
    on the two views' mixture posteriors γ, and the total that joint training minimises,
    ``loss = λ_rec recon + λ_ae p_ae - λ_bound bound + λ_cov cov + λ_mi mi``.
    """
    (ae_r, ae_c), (inf_r, inf_c) = autoencoders, inference
    t_r = deepcc_view_terms(ae_r, inf_r, rows, cfg, detach_codes=detach_codes)
    t_c = deepcc_view_terms(ae_c, inf_c, cols, cfg, detach_codes=detach_codes)
    terms = {key: t_r[key] + t_c[key] for key in ("recon", "p_ae", "bound", "cov")}
    terms["mi"] = coclustering_mi_loss(t_r["gamma"], t_c["gamma"])
    terms["loss"] = (cfg.lambda_rec * terms["recon"] + cfg.lambda_ae * terms["p_ae"]
                     - cfg.lambda_bound * terms["bound"] + cfg.lambda_cov * terms["cov"]
                     + cfg.lambda_mi * terms["mi"])
    return terms


@torch.no_grad()
def _assign(ae: Autoencoder, net: InferenceNetwork, data: torch.Tensor,
            cfg: DeepCCRunSettings) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    """Codes ``z (N, E)``, ``h (N, K)`` and ``γ (N, K)`` of a whole view, the mixture fitted to
    all of it (evaluation mode)."""
    ae.eval()
    net.eval()
    z, _ = ae(data)
    h = net(z)
    points = h if cfg.mixture_on == "assignment" else z
    gamma = gmm_posterior(points, gmm_statistics(points, h, cfg.var_floor))
    ae.train()
    net.train()
    return z, h, gamma


def train_deepcc(data: CoClusteringData, cfg: DeepCCRunSettings, *, seed: int, device=None,
                 n_clusters: int | None = None, detach_codes: bool = False) -> DeepCCResult:
    """Co-cluster ``data.X (N, D)`` into ``n_clusters`` row and ``n_clusters`` column clusters.

    ``data`` holds the *preprocessed* matrix (rows = instances), see ``preprocess_benchmark``;
    ``cfg`` is the run settings of that matrix (``DeepCCSettings.runs[data.name]``).
    ``n_clusters`` defaults to the number of row classes of ``data``. The ground-truth
    ``data.row_labels``, when present, are only used to log the row NMI per epoch (never for
    training). ``detach_codes=True`` cuts the coupling (the mixture and the cross loss no longer
    reach the encoders), the ablation of the chapter.
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
    keys = ("recon", "p_ae", "bound", "cov", "mi", "loss")

    def row_assignment() -> torch.Tensor:
        return _assign(ae_r, inf_r, rows, cfg)[2].argmax(1)

    start_labels = row_assignment()  # argmax γ before any joint step (the start, read as DeepCC reads)
    sizes = [torch.bincount(start_labels, minlength=n_clusters)]
    for epoch in DivergenceGuard().watch(progress(range(cfg.epochs), desc="DeepCC joint")):
        sums = dict.fromkeys(keys, 0.0)
        row_batches = _batches(len(rows), cfg.batch_rows, generator)
        for idx_r in row_batches:
            idx_c = torch.randperm(len(cols), generator=generator)[:cfg.batch_cols]
            terms = deepcc_joint_loss((ae_r, ae_c), (inf_r, inf_c), rows[idx_r], cols[idx_c], cfg,
                                      detach_codes=detach_codes)
            loss = check_finite(terms["loss"], "DeepCC loss", epoch)
            opt.zero_grad()
            loss.backward()
            opt.step()
            for key in keys:
                # a float64 tensor (no sync): the same number as terms[key].item() / len(...)
                sums[key] = sums[key] + terms[key].detach().double() / len(row_batches)
        labels = row_assignment()
        sizes.append(torch.bincount(labels, minlength=n_clusters))
        scalars = dict(sums, row_size_entropy=deepcc_size_entropy(sizes[-1]))
        if data.row_labels is not None and (epoch % cfg.monitor_every == 0 or epoch == cfg.epochs - 1):
            scalars["row_nmi"] = nmi(data.row_labels, labels.cpu().numpy())
        history.log(epoch, **scalars)
    z_r, _, gamma_r = _assign(ae_r, inf_r, rows, cfg)
    _, _, gamma_c = _assign(ae_c, inf_c, cols, cfg)
    return DeepCCResult(row_labels=gamma_r.argmax(1).cpu().numpy(), col_labels=gamma_c.argmax(1).cpu().numpy(),
                        row_codes=z_r.cpu().numpy(), history=history,
                        init_row_labels=init_labels["rows"], init_col_labels=init_labels["cols"],
                        row_autoencoder=ae_r, col_autoencoder=ae_c, row_inference=inf_r,
                        col_inference=inf_c, row_gamma=gamma_r.cpu().numpy(),
                        col_gamma=gamma_c.cpu().numpy(),
                        row_cluster_sizes=torch.stack(sizes).cpu().numpy(),
                        start_row_labels=start_labels.cpu().numpy())
