"""Course-wide plotting: one style, image grids, 2-D embeddings, training curves.

Every function takes an optional matplotlib ``ax`` and returns it, and always sets a title,
axis labels and (where there is more than one series) a legend.
"""
from __future__ import annotations

from typing import Iterable, Sequence

import matplotlib.pyplot as plt
import numpy as np
import seaborn as sns
import torch
from torchvision.utils import make_grid

__all__ = ["set_style", "show_images", "embed_2d", "plot_embedding", "plot_history"]


def set_style() -> None:
    """The one plotting style of the course (seaborn's whitegrid, readable notebook sizes)."""
    sns.set_theme(context="notebook", style="whitegrid", palette="deep")
    plt.rcParams.update({"figure.figsize": (6.4, 4.0), "figure.dpi": 90,
                         "axes.titleweight": "bold"})


def show_images(images: torch.Tensor, nrow: int = 8, title: str = "", ax=None,
                value_range: tuple[float, float] | None = None):
    """Show a batch of images ``(N, C, H, W)`` (C = 1 or 3) as one grid.

    Values are shown as they are if they lie in [0, 1]; pass ``value_range`` (e.g. (-1, 1))
    to rescale generator outputs.
    """
    if not isinstance(images, torch.Tensor) or images.ndim != 4 or images.shape[1] not in (1, 3):
        shape = tuple(images.shape) if isinstance(images, torch.Tensor) else type(images).__name__
        raise ValueError(f"images must be a tensor of shape (N, C, H, W) with C in (1, 3), got {shape}")
    images = images.detach().cpu()
    images = images.float() / 255.0 if images.dtype == torch.uint8 else images.float()
    grid = make_grid(images, nrow=nrow, normalize=value_range is not None,
                     value_range=value_range, padding=2, pad_value=1.0)
    if ax is None:
        _, ax = plt.subplots(figsize=(min(12, 0.9 * nrow + 1), 0.9 * np.ceil(len(images) / nrow) + 1))
    ax.imshow(grid.permute(1, 2, 0).clamp(0, 1).numpy(), interpolation="nearest")
    ax.set_title(title)
    ax.set_xlabel("")
    ax.set_ylabel("")
    ax.set_xticks([])
    ax.set_yticks([])
    ax.grid(False)
    return ax


def embed_2d(features, method: str = "tsne", seed: int = 0) -> np.ndarray:
    """Project ``(N, D)`` features to ``(N, 2)`` with scikit-learn's t-SNE or PCA."""
    from sklearn.decomposition import PCA
    from sklearn.manifold import TSNE

    x = features.detach().cpu().numpy() if isinstance(features, torch.Tensor) else np.asarray(features)
    if x.ndim != 2:
        raise ValueError(f"features must have shape (N, D), got {x.shape}")
    if method == "pca":
        return PCA(n_components=2, random_state=seed).fit_transform(x)
    if method == "tsne":
        perplexity = min(30.0, max(5.0, (x.shape[0] - 1) / 3))
        return TSNE(n_components=2, init="pca", perplexity=perplexity,
                    random_state=seed).fit_transform(x)
    raise ValueError(f"method must be 'tsne' or 'pca', got {method!r}")


def plot_embedding(points: np.ndarray, hue: Sequence, style: Sequence | None = None, ax=None,
                   title: str = "2-D embedding", hue_name: str = "class",
                   style_name: str = "domain", method: str = "t-SNE"):
    """Scatter ``(N, 2)`` points coloured by ``hue`` (e.g. class) and marked by ``style`` (domain)."""
    import pandas as pd

    points = np.asarray(points)
    if points.ndim != 2 or points.shape[1] != 2:
        raise ValueError(f"points must have shape (N, 2), got {points.shape}")
    frame = pd.DataFrame({"x": points[:, 0], "y": points[:, 1], hue_name: np.asarray(hue)})
    if style is not None:
        frame[style_name] = np.asarray(style)
    if ax is None:
        _, ax = plt.subplots(figsize=(5.5, 5))
    sns.scatterplot(data=frame, x="x", y="y", hue=hue_name,
                    style=style_name if style is not None else None,
                    s=12, alpha=0.7, linewidth=0, ax=ax, palette="tab10")
    ax.set_title(title)
    ax.set_xlabel(f"{method} 1")
    ax.set_ylabel(f"{method} 2")
    ax.legend(loc="best", fontsize="x-small", markerscale=1.2, ncol=2)
    return ax


def plot_history(history, keys: Iterable[str] | None = None, ax=None,
                 title: str = "Training curves", smooth: int = 1, ylabel: str = "value"):
    """Plot scalars of a :class:`~dalib_mini.History` against the step, one line per key."""
    frame = history.frame()
    if frame.empty:
        raise ValueError("history is empty: log at least one step before plotting")
    keys = [k for k in frame.columns if k != "step"] if keys is None else list(keys)
    missing = [k for k in keys if k not in frame.columns]
    if missing:
        raise KeyError(f"history has no column(s) {missing}; it has {list(frame.columns)}")
    if ax is None:
        _, ax = plt.subplots()
    for key in keys:
        series = frame[["step", key]].dropna()
        values = series[key].rolling(smooth, min_periods=1).mean() if smooth > 1 else series[key]
        ax.plot(series["step"], values, label=key)
    ax.set_title(title)
    ax.set_xlabel("step")
    ax.set_ylabel(ylabel)
    ax.legend(loc="best")
    return ax
