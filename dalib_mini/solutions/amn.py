"""Reference answers to the AMN chapter's exercises (course/03_amn.ipynb)."""
from __future__ import annotations

import torch


def masked_softmax(scores: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
    filled = scores.masked_fill(~mask, float("-inf"))
    weights = torch.softmax(filled - filled.amax(dim=-1, keepdim=True), dim=-1)
    return weights.masked_fill(~mask, 0.0)


def attention_hop(memory, mask, W, b, q):
    hidden = torch.tanh(memory @ W.T + b)           # h_i, (N, L, d)
    a = masked_softmax(hidden @ q, mask)            # a_i, (N, L)
    v = (a.unsqueeze(-1) * memory).sum(dim=1)       # v, (N, d)
    return v, a


def memory_hops(memory, mask, W, b, q, hops):
    hidden = torch.tanh(memory @ W.T + b)           # h_i, shared by all hops
    query, weights = q.expand(memory.shape[0], -1), []
    for _ in range(hops):
        a = masked_softmax(torch.einsum("nld,nd->nl", hidden, query), mask)
        v = torch.einsum("nl,nld->nd", a, memory)
        weights.append(a)
        query = query + v                           # q^(k+1) = q^(k) + v^(k)
    return v, torch.stack(weights, dim=1)
