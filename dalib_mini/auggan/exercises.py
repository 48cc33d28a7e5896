"""Self-checks for the AugGAN chapter's exercises. Each ``check_*`` takes the learner's
function, raises ``AssertionError`` with a hint when it is wrong and prints a line when it
is right. Reference answers: :mod:`dalib_mini.solutions.auggan`.
"""
from __future__ import annotations

import torch
import torch.nn.functional as F

from .models import AugGANGenerator
from .segmentation_metrics import mean_iou

__all__ = ["check_paper_weight_sharing_loss", "check_mean_iou", "check_night_parsing_loss"]


def check_paper_weight_sharing_loss(fn) -> None:
    """Exercise 1: ``fn(w_g, w_p)`` -> Eq. 4 as printed, ``-log((<w_g, w_p> / (|w_g| |w_p|))^2)``."""
    g = torch.Generator().manual_seed(0)
    w = torch.randn(4, 3, 3, 3, generator=g, dtype=torch.float64)
    for scale in (1.0, 0.1, 7.0):
        got = fn(w, scale * w)
        assert isinstance(got, torch.Tensor) and got.ndim == 0, "return a scalar tensor"
        assert abs(float(got)) < 1e-9, (f"identical directions (w_p = {scale} w_g) must cost 0, got "
                                        f"{float(got):.3g}: normalize by both norms")
    for _ in range(3):
        a, b = (torch.randn(4, 3, 3, 3, generator=g, dtype=torch.float64) for _ in range(2))
        cos = (a * b).sum() / (a.norm() * b.norm())
        want = -torch.log(cos ** 2)
        got = fn(a, b)
        assert torch.allclose(got, want, atol=1e-9), (
            f"expected {want.item():.6f}, got {float(got):.6f}; compare the weights as flat "
            "vectors and square the cosine *inside* the log")
    print("Eq. 4 weight-sharing loss: correct (0 for parallel weights, -log cos^2 otherwise)")


def check_mean_iou(fn) -> None:
    """Exercise 2: ``fn(pred (N, H, W), target (N, H, W), num_classes)`` -> float mIoU over the
    classes present in the prediction or the target."""
    g = torch.Generator().manual_seed(1)
    target = torch.randint(0, 4, (3, 8, 8), generator=g)
    got = float(fn(target.clone(), target, 4))
    assert abs(got - 1.0) < 1e-9, f"a perfect prediction has mIoU 1, got {got:.4f}"
    pred = torch.randint(0, 4, (3, 8, 8), generator=g)
    want = mean_iou(pred, target, 4)
    got = float(fn(pred, target, 4))
    assert abs(got - want) < 1e-9, (f"expected {want:.6f}, got {got:.6f}: IoU_k = |pred=k and "
                                    "true=k| / |pred=k or true=k|, averaged over classes")
    only_two = torch.tensor([[[0, 0], [1, 1]]])
    got = float(fn(torch.tensor([[[0, 1], [1, 1]]]), only_two, 4))
    assert abs(got - (0.5 + 2 / 3) / 2) < 1e-9, (
        f"expected {(0.5 + 2 / 3) / 2:.6f}, got {got:.6f}: classes absent from both maps "
        "(here 2 and 3) have no IoU and must not count in the mean")
    print("mIoU: correct (absent classes skipped)")


def check_night_parsing_loss(fn) -> None:
    """Exercise 3: ``fn(g_xy, g_yx, x, day_masks)`` -> ``CE(P_y(E_y(G_x(E_x(x)))), m_x)``, the
    night parser's loss on translated day images, differentiable w.r.t. *both* generators."""
    torch.manual_seed(0)
    g_xy = AugGANGenerator(width=4, num_res_blocks=1, num_sampling=1)
    g_yx = AugGANGenerator(width=4, num_res_blocks=1, num_sampling=1)
    x = torch.rand(2, 3, 8, 8) * 2 - 1
    masks = torch.randint(0, 4, (2, 8, 8))
    want = F.cross_entropy(g_yx.parse(g_xy.translate(x)), masks)
    got = fn(g_xy, g_yx, x, masks)
    assert isinstance(got, torch.Tensor) and got.ndim == 0, "return a scalar tensor"
    assert torch.allclose(got, want, atol=1e-6), (
        f"expected {want.item():.5f}, got {got.item():.5f}: translate x with g_xy, then parse the "
        "result with g_yx (the night parser), against the *day* masks")
    got.backward()
    reached = [p.grad is not None and p.grad.abs().sum() > 0 for p in g_xy.encoder.parameters()]
    assert all(reached), ("no gradient reached the day->night translator: do not detach the "
                          "translated images, the loss must shape the translation")
    print("night parsing loss: correct, and it trains the translator too")
