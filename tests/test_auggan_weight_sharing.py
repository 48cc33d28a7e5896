"""Property tests of the soft weight-sharing loss L_w (AugGAN Eq. 4)."""
import math

import pytest
import torch

from dalib_mini.auggan import soft_sharing_loss, weight_sharing_loss


def _paper_formula(w_g, w_p):
    cos = torch.dot(w_g.flatten(), w_p.flatten()) / (w_g.norm() * w_p.norm())
    return -torch.log(cos ** 2)


@pytest.mark.parametrize("dtype", [torch.float32, torch.float64])
def test_zero_for_identical_and_positively_scaled_weights(dtype):
    w = torch.randn(8, 4, 3, 3, dtype=dtype)
    assert weight_sharing_loss(w, w.clone()).abs() < 1e-5
    assert weight_sharing_loss(w, 3.7 * w).abs() < 1e-5
    assert weight_sharing_loss(w, w).dtype == dtype


def test_equals_the_paper_formula_for_positive_cosines():
    torch.manual_seed(0)
    for _ in range(20):
        w_g = torch.randn(50, dtype=torch.float64)
        w_p = w_g + 0.8 * torch.randn(50, dtype=torch.float64)  # cosine well above eps
        torch.testing.assert_close(weight_sharing_loss(w_g, w_p), _paper_formula(w_g, w_p))


def test_grows_as_the_weights_turn_apart():
    w_g = torch.tensor([1.0, 0.0], dtype=torch.float64)
    angles = torch.linspace(0, math.pi, 25, dtype=torch.float64)
    losses = torch.stack([weight_sharing_loss(w_g, torch.stack([a.cos(), a.sin()]))
                          for a in angles])
    assert losses[0].abs() < 1e-12
    assert (losses.diff() > 0).all()  # strictly increasing up to anti-parallel weights


def test_non_positive_cosines_are_finite_and_anti_parallel_is_not_free():
    w = torch.randn(30)
    orthogonal = torch.randn(30)
    orthogonal = orthogonal - (orthogonal @ w) / (w @ w) * w
    for other in (orthogonal, -w, torch.zeros(30)):
        assert torch.isfinite(weight_sharing_loss(w, other))
    # The paper's squared cosine would give 0 here; ours is the largest value on the curve.
    assert _paper_formula(w, -w).abs() < 1e-5
    assert weight_sharing_loss(w, -w) > weight_sharing_loss(w, orthogonal) > 5.0


def test_gradient_matches_finite_differences_on_both_branches():
    torch.manual_seed(1)
    for scale in (0.5, -2.0):  # mostly aligned (log branch) and anti-aligned (linear branch)
        w_g = torch.randn(6, dtype=torch.float64)
        w_p = (scale * w_g + 0.3 * torch.randn(6, dtype=torch.float64)).requires_grad_()
        assert torch.autograd.gradcheck(lambda p, w_g=w_g: weight_sharing_loss(w_g, p), (w_p,))


def test_gradient_always_pushes_the_cosine_up():
    w_g = torch.tensor([1.0, 0.0], dtype=torch.float64)
    for angle in (0.3, 1.5, 2.5):  # positive, near-zero and negative cosine
        w_p = torch.tensor([math.cos(angle), math.sin(angle)], dtype=torch.float64,
                           requires_grad=True)
        weight_sharing_loss(w_g, w_p).backward()
        stepped = (w_p - 1e-3 * w_p.grad).detach()
        assert torch.cosine_similarity(stepped, w_g, dim=0) > math.cos(angle)


def test_soft_sharing_loss_sums_pairs_and_rejects_bad_input():
    a, b = torch.randn(4, 3), torch.randn(4, 3)
    total = soft_sharing_loss([(a, b), (b, a)])
    torch.testing.assert_close(total, 2 * weight_sharing_loss(a, b))
    with pytest.raises(ValueError, match="pairs"):
        soft_sharing_loss([])
    with pytest.raises(ValueError, match="same shape"):
        weight_sharing_loss(a, b.T)
    with pytest.raises(ValueError, match="eps"):
        weight_sharing_loss(a, b, eps=0.0)
