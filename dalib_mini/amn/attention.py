r"""Word attention over a memory of word embeddings, with hops (Li et al., IJCAI 2017, Sec. 3.2).

For a review with memory :math:`m_1..m_L \in \mathbb{R}^d` (its word embeddings) and a query
:math:`q \in \mathbb{R}^d` (learned, the paper's word-attention vector :math:`q_w`):

.. math::
    h_i = \tanh(W_s m_i + b_s), \qquad
    a_i = \frac{\exp(h_i^\top q)}{\sum_j \exp(h_j^\top q)}, \qquad
    v = \sum_i a_i m_i .

With ``hops > 1`` the output feeds the next hop's query, :math:`q^{(k+1)} = q^{(k)} + v^{(k)}`
(end-to-end memory networks), and the last :math:`v` is the review representation.
Padding slots get weight exactly 0, so a review's representation does not depend on how much
padding surrounds it.

Because :math:`h_i` depends on the word only, not on its position or review, a batch can be
attended *per distinct word*: :meth:`MemoryAttention.forward_distinct` computes :math:`h` once
for each of the :math:`U` distinct words of the batch and never builds the ``(N, L, d)`` memory;
it gives the same ``v`` and ``a`` as :meth:`MemoryAttention.forward` at a fraction of the cost
(the model uses it; the readable :meth:`~MemoryAttention.forward` is the reference).
"""
from __future__ import annotations

import torch
from torch import nn

from ..validation import check_floating, check_module_dtype

__all__ = ["masked_softmax", "MemoryAttention"]


def masked_softmax(scores: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
    """Softmax over the last axis restricted to ``mask``; masked entries are exactly 0.

    Args:
        scores: ``(..., L)`` float.
        mask: ``(..., L)`` bool, ``True`` where a word is.
    Returns:
        ``(..., L)`` weights summing to 1 over the kept entries; a row with no kept entry
        (an empty review) is all zeros instead of NaN.
    """
    if scores.shape != mask.shape:
        raise ValueError(f"scores {tuple(scores.shape)} and mask {tuple(mask.shape)} must match")
    if mask.dtype != torch.bool:
        raise ValueError(f"mask must be bool, got {mask.dtype}")
    check_floating(scores, "scores")
    filled = scores.masked_fill(~mask, float("-inf"))
    top = filled.amax(dim=-1, keepdim=True).clamp_min(torch.finfo(scores.dtype).min)
    exp = torch.exp(filled - top.detach()) * mask  # exp(-inf) = 0 already; * mask keeps it exact
    total = exp.sum(dim=-1, keepdim=True)
    return exp / total.clamp_min(torch.finfo(scores.dtype).tiny)


class MemoryAttention(nn.Module):
    r"""Multi-hop word attention (eqs. 1-3 of AMN): memory ``(N, L, d)`` -> ``v`` ``(N, d)``.

    ``forward(memory, mask)`` returns ``(v, weights)`` with ``weights`` ``(N, hops, L)``, the
    :math:`a_i` of every hop. :math:`W_s, b_s` are shared across hops.
    """

    def __init__(self, dim: int, hops: int = 1) -> None:
        super().__init__()
        if hops < 1:
            raise ValueError(f"hops must be >= 1, got {hops}")
        self.dim, self.hops = int(dim), int(hops)
        self.project = nn.Linear(dim, dim)           # W_s, b_s
        self.query = nn.Parameter(torch.empty(dim))  # q_w
        nn.init.normal_(self.query, std=dim ** -0.5)

    def forward(self, memory: torch.Tensor, mask: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        if memory.dim() != 3 or memory.shape[-1] != self.dim:
            raise ValueError(f"memory must be (N, L, {self.dim}), got {tuple(memory.shape)}")
        check_module_dtype(memory, self, "memory")
        if mask.shape != memory.shape[:2]:
            raise ValueError(f"mask must be (N, L) = {tuple(memory.shape[:2])}, got {tuple(mask.shape)}")
        hidden = torch.tanh(self.project(memory))                 # h_i, (N, L, d)
        query = self.query.expand(memory.shape[0], -1)            # (N, d)
        weights = []
        for _ in range(self.hops):
            scores = torch.einsum("nld,nd->nl", hidden, query)     # h_i^T q
            a = masked_softmax(scores, mask)                      # a_i, (N, L)
            v = torch.einsum("nl,nld->nd", a, memory)             # v = sum_i a_i m_i
            weights.append(a)
            query = query + v
        return v, torch.stack(weights, dim=1)

    def forward_distinct(self, table: torch.Tensor, inverse: torch.Tensor, mask: torch.Tensor
                         ) -> tuple[torch.Tensor, torch.Tensor]:
        """Same result as ``forward(table[inverse], mask)``, computed per distinct word.

        Args:
            table: ``(U, d)`` embeddings of the distinct words of the batch.
            inverse: ``(N, L)`` int64, the row of ``table`` of every slot.
            mask: ``(N, L)`` bool.
        Returns:
            ``(v (N, d), weights (N, hops, L))``.
        """
        if table.dim() != 2 or table.shape[1] != self.dim:
            raise ValueError(f"table must be (U, {self.dim}), got {tuple(table.shape)}")
        check_module_dtype(table, self, "table")
        if inverse.shape != mask.shape or inverse.dim() != 2:
            raise ValueError(f"inverse and mask must both be (N, L), got {tuple(inverse.shape)} "
                             f"and {tuple(mask.shape)}")
        n = inverse.shape[0]
        hidden = torch.tanh(self.project(table))                  # h of each distinct word, (U, d)
        query = self.query.expand(n, -1)                          # (N, d)
        review = torch.arange(n, device=inverse.device)[:, None].expand_as(inverse)
        weights = []
        for _ in range(self.hops):
            scores = (hidden @ query.T)[inverse, review]          # h_i^T q of every slot, (N, L)
            a = masked_softmax(scores, mask)
            # v_n = sum_i a_ni m_i: add each slot's weight to its word, then one (N, U) @ (U, d)
            per_word = a.new_zeros(n, len(table)).scatter_add(1, inverse, a)
            v = per_word @ table
            weights.append(a)
            query = query + v
        return v, torch.stack(weights, dim=1)
