r"""Training AMN and its baselines (Li et al., IJCAI 2017, Sec. 3).

Per step: a labelled source batch and an unlabelled target batch of the same size go once
through the parameter-shared memory network (MN-sen and MN-dom are one network), and

.. math::
    \mathcal L = \underbrace{\mathrm{CE}(\hat y^s, y^s)}_{\text{sentiment, source half}}
               + \underbrace{\mathrm{BCE}(\hat d, d)}_{\text{domain, source + target}}

gets one backward pass: the gradient reversal layer makes the memory network ascend the
domain term while the domain classifier descends it (the chapter's equation (joint)). :math:`\lambda_p = \lambda_{max}
(2/(1+e^{-\gamma p}) - 1)` ramps the reversal up over training progress :math:`p\in[0,1]`
(DANN's schedule, :func:`dalib_mini.schedules.grl_lambda_schedule`). One step is
:func:`amn_step`; :func:`train_amn` draws the batches, sets :math:`\lambda` and keeps the model.

The memory network without adversary (``adversarial=False``, the chapter's *source-only*
baseline) is the same network and loop with :math:`\lambda = 0`: the features still train on
the sentiment loss and the domain classifier still trains on them, as a *probe* of how
separable the domains are, but no domain gradient reaches the features.
:func:`train_dann_text` runs the same loop on :class:`.models.DANNTextNetwork`.
"""
from __future__ import annotations

import copy
from dataclasses import dataclass

import numpy as np
import torch
import torch.nn.functional as F

from ..adaptation import domain_accuracy, domain_classification_loss
from ..device import get_device, seed_everything
from ..metrics import accuracy
from ..schedules import grl_lambda_schedule, learning_rate_schedule
from ..training import DivergenceGuard, History, check_finite, progress
from ..validation import check_choice, check_nonnegative
from .data import ReviewTransferTask
from .models import AdversarialMemoryNetwork, DANNTextNetwork
from .settings import AMNSettings
from .word_vectors import ReviewWordVectors, amn_embedding_matrix

__all__ = ["AMNResult", "amn_step", "train_amn", "train_dann_text", "predict_sentiment",
           "attention_weights", "trim_to_longest"]


