"""The Gaussian mixture of DeepCC and its Jensen lower bound (Xu et al., SDM 2019, Section 3).

An inference network gives ``Q(k | h_i)`` for every code ``h_i``. The mixture's parameters are
the Q-weighted statistics: ``π_k = N_k / N``, ``μ_k = Σ_i Q_ik h_i / N_k`` and a
diagonal ``Σ_k`` (Q-weighted variance plus a floor, so an empty or collapsed cluster stays
finite in float32). Jensen's inequality gives, for every i,

    log P(h_i) = log Σ_k Q(k|h_i) P(k, h_i) / Q(k|h_i)
               >= Σ_k Q(k|h_i) log P(k, h_i) + H(Q(·|h_i))
               =  log P(h_i) - KL(Q(·|h_i) || P(·|h_i)),

so maximising the bound both fits the mixture and pulls Q toward the posterior ``P(k | h_i)``.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import torch

from ..validation import (
    check_dtype_match,
    check_floating,
    check_nonempty,
    check_nonnegative,
    check_positive,
    check_probabilities,
    value_checks_enabled,
)

__all__ = ["GaussianMixtureStats", "gmm_statistics", "gmm_log_joint", "gmm_log_likelihood",
           "gmm_posterior", "jensen_lower_bound", "covariance_penalty"]


@dataclass
class GaussianMixtureStats:
    """Mixture parameters: ``log_pi (K,)``, ``mean (K, E)``, ``var (K, E)`` (diagonal)."""

    log_pi: torch.Tensor
    mean: torch.Tensor
    var: torch.Tensor


def _check_codes_and_q(codes: torch.Tensor, q: torch.Tensor) -> None:
    if codes.ndim != 2 or q.ndim != 2 or codes.shape[0] != q.shape[0]:
        raise ValueError(f"codes must be (N, E) and q (N, K) with the same N, got "
                         f"{tuple(codes.shape)} and {tuple(q.shape)}")
    check_floating(codes, "codes")
    check_nonempty(codes, "codes")
    check_probabilities(q, "q")
    check_dtype_match(q, codes, ("q", "codes"))


def _check_codes_and_stats(codes: torch.Tensor, stats: GaussianMixtureStats) -> None:
    check_floating(codes, "codes")
    if codes.ndim != 2 or codes.shape[1] != stats.mean.shape[1]:
        raise ValueError(f"codes must be (N, E) with the mixture's E = {stats.mean.shape[1]}, "
                         f"got {tuple(codes.shape)}")
    check_dtype_match(codes, stats.mean, ("codes", "stats.mean"))


def gmm_statistics(codes: torch.Tensor, q: torch.Tensor, var_floor: float = 1e-3,
                   eps: float = 1e-6) -> GaussianMixtureStats:
    """Q-weighted mixture statistics of ``codes (N, E)`` under assignments ``q (N, K)``.

    ``eps`` keeps an empty cluster's mass positive (its mean falls back to ~0 and its
    variance to ``var_floor``); ``var_floor`` bounds every variance from below.
    """
    check_positive(var_floor, "var_floor")
    check_nonnegative(eps, "eps")
    _check_codes_and_q(codes, q)
    mass = q.sum(0) + eps                                      # N_k, (K,)
    log_pi = torch.log(mass) - torch.log(mass.sum())
    mean = (q.T @ codes) / mass[:, None]                       # (K, E)
    second = (q.T @ codes.pow(2)) / mass[:, None]
    var = (second - mean.pow(2)).clamp_min(0.0) + var_floor    # E[h^2]-E[h]^2 can dip below 0
    return GaussianMixtureStats(log_pi, mean, var)


def gmm_log_joint(codes: torch.Tensor, stats: GaussianMixtureStats) -> torch.Tensor:
    """``log P(k, h_i) = log π_k + log N(h_i | μ_k, diag Σ_k)``, shape ``(N, K)``."""
    _check_codes_and_stats(codes, stats)
    diff = codes[:, None, :] - stats.mean[None]                # (N, K, E)
    log_norm = -0.5 * (math.log(2 * math.pi) + torch.log(stats.var)[None]
                       + diff.pow(2) / stats.var[None]).sum(-1)
    return stats.log_pi[None] + log_norm


def gmm_log_likelihood(codes: torch.Tensor, stats: GaussianMixtureStats) -> torch.Tensor:
    """``log P(h_i) = logsumexp_k log P(k, h_i)``, shape ``(N,)``."""
    return torch.logsumexp(gmm_log_joint(codes, stats), dim=1)


def gmm_posterior(codes: torch.Tensor, stats: GaussianMixtureStats) -> torch.Tensor:
    """The mixture's posterior ``γ_ik = P(k | h_i)``, shape ``(N, K)``."""
    return torch.softmax(gmm_log_joint(codes, stats), dim=1)


def jensen_lower_bound(codes: torch.Tensor, q: torch.Tensor,
                       stats: GaussianMixtureStats) -> torch.Tensor:
    """Per-instance bound ``E_Q[log P(k, h_i)] + H(Q(·|h_i))``, shape ``(N,)``.

    Never above ``log P(h_i)``; equal to it when ``q`` is the posterior; the gap is
    ``KL(Q || P(·|h_i))``.
    """
    _check_codes_and_q(codes, q)
    if q.shape[1] != stats.log_pi.shape[0]:
        raise ValueError(f"q must have one column per mixture component ({stats.log_pi.shape[0]}), "
                         f"got {tuple(q.shape)}")
    log_joint = gmm_log_joint(codes, stats)
    entropy = -torch.special.xlogy(q, q).sum(1)
    return (q * log_joint).sum(1) + entropy


def covariance_penalty(stats: GaussianMixtureStats) -> torch.Tensor:
    """``P_inf(Σ) = mean_{k,e} 1 / Σ_k[e, e]``, a scalar (DAGMM's singularity penalty, which
    DeepCC adds to its objective; the authors' code sums instead of averaging).

    Why it is needed: ``-log N(z | μ, Σ)`` contains ``+½ log det Σ``, so a bound whose gradient
    reaches the encoder can grow without limit by shrinking every code toward its cluster mean
    (``Σ -> 0``). ``1/Σ`` grows faster than ``-log Σ`` falls, which stops that collapse.
    """
    check_floating(stats.var, "stats.var")
    if value_checks_enabled() and (stats.var.detach() <= 0).any():
        raise ValueError("stats.var must be positive")
    return stats.var.reciprocal().mean()
