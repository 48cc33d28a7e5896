r"""What the DANN chapter measures on a trained network besides MNIST-M test accuracy: accuracy
on the MNIST test split (adaptation should cost little on the source), the features of both
domains (each with its own BatchNorm statistics when the network has per-domain BatchNorm), and
the proxy A-distance between them (:mod:`dalib_mini.dann.proxy_a_distance`).
"""
from __future__ import annotations

import copy

import torch

from ..adaptation import batch_norm_mode, reestimate_batch_norm
from ..data.digits import DigitAdaptationTask, normalize_domains
from ..data.mnist import load_mnist
from ..data.mnist_m import load_mnist_m
from ..data.transforms import digits_to_rgb32, to_float_images
from .proxy_a_distance import proxy_a_distance
from .settings import DANNSettings
from .training import evaluate_accuracy, extract_features

__all__ = ["mnist_test_split", "source_accuracy", "domain_features", "evaluate_dann_model",
           "neighbourhood_scores"]


def mnist_test_split(cfg: DANNSettings, *, n: int | None = None, root=None,
                     device: str | torch.device | None = None) -> tuple[torch.Tensor, torch.Tensor]:
    """The MNIST test digits ``(n, 3, 32, 32)`` and labels ``(n,)``, standardised exactly as the
    source of :func:`~dalib_mini.mnist_to_mnistm` with the same ``cfg`` (its ``source_split``,
    ``n_source``, ``n_target``, ``normalization``). ``n``: the first ``n`` (``None`` = all 10,000).

    Raises ``ValueError`` when ``cfg.source_split`` is ``"test"``: those digits are then the
    source's own training data."""
    if cfg.source_split == "test":
        raise ValueError("cfg.source_split is 'test': the MNIST test digits are the source's "
                         "training images, not a held-out split")
    src, _ = load_mnist(cfg.source_split, root=root)
    test, labels = load_mnist("test", root=root)
    src, test, labels = src[:cfg.n_source], test[:n], labels[:n]
    src, test = (to_float_images(digits_to_rgb32(x)) for x in (src, test))
    if cfg.normalization == "shared":
        tgt, _ = load_mnist_m("train", limit=cfg.n_target, root=root)
        other = to_float_images(digits_to_rgb32(tgt))
    else:  # per_domain: passing the source as the "target" standardises the test digits by its statistics
        other = src
    _, _, test = normalize_domains(src, other, test, cfg.normalization)
    return (test, labels) if device is None else (test.to(device), labels.to(device))


@torch.no_grad()
def source_accuracy(model, images: torch.Tensor, labels: torch.Tensor, *,
                    statistics_from: torch.Tensor | None = None, batch_size: int = 1000) -> float:
    """Accuracy of ``model`` on source ``images (N, 3, H, W)`` with ``labels (N,)``.

    ``statistics_from``: source images whose BatchNorm statistics to use (a per-domain network
    stores the *target's* statistics after :func:`~dalib_mini.dann.train_dann`); applied to a
    copy, ``model`` is unchanged. ``None``: the stored statistics."""
    if statistics_from is not None:
        model = copy.deepcopy(model)
        reestimate_batch_norm(model.features, statistics_from, batch_size)
    return evaluate_accuracy(model, images, labels, batch_size)


def domain_features(model, source_images: torch.Tensor, target_images: torch.Tensor, *,
                    source_statistics: torch.Tensor | None = None,
                    batch_size: int = 1000) -> tuple[torch.Tensor, torch.Tensor]:
    """:math:`G_f` of source ``(N_s, 3, H, W)`` and target ``(N_t, 3, H, W)`` images: features
    ``(N_s, D)``, ``(N_t, D)`` on the CPU. The target's pass uses the model's stored statistics
    (the target's, after AdaBN); the source's uses ``source_statistics`` when given."""
    src = extract_features(model, source_images, batch_size, statistics_from=source_statistics)
    return src, extract_features(model, target_images, batch_size)


