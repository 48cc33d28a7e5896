r"""Training AMN and its source-only baseline (Li et al., IJCAI 2017, Sec. 3.4).

Per step: a labelled source batch and an unlabelled target batch of the same size.

.. math::
    \mathcal L = \underbrace{\mathrm{CE}(\hat y^s, y^s)}_{\text{sentiment, eq. 5}}
               + \underbrace{\mathrm{CE}(\hat d, d)}_{\text{domain, eq. 7, source+target}}

and one backward pass: the gradient reversal layer makes the encoder ascend the domain term
while the domain classifier descends it (eq. 8). :math:`\lambda_p = \lambda_{max}
(2/(1+e^{-\gamma p}) - 1)` ramps the reversal up over training progress :math:`p\in[0,1]`
(DANN's schedule).

Source-only (``adversarial=False``) is the same network and loop with :math:`\lambda = 0`:
the domain classifier still trains on the frozen features, as a *probe* of how separable the
domains are, but no domain gradient reaches the encoder.
"""
from __future__ import annotations

import copy
import math

import numpy as np
import torch
import torch.nn.functional as F

from ..device import get_device
from ..metrics import accuracy
from ..training import History, check_finite, progress
from .data import ReviewTransferTask
from .model import AdversarialMemoryNetwork

__all__ = ["grl_lambda", "train_amn", "predict_sentiment", "attention_weights", "trim_to_longest"]


def grl_lambda(progress_fraction: float, gamma: float = 10.0, lambda_max: float = 1.0) -> float:
    """DANN's schedule :math:`\\lambda_p = \\lambda_{max}(2/(1+\\exp(-\\gamma p)) - 1)`, p in [0, 1]."""
    if not 0.0 <= progress_fraction <= 1.0:
        raise ValueError(f"progress_fraction must be in [0, 1], got {progress_fraction}")
    return lambda_max * (2.0 / (1.0 + math.exp(-gamma * progress_fraction)) - 1.0)


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


def train_amn(task: ReviewTransferTask, *, adversarial: bool = True, epochs: int = 4,
              batch_size: int = 64, lr: float = 2e-3, weight_decay: float = 0.0,
              embed_dim: int = 64, hops: int = 1, domain_hidden: int = 64, dropout: float = 0.5,
              gamma: float = 10.0, lambda_max: float = 1.0, select: str = "last", device=None,
              seed: int = 0, log_every: int = 10, desc: str | None = None
              ) -> tuple[AdversarialMemoryNetwork, History]:
    """Train AMN (``adversarial=True``) or the source-only baseline on ``task``.

    ``select`` says which model is returned: ``"last"`` (the last step) or ``"source_val"``
    (the end of the epoch with the best accuracy on the task's held-out labelled *source*
    reviews, first one on ties; needs ``task.val_ids``). Target labels are never used to
    select: they only log the held-out target accuracy per epoch, a curve for the reader.
    Returns ``(model, history)``; history logs ``sentiment_loss``, ``domain_loss``,
    ``domain_acc``, ``lambda`` every ``log_every`` steps and ``target_acc`` (plus
    ``source_val_acc`` when the task has a validation part) per epoch, and ``selected_epoch``.
    """
    if epochs < 1 or batch_size < 2:
        raise ValueError(f"epochs must be >= 1 and batch_size >= 2, got {epochs}, {batch_size}")
    if select not in ("last", "source_val"):
        raise ValueError(f"select must be 'last' or 'source_val', got {select!r}")
    has_val = len(task.val_ids) > 0
    if select == "source_val" and not has_val:
        raise ValueError("select='source_val' needs a source validation split: build the task "
                         "with amazon_transfer_task(..., n_source_val=N), N > 0")
    device = get_device(device) if not isinstance(device, torch.device) else device
    torch.manual_seed(seed)
    rng = np.random.default_rng(seed)
    model = AdversarialMemoryNetwork(len(task.vocab), embed_dim, hops, domain_hidden=domain_hidden,
                                     dropout=dropout).to(device)
    optimizer = torch.optim.Adam(model.parameters(), lr=lr, weight_decay=weight_decay)
    steps_per_epoch = len(task.source_ids) // batch_size
    total = epochs * steps_per_epoch
    history, step = History(), 0
    bar = progress(range(total), desc=desc or f"{'AMN' if adversarial else 'source-only'} "
                   f"{task.source}->{task.target}")
    domain_labels = torch.cat([torch.zeros(batch_size), torch.ones(batch_size)]).long().to(device)
    best_val, best_state, selected = -1.0, None, epochs
    for epoch in range(epochs):
        model.train()
        for src in _batches(len(task.source_ids), batch_size, rng):
            tgt = torch.as_tensor(rng.choice(len(task.target_ids), batch_size, replace=False))
            ids, mask = trim_to_longest(torch.cat([task.source_ids[src], task.target_ids[tgt]]),
                                        torch.cat([task.source_mask[src], task.target_mask[tgt]]))
            lam = grl_lambda(step / max(total - 1, 1), gamma, lambda_max) if adversarial else 0.0
            model.grl.coeff = lam
            out = model(ids.to(device), mask.to(device))
            sentiment_loss = F.cross_entropy(out["sentiment_logits"][:batch_size],
                                             task.source_labels[src].to(device))
            domain_loss = F.cross_entropy(out["domain_logits"], domain_labels)
            loss = check_finite(sentiment_loss + domain_loss, "AMN loss", step)
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            optimizer.step()
            if step % log_every == 0:
                domain_acc = (out["domain_logits"].argmax(1) == domain_labels).float().mean()
                history.log(step, sentiment_loss=sentiment_loss, domain_loss=domain_loss,
                            domain_acc=domain_acc, **{"lambda": lam})
            step += 1
            bar.update(1)
        accs = {"target_acc": accuracy(predict_sentiment(model, task.test_ids, task.test_mask),
                                       task.test_labels)}
        if has_val:
            accs["source_val_acc"] = accuracy(predict_sentiment(model, task.val_ids, task.val_mask),
                                              task.val_labels)
            if select == "source_val" and accs["source_val_acc"] > best_val:
                best_val, selected = accs["source_val_acc"], epoch + 1
                best_state = copy.deepcopy(model.state_dict())
        history.log(step - 1, epoch=epoch + 1, **accs)
    bar.close()
    if best_state is not None:
        model.load_state_dict(best_state)
    history.log(step - 1, selected_epoch=selected)
    model.eval()
    return model, history
