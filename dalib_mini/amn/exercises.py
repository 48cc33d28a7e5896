"""Self-checks for the AMN chapter's exercises. Each ``check_*`` raises ``AssertionError``
with a hint when the learner's function is wrong, and prints a short success line otherwise.
Reference answers: :mod:`dalib_mini.solutions.amn`. A notebook reaches them as
``dm.amn.exercises.check_*``."""
from __future__ import annotations

import torch

from .attention import MemoryAttention, masked_softmax

__all__ = ["check_masked_softmax", "check_attention_hop", "check_memory_hops"]


def _random_mask(n: int, length: int, gen: torch.Generator) -> torch.Tensor:
    lengths = torch.randint(1, length + 1, (n,), generator=gen)
    return torch.arange(length)[None, :] < lengths[:, None]


def check_masked_softmax(fn) -> None:
    """``fn(scores (N, L), mask (N, L) bool) -> (N, L)`` softmax over kept slots, 0 elsewhere."""
    gen = torch.Generator().manual_seed(0)
    scores = torch.randn(6, 9, generator=gen, dtype=torch.float64) * 5
    mask = _random_mask(6, 9, gen)
    got = fn(scores, mask)
    assert isinstance(got, torch.Tensor) and got.shape == scores.shape, \
        f"expected a tensor of shape {tuple(scores.shape)}, got {getattr(got, 'shape', type(got))}"
    assert torch.all(got[~mask] == 0), "padding slots must get weight exactly 0 (use masked_fill with -inf)"
    assert torch.allclose(got.sum(dim=1), torch.ones(6, dtype=got.dtype)), \
        "weights of each row must sum to 1 over the kept slots"
    assert torch.allclose(got, masked_softmax(scores, mask)), \
        "values differ from softmax restricted to the mask: exp(s_i) / sum over kept j of exp(s_j)"
    big = fn(torch.tensor([[1000.0, 999.0, 0.0]]), torch.tensor([[True, True, False]]))
    assert torch.isfinite(big).all(), "large scores overflow: subtract the row maximum before exp"
    print("check_masked_softmax: correct")


def check_attention_hop(fn) -> None:
    """``fn(memory (N, L, d), mask, W (d, d), b (d,), q (d,)) -> (v (N, d), a (N, L))``:
    :math:`h_i = \\tanh(W m_i + b)`, :math:`a = \\mathrm{softmax}(h_i^T q)`, :math:`v = \\sum_i a_i m_i`."""
    gen = torch.Generator().manual_seed(1)
    torch.manual_seed(1)
    layer = MemoryAttention(5, hops=1).double()
    memory = torch.randn(4, 7, 5, generator=gen, dtype=torch.float64)
    mask = _random_mask(4, 7, gen)
    want_v, want_a = layer(memory, mask)
    with torch.no_grad():
        got = fn(memory, mask, layer.project.weight.clone(), layer.project.bias.clone(),
                 layer.query.clone())
    assert isinstance(got, tuple) and len(got) == 2, "return the pair (v, a)"
    v, a = got
    assert a.shape == (4, 7) and v.shape == (4, 5), \
        f"expected a (4, 7) and v (4, 5), got {tuple(a.shape)} and {tuple(v.shape)}"
    assert torch.all(a[~mask] == 0), "padding slots must get attention exactly 0"
    assert torch.allclose(a, want_a[:, 0], atol=1e-8), \
        "attention differs: h_i = tanh(m_i W^T + b) (nn.Linear convention), scores h_i . q, masked softmax"
    assert torch.allclose(v, want_v, atol=1e-8), "v must be the attention-weighted sum of the memory m_i"
    print("check_attention_hop: correct")


def check_memory_hops(fn) -> None:
    """``fn(memory (N, L, d), mask, W, b, q, hops) -> (v (N, d), a (N, hops, L))``: ``hops``
    rounds of word attention over the same memory, the query of round k+1 being
    :math:`q^{(k+1)} = q^{(k)} + v^{(k)}` and :math:`W, b` shared by all rounds."""
    gen = torch.Generator().manual_seed(2)
    torch.manual_seed(2)
    for hops in (1, 2, 3):
        layer = MemoryAttention(6, hops=hops).double()
        memory = torch.randn(5, 8, 6, generator=gen, dtype=torch.float64)
        mask = _random_mask(5, 8, gen)
        want_v, want_a = layer(memory, mask)
        with torch.no_grad():
            got = fn(memory, mask, layer.project.weight.clone(), layer.project.bias.clone(),
                     layer.query.clone(), hops)
        assert isinstance(got, tuple) and len(got) == 2, "return the pair (v, a)"
        v, a = got
        assert tuple(a.shape) == (5, hops, 8) and tuple(v.shape) == (5, 6), \
            f"with hops={hops} expected a (5, {hops}, 8) and v (5, 6), got " \
            f"{tuple(a.shape)} and {tuple(v.shape)}"
        assert torch.allclose(a[:, 0], want_a[:, 0], atol=1e-8), \
            "the first hop must be the single-hop attention with the learned query q"
        assert torch.allclose(a, want_a, atol=1e-8), \
            f"hop weights differ with hops={hops}: the next query is q + v of the previous hop"
        assert torch.allclose(v, want_v, atol=1e-8), "v must be the output of the last hop"
    print("check_memory_hops: correct (each hop re-reads the memory with a refined query)")
