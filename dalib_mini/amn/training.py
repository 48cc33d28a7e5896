r"""Training AMN and its source-only baseline (Li et al., IJCAI 2017, Sec. 3.4).

Per step: a labelled source batch and an unlabelled target batch of the same size.

.. math::
    \mathcal L = \underbrace{\mathrm{CE}(\hat y^s, y^s)}_{\text{sentiment, eq. 5}}
               + \underbrace{\mathrm{CE}(\hat d, d)}_{\text{domain, eq. 7, source+target}}

and one backward pass: the gradient reversal layer makes the encoder ascend the domain term
while the domain classifier descends it (eq. 8). :math:`\lambda_p = \lambda_{max}
(2/(1+e^{-\gamma p}) - 1)` ramps the reversal up over training progress :math:`p\in[0,1]`
(DANN's schedule, :func:`dalib_mini.schedules.grl_lambda_schedule`). One step is
:func:`amn_step`; :func:`train_amn` draws the batches, sets :math:`\lambda` and keeps the model.

Source-only (``adversarial=False``) is the same network and loop with :math:`\lambda = 0`:
the domain classifier still trains on the frozen features, as a *probe* of how separable the
domains are, but no domain gradient reaches the encoder.
"""
from __future__ import annotations

import copy
from dataclasses import dataclass

import numpy as np
import torch
import torch.nn.functional as F

from ..device import get_device, seed_everything
from ..metrics import accuracy
from ..schedules import grl_lambda_schedule
from ..training import DivergenceGuard, History, check_finite, progress
from .data import ReviewTransferTask
from .models import AdversarialMemoryNetwork
from .settings import AMNSettings

__all__ = ["AMNResult", "amn_step", "train_amn", "predict_sentiment", "attention_weights",
           "trim_to_longest"]


