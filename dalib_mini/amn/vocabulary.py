"""Tokenizer and vocabulary for the Amazon reviews (AMN chapter).

Reviews become fixed-width integer matrices ``(N, L)`` plus boolean masks ``(N, L)``: the
*memory* of the memory network is the embedding of each kept word, and the mask says which
slots hold a word (``True``) and which are padding (``False``). Index 0 is padding, index 1
the unknown word; the vocabulary is built on labelled source text plus *unlabelled* target
text (target labels are never read here).
"""
from __future__ import annotations

import re
from collections import Counter
from typing import Iterable, Sequence

import torch

__all__ = ["tokenize", "Vocabulary"]

_TOKEN = re.compile(r"[a-z0-9]+(?:'[a-z]+)?|[!?]")


def tokenize(text: str) -> list[str]:
    """Lower-case word tokens; ``!`` and ``?`` are kept as tokens (they carry sentiment).

    Punctuation between words separates them, so ``"one.This"`` gives ``["one", "this"]``.
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be a str, got {type(text).__name__}")
    return _TOKEN.findall(text.lower())


class Vocabulary:
    """Word <-> index map with ``<pad>`` = 0 and ``<unk>`` = 1.

    Build it with :meth:`build`; :meth:`encode` turns texts into ``(ids, mask)``.
    """

    PAD, UNK = "<pad>", "<unk>"
    pad_index, unk_index = 0, 1

    def __init__(self, words: Sequence[str]) -> None:
        words = list(words)
        if words[:2] != [self.PAD, self.UNK]:
            raise ValueError("words must start with '<pad>', '<unk>'")
        if len(set(words)) != len(words):
            raise ValueError("words must be unique")
        self.itos = words
        self.stoi = {w: i for i, w in enumerate(words)}

    @classmethod
    def build(cls, texts: Iterable[str], max_size: int = 20_000, min_count: int = 2) -> "Vocabulary":
        """Keep the ``max_size`` most frequent tokens seen at least ``min_count`` times.

        ``max_size`` counts real words (the two special tokens come on top). Ties in frequency
        are broken alphabetically so the vocabulary is deterministic.
        """
        if max_size < 1:
            raise ValueError(f"max_size must be >= 1, got {max_size}")
        if min_count < 1:
            raise ValueError(f"min_count must be >= 1, got {min_count}")
        counts = Counter(tok for text in texts for tok in tokenize(text))
        kept = sorted((w for w, c in counts.items() if c >= min_count),
                      key=lambda w: (-counts[w], w))[:max_size]
        return cls([cls.PAD, cls.UNK, *kept])

    def __len__(self) -> int:
        return len(self.itos)

    def __contains__(self, word: str) -> bool:
        return word in self.stoi

    def ids(self, text: str) -> list[int]:
        """Token ids of one text, unknown words mapped to ``<unk>`` (no truncation)."""
        return [self.stoi.get(tok, self.unk_index) for tok in tokenize(text)]

    def encode(self, texts: Sequence[str], max_len: int = 200) -> tuple[torch.Tensor, torch.Tensor]:
        """Encode texts as ``ids (N, max_len)`` int64 and ``mask (N, max_len)`` bool.

        Long reviews keep their first ``max_len`` tokens; short ones are right-padded with
        ``<pad>`` (mask ``False``). An empty review gives an all-``False`` mask row.
        """
        if isinstance(texts, str):
            raise TypeError("texts must be a sequence of strings, not one string")
        if max_len < 1:
            raise ValueError(f"max_len must be >= 1, got {max_len}")
        ids = torch.full((len(texts), max_len), self.pad_index, dtype=torch.long)
        for row, text in enumerate(texts):
            tokens = self.ids(text)[:max_len]
            if tokens:
                ids[row, :len(tokens)] = torch.tensor(tokens, dtype=torch.long)
        mask = ids != self.pad_index
        return ids, mask

    def decode(self, ids: Iterable[int]) -> list[str]:
        """Words of a row of ids, padding dropped."""
        return [self.itos[i] for i in ids if i != self.pad_index]
