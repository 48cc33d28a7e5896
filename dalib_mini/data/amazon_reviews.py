"""Amazon multi-domain sentiment reviews (Blitzer et al. 2007), raw text.

Four product domains, each with 3,000 positive and 3,000 negative reviews, one review per
line (title, a period, then the body), under
``<data root>/amazon_reviews/<domain>/review_{positive,negative}``.
"""
from __future__ import annotations

import html

import numpy as np

from ._download import DatasetCorruptError, data_root, ensure_file

__all__ = ["AMAZON_DOMAINS", "load_amazon_reviews"]

AMAZON_DOMAINS = ("books", "dvd", "electronics", "kitchen")
_URL = "https://raw.githubusercontent.com/hsqmlzno1/HATN/master/raw_data/{domain}/{name}"


def load_amazon_reviews(domain: str, root=None, download: bool = True
                        ) -> tuple[list[str], np.ndarray]:
    """Load one domain's reviews.

    Returns:
        texts: list of ``N`` review strings (HTML entities such as ``&amp;`` decoded),
            all positive reviews first, then all negative ones.
        labels: ``(N,)`` int64 array, 1 for positive and 0 for negative.
    """
    if domain not in AMAZON_DOMAINS:
        raise ValueError(f"domain must be one of {AMAZON_DOMAINS}, got {domain!r}")
    folder = data_root(root) / "amazon_reviews" / domain
    texts: list[str] = []
    labels: list[int] = []
    for name, label in (("review_positive", 1), ("review_negative", 0)):
        path = ensure_file(f"Amazon reviews ({domain})", folder / name,
                           _URL.format(domain=domain, name=name), None, download)
        lines = [line for line in path.read_text(encoding="utf-8", errors="replace").splitlines()
                 if line.strip()]
        if not lines:
            raise DatasetCorruptError(f"{path} holds no reviews")
        texts += [html.unescape(line.strip()) for line in lines]
        labels += [label] * len(lines)
    return texts, np.asarray(labels, dtype=np.int64)
