r"""Choosing AMN's settings without target labels: reverse validation on review tasks.

Unsupervised adaptation has no labelled target reviews, so a setting judged on held-out target
accuracy is tuned on the test set. The chapter scores its candidate settings with **reverse
validation** (Ganin et al., JMLR 2016, Sec. 5.1.2, after Zhong et al. 2010; the image version is
:func:`dalib_mini.dann.reverse_validation`):

1. train the forward model :math:`\eta` on the labelled source reviews :math:`S'` and the
   unlabelled target reviews :math:`T` (the task's ``source_*`` and ``target_*`` parts);
2. label :math:`T` with :math:`\eta`;
3. train a *reverse* model :math:`\eta_r` with the same settings on the self-labelled :math:`T`
   as its source and :math:`S'` (labels dropped) as its target;
4. the score is :math:`\eta_r`'s accuracy on the held-out labelled source reviews :math:`S_V`
   (the task's ``val_*`` part), which neither run trained on.

A setting whose pseudo-labels carry the sentiment across the two domains scores high. The
reverse run returns its last step's model (``select="last"``): it has no labelled validation
reviews of its own source. :func:`amn_reverse_validation` never reads a target label: it
replaces them by ``-1`` before anything trains, so a code path that used them would fail.
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import torch

from ..metrics import accuracy
from .data import ReviewTransferTask
from .settings import AMNSettings
from .training import AMNResult, predict_sentiment, train_amn, train_dann_text
from .word_vectors import ReviewWordVectors

__all__ = ["AMNReverseValidation", "amn_reverse_validation"]


@dataclass
class AMNReverseValidation:
    """What :func:`amn_reverse_validation` returns (accuracies in [0, 1]).

    ``reverse_acc``: the reverse model's accuracy on :math:`S_V` (the selection score);
    ``source_val_acc``: the forward model's accuracy on :math:`S_V` (source validation);
    ``forward``: the forward model's :class:`.training.AMNResult`; it trained with the target
    labels blanked, so its logged per-epoch ``target_acc`` is 0 by construction (evaluate the
    model on the real labels to *report* its accuracy; never to choose).
    """

    reverse_acc: float
    source_val_acc: float
    forward: AMNResult


def _train(method: str, task, cfg, seed, device, word_vectors) -> AMNResult:
    if method == "dann_text":
        return train_dann_text(task, cfg, seed=seed, device=device, word_vectors=word_vectors,
                               desc=f"{method} {task.source}->{task.target}")
    return train_amn(task, cfg, seed=seed, device=device, adversarial=method == "amn",
                     word_vectors=word_vectors, desc=f"{method} {task.source}->{task.target}")


def amn_reverse_validation(task: ReviewTransferTask, cfg: AMNSettings, *, seed: int,
                           method: str = "amn", device=None,
                           word_vectors: ReviewWordVectors | None = None) -> AMNReverseValidation:
    """Reverse validation of ``cfg`` for one method on ``task`` (see the module docstring).

    Args:
        task: needs a source validation part (``n_source_val > 0``); its target labels
            (``test_labels``) are not used.
        cfg: the settings to score; the forward run uses them unchanged, the reverse run with
            ``select="last"``.
        seed: seeds both runs.
        method: ``"amn"``, ``"source_only"`` (the memory network without adversary) or
            ``"dann_text"``.
        device, word_vectors: as for :func:`.training.train_amn`.
    """
    if method not in ("amn", "source_only", "dann_text"):
        raise ValueError(f"method must be 'amn', 'source_only' or 'dann_text', got {method!r}")
    if len(task.val_ids) == 0:
        raise ValueError("reverse validation needs a source validation split: build the task "
                         "with n_source_val > 0")
    blind = dataclasses.replace(task, test_labels=torch.full_like(task.test_labels, -1))
    forward = _train(method, blind, cfg, seed, device, word_vectors)
    pseudo = predict_sentiment(forward.model, task.target_ids, task.target_mask)
    reverse_task = dataclasses.replace(
        task, source=task.target, target=task.source,
        source_ids=task.target_ids, source_mask=task.target_mask, source_labels=pseudo,
        target_ids=task.source_ids, target_mask=task.source_mask,
        # the reverse run's per-epoch log evaluates on S_V; the score is read after training
        test_ids=task.val_ids, test_mask=task.val_mask, test_labels=task.val_labels,
        val_ids=task.val_ids[:0], val_mask=task.val_mask[:0], val_labels=task.val_labels[:0])
    reverse = _train(method, reverse_task, dataclasses.replace(cfg, select="last"), seed,
                     device, word_vectors)
    val = (task.val_ids, task.val_mask)
    return AMNReverseValidation(
        reverse_acc=accuracy(predict_sentiment(reverse.model, *val), task.val_labels),
        source_val_acc=accuracy(predict_sentiment(forward.model, *val), task.val_labels),
        forward=forward)