def trim_to_longest(ids: torch.Tensor, mask: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """Drop trailing columns that are padding in every row (exact: masked slots weigh 0)."""
    width = max(int(mask.sum(dim=1).max()), 1)
    return ids[:, :width], mask[:, :width]


def _batches(n: int, batch_size: int, rng: np.random.Generator):
    order = rng.permutation(n)
    for start in range(0, n - batch_size + 1, batch_size):
        yield torch.as_tensor(order[start:start + batch_size])


@torch.no_grad()
def _forward_all(model, ids, mask, batch_size=500):
    model.eval()
    device = next(model.parameters()).device
    outs = []
    for start in range(0, len(ids), batch_size):
        i, m = trim_to_longest(ids[start:start + batch_size], mask[start:start + batch_size])
        outs.append({k: v.cpu() for k, v in model(i.to(device), m.to(device)).items()
                     if k in ("sentiment_logits", "domain_logits")})
    return {k: torch.cat([o[k] for o in outs]) for k in outs[0]}


def predict_sentiment(model: AdversarialMemoryNetwork, ids: torch.Tensor, mask: torch.Tensor
                      ) -> torch.Tensor:
    """Predicted classes ``(N,)`` (eval mode, no gradients)."""
    return _forward_all(model, ids, mask)["sentiment_logits"].argmax(dim=1)


@torch.no_grad()
def attention_weights(model: AdversarialMemoryNetwork, ids: torch.Tensor, mask: torch.Tensor,
                      hop: int = -1) -> torch.Tensor:
    """Attention ``(N, L)`` of one hop (default: the last), zeros on padding."""
    model.eval()
    device = next(model.parameters()).device
    _, weights = model.encode(ids.to(device), mask.to(device))
    return weights[:, hop].cpu()


def amn_step(model: AdversarialMemoryNetwork, optimizer: torch.optim.Optimizer,
             source: tuple[torch.Tensor, torch.Tensor], source_labels: torch.Tensor,
             target: tuple[torch.Tensor, torch.Tensor], lam: float, step: int = 0
             ) -> dict[str, torch.Tensor]:
    """One training step of eq. (8) on a source batch and a target batch of the same size.

    ``source`` and ``target`` are ``(ids, mask)`` pairs; ``lam`` is the reversal coefficient
    (0: source-only, the domain head is a probe). Returns the step's detached
    ``sentiment_loss``, ``domain_loss`` and ``domain_acc``.
    """
    n = len(source_labels)
    ids, mask = trim_to_longest(torch.cat([source[0], target[0]]),
                                torch.cat([source[1], target[1]]))
    domains = torch.cat([torch.zeros(n), torch.ones(len(target[0]))]).long().to(ids.device)
    model.grl.coeff = lam
    out = model(ids, mask)
    sentiment_loss = F.cross_entropy(out["sentiment_logits"][:n], source_labels)  # eq. (5)
    domain_loss = F.cross_entropy(out["domain_logits"], domains)                   # eq. (7)
    loss = check_finite(sentiment_loss + domain_loss, "AMN loss", step)            # eq. (8)
    optimizer.zero_grad(set_to_none=True)
    loss.backward()
    optimizer.step()
    domain_acc = (out["domain_logits"].argmax(1) == domains).float().mean()
    return {"sentiment_loss": sentiment_loss.detach(), "domain_loss": domain_loss.detach(),
            "domain_acc": domain_acc}


@dataclass
class AMNResult:
    """What :func:`train_amn` returns: the kept model (eval mode) and its history."""

    model: AdversarialMemoryNetwork
    history: History


def train_amn(task: ReviewTransferTask, cfg: AMNSettings, *, seed: int, device=None,
              adversarial: bool = True, desc: str | None = None) -> AMNResult:
    """Train AMN (``adversarial=True``) or the source-only baseline on ``task``.

    Network sizes and the schedule come from ``cfg`` (an :class:`AMNSettings`).
    ``cfg.select`` says which model is returned: ``"last"`` (the last step) or
    ``"source_val"`` (the end of the epoch with the best accuracy on the task's held-out
    labelled *source* reviews, first one on ties; needs ``task.val_ids``). Target labels are
    never used to select: they only log the held-out target accuracy per epoch, a curve for
    the reader. The history logs ``sentiment_loss``, ``domain_loss``, ``domain_acc``,
    ``lambda`` every ``cfg.log_every`` steps and ``target_acc`` (plus ``source_val_acc`` when
    the task has a validation part) per epoch, and ``selected_epoch``.
    """
    epochs, batch_size = cfg.epochs, cfg.batch_size
    if epochs < 1 or batch_size < 2:
        raise ValueError(f"epochs must be >= 1 and batch_size >= 2, got {epochs}, {batch_size}")
    if cfg.select not in ("last", "source_val"):
        raise ValueError(f"select must be 'last' or 'source_val', got {cfg.select!r}")
    has_val = len(task.val_ids) > 0
    if cfg.select == "source_val" and not has_val:
        raise ValueError("select='source_val' needs a source validation split: build the task "
                         "with amazon_transfer_task(..., n_source_val=N), N > 0")
    device = get_device(device)
    seed_everything(seed)  # the model's initialisation and dropout draw from the global RNG
    rng = np.random.default_rng(seed)  # the batches: the trainer's own generator
    model = AdversarialMemoryNetwork(len(task.vocab), cfg.embed_dim, cfg.hops,
                                     domain_hidden=cfg.domain_hidden, dropout=cfg.dropout
                                     ).to(device)
    optimizer = torch.optim.Adam(model.parameters(), lr=cfg.lr, weight_decay=cfg.weight_decay)
    total = epochs * (len(task.source_ids) // batch_size)
    history, step = History(), 0
    bar = progress(range(total), desc=desc or f"{'AMN' if adversarial else 'source-only'} "
                   f"{task.source}->{task.target}")
    best_val, best_state, selected = -1.0, None, epochs
    for epoch in DivergenceGuard().watch(range(epochs)):  # losses checked in batches, no per-step sync
        model.train()
        for src in _batches(len(task.source_ids), batch_size, rng):
            tgt = torch.as_tensor(rng.choice(len(task.target_ids), batch_size, replace=False))
            lam = (cfg.lambda_max * grl_lambda_schedule(step / max(total - 1, 1), cfg.gamma)
                   if adversarial else 0.0)
            logs = amn_step(model, optimizer,
                            (task.source_ids[src].to(device), task.source_mask[src].to(device)),
                            task.source_labels[src].to(device),
                            (task.target_ids[tgt].to(device), task.target_mask[tgt].to(device)),
                            lam, step)
            if step % cfg.log_every == 0:
                history.log(step, **logs, **{"lambda": lam})
            step += 1
            bar.update(1)
        accs = {"target_acc": accuracy(predict_sentiment(model, task.test_ids, task.test_mask),
                                       task.test_labels)}
        if has_val:
            accs["source_val_acc"] = accuracy(predict_sentiment(model, task.val_ids, task.val_mask),
                                              task.val_labels)
            if cfg.select == "source_val" and accs["source_val_acc"] > best_val:
                best_val, selected = accs["source_val_acc"], epoch + 1
                best_state = copy.deepcopy(model.state_dict())
        history.log(step - 1, epoch=epoch + 1, **accs)
    bar.close()
    if best_state is not None:
        model.load_state_dict(best_state)
    history.log(step - 1, selected_epoch=selected)
    model.eval()
    return AMNResult(model, history)