def trim_to_longest(ids: torch.Tensor, mask: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """Drop trailing columns that are padding in every row (exact: masked slots weigh 0)."""
    width = max(int(mask.sum(dim=1).max()), 1)
    return ids[:, :width], mask[:, :width]


def _batches(n: int, batch_size: int, rng: np.random.Generator):
    order = rng.permutation(n)
    for start in range(0, n - batch_size + 1, batch_size):
        yield order[start:start + batch_size]


def _host_lengths(mask: torch.Tensor) -> np.ndarray:
    """Tokens per review ``(N,)`` as a NumPy array, read once before training."""
    return mask.sum(dim=1).cpu().numpy()


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


def amn_step(model: AdversarialMemoryNetwork | DANNTextNetwork, optimizer: torch.optim.Optimizer,
             source: tuple[torch.Tensor, torch.Tensor], source_labels: torch.Tensor,
             target: tuple[torch.Tensor, torch.Tensor], lam: float, step: int = 0
             ) -> dict[str, torch.Tensor]:
    """One training step of the joint objective on a source batch and a target batch of the
    same size (works for :class:`.models.AdversarialMemoryNetwork` and
    :class:`.models.DANNTextNetwork`).

    ``source`` and ``target`` are ``(ids, mask)`` pairs of one width (:func:`train_amn` cuts
    the padding columns on the host first: reading the lengths here would make every step wait
    for the device); ``lam`` is the reversal coefficient (0: source-only, the domain head is a
    probe). Returns the step's detached ``sentiment_loss``, ``domain_loss`` and ``domain_acc``.
    """
    n = len(source_labels)
    ids, mask = torch.cat([source[0], target[0]]), torch.cat([source[1], target[1]])
    is_target = torch.cat([torch.zeros(n), torch.ones(len(target[0]))]).to(ids.device)
    model.grl.coeff = lam
    out = model(ids, mask)  # one pass of the shared network serves MN-sen and MN-dom
    sentiment_loss = F.cross_entropy(out["sentiment_logits"][:n], source_labels)
    domain_loss = domain_classification_loss(out["domain_logits"], is_target)
    loss = check_finite(sentiment_loss + domain_loss, "AMN loss", step)
    optimizer.zero_grad(set_to_none=True)
    loss.backward()
    optimizer.step()
    return {"sentiment_loss": sentiment_loss.detach(), "domain_loss": domain_loss.detach(),
            "domain_acc": domain_accuracy(out["domain_logits"], is_target)}


@dataclass
class AMNResult:
    """What :func:`train_amn` returns: the kept model (eval mode) and its history."""

    model: AdversarialMemoryNetwork
    history: History


def _initial_embeddings(task: ReviewTransferTask, cfg: AMNSettings, vectors, seed: int):
    if vectors is None:
        return None
    if not isinstance(vectors, ReviewWordVectors):
        raise TypeError(f"word_vectors must be a ReviewWordVectors or None, got "
                        f"{type(vectors).__name__}")
    return amn_embedding_matrix(task.vocab, vectors, cfg.embed_dim, seed=seed)[0]


def train_amn(task: ReviewTransferTask, cfg: AMNSettings, *, seed: int, device=None,
              adversarial: bool = True, word_vectors: ReviewWordVectors | None = None,
              desc: str | None = None) -> AMNResult:
    """Train AMN (``adversarial=True``) or the memory network without adversary on ``task``.

    ``word_vectors`` (from :func:`dalib_mini.amn.word_vectors.review_word2vec`)
    initialise the embeddings; ``None`` starts them at random. Network sizes and the schedule
    come from ``cfg`` (an :class:`AMNSettings`). ``cfg.select`` says which model is returned:
    ``"last"`` (the last step) or ``"source_val"`` (the end of the epoch with the best accuracy
    on the task's held-out labelled *source* reviews, first one on ties; needs
    ``task.val_ids``). Target labels are never used to select: they only log the held-out
    target accuracy per epoch, a curve for the reader. The history logs ``sentiment_loss``,
    ``domain_loss``, ``domain_acc``, ``lambda`` every ``cfg.log_every`` steps and
    ``target_acc`` (plus ``source_val_acc`` when the task has a validation part) per epoch,
    and ``selected_epoch``.
    """
    _check_schedule(task, cfg)
    seed_everything(seed)  # the model's initialisation and dropout draw from the global RNG
    model = AdversarialMemoryNetwork(len(task.vocab), cfg.embed_dim, cfg.hops,
                                     domain_hidden=cfg.domain_hidden, dropout=cfg.dropout,
                                     embeddings=_initial_embeddings(task, cfg, word_vectors, seed))
    name = "AMN" if adversarial else "MN (no adversary)"
    return _fit(model, task, cfg, seed=seed, device=device, adversarial=adversarial,
                desc=desc or f"{name} {task.source}->{task.target}")


def train_dann_text(task: ReviewTransferTask, cfg: AMNSettings, *, seed: int, device=None,
                    word_vectors: ReviewWordVectors | None = None, desc: str | None = None
                    ) -> AMNResult:
    """Train DANN on averaged word embeddings (:class:`.models.DANNTextNetwork`, hidden layer
    of ``cfg.dann_hidden`` units) with exactly the data, steps, schedule, optimiser and model
    selection of :func:`train_amn`."""
    _check_schedule(task, cfg)
    seed_everything(seed)
    model = DANNTextNetwork(len(task.vocab), cfg.embed_dim, cfg.dann_hidden,
                            domain_hidden=cfg.domain_hidden, dropout=cfg.dropout,
                            embeddings=_initial_embeddings(task, cfg, word_vectors, seed))
    return _fit(model, task, cfg, seed=seed, device=device, adversarial=True,
                desc=desc or f"DANN-text {task.source}->{task.target}")


def _check_schedule(task: ReviewTransferTask, cfg: AMNSettings) -> None:
    if cfg.epochs < 1 or cfg.batch_size < 2:
        raise ValueError(f"epochs must be >= 1 and batch_size >= 2, got {cfg.epochs}, "
                         f"{cfg.batch_size}")
    check_choice(cfg.lr_schedule, "lr_schedule", ("constant", "annealed"))
    check_nonnegative(cfg.embedding_lr_scale, "embedding_lr_scale")  # 0: frozen embeddings
    if cfg.select not in ("last", "source_val"):
        raise ValueError(f"select must be 'last' or 'source_val', got {cfg.select!r}")
    if cfg.select == "source_val" and len(task.val_ids) == 0:
        raise ValueError("select='source_val' needs a source validation split: build the task "
                         "with amazon_transfer_task(..., n_source_val=N), N > 0")


def _optimizer(model, cfg: AMNSettings) -> torch.optim.Adam:
    """Adam; the embedding matrix in its own group at ``lr * embedding_lr_scale``."""
    embedding = model.embedding.weight
    rest = [p for p in model.parameters() if p is not embedding]
    groups = [{"params": rest, "scale": 1.0},
              {"params": [embedding], "scale": cfg.embedding_lr_scale}]
    for group in groups:
        group["lr"] = cfg.lr * group["scale"]
    return torch.optim.Adam(groups, lr=cfg.lr, weight_decay=cfg.weight_decay)


def _fit(model, task: ReviewTransferTask, cfg: AMNSettings, *, seed: int, device,
         adversarial: bool, desc: str) -> AMNResult:
    epochs, batch_size = cfg.epochs, cfg.batch_size
    has_val = len(task.val_ids) > 0
    device = get_device(device)
    model = model.to(device)
    rng = np.random.default_rng(seed)  # the batches: the trainer's own generator, seeded per run
    optimizer = _optimizer(model, cfg)
    total = epochs * (len(task.source_ids) // batch_size)
    history, step = History(), 0
    bar = progress(range(total), desc=desc)
    best_val, best_state, selected = -1.0, None, epochs
    source_lengths, target_lengths = _host_lengths(task.source_mask), _host_lengths(task.target_mask)
    for epoch in DivergenceGuard().watch(range(epochs)):  # losses checked in batches, no per-step sync
        model.train()
        for src in _batches(len(task.source_ids), batch_size, rng):
            tgt = rng.choice(len(task.target_ids), batch_size, replace=False)
            progress_p = step / max(total - 1, 1)
            if cfg.lr_schedule == "annealed":
                for group in optimizer.param_groups:
                    group["lr"] = group["scale"] * learning_rate_schedule(progress_p, mu0=cfg.lr)
            lam = (cfg.lambda_max * grl_lambda_schedule(progress_p, cfg.gamma)
                   if adversarial else 0.0)
            # drop the columns that are padding in every review of the step (exact), on the host
            width = max(int(source_lengths[src].max()), int(target_lengths[tgt].max()), 1)
            src, tgt = torch.from_numpy(src), torch.from_numpy(tgt)
            logs = amn_step(model, optimizer,
                            (task.source_ids[src, :width].to(device),
                             task.source_mask[src, :width].to(device)),
                            task.source_labels[src].to(device),
                            (task.target_ids[tgt, :width].to(device),
                             task.target_mask[tgt, :width].to(device)),
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
