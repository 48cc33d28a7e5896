r"""How domain-invariant a trained network's review representation is: a *fresh* domain probe.

During adversarial training the domain classifier's accuracy on the training batches says
how well *that* classifier does against features that are trained to fool it. Near 50% can
mean the features no longer reveal the domain, or only that they moved where this
classifier does not look (a linear classifier is fooled by moving the features off one
direction). A fresh classifier, trained after the fact on the frozen representations
:math:`v` of held-out source and target reviews and scored by cross-validation, tells the two
apart: its accuracy is near 0.5 only if the representation hides the domain from every
classifier of its kind. (The proxy A-distance of Ben-David et al. 2007 is
:math:`2(1 - 2\,\mathrm{err})` of such a probe.)
"""
from __future__ import annotations

import numpy as np
import torch
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold, cross_val_score

from ..validation import check_feature_sets
from .training import trim_to_longest

__all__ = ["amn_representations", "amn_domain_probe_accuracy"]


@torch.no_grad()
def amn_representations(model: torch.nn.Module, ids: torch.Tensor, mask: torch.Tensor,
                        batch_size: int = 500) -> np.ndarray:
    """The review representations ``(N, D)`` (``model(ids, mask)["representation"]``, eval
    mode, no gradients) of :class:`.models.AdversarialMemoryNetwork` or
    :class:`.models.DANNTextNetwork`; ``ids``, ``mask`` ``(N, L)``."""
    if ids.shape != mask.shape or ids.dim() != 2 or len(ids) == 0:
        raise ValueError(f"ids and mask must both be (N, L) with N >= 1, got {tuple(ids.shape)} "
                         f"and {tuple(mask.shape)}")
    model.eval()
    device = next(model.parameters()).device
    out = []
    for start in range(0, len(ids), batch_size):
        i, m = trim_to_longest(ids[start:start + batch_size], mask[start:start + batch_size])
        out.append(model(i.to(device), m.to(device))["representation"].cpu())
    return torch.cat(out).numpy()


def amn_domain_probe_accuracy(source_features, target_features, *, folds: int = 3,
                              seed: int = 0) -> float:
    """Cross-validated accuracy of a fresh logistic regression telling source from target.

    Args:
        source_features: ``(N_s, D)`` representations of source reviews.
        target_features: ``(N_t, D)`` representations of target reviews.
        folds: stratified folds (each fold is held out once).
        seed: shuffles the folds.
    Returns:
        mean held-out accuracy in [0, 1]; about 0.5 when the two sets cannot be told apart
        (with equal sizes), 1 when they are linearly separable.
    """
    xs, xt = check_feature_sets(source_features, target_features,
                                ("source_features", "target_features"), min_rows=folds,
                                why=f"(one per fold, folds = {folds})")
    if folds < 2:
        raise ValueError(f"folds must be >= 2, got {folds}")
    x = np.concatenate([xs, xt])
    d = np.r_[np.zeros(len(xs)), np.ones(len(xt))]
    splits = StratifiedKFold(folds, shuffle=True, random_state=seed)
    return float(cross_val_score(LogisticRegression(max_iter=2000), x, d, cv=splits).mean())