def evaluate_dann_model(model, task: DigitAdaptationTask, mnist_test: tuple[torch.Tensor, torch.Tensor],
                        cfg: DANNSettings, *, n_statistics: int = 5000, n_distance: int = 1000,
                        seed: int = 0) -> dict[str, float]:
    """MNIST test accuracy and proxy A-distance of one trained network.

    Args:
        model: a :class:`~dalib_mini.DANNNet` from :func:`~dalib_mini.dann.train_dann`.
        task: its digit task (source images give the source statistics; MNIST-M test images
            are the target side of the distance).
        mnist_test: ``(images, labels)`` from :func:`mnist_test_split`.
        cfg: the run's settings (``batch_norm``, ``eval_batch_size``).
        n_statistics: source images used to re-estimate a per-domain network's source
            statistics.
        n_distance: images per domain for the proxy A-distance (MNIST test vs MNIST-M test).
        seed: the proxy A-distance's split into halves.

    Returns:
        ``{"mnist_test_acc", "proxy_a_distance"}``.
    """
    per_domain = batch_norm_mode(cfg.batch_norm) == "per_domain"
    stats = task.source_images[:n_statistics] if per_domain else None
    if stats is not None:  # one copy with the source's statistics serves both measurements
        source_model = copy.deepcopy(model)
        reestimate_batch_norm(source_model.features, stats, cfg.eval_batch_size)
    else:
        source_model = model
    images, labels = mnist_test
    acc = evaluate_accuracy(source_model, images, labels, cfg.eval_batch_size)
    src = extract_features(source_model, images[:n_distance], cfg.eval_batch_size)
    tgt = extract_features(model, task.test_images[:n_distance], cfg.eval_batch_size)
    return {"mnist_test_acc": acc, "proxy_a_distance": proxy_a_distance(src, tgt, seed=seed)}


def neighbourhood_scores(source_features, source_labels, target_features, target_labels, *,
                         k: int = 10) -> dict[str, float]:
    """Two numbers that say what a t-SNE picture of ``source_features (N_s, D)`` and
    ``target_features (N_t, D)`` shows, computed in the feature space itself.

    Returns:
        ``transfer_1nn_acc``: accuracy on the target of the label of each target point's nearest
        source point (``target_labels`` are used for scoring only); ``domain_mixing``: mean share
        of the other domain among each point's ``k`` nearest neighbours (0 = the domains lie
        apart; about 0.5 for two equal-sized domains that are fully mixed).
    """
    from sklearn.neighbors import NearestNeighbors

    xs = torch.as_tensor(source_features).detach().cpu().double().numpy()
    xt = torch.as_tensor(target_features).detach().cpu().double().numpy()
    ys = torch.as_tensor(source_labels).cpu().numpy()
    yt = torch.as_tensor(target_labels).cpu().numpy()
    if xs.ndim != 2 or xt.ndim != 2 or xs.shape[1] != xt.shape[1]:
        raise ValueError(f"features must be (N_s, D) and (N_t, D) with one D, got {xs.shape}, {xt.shape}")
    if len(ys) != len(xs) or len(yt) != len(xt):
        raise ValueError("each label vector must have one label per feature row")
    if not isinstance(k, int) or not 1 <= k < len(xs) + len(xt):
        raise ValueError(f"k must be an integer in [1, {len(xs) + len(xt) - 1}], got {k!r}")
    nearest = NearestNeighbors(n_neighbors=1).fit(xs).kneighbors(xt, return_distance=False)[:, 0]
    transfer = float((ys[nearest] == yt).mean())
    both = torch.cat([torch.as_tensor(xs), torch.as_tensor(xt)]).numpy()
    dom = torch.cat([torch.zeros(len(xs)), torch.ones(len(xt))]).numpy()
    idx = NearestNeighbors(n_neighbors=k + 1).fit(both).kneighbors(both, return_distance=False)[:, 1:]
    mixing = float((dom[idx] != dom[:, None]).mean())
    return {"transfer_1nn_acc": transfer, "domain_mixing": mixing}
