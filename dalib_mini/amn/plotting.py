"""Looking at the attention: reviews shaded by weight (the paper's Figure 3, as HTML and as a
static matplotlib figure) and the words the encoder attends to most in each domain."""
from __future__ import annotations

import html as _html
from collections import defaultdict

import matplotlib.pyplot as plt
import pandas as pd
import torch

from .training import attention_weights, trim_to_longest
from .vocabulary import Vocabulary

__all__ = ["attention_html", "top_attended_words", "plot_attention_reviews"]


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


def _flow(words: list[str], width: int) -> list[tuple[float, int]]:
    """(x in [0, 1), line) of each word, filled left to right with ``width`` characters a line."""
    places, x, line = [], 0, 0
    for word in words:
        if x and x + len(word) > width:
            x, line = 0, line + 1
        places.append((x / width, line))
        x += max(len(word), 3) + 2
    return places


def plot_attention_reviews(words: list[list[str]], weights: dict[str, list], titles,
                           width: int = 105, max_words: int = 45, cmap: str = "Reds",
                           suptitle: str = ""):
    """Static version of the paper's Figure 3: each review drawn once per model, each word on
    a box whose colour is its attention weight relative to the review's largest weight.

    Args:
        words: one list of words per review.
        weights: ``{model name: [weights of review 0 (len(words[0]),), ...]}``, one panel
            column per model, side by side.
        titles: one heading per review (e.g. the true label), or ``{model name: headings}``
            for a heading per panel (e.g. with that model's prediction).
        width: characters per line; ``max_words``: words drawn per review (the rest is cut,
            "...").
    Returns:
        the matplotlib figure.
    """
    if not weights:
        raise ValueError("weights must name at least one model")
    if not isinstance(titles, dict):
        titles = {name: [f"{name}: {t}" for t in titles] for name in weights}
    for name in weights:
        if len(titles.get(name, ())) != len(words):
            raise ValueError(f"need one title per review for {name!r}, got "
                             f"{len(titles.get(name, ()))} titles for {len(words)} reviews")
    for name, rows in weights.items():
        if len(rows) != len(words):
            raise ValueError(f"weights[{name!r}] must have one row per review ({len(words)}), "
                             f"got {len(rows)}")
    shown = [w[:max_words] + (["..."] if len(w) > max_words else []) for w in words]
    layouts = [_flow(review, width) for review in shown]
    heights = [max(y for _, y in layout) + 2.2 if layout else 2.2 for layout in layouts]
    fig, axes = plt.subplots(len(words), len(weights), squeeze=False,
                             figsize=(6.4 * len(weights), 0.3 * sum(heights) + 0.8),
                             gridspec_kw={"height_ratios": heights})
    colours = plt.get_cmap(cmap)
    for col, (name, rows) in enumerate(weights.items()):
        for row, (review, a) in enumerate(zip(words, rows)):
            ax = axes[row, col]
            a = torch.as_tensor(a, dtype=torch.float32)[:len(review)]
            if len(a) != len(review):
                raise ValueError(f"review {row}: {len(review)} words but {len(a)} weights")
            rel = (a / a.max().clamp_min(1e-12)).tolist() + [0.0]   # "..." is not shaded
            lines = heights[row] - 1.2
            for i, (word, (x, y)) in enumerate(zip(shown[row], layouts[row])):
                r = rel[min(i, len(rel) - 1)] if i < max_words else 0.0
                ax.text(x, 1 - (y + 0.5) / lines, word, fontsize=7.5, ha="left", va="center",
                        transform=ax.transAxes, color="white" if r > 0.6 else "black",
                        bbox={"boxstyle": "round,pad=0.15", "fc": colours(0.85 * r), "ec": "none"})
            ax.set_title(titles[name][row], fontsize=8.5, loc="left")
            ax.set_axis_off()
    if suptitle:
        fig.suptitle(suptitle, fontsize=11, fontweight="bold")
    fig.tight_layout()
    return fig


def top_attended_words(model, ids: torch.Tensor, mask: torch.Tensor, vocab: Vocabulary,
                       k: int = 15, min_occurrences: int = 20, batch_size: int = 500,
                       exclude=()) -> pd.DataFrame:
    """Words with the largest mean *relative* attention ``a_i * n_words`` (1 = uniform).

    Multiplying by the review's word count makes long and short reviews comparable.
    ``<unk>``, the words in ``exclude`` (e.g. scikit-learn's English stop words) and words
    seen fewer than ``min_occurrences`` times are skipped.
    """
    exclude = set(exclude)
    total: dict[int, float] = defaultdict(float)
    count: dict[int, int] = defaultdict(int)
    for start in range(0, len(ids), batch_size):
        i, m = trim_to_longest(ids[start:start + batch_size], mask[start:start + batch_size])
        a = attention_weights(model, i, m) * m.sum(dim=1, keepdim=True)
        for word, weight in zip(i[m].tolist(), a[m].tolist()):
            total[word] += weight
            count[word] += 1
    rows = [(vocab.itos[w], total[w] / count[w], count[w]) for w in total
            if count[w] >= min_occurrences and w != vocab.unk_index
            and vocab.itos[w] not in exclude]
    frame = pd.DataFrame(rows, columns=["word", "relative_attention", "occurrences"])
    return frame.sort_values("relative_attention", ascending=False).head(k).reset_index(drop=True)
