"""Amazon multi-domain sentiment reviews (Blitzer et al. 2007), raw text.

Four product domains, each with 3,000 positive and 3,000 negative reviews, one review per
line (title, a period, then the body), under
``<data root>/amazon_reviews/<domain>/review_{positive,negative}``.

Upstream publishes no checksum, so the package carries its own: :data:`AMAZON_SHA256`, the
SHA-256 of each file as the course's data mirror holds it (byte for byte the HATN repository's
``raw_data/``), checked when ``verify=True`` (the default); a mismatch raises
:class:`~dalib_mini.data.ChecksumError`. Whatever ``verify`` says, a file must be valid UTF-8
and end with a newline (a file cut mid-review does not), or
:class:`~dalib_mini.data.DatasetCorruptError` names it.
"""
from __future__ import annotations

import html

import numpy as np

from ._download import corrupt_file_error, data_root, ensure_file

__all__ = ["AMAZON_DOMAINS", "AMAZON_SHA256", "load_amazon_reviews"]

AMAZON_DOMAINS = ("books", "dvd", "electronics", "kitchen")
_URL = "https://raw.githubusercontent.com/hsqmlzno1/HATN/master/raw_data/{domain}/{name}"
#: SHA-256 of each file as the course's mirror holds it (upstream publishes none).
AMAZON_SHA256 = {
    ("books", "review_negative"): "d573ed56a91d0f736b52e1ff4bf16c60abcf071652a956359a783ff53cd0d2fc",
    ("books", "review_positive"): "8ebf0d1cf6c863cb82948ff9f57fab73d416f009a480094cd3279f21580cff66",
    ("dvd", "review_negative"): "971f0d33e1dbe19f4fadf02aac3af03b553714cffd9608652dc03a53b8d60215",
    ("dvd", "review_positive"): "1b29d9c42ef636f504733c8bac50ff93ecfcd9997da63b3f82b155bc57406ed3",
    ("electronics", "review_negative"):
        "983322988bcf4e1e45d1f8be8e9b68c1522e0d22a034a1b9e2fb51ee9b9bb15e",
    ("electronics", "review_positive"):
        "a2383072785c8349483af682d3798f1919809382cc76438d59ff44a42e6acd79",
    ("kitchen", "review_negative"): "51c2b6a4781b952b7917f92b5934e7eda64e5d28bea9601888effa9428fa898a",
    ("kitchen", "review_positive"): "a3d57ede0e73cde23ba7d8a0234fc277f17b1bb9ccfb1094532ff4c70a915561",
}


def load_amazon_reviews(domain: str, root=None, download: bool = True, verify: bool = True
                        ) -> tuple[list[str], np.ndarray]:
    """Load one domain's reviews.

    ``verify``: check each file's SHA-256 against :data:`AMAZON_SHA256` (the mirror's copy).

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
        dataset, url = f"Amazon reviews ({domain})", _URL.format(domain=domain, name=name)
        path = ensure_file(dataset, folder / name, url, None, download, verify,
                           sha256=AMAZON_SHA256[domain, name])
        raw = path.read_bytes()
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as error:
            line = raw.count(b"\n", 0, error.start) + 1
            raise corrupt_file_error(dataset, path, f"invalid UTF-8 at byte {error.start}, "
                                     f"line {line}", url) from error
        if raw and not raw.endswith(b"\n"):
            raise corrupt_file_error(dataset, path, f"its last line (line {text.count(chr(10)) + 1}) "
                                     "has no newline: the file was cut off mid-review", url)
        lines = [line for line in text.splitlines() if line.strip()]
        if not lines:
            raise corrupt_file_error(dataset, path, "it holds no reviews", url)
        texts += [html.unescape(line.strip()) for line in lines]
        labels += [label] * len(lines)
    return texts, np.asarray(labels, dtype=np.int64)
