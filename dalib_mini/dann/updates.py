r"""Updates (4)-(6) of Ganin & Lempitsky (ICML 2015) written out by hand, and the same SGD
step taken by autograd on the pseudo-objective (9) through the gradient reversal layer.

The saddle point of :math:`E(\theta_f,\theta_y,\theta_d) = \sum_{i\in S} L_y^i - \lambda
\sum_i L_d^i` (eq. (1)) is sought by

.. math::
    \theta_f &\leftarrow \theta_f - \mu\Big(\frac{\partial L_y^i}{\partial \theta_f}
               - \lambda \frac{\partial L_d^i}{\partial \theta_f}\Big) \quad (4)\\
    \theta_y &\leftarrow \theta_y - \mu \frac{\partial L_y^i}{\partial \theta_y} \quad (5)\\
    \theta_d &\leftarrow \theta_d - \mu \frac{\partial L_d^i}{\partial \theta_d} \quad (6)

Ordinary SGD on :math:`\tilde E = \sum_{i\in S} L_y^i + \sum_i L_d(G_d(R_\lambda(G_f(x_i))))`
(eq. (9)) produces exactly these updates, because :math:`R_\lambda` multiplies by
:math:`-\lambda` only the gradient that flows from :math:`L_d` into :math:`\theta_f`.
The two functions below let the notebook and the tests check that on a tiny model.
"""
from __future__ import annotations

import copy

import torch
import torch.nn.functional as F

from ..adaptation import domain_classification_loss

__all__ = ["hand_written_dann_step", "pseudo_objective_sgd_step"]


def _domain_labels(n_source: int, n_target: int, like: torch.Tensor) -> torch.Tensor:
    return torch.cat([torch.zeros(n_source), torch.ones(n_target)]).to(like)


def hand_written_dann_step(model, source_x: torch.Tensor, source_y: torch.Tensor,
                           target_x: torch.Tensor, lam: float, lr: float) -> dict[str, torch.Tensor]:
    r"""Updates (4)-(6) with gradients taken separately for :math:`L_y` and :math:`L_d`.

    ``model`` is a :class:`~dalib_mini.dann.models.DANNNet` (its reversal layer is bypassed:
    the sign is put in by hand). ``source_x (n, C, H, W)``, ``source_y (n,)``,
    ``target_x (m, C, H, W)``. Losses are means, as in :func:`train_dann`.

    Returns:
        ``{parameter name: updated tensor}``; ``model`` itself is left unchanged.
    """
    features = model.features(torch.cat([source_x, target_x]))
    label_loss = F.cross_entropy(model.label_predictor(features[:len(source_x)]), source_y)
    domain_loss = domain_classification_loss(model.domain_classifier(features),
                                             _domain_labels(len(source_x), len(target_x), features))
    named = dict(model.named_parameters())
    params = list(named.values())
    grad_y = torch.autograd.grad(label_loss, params, allow_unused=True, retain_graph=True)
    grad_d = torch.autograd.grad(domain_loss, params, allow_unused=True)
    updated = {}
    for (name, theta), gy, gd in zip(named.items(), grad_y, grad_d):
        gy = torch.zeros_like(theta) if gy is None else gy
        gd = torch.zeros_like(theta) if gd is None else gd
        if name.startswith("features."):
            step = gy - lam * gd            # (4): descend L_y, ascend lambda * L_d
        elif name.startswith("label_predictor."):
            step = gy                       # (5)
        elif name.startswith("domain_classifier."):
            step = gd                       # (6): the domain classifier descends L_d
        else:
            raise ValueError(f"parameter {name!r} belongs to no part of the DANN network")
        updated[name] = theta.detach() - lr * step
    return updated


def pseudo_objective_sgd_step(model, source_x: torch.Tensor, source_y: torch.Tensor,
                              target_x: torch.Tensor, lam: float, lr: float) -> dict[str, torch.Tensor]:
    r"""One plain SGD step on the pseudo-objective (9), :math:`L_y + L_d` with :math:`R_\lambda`
    between features and domain classifier, done by autograd on a copy of ``model``.

    Returns:
        ``{parameter name: updated tensor}``; ``model`` itself is left unchanged.
    """
    clone = copy.deepcopy(model)
    clone.grl.coeff = lam
    class_logits, domain_logits = clone(torch.cat([source_x, target_x]))
    loss = (F.cross_entropy(class_logits[:len(source_x)], source_y)
            + domain_classification_loss(domain_logits,
                                         _domain_labels(len(source_x), len(target_x), domain_logits)))
    optimizer = torch.optim.SGD(clone.parameters(), lr=lr)
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    return {name: p.detach().clone() for name, p in clone.named_parameters()}
