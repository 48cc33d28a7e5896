r"""The inter-twinning moons toy of the journal version (Ganin et al., JMLR 2016, Section 5.1.1,
Fig. 2): a shallow network with and without the gradient reversal layer.

Source: two labelled half-moons (scikit-learn's ``make_moons``). Target: the same kind of sample
rotated by 35 degrees about the source's centre, unlabelled. The network is the journal's
shallow DANN (its Algorithm 1): one hidden layer of 15 sigmoid units
:math:`G_f(x) = \mathrm{sigm}(Wx + b)`, a softmax label predictor :math:`G_y` and a *logistic*
domain regressor :math:`G_d(h) = \mathrm{sigm}(u^\top h + z)` on the hidden layer, reached
through :math:`R_\lambda`. Without adaptation (``adapt=False``) the same network trains on the
labels alone. Everything here runs full-batch in a second or two on a CPU.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from ..adaptation import domain_accuracy, domain_classification_loss
from ..device import get_device, seed_everything
from ..gradient_reversal import GradientReversal
from ..validation import check_finite_number, check_positive, check_shape

__all__ = ["TwoMoonsTask", "two_moons_domains", "ShallowDANN", "TwoMoonsResult",
           "train_two_moons", "two_moons_hidden_pca", "plot_two_moons"]


@dataclass
class TwoMoonsTask:
    """Float32 points ``(N, 2)`` and int64 labels ``(N,)`` of the toy; ``target_y`` only for
    scoring."""

    source_x: torch.Tensor
    source_y: torch.Tensor
    target_x: torch.Tensor
    target_y: torch.Tensor
    rotation_deg: float


def _rotate(points: np.ndarray, degrees: float, centre: np.ndarray) -> np.ndarray:
    a = math.radians(degrees)
    rot = np.array([[math.cos(a), -math.sin(a)], [math.sin(a), math.cos(a)]])
    return (points - centre) @ rot.T + centre


def two_moons_domains(n: int = 300, rotation_deg: float = 35.0, noise: float = 0.1,
                      seed: int = 0) -> TwoMoonsTask:
    """``n`` labelled source points (two moons, half per class) and ``n`` target points: an
    independent moons sample rotated by ``rotation_deg`` about the source mean."""
    from sklearn.datasets import make_moons

    if not isinstance(n, int) or n < 4:
        raise ValueError(f"n must be an integer >= 4, got {n!r}")
    rotation_deg = check_finite_number(rotation_deg, "rotation_deg")
    noise = check_finite_number(noise, "noise")
    if noise < 0:
        raise ValueError(f"noise must be >= 0, got {noise}")
    xs, ys = make_moons(n, noise=noise, random_state=seed)
    xt, yt = make_moons(n, noise=noise, random_state=seed + 1)
    xt = _rotate(xt, rotation_deg, xs.mean(0))
    as_x = lambda a: torch.tensor(a, dtype=torch.float32)  # noqa: E731
    as_y = lambda a: torch.tensor(a, dtype=torch.int64)  # noqa: E731
    return TwoMoonsTask(as_x(xs), as_y(ys), as_x(xt), as_y(yt), rotation_deg)


class ShallowDANN(nn.Module):
    """The journal's shallow DANN: ``(N, 2)`` points -> hidden ``(N, hidden)`` sigmoid units ->
    class logits ``(N, 2)``; a logistic domain regressor on the hidden units, behind
    :attr:`grl`. ``forward`` returns ``(class_logits (N, 2), domain_logits (N,))``."""

    def __init__(self, hidden: int = 15, in_features: int = 2, num_classes: int = 2) -> None:
        super().__init__()
        self.hidden_layer = nn.Linear(in_features, hidden)
        self.label_predictor = nn.Linear(hidden, num_classes)
        self.grl = GradientReversal(0.0)
        self.domain_classifier = nn.Linear(hidden, 1)

    def features(self, x: torch.Tensor) -> torch.Tensor:
        """:math:`G_f(x) = \\mathrm{sigm}(Wx + b)`, ``(N, 2)`` -> ``(N, hidden)``."""
        check_shape(x, "points", ("N", self.hidden_layer.in_features))
        return torch.sigmoid(self.hidden_layer(x))

    def forward(self, x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        h = self.features(x)
        return self.label_predictor(h), self.domain_classifier(self.grl(h)).squeeze(1)


@dataclass
class TwoMoonsResult:
    """What :func:`train_two_moons` returns: the model (eval mode), accuracies on the source
    and the (labelled-for-scoring) target, the final domain accuracy of :math:`G_d` on all
    points, and ``adapt``."""

    model: ShallowDANN
    source_acc: float
    target_acc: float
    domain_acc: float
    adapt: bool


def train_two_moons(task: TwoMoonsTask, *, adapt: bool, seed: int = 0,
                    device: str | torch.device | None = None, steps: int = 3000, lr: float = 0.01,
                    lam: float = 1.0, hidden: int = 15) -> TwoMoonsResult:
    r"""Full-batch Adam on :math:`L_y` (``adapt=False``) or on pseudo-objective (9),
    :math:`L_y + L_d(G_d(R_\lambda(G_f(x))))` with a constant :math:`\lambda` = ``lam``
    (``adapt=True``, as in the journal's Algorithm 1). ``steps`` full-batch steps at rate
    ``lr``. The domain classifier is trained in both cases (with :math:`\lambda = 0` it only
    watches), so ``domain_acc`` says how separable the hidden features are."""
    if not isinstance(task, TwoMoonsTask):
        raise TypeError(f"task must be a TwoMoonsTask, got {type(task).__name__}")
    if not isinstance(steps, int) or steps <= 0:
        raise ValueError(f"steps must be a positive integer, got {steps!r}")
    check_positive(lr, "lr")
    lam = check_finite_number(lam, "lam")
    device = get_device(device)
    seed_everything(seed)
    model = ShallowDANN(hidden).to(device)
    model.grl.coeff = lam if adapt else 0.0
    xs, ys = task.source_x.to(device), task.source_y.to(device)
    xt = task.target_x.to(device)
    x_all = torch.cat([xs, xt])
    is_target = torch.cat([torch.zeros(len(xs)), torch.ones(len(xt))]).to(device)
    optimizer = torch.optim.Adam(model.parameters(), lr=lr)
    for _ in range(steps):
        class_logits, domain_logits = model(x_all)
        loss = (F.cross_entropy(class_logits[:len(xs)], ys)
                + domain_classification_loss(domain_logits, is_target))
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        optimizer.step()
    model.eval()
    with torch.no_grad():
        class_logits, domain_logits = model(x_all)
        pred = class_logits.argmax(1).cpu()
        src = (pred[:len(xs)] == task.source_y).float().mean().item()
        tgt = (pred[len(xs):] == task.target_y).float().mean().item()
        dom = domain_accuracy(domain_logits, is_target).item()
    return TwoMoonsResult(model, src, tgt, dom, adapt)


@torch.no_grad()
def two_moons_hidden_pca(result: TwoMoonsResult, task: TwoMoonsTask) -> np.ndarray:
    """Hidden features of source then target points projected on their first two principal
    components (fitted on both domains together): ``(2N, 2)``."""
    from sklearn.decomposition import PCA

    device = next(result.model.parameters()).device
    h = result.model.features(torch.cat([task.source_x, task.target_x]).to(device)).cpu().numpy()
    return PCA(n_components=2, random_state=0).fit_transform(h)


def plot_two_moons(result: TwoMoonsResult, task: TwoMoonsTask, axes, grid: int = 200) -> None:
    """Two panels on ``axes`` (a pair): the label predictor's decision boundary over the source
    (dots) and target points (crosses), both coloured by their true class (the target's labels
    are shown, never trained on), and the PCA of the hidden layer coloured by domain."""
    points = torch.cat([task.source_x, task.target_x]).numpy()
    lo, hi = points.min(0) - 0.5, points.max(0) + 0.5
    gx, gy = np.meshgrid(np.linspace(lo[0], hi[0], grid), np.linspace(lo[1], hi[1], grid))
    device = next(result.model.parameters()).device
    with torch.no_grad():
        logits, _ = result.model(torch.tensor(np.c_[gx.ravel(), gy.ravel()], dtype=torch.float32,
                                              device=device))
        prob = logits.softmax(1)[:, 1].cpu().numpy().reshape(gx.shape)
    name = "DANN (with the reversal layer)" if result.adapt else "standard network (no adaptation)"
    ax = axes[0]
    ax.contourf(gx, gy, prob, levels=[0, 0.5, 1], colors=["#c6dbef", "#fdd0a2"], alpha=0.6)
    ax.contour(gx, gy, prob, levels=[0.5], colors="k", linewidths=1.2)
    xs, ys = task.source_x.numpy(), task.source_y.numpy()
    xt, yt = task.target_x.numpy(), task.target_y.numpy()
    ax.scatter(*xs[ys == 0].T, s=9, c="C0", label="source, class 0")
    ax.scatter(*xs[ys == 1].T, s=9, c="C1", label="source, class 1")
    # the target's labels only colour the picture; training never sees them
    ax.scatter(*xt[yt == 0].T, s=14, c="C0", marker="x", alpha=0.6, label="target, class 0 (unseen)")
    ax.scatter(*xt[yt == 1].T, s=14, c="C1", marker="x", alpha=0.6, label="target, class 1 (unseen)")
    ax.set(title=f"{name}\ntarget accuracy {result.target_acc:.3f}", xlabel="$x_1$", ylabel="$x_2$")
    ax.legend(fontsize="x-small", loc="lower left")
    pca = two_moons_hidden_pca(result, task)
    n = len(xs)
    ax = axes[1]
    ax.scatter(*pca[:n].T, s=9, c="C2", label="source")
    ax.scatter(*pca[n:].T, s=9, c="C3", label="target")
    ax.set(title=f"PCA of the 15 hidden units\ndomain accuracy of $G_d$ {result.domain_acc:.3f}",
           xlabel="PC 1", ylabel="PC 2")
    ax.legend(fontsize="x-small")
