r"""The two schedules of adversarial adaptation (Ganin & Lempitsky, ICML 2015, Section 4 /
JMLR 2016, Section 5.2), both functions of the training progress :math:`p \in [0, 1]`
(step / steps). DANN introduced them; AMN and SRDC train with the same ones:

* adaptation factor :math:`\lambda_p = \frac{2}{1 + \exp(-\gamma p)} - 1`, :math:`\gamma = 10`:
  0 at the start (the domain classifier's early, noisy signal cannot disturb the features),
  close to 1 after a third of training;
* learning rate :math:`\mu_p = \frac{\mu_0}{(1 + \alpha p)^\beta}`, :math:`\mu_0 = 0.01`,
  :math:`\alpha = 10`, :math:`\beta = 0.75`.
"""
from __future__ import annotations

import numpy as np

__all__ = ["grl_lambda_schedule", "learning_rate_schedule"]


def _check_progress(p):
    values = np.asarray(p, dtype=float)
    if not np.all(np.isfinite(values)) or values.min(initial=0.0) < 0 or values.max(initial=0.0) > 1:
        raise ValueError(f"p (training progress) must lie in [0, 1], got {p!r}")
    return values


def grl_lambda_schedule(p, gamma: float = 10.0):
    r""":math:`\lambda_p = 2 / (1 + e^{-\gamma p}) - 1`, rising from 0 (p = 0) towards 1.

    Args:
        p: training progress in [0, 1], a float or an array (for plotting).
        gamma: steepness (the paper uses 10; :math:`\lambda_1 = \tanh(\gamma / 2)`).

    Returns:
        A float for a scalar ``p``, else a numpy array of ``p``'s shape.
    """
    if gamma <= 0:
        raise ValueError(f"gamma must be > 0, got {gamma}")
    values = 2.0 / (1.0 + np.exp(-gamma * _check_progress(p))) - 1.0
    return float(values) if np.ndim(p) == 0 else values


def learning_rate_schedule(p, mu0: float = 0.01, alpha: float = 10.0, beta: float = 0.75):
    r""":math:`\mu_p = \mu_0 / (1 + \alpha p)^\beta`, decreasing from :math:`\mu_0`.

    Args:
        p: training progress in [0, 1], a float or an array.
        mu0, alpha, beta: the paper's 0.01, 10 and 0.75 by default.

    Returns:
        A float for a scalar ``p``, else a numpy array of ``p``'s shape.
    """
    if mu0 <= 0 or alpha < 0 or beta < 0:
        raise ValueError(f"need mu0 > 0, alpha >= 0, beta >= 0; got {mu0}, {alpha}, {beta}")
    values = mu0 / (1.0 + alpha * _check_progress(p)) ** beta
    return float(values) if np.ndim(p) == 0 else values

