"""Looking at the attention: reviews shaded by weight (the paper's Figure 3) and the words
the encoder attends to most in each domain."""
from __future__ import annotations

import html as _html
from collections import defaultdict

import pandas as pd
import torch

from .training import attention_weights, trim_to_longest
from .vocabulary import Vocabulary

__all__ = ["attention_html", "top_attended_words"]


def attention_html(words: list[str], weights, title: str = "") -> str:
    """One review as HTML, each word on a red background whose opacity is its weight
    relative to the review's largest weight (``weights``: length ``len(words)``)."""
    weights = torch.as_tensor(weights, dtype=torch.float32)[:len(words)]
    if len(words) != len(weights):
        raise ValueError(f"need one weight per word, got {len(words)} words, {len(weights)} weights")
    top = float(weights.max()) if len(weights) else 1.0
    spans = [f'<span style="background: rgba(220, 40, 40, {float(w) / max(top, 1e-12):.2f}); '
             f'padding: 1px 2px; border-radius: 3px" title="{float(w):.3f}">{_html.escape(word)}</span>'
             for word, w in zip(words, weights)]
    head = f"<div style='font-size:0.85em;color:#555'>{_html.escape(title)}</div>" if title else ""
    return (f"<div style='margin:6px 0;line-height:1.9;font-family:sans-serif'>{head}"
            + " ".join(spans) + "</div>")


def top_attended_words(model, ids: torch.Tensor, mask: torch.Tensor, vocab: Vocabulary,
                       k: int = 15, min_occurrences: int = 20, batch_size: int = 500) -> pd.DataFrame:
    """Words with the largest mean *relative* attention ``a_i * n_words`` (1 = uniform).

    Multiplying by the review's word count makes long and short reviews comparable.
    ``<unk>`` is skipped; only words seen ``min_occurrences`` times count.
    """
    total: dict[int, float] = defaultdict(float)
    count: dict[int, int] = defaultdict(int)
    for start in range(0, len(ids), batch_size):
        i, m = trim_to_longest(ids[start:start + batch_size], mask[start:start + batch_size])
        a = attention_weights(model, i, m) * m.sum(dim=1, keepdim=True)
        for word, weight in zip(i[m].tolist(), a[m].tolist()):
            total[word] += weight
            count[word] += 1
    rows = [(vocab.itos[w], total[w] / count[w], count[w]) for w in total
            if count[w] >= min_occurrences and w != vocab.unk_index]
    frame = pd.DataFrame(rows, columns=["word", "relative_attention", "occurrences"])
    return frame.sort_values("relative_attention", ascending=False).head(k).reset_index(drop=True)
